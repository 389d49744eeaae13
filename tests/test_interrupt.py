"""Ctrl-C during a batch: a real ``python -m bilingual clean`` subprocess gets SIGINT.

No partial or temporary output may remain, every output that exists is complete
(byte for byte what an uninterrupted run writes), the exit code is 130 with a
one-line message, and running the same command again completes the work.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # a real subprocess, cleaning 24 files
ROOT = Path(__file__).resolve().parent.parent

# The child process is outside pytest's audit hook (conftest.py), so it gets its own guard.
NO_NETWORK = """
import sys
def _guard(event, args):
    if event == "socket.connect" and isinstance(args[1], tuple):
        host = str(args[1][0])
        if host not in ("127.0.0.1", "::1", "localhost"):
            raise RuntimeError(f"tests must not use the network: connect to {host}")
sys.addaudithook(_guard)
"""


def outputs(folder: Path) -> dict[str, bytes]:
    """Names and bytes of what is in ``folder``; only called once no process writes there."""
    return {p.name: p.read_bytes() for p in folder.iterdir()} if folder.exists() else {}


def listing(folder: Path) -> list[str]:
    """Names only: safe while the batch runs (a temporary file may be renamed between listing and reading)."""
    return [p.name for p in folder.iterdir()] if folder.exists() else []


def by_stem(names) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for n in names:
        out.setdefault(n.split(".", 1)[0], set()).add(n)
    return out


def test_sigint_mid_batch_leaves_only_complete_outputs(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    paragraphs = (ROOT / "input" / "article.txt").read_text(encoding="utf-8").split("\n\n")
    for i in range(24):
        (src / f"doc{i:02}.txt").write_text("\n\n".join(paragraphs[1 + i % 6 : 4 + i % 6]) + "\n", encoding="utf-8")
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(NO_NETWORK, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(guard), str(ROOT / "src")])}
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "bilingual", "clean", str(src), "-o", str(out), "-e", "builtin", "-q"]

    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    while not any(n.endswith(".report.json") for n in listing(out)):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no output appeared within 2 minutes"
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole process group
    stdout, stderr = proc.communicate(timeout=60)
    err = stderr.decode()
    assert proc.returncode == 130, (proc.returncode, err)
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and "nterrupt" in err, err

    partial = outputs(out)
    assert not [n for n in partial if n.endswith(".tmp") or n.startswith(".")]
    assert len(by_stem(partial)) < 24, "the batch finished before the signal: nothing was tested"

    rerun = subprocess.run(cmd, env=env, capture_output=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr.decode()
    full = outputs(out)
    assert len(by_stem(full)) == 24
    assert not [n for n in full if n.endswith(".tmp")]
    complete = by_stem(full)
    for stem, names in by_stem(partial).items():
        assert names == complete[stem], f"{stem}: only {sorted(names)} were written"
        for n in names:
            if not n.endswith(".html"):  # the HTML page may carry a time stamp
                assert partial[n] == full[n], f"{n} was incomplete"
