"""Which files a folder or a glob stands for, following the conventions of ruff and black.

- Files named on the command line are always taken, whatever the rules below
  (pre-commit passes the files it selected that way).
- Inside a git work tree, what git ignores is skipped: every ``.gitignore`` from
  the work tree's root down to the file's folder, and ``.git/info/exclude``, read
  with `pathspec <https://pypi.org/project/pathspec/>`_ (git's own wildmatch rules,
  negations included; a deeper ``.gitignore`` wins over a higher one). The global
  ``core.excludesFile`` is not read.
- Exclude patterns are gitignore lines too: a pattern without ``/`` (``build``,
  ``*.draft.md``) matches a file or folder name at any depth; one with ``/``
  (``docs/old/``) is anchored at its base folder (the current folder for
  ``--exclude``, the configuration file's folder for the ``exclude`` key).
  ``exclude`` replaces :data:`DEFAULT_EXCLUDE`; ``extend-exclude`` adds to it.

>>> s = Selection()
>>> s.excluded("node_modules/pkg/README.md"), s.excluded("docs/guide.md")
(True, False)
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

# The folders ruff skips by default (its `exclude` setting), which black's defaults also cover.
DEFAULT_EXCLUDE = (
    ".bzr",
    ".direnv",
    ".eggs",
    ".git",
    ".git-rewrite",
    ".hg",
    ".ipynb_checkpoints",
    ".mypy_cache",
    ".nox",
    ".pants.d",
    ".pyenv",
    ".pytest_cache",
    ".pytype",
    ".ruff_cache",
    ".svn",
    ".tox",
    ".venv",
    ".vscode",
    "__pypackages__",
    "_build",
    "buck-out",
    "build",
    "dist",
    "node_modules",
    "site-packages",
    "venv",
)


@dataclass(frozen=True)
class Patterns:
    """Gitignore-style patterns and the folder their anchored patterns are relative to."""

    items: tuple[str, ...]
    base: Path

    @functools.cached_property
    def _spec(self):
        import pathspec  # lazy: `bilingual --help` stays fast

        return pathspec.GitIgnoreSpec.from_lines(self.items)

    def matches(self, path: str, is_dir: bool = False) -> bool:
        if not self.items:
            return False
        return self._spec.match_file(_relative(path, self.base) + ("/" if is_dir else ""))


@dataclass(frozen=True)
class Selection:
    """How folders and globs are expanded. ``exclude`` None: :data:`DEFAULT_EXCLUDE`."""

    exclude: Optional[Patterns] = None
    extend_exclude: Optional[Patterns] = None
    respect_gitignore: bool = True

    @functools.cached_property
    def _groups(self) -> tuple[Patterns, ...]:
        first = self.exclude if self.exclude is not None else Patterns(DEFAULT_EXCLUDE, Path("."))
        return tuple(p for p in (first, self.extend_exclude) if p is not None and p.items)

    @functools.cached_property
    def _git(self) -> "GitIgnored":
        return GitIgnored()

    def within(self, folder: str) -> "Selection":
        """The rules for what is found under ``folder``, named on the command line: a rule that
        would exclude ``folder`` itself is dropped (``bilingual check build/`` checks build/)."""
        if not os.path.isdir(folder) or not self.excluded(folder, is_dir=True):
            return self
        keep = [g for g in self._groups if not g.matches(folder, is_dir=True)]
        return Selection(
            Patterns(keep[0].items, keep[0].base) if keep else Patterns((), Path(".")),
            keep[1] if len(keep) > 1 else None,
            self.respect_gitignore and not self._git.ignored(folder, is_dir=True),
        )

    def excluded(self, path: str, is_dir: bool = False) -> bool:
        """Whether a file (or folder) found by walking a folder or expanding a glob is skipped."""
        if any(g.matches(path, is_dir) for g in self._groups):
            return True
        return self.respect_gitignore and self._git.ignored(path, is_dir)


class GitIgnored:
    """What git ignores, from ``.gitignore`` files and ``info/exclude``; each file is read once."""

    def __init__(self) -> None:
        self._roots: dict[str, Optional[str]] = {}
        self._specs: dict[str, object] = {}

    def ignored(self, path: str, is_dir: bool = False) -> bool:
        full = os.path.abspath(path)
        parent = os.path.dirname(full)
        root = self._root(parent)
        if root is None or full == root:
            return False
        if os.path.basename(full) == ".git":
            return True
        # lowest precedence first: info/exclude, then .gitignore from the root down to the folder
        levels = [(root, self._spec(os.path.join(_git_dir(root), "info", "exclude")))]
        rel_parent = os.path.relpath(parent, root)
        folder = root
        levels.append((folder, self._spec(os.path.join(folder, ".gitignore"))))
        if rel_parent != ".":
            for part in rel_parent.split(os.sep):
                folder = os.path.join(folder, part)
                levels.append((folder, self._spec(os.path.join(folder, ".gitignore"))))
        verdict = False
        for folder, spec in levels:
            if spec is None:
                continue
            rel = os.path.relpath(full, folder).replace(os.sep, "/") + ("/" if is_dir else "")
            include = spec.check_file(rel).include
            if include is not None:
                verdict = include
        return verdict

    def _root(self, folder: str) -> Optional[str]:
        """The top of the git work tree holding ``folder``, or None."""
        if folder in self._roots:
            return self._roots[folder]
        if os.path.exists(os.path.join(folder, ".git")):
            root: Optional[str] = folder
        else:
            up = os.path.dirname(folder)
            root = None if up == folder else self._root(up)
        self._roots[folder] = root
        return root

    def _spec(self, file: str):
        if file not in self._specs:
            try:
                with open(file, encoding="utf-8", errors="replace") as fh:
                    lines = fh.read().splitlines()
            except OSError:
                self._specs[file] = None
            else:
                import pathspec

                self._specs[file] = pathspec.GitIgnoreSpec.from_lines(lines)
        return self._specs[file]


def _git_dir(root: str) -> str:
    """The folder holding ``info/exclude``: ``.git``, or for a linked work tree (``.git`` is a
    file ``gitdir: ...``) its repository's common folder."""
    dot_git = os.path.join(root, ".git")
    if os.path.isdir(dot_git):
        return dot_git
    try:
        with open(dot_git, encoding="utf-8") as fh:
            line = fh.readline().strip()
    except OSError:
        return dot_git
    if not line.startswith("gitdir:"):
        return dot_git
    gitdir = os.path.join(root, line[len("gitdir:") :].strip())
    try:
        with open(os.path.join(gitdir, "commondir"), encoding="utf-8") as fh:
            return os.path.normpath(os.path.join(gitdir, fh.readline().strip()))
    except OSError:
        return gitdir


def _relative(path: str, base: Path) -> str:
    """``path`` relative to ``base`` with ``/`` separators; outside ``base``, its absolute path
    without the leading ``/`` (so only unanchored patterns, matching names, can apply)."""
    full = os.path.abspath(path)
    top = os.path.abspath(base)
    rel = os.path.relpath(full, top)
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        rel = os.path.splitdrive(full)[1].lstrip(os.sep)
    return rel.replace(os.sep, "/")
