"""Batches: folders, globs, --jobs, one failing file, the summary line and exit code."""

import os
import pty
import select
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bilingual import batch
from bilingual.cli import cli

EN = "Stem cells hold great promise. The liver can regenerate, notamment après une lésion.\n"
FR = "# Titre\n\nLes cellules souches sont prometteuses, especially for the liver.\n"


def run(*args, **kw):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, **kw)


def make_tree(root: Path) -> Path:
    docs = root / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / ".hidden").mkdir()
    (docs / "one.txt").write_text(EN, encoding="utf-8")
    (docs / "sub" / "two.md").write_text(FR, encoding="utf-8")
    (docs / "sub" / "notes.csv").write_text("a,b\n", encoding="utf-8")
    (docs / ".hidden" / "skip.txt").write_text(EN, encoding="utf-8")
    return docs


def test_folder_recurses_over_txt_and_md(tmp_path):
    docs = make_tree(tmp_path)
    out = tmp_path / "out"
    r = run("clean", docs, "-o", out, "--no-html")
    assert r.exit_code == 0, r.output
    got = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert got == [
        "one.en.txt",
        "one.fr.txt",
        "one.report.json",
        "sub/two.en.md",
        "sub/two.fr.md",
        "sub/two.report.json",
    ]
    assert r.stdout.strip().splitlines()[-1] == "cleaned 2 files, 2 with flags"


def test_glob_and_duplicates(tmp_path, monkeypatch):
    docs = make_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    jobs = batch.expand(["docs/**/*.md", "docs/sub/two.md", "docs/*.txt"], Path("out"))
    assert [(j.path, j.error) for j in jobs] == [("docs/sub/two.md", None), ("docs/one.txt", None)]
    assert docs.exists()


def test_output_folder_inside_input_folder_is_skipped(tmp_path):
    docs = make_tree(tmp_path)
    (docs / "output").mkdir()
    (docs / "output" / "one.en.txt").write_text(EN, encoding="utf-8")
    jobs = batch.expand([str(docs)], docs / "output")
    assert sorted(Path(j.path).name for j in jobs) == ["one.txt", "two.md"]


def test_one_failing_file_does_not_stop_the_rest(tmp_path):
    (tmp_path / "a.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "b.txt").write_text("", encoding="utf-8")
    (tmp_path / "c.txt").write_text(EN, encoding="utf-8")
    out = tmp_path / "out"
    r = run("clean", tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "nothing*.txt", tmp_path / "c.txt", "-o", out)
    assert r.exit_code == 3
    assert f"Error: {tmp_path / 'b.txt'}: empty file, nothing to clean" in r.stderr
    assert f"Error: {tmp_path / 'nothing*.txt'}: no file matches this pattern" in r.stderr
    assert r.stderr.strip().splitlines()[-1] == "2 of 4 files failed"
    assert (out / "a.en.txt").exists() and (out / "c.en.txt").exists()
    assert not (out / "b.en.txt").exists()


def test_same_stem_twice_fails_the_second(tmp_path):
    for d in ("x", "y"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "a.txt").write_text(EN, encoding="utf-8")
    r = run("clean", tmp_path / "x" / "a.txt", tmp_path / "y" / "a.txt", "-o", tmp_path / "out")
    assert r.exit_code == 3
    assert "its outputs would overwrite those of" in r.stderr
    assert r.stderr.strip().splitlines()[-1] == "1 of 2 files failed"


@pytest.mark.slow
def test_jobs_2_gives_the_same_files_as_jobs_1(tmp_path):
    docs = make_tree(tmp_path)
    (docs / "three.txt").write_text(FR.replace("Titre", "Autre titre"), encoding="utf-8")
    r1 = run("clean", docs, "-o", tmp_path / "o1", "-q")
    r2 = run("clean", docs, "-o", tmp_path / "o2", "-q", "--jobs", "2")
    assert r1.exit_code == r2.exit_code == 0, r2.output
    files1 = sorted(p.relative_to(tmp_path / "o1") for p in (tmp_path / "o1").rglob("*") if p.is_file())
    files2 = sorted(p.relative_to(tmp_path / "o2") for p in (tmp_path / "o2").rglob("*") if p.is_file())
    assert files1 == files2 and len(files1) == 12
    for rel in files1:
        if rel.suffix != ".html":  # the page names the input path, which is the same here
            assert (tmp_path / "o1" / rel).read_bytes() == (tmp_path / "o2" / rel).read_bytes(), rel


def test_no_progress_bar_without_a_tty(tmp_path):
    docs = make_tree(tmp_path)
    r = run("clean", docs, "-o", tmp_path / "out")
    assert "cleaning" not in r.output and "%" not in r.stderr


def test_progress_bar_on_a_tty(tmp_path, monkeypatch):
    """stderr on a pseudo-terminal: the bar is drawn there."""
    docs = make_tree(tmp_path)
    monkeypatch.delenv("CI", raising=False)
    master, slave = pty.openpty()
    with os.fdopen(slave, "w", encoding="utf-8", closefd=True) as tty:
        monkeypatch.setattr(sys, "stderr", tty)
        try:
            cli.main(["clean", str(docs), "-o", str(tmp_path / "out")], prog_name="bilingual", standalone_mode=False)
        finally:
            tty.flush()
            monkeypatch.setattr(sys, "stderr", sys.__stderr__)
    shown = b""
    while select.select([master], [], [], 0.2)[0]:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        shown += data
    os.close(master)
    assert b"cleaning" in shown and b"100%" in shown
    assert (tmp_path / "out" / "sub" / "two.fr.md").exists()


class _Tty:
    def isatty(self):
        return True


def test_progress_bar_only_on_a_tty_with_several_files_outside_ci():
    assert batch.wants_progress(2, False, _Tty(), {})
    assert not batch.wants_progress(2, False, _Tty(), {"CI": "true"})
    assert not batch.wants_progress(1, False, _Tty(), {})
    assert not batch.wants_progress(2, True, _Tty(), {})
    assert not batch.wants_progress(2, False, object(), {})


def test_an_output_that_is_another_input_fails_that_file(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "a.txt").write_text(EN, encoding="utf-8")
    (out / "a.en.txt").write_text(FR, encoding="utf-8")
    r = run("clean", tmp_path / "a.txt", out / "a.en.txt", "-o", out)
    assert r.exit_code == 3
    assert f"Error: {out / 'a.en.txt'}: output path is another input of this run; choose another --out-dir" in r.stderr
    assert (out / "a.en.txt").read_text(encoding="utf-8") == FR
    assert (out / "a.en.en.txt").exists()  # the other input was cleaned


@pytest.mark.slow
def test_parallel_run_with_a_broken_glossary_fails_once(tmp_path):
    docs = make_tree(tmp_path)
    bad = tmp_path / "g.tsv"
    bad.write_text("only one column\n", encoding="utf-8")
    r = run("clean", docs, "-o", tmp_path / "out", "-j", "2", "-g", bad)
    assert r.exit_code == 4
    assert r.stderr == f"Error: {bad}:1: expected at least two columns (en, fr) separated by a tab\n"
    assert not (tmp_path / "out").exists()


class InProcessClient:
    """The two calls ``cluster.run_files`` makes of a Dask client, answered in this process:
    the grouping of files into tasks, their order and the writing of the outputs run without
    a cluster (tests/test_cluster.py starts a real one; it is marked slow)."""

    def submit(self, fn, *args, pure=True, retries=0):
        from concurrent.futures import Future

        fut: Future = Future()
        try:
            fut.set_result(fn(*args))
        except Exception as err:  # the future carries it, as Dask's does
            fut.set_exception(err)
        return fut

    def scheduler_info(self):
        return {"workers": {"here": {"nthreads": 1}}}


def test_files_cleaned_through_a_scheduler_are_those_of_a_local_run(tmp_path, monkeypatch):
    from bilingual import cluster

    monkeypatch.setattr(cluster, "FILES_MAX", 2)  # several tasks
    docs = make_tree(tmp_path)
    (docs / "three.txt").write_text(FR.replace("Titre", "Autre titre"), encoding="utf-8")
    (docs / "bad.txt").write_bytes(b"\xff\xfe\x00")
    local = batch.run(batch.expand([str(docs)], tmp_path / "o1"), batch.Options(), 1)
    remote = cluster.run_files(batch.expand([str(docs)], tmp_path / "o2"), batch.Options(), InProcessClient())

    def seen(outcomes):
        return [(o.path, o.counts, o.flagged, o.error, o.exit_code, len(o.written)) for o in outcomes]

    assert seen(remote) == seen(local) and [o.error is None for o in local] == [False, True, True, True]
    tree = {p.relative_to(tmp_path / "o1"): p.read_bytes() for p in (tmp_path / "o1").rglob("*") if p.is_file()}
    assert {p.relative_to(tmp_path / "o2"): p.read_bytes() for p in (tmp_path / "o2").rglob("*") if p.is_file()} == tree
