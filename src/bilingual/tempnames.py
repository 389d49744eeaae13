"""Names of temporary files and folders that say which process made them, and the removal
of those whose process is gone.

A temporary name carries the host and process id of its maker (:func:`tag`);
:func:`sweep` removes the entries of a folder whose maker ran on this machine
and is no longer running (a run killed before it could clean up), once per
folder and process.

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
import zlib
from typing import Optional

SUFFIX = ".bilingual.tmp"  # every temporary output file ends so


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


def temp_prefix(name: str) -> str:
    """The start of a temporary file's name for an output ``name``: ``.NAME.<host>-<pid>.``
    (the name cut so that the whole stays well under the usual 255-byte limit)."""
    short = (
        name.encode("utf-8", "surrogateescape")[:120].decode("utf-8", "surrogateescape") if len(name) > 120 else name
    )
    return f".{short}.{tag()}."
