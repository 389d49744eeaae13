"""Build an output by applying its changes to the input text."""
from __future__ import annotations

from typing import Iterable

from .model import Change


def apply_changes(text: str, changes: Iterable[Change]) -> str:
    """Replace ``text[c.start:c.end]`` by ``c.after`` for every change (they must not overlap).

    >>> from bilingual.model import Lang
    >>> apply_changes("ab cd", [Change(Lang.EN, 3, 5, "cd", "CD", "term")])
    'ab CD'
    """
    parts, pos = [], 0
    for c in sorted(changes, key=lambda c: (c.start, c.end)):
        if c.start < pos:
            raise ValueError(f"overlapping changes at {c.start}: {c!r}")
        parts.append(text[pos:c.start])
        parts.append(c.after)
        pos = c.end
    parts.append(text[pos:])
    return "".join(parts)
