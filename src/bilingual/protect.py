"""Protected spans: stretches of the input that no stage may read as language or change.

Markdown code, link URLs and markup characters are protected (see
``markdown.py``). Detection runs on a *masked* copy of the text, where every
protected character except line breaks becomes a space, so offsets stay the
same and a code span is never evidence for a language; the resulting segments
are then cut around the protected spans, which become neutral (``lang=None``).
Translation, terms and other stages receive the spans as ``skip``.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from .model import Segment, Span


def normalize(spans: Iterable[Span], length: int) -> list[Span]:
    """Sorted, merged, clipped to ``[0, length]``; empty spans dropped.

    >>> normalize([Span(5, 8), Span(0, 2), Span(1, 3), Span(7, 20)], 10)
    [Span(start=0, end=3), Span(start=5, end=10)]
    """
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, s.end)):
        start, end = max(0, s.start), min(length, s.end)
        if start >= end:
            continue
        if out and start <= out[-1].end:
            if end > out[-1].end:
                out[-1] = Span(out[-1].start, end)
            continue
        out.append(Span(start, end))
    return out


def mask(text: str, spans: Sequence[Span]) -> str:
    """``text`` with protected characters blanked (line breaks kept), same length.

    >>> mask("run `pip` now", [Span(4, 9)])
    'run       now'
    """
    if not spans:
        return text
    parts, pos = [], 0
    for s in spans:
        parts.append(text[pos : s.start])
        parts.append("".join(c if c in "\r\n" else " " for c in text[s.start : s.end]))
        pos = s.end
    parts.append(text[pos:])
    return "".join(parts)


def carve(text: str, segments: Iterable[Segment], spans: Sequence[Span]) -> list[Segment]:
    """Cut language segments around protected spans; the cuts and their edge spaces are neutral.

    The result still covers the text exactly.

    >>> t = "use `x` now"
    >>> [(s.start, s.end, s.lang) for s in carve(t, [Segment(0, 11, "en", 0.9)], [Span(4, 7)])]
    [(0, 3, 'en'), (3, 8, None), (8, 11, 'en')]
    """
    import bisect

    spans = normalize(spans, len(text))  # sorted and disjoint: a segment's spans are a run of them
    ends = [s.end for s in spans]
    pieces: list[Segment] = []
    for seg in segments:
        if seg.lang is None:
            pieces.append(seg)
            continue
        pos = seg.start
        for k in range(bisect.bisect_right(ends, seg.start), len(spans)):  # time linear in the spans met
            s = spans[k]
            if s.start >= seg.end:
                break
            _add_lang_piece(text, pieces, seg, pos, max(pos, s.start))
            pieces.append(Segment(max(pos, s.start), min(seg.end, s.end), None, 1.0))
            pos = min(seg.end, s.end)
        _add_lang_piece(text, pieces, seg, pos, seg.end)
    # merge adjacent neutral pieces so the report stays compact
    out: list[Segment] = []
    for p in pieces:
        if p.start >= p.end:
            continue
        if out and p.lang is None and out[-1].lang is None and out[-1].end == p.start:
            out[-1] = Segment(out[-1].start, p.end, None, 1.0)
        else:
            out.append(p)
    return out


def _add_lang_piece(text: str, pieces: list[Segment], seg: Segment, start: int, end: int) -> None:
    s, e = start, end
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if s == e:
        pieces.append(Segment(start, end, None, 1.0))
        return
    pieces.append(Segment(start, s, None, 1.0))
    pieces.append(Segment(s, e, seg.lang, seg.confidence))
    pieces.append(Segment(e, end, None, 1.0))
