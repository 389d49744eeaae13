"""The stretches of text an engine is asked to translate (units), and a unit without its edges.

For output ``target``, every segment detected in ``target.other`` is a unit, merged with its
neighbours across a gap of numbers and acronyms, never across a sentence; names and dates the
lexicon knows are units even inside the other language's text (:mod:`.names`). A unit the
engine could not translate may be tried again without the words at its ends that need no
translation (:func:`trim_edges`).
"""

from __future__ import annotations

import bisect
import re
from typing import Iterable, NamedTuple, Optional

from ..model import Lang, Segment, Span
from ..render import SpanIndex
from ..terms import matcher_for
from ..text.tokens import WORD_RE, is_acronym, words
from .names import names


class Unit(NamedTuple):  # a named tuple: built for every span, at a third of a frozen dataclass's cost
    start: int
    end: int
    text: str
    sentence: Span
    whole_sentence: bool


_GAP_STOP = re.compile(r"[\n.!?:;()\[\]\"«»“”]")  # a gap with one of these separates two units
_PUNCT = "\"'“”‘’«»()[]{},.;:!?…—–-"
_CLEARLY = 3.0  # |log(P_fr / P_en)| of a word that is plainly one language ("foie" 3.4, "however" -7.2)


def units(
    text: str, segments: Iterable[Segment], sentences: list[Span], source: Lang, skip: Iterable[Span] = ()
) -> list[Unit]:
    """The ``source``-language stretches to translate, one per segment, never across a sentence.

    Names and dates of the source language that the lexicon knows ("États-Unis",
    "Union européenne", "7 avril 2020") are added even where detection left them
    in the other language's text, merged with any segment they overlap.
    """
    starts = [s.start for s in sentences]
    index = SpanIndex(skip)
    skipping, hits = bool(index.starts), index.overlaps
    found = names(text, source)
    if skipping:
        found = [(a, b) for a, b in found if not hits(a, b)]
    spans = sorted([(seg.start, seg.end) for seg in segments if seg.lang is source] + found)
    m_starts: list[int] = []
    m_ends: list[int] = []
    gap_stop, after = _GAP_STOP.search, bisect.bisect_right
    for a, b in spans:
        if m_ends:
            e = m_ends[-1]
            # overlapping, or apart by a gap of one sentence with only numbers, acronyms,
            # spaces or commas in it ("Le 23 janvier"), which no skipped span touches
            if a < e or (
                a - e <= 40
                and not gap_stop(text, e, a)
                and after(starts, e) == after(starts, a)
                and only_neutral(text, e, a)
                and not (skipping and hits(e, a))
            ):
                if b > e:
                    m_ends[-1] = b
                continue
        m_starts.append(a)
        m_ends.append(b)
    out = []
    for a, b in zip(m_starts, m_ends):
        if skipping and hits(a, b):
            continue
        i = after(starts, a) - 1
        sent = sentences[i] if i >= 0 else Span(a, b)
        if b > sent.end and i >= 0:
            continue  # a name across a sentence break: not one unit
        whole = (a == sent.start or only_neutral(text, sent.start, a)) and (
            b == sent.end or only_neutral(text, b, sent.end)
        )
        out.append(Unit(a, b, text[a:b], sent, whole))
    return out


def only_neutral(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` has no word but acronyms (the first word decides, mostly)."""
    first = WORD_RE.search(text, start, end)
    if first is None:
        return True
    if not is_acronym(first.group()):
        return False
    return all(is_acronym(m.group()) for m in words(text, first.end(), end))


def trim_edges(text: str, u: Unit, target: Lang, termbase=None) -> Optional[Unit]:
    """``u`` without the words at its ends that need no translation (they stay as they are):
    words plainly of ``target``'s language, and acronyms; ``None`` when there are none, or
    nothing else."""
    from ..evidence import word_score

    sign = 1 if target is Lang.FR else -1
    spells = matcher_for(termbase).acronym if termbase is not None else None

    def plain_word(w: str) -> bool:
        return bool(w) and (
            sign * word_score(w) >= _CLEARLY or is_acronym(w) or (spells is not None and spells(w) is not None)
        )

    first, last = u.text.split(None, 1), u.text.rsplit(None, 1)
    if not first or not (plain_word(first[0].strip(_PUNCT)) or plain_word(last[-1].strip(_PUNCT))):
        return None  # most spans: neither end is such a word (a cheap look before the exact one)
    ws = list(words(text, u.start, u.end))

    def plain(m) -> bool:
        return plain_word(m.group())

    i, j = 0, len(ws)
    while i < j and plain(ws[i]):
        i += 1
    while j > i and plain(ws[j - 1]):
        j -= 1
    if (i, j) == (0, len(ws)) or i == j:
        return None
    a, b = ws[i].start(), ws[j - 1].end()
    return Unit(a, b, text[a:b], u.sentence, False)
