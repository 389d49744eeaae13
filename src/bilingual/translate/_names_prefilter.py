"""A faster search for the names and dates of :mod:`.names`: the regex is tried only where it can match.

Why: a regex scan of a long text tests every character, while ``str.find`` looks for each
name's first words (and each month after a space) at memchr-like speed; the regex then runs
at just those places. The characters a case-insensitive ``re`` pattern matches beyond simple
lower case (dotless "ı" for "i", long "ſ" for "s") are asked of ``re`` itself, once
(:func:`odd_cases`). ``tests/test_translate.py`` checks both searches give the same matches.
"""

from __future__ import annotations

import functools
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
    prefixes = {n.split("'", 1)[0] for n in names}
    spaced = {" " + m for m in months}
    if any(not w or any(len(c.lower()) != 1 for c in w) for w in prefixes | spaced):
        return None
    keys, spaced = {w.lower() for w in prefixes}, {w.lower() for w in spaced}
    letters = set("".join(keys | spaced))
    unsafe = set(odd_cases("".join(sorted(letters))))
    if (letters | unsafe) & set("σςϲΣ"):  # "Σ".lower() depends on the letters around it
        return None
    return SearchKeys(tuple(sorted(keys)), tuple(sorted(spaced)), "".join(sorted(unsafe)))


@functools.lru_cache(maxsize=16)
def odd_cases(letters: str) -> str:
    """The characters that ``re.IGNORECASE`` matches with one of ``letters`` though their lower case
    is not that letter, found by ``re`` itself over the Basic Multilingual Plane (where Unicode has
    every such character: the tests check the whole range)."""
    found = set(re.findall("[" + re.escape(letters) + "]", _bmp(), re.IGNORECASE))
    return "".join(sorted(x for x in found if x.lower() not in letters or len(x.lower()) != 1))


@functools.lru_cache(maxsize=1)
def _bmp() -> str:
    """Every character of the Basic Multilingual Plane but the surrogates, in order (built in C:
    a ``chr`` loop takes about 10 ms of every run's start)."""
    import numpy as np  # already loaded: spaCy imports it

    codes = np.concatenate([np.arange(0xD800, dtype="<u2"), np.arange(0xE000, 0x10000, dtype="<u2")])
    return codes.tobytes().decode("utf-16-le")


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
