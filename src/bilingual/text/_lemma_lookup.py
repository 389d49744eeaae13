"""spaCy's lemma lookup tables (``spacy-lookups-data``), read lazily.

Why: parsing the French table costs about 0.4 s per process, while a short article needs a few
hundred lookups; searching the text of the table directly answers those at once. This reads the
package's on-disk layout (``data/<lang>_lemma_lookup.json.gz``, one ``"key": value`` per line),
so ``spacy-lookups-data`` is pinned below 1.1 in ``pyproject.toml``;
``tests/test_builtin.py`` checks the answers equal a plain ``json.load`` of the table.
"""

from __future__ import annotations

import functools
import gzip
import json
from typing import Optional

from .fold import strip_accents


class LemmaTable:
    """One of spaCy's lemma lookup tables, read lazily: ``get`` like a dict.

    Parsing a whole table costs ~0.4 s (French: 217k entries), while a short
    article needs a few hundred lookups. So the first lookups search the
    decompressed JSON text directly, in the stretch of lines whose keys begin
    with the word's first letter (the tables are ordered by it, accents and case
    aside; found by bisection, ~20 probes); after :data:`PARSE_AFTER` distinct
    lookups the whole table is parsed once and used as a dict.
    """

    PARSE_AFTER = 2000
    _LINE = '\n    "'  # every entry is a line '    "key": value,' (spaCy's indented JSON)

    def __init__(self, text: str, lang: str = "fr"):
        self._text = text
        self._lang = lang
        self._dict: Optional[dict] = None
        self._regions: dict[str, tuple[int, int]] = {}
        self._cache: dict[str, object] = {}
        self._lazy = bool(text) and "\\" not in text and text.count("\n") - text.count(self._LINE) <= 2

    def get(self, key: str, default=None):
        if self._dict is not None:
            return self._dict.get(key, default)
        if key in self._cache:
            hit = self._cache[key]
        elif not self._lazy or len(self._cache) >= self.PARSE_AFTER or '"' in key or "\n" in key:
            self._dict = json.loads(self._text) if self._text else {}
            self._text = ""
            return self._dict.get(key, default)
        else:
            hit = self._cache[key] = self._find(key)
        return default if hit is None else hit

    def _first(self, key: str) -> str:
        """What the entries are ordered by: French, the first letter without accent or case; English, the first character."""
        return strip_accents(key).lower()[:1] if self._lang == "fr" else key[:1]

    def _entry_at(self, pos: int) -> tuple[Optional[str], int]:
        """The key of the first entry line starting at or after ``pos``, and that line's offset."""
        i = self._text.find(self._LINE, pos)
        if i < 0:
            return None, len(self._text)
        return self._text[i + 6 : self._text.index('"', i + 6)], i

    def _bound(self, letter: str, after: bool) -> int:
        lo, hi = 0, len(self._text)
        while lo < hi:
            mid = (lo + hi) // 2
            key, i = self._entry_at(mid)
            if key is None or (self._first(key) > letter if after else self._first(key) >= letter):
                hi = mid
            else:
                lo = i + 1
        return self._entry_at(lo)[1]

    def _find(self, key: str):
        letter = self._first(key)
        region = self._regions.get(letter)
        if region is None:
            region = self._regions[letter] = (self._bound(letter, False), self._bound(letter, True))
        needle = f'{self._LINE}{key}": '
        i = self._text.find(needle, *region)
        if i < 0:
            return None
        start = i + len(needle)
        return json.loads(self._text[start : self._text.index("\n", start)].rstrip().rstrip(","))


@functools.cache
def lemma_table(lang: str) -> LemmaTable:
    try:
        from importlib.resources import files

        raw = (files("spacy_lookups_data") / "data" / f"{lang}_lemma_lookup.json.gz").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError, OSError):  # pragma: no cover - optional data
        return LemmaTable("")
    return LemmaTable(gzip.decompress(raw).decode("utf-8"), lang)
