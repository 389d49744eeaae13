"""`bilingual check`: mixed-language spans as file:line:col, JSON or GitHub annotations; writes nothing."""

import json
import re
from pathlib import Path

from click.testing import CliRunner

from bilingual.check import check_text
from bilingual.cli import cli

ROOT = Path(__file__).resolve().parent.parent
CLEAN_EN = "Stem cells hold great promise for regenerative medicine.\nThe liver can regenerate after an injury.\n"
MIXED = (
    "Stem cells hold great promise for regenerative medicine and for the treatment of disease.\n"
    "The liver can regenerate after most injuries, notamment après une lésion grave, and doctors are hopeful.\n"
)


def run(*args, **kw):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, **kw)


def files(folder):
    return sorted(str(p) for p in Path(folder).rglob("*"))


def test_clean_file_exits_0(tmp_path):
    (tmp_path / "a.txt").write_text(CLEAN_EN, encoding="utf-8")
    before = files(tmp_path)
    r = run("check", tmp_path / "a.txt")
    assert r.exit_code == 0, r.output
    assert r.stdout == ""
    assert r.stderr.strip() == "0 spans in the wrong language in 0 of 1 files"
    assert files(tmp_path) == before


def test_mixed_file_exits_1_with_positions(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(MIXED, encoding="utf-8")
    before = files(tmp_path)
    r = run("check", p)
    assert r.exit_code == 1
    col = MIXED.splitlines()[1].index("notamment") + 1
    assert r.stdout == f'{p}:2:{col}: French text in an English document: "notamment après une lésion grave"\n'
    assert files(tmp_path) == before  # writes nothing


def test_expected_language_option(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(CLEAN_EN, encoding="utf-8")
    r = run("check", p, "--lang", "fr", "-q")
    assert r.exit_code == 1
    assert (
        r.stdout.splitlines()[0]
        == f'{p}:1:1: English text in a French document: "Stem cells hold great promise for regenerative medicine"'
    )


def test_github_annotations(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("a, b.txt").write_text(MIXED, encoding="utf-8")
    r = run("check", "a, b.txt", "--format", "github")
    assert r.exit_code == 1
    line = r.stdout.strip()
    assert re.fullmatch(
        r"::warning file=a%2C b\.txt,line=2,col=\d+,endLine=2,endColumn=\d+,"
        r"title=bilingual%3A fr in en::French text in an English document: \".+\"",
        line,
    ), line
    r = run("check", "a, b.txt", "--format", "github", "--severity", "error")
    assert r.stdout.startswith("::error file=")


def test_json_offsets_index_the_file(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(MIXED, encoding="utf-8")
    r = run("check", p, "--format", "json")
    assert r.exit_code == 1
    report = json.loads(r.stdout)
    (entry,) = report["files"]
    assert entry["expected"] == "en" and entry["error"] is None
    (f,) = entry["findings"]
    assert MIXED[f["start"] : f["end"]] == f["text"] == "notamment après une lésion grave"
    assert (f["line"], f["lang"]) == (2, "fr")


def test_base_language_per_file(tmp_path):
    (tmp_path / "en.txt").write_text(MIXED, encoding="utf-8")
    (tmp_path / "fr.txt").write_text(
        "Les cellules souches sont prometteuses.\nLe foie se régénère après une blessure, even after a severe injury.\n",
        encoding="utf-8",
    )
    r = run("check", tmp_path, "-q")
    assert r.exit_code == 1
    lines = r.stdout.splitlines()
    assert any("en.txt:2:" in x and "French text in an English document" in x for x in lines)
    assert any("fr.txt:2:" in x and "English text in a French document" in x for x in lines)


def test_markdown_code_is_not_reported():
    text = "# Stem cells\n\nRun `les cellules souches sont là` in English prose.\n\n```\nle code est en français\n```\n"
    from bilingual.markdown import protected_spans

    assert check_text(text, "x.md", "en", protected_spans(text)).findings == ()
    assert check_text(text, "x.txt", "en").findings != ()  # as plain text it is mixed


def test_unreadable_file_exits_3_and_others_are_checked(tmp_path):
    (tmp_path / "ok.txt").write_text(MIXED, encoding="utf-8")
    r = run("check", tmp_path / "missing.txt", tmp_path / "ok.txt")
    assert r.exit_code == 3
    assert r.stderr.splitlines()[0] == f"Error: {tmp_path / 'missing.txt'}: no such file"
    assert r.stdout.startswith(f"{tmp_path / 'ok.txt'}:2:") and "missing" not in r.stdout  # findings only
    assert "1 of 2 files failed" in r.stderr


def test_pre_commit_hook_definition():
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert re.search(r"^- id: bilingual-check$", text, re.M)
    assert re.search(r"^  entry: bilingual check$", text, re.M)
    assert re.search(r"^  language: python$", text, re.M)
    assert re.search(r"^  types_or: \[markdown, plain-text\]$", text, re.M)  # which files: test_check_ci.py


def test_stdin():
    r = run("check", "-", "--format", "json", input=MIXED)
    assert r.exit_code == 1
    (entry,) = json.loads(r.stdout)["files"]
    assert entry["file"] == "-" and entry["findings"][0]["text"] == "notamment après une lésion grave"
    assert run("check", "-", "-q", input=CLEAN_EN).exit_code == 0
