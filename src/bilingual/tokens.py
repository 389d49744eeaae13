"""Tokenizing for detection: words, with exact offsets.

Elided articles and pronouns are split off their word ("d'alcool" -> "d'",
"alcool"), and so is the English possessive ("Ici’s" -> "Ici", "’s"), because
each piece is evidence for a different language.
"""
from __future__ import annotations

import functools
import re
from typing import Iterator

APOSTROPHES = "'’"
ELISION_END = APOSTROPHES  # an elided article ends with one; an English clitic starts with one
# A word: letters, with inner hyphens; an elision prefix (l', d', qu', ...) is its own token.
# URLs, e-mail addresses and dotted abbreviations (U.S., a.m., e.g.) are single
# tokens too, so that their pieces are not read as words (see is_neutral).
WORD_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"«»()\[\]]*[^\s<>\"«»()\[\].,;:!?'’]"  # URL
    r"|(?<![\w.+-])[^\W_][\w.+-]*@[\w-]+(?:\.[\w-]+)+"  # e-mail (starts a run only: linear time)
    r"|(?:[^\W\d_]\.){2,}"  # U.S. a.m. e.g.
    r"|(?:(?:[lLdDjJmMnNsStTcC]|[qQ]u|[jJ]usqu|[lL]orsqu|[pP]uisqu)['’](?=[^\W\d_]))"  # elision
    r"|['’](?:s|S|t|re|ve|ll|d|m)\b"  # English clitics: 's n't 're 've 'll 'd 'm
    r"|[^\W\d_]+(?:-[^\W\d_]+)*"
)


def words(text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match]:
    """Yield regex matches for the word tokens of ``text[start:end]``."""
    return WORD_RE.finditer(text, start, len(text) if end is None else end)


@functools.lru_cache(maxsize=100_000)
def is_acronym(word: str) -> bool:
    """ESCs, iPSCs, HPCS, MSC, DNA: two or more capitals and no run of three lower-case letters."""
    if len(word) > 8:
        return False
    caps = sum(1 for c in word if c.isupper())
    return caps >= 2 and not _LOWER_RUN.search(word)


_LOWER_RUN = re.compile(r"[a-zà-ÿ]{3}")


def is_neutral(word: str) -> bool:
    """Tokens that belong to neither language: acronyms, URLs, e-mail addresses, U.S.

    >>> [is_neutral(w) for w in ("MSCs", "U.S.", "https://example.org/a", "Liver", "l'")]
    [True, True, True, False, False]
    """
    return is_acronym(word) or "." in word or "@" in word or "/" in word
