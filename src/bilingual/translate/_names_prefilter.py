"""A faster search for the names and dates of :mod:`.names`: the regex is tried only where it can match.

Why: a regex scan of a long text tests every character, while ``str.find`` looks for each
name's first words (and each month after a space) at memchr-like speed; the regex then runs
at just those places. This reads CPython's private table of the characters a case-insensitive
``re`` pattern also matches (``re._casefix._EXTRA_CASES``, CPython 3.11 and later); without it,
:mod:`.names` keeps the plain regex search. ``tests/test_translate.py`` checks both searches
give the same matches.
"""
from __future__ import annotations

import re
from typing import Iterable, NamedTuple, Optional


class SearchKeys(NamedTuple):
    keys: tuple[str, ...]  # the names up to any apostrophe, lower case
    months: tuple[str, ...]  # " avril": a space and a month, lower case
    unsafe: str  # characters whose presence in the lowered text makes the search unsafe


def search_keys(names: Iterable[str], months: Iterable[str]) -> Optional[SearchKeys]:
    """What :func:`prefiltered_matches` looks for, or ``None`` when it cannot be used.

    The regex, case-insensitive, also matches a few characters whose lower case differs from
    the letter's (dotless "ı" for "i", long "ſ" for "s": ``re``'s own table of them); a text
    with one of those, or names whose lower case is not one character per character, takes
    the regex search.
    """
    try:
        from re._casefix import _EXTRA_CASES  # type: ignore[import-not-found]  # CPython-private, not in typeshed
    except ImportError:  # pragma: no cover - CPython 3.11+ has it
        return None
    prefixes = {n.split("'", 1)[0] for n in names}
    spaced = {" " + m for m in months}
    if any(not w or any(len(c.lower()) != 1 for c in w) for w in prefixes | spaced):
        return None
    keys, spaced = {w.lower() for w in prefixes}, {w.lower() for w in spaced}
    letters = set("".join(keys | spaced))
    unsafe = {chr(x) for c in letters for x in _EXTRA_CASES.get(ord(c), ())}
    if (letters | unsafe) & set("σςϲΣ"):  # "Σ".lower() depends on the letters around it
        return None
    return SearchKeys(tuple(sorted(keys)), tuple(sorted(spaced)), "".join(sorted(unsafe)))


def prefiltered_matches(text: str, low: str, rx: re.Pattern, keys: SearchKeys) -> list[re.Match]:
    """``rx.finditer(text)``, with ``rx`` tried only where ``low`` (``text`` in lower case) has a
    name (up to any apostrophe, which the regex lets be ' or ’), or a space and a month 1 to 4
    characters after (``7 avril``, ``1er mai``, ``23er juin``).

    Trying ``rx`` at just those places in order, past the end of the last match, is
    ``rx.finditer``, because no other place can start a match.
    """
    starts = set()
    for k in keys.keys:
        i = low.find(k)
        while i >= 0:
            starts.add(i)
            i = low.find(k, i + 1)
    for k in keys.months:  # " avril": the date starts 1 to 4 characters before the space
        i = low.find(k)
        while i >= 0:
            starts.update(range(max(0, i - 4), i))
            i = low.find(k, i + 1)
    found, end = [], 0
    for p in sorted(starts):
        if p >= end:
            m = rx.match(text, p)
            if m:
                end = m.end()
                found.append(m)
    return found


_lowered_memo: tuple = (None, None)  # (text, its lower case): both outputs search the same text


def lowered(text: str) -> Optional[str]:
    """``text.lower()``, if it keeps every character at its offset (one "İ" makes two)."""
    global _lowered_memo
    memo = _lowered_memo  # one read: another thread may replace it
    if memo[0] is not text:
        low = text.lower()
        memo = _lowered_memo = (text, low if len(low) == len(text) else None)
    return memo[1]
