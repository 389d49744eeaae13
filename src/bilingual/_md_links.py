"""markdown-it-py's link-label scan, walking each position of a paragraph about once.

markdown-it-py's ``parseLinkLabel`` walks forward from every ``[`` to its closing
``]``, so each position is walked once for every bracket open around it (up to
``maxNesting``, 20 in the CommonMark preset, where markdown-it cuts the walk short):
text full of brackets is walked up to 20 times over. :func:`link_helpers` gives a
parser the same helpers with a ``parseLinkLabel`` that returns exactly the same ends
but remembers the end of every plain-text ``[`` it passes, so that later walks jump
over it.

Why the jump is exact: ``parseLinkLabel(state, p)`` walks from ``p + 1`` with
``state.md.inline.skipToken``, whose results are cached in ``state.cache`` per
position, so once a walk has passed a position every later walk leaves it for the
same next position. The walk from ``p`` that meets a plain-text ``[`` at ``x``
(one that ``skipToken`` passes by one character) therefore follows the walk from
``x`` until that one ends: at the ``]`` that closes ``x`` (where the walk from
``p`` is one level down again, and goes on with one ``skipToken`` there, as the
original does), or at the end without a ``]`` (then ``p`` has none either).
Every end found is remembered with the ``posMax`` it was found under: an end
``e`` holds under any bound above ``e`` (and means "none" under a lower one), and
"none" holds under any bound up to the one it was found under.

The walk keeps the open brackets in a list, not on Python's stack; the only
recursion left is the original's (``skipToken`` trying the link rule), which
markdown-it bounds with ``maxNesting``.

>>> from markdown_it import MarkdownIt
>>> md = MarkdownIt("commonmark")
>>> md.helpers = link_helpers()
>>> [t.type for t in md.parseInline("[a [b] c](u)")[0].children]
['link_open', 'text', 'link_close']
"""

from __future__ import annotations

from types import ModuleType
from typing import Optional
from weakref import WeakKeyDictionary

from markdown_it import helpers
from markdown_it.rules_inline import StateInline

# an inline state -> its remembered ends, {(start, disableNested): (end, posMax)}; not an attribute
# of the state, since a new attribute makes every attribute of that state slower to read
_MEMO: WeakKeyDictionary[StateInline, dict] = WeakKeyDictionary()


def link_helpers() -> ModuleType:
    """A namespace for ``MarkdownIt.helpers``: markdown-it-py's helpers, with :func:`parse_link_label`."""
    ns = ModuleType("bilingual._md_links.helpers", "markdown-it-py's link helpers, with a linear parseLinkLabel")
    for name in helpers.__all__:
        setattr(ns, name, getattr(helpers, name))
    ns.parseLinkLabel = parse_link_label  # type: ignore[attr-defined]
    return ns


def _known(memo: dict, x: int, nested_off: bool, bound: int) -> Optional[int]:
    """The remembered label end for a ``[`` at ``x`` under ``posMax == bound`` (-1: none), or None if unknown."""
    hit = memo.get((x, nested_off))
    if hit is None and not nested_off:  # found with nested links refused: found the same way without
        hit = memo.get((x, True))
        if hit is not None and hit[0] < 0:
            hit = None
    if hit is None:
        return None
    end, found_under = hit
    if end >= 0:
        return end if end < bound else -1
    return -1 if bound <= found_under else None


def parse_link_label(state: StateInline, start: int, disableNested: bool = False) -> int:
    """``markdown_it.helpers.parseLinkLabel``: the position of the ``]`` closing the ``[`` at
    ``start``, or -1; nested links refused (-1) if ``disableNested``."""
    memo = _MEMO.get(state)
    if memo is None:
        memo = _MEMO[state] = {}
    bound = state.posMax
    end = _known(memo, start, disableNested, bound)
    if end is not None:
        return end
    old_pos = state.pos
    skip = state.md.inline.skipToken
    src = state.src
    opened: list[int] = []  # plain-text "[" met on the way and not closed yet
    end = -1
    state.pos = start + 1
    while state.pos < bound:
        pos = state.pos
        marker = src[pos]
        if marker == "]":
            if not opened:
                end = pos
                break
            memo[(opened.pop(), disableNested)] = (pos, bound)
        skip(state)
        if marker == "[":
            if state.pos == pos + 1:  # a plain-text "[": one level deeper
                inner = _known(memo, pos, disableNested, bound)
                if inner is None:
                    opened.append(pos)
                elif inner < 0:
                    break
                else:  # at its "]", back at this level
                    state.pos = inner
                    skip(state)
            elif disableNested:  # a link inside
                break
    for x in opened:
        memo[(x, disableNested)] = (-1, bound)
    memo[(start, disableNested)] = (end, bound)
    state.pos = old_pos
    return end
