"""Acronyms in running text: where the words that may spell one are, and which number they take.

Finding them in a long text: the words that start with A-Z are compared as strings first (a
regular expression that starts at an A-Z, which the regex engine looks for quickly, and makes
no match objects); only the few that spell an acronym are then located. A word with an A-Z that
starts with another letter ("iPSC") has an A-Z right after a letter other than A-Z: rare, looked
at one by one. ``tests/test_terms.py`` checks the result equals a plain scan of every word.

The number: an acronym whose canonical form is plural ("MSCs") is written singular or plural
as its context asks ("les MSC" -> "les MSCs", "each MSCs" -> "each MSC").
"""

from __future__ import annotations

import functools
import operator
import re
from typing import Callable, Optional, cast

# Words with a capital A-Z, whole: acronym candidates. The possessive runs (letters other than A-Z, then the
# rest of the word) never backtrack, so a word with no capital fails at its end instead of letter by letter.
CAPITALIZED = re.compile(r"(?<![^\W\d_])[^\W\dA-Z_]*+[A-Z][^\W\d_]*+")
_ASCII_CAPITAL = re.compile(r"[A-Z]")
_CAP_FIRST = re.compile(r"[A-Z](?<![^\W\d_].)[^\W\d_]*+")  # a word starting with A-Z (no letter before it)
_CAP_INSIDE = re.compile(r"[A-Z](?<=[^\W\dA-Z_].)")  # an A-Z after a letter other than A-Z
_LETTERS = re.compile(r"[^\W\d_]*+")
_WORD_END = re.compile(r"(?<![^\W\d_])[^\W\d_]++\Z")  # with endpos: the word ending there
_START = operator.methodcaller("start")


def capital_first_words(text: str) -> Optional[list[str]]:
    """The words of ``text`` that start with A-Z; ``None`` when it has no A-Z at all (then no
    word can spell an acronym)."""
    if not _ASCII_CAPITAL.search(text):
        return None
    return _CAP_FIRST.findall(text)


def locate(text: str, spelled: frozenset, spells: Callable[[str], object]) -> list[re.Match]:
    """The words of ``text`` that spell an acronym, as :data:`CAPITALIZED` matches: those of
    ``spelled`` (words starting with A-Z), and the words with an A-Z inside for which ``spells``
    returns an entry."""
    found = list(_whole_words(spelled).finditer(text)) if spelled else []
    others = [m for m in _capitalized_inside(text) if spells(m.group()) is not None]
    if others:
        found = sorted(found + others, key=_START)
    return [cast(re.Match, CAPITALIZED.match(text, m.start())) for m in found]  # a word found starts a match


@functools.lru_cache(maxsize=64)
def _whole_words(words: frozenset) -> re.Pattern:
    """A pattern for ``words`` where a whole word is one of them."""
    # each word, then "no letter before it" (a look-behind of its length): starting with the words
    # lets the regex engine jump to their first letters
    alts = "|".join(
        rf"{re.escape(w)}(?<![^\W\d_][\s\S]{{{len(w)}}})" for w in sorted(words, key=lambda w: (-len(w), w))
    )
    return re.compile(rf"(?:{alts})(?![^\W\d_])")


def _capitalized_inside(text: str) -> list[re.Match]:
    """The words with an A-Z that start with another letter, as :data:`CAPITALIZED` matches."""
    out: list[re.Match] = []
    end = 0
    for p in map(_START, _CAP_INSIDE.finditer(text)):
        if p < end:
            continue  # a word seen already
        end = cast(re.Match, _LETTERS.match(text, p)).end()  # matches the empty string
        start = _word_start(text, p)
        if not _ASCII_CAPITAL.match(text, start):  # (a word starting with A-Z is not one of these)
            out.append(cast(re.Match, CAPITALIZED.match(text, start)))
    return out


def _word_start(text: str, p: int) -> int:
    """Where the run of letters that ``text[p - 1]`` ends begins (looked for in growing windows)."""
    width = 64
    while True:
        lo = max(0, p - width)
        m = _WORD_END.search(text, lo, p)
        if m is not None:
            return m.start()
        width *= 4  # the word began before the window


# -- singular or plural ----------------------------------------------------------------------

_PLURAL_BEFORE = {
    "les",
    "des",
    "ces",
    "leurs",
    "nos",
    "vos",
    "ses",
    "mes",
    "plusieurs",
    "certaines",
    "certains",
    "quelques",
    "nombreuses",
    "nombreux",
    "aux",
    "these",
    "those",
    "many",
    "several",
    "both",
    "all",
    "various",
    "such",
    "other",
    "few",
    "two",
    "three",
    "four",
    "five",
    "deux",
    "trois",
    "quatre",
    "of",
}
_SINGULAR_BEFORE = {
    "a",
    "an",
    "one",
    "each",
    "every",
    "this",
    "that",
    "une",
    "un",
    "la",
    "le",
    "cette",
    "ce",
    "chaque",
    "another",
    "single",
    "l'",
    "l’",
    "une",
}
_PLURAL_AFTER = {"are", "have", "were", "do", "sont", "ont", "peuvent"}
_SINGULAR_AFTER = {"is", "has", "was", "does", "est", "a", "peut"}
_LAST_WORD_REVERSED = re.compile(r"\s*(['’]?[^\W\d_]+)")


def last_word(s: str) -> Optional[str]:
    r"""The word (and apostrophe) that ends ``s`` before white space: group 1 of
    ``re.search(r"([^\W\d_]+['’]?)\s*$", s)``, found from the end (``re.search`` tries
    every start, each running over a word).

    >>> last_word("les  l'  "), last_word("12 ")
    ("l'", None)
    """
    m = _LAST_WORD_REVERSED.match(s[::-1])
    return m.group(1)[::-1] if m else None


def acronym_form(preferred: str, raw: str, text: str, start: int, end: int) -> str:
    """The canonical spelling of the acronym ``text[start:end]`` (``raw``), singular or plural as
    its context says."""
    if not preferred.endswith("s") or preferred[-2:-1].islower():
        return preferred  # no plural form to choose between
    singular = preferred[:-1]
    plural = raw.endswith("s") or (raw.upper() == (singular + "S").upper() and raw.isupper())
    before = text[max(0, start - 80) : start]
    after = text[end : end + 40]
    prev = last_word(before)
    nxt = re.match(r"\s*([^\W\d_]+)", after)
    if after.startswith("-"):
        plural = False  # MSC-derived
    elif before.endswith("(") and (m := re.search(r"([^\W\d_]+)\s*\($", before)):
        plural = m.group(1).lower().endswith(("s", "x")) and not m.group(1).lower().endswith("ss")
    elif prev and prev.lower() in _PLURAL_BEFORE and prev.lower() != "of":
        plural = True
    elif prev and prev.lower() in _SINGULAR_BEFORE:
        plural = False
    elif nxt and nxt.group(1).lower() in _PLURAL_AFTER:
        plural = True
    elif nxt and nxt.group(1).lower() in _SINGULAR_AFTER:
        plural = False
    return preferred if plural else singular
