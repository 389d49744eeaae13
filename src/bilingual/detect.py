"""Language detection: label every word English, French or neutral, and group the words into segments.

Evidence is combined, none of it decisive alone:

* per word (:func:`.evidence.word_score`): the log-ratio of the word's French and English
  frequencies in wordfreq's lists, plus diacritics, French elision (``l'``,
  ``d'``, ``qu'``) and English clitics (``'s``, ``'t``);
* capitalization (``names.py``): a capitalized word inside a sentence, and a run of them joined by
  particles ("Banque de France", "Game of Thrones"), is a name and no evidence, so names
  follow their context (not in title-case headings); unless the lexicon has another form
  for it in the other language ("Royaume-Uni", "United Kingdom");
* borrowings: the phrases of ``data/borrowings.tsv`` that the base language uses as its own
  ("à la carte" in English, "week-end" in French) are no evidence either;
* context (``switching.py``): a two-state Viterbi pass over each sentence, where switching
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

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .evidence.borrowings import borrowed
from .evidence import base_lang_of, frequency, prefetch, second_opinion
from .evidence.features import Sentence, read
from .model import Flag, FlagKind, Lang, Segment, Span, Token
from .evidence.switching import SWITCH_BREAK, best_path
from .text.tokens import Tokens
from .collector import gc_paused

__all__ = ["Detection", "detect"]

_LANGS = (Lang.EN, Lang.FR)

# Weights are in natural-log units of the frequency ratio, set on ../shared/eval with
# bench/quality.py; F1 moves by < 0.003 on the dev sets for _EDGE in 0-2.
_EDGE = 1.0  # cost of starting or ending a sentence in the non-base language
_BIAS = 0.3  # per-word nudge towards the base language
_OPENERS = frozenset("([{«“‘\"'")
_CLOSERS = frozenset(")]}»”’\"'")
# A lone word this common in the base language (zipf 4), whose two frequencies are within 100x
# of each other ("plus", "on"; "pour" is not), is never the other language on its own.
_COMMON_BASE = 1e-5
_SHARED_LOG = math.log(100)
_UNSURE = 2.5  # a lone run with less evidence than this (frequency ratio ~12) is neutral
_LANGDETECT_MIN_WORDS = 4  # undecided segments at least this long are re-checked by langdetect
# A number (with its %) closing a clause belongs to the run before it.
_NUM_START = frozenset(" \u00a0\u202f")
_NUM_TAIL = re.compile(
    r"[ \u00a0\u202f]\d++(?:[.,\u00a0\u202f ]\d++)*+(?:[ \u00a0\u202f]?%)?(?=\s*+(?:[^\w\s]|$))"
)  # possessive: linear


@dataclass(frozen=True)
class Detection:
    """What :func:`detect` found. ``tokens`` is a read-only sequence of :class:`Token`."""

    base_lang: Lang
    tokens: Sequence[Token]
    segments: tuple[Segment, ...]
    flags: tuple[Flag, ...]


def detect(text: str, sentences: list[Span], base_lang: str | None = None, min_confidence: float = 0.6) -> Detection:
    """Label the words of ``text`` and build segments that cover it exactly.

    >>> t = "Stem cells, en particulier les ESCs, are studied."
    >>> d = detect(t, [Span(0, len(t))], base_lang="en")
    >>> [(t[s.start:s.end], s.lang and s.lang.value) for s in d.segments]
    [('Stem cells', 'en'), (', ', None), ('en particulier les ESCs', 'fr'), (', ', None), ('are studied', 'en'), ('.', None)]
    """
    with gc_paused():  # millions of small lists, no cycles: the collector would only cost time
        prefetch(text)  # word frequencies: only this text's words are looked up when it is short
        sents, (en_votes, fr_votes) = read(text, sentences)
        if base_lang:
            base = Lang(base_lang)
        else:
            base = base_lang_of(text, fr_votes / (en_votes + fr_votes) if en_votes + fr_votes else 0.5)
        for sent in sents:
            for k in borrowed(sent.words, base):
                sent.scores[k] = 0.0
        return _label(text, sents, base, min_confidence)


def _label(text: str, sents: list[Sentence], base: Lang, min_confidence: float) -> Detection:
    """Pass 2: each sentence's best labelling, cut into runs, which become segments."""
    base_i = 0 if base is Lang.EN else 1
    bias = _BIAS if base_i else -_BIAS
    edge = (_EDGE, 0.0) if base_i else (0.0, _EDGE)  # (en, fr): the non-base language pays
    langs: list[int] = []
    confs: list[float] = []
    segments: list[Segment] = []
    flags: list[Flag] = []
    pos = 0  # where the last segment ended
    for sent in sents:
        parts, span, ws, scores, costs = sent.parts, sent.span, sent.words, sent.scores, sent.costs
        n = len(ws)
        biased = [x + bias for x in scores]
        if min(biased) > 0 and sum(biased) > 2 * edge[1]:
            path = [1] * n  # every word leans French, by more than the sentence's edges cost
        elif max(biased) < 0 and -sum(biased) > 2 * edge[0]:
            path = [0] * n
        else:
            path = best_path(biased, costs, edge[0], edge[1])
        conf = [1.0] * n
        for a, b, lang, margin in _runs(parts, path, costs, scores, biased, edge):
            if lang < 0:
                path[a : b + 1] = [-1] * (b + 1 - a)
                continue
            if (
                a == b
                and lang != base_i
                and -_SHARED_LOG < scores[a] < _SHARED_LOG
                and frequency(ws[a].lower(), base.value) >= _COMMON_BASE
            ):
                lang = path[a] = base_i  # one word the base language uses all the time ("plus", "on")
            c = _confidence(margin)
            s = span.start + sum(map(len, parts[: 2 * a + 1]))  # parts: gap, word, gap, ..., word, gap
            e = s + sum(map(len, parts[2 * a + 1 : 2 * b + 2]))
            s = max(s, pos)
            if text[e : e + 1] in _NUM_START and text[e + 1 : e + 2].isdigit():
                m = _NUM_TAIL.match(text, e, span.end)  # "augmentent de 5 %." keeps its number
                if m:
                    e = m.end()
            if c < min_confidence and b - a + 1 >= _LANGDETECT_MIN_WORDS:
                lang2, c = second_opinion(text[s:e], lang, c)
                if lang2 != lang:
                    lang = lang2
                    path[a : b + 1] = [lang] * (b + 1 - a)
            conf[a : b + 1] = [c] * (b + 1 - a)
            if pos < s:
                segments.append(Segment(pos, s, None, 1.0))
            segments.append(Segment(s, e, _LANGS[lang], c))
            pos = e
            if c < min_confidence:
                flags.append(
                    Flag(
                        FlagKind.LOW_CONFIDENCE,
                        s,
                        e,
                        text[s:e],
                        f"{_LANGS[lang]} detected with low confidence ({c:.2f}): please check the language",
                    )
                )
        for i in sent.acronyms:  # an acronym is a neutral token, whatever segment it joined
            path[i] = -1
        langs += path
        confs += conf
    if pos < len(text):
        segments.append(Segment(pos, len(text), None, 1.0))
    return Detection(base, Tokens(text, [s.span for s in sents], langs, confs), tuple(segments), tuple(flags))


def _confidence(margin: float) -> float:
    """The logistic of ``margin`` (log units), kept within +-30."""
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, margin))))


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
    cuts = [k for k in range(1, n) if path[k] != path[k - 1] or costs[k] == SWITCH_BREAK]
    out = []
    a = 0
    for b in cuts + [n]:
        lang = path[a]
        if (
            not _OPENERS.isdisjoint(parts[2 * a])
            and not _CLOSERS.isdisjoint(parts[2 * b])
            and max(map(abs, scores[a:b])) < _UNSURE
            and abs(sum(scores[a:b])) < _UNSURE
        ):
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
