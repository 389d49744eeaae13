"""Build an output by applying its changes to the input text."""

from __future__ import annotations

import bisect
from itertools import accumulate
from operator import attrgetter
from typing import Iterable

from .model import Change

BY_SPAN = attrgetter("start", "end")  # sort key of changes: (start, end)


def apply_changes(text: str, changes: Iterable[Change]) -> str:
    """Replace ``text[c.start:c.end]`` by ``c.after`` for every change (they must not overlap).

    >>> from bilingual.model import Lang
    >>> apply_changes("ab cd", [Change(Lang.EN, 3, 5, "cd", "CD", "term")])
    'ab CD'
    """
    parts, pos = [], 0
    for c in sorted(changes, key=BY_SPAN):
        if c.start < pos:
            raise ValueError(f"overlapping changes at {c.start}: {c!r}")
        parts.append(text[pos : c.start])
        parts.append(c.after)
        pos = c.end
    parts.append(text[pos:])
    return "".join(parts)


class SpanIndex:
    """Overlap queries against a fixed set of spans in O(log n) each (sorted starts, running
    maximum of ends), instead of a scan of every span per query.

    >>> from bilingual.model import Span
    >>> ix = SpanIndex([Span(10, 20), Span(2, 3)])
    >>> ix.overlaps(3, 10), ix.overlaps(19, 25), ix.touches(3, 10)
    (False, True, True)
    """

    def __init__(self, spans: Iterable):
        spans = sorted(spans, key=lambda s: s.start)
        self.starts = [s.start for s in spans]
        self.max_end = list(accumulate((s.end for s in spans), max))

    def overlaps(self, a: int, b: int) -> bool:
        """Whether some span has ``start < b and a < end``."""
        k = bisect.bisect_left(self.starts, b)
        return k > 0 and self.max_end[k - 1] > a

    def touches(self, a: int, b: int) -> bool:
        """Whether some span has ``start <= b and a <= end``."""
        k = bisect.bisect_right(self.starts, b)
        return k > 0 and self.max_end[k - 1] >= a
