"""Language detection: label every word English, French or neutral, then group spans.

Evidence is combined, none of it decisive alone:

* per word (:func:`word_score`, in ``evidence.py``): the log-ratio of the word's French and English
  frequencies in wordfreq's lists, plus diacritics, French elision (``l'``,
  ``d'``, ``qu'``) and English clitics (``'s``, ``'t``);
* capitalization: a capitalized word inside a sentence, and a run of them joined by
  particles ("Banque de France", "Game of Thrones"), is a name and no evidence, so names
  follow their context (not in title-case headings); unless the lexicon has another form
  for it in the other language ("Royaume-Uni", "United Kingdom");
* borrowings: the phrases of ``data/borrowings.tsv`` that the base language uses as its own
  ("à la carte" in English, "week-end" in French) are no evidence either;
* context: a two-state Viterbi pass over each sentence, where switching
  language costs more inside a clause than at a comma, and less again at a
  bracket, colon or quote; an elided article never switches away from its
  word. Words spelled alike in both languages (inflammation, conclusion) are
  thus decided by their neighbours;
* the document's base language, from word votes (each sentence's first and
  last clear words count twice), or langdetect (seeded) when the votes are
  split; it is slightly favoured everywhere and at sentence edges. langdetect
  also re-examines the rare longer segments the other evidence leaves undecided.

Acronyms (ESCs, MSC) are neutral tokens. Segments are runs of one language
that stop at brackets, colons and sentence punctuation (an inner ``", "``
stays inside); each gets a confidence, and those below ``min_confidence``
are flagged ``low_confidence`` for the editor.
"""
from __future__ import annotations

import gc
import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from contextlib import contextmanager
from functools import lru_cache
from dataclasses import dataclass
from itertools import accumulate, chain, compress, islice
from operator import itemgetter

from .evidence import SCORES as _SCORES
from .evidence import _frequency
from .evidence import base_lang_of as _base_lang
from .evidence import prefetch as _prefetch
from .evidence import raw_word_score as _word_score
from .evidence import second_opinion as _second_opinion
from .evidence import word_score
from .borrowings import borrowings
from .model import Flag, FlagKind, Lang, Segment, Span, Token
from .text.tokens import ELISION_END, is_neutral, split_words

__all__ = ["BREAKS", "Detection", "Tokens", "detect", "word_score"]

_LANGS = (Lang.EN, Lang.FR)

# Weights and costs are in natural-log units of the frequency ratio. They were set on
# ../shared/eval with bench/quality.py; F1 moves by < 0.003 on the dev sets for
# _EDGE in 0-2 and _SWITCH_SPACE in 3-4. A name (a capitalized word inside a sentence, or one
# the text also uses so) is no evidence at all: "Elysée", "Hollande", "Musée d'Orsay".
# Cost (log units) of switching language between two words, by what separates them.
_SWITCH_SPACE = 4.0  # same clause: a lone word needs strong evidence (> 2 * 4) to switch
_SWITCH_COMMA = 2.0
_SWITCH_BREAK = 0.8  # bracket, colon, semicolon, quote, dash
_BOND = 50.0  # elided article and its word never differ
_EDGE = 1.0  # cost of starting or ending a sentence in the non-base language
_BIAS = 0.3  # per-word nudge towards the base language
_OPENERS = frozenset("([{«“‘\"'")
_CLOSERS = frozenset(")]}»”’\"'")
# A lone word this common in the base language (zipf 4), whose two frequencies are within 100x
# of each other ("plus", "on", "pour" is not), is never the other language on its own.
_COMMON_BASE = 1e-5
_SHARED_LOG = math.log(100)
_UNSURE = 2.5  # a lone run with less evidence than this (frequency ratio ~12) is neutral
_LANGDETECT_MIN_WORDS = 4  # undecided segments at least this long are re-checked by langdetect

BREAKS = frozenset("()[]{}:;\"“”«»—–/|…!?.")  # a segment never spans these
_CAPS_MIN = 0.7  # a sentence is title case when this share of its long words is capitalized


@dataclass(frozen=True)
class Detection:
    """What :func:`detect` found. ``tokens`` is a read-only sequence of :class:`Token`."""

    base_lang: Lang
    tokens: Sequence[Token]
    segments: tuple[Segment, ...]
    flags: tuple[Flag, ...]


class Tokens(Sequence):
    """The labelled words of a text, built into :class:`Token` objects only when read
    (a million-word input has a million of them; most callers only need segments).
    Their offsets too are only worked out when first read."""

    __slots__ = ("_text", "_spans", "_offsets", "_langs", "_confs")

    def __init__(self, text: str, spans: list[Span], langs: list, confs: list[float]):
        """``spans``: the sentences with words, in order; ``langs``, ``confs``: per word."""
        self._text, self._spans, self._langs, self._confs = text, spans, langs, confs
        self._offsets: tuple[list[int], list[int]] | None = None

    def _starts_ends(self) -> tuple[list[int], list[int]]:
        if self._offsets is None:
            starts: list[int] = []
            ends: list[int] = []
            for sent in self._spans:  # the words as _read found them
                off = list(accumulate(map(len, split_words(self._text[sent.start:sent.end])), initial=sent.start))
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


def _switch_cost(gap: str) -> float:
    """What switching language costs between two words separated by ``gap``.

    No gap at all is an elided article and its word (``l'inflammation``): they
    never differ. (An English clitic, ``Ici’s``, is handled by the caller.)
    """
    if gap == " ":
        return _SWITCH_SPACE
    if not gap:
        return _BOND
    if "\n" in gap or not BREAKS.isdisjoint(gap) or " - " in gap:  # " - ": a dash typed as a hyphen
        return _SWITCH_BREAK
    if "," in gap:
        return _SWITCH_COMMA
    return _SWITCH_SPACE


def _viterbi(scores: list[float], costs: list[float], edge_en: float, edge_fr: float) -> list[int]:
    """Best 0 (en) / 1 (fr) path: emissions are per-word log-odds, ``costs[i]`` the
    price of switching between word i-1 and word i; ``edge_*`` the price of
    starting and ending the sentence in that language."""
    h = scores[0] / 2
    en, fr = -edge_en - h, -edge_fr + h
    # back[i]: bit 0 = the best path to en at word i comes from fr at word i-1; bit 1 = the
    # best path to fr comes from fr. 2: both stay (the usual case); the first word counts as 2.
    back = [2]
    append = back.append
    for s, c in zip(islice(scores, 1, None), islice(costs, 1, None)):
        h = s / 2
        fc = fr - c
        ec = en - c
        if en >= fc:
            if fr >= ec:
                append(2)
                en, fr = en - h, fr + h
            else:
                append(0)
                en, fr = en - h, ec + h
        elif fr >= ec:
            append(3)
            en, fr = fc - h, fr + h
        else:
            append(1)
            en, fr = fc - h, ec + h
    state = 0 if en - edge_en >= fr - edge_fr else 1
    # walk back from switch to switch: in en the path switches at codes 1 and 3, in fr at 0 and 1
    codes = bytes(back)
    path = [state] * len(scores)
    i = len(codes)
    while i > 0:
        if state:
            j = max(codes.rfind(0, 0, i), codes.rfind(1, 0, i))
        else:
            j = max(codes.rfind(1, 0, i), codes.rfind(3, 0, i))
        if j < 0:
            path[:i] = [state] * i
            break
        path[j:i] = [state] * (i - j)
        state = 1 - state
        i = j
    return path


def detect(text: str, sentences: list[Span], base_lang: str | None = None, min_confidence: float = 0.6) -> Detection:
    """Label the words of ``text`` and build segments that cover it exactly.

    >>> t = "Stem cells, en particulier les ESCs, are studied."
    >>> d = detect(t, [Span(0, len(t))], base_lang="en")
    >>> [(t[s.start:s.end], s.lang and s.lang.value) for s in d.segments]
    [('Stem cells', 'en'), (', ', None), ('en particulier les ESCs', 'fr'), (', ', None), ('are studied', 'en'), ('.', None)]
    """
    with _no_gc():  # millions of small lists, no cycles: the collector would only cost time
        return _detect(text, sentences, base_lang, min_confidence)


@contextmanager
def _no_gc():
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _detect(text: str, sentences: list[Span], base_lang: str | None, min_confidence: float) -> Detection:
    _prefetch(text)  # word frequencies: only this text's words are looked up when it is short
    sents, initials, names, seen, votes = _read(text, sentences)
    # A capitalized word that opens a sentence or clause is a name when the document
    # also uses it as one inside a clause and never writes it in lower case.
    names = {w for w in names if w.lower() not in seen}
    for si, k in initials:
        ws, scores = sents[si][2], sents[si][3]
        if ws[k] in names and ws[k].lower() not in translated_names():
            scores[k] = 0.0
    if base_lang:
        base = Lang(base_lang)
    else:
        base = _base_lang(text, votes[1] / (votes[0] + votes[1]) if votes[0] + votes[1] else 0.5)
    _borrowed(sents, base)
    bias = -_BIAS if base is Lang.EN else _BIAS
    base_i = 0 if base is Lang.EN else 1
    edge = (0.0, _EDGE) if base is Lang.EN else (_EDGE, 0.0)

    langs: list[int] = []
    confs: list[float] = []
    segments: list[Segment] = []
    flags: list[Flag] = []
    pos = 0
    exp = math.exp
    for parts, sent, ws, scores, costs, acronyms in sents:
        n = len(ws)
        biased = list(map(bias.__add__, scores))  # == x + bias
        if min(biased) > 0 and sum(biased) > 2 * edge[1]:
            path = [1] * n  # every word leans French: nothing to smooth
        elif max(biased) < 0 and -sum(biased) > 2 * edge[0]:
            path = [0] * n
        else:
            path = _viterbi(biased, costs, edge[0], edge[1])
        conf = [1.0] * n
        off = None  # character offsets of the parts, when a sentence has several runs
        for a, b, lang, margin in _runs(parts, path, costs, scores, biased, edge):
            if lang < 0:
                path[a:b + 1] = [-1] * (b + 1 - a)
                continue
            if (a == b and lang != base_i and -_SHARED_LOG < scores[a] < _SHARED_LOG
                    and _frequency(ws[a].lower(), base.value) >= _COMMON_BASE):
                lang = path[a] = base_i  # one word the base language uses all the time ("plus", "on")
            c = 1.0 / (1.0 + exp(-(30.0 if margin > 30.0 else -30.0 if margin < -30.0 else margin)))
            # from word a's start to word b's end (parts: gap, word, gap, ..., word, gap)
            if a == 0 and b == n - 1:  # the whole sentence: no offsets to add up
                s, e = sent.start + len(parts[0]), sent.end - len(parts[-1])
            else:
                if off is None:
                    off = list(accumulate(map(len, parts), initial=sent.start))
                s, e = off[2 * a + 1], off[2 * b + 2]
            if s < pos:  # even if sentences overlapped
                s = pos
            if text[e:e + 1] in _NUM_START and text[e + 1:e + 2].isdigit():
                m = _NUM_TAIL.match(text, e, sent.end)  # "augmentent de 5 %." keeps its number
                if m:
                    e = m.end()
            if c < min_confidence and b - a + 1 >= _LANGDETECT_MIN_WORDS:
                lang2, c = _second_opinion(text[s:e], lang, c)
                if lang2 != lang:
                    lang = lang2
                    path[a:b + 1] = [lang] * (b + 1 - a)
            conf[a:b + 1] = [c] * (b + 1 - a)
            if pos < s:
                segments.append(Segment(pos, s, None, 1.0))
            segments.append(Segment(s, e, _LANGS[lang], c))
            pos = e
            if c < min_confidence:
                flags.append(Flag(FlagKind.LOW_CONFIDENCE, s, e, text[s:e],
                                  f"{_LANGS[lang]} detected with low confidence ({c:.2f}): please check the language"))
        for i in acronyms:  # an acronym is a neutral token, whatever segment it joined
            path[i] = -1
        langs += path
        confs += conf
    if pos < len(text):
        segments.append(Segment(pos, len(text), None, 1.0))
    return Detection(base, Tokens(text, [x[1] for x in sents], langs, confs), tuple(segments), tuple(flags))


_GAPS: dict[str, float] = {}  # text between two words -> switching cost
_first = itemgetter(0)
# A number (with its %) closing a clause belongs to the run before it.
_NUM_START = frozenset(" \u00a0\u202f")
_NUM_TAIL = re.compile(r"[ \u00a0\u202f]\d++(?:[.,\u00a0\u202f ]\d++)*+(?:[ \u00a0\u202f]?%)?(?=\s*+(?:[^\w\s]|$))")  # possessive: linear


def _read(text: str, sentences: list[Span]):
    """Pass 1: the words of each sentence with their evidence and switching costs.

    Per sentence with words: its parts (gap, word, gap, ..., word, gap: they
    add up to the sentence), the sentence, words, scores (0 for an acronym),
    ``costs[k]`` = cost of switching between word k-1 and word k, and the
    positions of acronyms.
    Done with C-level list operations: a word costs a few dictionary look-ups.
    """
    cache, gap_cache = _SCORES, _GAPS
    split = split_words
    space, comma, inf = _SWITCH_SPACE, _SWITCH_COMMA, math.inf
    sents: list[tuple] = []
    names: set[str] = set()
    initials: list[tuple[int, int]] = []
    fr_votes = en_votes = 0
    for sent in sentences:
        parts = split(text[sent.start:sent.end])
        if len(parts) < 3:
            continue
        ws = parts[1::2]
        scores: list = list(map(cache.get, ws))  # filled in below: no None left
        if None in scores:
            for k, x in enumerate(scores):
                if x is None:
                    w = ws[k]
                    x = cache[w] = inf if is_neutral(w) else _word_score(w)
                    scores[k] = x
        acronyms: list[int] = []
        if inf in scores:
            k = scores.index(inf)
            try:
                while True:
                    acronyms.append(k)
                    k = scores.index(inf, k + 1)
            except ValueError:
                pass
            if len(acronyms) >= 3 and 2 * len(acronyms) >= len(ws):  # an all-caps line: words, not acronyms
                real = {k for k in acronyms if _known(ws[k])}
                acronyms = [k for k in acronyms if k not in real]
                for k in real:
                    scores[k] = _word_score(ws[k])
            for k in acronyms:
                scores[k] = 0.0
        gaps = parts[2:-1:2]
        costs: list = [0.0, *map(gap_cache.get, gaps)]  # filled in below: no None left
        if None in costs:
            for k, x in enumerate(costs):
                if x is None:
                    costs[k] = gap_cache[gaps[k - 1]] = _switch_cost(gaps[k - 1])
        if "" in gaps:  # no gap: an elided article and its word (bond), or an English clitic
            k = gaps.index("")
            try:
                while True:
                    if ws[k + 1][:1] in ELISION_END:
                        costs[k + 1] = space
                    k = gaps.index("", k + 1)
            except ValueError:
                pass
        ordered = sorted(scores)
        en_votes += bisect_left(ordered, -1.0)
        fr_votes += len(ordered) - bisect_right(ordered, 1.0)
        for edge_words in (scores, reversed(scores)):  # the sentence's frame counts twice:
            for x in edge_words:  # "Stem cells, en particulier les MSC, are studied." is English
                if x > 1.0 or x < -1.0:
                    if x > 0:
                        fr_votes += 1
                    else:
                        en_votes += 1
                    break
        caps = list(compress(range(len(ws)), map(str.isupper, map(_first, ws))))
        if caps and not ("." not in parts[-1] and _title_case(ws, caps)):  # a heading has no full stop
            si = len(sents)
            translated = translated_names()
            shouting = len(caps) == len(ws) and all(map(str.isupper, ws))  # "THE RESULTS ARE IN": words
            # a name run needs two capitals, or a clitic ("Sainsbury’s": no gap before it)
            in_names = set() if shouting or (len(caps) < 2 and "" not in gaps) else _name_chunks(parts, ws, costs, caps)
            kept = _translated_in(ws, in_names, translated) if in_names else ()
            for k in in_names:  # "Musée d'Orsay", "Royal Bank of Scotland", "Sainsbury’s": no language,
                if k not in kept:  # unless the other language writes it otherwise ("Royaume-Uni")
                    scores[k] = 0.0
            for k in caps:
                if scores[k] == 0.0 and k in acronyms or k in in_names or shouting:
                    continue
                if k and (costs[k] == space or costs[k] == comma):
                    if ws[k].lower() not in translated:  # "Espagne", "Royaume-Uni" stay evidence
                        scores[k] = 0.0  # a capitalized word inside a clause: a name ("Elysée", "Hollande")
                    names.add(ws[k])
                else:
                    initials.append((si, k))
        sents.append((parts, sent, ws, scores, costs, acronyms))
    # which names the text also writes in lower case (only those words matter)
    lowered = {w.lower() for w in names}
    seen = lowered.intersection(chain.from_iterable(x[2] for x in sents)) if lowered else set()
    return sents, initials, names, seen, (en_votes, fr_votes)


# Lower-case words inside a multi-word name: "Musée d'Orsay", "Bank of Scotland", "Banque de France"
_PARTICLES = frozenset("of the and for on upon at in de d' d’ du des la le les l' l’ et y van von der den da di del "
                       "della dos das au aux sur & -".split())


def _name_chunks(parts: list[str], ws: list[str], costs: list[float], caps: list[int]) -> set[int]:
    """Word positions of multi-word names: two or more capitalized words joined by particles
    (at most three in a row), and a possessive clitic after a capitalized word ("Sainsbury’s")."""
    out: set[int] = set()
    n, capset = len(ws), set(caps)
    space, bond = _SWITCH_SPACE, _BOND
    done = -1
    for a in caps:
        if a <= done:
            continue
        b, k, count = a, a + 1, 1
        while k < n and costs[k] in (space, bond):
            j = k
            while j < n and j - k < 3 and costs[j] in (space, bond) and ws[j].lower() in _PARTICLES:
                j += 1
            if j < n and j in capset and costs[j] in (space, bond):
                b, k, count = j, j + 1, count + 1
            else:
                break
        if b + 1 < n and costs[b + 1] == space and ws[b + 1][:1] in ELISION_END:
            out.add(b + 1)  # "Sainsbury’s", "Women's"
            if a > 0 and count == 1:
                out.add(a)  # a lone name inside a sentence, with its possessive
        initial = a == 0 or costs[a] not in (space, bond)
        # "Cell Replacement: ..." is a label, and a run that is all of its sentence a heading: words
        label = initial and (b + 1 >= n or parts[2 * b + 2].lstrip().startswith(":"))
        if count >= 2 and not label:
            out.update(range(a, b + 1))
        done = b
    return out


def _borrowed(sents: list, base: Lang) -> None:
    """Words of the base language's borrowings ("à la carte" in English, "week-end" in French)
    carry no evidence: they follow the text around them."""
    keys, phrases = borrowings(base)
    for _parts, _sent, ws, scores, _costs, _acronyms in sents:
        if keys.isdisjoint(ws):
            continue
        low = [w.lower().replace("’", "'") for w in ws]
        for k, w in enumerate(low):
            for ph in phrases.get(w, ()):
                if tuple(low[k:k + len(ph)]) == ph:
                    scores[k:k + len(ph)] = [0.0] * len(ph)


@lru_cache(maxsize=1)
def translated_names() -> frozenset[str]:
    """The lexicon's names and the shipped termbase's terms whose other-language form differs,
    in lower case, in both languages ("états-unis", "united kingdom", "hepatic progenitor
    cells"): text of their language, to translate, even where they stand as names."""
    from .engines.builtin.lexicon import builtin_lexicon
    from .text.fold import fold
    from .terms import builtin_termbase

    out: set[str] = set()
    for e in builtin_lexicon().entries:
        if e.pos == "n" and e.fr[:1].isupper() and fold(e.fr) != fold(e.en):
            out.update((e.fr.lower(), e.en.lower()))
    for t in builtin_termbase().entries:  # terms written in title case: "Hepatic Progenitor Cells"
        if not t.is_acronym and fold(t.fr) != fold(t.en):
            out.update((t.fr.lower(), t.en.lower()))
    return frozenset(out)


@lru_cache(maxsize=1)
def _translated_words() -> frozenset[str]:
    return frozenset(w for form in translated_names() for w in form.split(" "))


def _translated_in(ws: list[str], positions: set[int], forms: frozenset[str]) -> set[int]:
    """Those of ``positions`` inside a run of words that is one of ``forms`` ("Le Royaume-Uni")."""
    out: set[int] = set()
    known = _translated_words()
    if not any(ws[k].lower() in known for k in positions):
        return out  # most names: none of their words is in a form
    for a in positions:
        for b in range(a, min(a + 5, len(ws))):
            if b not in positions:
                break
            if " ".join(ws[a:b + 1]).lower() in forms:
                out.update(range(a, b + 1))
    return out


def _known(word: str) -> bool:
    """A word either list knows (frequency above one in a million): LE, COMPTEUR, THE."""
    w = word.lower()
    return word.isalpha() and (_frequency(w, "en") > 1e-6 or _frequency(w, "fr") > 1e-6)


def _title_case(ws: list[str], caps: list[int]) -> bool:
    """Headings: most long words capitalized ("How Stem Cell Thérapie Works")."""
    if 2 * len(caps) < len(ws):
        return False
    long = [w for w in ws if len(w) > 3]
    return len(long) >= 2 and sum(w[0].isupper() for w in long) >= _CAPS_MIN * len(long)


def _runs(parts, path, costs, scores, biased, edge):
    """Cut one sentence's words into runs of one language: ``(first, last, lang, margin)``.

    A run stops where the language changes and at a break (bracket, colon,
    quote, sentence punctuation). A run in brackets or quotes whose words
    carry next to no evidence (acronyms, words spelled alike or unknown:
    "(Escs)", "« possible »") is neutral: lang -1, margin 0.
    ``margin`` is what relabelling the run alone would cost the best path (log
    units): the evidence of its words plus the switches it saves or adds at
    its edges.
    """
    n = len(path)
    brk = _SWITCH_BREAK
    if 0 in path and 1 in path:
        cuts = [k for k in range(1, n) if path[k] != path[k - 1] or costs[k] == brk]
    else:  # one language: cut at the breaks only (found by C-level search)
        cuts = []
        k = 0
        try:
            while True:
                k = costs.index(brk, k + 1)
                cuts.append(k)
        except ValueError:
            pass
    out = []
    a = 0
    for b in cuts + [n]:
        lang = path[a]
        if (not _OPENERS.isdisjoint(parts[2 * a]) and not _CLOSERS.isdisjoint(parts[2 * b])
                and max(map(abs, scores[a:b])) < _UNSURE and abs(sum(scores[a:b])) < _UNSURE):
            out.append((a, b - 1, -1, 0.0))  # "(Escs)", "« possible »": no language to tell
            a = b
            continue
        margin = sum(biased[a:b]) * (1 if lang else -1)
        # at each edge, relabelling removes a switch if the neighbour differs, adds one if not
        if a > 0:
            margin += -costs[a] if path[a - 1] != lang else costs[a]
        else:
            margin += edge[1 - lang] - edge[lang]
        if b < n:
            margin += -costs[b] if path[b] != lang else costs[b]
        else:
            margin += edge[1 - lang] - edge[lang]
        out.append((a, b - 1, lang, margin))
        a = b
    return out
