"""Options shared by ``clean`` and ``check`` for choosing files in folders and globs (see ``selection.py``)."""

from __future__ import annotations

from pathlib import Path

import click


def selection_options(f):
    """``--exclude`` and ``--extend-exclude`` (repeatable; gitignore-style patterns)."""
    f = click.option(
        "--extend-exclude",
        "extend_exclude",
        multiple=True,
        metavar="PATTERN",
        help="Also skip what matches PATTERN in folders and globs (repeatable).",
    )(f)
    f = click.option(
        "--exclude",
        "exclude",
        multiple=True,
        metavar="PATTERN",
        help="Skip what matches PATTERN (gitignore syntax) in folders and globs, instead of the "
        "default excludes (.git, .venv, venv, node_modules, build, dist, ...); repeatable. "
        "Files named on the command line are always read; git-ignored files are skipped.",
    )(f)
    return f


def selection_from(opts: dict):
    """The :class:`~bilingual.selection.Selection` of the command's options (after the settings file)."""
    from ..selection import Patterns, Selection

    def patterns(value):  # from the command line: a tuple; from the settings file: Patterns
        if not value:
            return None
        return value if isinstance(value, Patterns) else Patterns(tuple(value), Path("."))

    return Selection(patterns(opts.get("exclude")), patterns(opts.get("extend_exclude")))
