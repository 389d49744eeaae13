"""Bad input through the command line: each case gives a one-line ``Error: <file>: <problem>``
with its documented exit code and no traceback, or a correct output; never a partial file."""

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from bilingual.cli import cli
from bilingual.errors import ExitCode

TEXT = "Title\n\nStem cells, en particulier les Escs, are studied.\nLe foie est un organe.\n"


def run(*args, **kw):
    return CliRunner().invoke(cli, ["clean", *[str(a) for a in args]], catch_exceptions=False, **kw)


def files_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


def assert_error(r, code: ExitCode, start: str, out: Path, contains: str = ""):
    """One line on stderr, starting ``Error: <start>``; the exit code; nothing written."""
    assert r.exit_code == code, (r.exit_code, r.output)
    lines = r.stderr.splitlines()
    assert lines and lines[0].startswith(f"Error: {start}"), r.stderr
    assert contains in lines[0]
    assert "Traceback" not in r.output
    assert len([ln for ln in lines if ln.startswith("Error:")]) == 1
    assert files_in(out) == []


@pytest.fixture
def out(tmp_path) -> Path:
    return tmp_path / "out"


def write(tmp_path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_missing_file(tmp_path, out):
    r = run(tmp_path / "nope.txt", "-o", out)
    assert_error(r, ExitCode.INPUT_ERROR, f"{tmp_path / 'nope.txt'}: ", out, "no such file")


def test_directory_without_articles(tmp_path, out):
    (tmp_path / "empty").mkdir()
    r = run(tmp_path / "empty", "-o", out)
    assert_error(r, ExitCode.INPUT_ERROR, f"{tmp_path / 'empty'}: ", out)


def test_unreadable_file_mocked(tmp_path, out, monkeypatch):
    """As root (CI) chmod 000 does not stop reads, so the OS refusal is simulated."""
    src = write(tmp_path, "locked.txt", TEXT.encode())
    real_open, real_read_bytes = open, Path.read_bytes

    def deny(path):
        if os.path.realpath(path) == os.path.realpath(src):
            raise PermissionError(13, "Permission denied", str(path))

    def fake_open(file, *a, **kw):
        if isinstance(file, (str, bytes, os.PathLike)):
            deny(file)
        return real_open(file, *a, **kw)

    def fake_read_bytes(self):
        deny(self)
        return real_read_bytes(self)

    monkeypatch.setattr("builtins.open", fake_open)
    monkeypatch.setattr(Path, "read_bytes", fake_read_bytes)
    r = run(src, "-o", out)
    assert_error(r, ExitCode.INPUT_ERROR, f"{src}: ", out, "permission denied")


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="root reads files whatever their mode; test_unreadable_file_mocked covers the error path",
)
def test_unreadable_file_real_permissions(tmp_path, out):
    src = write(tmp_path, "locked.txt", TEXT.encode())
    src.chmod(0)
    try:
        r = run(src, "-o", out)
    finally:
        src.chmod(0o644)
    assert_error(r, ExitCode.INPUT_ERROR, f"{src}: ", out, "permission denied")


@pytest.mark.parametrize(
    "name,data,problem",
    [
        pytest.param("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary", id="binary"),
        pytest.param("nul.txt", b"Hello world.\x00 Bonjour le monde.\n", "binary", id="nul-bytes"),
        pytest.param("latin1.txt", "Le café est chaud.\n".encode("latin-1"), "not valid UTF-8", id="invalid-utf8"),
        pytest.param("empty.txt", b"", "empty", id="empty"),
        pytest.param("blank.txt", b" \n\t\r\n  \n", "white space", id="whitespace-only"),
        pytest.param(
            "utf16-nobom.txt", "Hello there, my friends.\n".encode("utf-16-le"), "binary", id="utf16-without-bom"
        ),
    ],
)
def test_unusable_content(tmp_path, out, name, data, problem):
    src = write(tmp_path, name, data)
    r = run(src, "-o", out)
    assert_error(r, ExitCode.INPUT_ERROR, f"{src}: ", out, problem)


def test_invalid_utf8_names_the_byte(tmp_path, out):
    src = write(tmp_path, "latin1.txt", "Le café.\n".encode("latin-1"))
    r = run(src, "-o", out)
    assert "byte 0xe9 at offset 6" in r.stderr


def outputs(out: Path, stem: str) -> tuple[str, str, dict]:
    en = (out / f"{stem}.en.txt").read_bytes().decode("utf-8")
    fr = (out / f"{stem}.fr.txt").read_bytes().decode("utf-8")
    return en, fr, json.loads((out / f"{stem}.report.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "encoding,bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-8", b"\xef\xbb\xbf")]
)
def test_bom_inputs_give_the_same_outputs_as_utf8(tmp_path, out, encoding, bom):
    plain = write(tmp_path, "plain.txt", TEXT.encode("utf-8"))
    marked = write(tmp_path, "marked.txt", bom + TEXT.encode(encoding))
    assert run(plain, "-o", out, "-q").exit_code == 0
    r = run(marked, "-o", out, "-q")
    assert r.exit_code == 0, r.output
    en, fr, report = outputs(out, "marked")
    en0, fr0, report0 = outputs(out, "plain")
    assert (en, fr) == (en0, fr0)
    assert "\ufeff" not in en + fr
    assert report["segments"] == report0["segments"] and report["changes"] == report0["changes"]


def test_mixed_crlf_and_lf_kept_line_by_line(tmp_path, out):
    text = "Title\r\n\r\nStem cells, en particulier les Escs, are studied.\nLe foie est un organe.\r\nEnd.\n"
    src = write(tmp_path, "mixed.txt", text.encode())
    r = run(src, "-o", out)
    assert r.exit_code == 0, r.output
    en, fr, report = outputs(out, "mixed")
    for o in (en, fr):
        assert [ln[-2:] == "\r\n" for ln in o.splitlines(True)] == [ln[-2:] == "\r\n" for ln in text.splitlines(True)]
    assert report["segments"][-1]["end"] == len(text)


@pytest.mark.slow
def test_ten_megabyte_single_line(tmp_path, out):
    text = "Titre: Bonjour mes amis, " + "-" * 10_000_000 + " the end.\n"
    src = write(tmp_path, "long.txt", text.encode())
    r = run(src, "-o", out, "-e", "builtin")
    assert r.exit_code == 0, r.output
    en, fr, report = outputs(out, "long")
    assert "-" * 10_000_000 + " the end.\n" in en and "-" * 10_000_000 in fr
    assert report["segments"][0]["start"] == 0 and report["segments"][-1]["end"] == len(text)
    assert not [p for p in files_in(out) if p.endswith(".tmp")]


def test_output_folder_that_cannot_be_created(tmp_path):
    blocker = write(tmp_path, "blocker", b"a file where the folder should be")
    src = write(tmp_path, "a.txt", TEXT.encode())
    out = blocker / "sub"
    r = run(src, "-o", out)
    assert r.exit_code == ExitCode.OUTPUT_ERROR, r.output
    assert r.stderr.startswith(f"Error: {out}") and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "Traceback" not in r.output
    assert blocker.read_bytes() == b"a file where the folder should be"


def test_output_folder_not_writable_mocked(tmp_path, out, monkeypatch):
    """A read-only folder (root ignores modes, so the refusal is simulated at file creation)."""
    import tempfile

    def refuse(*a, **kw):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    src = write(tmp_path, "a.txt", TEXT.encode())
    out.mkdir()
    r = run(src, "-o", out)
    assert r.exit_code == ExitCode.OUTPUT_ERROR, r.output
    assert r.stderr.startswith(f"Error: {out}") and "Permission denied" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.output
    assert files_in(out) == []


def test_failure_while_renaming_leaves_no_partial_file(tmp_path, out, monkeypatch):
    """The second rename fails: nothing half-written stays, and no temporary file either."""
    calls = []
    real_replace = os.replace

    def flaky(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    src = write(tmp_path, "a.txt", TEXT.encode())
    r = run(src, "-o", out)
    assert r.exit_code == ExitCode.OUTPUT_ERROR, r.output
    assert "No space left on device" in r.stderr and "Traceback" not in r.output
    assert not [p for p in files_in(out) if p.endswith(".tmp")]


def test_input_path_equal_to_an_output_path(tmp_path, out):
    """The input is a link to the path its own English output would take: refused, untouched."""
    out.mkdir()
    real = write(out, "a.en.txt", TEXT.encode())
    link = tmp_path / "a.txt"
    link.symlink_to(real)
    r = run(link, "-o", out)
    assert r.exit_code == ExitCode.OUTPUT_ERROR, r.output
    assert r.stderr.startswith("Error: ") and "input" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert real.read_bytes() == TEXT.encode()
    assert files_in(out) == ["a.en.txt"]


def test_an_output_of_one_input_is_another_input(tmp_path):
    """``clean a.txt out/a.en.txt -o out``: cleaning a.txt must not overwrite the second input."""
    out = tmp_path / "out"
    out.mkdir()
    a = write(tmp_path, "a.txt", TEXT.encode())
    other = "Second article. Le deuxième article.\n".encode()
    b = write(out, "a.en.txt", other)
    r = run(a, b, "-o", out)
    assert b.read_bytes() == other, "an input was overwritten"
    assert "Traceback" not in r.output
    if r.exit_code != 0:
        assert any(ln.startswith("Error: ") for ln in r.stderr.splitlines())


def test_input_in_the_output_folder_is_never_overwritten(tmp_path):
    src = write(tmp_path, "a.txt", TEXT.encode())
    r = run(src, "-o", tmp_path)
    assert r.exit_code == 0, r.output
    assert src.read_bytes() == TEXT.encode()
    assert {"a.en.txt", "a.fr.txt", "a.report.json"} <= set(files_in(tmp_path))


@pytest.mark.parametrize(
    "name,content",
    [
        pytest.param("g.tsv", "en\tfr\nstem cell\n", id="tsv-one-column"),
        pytest.param("g.csv", "en,fr\nliver,\n", id="csv-empty-column"),
        pytest.param("g.tsv", "\x00\x01\x02binary", id="binary"),
    ],
)
def test_malformed_glossary(tmp_path, out, name, content):
    g = write(tmp_path, name, content.encode())
    src = write(tmp_path, "a.txt", TEXT.encode())
    r = run(src, "-o", out, "-g", g)
    assert_error(r, ExitCode.GLOSSARY_ERROR, f"{g}", out)


def test_glossary_not_utf8(tmp_path, out):
    g = write(tmp_path, "g.tsv", "en\tfr\nliver\tfoie hépatique\n".encode("latin-1"))
    src = write(tmp_path, "a.txt", TEXT.encode())
    r = run(src, "-o", out, "-g", g)
    assert_error(r, ExitCode.GLOSSARY_ERROR, f"{g}", out)


def test_missing_glossary(tmp_path, out):
    src = write(tmp_path, "a.txt", TEXT.encode())
    r = run(src, "-o", out, "-g", tmp_path / "nope.tsv")
    assert r.exit_code in (ExitCode.GLOSSARY_ERROR, ExitCode.USAGE), r.output
    assert r.stderr.startswith("Error: ") and "Traceback" not in r.output
    assert files_in(out) == []


def test_same_input_given_twice(tmp_path, out):
    src = write(tmp_path, "a.txt", TEXT.encode())
    once = tmp_path / "once"
    assert run(src, "-o", once).exit_code == 0
    r = run(src, src, "-o", out)
    assert r.exit_code == 0, r.output
    assert "Traceback" not in r.output and "Error" not in r.output
    assert files_in(out) == files_in(once)
    assert outputs(out, "a")[:2] == outputs(once, "a")[:2]


def test_one_bad_file_among_good_ones(tmp_path, out):
    good = write(tmp_path, "good.txt", TEXT.encode())
    bad = write(tmp_path, "bad.txt", b"caf\xe9 au lait\n")
    r = run(good, bad, "-o", out)
    assert r.exit_code == ExitCode.INPUT_ERROR, r.output
    assert [ln for ln in r.stderr.splitlines() if ln.startswith("Error:")] == [
        next(ln for ln in r.stderr.splitlines() if ln.startswith(f"Error: {bad}:"))
    ]
    assert "Traceback" not in r.output
    names = files_in(out)
    assert "good.en.txt" in names and not [n for n in names if n.startswith("bad.")]
