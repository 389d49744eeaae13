"""The built-in engine's bilingual lexicon and the little morphology it needs.

``data/lexicon.tsv`` (format in ``data/README.md``) is parsed once. Lookups go
through :func:`fold` (case, accents, apostrophes, hyphens, elision) and through
lemmas: spaCy's lookup tables from ``spacy-lookups-data`` (no model download),
then a few suffix rules. English inflection (plural, third person, participles)
and French agreement (gender, number, articles) are rules plus the irregular
forms listed in the lexicon.
"""
from __future__ import annotations

import functools
import gzip
import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Optional

from ._data import read_text
from .errors import GlossaryError

APOS = "'’"
_ELISION = re.compile(r"\b(qu|jusqu|lorsqu|puisqu|[ldjmnstc])['’]\s*", re.IGNORECASE)


@dataclass(frozen=True)
class LexEntry:
    """One line of the lexicon (or one termbase concept, as a noun)."""

    fr: str
    en: str
    pos: str  # n adj pre v adv prep conj det pron phr num aux
    gender: str = ""
    forms: dict = field(default_factory=dict, compare=False, hash=False)


def strip_accents(s: str) -> str:
    if s.isascii():
        return s  # nothing to strip (the common case)
    s = s.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


@functools.lru_cache(maxsize=200_000)
def lower_key(s: str) -> str:
    """Lower case, one apostrophe, hyphens as spaces, elided words expanded (d' -> de)."""
    s = re.sub(r"'\s+", "'", s.lower().replace("’", "'"))
    s = _ELISION.sub(lambda m: {"qu": "que ", "jusqu": "jusque ", "lorsqu": "lorsque ", "puisqu": "puisque ",
                                "l": "le ", "c": "ce ", "s": "se ", "j": "je "}.get(m.group(1), m.group(1) + "e "), s)
    s = re.sub(r"[\s\-]+", " ", s)
    return s.strip()


@functools.lru_cache(maxsize=200_000)
def fold(s: str) -> str:
    """:func:`lower_key` without accents: ``"États-Unis"`` -> ``"etats unis"``."""
    return strip_accents(lower_key(s))


# --- lemma tables (spaCy lookups: no model, no download) -------------------------------------

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
        return self._text[i + 6: self._text.index('"', i + 6)], i

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
        return json.loads(self._text[start: self._text.index("\n", start)].rstrip().rstrip(","))


@functools.cache
def lemma_table(lang: str) -> LemmaTable:
    try:
        from importlib.resources import files

        raw = (files("spacy_lookups_data") / "data" / f"{lang}_lemma_lookup.json.gz").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError, OSError):  # pragma: no cover - optional data
        return LemmaTable("")
    return LemmaTable(gzip.decompress(raw).decode("utf-8"), lang)


def fr_lemmas(word: str) -> list[str]:
    """Candidate base forms of a French word, most likely first (the word itself excluded)."""
    w = word.lower().replace("’", "'")
    out: list[str] = []
    hit = lemma_table("fr").get(w)
    if hit:
        out += hit if isinstance(hit, list) else [hit]
    for suf, rep in (("eaux", "eau"), ("aux", "al"), ("elles", "el"), ("elle", "el"), ("euses", "eux"),
                     ("euse", "eux"), ("ives", "if"), ("ive", "if"), ("ennes", "en"), ("enne", "en"),
                     ("ères", "er"), ("ère", "er"), ("ées", "é"), ("ée", "é"), ("és", "é"), ("es", "e"),
                     ("es", ""), ("s", ""), ("x", ""), ("e", "")):
        if w.endswith(suf) and len(w) - len(suf) >= 2:
            out.append(w[: len(w) - len(suf)] + rep)
    seen, uniq = {w}, []
    for c in out:
        if c not in seen:
            seen.add(c)
            uniq.append(c)
    return uniq


def en_lemma(word: str) -> str:
    w = word.lower()
    hit = lemma_table("en").get(w)
    return hit if isinstance(hit, str) else w


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
        new._fr, new._fr_folded, new._en = ({k: list(v) for k, v in index.items()}
                                            for index in (self._fr, self._fr_folded, self._en))
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
        return self.derived(("capitalized", side), lambda lex: frozenset(
            w for e in lex.entries for w in [getattr(e, side).split(" ")[0]] if w[:1].isupper() and not w.isupper()))

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
        entries.append(LexEntry(cols[0].strip(), cols[1].strip(), cols[2].strip(),
                                cols[3].strip() if len(cols) > 3 else "", forms))
    return entries


@functools.cache
def builtin_lexicon() -> Lexicon:
    return Lexicon(parse_lexicon(read_text("lexicon.tsv"), "lexicon.tsv"))


# --- English inflection -----------------------------------------------------------------------

_VOWELS = "aeiou"


def en_plural(phrase: str, forms: Optional[dict] = None) -> str:
    """Plural of an English noun phrase: its last word is inflected."""
    if forms and forms.get("pl"):
        return forms["pl"]
    head, _, last = phrase.rpartition(" ")
    lw = last.lower()
    if re.search(r"(s|x|z|ch|sh)$", lw):
        p = last + "es"
    elif re.search(r"[^aeiou]y$", lw):
        p = last[:-1] + "ies"
    elif lw.endswith("sis"):
        p = last[:-3] + "ses"
    else:
        p = last + "s"
    return f"{head} {p}" if head else p


def en_singular(phrase: str) -> str:
    head, _, last = phrase.rpartition(" ")
    s = en_lemma(last) if last[:1].islower() else last
    if last[:1].isupper() and not last.isupper():
        s = s[:1].upper() + s[1:]
    return f"{head} {s}" if head else s


def en_third(verb: str) -> str:
    first, sep, rest = verb.partition(" ")
    if first in ("can", "must", "may", "should", "will"):
        return verb
    third = {"be": "is", "have": "has", "do": "does", "go": "goes"}.get(first)
    if third is None:
        third = en_plural(first)
    return third + sep + rest


def en_participle(verb: str, forms: Optional[dict] = None) -> str:
    if forms and forms.get("pp"):
        return forms["pp"]
    first, sep, rest = verb.partition(" ")
    if first.endswith("e"):
        pp = first + "d"
    elif re.search(r"[^aeiou]y$", first):
        pp = first[:-1] + "ied"
    elif re.search(r"^[^aeiou]*[aeiou][^aeiouwxy]$", first):  # stop -> stopped (one syllable)
        pp = first + first[-1] + "ed"
    else:
        pp = first + "ed"
    return pp + sep + rest


def en_gerund(verb: str) -> str:
    first, sep, rest = verb.partition(" ")
    if first == "be":
        g = "being"
    elif first.endswith("ie"):
        g = first[:-2] + "ying"
    elif first.endswith("e") and not first.endswith("ee"):
        g = first[:-1] + "ing"
    elif re.search(r"^[^aeiou]*[aeiou][^aeiouwxy]$", first):
        g = first + first[-1] + "ing"
    else:
        g = first + "ing"
    return g + sep + rest


# --- French agreement -------------------------------------------------------------------------

def fr_feminine(adj: str) -> str:
    for suf, rep in (("eux", "euse"), ("if", "ive"), ("el", "elle"), ("en", "enne"), ("on", "onne"),
                     ("er", "ère"), ("et", "ette")):
        if adj.endswith(suf):
            return adj[: -len(suf)] + rep
    return adj if adj.endswith("e") else adj + "e"


_FR_PREPS = {"de", "du", "des", "d'", "à", "au", "aux", "en", "pour", "par", "sur"}


def fr_head_len(words: list[str]) -> int:
    """How many words of a French noun phrase agree in number: those before its first preposition."""
    return next((i for i, w in enumerate(words) if i and (w.lower() in _FR_PREPS or w.lower().startswith("d'"))),
                len(words))


def fr_plural(phrase: str) -> str:
    """Plural of a French noun phrase: the words before its first preposition agree."""
    words = phrase.split(" ")
    stop = fr_head_len(words)
    return " ".join([_fr_plural_word(w) for w in words[:stop]] + words[stop:])


def _fr_plural_word(w: str) -> str:
    if w.endswith(("s", "x", "z")):
        p = w
    elif w.endswith(("eau", "eu")):
        p = w + "x"
    elif w.endswith("al") and w not in ("festival", "bal", "carnaval"):
        p = w[:-2] + "aux"
    else:
        p = w + "s"
    return p


def fr_gender(noun: str) -> str:
    """Guess a French noun's gender from its ending when the lexicon does not say."""
    w = noun.split(" ")[0].lower()
    if re.search(r"(tion|sion|té|ie|ure|ence|ance|ée|ose|ine|ité|ude|esse|ette|ise)s?$", w):
        return "f"
    if re.search(r"(ment|age|isme|eau|oir|ier|et|on|al|at|ème|ou)s?$", w):
        return "m"
    return ""


def starts_with_vowel(word: str) -> bool:
    return strip_accents(word[:1]).lower() in "aeiouyh" and bool(word)
