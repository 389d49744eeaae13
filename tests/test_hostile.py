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
    return subprocess.run(
        [sys.executable, "-m", "bilingual", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        input=input,
    )


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


@pytest.mark.slow
@needs_fifo
def test_fifo_without_writer_is_refused_not_waited_for(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    for args, code in [
        (["clean", fifo, "-o", tmp_path / "out"], ExitCode.INPUT_ERROR),
        (["check", fifo], ExitCode.INPUT_ERROR),
        (["models", "install", fifo, "--models-dir", tmp_path / "m"], ExitCode.INPUT_ERROR),
    ]:
        r = subprocess_run(*args)
        assert r.returncode == code, (args, r.stderr)
        assert "it is a FIFO" in r.stdout + r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
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


@pytest.mark.parametrize(
    "data,problem",
    [
        pytest.param(bytes(range(256)) * 8, "binary file", id="binary"),
        pytest.param("x = 'caf\xe9'\n".encode("latin-1"), "not valid UTF-8", id="latin-1"),
        pytest.param(b"a = " + b"[" * 100_000, "not valid TOML", id="deeply-nested"),
        pytest.param(b"[tool.bilingual\n", "not valid TOML", id="broken"),
    ],
)
def test_unusable_pyproject_in_the_current_folder(tmp_path, article, monkeypatch, data, problem):
    (tmp_path / "pyproject.toml").write_bytes(data)
    monkeypatch.chdir(tmp_path)
    for args in (
        ["clean", article, "-o", tmp_path / "out"],
        ["check", article],
        ["clean", article, "-o", tmp_path / "out", "--config", tmp_path / "pyproject.toml"],
    ):
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


@pytest.mark.parametrize(
    "meta",
    [
        pytest.param(b"[" * 100_000, id="nested-100000"),
        pytest.param(b'{"a": ' * 30 + b"1" + b"}" * 30, id="nested-30"),
        pytest.param(b'{"type": "translate", "note": "' + b"x" * (2 << 20) + b'"}', id="2MB"),
        pytest.param(b'{"from_code": "\xff"}', id="not-utf8"),
    ],
)
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


# --- processes and signals ------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
linux_only = pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="reads /proc (Linux)")


@pytest.mark.parametrize("value", ["0", "-3", "abc", "1e20", "100000000000000000000", "1025"])
def test_nonsense_jobs_is_a_usage_error(article, tmp_path, value):
    r = invoke("clean", article, "-o", tmp_path / "out", "--jobs", value)
    assert r.exit_code == ExitCode.USAGE, r.output
    assert "Traceback" not in r.output and not (tmp_path / "out").exists()


def test_jobs_in_settings_is_bounded(article, tmp_path):
    cfg = tmp_path / "bilingual.toml"
    cfg.write_text("jobs = 100000000000000000000\n", encoding="utf-8")
    r = invoke("clean", article, "-o", tmp_path / "out", "--config", cfg)
    assert r.exit_code == ExitCode.GLOSSARY_ERROR
    one_error(r.stderr, f"{cfg}: ", "jobs must be at most 1024")


def test_jobs_are_capped_by_the_cpus(monkeypatch):
    from bilingual import batch, workers

    monkeypatch.setattr(workers, "cpu_count", lambda: 2)
    assert workers.jobs_cap() == 8
    monkeypatch.setattr(workers, "cpu_count", lambda: 64)
    assert workers.jobs_cap() == 64
    sizes = []

    class Pool:  # records the size asked for, cleans nothing
        def __init__(self, n, **kw):
            sizes.append(n)
            raise RuntimeError("stop here")

    monkeypatch.setattr(workers, "cpu_count", lambda: 2)
    monkeypatch.setattr(workers, "ProcessPoolExecutor", Pool)
    jobs = [batch.Job(f"{i}.txt", Path("out")) for i in range(100)]
    with pytest.raises(RuntimeError):
        batch.run(jobs, batch.Options(), 48)
    assert sizes == [8]


def _die_on_poison(job, options):
    """Run in the worker processes instead of ``batch.run_in_worker``: dies on one file."""
    from bilingual import batch

    if "poison" in job.path:
        os._exit(9)
    return batch.run_in_worker(job, options)


@pytest.mark.slow
def test_a_worker_that_dies_fails_only_its_own_file(tmp_path, monkeypatch):
    from bilingual import batch
    from bilingual.batch import running

    monkeypatch.setattr(running, "run_in_worker", _die_on_poison)  # looked up by name at submit
    names = ["a", "b", "poison", "c", "d"]
    for n in names:
        (tmp_path / f"{n}.txt").write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out"
    jobs = batch.expand([str(tmp_path / f"{n}.txt") for n in names], out)
    seen = []
    outcomes = batch.run(jobs, batch.Options(html=False), 2, seen.append)
    assert [Path(o.path).stem for o in outcomes] == names == [Path(o.path).stem for o in seen]
    errors = {Path(o.path).stem: o.error for o in outcomes if o.error}
    assert list(errors) == ["poison"] and batch.WORKER_DIED in errors["poison"]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{n}.{k}" for n in names if n != "poison" for k in ("en.txt", "fr.txt", "report.json")
    )


def test_stale_temporary_files_of_a_dead_run_are_removed(article, tmp_path):
    from bilingual import tempnames

    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    ).stdout.strip()
    out = tmp_path / "out"
    out.mkdir()
    stale = out / f".a.en.txt.{tempnames.tag(int(dead))}.x1y2z3w4{tempnames.SUFFIX}"
    live = out / f".a.fr.txt.{tempnames.tag(os.getppid())}.x1y2z3w4{tempnames.SUFFIX}"  # a running process's
    foreign = out / f".a.fr.txt.00000000-{dead}.x1y2z3w4{tempnames.SUFFIX}"  # another machine's
    mine = out / ".notes.tmp"
    for p in (stale, live, foreign, mine):
        p.write_text("partial", encoding="utf-8")
    r = invoke("clean", article, "-o", out, "-q")
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [live.name, foreign.name, mine.name, "a.en.txt", "a.fr.txt", "a.report.json", "a.report.html"]
    )


def _descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        p = todo.pop()
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                kids = (task / "children").read_text().split()
            except OSError:
                continue
            for k in map(int, kids):
                if k not in found:
                    found.add(k)
                    todo.append(k)
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@linux_only
@pytest.mark.parametrize("mode", ["streamed", "batch"])
def test_workers_die_with_a_killed_main_process(tmp_path, mode):
    """SIGKILL to the main process: its worker processes end too (they held the caller's pipes)."""
    import signal
    import time

    article = (ROOT / "input" / "article.txt").read_text(encoding="utf-8")
    if mode == "streamed":
        (tmp_path / "big.txt").write_text(article * (4_500_000 // len(article) + 1), encoding="utf-8")
        args = [tmp_path / "big.txt", "-j", "2"]
    else:
        for i in range(24):  # about 7 MB: several seconds of work, so the workers are seen mid-run
            (tmp_path / f"doc{i}.txt").write_text(article * 40, encoding="utf-8")
        args = [*sorted(tmp_path.glob("doc*.txt")), "-j", "2"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bilingual",
            "clean",
            *map(str, args),
            "-o",
            str(tmp_path / "out"),
            "-e",
            "builtin",
            "-q",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 90
        workers: set[int] = set()
        while time.monotonic() < deadline and proc.poll() is None:
            workers = {p for p in _descendants(proc.pid) if _running(p)}
            if len(workers) >= 2 + (mode == "batch"):  # the fork server, then its workers
                break
            time.sleep(0.05)
        assert proc.poll() is None and workers, "no worker processes seen"
        time.sleep(0.3)
        workers = {p for p in _descendants(proc.pid) if _running(p)}
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(map(_running, workers)):
            time.sleep(0.05)
        assert not [p for p in workers if _running(p)], "workers outlived the main process"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    # the next run removes the temporary files the killed one left behind
    left = [p.name for p in (tmp_path / "out").glob(f"*{'.bilingual.tmp'}")] if (tmp_path / "out").exists() else []
    if mode == "streamed" and left:
        r = invoke(
            "clean", tmp_path / "big.txt", "-o", tmp_path / "other", "-e", "builtin", "-q", "--jobs", "1", "--no-html"
        )
        assert r.exit_code == 0
        os.replace(tmp_path / "big.txt", tmp_path / "small.txt")
        (tmp_path / "small.txt").write_text(TEXT, encoding="utf-8")
        assert invoke("clean", tmp_path / "small.txt", "-o", tmp_path / "out", "-q").exit_code == 0
        assert not list((tmp_path / "out").glob("*.bilingual.tmp"))


@pytest.mark.parametrize("command", ["check", "clean-stdin", "models-install", "clean"])
def test_ctrl_c_exits_130_in_every_command(tmp_path, monkeypatch, article, command):
    from bilingual import batch, models
    from bilingual import check as checker
    from bilingual.batch import running

    def interrupted(*a, **kw):
        raise KeyboardInterrupt

    monkeypatch.setattr(checker, "check_file", interrupted)
    monkeypatch.setattr(models, "install", interrupted)
    monkeypatch.setattr(running, "run_one", interrupted)
    monkeypatch.setattr(batch, "process_input", interrupted)
    args = {
        "check": ["check", article],
        "clean-stdin": ["clean", "-", "--to", "en"],
        "models-install": ["models", "install", article, "--models-dir", tmp_path / "m"],
        "clean": ["clean", article, "-o", tmp_path / "out"],
    }[command]
    r = invoke(*args, input=TEXT)
    assert r.exit_code == ExitCode.INTERRUPTED, r.output
    assert r.stderr.strip() == "Interrupted" and "Traceback" not in r.output


@pytest.mark.slow
@pytest.mark.parametrize("args", [["check", "{big}", "--lang", "en"], ["clean", "-", "--to", "en"]])
def test_a_closed_pipe_ends_quietly(tmp_path, args):
    big = tmp_path / "big.txt"
    big.write_text((ROOT / "input" / "article.txt").read_text(encoding="utf-8") * 40, encoding="utf-8")
    cmd = [sys.executable, "-m", "bilingual", *[a.format(big=big) for a in args]]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with open(big, "rb") as stdin:
        proc = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        proc.stdout.close()  # the reader is gone before anything is written, as with `| true`
        err = proc.stderr.read().decode()
        proc.wait(timeout=120)
    assert proc.returncode == ExitCode.BROKEN_PIPE, err
    assert "Traceback" not in err and "Exception ignored" not in err and "Error" not in err


# --- model installs and the model store ---------------------------------------------------------


def _argos_folder(root: Path, name: str = "translate-fr_en-1_0", **meta) -> Path:
    """A folder that looks like an Argos package (no real model: install stops at the check)."""
    from tinymodel import build_argos_package

    pkg = build_argos_package(root / name, "fr", "en")
    if meta:
        data = __import__("json").loads((pkg / "metadata.json").read_text(encoding="utf-8"))
        data.update(meta)
        (pkg / "metadata.json").write_text(__import__("json").dumps(data), encoding="utf-8")
    return pkg


def _zip(folder: Path, path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for f in sorted(folder.rglob("*")):
            if f.is_file():
                z.write(f, f"{folder.name}/{f.relative_to(folder).as_posix()}")
    return path


@pytest.mark.parametrize("target", ["secret", "/dev/zero"])
def test_folder_install_never_follows_a_link(tmp_path, target):
    pkg = _argos_folder(tmp_path)
    if target == "secret":
        (tmp_path / "secret").write_text("password", encoding="utf-8")
        target = tmp_path / "secret"
    (pkg / "notes.txt").symlink_to(target)
    store = tmp_path / "store"
    r = invoke("models", "install", pkg, "--models-dir", store)
    assert r.exit_code == ExitCode.INPUT_ERROR, r.output
    one_error(r.stderr, f"{pkg}: ", "symbolic link: notes.txt")
    assert [p.name for p in store.iterdir()] == []


@pytest.mark.slow
@needs_fifo
def test_folder_install_refuses_a_fifo(tmp_path):
    pkg = _argos_folder(tmp_path)
    os.mkfifo(pkg / "model" / "extra")
    r = subprocess_run("models", "install", pkg, "--models-dir", tmp_path / "store")
    assert r.returncode == ExitCode.INPUT_ERROR
    one_error(r.stderr, f"{pkg}: ", "special file: model/extra")


def test_archive_uncompressed_size_is_bounded(tmp_path, monkeypatch):
    from bilingual import models

    pkg = _argos_folder(tmp_path)
    (pkg / "padding.bin").write_bytes(b"\0" * 3_000_000)  # compresses to a few KB
    archive = _zip(pkg, tmp_path / "bomb.argosmodel")
    monkeypatch.setattr(models, "MAX_MODEL_BYTES", 2 << 20)
    for src in (archive, pkg):
        r = invoke("models", "install", src, "--models-dir", tmp_path / "store")
        assert r.exit_code == ExitCode.INPUT_ERROR, r.output
        one_error(r.stderr, f"{src}: ", "2.0 MiB")
    assert [p.name for p in (tmp_path / "store").iterdir()] == []


@pytest.mark.parametrize(
    "field,value,problem",
    [
        ("package_version", "²", "package_version"),
        ("package_version", "9" * 5000, "package_version"),
        ("package_version", [1, 9], "package_version"),
        ("package_version", "1.9\n", "package_version"),
        ("from_code", "fr\n", "not a language code"),
        ("from_code", "x" * 100_000, "not a language code"),
        ("from_code", {"a": 1}, "not a language code"),
        ("to_code", "\x1b[31men", "not a language code"),
        ("target_prefix", "x" * 1000, "target_prefix"),
        ("target_prefix", "__en__\n", "target_prefix"),
    ],
)
def test_metadata_is_validated_at_install(tmp_path, field, value, problem):
    pkg = _argos_folder(tmp_path, **{field: value})
    for src in (pkg, _zip(pkg, tmp_path / "m.argosmodel")):
        r = invoke("models", "install", src, "--models-dir", tmp_path / "store")
        assert r.exit_code == ExitCode.INPUT_ERROR, r.output
        line = one_error(r.stderr, "translate-fr_en-1_0: ", problem)
        assert len(line) < 300 and "\x1b" not in line
    assert [p.name for p in (tmp_path / "store").iterdir()] == []


def test_model_names_are_checked(tmp_path):
    pkg = _argos_folder(tmp_path, name="x" * 150)
    r = invoke("models", "install", pkg, "--models-dir", tmp_path / "store")
    assert r.exit_code == ExitCode.INPUT_ERROR
    one_error(r.stderr, "'xxxx", "not a usable model name")


def test_a_damaged_store_never_breaks_list_or_clean(tmp_path, article, tiny_models, monkeypatch):
    """Models put in the store by hand (or by an older version) with bad metadata: listed as
    unusable, and ``clean`` works with what is usable."""
    import json
    import shutil

    store = tmp_path / "store"
    shutil.copytree(tiny_models.store, store)
    good = sorted(p.name for p in store.iterdir())
    for n, version in enumerate(["²", "9" * 5000]):
        bad = store / f"bad-{n}"
        shutil.copytree(store / good[0], bad)
        meta = (
            json.loads((bad / "metadata.json").read_text(encoding="utf-8")) if (bad / "metadata.json").exists() else {}
        )
        meta["package_version"] = version
        (bad / "metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    (store / "deep").mkdir()
    (store / "deep" / "metadata.json").write_text("[" * 100_000, encoding="utf-8")
    (store / "not-a-folder").write_text("x", encoding="utf-8")
    r = invoke("models", "list", "--models-dir", store)
    assert r.exit_code == 0, r.output
    assert r.output.count("unusable:") == 3 and "Traceback" not in r.output
    for name in good:
        assert name in r.output
    monkeypatch.setenv("BILINGUAL_MODELS_DIR", str(store))
    r = invoke("clean", article, "-o", tmp_path / "out", "-q")
    assert r.exit_code == 0, r.output


# --- full disks, streamed standard input and check, file names, link loops --------------------


class _FullDisk:
    """A file object that takes ``room`` bytes, then fails as a full disk does."""

    def __init__(self, fh, room: int):
        self.fh, self.room = fh, room

    def write(self, data):
        self.room -= len(data)
        if self.room < 0:
            raise OSError(28, "No space left on device")
        return self.fh.write(data)

    def __getattr__(self, name):
        return getattr(self.fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.fh.close()


@pytest.mark.parametrize("streamed", [False, True])
def test_a_full_disk_is_one_line_exit_6_and_leaves_nothing(tmp_path, article, monkeypatch, streamed):
    from bilingual import chunked

    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda *a, **kw: _FullDisk(real_fdopen(*a, **kw), 300))
    if streamed:
        monkeypatch.setattr(chunked, "THRESHOLD", 10)
    out = tmp_path / "out"
    r = invoke("clean", article, "-o", out, "-e", "builtin")
    assert r.exit_code == ExitCode.OUTPUT_ERROR, r.output
    one_error(r.stderr, "", "No space left on device")
    assert list(out.iterdir()) == [] if out.exists() else True


def test_a_full_temporary_disk_for_streamed_stdin(tmp_path, monkeypatch):
    import tempfile

    from bilingual import chunked

    monkeypatch.setattr(chunked, "THRESHOLD", 10)
    real = tempfile.TemporaryFile
    monkeypatch.setattr(tempfile, "TemporaryFile", lambda *a, **kw: _FullDisk(real(*a, **kw), 100))
    r = invoke("clean", "-", "--to", "en", input=TEXT * 20)
    assert r.exit_code == ExitCode.OUTPUT_ERROR, r.output
    one_error(r.stderr, "", "No space left on device")
    assert r.stdout == ""


def test_streamed_stdin_gives_the_streamed_file_bytes(tmp_path, monkeypatch):
    from bilingual import chunked

    text = (ROOT / "input" / "article.txt").read_text(encoding="utf-8") * 3
    src = tmp_path / "a.txt"
    src.write_text(text, encoding="utf-8")
    monkeypatch.setattr(chunked, "THRESHOLD", 1000)
    for lang in ("en", "fr"):
        r = invoke("clean", src, "-o", tmp_path / "out", "--to", lang, "-q", "-e", "builtin")
        assert r.exit_code == 0, r.output
        r = invoke("clean", "-", "--to", lang, "-q", "-e", "builtin", input=text.encode())
        assert r.exit_code == 0, r.output
        assert r.stdout_bytes == (tmp_path / "out" / f"a.{lang}.txt").read_bytes()
    r = invoke("clean", "-", "-e", "builtin", input=text.encode())  # no --to: the base language
    assert r.stdout_bytes == (tmp_path / "out" / "a.en.txt").read_bytes()
    assert r.stderr.startswith("wrote <stdout>; en: ")


def test_streamed_check_has_whole_text_positions(tmp_path):
    import io

    from bilingual import chunked
    from bilingual.text.position import Locator

    text = (ROOT / "input" / "article.txt").read_text(encoding="utf-8") * 3
    rep = chunked.check_stream(io.BytesIO(text.encode()), "x.txt", "en", chunk_chars=3000)
    assert rep.error is None and len(rep.findings) > 10
    loc = Locator(text)
    for f in rep.findings:
        assert text[f.start : f.end] == f.text
        assert (f.line, f.col) == loc.line_col(f.start) and (f.end_line, f.end_col) == loc.line_col(f.end)
    whole = invoke("check", "--lang", "en", "-", input=text.encode())
    assert whole.exit_code == ExitCode.FLAGGED


def test_check_streams_large_inputs(tmp_path, monkeypatch):
    from bilingual import chunked

    text = (ROOT / "input" / "article.txt").read_text(encoding="utf-8") * 2
    src = tmp_path / "big.txt"
    src.write_text(text, encoding="utf-8")
    import json

    from bilingual import check as checker

    calls = []
    real = chunked.check_pieces
    monkeypatch.setattr(
        chunked,
        "check_pieces",
        lambda fh, name, lang=None, head=b"", chunk_chars=0, **kw: (
            calls.append(name) or real(fh, name, lang, head, 3000, **kw)
        ),
    )
    monkeypatch.setattr(chunked, "THRESHOLD", 1000)
    r1 = invoke("check", src, "--lang", "en")
    r2 = invoke("check", "-", "--lang", "en", input=text.encode())
    assert calls == [str(src), "-"]
    assert r1.exit_code == r2.exit_code == ExitCode.FLAGGED
    assert [ln.split(":", 1)[1] for ln in r1.stdout.splitlines()] == [
        ln.split(":", 1)[1] for ln in r2.stdout.splitlines()
    ]
    # JSON, streamed: valid, the same findings, error last
    small = tmp_path / "small.txt"
    small.write_text(TEXT, encoding="utf-8")
    r = invoke("check", src, small, "--lang", "en", "--format", "json")
    data = json.loads(r.stdout)
    from bilingual.check import allow

    whole = chunked.check_stream(open(src, "rb"), str(src), "en", chunk_chars=3000)
    whole = checker.accepted(whole, allow.build((), None))  # termbase terms are accepted (issue 13)
    assert [f["start"] for f in data["files"][0]["findings"]] == [f.start for f in whole.findings]
    assert list(data["files"][0]) == ["file", "expected", "findings", "error"] and data["files"][0]["error"] is None
    assert data["files"][1] == json.loads(checker.format_json([checker.check_file(str(small), "en")]))["files"][0]


def test_check_output_is_unchanged_for_small_files(tmp_path):
    from bilingual import check as checker

    files = []
    for i, body in enumerate([TEXT, "Only English here.\n", b"\xff\xfe\x00"]):
        p = tmp_path / f"f{i}.txt"
        p.write_bytes(body if isinstance(body, bytes) else body.encode())
        files.append(str(p))
    reports = [checker.check_file(f, "en") for f in files]
    for fmt, expected in [
        ("json", checker.format_json(reports)),
        ("text", checker.format_text(reports)),
        ("github", checker.format_github(reports)),
    ]:
        r = invoke("check", *files, "--lang", "en", "--format", fmt)
        assert r.stdout == expected, fmt
    r = invoke("check", tmp_path / "none*.txt", "--format", "json")
    assert __import__("json").loads(r.stdout)["files"][0]["error"]


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="file names as bytes (Linux)")
def test_file_names_that_are_not_utf8(tmp_path):
    import json

    folder = tmp_path / "docs"
    folder.mkdir()
    bad = os.path.join(os.fsencode(folder), b"caf\xe9.txt")
    with open(bad, "wb") as fh:
        fh.write(TEXT.encode())
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONIOENCODING": "utf-8"}
    r = subprocess.run(
        [sys.executable, "-m", "bilingual", "clean", str(folder), "-o", str(out)],
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert b"Traceback" not in r.stderr
    names = sorted(os.listdir(os.fsencode(out)))
    assert names == [b"caf\xe9.en.txt", b"caf\xe9.fr.txt", b"caf\xe9.report.html", b"caf\xe9.report.json"]
    report = json.loads((out / os.fsdecode(b"caf\xe9.report.json")).read_bytes().decode("utf-8"))
    assert report["source"].endswith("caf\ufffd.txt")
    r = subprocess.run(
        [sys.executable, "-m", "bilingual", "check", str(folder)], env=env, capture_output=True, timeout=120
    )
    assert r.returncode == ExitCode.FLAGGED and b"caf\xe9.txt:" in r.stdout and b"Traceback" not in r.stderr


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links")
def test_link_loops_are_searched_once(tmp_path):
    root = tmp_path / "tree"
    (root / "a" / "b").mkdir(parents=True)
    (root / "c").mkdir()
    for p in ("a/x.md", "a/b/y.md", "c/z.md"):
        (root / p).write_text(TEXT, encoding="utf-8")
    (root / "a" / "b" / "up").symlink_to("..")  # two loops
    (root / "c" / "loop").symlink_to(root)
    (root / "c" / "alias").symlink_to(root / "a")
    r = subprocess_run("clean", f"{root}/**/*.md", "-o", tmp_path / "out", "-q", timeout=120)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        f"{n}.{k}" for n in "xyz" for k in ("en.md", "fr.md", "report.json", "report.html")
    )
    r = subprocess_run("clean", root, "-o", tmp_path / "out2", "-q", timeout=120)
    assert r.returncode == 0, r.stderr
    assert len(list((tmp_path / "out2").rglob("*.en.md"))) == 3
