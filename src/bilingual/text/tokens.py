"""Tokenizing for detection: words, with exact offsets, and the labelled words detection returns.

Elided articles and pronouns are split off their word ("d'alcool" -> "d'",
"alcool"), and so is the English possessive ("Ici’s" -> "Ici", "’s"), because
each piece is evidence for a different language.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from itertools import accumulate
from typing import Iterator

from ..model import Lang, Span, Token

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
    alts = (
        ([_URL, _EMAIL] if links else [])
        + ([_DOTTED] if dots else [])
        + ([_ELISION, _CLITIC] if apostrophes else [])
        + [word]
    )
    return re.compile("(" + "|".join(alts) + ")").split


def split_words(text: str) -> list[str]:
    """``[gap, word, gap, word, ..., gap]``: what splitting ``text`` at :data:`WORD_RE`
    (captured) gives (``tests/test_fast_paths.py``).

    Alternatives of the pattern that cannot match ``text`` are left out (a URL needs "://"
    or "www.", an e-mail address "@", a dotted abbreviation two dots, an elision or clitic an
    apostrophe, an inner hyphen a hyphen), because the regex engine tries each alternative
    at every character and splitting is a large share of detection's time: first-match
    order is unchanged, so are the words.

    >>> split_words("L'ESC's U.S. site: www.a.org.")
    ['', "L'", '', 'ESC', '', "'s", ' ', 'U.S.', ' ', 'site', ': ', 'www.a.org', '.']
    """
    return _splitter(
        "@" in text or "://" in text or "www." in text, text.count(".") >= 2, "'" in text or "’" in text, "-" in text
    )(text)


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


_LANGS = (Lang.EN, Lang.FR)


class Tokens(Sequence):
    """The labelled words of a text, each made a :class:`Token` only when read (a million-word
    input has a million of them; most callers only need segments), their offsets worked out
    on first read."""

    __slots__ = ("_text", "_spans", "_offsets", "_langs", "_confs")

    def __init__(self, text: str, spans: list[Span], langs: list[int], confs: list[float]):
        """``spans``: the sentences with words, in order; per word of those, ``langs`` (0 English,
        1 French, -1 neither) and ``confs`` (confidence)."""
        self._text, self._spans, self._langs, self._confs = text, spans, langs, confs
        self._offsets: tuple[list[int], list[int]] | None = None

    def _starts_ends(self) -> tuple[list[int], list[int]]:
        if self._offsets is None:
            starts: list[int] = []
            ends: list[int] = []
            for sent in self._spans:  # parts: gap, word, gap, ..., word, gap
                off = list(accumulate(map(len, split_words(self._text[sent.start : sent.end])), initial=sent.start))
                starts += off[1:-1:2]
                ends += off[2::2]
            self._offsets = (starts, ends)
        return self._offsets

    def __len__(self) -> int:
        return len(self._langs)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return tuple(self[j] for j in range(*i.indices(len(self))))
        starts, ends = self._starts_ends()
        s, e = starts[i], ends[i]
        lang = self._langs[i]
        return Token(s, e, self._text[s:e], _LANGS[lang] if lang >= 0 else None, self._confs[i])

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    def __repr__(self) -> str:
        return f"Tokens({list(self)!r})"
