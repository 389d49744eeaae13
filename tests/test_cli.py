import json

from click.testing import CliRunner

from bilingual.cli import cli


def run(*args, **kw):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, **kw)


def test_clean_writes_three_files(article_path, tmp_path):
    out = tmp_path / "out"
    r = run("clean", article_path, "--out-dir", out)
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in out.iterdir()) == [
        "article.en.txt",
        "article.fr.txt",
        "article.report.html",
        "article.report.json",
    ]
    assert r.output.startswith("wrote ")
    report = json.loads((out / "article.report.json").read_text(encoding="utf-8"))
    assert report["schema_version"] == 1
    segs = report["segments"]
    text = article_path.read_text(encoding="utf-8")
    assert segs[0]["start"] == 0 and segs[-1]["end"] == len(text)
    assert all(a["end"] == b["start"] for a, b in zip(segs, segs[1:]))


def test_missing_file(tmp_path):
    r = run("clean", tmp_path / "nope.txt", "--out-dir", tmp_path / "out")
    assert r.exit_code == 3
    assert r.stderr.strip() == f"Error: {tmp_path / 'nope.txt'}: no such file"
    assert not (tmp_path / "out").exists()


def test_stdin_to_stdout_one_language():
    r = CliRunner().invoke(
        cli, ["clean", "-", "--to", "en", "-q"], input="Stem cells, en particulier les IPSCS, are studied.\n".encode()
    )
    assert r.exit_code == 0, r.output
    assert "iPSCs" in r.stdout and "IPSCS" not in r.stdout
    assert r.stderr == ""


def test_stdin_summary_goes_to_stderr():
    r = CliRunner().invoke(cli, ["clean", "-", "--to", "fr"], input=b"Hello world. This is English.\n")
    assert r.exit_code == 0
    assert r.stderr.startswith("wrote <stdout>")
    assert "wrote" not in r.stdout


def test_leading_chatter_dropped_and_recorded(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(
        "Here's a comprehensive article on liver disease:\n\nLiver Disease\n\nThe liver is an organ.\n",
        encoding="utf-8",
    )
    r = run("clean", src, "--out-dir", tmp_path / "o")
    assert r.exit_code == 0, r.output
    en = (tmp_path / "o" / "a.en.txt").read_text(encoding="utf-8")
    assert en.startswith("Liver Disease\n\nThe liver is an organ.")
    report = json.loads((tmp_path / "o" / "a.report.json").read_text(encoding="utf-8"))
    chatter = [c for c in report["changes"] if c["kind"] == "chatter"]
    assert {c["output_lang"] for c in chatter} == {"en", "fr"}
    assert chatter[0]["before"].startswith("Here's a comprehensive article")


def test_sample_chatter_line_dropped(article_path, tmp_path):
    run("clean", article_path, "--out-dir", tmp_path)
    for lang in ("en", "fr"):
        out = (tmp_path / f"article.{lang}.txt").read_text(encoding="utf-8")
        assert not out.startswith("Ici"), lang
        assert "comprehensive article" not in out


def test_line_structure_kept(article_path, tmp_path):
    run("clean", article_path, "--out-dir", tmp_path)
    src_lines = article_path.read_text(encoding="utf-8").split("\n")[2:]  # chatter line + blank dropped
    for lang in ("en", "fr"):
        out_lines = (tmp_path / f"article.{lang}.txt").read_text(encoding="utf-8").split("\n")
        assert len(out_lines) == len(src_lines)
        assert [bool(l.strip()) for l in out_lines] == [bool(l.strip()) for l in src_lines]


def test_crlf_and_bom_kept_working(tmp_path):
    src = tmp_path / "w.txt"
    src.write_bytes(b"\xef\xbb\xbfTitle\r\n\r\nStem cells, en particulier les Escs, are studied.\r\n")
    r = run("clean", src, "--out-dir", tmp_path / "o")
    assert r.exit_code == 0, r.output
    en = (tmp_path / "o" / "w.en.txt").read_bytes()
    assert en.startswith(b"Title\r\n\r\n") and en.endswith(b"\r\n")
    assert b"\n" not in en.replace(b"\r\n", b"")
    report = json.loads((tmp_path / "o" / "w.report.json").read_text(encoding="utf-8"))
    assert report["segments"][-1]["end"] == len("Title\r\n\r\nStem cells, en particulier les Escs, are studied.\r\n")


def test_python_dash_m_works(article_path, tmp_path):
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "bilingual", "--version"], capture_output=True, text=True)
    assert r.returncode == 0 and "bilingual" in r.stdout


def test_an_engine_registered_the_documented_way_is_accepted(tmp_path, monkeypatch):
    """An engine added to bilingual.engines.ENGINES (or by an entry point) is a valid --engine."""
    from bilingual import engines

    monkeypatch.setitem(engines.ENGINES, "shout", "bilingual.engines.base:DictEngine")
    monkeypatch.setattr(engines.base.DictEngine, "__init__", lambda self, **kw: setattr(self, "table", {}))
    src = tmp_path / "a.txt"
    src.write_text("Stem cells are studied. Les cellules souches sont étudiées.\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["clean", str(src), "-o", str(tmp_path / "o"), "--engine", "shout", "-q"])
    assert r.exit_code == 0, r.output
    report = json.loads((tmp_path / "o" / "a.report.json").read_text(encoding="utf-8"))
    assert report["engine"] == "dict"
    r = CliRunner().invoke(cli, ["clean", str(src), "--engine", "nope"])
    assert r.exit_code == 2 and "'nope' is not one of" in r.output
