"""Language detection: label every word English, French or neutral, then group spans.

Evidence per word comes from wordfreq's English and French frequency lists,
diacritics and French elision; a two-state Viterbi pass over each sentence
smooths it, so that words spelled alike in both languages follow their
context. langdetect (seeded) decides the base language of the document.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from .model import Flag, Lang, Segment, Span, Token
from .tokens import is_acronym, words

_FLOOR = 1e-8  # frequency given to a word a list does not know
_SWITCH = 4.0  # cost (in log units) of switching language inside a sentence


@dataclass(frozen=True)
class Detection:
    base_lang: Lang
    tokens: tuple[Token, ...]
    segments: tuple[Segment, ...]
    flags: tuple[Flag, ...]


@functools.lru_cache(maxsize=200_000)
def word_score(word: str) -> float:
    """log(P_fr / P_en) for one word: > 0 leans French, < 0 English."""
    from wordfreq import word_frequency

    w = word.lower().replace("’", "'")
    fr = word_frequency(w, "fr") + _FLOOR
    en = word_frequency(w, "en") + _FLOOR
    s = math.log(fr / en)
    if any(c in "éèêëàâîïôûùüçœæ" for c in w):
        s += 2.0
    if w.endswith("'") and len(w) <= 8:  # elision: l' d' qu'
        s = max(s, 6.0)
    if w.startswith("'"):  # 's 't 're ...
        s = min(s, -6.0)
    return max(-12.0, min(12.0, s))


def _viterbi(scores: list[float]) -> list[int]:
    """Best 0 (en) / 1 (fr) path given per-word log-odds, with a switching cost."""
    if not scores:
        return []
    # emission log-probs: en gets -s/2, fr gets +s/2
    prev = [-scores[0] / 2, scores[0] / 2]
    back: list[tuple[int, int]] = []
    for s in scores[1:]:
        em = (-s / 2, s / 2)
        cur, bp = [0.0, 0.0], [0, 0]
        for st in (0, 1):
            stay, switch = prev[st], prev[1 - st] - _SWITCH
            if stay >= switch:
                cur[st], bp[st] = stay + em[st], st
            else:
                cur[st], bp[st] = switch + em[st], 1 - st
        back.append((bp[0], bp[1]))
        prev = cur
    state = 0 if prev[0] >= prev[1] else 1
    path = [state]
    for bp in reversed(back):
        state = bp[state]
        path.append(state)
    return path[::-1]


def detect(text: str, sentences: list[Span], base_lang: str | None = None, min_confidence: float = 0.6) -> Detection:
    """Label the words of ``text`` and build segments that cover it exactly."""
    tokens: list[Token] = []
    for sent in sentences:
        matches = list(words(text, sent.start, sent.end))
        idx = [i for i, m in enumerate(matches) if not is_acronym(m.group())]
        scores = [word_score(matches[i].group()) for i in idx]
        path = _viterbi(scores)
        labels: dict[int, tuple[Lang, float]] = {}
        for i, st, s in zip(idx, path, scores):
            lang = Lang.FR if st else Lang.EN
            agree = s if st else -s
            conf = 1 / (1 + math.exp(-(agree + _SWITCH / 2)))
            labels[i] = (lang, conf)
        for i, m in enumerate(matches):
            lang, conf = labels.get(i, (None, 1.0))
            tokens.append(Token(m.start(), m.end(), m.group(), lang, conf))
    base = Lang(base_lang) if base_lang else _base_lang(tokens)
    segments = build_segments(text, tokens)
    flags = tuple(
        Flag("low_confidence", s.start, s.end, text[s.start:s.end],
             f"language {s.lang} detected with low confidence ({s.confidence:.2f})")
        for s in segments if s.lang is not None and s.confidence < min_confidence
    )
    return Detection(base, tuple(tokens), tuple(segments), flags)


def _base_lang(tokens: list[Token]) -> Lang:
    fr = sum(1 for t in tokens if t.lang is Lang.FR)
    en = sum(1 for t in tokens if t.lang is Lang.EN)
    return Lang.FR if fr > en else Lang.EN


def build_segments(text: str, tokens: list[Token]) -> list[Segment]:
    """Group labelled tokens into contiguous segments covering ``text``.

    Text between two tokens of the same language belongs to that language's
    segment if it stays on one line; everything else is neutral (``lang=None``).
    """
    segs: list[Segment] = []
    labelled = [t for t in tokens if t.lang is not None]
    pos = 0
    run_start = run_end = None
    run_lang = None
    confs: list[float] = []

    def close():
        nonlocal run_start, run_end, run_lang, confs, pos
        if run_start is None:
            return
        if pos < run_start:
            segs.append(Segment(pos, run_start, None, 1.0))
        segs.append(Segment(run_start, run_end, run_lang, min(confs)))
        pos = run_end
        run_start = run_end = run_lang = None
        confs = []

    for t in labelled:
        if run_lang is t.lang and "\n" not in text[run_end:t.start]:
            run_end = t.end
            confs.append(t.confidence)
            continue
        close()
        run_start, run_end, run_lang, confs = t.start, t.end, t.lang, [t.confidence]
    close()
    if pos < len(text):
        segs.append(Segment(pos, len(text), None, 1.0))
    return segs
