"""Finding a termbase's terms in a text: ``term`` changes to the preferred form of each output.

Matching ignores case (the text's case is kept), accents, plural endings and hyphen/space
differences (:mod:`.forms`). Acronyms are canonical in both outputs and take the number their
context asks for (:mod:`.acronyms`). A :class:`TermMatcher` holds what matching a termbase
needs: its terms as a trie of words per language, its acronyms, and bounded per-word memos.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
import weakref
from typing import Iterable, NamedTuple, Optional

from ..model import Change, ChangeKind, Lang, Segment, Span
from ..text.fold import fold
from .acronyms import acronym_form, capital_first_words, locate
from .forms import inflect, match_case, singular, term_key
from .termbase import Entry, Termbase

MEMO_MAX = 200_000  # words kept by each per-word memo of a matcher (cleared when full)
_WORD = re.compile(r"[^\W\d_]++(?:[-'’][^\W\d_]++)*+|\d++")  # possessive: never backtracks (same words)
_NOT_TERM = re.compile(r"[^\w\s\-'’]|\n")  # a character no multi-word term match may span
_MISSING = object()
_IS_FIRST = operator.itemgetter(2)


class TermIndex(NamedTuple):
    """A language's keys (folded and singular) as a trie of words, the root being node 0.
    Memory and time are linear in the glossary's size, however many words a term has."""

    ends: dict[int, tuple[Entry, bool]]  # node ending a key -> (entry, the form was plural)
    longest: int  # the longest key, in words
    firsts: frozenset[str]  # first words of keys: a scan stops at a run of words none starts
    trie: dict[tuple[int, str], int]  # (node, word) -> child node


class TermMatcher:
    """Term and acronym look-ups in one termbase, with what they build and remember."""

    def __init__(self, termbase: Termbase):
        self.entries = termbase.entries
        self._indexes: dict[Lang, TermIndex] = {}
        self._token_memo: dict[Lang, dict[str, tuple]] = {Lang.EN: {}, Lang.FR: {}}
        self._acronym_memo: dict[str, Optional[Entry]] = {}
        exact: dict[str, Entry] = {}
        caps: dict[str, Entry] = {}
        for e in self.entries:
            if e.is_acronym:
                for form in e.forms():
                    exact[form] = e
                    caps[form.upper()] = e
        self._acronyms, self._acronym_caps = exact, caps

    def acronym(self, word: str) -> Optional[Entry]:
        """The acronym entry ``word`` spells (any case if it has two capitals)."""
        memo = self._acronym_memo
        try:
            return memo[word]
        except KeyError:
            pass
        if word in self._acronyms:
            hit: Optional[Entry] = self._acronyms[word]
        else:
            hit = self._acronym_caps.get(word.upper()) if sum(c.isupper() for c in word) >= 2 else None
        if len(memo) >= MEMO_MAX:
            memo.clear()
        memo[word] = hit
        return hit

    def has_term(self, span: str, lang: Lang) -> bool:
        """Whether ``span`` is, whole, a term (or a variant) of ``lang`` in the termbase."""
        index = self.index(lang)
        node = 0
        for w in term_key(span, lang)[0].split(" "):
            node = index.trie.get((node, w), -1)
            if node < 0:
                return False
        return node in index.ends

    def index(self, lang: Lang) -> TermIndex:
        """The terms and variants of ``lang`` (acronyms aside), built on first use."""
        if lang not in self._indexes:
            keys: dict[str, tuple[Entry, bool]] = {}
            longest = 1
            for e in self.entries:
                if e.is_acronym:
                    continue
                for form in [e.preferred(lang), *e.variants_for(lang)]:
                    key, plural = term_key(form, lang)
                    keys.setdefault(key, (e, plural))
                    longest = max(longest, key.count(" ") + 1)
            trie: dict[tuple[int, str], int] = {}
            ends: dict[int, tuple[Entry, bool]] = {}
            for key, hit in keys.items():
                node = 0
                for w in key.split(" "):
                    node = trie.setdefault((node, w), len(trie) + 1)
                ends[node] = hit
            self._indexes[lang] = TermIndex(ends, longest, frozenset(k.split(" ")[0] for k in keys), trie)
        return self._indexes[lang]

    def acronym_matches(self, text: str) -> list[re.Match]:
        """Words of ``text`` that spell one of the termbase's acronyms (see :mod:`.acronyms`)."""
        words = capital_first_words(text)
        if words is None:
            return []
        hits = list(map(self._acronym_memo.get, words, itertools.repeat(_MISSING, len(words))))  # C-level
        if _MISSING in hits:
            hits = [self.acronym(w) if h is _MISSING else h for w, h in zip(words, hits)]
        return locate(text, frozenset(itertools.compress(words, hits)), self.acronym)  # entries are true

    def _token_keys(self, groups: list[str], lang: Lang, firsts: frozenset) -> list[tuple]:
        """Per token: (folded words, their singulars, whether the first singular starts a term,
        the singulars joined). The memo makes a repeated word a C-level dictionary look-up."""
        memo = self._token_memo[lang]
        keys: list = list(map(memo.get, groups))
        if None in keys:
            if len(memo) >= MEMO_MAX:
                memo.clear()
            for k, hit in enumerate(keys):
                if hit is None:
                    words = tuple(fold(groups[k]).split(" "))
                    sing = tuple(singular(w, lang) for w in words)
                    keys[k] = memo[groups[k]] = (words, sing, sing[0] in firsts, " ".join(sing))
        return keys

    def changes(
        self,
        text: str,
        lang: Lang,
        segments: Iterable[Segment] = (),
        skip: Iterable[Span] = (),
        acronyms: Optional[list[re.Match]] = None,
    ) -> list[Change]:
        """See :func:`term_changes`."""
        segments = [seg for seg in segments if seg.lang is lang]
        if acronyms is None:
            acronyms = self.acronym_matches(text)
        if not segments and not acronyms:
            return []  # the common case for a short text (an engine's answer): nothing to look at
        busy = _Busy(skip)
        out: list[Change] = []
        ends, longest, firsts, trie = self.index(lang)
        head = -1 if lang is Lang.EN else 0
        for seg in segments:
            keys = self._token_keys(_WORD.findall(text, seg.start, seg.end), lang, firsts)
            if not any(map(_IS_FIRST, keys)):
                continue  # no word that starts a term (the common case): no positions needed
            toks = list(_WORD.finditer(text, seg.start, seg.end))  # the same words, with their offsets
            nxt = 0  # a match ends the scan of the tokens it covers
            for i in itertools.compress(range(len(keys)), map(_IS_FIRST, keys)):
                if i < nxt:
                    continue
                hits = []  # (j, entry) for the keys spelled by tokens i..j-1, shortest first
                node = 0
                for j in range(i + 1, min(len(toks), i + longest) + 1):
                    for w in keys[j - 1][1]:  # the token's singular words, down the trie
                        node = trie.get((node, w), -1)
                        if node < 0:
                            break
                    if node < 0:
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
                    after = match_case(
                        before, inflect(entry.preferred(lang), key_words[head] != orig[head], was_plural, lang)
                    )
                    if after != before:
                        out.append(
                            Change(
                                lang,
                                s,
                                e,
                                before,
                                after,
                                ChangeKind.TERM,
                                "termbase",
                                note=f"preferred term for {entry.en!r}" + (f" ({entry.note})" if entry.note else ""),
                            )
                        )
                        busy.add(s, e)
                    nxt = j
                    break
        for m in acronyms:
            found = self.acronym(m.group())
            if busy(m.start(), m.end()):
                continue
            assert found is not None  # acronym_matches finds only words that spell one
            after = acronym_form(found.preferred(lang), m.group(), text, m.start(), m.end())
            if after != m.group():
                out.append(
                    Change(
                        lang,
                        m.start(),
                        m.end(),
                        m.group(),
                        after,
                        ChangeKind.TERM,
                        "termbase",
                        note="canonical acronym" + (f" ({found.note})" if found.note else ""),
                    )
                )
        return sorted(out, key=lambda c: c.start)


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


# -- one matcher per termbase ----------------------------------------------------------------

# id(termbase) -> (a weak reference to it, its matcher): an entry goes when its termbase does,
# so a matcher lives as long as its termbase and no longer
_MATCHERS: dict[int, tuple[weakref.ref, TermMatcher]] = {}


def matcher_for(termbase: Termbase) -> TermMatcher:
    """The matcher of ``termbase``, built on first use and kept while ``termbase`` lives."""
    key = id(termbase)
    found = _MATCHERS.get(key)
    if found is not None and found[0]() is termbase:
        return found[1]
    built = TermMatcher(termbase)
    _MATCHERS[key] = (weakref.ref(termbase, functools.partial(_forget, key)), built)
    return built


def _forget(key: int, ref: weakref.ref) -> None:
    """Drop the matcher of a termbase that is gone (unless its id has a new termbase already)."""
    found = _MATCHERS.get(key)
    if found is not None and found[0] is ref:
        del _MATCHERS[key]


def term_changes(
    text: str,
    termbase: Termbase,
    lang: Lang,
    segments: Iterable[Segment] = (),
    skip: Iterable[Span] = (),
    acronyms: Optional[list[re.Match]] = None,
) -> list[Change]:
    """``term`` changes for output ``lang``: variants inside ``lang`` segments, acronyms anywhere.

    ``acronyms``: ``acronym_matches(text, termbase)`` when the caller has it already.
    """
    return matcher_for(termbase).changes(text, lang, segments, skip, acronyms)


def acronym_matches(text: str, termbase: Termbase) -> list[re.Match]:
    """Words of ``text`` that spell one of ``termbase``'s acronyms (as ``CAPITALIZED`` matches)."""
    return matcher_for(termbase).acronym_matches(text)
