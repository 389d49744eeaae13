"""Hostile and pathological input (issue 14): special files, binary settings, bombs.

Every case ends in one line ``Error: <path>: <problem>`` with its documented exit code,
no traceback and no output file, or in a normal run; nothing hangs. Cases that could
hang if they regressed run the command in a subprocess with a timeout.
"""
import os
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from bilingual.cli import cli
from bilingual.errors import ExitCode

TEXT = "Title\n\nStem cells, en particulier les Escs, are studied.\nLe foie est un organe.\n"
needs_dev = pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")


def invoke(*args, **kw):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, **kw)


def subprocess_run(*args, cwd=None, timeout=60, input=None):
    """The real command in a new process: a hang fails the test (timeout) instead of stopping the suite."""
    return subprocess.run([sys.executable, "-m", "bilingual", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, input=input)


def one_error(stderr: str, start: str, contains: str = "") -> str:
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    errors = [ln for ln in lines if ln.startswith("Error:")]
    assert len(errors) == 1 and errors[0].startswith(f"Error: {start}"), stderr
    assert contains in errors[0], stderr
    assert "Traceback" not in stderr
    return errors[0]


@pytest.fixture
def article(tmp_path) -> Path:
    p = tmp_path / "a.txt"
    p.write_text(TEXT, encoding="utf-8")
    return p


# --- special files are refused before they are read ---------------------------------------

@needs_dev
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_device_files_are_refused(tmp_path, device):
    out = tmp_path / "out"
    r = invoke("clean", device, "-o", out)
    assert r.exit_code == ExitCode.INPUT_ERROR
    one_error(r.stderr, f"{device}: ", "not a regular file (it is a character device)")
    assert not out.exists()
    r = invoke("check", device)
    assert r.exit_code == ExitCode.INPUT_ERROR and "character device" in r.output and "Traceback" not in r.output


@needs_fifo
def test_fifo_without_writer_is_refused_not_waited_for(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    for args, code in [(["clean", fifo, "-o", tmp_path / "out"], ExitCode.INPUT_ERROR),
                       (["check", fifo], ExitCode.INPUT_ERROR),
                       (["models", "install", fifo, "--models-dir", tmp_path / "m"], ExitCode.INPUT_ERROR)]:
        r = subprocess_run(*args)
        assert r.returncode == code, (args, r.stderr)
        assert "it is a FIFO" in r.stdout + r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "out").exists()


@needs_fifo
def test_fifo_found_in_a_folder_fails_alone(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "good.txt").write_text(TEXT, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    r = subprocess_run("clean", folder, "-o", tmp_path / "out", "-q")
    assert r.returncode == ExitCode.INPUT_ERROR, r.stderr
    one_error(r.stderr, f"{folder / 'pipe.txt'}: ", "FIFO")
    assert (tmp_path / "out" / "good.en.txt").exists()


def test_socket_is_refused(tmp_path):
    path = tmp_path / "s.txt"
    if len(str(path)) > 100 or not hasattr(socket, "AF_UNIX"):
        pytest.skip("no Unix socket at this path")
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(path))
        r = invoke("clean", path, "-o", tmp_path / "out")
    finally:
        sock.close()
    assert r.exit_code == ExitCode.INPUT_ERROR
    one_error(r.stderr, f"{path}: ", "it is a socket")


@needs_dev
@pytest.mark.parametrize("option", ["-g", "-c"])
def test_device_as_glossary_or_settings(article, tmp_path, option):
    r = invoke("clean", article, "-o", tmp_path / "out", option, "/dev/zero")
    assert r.exit_code == ExitCode.GLOSSARY_ERROR
    one_error(r.stderr, "/dev/zero: ", "character device")


# --- settings files ------------------------------------------------------------------------

@pytest.mark.parametrize("data,problem", [
    pytest.param(bytes(range(256)) * 8, "binary file", id="binary"),
    pytest.param("x = 'caf\xe9'\n".encode("latin-1"), "not valid UTF-8", id="latin-1"),
    pytest.param(b"a = " + b"[" * 100_000, "not valid TOML", id="deeply-nested"),
    pytest.param(b"[tool.bilingual\n", "not valid TOML", id="broken"),
])
def test_unusable_pyproject_in_the_current_folder(tmp_path, article, monkeypatch, data, problem):
    (tmp_path / "pyproject.toml").write_bytes(data)
    monkeypatch.chdir(tmp_path)
    for args in (["clean", article, "-o", tmp_path / "out"], ["check", article],
                 ["clean", article, "-o", tmp_path / "out", "--config", tmp_path / "pyproject.toml"]):
        r = invoke(*args)
        assert r.exit_code == ExitCode.GLOSSARY_ERROR, (args, r.output)
        one_error(r.stderr, f"{tmp_path / 'pyproject.toml'}: " if "--config" not in args else "", problem)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("content", ["tool = 1\n", "tool = [1, 2]\n", "[tool]\nbilingual = 3\n"])
def test_a_parent_pyproject_that_is_not_ours(tmp_path, monkeypatch, content):
    """``tool = 1`` in a parent project is someone else's business: the run goes on.
    ``[tool] bilingual = 3`` is ours and wrong: one line."""
    (tmp_path / "pyproject.toml").write_text(content, encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "a.txt").write_text(TEXT, encoding="utf-8")
    monkeypatch.chdir(sub)
    r = invoke("clean", "a.txt", "-o", "out", "-q")
    if "bilingual" in content:
        assert r.exit_code == ExitCode.GLOSSARY_ERROR
        one_error(r.stderr, f"{tmp_path / 'pyproject.toml'}: ", "must be a table")
    else:
        assert r.exit_code == 0, r.output
        assert (sub / "out" / "a.en.txt").exists()


# --- model packages ---------------------------------------------------------------------------

def test_models_install_device(tmp_path):
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    r = invoke("models", "install", "/dev/zero", "--models-dir", tmp_path / "m")
    assert r.exit_code == ExitCode.INPUT_ERROR
    one_error(r.stderr, "/dev/zero: ", "character device")


@pytest.mark.parametrize("meta", [
    pytest.param(b"[" * 100_000, id="nested-100000"),
    pytest.param(b'{"a": ' * 30 + b"1" + b"}" * 30, id="nested-30"),
    pytest.param(b'{"type": "translate", "note": "' + b"x" * (2 << 20) + b'"}', id="2MB"),
    pytest.param(b'{"from_code": "\xff"}', id="not-utf8"),
])
def test_hostile_metadata_is_one_line(tmp_path, meta):
    pkg = tmp_path / "translate-fr_en-1_0"
    pkg.mkdir()
    (pkg / "metadata.json").write_bytes(meta)
    (pkg / "sentencepiece.model").write_bytes(b"x")
    archive = tmp_path / "m.argosmodel"
    with zipfile.ZipFile(archive, "w") as z:
        for f in pkg.iterdir():
            z.write(f, f"{pkg.name}/{f.name}")
    for src in (pkg, archive):
        r = invoke("models", "install", src, "--models-dir", tmp_path / "store")
        assert r.exit_code == ExitCode.INPUT_ERROR, r.output
        one_error(r.stderr, f"{pkg.name}: metadata.json")
    assert [p.name for p in (tmp_path / "store").iterdir()] == []
