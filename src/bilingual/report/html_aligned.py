"""The aligned table of the review page: the source and one output, paragraph by paragraph.

Each row is one paragraph (a change or flag that runs across a blank line keeps
the two paragraphs in one row): the source with each detected span coloured by
language, and the output with each change struck out and inserted, flagged text
marked, every change and flag with the anchor its table links to.
"""

from __future__ import annotations

import bisect
import re
from html import escape
from typing import Sequence

from .html_style import vis
from ..model import Change, Flag, Lang, Result, Segment
from ..text.position import Locator

_BLANK_LINES = re.compile(r"(?:\r\n|\n|\r)(?:[ \t]*(?:\r\n|\n|\r))+")


def paragraphs(text: str, spans: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """``text`` cut after each run of blank lines, never inside one of ``spans``; the pieces cover it.

    >>> paragraphs("a\\n\\nb\\nc\\n\\n\\nd")
    [(0, 3), (3, 9), (9, 10)]
    >>> paragraphs("a\\n\\nb\\n\\nc", [(1, 4)])
    [(0, 6), (6, 7)]
    """
    starts = sorted(s for s, e in spans if e > s)
    reach = []  # furthest end of the spans starting at or before each start
    far = 0
    for s, e in sorted((s, e) for s, e in spans if e > s):
        far = max(far, e)
        reach.append(far)
    out, start = [], 0
    for m in _BLANK_LINES.finditer(text):
        p = m.end()
        if p >= len(text):
            break
        k = bisect.bisect_left(starts, p) - 1  # spans starting before p
        if k >= 0 and reach[k] > p:
            continue  # a change or flag runs across: the two paragraphs make one row
        out.append((start, p))
        start = p
    out.append((start, len(text)))
    return out


def aligned_table(
    result: Result,
    lang: Lang,
    name: str,
    changes: list[Change],
    flags: list[Flag],
    input_flags: list[Flag],
    loc: Locator,
) -> str:
    """The table of output ``lang`` (called ``name``): one row per paragraph of ``result.text``."""
    text = result.text
    key = lang.value
    spans = [(c.start, c.end) for c in changes] + [(f.start, f.end) for f in flags + input_flags]
    paras = paragraphs(text, spans)
    starts = [a for a, _ in paras]
    per: list[tuple[list, list, list, list]] = [
        ([], [], [], []) for _ in paras
    ]  # changes, flags, input flags, segments of each paragraph

    def where(pos: int) -> int:
        return max(0, bisect.bisect_right(starts, pos) - 1)

    for i, c in enumerate(changes):
        per[where(c.start)][0].append((f"{key}-c{i}", c))
    for i, f in enumerate(flags):
        per[where(f.start)][1].append((f"{key}-f{i}", f))
    for i, f in enumerate(input_flags):
        per[where(f.start)][2].append((f"{key}-i{i}", f))
    for seg in result.segments:
        for k in range(where(seg.start), where(max(seg.start, seg.end - 1)) + 1):
            per[k][3].append(seg)
    rows = []
    for k, ((a, b), (chs, fls, ifl, segs)) in enumerate(zip(paras, per)):
        end = a + len(text[a:b].rstrip())  # a row stops at its text; blank lines between rows are not drawn
        end = max([end] + [x.end for _, x in chs + fls + ifl])
        rows.append(
            f'<tr id="{key}-p{k}"><td class="n">line {loc.line_col(a)[0]}</td>'
            f'<td class="t">{_source_cell(text, a, end, segs, ifl)}</td>'
            f'<td class="t">{_output_cell(text, a, end, chs, fls)}</td></tr>\n'
        )
    return (
        '<table class="aligned"><colgroup><col class="n"><col><col></colgroup>\n'
        f"<tr><th>input</th><th>source</th><th>{name} output</th></tr>\n" + "".join(rows) + "</table>\n"
    )


def _anchors(pending: list, upto: int, out: list) -> None:
    """Empty anchors for the flags of ``pending`` (sorted by start) that start by ``upto``."""
    while pending and pending[0][1].start <= upto:
        out.append(f'<span class="anchor" id="{pending.pop(0)[0]}"></span>')


def _source_cell(text: str, a: int, b: int, segs: list[Segment], flags: list) -> str:
    """The source between ``a`` and ``b``, each detected span coloured by language; the flags
    on the input (``(id, flag)``, all inside the row) are anchors, and their spans are outlined."""
    low = [(f.start, f.end) for _, f in flags if f.kind == "low_confidence"]
    out: list[str] = []
    pending = sorted(flags, key=lambda x: x[1].start)
    for seg in segs:
        s, e = max(a, seg.start), min(b, seg.end)
        if s >= e:
            continue
        _anchors(pending, s, out)
        piece = escape(text[s:e])
        if seg.lang is None:
            out.append(piece)
            continue
        cls = f"l-{seg.lang.value}"
        if any(x < e and s < y for x, y in low):
            cls += " low"
        out.append(f'<span class="{cls}" title="{seg.lang.value}, confidence {seg.confidence:.2f}">{piece}</span>')
    _anchors(pending, b, out)
    return "".join(out)


def _output_cell(text: str, a: int, b: int, changes: list, flags: list) -> str:
    """The output between ``a`` and ``b`` of the input: each change as before (struck out)
    and after (inserted), flagged text kept as is marked; every one with its anchor."""
    out: list[str] = []
    pending = list(flags)  # (id, flag), by start
    spans = [(f.start, f.end, f.message) for _, f in flags]
    pos = a
    for ident, c in changes:
        _plain(text, pos, c.start, spans, pending, out)
        _anchors(pending, c.start, out)
        tip = escape(_describe(c), quote=True)
        inner = (f"<del>{vis(c.before)}</del>" if c.before else "") + (f"<ins>{vis(c.after)}</ins>" if c.after else "")
        out.append(f'<span class="chg" id="{ident}" title="{tip}">{inner}</span>')
        pos = max(pos, c.end)
    _plain(text, pos, b, spans, pending, out)
    _anchors(pending, b, out)
    return "".join(out)


def _plain(text: str, s: int, e: int, spans: list, pending: list, out: list) -> None:
    """Unchanged text ``[s, e)``, with the flagged stretches in it marked (the flag's anchor on the
    mark where it begins)."""
    if s >= e:
        return
    cuts = sorted({s, e} | {x for f0, f1, _ in spans for x in (f0, f1) if s < x < e})
    for p, q in zip(cuts, cuts[1:]):
        tips = [m for f0, f1, m in spans if f0 <= p and q <= f1]
        if not tips:
            _anchors(pending, p, out)
            out.append(escape(text[p:q]))
            continue
        ident = ""
        if pending and pending[0][1].start == p:
            ident = f' id="{pending.pop(0)[0]}"'
        _anchors(pending, p, out)
        out.append(f'<mark class="flag"{ident} title="{escape(tips[0], quote=True)}">{escape(text[p:q])}</mark>')


def _describe(c: Change) -> str:
    bits = [c.kind.value]
    if c.engine:
        bits.append(f"engine {c.engine}")
    if c.confidence is not None:
        bits.append(f"confidence {c.confidence:.2f}")
    if c.note:
        bits.append(c.note)
    return " · ".join(bits)
