"""Character offsets to 1-based line and column numbers, for messages and reports."""

from __future__ import annotations

import bisect


class Locator:
    """Map offsets of ``text`` to ``(line, col)``, both 1-based; a line ends after ``\\n``.

    >>> loc = Locator("ab\\ncd")
    >>> loc.line_col(0), loc.line_col(3), loc.line_col(4)
    ((1, 1), (2, 1), (2, 2))
    >>> loc.label(4)
    '2:2'
    """

    def __init__(self, text: str):
        self._starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def line_col(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._starts, offset) - 1
        return i + 1, offset - self._starts[i] + 1

    def label(self, offset: int) -> str:
        line, col = self.line_col(offset)
        return f"{line}:{col}"
