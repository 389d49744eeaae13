"""`bilingual check` as a CI gate: file selection, empty files, accepted findings, SARIF, pre-commit."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bilingual import batch
from bilingual.cli import cli
from bilingual.selection import Patterns, Selection

ROOT = Path(__file__).resolve().parent.parent
CLEAN_EN = "Stem cells hold great promise for regenerative medicine.\nThe liver can regenerate after an injury.\n"
MIXED = (
    "Stem cells hold great promise for regenerative medicine and for the treatment of disease.\n"
    "The liver can regenerate after most injuries, notamment après une lésion grave, and doctors are hopeful.\n"
)
FRENCH = "notamment après une lésion grave"


def run(*args, **kw):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, **kw)


def with_phrase(phrase: str) -> str:
    """An English text whose one French span is ``phrase``."""
    return (
        CLEAN_EN + f"The liver can regenerate after most injuries, and the {phrase} was measured in twelve "
        "patients by doctors.\n"
    )


def git(*args, cwd):
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.org",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.org",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
    )
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True)


def write(path: Path, text: str = MIXED) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def checked(r) -> list[str]:
    """The files a `check --format json` run read, relative to the current folder."""
    return sorted(Path(f["file"]).as_posix() for f in json.loads(r.stdout)["files"])


# --- 1. file selection -----------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A git work tree with ignored, excluded and checked files; the current folder is its root."""
    git("init", "-q", cwd=tmp_path)
    write(tmp_path / ".gitignore", "*.draft.md\n/generated/\n!keep.draft.md\n")
    write(tmp_path / "docs" / ".gitignore", "private/\n")
    write(tmp_path / ".git" / "info" / "exclude", "scratch.txt\n")
    for name in (
        "README.md",
        "docs/guide.md",
        "docs/a.draft.md",
        "docs/keep.draft.md",
        "docs/private/p.md",
        "generated/g.md",
        "scratch.txt",
        "node_modules/pkg/README.md",
        "venv/lib/x.txt",
        ".venv/y.md",
        "build/b.md",
        "dist/d.md",
        "docs/old/o.md",
    ):
        write(tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_folder_skips_git_ignored_and_default_excluded(repo):
    r = run("check", ".", "-f", "json")
    assert r.exit_code == 1
    assert checked(r) == ["README.md", "docs/guide.md", "docs/keep.draft.md", "docs/old/o.md"]


def test_named_files_are_always_checked(repo):
    r = run("check", "docs/a.draft.md", "scratch.txt", "node_modules/pkg/README.md", "-q")
    assert r.exit_code == 1
    assert sorted(line.split(":")[0] for line in r.stdout.splitlines()) == [
        "docs/a.draft.md",
        "node_modules/pkg/README.md",
        "scratch.txt",
    ]


def test_named_folder_is_searched_even_if_excluded(repo):
    r = run("check", "build", "-f", "json")
    assert checked(r) == ["build/b.md"]


def test_exclude_and_extend_exclude(repo):
    r = run("check", ".", "-f", "json", "--extend-exclude", "docs/old/", "--extend-exclude", "guide.md")
    assert checked(r) == ["README.md", "docs/keep.draft.md"]
    # --exclude replaces the default list: node_modules, venv, build... are read again
    r = run("check", ".", "-f", "json", "--exclude", "docs")
    assert checked(r) == sorted(
        ["README.md", "build/b.md", "dist/d.md", "node_modules/pkg/README.md", "venv/lib/x.txt"]
    )  # .venv: hidden folders are always skipped


def test_exclude_in_settings_is_anchored_at_the_settings_file(repo):
    write(repo / "bilingual.toml", 'extend-exclude = ["/docs/old", "keep.*"]\n')
    assert checked(run("check", ".", "-f", "json")) == ["README.md", "docs/guide.md"]
    os.chdir(repo / "docs")
    assert checked(run("check", ".", "-f", "json")) == ["guide.md"]


def test_globs_follow_the_same_rules(repo):
    r = run("check", "**/*.md", "-f", "json")
    assert checked(r) == sorted(["README.md", "docs/guide.md", "docs/keep.draft.md", "docs/old/o.md"])


def test_outside_a_git_work_tree_gitignore_is_not_read(tmp_path, monkeypatch):
    write(tmp_path / ".gitignore", "*.md\n")
    write(tmp_path / "a.md")
    monkeypatch.chdir(tmp_path)
    assert checked(run("check", ".", "-f", "json")) == ["a.md"]


def test_linked_worktree_reads_the_common_info_exclude(tmp_path):
    main = tmp_path / "main"
    main.mkdir()
    git("init", "-q", cwd=main)
    write(main / "a.md")
    git("add", "a.md", cwd=main)
    git("commit", "-qm", "a", cwd=main)
    git("worktree", "add", "-q", str(tmp_path / "wt"), cwd=main)
    write(main / ".git" / "info" / "exclude", "b.md\n")
    write(tmp_path / "wt" / "b.md")
    assert [j.path for j in batch.expand([str(tmp_path / "wt")], writes=False)] == [str(tmp_path / "wt" / "a.md")]


def test_clean_folders_use_the_same_rules(repo):
    r = run("clean", ".", "-o", repo / "out", "--no-html", "-q", "--extend-exclude", "docs/old")
    assert r.exit_code == 0, r.output
    got = sorted(p.relative_to(repo / "out").as_posix() for p in (repo / "out").rglob("*.en.*"))
    assert got == ["README.en.md", "docs/guide.en.md", "docs/keep.draft.en.md"]


def test_selection_patterns_unit():
    s = Selection(Patterns(("*.tmp.md", "/top/"), Path("/p")), respect_gitignore=False)
    assert s.excluded("/p/a/b.tmp.md") and s.excluded("/p/top/x.md") and not s.excluded("/p/a/top/x.md")
    assert not s.excluded("/p/node_modules/x.md")  # exclude replaced the defaults
    assert Selection(respect_gitignore=False).excluded("/p/node_modules/x.md")


# --- 2. empty files --------------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"  \n\n\t\r\n", b"\xef\xbb\xbf\n"], ids=["empty", "blank", "bom"])
def test_empty_file_is_clean_for_check_but_not_for_clean(tmp_path, content):
    p = tmp_path / "empty.md"
    p.write_bytes(content)
    r = run("check", p)
    assert (r.exit_code, r.stdout) == (0, "")
    assert r.stderr.strip() == "0 spans in the wrong language in 0 of 1 files"
    r = run("clean", p, "-o", tmp_path / "out")
    assert r.exit_code == 3 and r.stderr.startswith(f"Error: {p}: ")
    assert run("check", "-", "-q", input="").exit_code == 0


# --- 3. accepting findings -------------------------------------------------------------------


def test_markdown_ignore_next_block(tmp_path):
    lines = MIXED.splitlines()
    p = write(tmp_path / "a.md", f"{lines[0]}\n\n<!-- bilingual-ignore -->\n{lines[1]}\n\n{lines[1]}\n")
    r = run("check", p, "-q")
    assert r.exit_code == 1
    assert r.stdout.splitlines() == [f'{p}:6:47: French text in an English document: "{FRENCH}"']


def test_markdown_ignore_start_end(tmp_path):
    lines = MIXED.splitlines()
    text = (
        f"{lines[0]}\n\n<!-- bilingual-ignore-start -->\n{lines[1]}\n\n- {lines[1]}\n"
        f"<!-- bilingual-ignore-end -->\n\n{lines[0]}\n"
    )
    assert run("check", write(tmp_path / "a.md", text)).exit_code == 0
    # in a code block, a directive is code, not a directive
    code = f"{lines[0]}\n\n```\n<!-- bilingual-ignore -->\n```\n{lines[1]}\n"
    assert run("check", write(tmp_path / "b.md", code)).exit_code == 1


@pytest.mark.parametrize(
    "start,end",
    [
        ("bilingual-ignore-start", "bilingual-ignore-end"),
        ("# bilingual-ignore-start", "# bilingual-ignore-end"),
        ("// bilingual-ignore-start", "// bilingual-ignore-end"),
        ("<!-- bilingual-ignore-start -->", "<!-- bilingual-ignore-end -->"),
    ],
)
def test_plain_text_ignore_comments(tmp_path, start, end):
    lines = MIXED.splitlines()
    p = write(tmp_path / "a.txt", f"{lines[0]}\n{start}\n{lines[1]}\n{end}\n{lines[0]}\n")
    assert run("check", p).exit_code == 0
    p = write(tmp_path / "b.txt", f"{lines[0]}\n\n{start.replace('-start', '')}\n{lines[1]}\n\n{lines[1]}\n")
    r = run("check", p, "-q")
    assert [x.split(":")[1] for x in r.stdout.splitlines()] == ["6"]


def test_ignore_start_without_end_runs_to_the_end_and_a_stray_end_does_nothing():
    from bilingual.check.ignore import ignored_spans

    text = "One.\n\n<!-- bilingual-ignore-end -->\n\nTwo.\n\n<!-- bilingual-ignore-start -->\n\nTrois.\n"
    (span,) = ignored_spans(text, markdown=True)
    assert text[span.start :] == "<!-- bilingual-ignore-start -->\n\nTrois.\n" and span.end == len(text)
    assert ignored_spans("no directive here", markdown=False) == []
    # a directive must be alone on its line
    assert ignored_spans("We say bilingual-ignore here.\nUne phrase.\n", markdown=False) == []


def test_allowlist_file(tmp_path):
    p = write(tmp_path / "a.txt", with_phrase("douceur de vivre"))
    assert run("check", p).exit_code == 1
    allow = write(tmp_path / "allow.txt", "# accepted in our English docs\n\nDouceur de Vivre\n")
    r = run("check", p, "--allow", allow)
    assert (r.exit_code, r.stdout) == (0, "")
    # accents are significant; a phrase must cover the whole finding
    write(allow, "douceur de vîvre\n")
    assert run("check", p, "--allow", allow).exit_code == 1
    write(allow, "douceur\n")
    assert run("check", p, "--allow", allow).exit_code == 1
    # apostrophes and hyphens separate words on both sides
    p2 = write(tmp_path / "c.txt", with_phrase("salle d'attente"))
    write(allow, "Salle d’attente\n")
    assert run("check", p2, "--allow", allow).exit_code == 0
    # in the settings file, relative to it
    write(tmp_path / "words" / "ok.txt", "douceur de vivre\n")
    cfg = write(tmp_path / "bilingual.toml", 'allow = ["words/ok.txt"]\n')
    assert run("check", p, "-c", cfg).exit_code == 0


def test_missing_allowlist_is_an_error(tmp_path):
    p = write(tmp_path / "a.txt", CLEAN_EN)
    r = run("check", p, "--allow", tmp_path / "nope.txt")
    assert r.exit_code == 4
    assert r.stderr == f"Error: {tmp_path / 'nope.txt'}: no such allowlist file\n"


def test_termbase_terms_are_accepted(tmp_path):
    # "fibrose hépatique" is in the shipped termbase; "cellules souches" is the plural of one of its terms
    for phrase in ("fibrose hépatique", "cellules souches"):
        assert run("check", write(tmp_path / "a.txt", with_phrase(phrase))).exit_code == 0, phrase
    p = write(tmp_path / "b.txt", with_phrase("douceur de vivre"))
    assert run("check", p).exit_code == 1
    glossary = write(tmp_path / "g.tsv", "en\tfr\nsweetness of life\tdouceur de vivre\n")
    assert run("check", p, "--glossary", glossary).exit_code == 0


def test_min_confidence(tmp_path):
    p = write(tmp_path / "a.txt", with_phrase("fibrose rénale"))
    r = run("check", p, "-f", "json")
    (finding,) = json.loads(r.stdout)["files"][0]["findings"]
    assert finding["text"] == "fibrose rénale"
    above = min(1.0, finding["confidence"] + 0.0001)  # it is rounded to 4 decimals
    assert run("check", p, "--min-confidence", finding["confidence"] - 0.0001).exit_code == 1
    if above > finding["confidence"]:
        assert run("check", p, "--min-confidence", above).exit_code == 0
        cfg = write(tmp_path / "bilingual.toml", f"min-confidence = {above}\n")
        assert run("check", p, "-c", cfg).exit_code == 0
    r = run("check", p, "--min-confidence", "1.5")
    assert r.exit_code == 2
    cfg = write(tmp_path / "bad.toml", "min-confidence = 2\n")
    r = run("check", p, "-c", cfg)
    assert r.exit_code == 4 and "min-confidence must be a number from 0 to 1" in r.stderr


# --- 4. SARIF --------------------------------------------------------------------------------


def test_sarif_validates_against_the_official_schema(tmp_path, monkeypatch):
    import jsonschema

    monkeypatch.chdir(tmp_path)
    write(tmp_path / "docs" / "en été.md", MIXED)
    write(
        tmp_path / "fr.txt",
        "Les cellules souches sont prometteuses.\nLe foie se régénère après une blessure, "
        "even after a severe injury.\n",
    )
    r = run("check", "docs/en été.md", "fr.txt", "missing.md", "--format", "sarif", "--severity", "error")
    assert r.exit_code == 3
    log = json.loads(r.stdout)
    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker()).validate(log)
    (run_,) = log["runs"]
    assert log["version"] == "2.1.0" and run_["columnKind"] == "unicodeCodePoints"
    results = {res["ruleId"]: res for res in run_["results"]}
    assert sorted(results) == ["en-in-fr", "fr-in-en"]
    res = results["fr-in-en"]
    assert res["level"] == "error"
    assert res["message"]["text"] == f'French text in an English document: "{FRENCH}"'
    loc = res["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "docs/en%20%C3%A9t%C3%A9.md"
    col = MIXED.splitlines()[1].index(FRENCH) + 1
    assert loc["region"] == {
        "startLine": 2,
        "startColumn": col,
        "endLine": 2,
        "endColumn": col + len(FRENCH),
        "snippet": {"text": FRENCH},
    }
    assert run_["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == "fr-in-en"
    (inv,) = run_["invocations"]
    assert inv["executionSuccessful"] is False
    assert inv["toolExecutionNotifications"][0]["message"]["text"] == "no such file"
    assert r.stderr == "Error: missing.md: no such file\n"
    # a clean run is a valid log with no results
    r = run("check", "fr.txt", "--lang", "fr", "--format", "sarif", "--min-confidence", "1")
    log = json.loads(r.stdout)
    jsonschema.Draft4Validator(schema).validate(log)
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_sarif_output_is_deterministic(tmp_path):
    p = write(tmp_path / "a.md")
    assert run("check", p, "-f", "sarif").stdout == run("check", p, "-f", "sarif").stdout


# --- 6. pre-commit ---------------------------------------------------------------------------


def test_hook_targets_prose_only():
    from identify import identify
    from pre_commit.clientlib import load_manifest

    (hook,) = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert (hook["id"], hook["entry"], hook["language"]) == ("bilingual-check", "bilingual check", "python")

    def selected(name):
        tags = identify.tags_from_filename(name) | {"file", "text"}  # what pre-commit adds for a text file
        return (
            bool(tags & set(hook["types_or"]))
            and set(hook["types"]) <= tags
            and re.search(hook["files"], name) is not None
            and re.search(hook["exclude"], name) is None
        )

    prose = ["README.md", "docs/guide.markdown", "notes.txt", "docs/fr/article.txt", "README"]
    other = [
        "requirements.txt",
        "requirements-dev.txt",
        "requirements/base.txt",
        "constraints.txt",
        "LICENSE",
        "LICENSE.txt",
        "COPYING",
        "poetry.lock",
        "uv.lock",
        "yarn.lock",
        "CMakeLists.txt",
        "setup.py",
        "pyproject.toml",
    ]
    assert [n for n in prose if not selected(n)] == []
    assert [n for n in other if selected(n)] == []


@pytest.mark.slow
def test_pre_commit_try_repo_passes_and_fails(tmp_path):
    """The real pre-commit: it builds the hook's venv from this repository's HEAD (PyPI needed)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    work = tmp_path / "project"
    work.mkdir()
    git("init", "-q", cwd=work)
    write(work / "clean.md", CLEAN_EN)
    write(work / "mixed.md", MIXED)
    write(work / "requirements.txt", "pathspec>=0.12\nnotamment-après==1.0\n")
    git("add", ".", cwd=work)
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "cache"), GIT_CONFIG_GLOBAL=os.devnull)
    env.pop("PYTHONPATH", None)  # the hook's own venv, not this test's
    cmd = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "bilingual-check", "--files"]
    ok = subprocess.run(
        [*cmd, "clean.md", "requirements.txt"], cwd=work, env=env, capture_output=True, text=True, timeout=1800
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert re.search(r"bilingual check \(one language per file\)\.+Passed", ok.stdout), ok.stdout
    bad = subprocess.run([*cmd, "clean.md", "mixed.md"], cwd=work, env=env, capture_output=True, text=True, timeout=600)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert re.search(r"bilingual check \(one language per file\)\.+Failed", bad.stdout), bad.stdout
    assert f'mixed.md:2:47: French text in an English document: "{FRENCH}"' in bad.stdout
