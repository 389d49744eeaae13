"""The built-in engine's bilingual lexicon: ``data/lexicon.tsv`` (format in ``data/README.md``), parsed once.

Entries are indexed both ways, by exact lower-case key and by accent-folded key
(:mod:`bilingual.text.fold`), so a lookup matches however the word was typed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from ..._data import read_text
from ...errors import GlossaryError
from ...text.fold import fold, lower_key


@dataclass(frozen=True)
class LexEntry:
    """One line of the lexicon (or one termbase concept, as a noun)."""

    fr: str
    en: str
    pos: str  # n adj pre v adv prep conj det pron phr num aux
    gender: str = ""
    forms: dict = field(default_factory=dict, compare=False, hash=False)


# --- the lexicon ------------------------------------------------------------------------------


class Lexicon:
    """Entries indexed by exact lower-case key and by accent-folded key, both directions."""

    def __init__(self, entries: list[LexEntry]):
        self.entries: list[LexEntry] = []
        self._fr: dict[str, list[LexEntry]] = {}
        self._fr_folded: dict[str, list[LexEntry]] = {}
        self._en: dict[str, list[LexEntry]] = {}
        self.max_words = 1
        self.neutral: set[str] = set()  # acronyms and names kept as they are
        self._derived: dict = {}  # indexes built from the entries (see ``derived``); emptied by ``add``
        for e in entries:
            self.add(e)

    def add(self, e: LexEntry, first: bool = False) -> None:
        self.entries.append(e)
        self._derived.clear()
        for index, key in ((self._fr, lower_key(e.fr)), (self._fr_folded, fold(e.fr)), (self._en, fold(e.en))):
            bucket = index.setdefault(key, [])
            if e not in bucket:
                bucket.insert(0, e) if first else bucket.append(e)
            self.max_words = max(self.max_words, key.count(" ") + 1)

    def copy(self) -> "Lexicon":
        """An independent copy (entries added to it do not reach this one), without re-indexing."""
        new = Lexicon([])
        new.entries = list(self.entries)
        new._fr, new._fr_folded, new._en = (
            {k: list(v) for k, v in index.items()} for index in (self._fr, self._fr_folded, self._en)
        )
        new.max_words = self.max_words
        new.neutral = set(self.neutral)
        return new

    def fr(self, key: str) -> list[LexEntry]:
        """Entries for a French word or phrase: exact spelling first, then without accents."""
        return self._fr.get(lower_key(key)) or self._fr_folded.get(fold(key), [])

    def derived(self, key, build):
        """``build(self)``, computed once per ``key`` until an entry is added (then rebuilt)."""
        try:
            return self._derived[key]
        except KeyError:
            value = self._derived[key] = build(self)
            return value

    def capitalized(self, lang) -> frozenset:
        """First words that ``lang`` always capitalizes (months, names), from the entries."""
        side = "en" if getattr(lang, "value", lang) == "en" else "fr"
        return self.derived(
            ("capitalized", side),
            lambda lex: frozenset(
                w for e in lex.entries for w in [getattr(e, side).split(" ")[0]] if w[:1].isupper() and not w.isupper()
            ),
        )

    def fr_exact(self, key: str) -> list[LexEntry]:
        return self._fr.get(lower_key(key), [])

    def entries_all(self) -> list[LexEntry]:
        return self.entries

    def en(self, key: str) -> list[LexEntry]:
        return self._en.get(fold(key), [])


def parse_lexicon(text: str, name: str) -> list[LexEntry]:
    entries = []
    header = False
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if not header and cols[:2] == ["fr", "en"]:
            header = True
            continue
        if len(cols) < 3 or not cols[0].strip() or not cols[1].strip():
            raise GlossaryError(f"{name}:{lineno}: expected fr, en and pos separated by tabs")
        forms = {}
        if len(cols) > 4 and cols[4].strip():
            for item in cols[4].split(";"):
                k, _, v = item.partition(":")
                forms[k.strip()] = v.strip()
        entries.append(
            LexEntry(cols[0].strip(), cols[1].strip(), cols[2].strip(), cols[3].strip() if len(cols) > 3 else "", forms)
        )
    return entries


@functools.lru_cache(maxsize=1)
def builtin_lexicon() -> Lexicon:
    """The shipped lexicon, parsed on first use (engines copy it before adding their glossary terms)."""
    return Lexicon(parse_lexicon(read_text("lexicon.tsv"), "lexicon.tsv"))
