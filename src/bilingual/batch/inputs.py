"""The files a run cleans: files, folders and globs expanded into :class:`Job` s.

Folders are searched recursively, globs matched (``**`` recurses) without
following a link back into a folder already searched, and two inputs whose
outputs would land on the same paths are caught before anything is written.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional, Sequence

from ..selection import Selection

SUFFIXES = (".txt", ".md")
_GLOB_CHARS = "*?["


@dataclass(frozen=True)
class Job:
    """One input file and the folder its outputs go to; ``error`` if it cannot even start."""

    path: str
    out_dir: Path
    error: Optional[str] = None


def expand(
    inputs: Sequence[str], out_dir: Path = Path("output"), writes: bool = True, selection: Optional[Selection] = None
) -> list[Job]:
    """Files as given; folders recursively (``.txt`` and ``.md``, hidden folders and
    ``out_dir`` skipped, sub-folders mirrored under ``out_dir``); globs (``**`` recurses).
    What a folder or glob finds is filtered by ``selection`` (default: git-ignored files and
    :data:`~bilingual.selection.DEFAULT_EXCLUDE` skipped; see ``selection.py``); a file named
    as such is always taken.

    With ``writes``, two inputs whose outputs would land on the same paths: the second one fails.
    """
    jobs: list[Job] = []
    out_real = os.path.realpath(out_dir)
    selection = selection or Selection()
    for arg in inputs:
        p = Path(arg)
        if p.is_dir():
            found = sorted(_walk(p, out_real, selection.within(arg)))
            if not found:
                jobs.append(Job(arg, out_dir, f"{arg}: no .txt or .md files in this folder"))
            for f in found:
                jobs.append(Job(str(f), out_dir / f.parent.relative_to(p)))
        elif not p.exists() and any(c in arg for c in _GLOB_CHARS):
            rules = selection.within(_glob_folder(arg))
            matches = sorted(m for m in _glob(arg) if Path(m).is_file() and not rules.excluded(m))
            if not matches:
                jobs.append(Job(arg, out_dir, f"{arg}: no file matches this pattern"))
            jobs.extend(Job(m, out_dir) for m in matches)
        else:
            jobs.append(Job(arg, out_dir))
    return _dedupe(jobs, writes)


def _glob(pattern: str) -> list[str]:
    """``glob.glob(pattern, recursive=True)``, except that under ``**`` each real folder is
    visited once: a symbolic link back to a parent (a loop) is not followed again, where
    ``glob`` would follow it until the path is too long, in time exponential in the loops."""
    if "**" not in pattern:
        return glob.glob(pattern)
    import fnmatch

    parts = pattern.replace(os.sep, "/").split("/")
    k = next(i for i, c in enumerate(parts) if any(ch in c for ch in _GLOB_CHARS))
    root = "/".join(parts[:k]) or ("/" if pattern.startswith("/") else "")
    comps = parts[k:]

    def matches(names: list[str], i: int = 0, j: int = 0) -> bool:
        while j < len(comps) and comps[j] != "**":
            if (
                i >= len(names)
                or (names[i].startswith(".") and not comps[j].startswith("."))
                or not fnmatch.fnmatchcase(names[i], comps[j])
            ):
                return False
            i, j = i + 1, j + 1
        if j == len(comps):
            return i == len(names)
        if j == len(comps) - 1:  # a final "**": every file below that is not hidden
            return not any(n.startswith(".") for n in names[i:])
        while True:  # "**": zero or more folders that are not hidden
            if matches(names, i, j + 1):
                return True
            if i >= len(names) - 1 or names[i].startswith("."):
                return False
            i += 1

    from collections import deque

    found: list[str] = []
    seen: set = set()
    hidden_ok = any(c.startswith(".") for c in comps)
    real: deque = deque([(root or ".", [])])  # folders reached without a link come first
    linked: deque = deque()  # then those reached through one, unless already searched
    while real or linked:
        top, prefix = real.popleft() if real else linked.popleft()
        try:
            st = os.stat(top)
            if (st.st_dev, st.st_ino) in seen:  # a loop, or a folder also reached another way
                continue
            seen.add((st.st_dev, st.st_ino))
            entries = sorted(os.scandir(top), key=lambda e: e.name)
        except OSError:
            continue
        for e in entries:
            names = prefix + [e.name]
            try:
                is_dir = e.is_dir()
            except OSError:
                continue
            if is_dir:
                if hidden_ok or not e.name.startswith("."):
                    (linked if e.is_symlink() else real).append((e.path, names))
            elif matches(names):
                found.append(os.path.join(root, *names) if root else os.path.join(*names))
    return found


def _walk(folder: Path, out_real: str, selection: Selection) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".")
            and os.path.realpath(os.path.join(root, d)) != out_real
            and not selection.excluded(os.path.join(root, d), is_dir=True)
        )
        for name in files:
            if (
                Path(name).suffix.lower() in SUFFIXES
                and not name.startswith(".")
                and not selection.excluded(os.path.join(root, name))
            ):
                yield Path(root) / name


def _glob_folder(pattern: str) -> str:
    """The folder a glob starts from: its leading components without wildcards."""
    parts = []
    for part in Path(pattern).parts[:-1]:
        if any(c in part for c in _GLOB_CHARS):
            break
        parts.append(part)
    return str(Path(*parts)) if parts else "."


def _dedupe(jobs: list[Job], writes: bool = True) -> list[Job]:
    seen_inputs: set[str] = set()
    owners: dict[str, str] = {}
    out = []
    for job in jobs:
        real = os.path.realpath(job.path)
        if job.error is None and real in seen_inputs:
            continue  # the same file named twice (a folder and a glob, say)
        seen_inputs.add(real)
        key = os.path.realpath(job.out_dir / Path(job.path).stem)
        if job.error is None and writes and key in owners:
            job = Job(
                job.path,
                job.out_dir,
                f"{job.path}: its outputs would overwrite those of {owners[key]}; clean it separately with --out-dir",
            )
        elif job.error is None:
            owners[key] = job.path
        out.append(job)
    return out
