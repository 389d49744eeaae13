"""Detection's first pass: each sentence's words with their evidence, and the switching costs between them.

Per word, its score (:func:`.evidence.word_score`; 0 for an acronym and for a name); between
two words, the cost of switching language there (:func:`.switching.switch_cost`); per
document, the votes of clearly English and clearly French words for the base language.
"""

from __future__ import annotations

import math
from typing import Optional
from dataclasses import dataclass

from . import SCORES, SCORES_MAX, frequency, raw_word_score
from ..model import Span
from .names import clear_names, clear_openers
from .switching import SWITCH_SPACE, switch_cost
from ..text.tokens import ELISION_END, is_neutral, split_words

_GAPS: dict[str, float] = {}  # text between two words -> switching cost
_GAPS_MAX = 100_000  # distinct gaps kept (most texts have a few hundred)
_CLEAR = 1.0  # a word with a score beyond +-1 (frequency ratio ~3) votes for the base language
_KNOWN = 1e-6  # a word either list knows at this frequency (one in a million) is a word


@dataclass(slots=True)
class Sentence:
    """One sentence with words, as detection reads it."""

    parts: list[str]  # gap, word, gap, ..., word, gap: they add up to the sentence
    span: Span
    words: list[str]
    scores: list[float]  # per word: > 0 leans French, < 0 English
    costs: list[float]  # costs[k]: switching between word k-1 and word k (costs[0] is 0)
    acronyms: list[int]  # positions of the acronyms: neutral tokens
    openers: list[int]  # capitalized words opening the sentence or a clause (see names.clear_names)


def read(text: str, sentences: list[Span]) -> tuple[list[Sentence], tuple[int, int]]:
    """The sentences of ``text`` that have words, with their evidence (names cleared), and the
    votes for the base language: (English, French)."""
    out: list[Sentence] = []
    inner: set[str] = set()
    en_votes = fr_votes = 0
    for span in sentences:
        parts = split_words(text[span.start : span.end])
        if len(parts) < 3:
            continue
        ws = parts[1::2]
        scores, acronyms = _scores(ws)
        costs = _costs(parts, ws)
        en, fr = _votes(scores)
        en_votes += en
        fr_votes += fr
        names, openers = clear_names(parts, ws, scores, costs, acronyms)
        inner.update(names)
        out.append(Sentence(parts, span, ws, scores, costs, acronyms, openers))
    clear_openers(out, inner)
    return out, (en_votes, fr_votes)


def _scores(ws: list[str]) -> tuple[list[float], list[int]]:
    """The words' scores and the positions of the acronyms among them (scored 0)."""
    scores: list = list(map(SCORES.get, ws))
    if None in scores:  # words met for the first time: evidence.word_score, inlined
        if len(SCORES) >= SCORES_MAX:
            SCORES.clear()
        for k, x in enumerate(scores):
            if x is None:
                w = ws[k]
                scores[k] = SCORES[w] = math.inf if is_neutral(w) else raw_word_score(w)
    if math.inf not in scores:
        return scores, []
    acronyms = [k for k, x in enumerate(scores) if x == math.inf]
    if len(acronyms) >= 3 and 2 * len(acronyms) >= len(ws):  # an all-caps line: words, not acronyms
        if len(_CAPS) >= SCORES_MAX:
            _CAPS.clear()
        kept = []
        for k in acronyms:
            w = ws[k]
            s = _CAPS.get(w, _UNSEEN)
            if s is _UNSEEN:
                s = _CAPS[w] = raw_word_score(w) if _known(w) else None
            if s is None:
                kept.append(k)
            else:
                scores[k] = s
        acronyms = kept
    for k in acronyms:
        scores[k] = 0.0
    return scores, acronyms


# an upper-case word of an all-caps line -> its score as a word, or None for an acronym
_CAPS: dict[str, Optional[float]] = {}
_UNSEEN = object()


def _costs(parts: list[str], ws: list[str]) -> list[float]:
    """``costs[k]``: what switching language between word k-1 and word k costs (``costs[0]``: 0)."""
    gaps = parts[2:-1:2]
    costs: list = [0.0, *map(_GAPS.get, gaps)]
    if None in costs:  # gaps met for the first time
        if len(_GAPS) > _GAPS_MAX:
            _GAPS.clear()
        for k, x in enumerate(costs):
            if x is None:
                costs[k] = _GAPS[gaps[k - 1]] = switch_cost(gaps[k - 1])
    if "" in gaps:  # no gap: an elided article and its word (bond), or an English clitic
        for k, gap in enumerate(gaps):
            if not gap and ws[k + 1][:1] in ELISION_END:
                costs[k + 1] = SWITCH_SPACE
    return costs


def _votes(scores: list[float]) -> tuple[int, int]:
    """The sentence's votes for the base language, (English, French): one per clearly English or
    French word, and one more for the first and the last of them ("Stem cells, en particulier
    les MSC, are studied." is English)."""
    en = sum(1 for x in scores if x < -_CLEAR)
    fr = sum(1 for x in scores if x > _CLEAR)
    for edge in (scores, reversed(scores)):
        for x in edge:
            if x > _CLEAR or x < -_CLEAR:
                if x > 0:
                    fr += 1
                else:
                    en += 1
                break
    return en, fr


def _known(word: str) -> bool:
    """A word either list knows (frequency above one in a million): LE, COMPTEUR, THE."""
    w = word.lower()
    return word.isalpha() and (frequency(w, "en") > _KNOWN or frequency(w, "fr") > _KNOWN)
