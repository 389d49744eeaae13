"""Terminology: the shipped termbase, user glossaries, and term normalization.

A termbase maps concepts to a preferred English and French term plus variants
("Escs", "IPSCS", "paracrine signalling") that are rewritten to the preferred
form of each output. Matching ignores case (the text's case is kept), accents,
plural endings and hyphen/space differences. Acronyms are canonical in both
outputs and take the number their context asks for ("les MSC" -> "les MSCs").
Formats (TSV, CSV, TBX) are described in ``data/README.md``.
"""
from __future__ import annotations

import bisect
import csv
import functools
import io
import itertools
import operator
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional, cast

from ._data import read_text
from .errors import GlossaryError
from .text.morphology import en_plural, fr_head_len, fr_plural
from .text.fold import fold
from .model import Change, ChangeKind, Lang, Segment, Span

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Entry:
    en: str
    fr: str
    variants: tuple[str, ...] = ()  # "form" (both languages), "en:form" or "fr:form"
    note: str = ""

    def preferred(self, lang: Lang) -> str:
        return self.en if lang is Lang.EN else self.fr

    def variants_for(self, lang: Lang) -> list[str]:
        out = []
        for v in self.variants:
            tag, sep, form = v.partition(":")
            if sep and tag in ("en", "fr"):
                if tag == lang.value:
                    out.append(form)
            else:
                out.append(v)
        return out

    @property
    def is_acronym(self) -> bool:
        return " " not in self.en and sum(c.isupper() for c in self.en) >= 2


@dataclass(frozen=True)
class Termbase:
    entries: tuple[Entry, ...]

    def merged(self, other: "Termbase") -> "Termbase":
        """``other``'s entries win over ours for the same English or French term; a variant of
        ours that ``other`` names as a term or variant is dropped too (a form belongs to one
        entry: ``signalling<TAB>signalling`` keeps "signalling" as written)."""
        keys = {fold(e.en) for e in other.entries} | {fold(e.fr) for e in other.entries}
        forms = keys | {fold(v.partition(":")[2] if v[:3] in ("en:", "fr:") else v)
                        for e in other.entries for v in e.variants}
        kept = []
        for e in self.entries:
            if fold(e.en) in keys or fold(e.fr) in keys:
                continue
            variants = tuple(v for v in e.variants
                             if fold(v.partition(":")[2] if v[:3] in ("en:", "fr:") else v) not in forms)
            kept.append(e if variants == e.variants else Entry(e.en, e.fr, variants, e.note))
        return Termbase(tuple(kept) + other.entries)

    @functools.cached_property
    def _acronyms(self) -> tuple[dict, dict]:
        exact, caps = {}, {}
        for e in self.entries:
            if e.is_acronym:
                for form in (e.en, e.fr, *(v.partition(":")[2] if v[:3] in ("en:", "fr:") else v for v in e.variants)):
                    exact[form] = e
                    caps[form.upper()] = e
        return exact, caps

    @functools.cached_property
    def _acronym_memo(self) -> dict:
        return {}

    def acronym(self, word: str) -> Optional[Entry]:
        """The acronym entry ``word`` spells (any case if it has two capitals)."""
        memo = self._acronym_memo
        try:
            return memo[word]
        except KeyError:
            pass
        exact, caps = self._acronyms
        if word in exact:
            hit = exact[word]
        else:
            hit = caps.get(word.upper()) if sum(c.isupper() for c in word) >= 2 else None
        if len(memo) >= _MEMO_MAX:
            memo.clear()
        memo[word] = hit
        return hit

    @functools.cached_property
    def _indexes(self) -> dict:
        return {}

    @functools.cached_property
    def _token_memo(self) -> dict:
        """Per language: word -> its key parts for term matching (see ``_token_keys``)."""
        return {}

    def has_term(self, span: str, lang: Lang) -> bool:
        """Whether ``span`` is, whole, a term (or a variant) of ``lang`` in this termbase."""
        ends, _longest, _firsts, trie = self._term_index(lang)
        node = 0
        for w in _key(span, lang)[0].split(" "):
            node = trie.get((node, w), -1)
            if node < 0:
                return False
        return node in ends

    def _term_index(self, lang: Lang) -> tuple[dict, int, frozenset, dict]:
        """The keys (folded and singular) as a trie of words: node -> (entry, form was plural)
        for the nodes that end a key; longest key in words; first words; (node, word) -> child
        node, the root being 0 (a scan stops at the first run of words no key starts with).
        Memory and time are linear in the glossary's size, however many words a term has."""
        if lang not in self._indexes:
            index: dict[str, tuple[Entry, bool]] = {}
            longest = 1
            for e in self.entries:
                if e.is_acronym:
                    continue
                for form in [e.preferred(lang), *e.variants_for(lang)]:
                    key, plural = _key(form, lang)
                    index.setdefault(key, (e, plural))
                    longest = max(longest, key.count(" ") + 1)
            trie: dict[tuple[int, str], int] = {}
            ends: dict[int, tuple[Entry, bool]] = {}
            for key, hit in index.items():
                node = 0
                for w in key.split(" "):
                    node = trie.setdefault((node, w), len(trie) + 1)
                ends[node] = hit
            self._indexes[lang] = (ends, longest, frozenset(k.split(" ")[0] for k in index), trie)
        return self._indexes[lang]


# --- reading glossaries ----------------------------------------------------------------------

def parse_tsv(text: str, name: str, sep: str = "\t") -> Termbase:
    """Parse the TSV/CSV format described in ``data/README.md``; errors name the file and line."""
    entries = []
    header_seen = False
    rows = csv.reader(io.StringIO(text), delimiter=sep) if sep == "," else (ln.split(sep) for ln in text.splitlines())
    what = "a tab" if sep == "\t" else repr(sep)
    lineno = 1  # a CSV error on the first row comes before the loop sets it
    try:
        for lineno, cols in enumerate(rows, 1):
            if not cols or not "".join(cols).strip() or cols[0].lstrip().startswith("#"):
                continue
            cols = [c.strip() for c in cols]
            if not header_seen and [c.lower() for c in cols[:2]] == ["en", "fr"]:
                header_seen = True
                continue
            if len(cols) < 2 or not cols[0] or not cols[1]:
                raise GlossaryError(f"{name}:{lineno}: expected at least two columns (en, fr) separated by {what}")
            if len(cols) > 4 and any(cols[4:]):
                raise GlossaryError(f"{name}:{lineno}: expected at most four columns (en, fr, variants, note), got {len(cols)}")
            variants = tuple(v.strip() for v in cols[2].split("|") if v.strip()) if len(cols) > 2 else ()
            entries.append(Entry(cols[0], cols[1], variants, cols[3] if len(cols) > 3 else ""))
    except csv.Error as err:
        raise GlossaryError(f"{name}:{lineno}: {err}") from None
    if not entries:
        raise GlossaryError(f"{name}:1: no terms found (expected lines of en{sep}fr)")
    return Termbase(tuple(entries))


def parse_tbx(text: str, name: str) -> Termbase:
    """TBX (ISO 30042, v2 ``martif``/``termEntry`` or v3 ``conceptEntry``): English and French terms.

    In each entry the first term of a language (or the one marked ``preferredTerm``) is preferred;
    the others become variants of that language.
    """
    from .safexml import parse

    root = parse(text, name, GlossaryError, "TBX/XML")  # no entity expansion, no external entities
    entries = []
    starts = [m.start() for m in re.finditer(r"<(?:\w+:)?(?:termEntry|conceptEntry)\b", text)]
    concept_tags = ("termEntry", "conceptEntry")
    line, counted = 1, 0  # the line of the entry, counted on from the previous one (linear time)
    for n, entry in enumerate(el for el in root.iter() if _local(el.tag) in concept_tags):
        if n < len(starts):
            line += text.count("\n", counted, starts[n])
            counted = starts[n]
        else:
            line = 1
        terms: dict[str, list[str]] = {}
        for ls in (el for el in entry.iter() if _local(el.tag) == "langSet"):
            lang = (ls.get(XML_LANG) or ls.get("lang") or "").lower().split("-")[0].split("_")[0]
            forms: list[str] = []
            for holder in (el for el in ls.iter() if _local(el.tag) in ("tig", "ntig", "termSec")):
                term = next((el for el in holder.iter() if _local(el.tag) == "term"), None)
                if term is None or not "".join(term.itertext()).strip():
                    continue
                form = " ".join("".join(term.itertext()).split())
                status = " ".join(el.text or "" for el in holder.iter() if _local(el.tag) == "termNote")
                forms.insert(0, form) if "preferred" in status else forms.append(form)
            if lang in ("en", "fr") and forms:
                terms.setdefault(lang, []).extend(forms)
        if "en" not in terms or "fr" not in terms:
            missing = "English" if "en" not in terms else "French"
            raise GlossaryError(f"{name}:{line}: term entry has no {missing} term (langSet xml:lang=\"{'en' if missing == 'English' else 'fr'}\")")
        variants = tuple(f"en:{v}" for v in terms["en"][1:]) + tuple(f"fr:{v}" for v in terms["fr"][1:])
        entries.append(Entry(terms["en"][0], terms["fr"][0], variants))
    if not entries:
        raise GlossaryError(f"{name}:1: no termEntry found in TBX file")
    return Termbase(tuple(entries))


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


@functools.cache
def builtin_termbase() -> Termbase:
    return parse_tsv(read_text("termbase.tsv"), "termbase.tsv")


def load_glossary(path: Path) -> Termbase:
    """A user glossary: TBX by extension (.tbx, .xml) or content, CSV for .csv, else TSV."""
    from .files import not_regular

    p = Path(path)
    problem = not_regular(p, "glossary ")
    if problem:
        raise GlossaryError(f"{path}: {problem}")
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise GlossaryError(f"{path}: not UTF-8 text; save the glossary as UTF-8") from None
    except OSError as err:
        from .files import read_problem

        raise GlossaryError(f"{path}: {read_problem(err, 'glossary ')}") from None
    if p.suffix.lower() in (".tbx", ".xml") or text.lstrip().startswith("<"):
        return parse_tbx(text, str(path))
    return parse_tsv(text, str(path), "," if p.suffix.lower() == ".csv" else "\t")


def load_termbase(glossary: Optional[Path] = None) -> Termbase:
    """The shipped termbase, with ``glossary`` (TSV, CSV or TBX) merged over it."""
    if glossary is None:
        return builtin_termbase()
    try:
        st = os.stat(glossary)
    except OSError:
        return builtin_termbase().merged(load_glossary(glossary))  # raises the one-line error
    return _merged_glossary(str(glossary), st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=8)
def _merged_glossary(path: str, mtime_ns: int, size: int) -> Termbase:
    """Parsed and merged once per file version: batches and streamed chunks reuse it (and its memos)."""
    return builtin_termbase().merged(load_glossary(Path(path)))


# --- matching --------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]++(?:[-'’][^\W\d_]++)*+|\d++")  # possessive: never backtracks (same words)


_MEMO_MAX = 200_000  # entries kept by the per-word memos below (cleared when full)
_GROUP = operator.methodcaller("group")
_MISSING = object()
_START = operator.methodcaller("start")
_IS_FIRST = operator.itemgetter(2)


def _token_keys(groups: list[str], lang: Lang, memo: dict, firsts: frozenset) -> list[tuple]:
    """Per token: (folded words, their singulars, whether the first singular starts a term,
    the singulars joined). ``memo`` (word -> that tuple) makes a repeated word a C-level
    dictionary look-up."""
    keys: list = list(map(memo.get, groups))
    if None in keys:
        if len(memo) >= _MEMO_MAX:
            memo.clear()
        for k, hit in enumerate(keys):
            if hit is None:
                words = tuple(fold(groups[k]).split(" "))
                sing = tuple(_singular(w, lang) for w in words)
                keys[k] = memo[groups[k]] = (words, sing, sing[0] in firsts, " ".join(sing))
    return keys


def _singular(word: str, lang: Lang) -> str:
    if lang is Lang.EN:
        if word.endswith("ies") and len(word) > 4:
            return word[:-3] + "y"
        if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
            return word[:-1]
        return word
    if word.endswith("eaux"):
        return word[:-1]
    if word.endswith(("s", "x")) and len(word) > 3:
        return word[:-1]
    return word


def _key(form: str, lang: Lang) -> tuple[str, bool]:
    """Folded, singular key of a term and whether the form was plural (head word changed)."""
    words = fold(form).split(" ")
    sing = [_singular(w, lang) for w in words]
    head = -1 if lang is Lang.EN else 0
    return " ".join(sing), sing[head] != words[head]


def _inflect(term: str, plural: bool, was_plural: bool, lang: Lang) -> str:
    if plural == was_plural:
        return term
    words = term.split(" ")
    if lang is Lang.EN:
        words[-1] = en_plural(words[-1]) if plural else _singular(words[-1], lang)
        return " ".join(words)
    stop = fr_head_len(words)
    words[:stop] = [fr_plural(w) if plural else _singular(w, lang) for w in words[:stop]]
    return " ".join(words)


def match_case(model: str, term: str) -> str:
    """Give ``term`` the case pattern of ``model`` (all caps, title case, first capital).

    >>> match_case("Hepatic Disease", "liver disease"), match_case("HEPATIC", "liver")
    ('Liver Disease', 'LIVER')
    """
    if any(sum(c.isupper() for c in w) >= 2 for w in term.split()):
        return term  # a term with an acronym in it keeps its own case
    letters = [c for c in model if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return term.upper()
    words = model.split()
    if len(words) > 1 and all(w[:1].isupper() for w in words):
        return " ".join(w[:1].upper() + w[1:] for w in term.split(" "))
    if model[:1].isupper():
        return term[:1].upper() + term[1:]
    return term


def term_changes(text: str, termbase: Termbase, lang: Lang, segments: Iterable[Segment] = (),
                 skip: Iterable[Span] = (), acronyms: Optional[list[re.Match]] = None) -> list[Change]:
    """``term`` changes for output ``lang``: variants inside ``lang`` segments, acronyms anywhere.

    ``acronyms``: ``acronym_matches(text, termbase)`` when the caller has it already.
    """
    segments = [seg for seg in segments if seg.lang is lang]
    if acronyms is None:
        acronyms = acronym_matches(text, termbase)
    if not segments and not acronyms:
        return []  # the common case for a short text (an engine's answer): nothing to look at
    busy = _Busy(skip)
    out: list[Change] = []
    ends, longest, firsts, trie = termbase._term_index(lang)
    memo = termbase._token_memo.setdefault(lang, {})
    head = -1 if lang is Lang.EN else 0
    for seg in segments:
        keys = _token_keys(_WORD.findall(text, seg.start, seg.end), lang, memo, firsts)
        if not any(map(_IS_FIRST, keys)):
            continue  # no word that starts a term (the common case): no positions needed
        toks = list(_WORD.finditer(text, seg.start, seg.end))  # the same words, with their offsets
        nxt = 0  # a match ends the scan of the tokens it covers
        for i in itertools.compress(range(len(keys)), map(_IS_FIRST, keys)):
            if i < nxt:
                continue
            hits = []  # (j, entry) for the keys spelled by tokens i..j-1, shortest first
            node: Optional[int] = 0
            for j in range(i + 1, min(len(toks), i + longest) + 1):
                for w in keys[j - 1][1]:  # the token's singular words, down the trie
                    node = trie.get((node, w))
                    if node is None:
                        break
                if node is None:
                    break  # no longer key starts with these words
                hit = ends.get(node)
                if hit is not None:
                    hits.append((j, hit))
            for j, hit in reversed(hits):  # the longest match that may be changed wins
                s, e = toks[i].start(), toks[j - 1].end()
                if _NOT_TERM.search(text, s, e) or busy(s, e):
                    continue
                key_words = [w for k in keys[i:j] for w in k[1]]
                orig = [w for k in keys[i:j] for w in k[0]]
                entry, was_plural = hit
                before = text[s:e]
                after = match_case(before, _inflect(entry.preferred(lang), key_words[head] != orig[head], was_plural, lang))
                if after != before:
                    out.append(Change(lang, s, e, before, after, ChangeKind.TERM, "termbase",
                                      note=f"preferred term for {entry.en!r}" + (f" ({entry.note})" if entry.note else "")))
                    busy.add(s, e)
                nxt = j
                break
    for m in acronyms:
        entry = termbase.acronym(m.group())
        if busy(m.start(), m.end()):
            continue
        assert entry is not None  # acronym_matches finds only words that spell one
        after = _acronym_form(entry.preferred(lang), m.group(), text, m.start(), m.end())
        if after != m.group():
            out.append(Change(lang, m.start(), m.end(), m.group(), after, ChangeKind.TERM, "termbase",
                              note="canonical acronym" + (f" ({entry.note})" if entry.note else "")))
    return sorted(out, key=lambda c: c.start)


def acronym_matches(text: str, termbase: Termbase) -> list[re.Match]:
    """Words of ``text`` that spell one of the termbase's acronyms (as ``_CAPITALIZED`` matches).

    Fast path for long texts: the words that start with A-Z are compared as strings first (the
    regular expression starts at an A-Z, which the regex engine looks for quickly, and makes no
    match objects); only the few that spell an acronym are then located. A word with an A-Z that
    starts with another letter ("iPSC") has an A-Z right after a letter other than A-Z: rare,
    looked at one by one.
    """
    if not _ASCII_CAPITAL.search(text):
        return []  # every candidate has an A-Z: skip the slower scan
    words = _CAP_FIRST.findall(text)
    hits = list(map(termbase._acronym_memo.get, words, itertools.repeat(_MISSING, len(words))))  # C-level
    if _MISSING in hits:
        hits = [termbase.acronym(w) if h is _MISSING else h for w, h in zip(words, hits)]
    spelled = frozenset(itertools.compress(words, hits))  # entries are true, other words None
    found = list(_whole_words(spelled).finditer(text)) if spelled else []
    others = [m for m in _capitalized_inside(text) if termbase.acronym(m.group()) is not None]
    if others:
        found = sorted(found + others, key=_START)
    return [cast(re.Match, _CAPITALIZED.match(text, m.start())) for m in found]  # a word found starts a match


def _whole_words(words: frozenset) -> re.Pattern:
    """A pattern for ``words`` where a whole word is one of them."""
    rx = _WHOLE_WORDS.get(words)
    if rx is None:
        if len(_WHOLE_WORDS) >= 64:
            _WHOLE_WORDS.clear()
        # each word, then "no letter before it" (a look-behind of its length): starting with the words
        # lets the regex engine jump to their first letters
        alts = "|".join(rf"{re.escape(w)}(?<![^\W\d_][\s\S]{{{len(w)}}})"
                        for w in sorted(words, key=lambda w: (-len(w), w)))
        rx = _WHOLE_WORDS[words] = re.compile(rf"(?:{alts})(?![^\W\d_])")
    return rx


_WHOLE_WORDS: dict = {}


def _capitalized_inside(text: str) -> list[re.Match]:
    """The words with an A-Z that start with another letter, as ``_CAPITALIZED`` matches."""
    out: list[re.Match] = []
    end = 0
    for p in map(_START, _CAP_INSIDE.finditer(text)):
        if p < end:
            continue  # a word seen already
        end = cast(re.Match, _LETTERS.match(text, p)).end()  # matches the empty string
        start = _word_start(text, p)
        if not _ASCII_CAPITAL.match(text, start):  # (a word starting with A-Z is not one of these)
            out.append(cast(re.Match, _CAPITALIZED.match(text, start)))
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


_ASCII_CAPITAL = re.compile(r"[A-Z]")
_NOT_TERM = re.compile(r"[^\w\s\-'’]|\n")  # a character no multi-word term match may span
# Words with a capital A-Z, whole: acronym candidates. The possessive runs (letters other than A-Z, then the
# rest of the word) never backtrack, so a word with no capital fails at its end instead of letter by letter.
_CAPITALIZED = re.compile(r"(?<![^\W\d_])[^\W\dA-Z_]*+[A-Z][^\W\d_]*+")
_CAP_FIRST = re.compile(r"[A-Z](?<![^\W\d_].)[^\W\d_]*+")  # a word starting with A-Z (no letter before it)
_CAP_INSIDE = re.compile(r"[A-Z](?<=[^\W\dA-Z_].)")  # an A-Z after a letter other than A-Z
_LETTERS = re.compile(r"[^\W\d_]*+")
_WORD_END = re.compile(r"(?<![^\W\d_])[^\W\d_]++\Z")  # with endpos: the word ending there


class _Busy:
    """Spans no term change may touch, as sorted disjoint intervals (bisect lookups)."""

    def __init__(self, spans: Iterable[Span]):
        self.iv: list[list[int]] = []
        for a, b in sorted((s.start, s.end) for s in spans):
            if self.iv and a <= self.iv[-1][1]:
                self.iv[-1][1] = max(self.iv[-1][1], b)
            else:
                self.iv.append([a, b])
        self.starts = [a for a, _ in self.iv]

    def __call__(self, s: int, e: int) -> bool:
        k = bisect.bisect_left(self.starts, max(e, s + 1)) - 1
        return k >= 0 and self.iv[k][1] > s and (self.iv[k][0] < e or (s == e and self.iv[k][0] <= s))

    def add(self, s: int, e: int) -> None:
        k = bisect.bisect_left(self.starts, s)
        self.iv.insert(k, [s, e])
        self.starts.insert(k, s)


_PLURAL_BEFORE = {"les", "des", "ces", "leurs", "nos", "vos", "ses", "mes", "plusieurs", "certaines", "certains",
                  "quelques", "nombreuses", "nombreux", "aux", "these", "those", "many", "several", "both", "all",
                  "various", "such", "other", "few", "two", "three", "four", "five", "deux", "trois", "quatre", "of"}
_SINGULAR_BEFORE = {"a", "an", "one", "each", "every", "this", "that", "une", "un", "la", "le", "cette", "ce",
                    "chaque", "another", "single", "l'", "l’", "une"}
_PLURAL_AFTER = {"are", "have", "were", "do", "sont", "ont", "peuvent"}
_SINGULAR_AFTER = {"is", "has", "was", "does", "est", "a", "peut"}


_LAST_WORD_REVERSED = re.compile(r"\s*(['’]?[^\W\d_]+)")


def _last_word(s: str) -> Optional[str]:
    r"""The word (and apostrophe) that ends ``s`` before white space: group 1 of
    ``re.search(r"([^\W\d_]+['’]?)\s*$", s)``, found from the end (``re.search`` tries
    every start, each running over a word).

    >>> _last_word("les  l'  "), _last_word("12 ")
    ("l'", None)
    """
    m = _LAST_WORD_REVERSED.match(s[::-1])
    return m.group(1)[::-1] if m else None


def _acronym_form(preferred: str, raw: str, text: str, start: int, end: int) -> str:
    """The canonical spelling of an acronym, singular or plural as its context says."""
    if not preferred.endswith("s") or preferred[-2:-1].islower():
        return preferred  # no plural form to choose between
    singular = preferred[:-1]
    plural = raw.endswith("s") or (raw.upper() == (singular + "S").upper() and raw.isupper())
    before = text[max(0, start - 80):start]
    after = text[end:end + 40]
    prev = _last_word(before)
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
