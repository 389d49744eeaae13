"""Worker processes and temporary files that never outlive the run that made them.

* :func:`die_with_parent`: a worker process asks Linux to kill it when its parent
  ends, whatever signal ended the parent (SIGKILL included): no worker lives on
  holding the caller's pipes.
* Temporary files and folders carry the host and process id of their maker
  (:func:`tag`); :func:`sweep` removes those whose maker is gone (a run killed
  before it could clean up), once per folder and process.

>>> name = f".a.txt.{tag()}.k3j_x9z0{SUFFIX}"
>>> owner(name) == os.getpid()
True
>>> owner(".a.txt.tmp") is None
True
"""
from __future__ import annotations

import functools
import os
import re
import shutil
import socket
import sys
import zlib
from typing import Optional

SUFFIX = ".bilingual.tmp"  # every temporary output file ends so
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_SIGKILL = 9


@functools.cache
def _host() -> str:
    """Eight hex digits naming this machine: a folder shared between machines (NFS) holds
    files of processes that are not ours to judge, and those are left alone."""
    return f"{zlib.crc32(socket.gethostname().encode('utf-8', 'replace')):08x}"


def tag(pid: Optional[int] = None) -> str:
    """``<host>-<pid>``: who made a temporary file or folder."""
    return f"{_host()}-{os.getpid() if pid is None else pid}"


_TAGGED = re.compile(r"(?:^|[.-])([0-9a-f]{8})-(\d{1,10})[.-]")


def owner(name: str) -> Optional[int]:
    """The process id in a tagged name made on this machine, else None."""
    m = None
    for m in _TAGGED.finditer(name):
        pass  # the last tag in the name: the file's own name may look like one too
    if m is None or m.group(1) != _host():
        return None
    return int(m.group(2))


def alive(pid: int) -> bool:
    """Whether a process ``pid`` exists (another user's counts: it may be a run of theirs)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, OverflowError):
        return True
    return True


_swept: set = set()


def sweep(folder: str | os.PathLike[str], prefix: str = "", suffix: str = SUFFIX) -> int:
    """Remove the entries of ``folder`` named ``prefix...suffix`` whose maker (see :func:`tag`)
    ran on this machine and is no longer running; once per folder, prefix and process.
    Returns how many were removed. Never raises: cleaning up is a courtesy."""
    key = (os.getpid(), os.path.realpath(folder), prefix, suffix)
    if key in _swept:
        return 0
    _swept.add(key)
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for e in entries:
        if not (e.name.startswith(prefix) and e.name.endswith(suffix)):
            continue
        pid = owner(e.name)
        if pid is None or alive(pid):
            continue
        try:
            if e.is_dir(follow_symlinks=False):
                shutil.rmtree(e.path, ignore_errors=True)
            else:
                os.unlink(e.path)
            removed += 1
        except OSError:
            pass
    return removed


def die_with_parent(parent: Optional[int] = None) -> None:
    """In a worker process: be killed when the parent process ends (Linux ``PR_SET_PDEATHSIG``).

    ``parent``: the pid the parent had; if it already ended before the request took
    effect, this process exits now. Elsewhere than Linux this only does that check.
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, _SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no libc prctl
            pass
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def temp_prefix(name: str) -> str:
    """The start of a temporary file's name for an output ``name``: ``.NAME.<host>-<pid>.``
    (the name cut so that the whole stays well under the usual 255-byte limit)."""
    short = name.encode("utf-8", "surrogateescape")[:120].decode("utf-8", "surrogateescape") if len(name) > 120 else name
    return f".{short}.{tag()}."


def watch(pid: int) -> None:
    """In a worker process whose parent is not the main process (a fork server's child):
    exit as soon as process ``pid`` (the main process) ends. A thread waits on a
    process descriptor (Linux 5.3+), else checks once a second."""
    import threading

    def wait_for_it():
        import select
        import time

        try:
            fd = os.pidfd_open(pid)
        except ProcessLookupError:
            os._exit(1)
        except (AttributeError, OSError):
            fd = None
        if fd is not None:
            select.select([fd], [], [])  # readable when the process has ended
            os._exit(1)
        while alive(pid):
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=wait_for_it, name="bilingual-watch-main", daemon=True).start()


def tune_gc() -> None:
    """Fewer garbage collections: a run allocates millions of small objects and frees them
    by reference counting, so the default thresholds (700 allocations) only rescan live
    ones (about 10% of a long run's CPU). Called by the command line and in worker
    processes; the library leaves the interpreter's settings alone."""
    import gc

    gc.set_threshold(50_000, 20, 100)


def cpu_count() -> int:
    """CPUs this process may run on (its affinity mask, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


class gc_paused:
    """``with gc_paused():`` no cyclic garbage collection inside the block (the collector's state
    before it resumes after): for code that makes millions of small objects and no cycles, which
    the collector would only rescan."""

    def __enter__(self) -> None:
        import gc

        self._enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        import gc

        if self._enabled:
            gc.enable()
