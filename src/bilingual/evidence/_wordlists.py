"""Word frequencies as wordfreq gives them, read from wordfreq's data files without importing wordfreq.

Why: importing wordfreq and building its dicts of both lists takes about half a second, while a
short text only needs its own words, which one pass over each list finds in milliseconds.
The files read are wordfreq 3's (``<size>_<lang>.msgpack.gz``, format ``cB`` version 1), hence
the pin ``wordfreq<4``; a file of another format is read through wordfreq itself.
``tests/test_fast_paths.py`` checks the answers against wordfreq's.
"""

from __future__ import annotations

import functools
import math
import re
from typing import Callable, Optional

PREFETCH_MAX = 200_000  # characters: a longer text has most common words, so whole lists are loaded
# Passes over the lists (each about 10 ms a list) before they are loaded whole (about 0.2 s a
# list): one article costs one pass; many texts in one process, a few.
MAX_PASSES = 6
_LETTERS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|[^\W\d_]+")
_PARTS = re.compile(r"[^\W\d_]+")
# wordfreq splits such a word at its hyphens, and only there (tests/test_fast_paths.py)
PLAIN_HYPHENATED = re.compile(r"[a-zàâäçéèêëîïôöùûüÿœæ]+(?:-[a-zàâäçéèêëîïôöùûüÿœæ]+)+")
_ASCII_WORD = re.compile(r"[a-z]+")


@functools.cache
def _buckets(lang: str) -> list[list[str]]:
    """wordfreq's "best" list for ``lang`` (its large list when there is one): words by
    frequency band, band i = 10 ** (-i / 100)."""
    import gzip
    import importlib.util
    import os

    import msgpack

    spec = importlib.util.find_spec("wordfreq")
    folder = (
        os.path.join(spec.submodule_search_locations[0], "data") if spec and spec.submodule_search_locations else ""
    )
    for size in ("large", "small"):
        path = os.path.join(folder, f"{size}_{lang}.msgpack.gz")
        if os.path.isfile(path):
            with open(path, "rb") as f:  # read whole and inflated in one call: a third faster than gzip.open
                pack = msgpack.unpackb(gzip.decompress(f.read()), raw=False)
            header = pack[0] if pack else None
            if isinstance(header, dict) and header.get("format") == "cB" and header.get("version") == 1:
                return pack[1:]
            break
    from wordfreq import get_frequency_list

    return get_frequency_list(lang, "best")


class WordLists:
    """The English and French lists of one process: words looked up a text at a time, or the
    whole lists once a text is long or the look-ups many."""

    def __init__(self) -> None:
        self._known: dict[str, dict[str, float | None]] = {"en": {}, "fr": {}}  # word -> frequency, None: absent
        self._full: dict[str, dict[str, float]] = {}  # lang -> the whole list, once loaded
        self._passes = 0

    @property
    def whole(self) -> bool:
        """Whether both lists are loaded whole."""
        return len(self._full) == 2

    def _load_full(self, lang: str) -> dict[str, float]:
        """The whole list as a dict: what ``wordfreq.get_frequency_dict(lang, "best")`` returns."""
        full = self._full.get(lang)
        if full is None:
            full = {}
            for i, bucket in enumerate(_buckets(lang)):
                if bucket:
                    full.update(dict.fromkeys(bucket, 10 ** (-i / 100)))  # == wordfreq.cB_to_freq(-i)
            self._full[lang] = full
            self._known[lang] = {}
        return full

    def load(self) -> None:
        """Load both lists whole now."""
        self._load_full("en")
        self._load_full("fr")

    def _learn(self, words: set[str]) -> None:
        """Look the (lower-case) ``words`` up in both lists: one pass over each list, whatever their
        number; after :data:`MAX_PASSES` passes the lists are loaded whole instead."""
        for lang in ("en", "fr"):
            if lang in self._full:
                continue
            known = self._known[lang]
            need = {w for w in words if w not in known}
            if not need:
                continue
            if self._passes >= MAX_PASSES:
                self._load_full(lang)
                continue
            self._passes += 1
            found: dict[str, float | None] = dict.fromkeys(need)
            for i, bucket in enumerate(_buckets(lang)):
                hit = need.intersection(bucket)
                if hit:
                    found.update(dict.fromkeys(hit, 10 ** (-i / 100)))  # a later band wins, as in a dict of the list
            known.update(found)

    def prefetch(self, text: str) -> None:
        """Get ready to score the words of ``text``: a short text has only its own words looked
        up, a long one (over :data:`PREFETCH_MAX` characters) loads the lists whole."""
        if self.whole:
            return
        if len(text) > PREFETCH_MAX:
            self.load()
            return
        lower = text.lower()
        self._learn(set(_LETTERS.findall(lower)) | set(_PARTS.findall(lower)))

    def _lookup(self, w: str, lang: str) -> float | None:
        """The frequency of ``w`` in the ``lang`` list, None if the list does not have it."""
        full = self._full.get(lang)
        if full is not None:
            return full.get(w)
        if w not in self._known[lang]:  # not prefetched
            self._learn({w})
            full = self._full.get(lang)
            if full is not None:
                return full.get(w)
        return self._known[lang][w]

    def frequency(self, w: str, lang: str) -> float:
        """``wordfreq.word_frequency(w, lang)`` for a lower-case ``w``, except that a listed word
        gets its band's frequency unrounded."""
        f = self._lookup(w, lang)
        if f is None:
            if "-" not in w:
                return 0.0
            return self._combined(w, lang)  # combines the parts of "non-essential"
        return f

    def zipf(self, word: str, lang: str) -> float:
        """``wordfreq.zipf_frequency(word, lang)``: from these lists for a word of a-z letters;
        other words ask wordfreq itself."""
        if not _ASCII_WORD.fullmatch(word):
            from wordfreq import zipf_frequency

            return zipf_frequency(word, lang)
        f = self.frequency(word, lang)
        return round(math.log10(f) + 9, 2) if f >= 1e-9 else 0.0  # wordfreq's floor: zipf 0

    def _combined(self, w: str, lang: str) -> float:
        """wordfreq's ``_word_frequency`` (minimum 0) for a word not in the list: wordfreq's
        tokens of ``w``, 1 / f = 1 / f1 + 1 / f2 + ..., three significant digits."""
        if PLAIN_HYPHENATED.fullmatch(w):
            tokens = w.split("-")
            smash: Optional[Callable[[str], str]] = None
            digit_freq: Optional[Callable[[str], float]] = None
        else:
            from wordfreq import lossy_tokenize
            from wordfreq.numbers import digit_freq, smash_numbers as smash

            tokens = lossy_tokenize(w, lang)
        if not tokens:
            return 0.0
        one_over_result = 0.0
        for token in tokens:
            smashed = smash(token) if smash else token
            freq = self._lookup(smashed, lang)
            if freq is None:
                return 0.0
            if smashed != token:
                assert digit_freq is not None  # set with smash
                freq *= digit_freq(token)
            one_over_result += 1.0 / freq
        unrounded = max(1.0 / one_over_result, 0.0)
        if unrounded == 0.0:
            return 0.0
        return round(unrounded, math.floor(-math.log(unrounded, 10)) + 3)


LISTS = WordLists()  # the process's lists
frequency = LISTS.frequency
zipf = LISTS.zipf
prefetch = LISTS.prefetch
load_lists = LISTS.load
