"""The review page (``<stem>.report.html``): one self-contained file for the editor.

Flags come first; below them the source with every detected span coloured by
language, and beside it each output with every change marked (before struck
out, after inserted; kind, engine and confidence in the tooltip and in a table).
No script, no external asset: a Content-Security-Policy forbids both, and every
piece of article text goes through :func:`html.escape`.
"""
from __future__ import annotations

from html import escape
from typing import Iterable, Optional

from .model import Change, Flag, Lang, Result
from .position import Locator

LANG_NAMES = {Lang.EN: "English", Lang.FR: "French"}

CSS = """
:root { --en: #bcd7ff; --fr: #ffd59a; --ins: #b7ebb0; --del: #ffc4c4; --flag: #fff3b0; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, sans-serif; margin: 1.5rem; color: #1d1d1f; background: #fff; }
h1 { font-size: 1.35rem; margin: 0 0 .3rem; } h2 { font-size: 1.1rem; margin: 1.4rem 0 .5rem; }
.meta { color: #555; margin: 0 0 1rem; }
.legend span { display: inline-block; padding: 0 .5em; margin-right: .6em; border-radius: 3px; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border: 1px solid #ddd; padding: .25rem .45rem; text-align: left; vertical-align: top; }
th { background: #f4f4f6; }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 1rem; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; border: 1px solid #ddd; border-radius: 4px;
        padding: .75rem; background: #fcfcfd; font-family: ui-serif, Georgia, serif; }
.l-en { background: var(--en); } .l-fr { background: var(--fr); }
.low { outline: 2px dashed #d33; }
del { background: var(--del); text-decoration: line-through; }
ins { background: var(--ins); text-decoration: none; }
.flag { background: var(--flag); }
mark.flag { color: inherit; border-bottom: 2px dotted #b58900; }
.none { color: #777; font-style: italic; }
code { white-space: pre-wrap; }
.scroll { max-height: 40vh; overflow: auto; border: 1px solid #ddd; }
.scroll table, .scroll th, .scroll td { font-size: .85rem; }
.scroll th { position: sticky; top: 0; }
"""


def report_html(result: Result, source: str = "<stdin>") -> str:
    """The whole page as a string."""
    loc = Locator(result.text)
    langs = [lang for lang in (Lang.EN, Lang.FR) if lang in result.outputs]  # --to: one
    counts = {lang: len(result.changes_for(lang)) for lang in langs}
    parts = [
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        f"<title>bilingual review: {escape(source)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        f"<h1>bilingual review: <code>{escape(source)}</code></h1>\n",
        f"<p class=\"meta\">base language: {LANG_NAMES[result.base_lang]} · engine: {escape(result.engine)} · "
        f"{len(result.flags)} flags · "
        f"{', '.join(f'{n} changes for {LANG_NAMES[lang]}' for lang, n in counts.items())}</p>\n",
        _flags(result, loc),
        "<h2>Source and outputs</h2>\n<p class=\"legend\"><span class=\"l-en\">English</span>"
        "<span class=\"l-fr\">French</span><span class=\"low\">low confidence</span>"
        "<del>removed</del> <ins>inserted</ins> <mark class=\"flag\">flagged, kept as is</mark></p>\n<div class=\"columns\">\n",
        _column("Source", _source_html(result)),
    ]
    for lang in langs:
        parts.append(_column(f"{LANG_NAMES[lang]} output", _output_html(result.text, result.changes_for(lang),
                                                                       result.flags_for(lang))))
    parts.append("</div>\n")
    for lang in langs:
        parts.append(_changes_table(result.changes_for(lang), lang, loc))
    parts.append("</body>\n</html>\n")
    return "".join(parts)


def _column(title: str, body: str) -> str:
    return f"<section>\n<h2>{escape(title)}</h2>\n<div class=\"text\">{body}</div>\n</section>\n"


def _flags(result: Result, loc: Locator) -> str:
    if not result.flags:
        return "<h2>Flags</h2>\n<p class=\"none\">nothing flagged</p>\n"
    rows = "".join(
        f"<tr class=\"flag\"><td>{escape(f.kind)}</td><td>{escape(f.output_lang.value) if f.output_lang else 'input'}</td>"
        f"<td>{loc.label(f.start)}</td><td><code>{escape(_short(f.text))}</code></td><td>{escape(f.message)}"
        f"{_suggestions(f)}</td></tr>\n"
        for f in result.flags
    )
    return (f"<h2>Flags ({len(result.flags)})</h2>\n<div class=\"scroll\"><table>\n<tr><th>kind</th><th>output</th>"
            f"<th>line:col</th><th>text</th><th>message</th></tr>\n{rows}</table></div>\n")


def _suggestions(f: Flag) -> str:
    """Fuzzy translation-memory matches of a flag, each with its score and the source it matched."""
    return "".join(
        f"<br>memory suggestion ({s.score:.2f}, {escape(s.memory)}): <ins>{escape(s.text)}</ins> "
        f"<span class=\"none\">for “{escape(_short(s.source))}”</span>"
        for s in f.suggestions)


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _source_html(result: Result) -> str:
    out = []
    text = result.text
    low = sorted((f.start, f.end) for f in result.flags if f.kind == "low_confidence")
    k = 0  # segments and low-confidence spans are both in order: one sweep
    for seg in result.segments:
        piece = escape(text[seg.start:seg.end])
        if seg.lang is None:
            out.append(piece)
            continue
        cls = f"l-{seg.lang.value}"
        while k < len(low) and low[k][1] <= seg.start:
            k += 1
        if any(a < seg.end and seg.start < b for a, b in low[k:k + 8]):
            cls += " low"
        out.append(f"<span class=\"{cls}\" title=\"{seg.lang.value}, confidence {seg.confidence:.2f}\">{piece}</span>")
    return "".join(out)


def _output_html(text: str, changes: Iterable[Change], flags: Iterable[Flag] = ()) -> str:
    """The output, built from the input and its changes; flagged spans left as they are get a mark."""
    items = sorted([(c.start, c.end, c) for c in changes] + [(f.start, f.end, f) for f in flags],
                   key=lambda x: (x[0], x[1], isinstance(x[2], Flag)))
    out, pos = [], 0
    for start, end, item in items:
        if start < pos:
            continue  # a flag inside a change: the change says it all
        out.append(escape(text[pos:start]))
        if isinstance(item, Flag):
            out.append(f"<mark class=\"flag\" title=\"{escape(item.message, quote=True)}\">{escape(text[start:end])}</mark>")
        else:
            tip = escape(_describe(item), quote=True)
            if item.before:
                out.append(f"<del title=\"{tip}\">{escape(item.before)}</del>")
            if item.after:
                out.append(f"<ins title=\"{tip}\">{escape(item.after)}</ins>")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def _describe(c: Change) -> str:
    bits = [c.kind]
    if c.engine:
        bits.append(f"engine {c.engine}")
    if c.confidence is not None:
        bits.append(f"confidence {c.confidence:.2f}")
    if c.note:
        bits.append(c.note)
    return " · ".join(bits)


def _conf(value: Optional[float]) -> str:
    return "" if value is None else f"{value:.2f}"


def _changes_table(changes: list[Change], lang: Lang, loc: Locator) -> str:
    head = f"<h2>Changes for the {LANG_NAMES[lang]} output ({len(changes)})</h2>\n"
    if not changes:
        return head + "<p class=\"none\">no changes</p>\n"
    rows = "".join(
        f"<tr><td>{loc.label(c.start)}</td><td><del>{escape(c.before)}</del></td><td><ins>{escape(c.after)}</ins></td>"
        f"<td>{escape(c.kind)}</td><td>{escape(c.engine or '')}</td><td>{_conf(c.confidence)}</td>"
        f"<td>{escape(c.note)}</td></tr>\n"
        for c in changes
    )
    return (head + "<table>\n<tr><th>line:col</th><th>before</th><th>after</th><th>kind</th><th>engine</th>"
            f"<th>confidence</th><th>note</th></tr>\n{rows}</table>\n")
