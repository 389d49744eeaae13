"""The look of the review page: its style sheet, and article text drawn with its invisible characters.

Everything is inline (the page's Content-Security-Policy allows no other
source); :func:`vis` is the one way a change's text reaches the page.
"""

from __future__ import annotations

from html import escape

from ..text import visible

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


def vis(s: str) -> str:
    """Escaped, with each invisible character drawn and named in its tooltip."""
    return visible.render(s, escape, lambda sign, name: f'<span class="inv" title="{escape(name)}">{sign}</span>')
