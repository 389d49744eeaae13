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

This module puts the page together: its head, the state of each output, the
flags and changes tables. The aligned table is :mod:`.html_aligned`; the style
sheet and the drawing of invisible characters are :mod:`.html_style`.
"""

from __future__ import annotations

from html import escape
from typing import Optional

from . import summary_counts
from .html_aligned import aligned_table
from .html_style import CSS, vis
from .. import decisions
from ..model import Change, Flag, Lang, Result
from ..text.position import Locator

LANG_NAMES = {Lang.EN: "English", Lang.FR: "French"}
UNSURE = 0.8  # a translation below this confidence is marked (see docs/review.md: Confidence)


def report_html(result: Result, source: str = "<stdin>") -> str:
    """The whole page as a string."""
    loc = Locator(result.text)
    langs = [lang for lang in (Lang.EN, Lang.FR) if lang in result.outputs]  # --to: one
    counts = summary_counts(result)
    input_flags = result.flags_for(None)
    states = {lang: output_state(lang, counts[lang.value], len(input_flags)) for lang in langs}
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>bilingual review: {escape(source)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        f"<h1>bilingual review: <code>{escape(source)}</code></h1>\n",
        f'<p class="meta">base language: {LANG_NAMES[result.base_lang]} · engine: {escape(result.engine)} · '
        f"{len(result.sentences)} sentences"
        + (
            f" · {len(input_flags)} spans where the language is unsure (listed under each output)"
            if input_flags
            else ""
        )
        + "</p>\n<nav><ul>\n",
        *(f'<li><a href="#{lang.value}">{escape(states[lang][0])}</a></li>\n' for lang in langs),
        "</ul></nav>\n",
        _HELP,
    ]
    for lang in langs:
        parts.append(_output_section(result, lang, states[lang], input_flags, loc))
    parts.append("</body>\n</html>\n")
    return "".join(parts)


def output_state(lang: Lang, c: dict, n_input_flags: int) -> tuple[str, str]:
    """The header of an output (``c``: its :func:`summary_counts`): its state in words, and its CSS
    class (ready / review / todo)."""
    name = LANG_NAMES[lang]
    flags = c["flags"] + n_input_flags
    head = f"{name}: {_n(c['changes'], 'change')}, {_n(flags, 'flag')}"
    if c["sentences_needing_mt"]:
        pair = f"{lang.other.value}-{lang.value}"
        return (
            f"{head}; {c['sentences_needing_mt']} of {_n(c['sentences'], 'sentence')} untranslated — needs a "
            f"model (bilingual models install {pair}) or a translator (--xliff)",
            "todo",
        )
    if flags:
        return f"{head} — review the flags", "review"
    return f"{head} — ready", "ready"


_HELP = (
    "<details><summary>How to read this page, and how to make a decision stick</summary>\n"
    '<p class="legend"><span class="l-en">English</span><span class="l-fr">French</span>'
    '<span class="low">language unsure</span><del>removed</del><ins>inserted</ins>'
    '<mark class="flag">flagged, kept as is</mark><span class="inv">⍽</span>no-break space '
    "(hover a sign for its name)</p>\n"
    "<p>Every flag and change links to its spot in the aligned table of its output. Each row shows the line "
    "that makes the next run agree with a decision (click it to select it, then copy):</p>\n<table>\n"
    "<tr><th>decision</th><th>what to add</th></tr>\n"
    '<tr><td>keep this word</td><td>a glossary line with the word on both sides: <code>Escs<span class="tab">\t'
    "</span>Escs</code> (<code>--glossary FILE</code>)</td></tr>\n"
    '<tr><td>translate it this way</td><td>a glossary line <code>English<span class="tab">\t</span>French</code>'
    " for a term or a phrase; the same line in a translation memory (<code>--memory FILE</code>) for a sentence or "
    "a span with punctuation</td></tr>\n"
    "<tr><td>this line is not chatter</td><td>the marker <code>" + escape(decisions.KEEP_MARKER) + "</code> at the "
    "end of the line in the input, or <code>--keep-chatter</code> for the whole run</td></tr>\n"
    "</table>\n<p>Confidence: a translation's says how the engine made it (docs/review.md: Confidence); "
    f"those below {UNSURE:.2f} are marked, and translations are listed least confident first. Terms, "
    "typography and chatter are rules: no estimate (—).</p>\n</details>\n"
)


def _output_section(result: Result, lang: Lang, state: tuple[str, str], input_flags: list[Flag], loc: Locator) -> str:
    text = result.text
    key = lang.value
    changes = sorted(result.changes_for(lang), key=lambda c: (c.start, c.end))
    flags = result.flags_for(lang)  # sorted by the pipeline
    name = LANG_NAMES[lang]
    parts = [
        f'<section id="{key}">\n<h2 class="{state[1]}">{escape(state[0])}</h2>\n',
        _flags_table(text, lang, flags, input_flags, loc),
        _changes_table(text, lang, changes, loc),
        f"<h3>Source and {name} output, paragraph by paragraph</h3>\n",
        aligned_table(result, lang, name, changes, flags, input_flags, loc),
        "</section>\n",
    ]
    return "".join(parts)


def _flags_table(text: str, lang: Lang, flags: list[Flag], input_flags: list[Flag], loc: Locator) -> str:
    key = lang.value
    rows = [(f.start, f"{key}-f{i}", f) for i, f in enumerate(flags)]
    rows += [(f.start, f"{key}-i{i}", f) for i, f in enumerate(input_flags)]
    rows.sort(key=lambda r: r[0])
    head = f"<h3>Flags ({len(rows)})</h3>\n"
    if not rows:
        return head + '<p class="none">nothing flagged</p>\n'
    body = "".join(
        f'<tr class="flag"><td><a href="#{ident}">{loc.label(f.start)}</a></td><td>{escape(f.kind)}</td>'
        f"<td><code>{escape(_short(f.text))}</code></td><td>{escape(f.message)}{_suggestions(f)}</td>"
        f"<td>{_decision(decisions.for_flag(f))}</td></tr>\n"
        for _, ident, f in rows
    )
    return (
        head + '<div class="scroll"><table>\n<tr><th>line:col</th><th>kind</th><th>text</th><th>message</th>'
        f"<th>to make it stick</th></tr>\n{body}</table></div>\n"
    )


def _suggestions(f: Flag) -> str:
    """Fuzzy translation-memory matches of a flag, each with its score and the source it matched."""
    return "".join(
        f"<br>memory suggestion ({s.score:.2f}, {escape(s.memory)}): <ins>{escape(s.text)}</ins> "
        f'<span class="none">for “{escape(_short(s.source))}”</span>'
        for s in getattr(f, "suggestions", ())
    )


def _certainty(c: Change) -> tuple:
    """Sort key: translations least confident first, then every other change in text order."""
    return (0, c.confidence, c.start) if c.kind == "translation" and c.confidence is not None else (1, 0.0, c.start)


def _changes_table(text: str, lang: Lang, changes: list[Change], loc: Locator) -> str:
    head = f"<h3>Changes ({len(changes)}), least certain first</h3>\n"
    if not changes:
        return head + '<p class="none">no changes</p>\n'
    order = sorted(range(len(changes)), key=lambda i: _certainty(changes[i]))
    body = []
    for i in order:
        c = changes[i]
        unsure = ' class="unsure"' if c.confidence is not None and c.confidence < UNSURE else ""
        if c.confidence is None:
            unsure = ' class="rule" title="no estimate: a rule (termbase, typography, chatter pattern)"'
        body.append(
            f'<tr><td><a href="#{lang.value}-c{i}">{loc.label(c.start)}</a></td>'
            f"<td><del>{vis(_short(c.before))}</del></td><td><ins>{vis(_short(c.after))}</ins></td>"
            f"<td>{escape(c.kind)}</td><td>{escape(c.engine or '')}</td>"
            f"<td{unsure}>{_conf(c.confidence)}</td>"
            f"<td>{escape(c.note)}</td><td>{_decision(decisions.for_change(c, text))}</td></tr>\n"
        )
    return (
        head + '<div class="scroll"><table>\n<tr><th>line:col</th><th>before</th><th>after</th><th>kind</th>'
        "<th>engine</th><th>confidence</th><th>note</th><th>to make it stick</th></tr>\n"
        + "".join(body)
        + "</table></div>\n"
    )


def _decision(d: Optional[decisions.Decision]) -> str:
    if d is None:
        return ""
    tip = escape(f"{d.label}; add to {d.place}", quote=True)
    if not d.line:
        return f'<span class="dk" title="{tip}">{escape(d.label)}</span>'
    line = '<span class="tab">\t</span>'.join(escape(part) for part in d.line.split("\t"))
    return f'<span class="dk">{escape(d.kind)}:</span> <code class="copy" title="{tip}">{line}</code>'


def _conf(value: Optional[float]) -> str:
    return "—" if value is None else f"{value:.2f}"


def _n(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
