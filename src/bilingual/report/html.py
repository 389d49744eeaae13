"""The review page (``<stem>.report.html``): one self-contained file for the editor.

The page is organised per output. Each output has a header stating its state in
words ("English: 32 changes, 0 flags — ready"), its flags, then its changes
(least certain first), each a link to the marked spot, and then the source and
that output paragraph by paragraph, in the aligned rows of one table, so the two
never drift apart. Invisible characters a change inserts or removes are drawn
(``⍽`` for a no-break space, the name in the tooltip). Each change and flag
shows the line an editor adds so that the next run agrees (see ``decisions.py``).

No script, no external asset: a Content-Security-Policy forbids both, every link
is to an anchor of the page, and every piece of article text goes through
:func:`html.escape`.
"""
from __future__ import annotations

import bisect
import re
from html import escape
from typing import Optional, Sequence

from .. import decisions
from ..text import visible
from ..model import Change, Flag, Lang, Result, Segment
from ..text.position import Locator
from . import summary_counts

LANG_NAMES = {Lang.EN: "English", Lang.FR: "French"}
UNSURE = 0.8  # a translation below this confidence is marked (see docs/review.md: Confidence)
TARGET = "#d0006f"  # the outline of the spot a link leads to (tests look for this colour)

CSS = """
:root { --en: #bcd7ff; --fr: #ffd59a; --ins: #b7ebb0; --del: #ffc4c4; --flag: #fff3b0; --target: %(target)s; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, sans-serif; margin: 1.5rem; color: #1d1d1f; background: #fff; }
h1 { font-size: 1.35rem; margin: 0 0 .3rem; } h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; padding: .4rem .6rem;
  border-radius: 4px; } h3 { font-size: 1rem; margin: 1.1rem 0 .4rem; }
h2.ready { background: #e3f6e0; } h2.review { background: #fff3d6; } h2.todo { background: #fde2e2; }
.meta { color: #555; margin: 0 0 .6rem; }
nav ul { margin: .2rem 0 .8rem; padding-left: 1.2rem; }
details { margin: .4rem 0 1rem; } summary { cursor: pointer; color: #333; }
.legend span, .legend del, .legend ins, .legend mark { padding: 0 .4em; margin-right: .5em; border-radius: 3px; }
table { border-collapse: collapse; width: 100%%; font-size: .9rem; }
th, td { border: 1px solid #ddd; padding: .25rem .45rem; text-align: left; vertical-align: top; }
th { background: #f4f4f6; }
.scroll { max-height: 45vh; overflow: auto; border: 1px solid #ddd; }
.scroll table, .scroll th, .scroll td { font-size: .85rem; }
.scroll th { position: sticky; top: 0; z-index: 1; }
table.aligned { table-layout: fixed; }
table.aligned col.n { width: 4.5rem; }
.aligned td.t { white-space: pre-wrap; overflow-wrap: anywhere; font-family: ui-serif, Georgia, serif; font-size: .95rem; }
.aligned td.n { color: #777; font-size: .8rem; }
.l-en { background: var(--en); } .l-fr { background: var(--fr); }
.low { outline: 2px dashed #d33; }
del { background: var(--del); text-decoration: line-through; }
ins { background: var(--ins); text-decoration: none; }
.inv { color: #8a2be2; font-weight: bold; text-decoration: none; }
mark.flag { background: var(--flag); color: inherit; border-bottom: 2px dotted #b58900; }
tr.flag td:first-child { background: var(--flag); }
.none { color: #777; font-style: italic; }
code { white-space: pre-wrap; }
code.copy { user-select: all; background: #f4f4f6; padding: 0 .25em; border-radius: 3px; tab-size: 2; }
.tab::before { content: "⇥"; color: #999; }
.dk { color: #555; font-size: .8rem; }
td.unsure { background: #ffe08a; font-weight: bold; } td.rule { color: #777; }
:target { outline: 3px solid var(--target); outline-offset: 1px; scroll-margin-top: 30vh; }
.anchor:target::before { content: "▶"; color: var(--target); }
section:target { outline: none; scroll-margin-top: 0; }
tr:target > td, tr:has(:target) > td { background: #fff0f6; }
""" % {"target": TARGET}


def report_html(result: Result, source: str = "<stdin>") -> str:
    """The whole page as a string."""
    loc = Locator(result.text)
    langs = [lang for lang in (Lang.EN, Lang.FR) if lang in result.outputs]  # --to: one
    counts = summary_counts(result)
    input_flags = result.flags_for(None)
    states = {lang: _state(lang, counts[lang.value], len(input_flags)) for lang in langs}
    parts = [
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        f"<title>bilingual review: {escape(source)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        f"<h1>bilingual review: <code>{escape(source)}</code></h1>\n",
        f"<p class=\"meta\">base language: {LANG_NAMES[result.base_lang]} · engine: {escape(result.engine)} · "
        f"{len(result.sentences)} sentences"
        + (f" · {len(input_flags)} spans where the language is unsure (listed under each output)" if input_flags else "")
        + "</p>\n<nav><ul>\n",
        *(f"<li><a href=\"#{lang.value}\">{escape(states[lang][0])}</a></li>\n" for lang in langs),
        "</ul></nav>\n",
        _HELP,
    ]
    for lang in langs:
        parts.append(_output_section(result, lang, states[lang], input_flags, loc))
    parts.append("</body>\n</html>\n")
    return "".join(parts)


def _state(lang: Lang, c: dict, n_input_flags: int) -> tuple[str, str]:
    """The header of an output: its state in words, and its CSS class (ready / review / todo)."""
    name = LANG_NAMES[lang]
    flags = c["flags"] + n_input_flags
    head = f"{name}: {_n(c['changes'], 'change')}, {_n(flags, 'flag')}"
    if c["sentences_needing_mt"]:
        pair = f"{lang.other.value}-{lang.value}"
        return (f"{head}; {c['sentences_needing_mt']} of {_n(c['sentences'], 'sentence')} untranslated — needs a "
                f"model (bilingual models install {pair}) or a translator (--xliff)", "todo")
    if flags:
        return f"{head} — review the flags", "review"
    return f"{head} — ready", "ready"


_HELP = (
    "<details><summary>How to read this page, and how to make a decision stick</summary>\n"
    "<p class=\"legend\"><span class=\"l-en\">English</span><span class=\"l-fr\">French</span>"
    "<span class=\"low\">language unsure</span><del>removed</del><ins>inserted</ins>"
    "<mark class=\"flag\">flagged, kept as is</mark><span class=\"inv\">⍽</span>no-break space "
    "(hover a sign for its name)</p>\n"
    "<p>Every flag and change links to its spot in the aligned table of its output. Each row shows the line "
    "that makes the next run agree with a decision (click it to select it, then copy):</p>\n<table>\n"
    "<tr><th>decision</th><th>what to add</th></tr>\n"
    "<tr><td>keep this word</td><td>a glossary line with the word on both sides: <code>Escs<span class=\"tab\">\t"
    "</span>Escs</code> (<code>--glossary FILE</code>)</td></tr>\n"
    "<tr><td>translate it this way</td><td>a glossary line <code>English<span class=\"tab\">\t</span>French</code>"
    " for a term or a phrase; the same line in a translation memory (<code>--memory FILE</code>) for a sentence or "
    "a span with punctuation</td></tr>\n"
    "<tr><td>this line is not chatter</td><td>the marker <code>" + escape(decisions.KEEP_MARKER) + "</code> at the "
    "end of the line in the input, or <code>--keep-chatter</code> for the whole run</td></tr>\n"
    "</table>\n<p>Confidence: a translation's says how the engine made it (docs/review.md: Confidence); "
    f"those below {UNSURE:.2f} are marked, and translations are listed least confident first. Terms, "
    "typography and chatter are rules: no estimate (—).</p>\n</details>\n"
)


def _output_section(result: Result, lang: Lang, state: tuple[str, str], input_flags: list[Flag],
                    loc: Locator) -> str:
    text = result.text
    key = lang.value
    changes = sorted(result.changes_for(lang), key=lambda c: (c.start, c.end))
    flags = result.flags_for(lang)  # sorted by the pipeline
    name = LANG_NAMES[lang]
    parts = [f"<section id=\"{key}\">\n<h2 class=\"{state[1]}\">{escape(state[0])}</h2>\n",
             _flags_table(text, lang, flags, input_flags, loc),
             _changes_table(text, lang, changes, loc),
             f"<h3>Source and {name} output, paragraph by paragraph</h3>\n",
             _aligned(result, lang, changes, flags, input_flags, loc),
             "</section>\n"]
    return "".join(parts)


def _flags_table(text: str, lang: Lang, flags: list[Flag], input_flags: list[Flag], loc: Locator) -> str:
    key = lang.value
    rows = [(f.start, f"{key}-f{i}", f) for i, f in enumerate(flags)]
    rows += [(f.start, f"{key}-i{i}", f) for i, f in enumerate(input_flags)]
    rows.sort(key=lambda r: r[0])
    head = f"<h3>Flags ({len(rows)})</h3>\n"
    if not rows:
        return head + "<p class=\"none\">nothing flagged</p>\n"
    body = "".join(
        f"<tr class=\"flag\"><td><a href=\"#{ident}\">{loc.label(f.start)}</a></td><td>{escape(f.kind)}</td>"
        f"<td><code>{escape(_short(f.text))}</code></td><td>{escape(f.message)}{_suggestions(f)}</td>"
        f"<td>{_decision(decisions.for_flag(f))}</td></tr>\n"
        for _, ident, f in rows
    )
    return (head + "<div class=\"scroll\"><table>\n<tr><th>line:col</th><th>kind</th><th>text</th><th>message</th>"
            f"<th>to make it stick</th></tr>\n{body}</table></div>\n")


def _suggestions(f: Flag) -> str:
    """Fuzzy translation-memory matches of a flag, each with its score and the source it matched."""
    return "".join(
        f"<br>memory suggestion ({s.score:.2f}, {escape(s.memory)}): <ins>{escape(s.text)}</ins> "
        f"<span class=\"none\">for “{escape(_short(s.source))}”</span>"
        for s in getattr(f, "suggestions", ()))


def _certainty(c: Change) -> tuple:
    """Sort key: translations least confident first, then every other change in text order."""
    return (0, c.confidence, c.start) if c.kind == "translation" and c.confidence is not None else (1, 0.0, c.start)


def _changes_table(text: str, lang: Lang, changes: list[Change], loc: Locator) -> str:
    head = f"<h3>Changes ({len(changes)}), least certain first</h3>\n"
    if not changes:
        return head + "<p class=\"none\">no changes</p>\n"
    order = sorted(range(len(changes)), key=lambda i: _certainty(changes[i]))
    body = []
    for i in order:
        c = changes[i]
        unsure = ' class="unsure"' if c.confidence is not None and c.confidence < UNSURE else ""
        if c.confidence is None:
            unsure = ' class="rule" title="no estimate: a rule (termbase, typography, chatter pattern)"'
        body.append(
            f"<tr><td><a href=\"#{lang.value}-c{i}\">{loc.label(c.start)}</a></td>"
            f"<td><del>{_vis(_short(c.before))}</del></td><td><ins>{_vis(_short(c.after))}</ins></td>"
            f"<td>{escape(c.kind)}</td><td>{escape(c.engine or '')}</td>"
            f"<td{unsure}>{_conf(c.confidence)}</td>"
            f"<td>{escape(c.note)}</td><td>{_decision(decisions.for_change(c, text))}</td></tr>\n")
    return (head + "<div class=\"scroll\"><table>\n<tr><th>line:col</th><th>before</th><th>after</th><th>kind</th>"
            "<th>engine</th><th>confidence</th><th>note</th><th>to make it stick</th></tr>\n"
            + "".join(body) + "</table></div>\n")


def _decision(d: Optional[decisions.Decision]) -> str:
    if d is None:
        return ""
    tip = escape(f"{d.label}; add to {d.place}", quote=True)
    if not d.line:
        return f"<span class=\"dk\" title=\"{tip}\">{escape(d.label)}</span>"
    line = "<span class=\"tab\">\t</span>".join(escape(part) for part in d.line.split("\t"))
    return f"<span class=\"dk\">{escape(d.kind)}:</span> <code class=\"copy\" title=\"{tip}\">{line}</code>"


# --- the aligned table ---------------------------------------------------------------------

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


def _aligned(result: Result, lang: Lang, changes: list[Change], flags: list[Flag], input_flags: list[Flag],
             loc: Locator) -> str:
    text = result.text
    key = lang.value
    spans = [(c.start, c.end) for c in changes] + [(f.start, f.end) for f in flags + input_flags]
    paras = paragraphs(text, spans)
    starts = [a for a, _ in paras]
    per: list[tuple[list, list, list, list]] = [([], [], [], []) for _ in paras]  # changes, flags, input flags, segments of each paragraph

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
        rows.append(f"<tr id=\"{key}-p{k}\"><td class=\"n\">line {loc.line_col(a)[0]}</td>"
                    f"<td class=\"t\">{_source_cell(text, a, end, segs, ifl)}</td>"
                    f"<td class=\"t\">{_output_cell(text, a, end, chs, fls)}</td></tr>\n")
    return ("<table class=\"aligned\"><colgroup><col class=\"n\"><col><col></colgroup>\n"
            f"<tr><th>input</th><th>source</th><th>{LANG_NAMES[lang]} output</th></tr>\n" + "".join(rows)
            + "</table>\n")


def _anchors(pending: list, upto: int, out: list) -> None:
    """Empty anchors for the flags of ``pending`` (sorted by start) that start by ``upto``."""
    while pending and pending[0][1].start <= upto:
        out.append(f"<span class=\"anchor\" id=\"{pending.pop(0)[0]}\"></span>")


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
        out.append(f"<span class=\"{cls}\" title=\"{seg.lang.value}, confidence {seg.confidence:.2f}\">{piece}</span>")
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
        inner = (f"<del>{_vis(c.before)}</del>" if c.before else "") + (f"<ins>{_vis(c.after)}</ins>" if c.after else "")
        out.append(f"<span class=\"chg\" id=\"{ident}\" title=\"{tip}\">{inner}</span>")
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
            ident = f" id=\"{pending.pop(0)[0]}\""
        _anchors(pending, p, out)
        out.append(f"<mark class=\"flag\"{ident} title=\"{escape(tips[0], quote=True)}\">{escape(text[p:q])}</mark>")


def _vis(s: str) -> str:
    """Escaped, with each invisible character drawn and named in its tooltip."""
    return visible.render(s, escape, lambda sign, name: f"<span class=\"inv\" title=\"{escape(name)}\">{sign}</span>")


def _describe(c: Change) -> str:
    bits = [c.kind.value]
    if c.engine:
        bits.append(f"engine {c.engine}")
    if c.confidence is not None:
        bits.append(f"confidence {c.confidence:.2f}")
    if c.note:
        bits.append(c.note)
    return " · ".join(bits)


def _conf(value: Optional[float]) -> str:
    return "—" if value is None else f"{value:.2f}"


def _n(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
