import json

from click.testing import CliRunner

from bilingual.cli import cli


def run(*args, **kw):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, **kw)


def test_clean_writes_three_files(article_path, tmp_path):
    out = tmp_path / "out"
    r = run("clean", article_path, "--out-dir", out)
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in out.iterdir()) == ["article.en.txt", "article.fr.txt", "article.report.json"]
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
