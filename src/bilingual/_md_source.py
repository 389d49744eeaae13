"""Searches in the raw source of one Markdown inline block, in time linear in its length.

``markdown.py`` finds each inline token of the parser in the block's source, one after the
other; these searches are what it asks for (the first needle at or after a position, the
``]`` that closes a ``[``, how a text node was written), answered so that a whole block
costs time in proportion to its length whatever it holds: unclosed brackets, escapes,
backtick runs or symbols written as entities.
"""

from __future__ import annotations

import bisect
import re

ASCII_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
ENTITY = re.compile(r"&[#\w]+;")
STOP = re.compile(r"[\[\]\\`]")  # where a walk through brackets may turn
TICKS = re.compile(r"`+")


def readings(raw: str, i: int, c: str) -> list[int]:
    """Where the source of the character ``c`` ends if it starts at ``raw[i]``, best first:
    ``\\c`` (ASCII punctuation), ``c`` itself, an entity (punctuation and symbols)."""
    out = []
    if c in ASCII_PUNCT and raw.startswith("\\", i) and raw.startswith(c, i + 1):
        out.append(i + 2)
    if raw.startswith(c, i):
        out.append(i + 1)
    if not c.isalnum() and not c.isspace() and raw.startswith("&", i):
        e = ENTITY.match(raw, i)
        if e:
            out.append(e.end())
    return out


def source_end(raw: str, pos: int, content: str) -> int:
    """The end of the first reading of ``content`` from ``pos`` (each character read as
    :func:`readings` says, the best first, backtracking as a regular expression would), or -1.
    A character that found no way on from a position is not tried there again, so the time is
    proportional to the (character, position) pairs reached, not to the readings."""
    if not content:
        return pos
    failed: set[tuple[int, int]] = set()
    stack = [(0, pos, iter(readings(raw, pos, content[0])))]
    last = len(content) - 1
    while stack:
        k, i, ways = stack[-1]
        nxt = next(ways, None)
        if nxt is None:
            failed.add((k, i))
            stack.pop()
        elif k == last:
            return nxt
        elif (k + 1, nxt) not in failed:
            stack.append((k + 1, nxt, iter(readings(raw, nxt, content[k + 1]))))
    return -1


class Finder:
    r"""Searches in ``raw`` from starts that mostly only grow (a walk through the inline children), in
    time linear in its length overall: the first match at or after a start is also the first at or
    after any later start up to that match (any later start at all, if there was none), so each
    needle's last answer is kept and used again while it holds.

    >>> f = Finder(r"a \[b [c")
    >>> f.unescaped("[", 0), f.unescaped("[", 3), f.plain("[", 0), f.code_run("`", 0)
    (6, 6, 3, -1)
    """

    def __init__(self, raw: str):
        self.raw = raw
        self.last: dict[tuple[str, str], tuple[int, int]] = {}  # (kind, needle) -> (start, found)

    def plain(self, needle: str, start: int) -> int:
        """``raw.find(needle, start)``."""
        return self._first("plain", needle, start)

    def unescaped(self, needle: str, start: int) -> int:
        """The first ``needle`` at or after ``start`` with no backslash just before it, or -1."""
        return self._first("unescaped", needle, start)

    def code_run(self, ticks: str, start: int) -> int:
        """The first run of exactly ``ticks`` at or after ``start``, not just after a backslash, or -1."""
        return self._first("code", ticks, start)

    def _first(self, kind: str, needle: str, start: int) -> int:
        since, found = self.last.get((kind, needle), (-1, -1))
        if 0 <= since <= start and (found < 0 or start <= found):
            return found
        raw = self.raw
        if kind == "plain":
            found = raw.find(needle, start)
        elif kind == "unescaped":
            found = raw.find(needle, start)
            while found > 0 and raw[found - 1] == "\\":
                found = raw.find(needle, found + 1)
        else:
            m = re.compile(rf"(?<![`\\]){re.escape(needle)}(?!`)").search(raw, start)
            found = m.start() if m else -1
        self.last[(kind, needle)] = (start, found)
        return found


class Brackets:
    """The ``]`` matching a ``[`` of ``raw``, escapes and code spans skipped, for any number of
    brackets after one pass over ``raw``.

    Walking from a position, the next one depends on that position only (a backslash skips the
    next character, a run of backticks the code span it opens, if it is closed), so the walk from
    every bracket, backslash and backtick (a *stop*) is worked out once, from the right: where it
    first meets a ``]`` one level up (-1 if nowhere).

    >>> b = Brackets("[a [b] `]` c] d]")
    >>> b.close(0), b.close(3)
    (12, 5)
    """

    def __init__(self, raw: str):
        self.raw = raw
        self.stops: list[int] = []
        self.up: list[int] = []
        self.walked = False

    def close(self, open_pos: int) -> int:
        """The ``]`` matching the ``[`` at ``open_pos``, or -1."""
        if not self.walked:
            self._walk()
            self.walked = True
        return self._up_from(open_pos + 1)

    def _up_from(self, i: int) -> int:
        k = bisect.bisect_left(self.stops, i)
        return self.up[k] if k < len(self.stops) else -1

    def _walk(self) -> None:
        raw = self.raw
        self.stops = [m.start() for m in STOP.finditer(raw)]
        runs: dict[int, list[int]] = {}  # length -> starts of the backtick runs that long
        run_end: dict[int, int] = {}  # backtick -> end of its run
        for m in TICKS.finditer(raw):
            runs.setdefault(m.end() - m.start(), []).append(m.start())
            run_end.update(dict.fromkeys(range(m.start(), m.end()), m.end()))
        self.up = [-1] * len(self.stops)
        for k in range(len(self.stops) - 1, -1, -1):
            s = self.stops[k]
            c = raw[s]
            if c == "]":
                self.up[k] = s
            elif c == "[":
                inner = self._up_from(s + 1)
                self.up[k] = self._up_from(inner + 1) if inner >= 0 else -1
            elif c == "\\":
                self.up[k] = self._up_from(s + 2)
            else:  # from here to the end of the run: a code span if a run as long follows
                end = run_end[s]
                same = runs[end - s] if end - s in runs else []
                j = bisect.bisect_left(same, end)
                self.up[k] = self._up_from(same[j] + end - s if j < len(same) else end)
