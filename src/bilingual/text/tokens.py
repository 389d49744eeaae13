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
_URL = r"(?:https?://|www\.)[^\s<>\"«»()\[\]]*[^\s<>\"«»()\[\].,;:!?'’]"
_EMAIL = r"(?<![\w.+-])[^\W_][\w.+-]*@[\w-]+(?:\.[\w-]+)+"  # starts a run only: linear time
_DOTTED = r"(?:[^\W\d_]\.){2,}"  # U.S. a.m. e.g.
_ELISION = r"(?:(?:[lLdDjJmMnNsStTcC]|[qQ]u|[jJ]usqu|[lL]orsqu|[pP]uisqu)['’](?=[^\W\d_]))"
_CLITIC = r"['’](?:s|S|t|re|ve|ll|d|m)\b"  # English clitics: 's n't 're 've 'll 'd 'm
_WORD = r"[^\W\d_]+(?:-[^\W\d_]+)*"
WORD_RE = re.compile("|".join((_URL, _EMAIL, _DOTTED, _ELISION, _CLITIC, _WORD)))


@functools.lru_cache(maxsize=None)
def _splitter(links: bool, dots: bool, apostrophes: bool, hyphens: bool):
    """``re.split`` of :data:`WORD_RE` (captured) without the alternatives that cannot match.
    The word alternative comes last and nothing follows it: possessive, it matches the same."""
    word = r"[^\W\d_]++(?:-[^\W\d_]++)*+" if hyphens else r"[^\W\d_]++"
    alts = ([_URL, _EMAIL] if links else []) + ([_DOTTED] if dots else []) + \
        ([_ELISION, _CLITIC] if apostrophes else []) + [word]
    return re.compile("(" + "|".join(alts) + ")").split


def split_words(text: str) -> list[str]:
    """``[gap, word, gap, word, ..., gap]``: what splitting ``text`` at :data:`WORD_RE`
    (captured) gives, faster. Alternatives of the pattern that cannot match ``text`` are
    left out (a URL needs "://" or "www.", an e-mail address "@", a dotted abbreviation two
    dots, an elision or clitic an apostrophe, an inner hyphen a hyphen): first-match order is
    unchanged, so are the words.

    >>> split_words("L'ESC's U.S. site: www.a.org.")
    ['', "L'", '', 'ESC', '', "'s", ' ', 'U.S.', ' ', 'site', ': ', 'www.a.org', '.']
    """
    return _splitter("@" in text or "://" in text or "www." in text, text.count(".") >= 2,
                     "'" in text or "’" in text, "-" in text)(text)


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
