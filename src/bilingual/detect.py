"""Language detection: label every word English, French or neutral, then group spans.

Evidence is combined, none of it decisive alone:

* per word (:func:`word_score`): the log-ratio of the word's French and English
  frequencies in wordfreq's lists, plus diacritics, French elision (``l'``,
  ``d'``, ``qu'``) and English clitics (``'s``, ``'t``);
* capitalization: a capitalized word inside a sentence is probably a name and
  counts for less, so names follow their context (not in title-case headings);
* context: a two-state Viterbi pass over each sentence, where switching
  language costs more inside a clause than at a comma, and less again at a
  bracket, colon or quote; an elided article never switches away from its
  word. Words spelled alike in both languages (inflammation, conclusion) are
  thus decided by their neighbours;
* the document's base language, from word counts and langdetect (seeded),
  slightly favoured everywhere and at sentence edges; langdetect also
  re-examines the rare longer segments the other evidence leaves undecided.

Acronyms (ESCs, MSC) are neutral tokens. Segments are runs of one language
that stop at brackets, colons and sentence punctuation (an inner ``", "``
stays inside); each gets a confidence, and those below ``min_confidence``
are flagged ``low_confidence`` for the editor.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass, replace

from .model import Flag, Lang, Segment, Span, Token
from .tokens import ELISION_END, is_acronym, words

_FLOOR = 1e-8  # frequency given to a word a list does not know (wordfreq's floor is ~1e-8)
_CLIP = 12.0  # no single word is worth more than this (log units)
_DIACRITIC = 2.5  # bonus for letters English words almost never carry
_ELISION = 6.0  # l' d' qu' ... followed by a letter: French
_CLITIC = -6.0  # 's 't 're 've 'll: English
_NAME = 0.4  # weight of a capitalized word inside a sentence (probably a name)
# Cost (log units) of switching language between two words, by what separates them.
_SWITCH_SPACE = 4.0  # same clause: a lone word needs strong evidence (> 2 * 4) to switch
_SWITCH_COMMA = 2.0
_SWITCH_BREAK = 0.8  # bracket, colon, semicolon, quote, dash
_BOND = 50.0  # elided article and its word never differ
_EDGE = 1.0  # cost of starting or ending a sentence in the non-base language
_BIAS = 0.3  # per-word nudge towards the base language
_LANGDETECT_MIN_WORDS = 4  # undecided segments at least this long are re-checked by langdetect

_FRENCH_LETTERS = frozenset("éèêëàâîïôûùüçœæÉÈÊËÀÂÎÏÔÛÙÜÇŒÆ")
BREAKS = frozenset("()[]{}:;\"“”«»—–/|…!?.")  # a segment never spans these
_CAPS_MIN = 0.7  # a sentence is title case when this share of its long words is capitalized


@dataclass(frozen=True)
class Detection:
    base_lang: Lang
    tokens: tuple[Token, ...]
    segments: tuple[Segment, ...]
    flags: tuple[Flag, ...]


@functools.lru_cache(maxsize=500_000)
def word_score(word: str) -> float:
    """Evidence of one word: log(P_fr / P_en), > 0 leans French, < 0 English.

    >>> word_score("les") > 3, word_score("the") < -3, abs(word_score("conclusion")) < 1
    (True, True, True)
    """
    from wordfreq import word_frequency

    if word[-1:] in ELISION_END:  # l' d' qu' (the tokenizer only splits them before a letter)
        return _ELISION
    if word[:1] in ELISION_END:  # 's 't 're
        return _CLITIC
    w = word.lower()
    s = math.log((word_frequency(w, "fr") + _FLOOR) / (word_frequency(w, "en") + _FLOOR))
    if not _FRENCH_LETTERS.isdisjoint(w):
        s += _DIACRITIC
    return max(-_CLIP, min(_CLIP, s))


def _switch_cost(gap: str, prev_word: str) -> float:
    """What switching language costs between two words separated by ``gap``."""
    if gap == " ":
        return _SWITCH_SPACE
    if not gap and prev_word[-1:] in ELISION_END:
        return _BOND
    if not BREAKS.isdisjoint(gap):
        return _SWITCH_BREAK
    if "," in gap:
        return _SWITCH_COMMA
    return _SWITCH_SPACE


def _title_case(ws: list[str]) -> bool:
    long = [w for w in ws if len(w) > 3]
    return len(long) >= 2 and sum(w[0].isupper() for w in long) >= _CAPS_MIN * len(long)


def _viterbi(scores: list[float], costs: list[float], edge_en: float, edge_fr: float) -> list[int]:
    """Best 0 (en) / 1 (fr) path: emissions are per-word log-odds, ``costs[i]`` the
    price of switching between word i-1 and word i; ``edge_*`` the price of
    starting and ending the sentence in that language."""
    en, fr = -edge_en, -edge_fr
    back_en: list[int] = []
    back_fr: list[int] = []
    first = True
    for s, c in zip(scores, costs):
        h = s / 2
        if first:
            en, fr = en - h, fr + h
            first = False
            back_en.append(0)
            back_fr.append(1)
            continue
        if en >= fr - c:
            nen, ben = en - h, 0
        else:
            nen, ben = fr - c - h, 1
        if fr >= en - c:
            nfr, bfr = fr + h, 1
        else:
            nfr, bfr = en - c + h, 0
        back_en.append(ben)
        back_fr.append(bfr)
        en, fr = nen, nfr
    state = 0 if en - edge_en >= fr - edge_fr else 1
    path = [0] * len(scores)
    for i in range(len(scores) - 1, -1, -1):
        path[i] = state
        state = back_fr[i] if state else back_en[i]
    return path


def _base_lang(text: str, votes: float) -> Lang:
    """The document's base language: word votes (share of French-leaning words)
    averaged with langdetect's probability of French on the text (seeded)."""
    p_fr = votes
    try:
        from langdetect import DetectorFactory, detect_langs
        from langdetect.lang_detect_exception import LangDetectException

        DetectorFactory.seed = 0
        try:
            probs = {str(x.lang): x.prob for x in detect_langs(text[:10_000])}
            if probs.get("fr", 0) + probs.get("en", 0) > 0.5:
                p_fr = (votes + probs.get("fr", 0) / (probs.get("fr", 0) + probs.get("en", 0))) / 2
        except LangDetectException:
            pass
    except ImportError:  # pragma: no cover - langdetect is a core dependency
        pass
    return Lang.FR if p_fr > 0.5 else Lang.EN


def _langdetect(text: str) -> dict[str, float]:
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        return {str(x.lang): x.prob for x in detect_langs(text)}
    except LangDetectException:
        return {}


def detect(text: str, sentences: list[Span], base_lang: str | None = None, min_confidence: float = 0.6) -> Detection:
    """Label the words of ``text`` and build segments that cover it exactly.

    >>> t = "Stem cells, en particulier les ESCs, are studied."
    >>> d = detect(t, [Span(0, len(t))], base_lang="en")
    >>> [(t[s.start:s.end], s.lang and s.lang.value) for s in d.segments]
    [('Stem cells', 'en'), (', ', None), ('en particulier les ESCs', 'fr'), (', ', None), ('are studied', 'en'), ('.', None)]
    """
    # Pass 1: the words of each sentence, their evidence and the switching costs between them.
    sents = []
    fr_votes = en_votes = 0
    names: set[str] = set()
    lower: set[str] = set()
    initials: list[tuple[int, int]] = []  # (sentence, word) of capitalized words opening a clause
    for sent in sentences:
        ms = list(words(text, sent.start, sent.end))
        if not ms:
            continue
        ws = [m.group() for m in ms]
        title = _title_case(ws)
        scored: list[int] = []  # positions in ms of the words that carry evidence
        scores: list[float] = []
        costs: list[float] = []
        prev = None
        for i, w in enumerate(ws):
            if is_acronym(w):
                continue
            s = word_score(w)
            if prev is None:
                cost = 0.0
            else:
                cost = _switch_cost(text[ms[prev].end():ms[i].start()], ws[prev])
            if w[0].isupper():
                if cost == _SWITCH_SPACE and not title:
                    s *= _NAME  # a capitalized word inside a clause: probably a name
                    names.add(w)
                elif not title:
                    initials.append((len(sents), len(scores)))
            elif w[0].islower():
                lower.add(w)
            scored.append(i)
            scores.append(s)
            costs.append(cost)
            prev = i
        sents.append((ms, ws, scored, scores, costs))
    # A capitalized word that opens a sentence is a name if the document also
    # uses it as one inside a clause and never writes it in lower case.
    names -= {w.capitalize() for w in lower}
    for si, k in initials:
        ms, ws, scored, scores, _ = sents[si]
        if ws[scored[k]] in names:
            scores[k] *= _NAME
    for _, _, _, scores, _ in sents:
        for s in scores:
            if s > 1:
                fr_votes += 1
            elif s < -1:
                en_votes += 1

    if base_lang:
        base = Lang(base_lang)
    else:
        base = _base_lang(text, fr_votes / (fr_votes + en_votes) if fr_votes + en_votes else 0.5)
    bias = -_BIAS if base is Lang.EN else _BIAS
    edge = {Lang.EN: 0.0, Lang.FR: _EDGE} if base is Lang.EN else {Lang.EN: _EDGE, Lang.FR: 0.0}

    # Pass 2: smooth each sentence, then cut it into runs and score each run.
    tokens: list[Token] = []
    segments: list[Segment] = []
    flags: list[Flag] = []
    pos = 0
    for ms, ws, scored, scores, costs in sents:
        biased = [s + bias for s in scores]
        path = _viterbi(biased, costs, edge[Lang.EN], edge[Lang.FR])
        lang_of: dict[int, Lang] = {}
        for i, st in zip(scored, path):
            lang_of[i] = Lang.FR if st else Lang.EN
        first = len(tokens)
        tokens.extend(Token(m.start(), m.end(), w, lang_of.get(i), 1.0) for i, (m, w) in enumerate(zip(ms, ws)))
        for a, b, lang, margin in _runs(text, ms, lang_of, scored, biased, costs, path, edge):
            conf = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, margin))))
            start, end = ms[a].start(), ms[b].end()
            if conf < min_confidence and b - a + 1 >= _LANGDETECT_MIN_WORDS:
                lang, conf = _second_opinion(text[start:end], lang, conf)
                for i in range(a, b + 1):
                    if i in lang_of:
                        tokens[first + i] = replace(tokens[first + i], lang=lang)
            if pos < start:
                segments.append(Segment(pos, start, None, 1.0))
            segments.append(Segment(start, end, lang, conf))
            pos = end
            if conf < min_confidence:
                flags.append(Flag("low_confidence", start, end, text[start:end],
                                  f"{lang} detected with low confidence ({conf:.2f}): please check the language"))
        for k in range(first, len(tokens)):
            t = tokens[k]
            if t.lang is not None:
                tokens[k] = replace(t, confidence=_token_conf(t, segments))
    if pos < len(text):
        segments.append(Segment(pos, len(text), None, 1.0))
    return Detection(base, tuple(tokens), tuple(segments), tuple(flags))


def _token_conf(t: Token, segments: list[Segment]) -> float:
    seg = segments[-1]
    for seg in reversed(segments):
        if seg.start <= t.start:
            break
    return seg.confidence if seg.lang is t.lang else 0.5


def _runs(text, ms, lang_of, scored, biased, costs, path, edge):
    """Cut one sentence's words into runs of one language: ``(first, last, lang, margin)``.

    A run stops where the language changes and at a break (bracket, colon,
    quote, sentence punctuation); an acronym joins the neighbouring run it is
    closer to (space before comma before break) or stays neutral. ``margin``
    is what relabelling the run alone would cost the best path (log units):
    the evidence of its words plus the switches it saves or adds at its edges.
    """
    n = len(ms)
    eff: list[Lang | None] = [lang_of.get(i) for i in range(n)]
    for i in range(n):
        if eff[i] is None:
            eff[i] = _acronym_lang(text, ms, eff, i)
    k_of = {i: k for k, i in enumerate(scored)}
    out = []
    i = 0
    while i < n:
        if eff[i] is None:
            i += 1
            continue
        j = i
        while j + 1 < n and eff[j + 1] is eff[i] and _joins(text[ms[j].end():ms[j + 1].start()]):
            j += 1
        lang = eff[i]
        ks = [k_of[x] for x in range(i, j + 1) if x in k_of]
        if ks:
            sign = 1 if lang is Lang.FR else -1
            margin = sum(biased[k] for k in ks) * sign
            k0, k1 = ks[0], ks[-1]
            # left edge: flipping removes a switch if the neighbour differs, adds one if not
            if k0 > 0:
                margin += -costs[k0] if path[k0 - 1] != path[k0] else costs[k0]
            else:
                margin += edge[lang.other] - edge[lang]
            if k1 + 1 < len(path):
                margin += -costs[k1 + 1] if path[k1 + 1] != path[k1] else costs[k1 + 1]
            else:
                margin += edge[lang.other] - edge[lang]
            out.append((i, j, lang, margin))
        i = j + 1
    return out


def _joins(gap: str) -> bool:
    return gap == " " or ("\n" not in gap and BREAKS.isdisjoint(gap))


def _acronym_lang(text, ms, eff, i) -> Lang | None:
    """An acronym takes the language of the side it is more closely attached to."""
    def side(j, gap):
        if j < 0 or j >= len(ms) or eff[j] is None:
            return None, 9
        if not _joins(gap):
            return None, 9
        return eff[j], (1 if "," not in gap else 2)

    left, lw = side(i - 1, text[ms[i - 1].end():ms[i].start()] if i else "")
    right, rw = side(i + 1, text[ms[i].end():ms[i + 1].start()] if i + 1 < len(ms) else "")
    if left is right or rw > lw:
        return left
    if lw > rw:
        return right
    return None


def _second_opinion(snippet: str, lang: Lang, conf: float) -> tuple[Lang, float]:
    """langdetect (seeded) on a segment the other evidence leaves undecided."""
    probs = _langdetect(snippet)
    p = probs.get(lang.value, 0.0)
    q = probs.get(lang.other.value, 0.0)
    if p >= 0.9:
        return lang, max(conf, p)
    if q >= 0.9:
        return lang.other, max(0.5, min(q, 1.0 - conf))
    return lang, conf
