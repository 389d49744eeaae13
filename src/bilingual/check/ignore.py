"""Inline ignore comments for ``bilingual check``: stretches of a file that are not checked.

Markdown (HTML comments, invisible once rendered; each alone on its line)::

    <!-- bilingual-ignore -->        the next block (paragraph, list, table, quote, ...)
    <!-- bilingual-ignore-start -->  everything up to
    <!-- bilingual-ignore-end -->    (or to the end of the file if there is no end)

A comment inside a code block is code, not a directive.

Plain text: the same words alone on a line, bare or after a comment marker
(``#``, ``//``, ``--``, ``;``, ``%``) or in an HTML comment, e.g.
``# bilingual-ignore-start`` ... ``# bilingual-ignore-end``; ``bilingual-ignore``
skips the next paragraph (the lines up to a blank line).

The ignored stretches, directive lines included, are treated like Markdown
code: neutral for detection, never reported.

>>> text = "Intro.\\n\\n# bilingual-ignore\\nUne phrase.\\n\\nOutro.\\n"
>>> [text[s.start:s.end] for s in ignored_spans(text, markdown=False)]
['# bilingual-ignore\\nUne phrase.']
"""

from __future__ import annotations

import re
from typing import cast

from ..model import Span

DIRECTIVE = "bilingual-ignore"
_TEXT_LINE = re.compile(
    r"^[ \t]*(?:(?:#+|//|--|;+|%+)[ \t]*|<!--[ \t]*)?bilingual-ignore(-start|-end)?"
    r"[ \t]*(?:-->)?[ \t]*$",
    re.M,
)
_HTML = re.compile(r"<!--[ \t]*bilingual-ignore(-start|-end)?[ \t]*-->")
_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n|\r[ \t]*\r")


def ignored_spans(text: str, markdown: bool) -> list[Span]:
    """The stretches of ``text`` that ignore directives exclude from the check."""
    if DIRECTIVE not in text:  # the common case costs one search
        return []
    marks = _markdown_marks(text) if markdown else _text_marks(text)
    spans: list[Span] = []
    start = None
    for kind, line_start, line_end, block_end in marks:
        if kind == "-start":
            if start is None:
                start = line_start
        elif kind == "-end":
            if start is not None:
                spans.append(Span(start, line_end))
                start = None
        elif start is None:
            spans.append(Span(line_start, max(line_end, block_end)))
    if start is not None:
        spans.append(Span(start, len(text)))
    return spans


def _text_marks(text: str) -> list[tuple[str, int, int, int]]:
    out = []
    for m in _TEXT_LINE.finditer(text):
        block_end = m.end()
        if not m.group(1):  # the next paragraph: after blank lines, up to the next blank line
            rest = cast(re.Match, re.compile(r"\s*").match(text, m.end())).end()  # matches the empty string
            blank = _BLANK_LINE.search(text, rest)
            block_end = blank.start() if blank else len(text.rstrip())
        out.append((m.group(1) or "", m.start(), m.end(), block_end))
    return out


def _markdown_marks(text: str) -> list[tuple[str, int, int, int]]:
    from ..markdown import line_end, parse

    doc = parse(text)
    lines, offset, tokens = doc.lines, doc.line_offset, doc.tokens
    out = []
    for i, tok in enumerate(tokens):
        if tok.type != "html_block" or tok.map is None:
            continue
        m = _HTML.fullmatch(tok.content.strip())
        if not m:
            continue
        first, last = tok.map[0] + offset, min(tok.map[1] + offset, len(lines))
        line_start, mark_end = lines[first][0], line_end(text, lines[last - 1])
        block_end = mark_end
        if not m.group(1):  # the next block at the same level
            nxt = _next_block(tokens, i)
            if nxt is not None and nxt.map is not None:
                block_last = min(nxt.map[1] + offset, len(lines))
                block_end = line_end(text, lines[block_last - 1])
        out.append((m.group(1) or "", line_start, mark_end, block_end))
    return out


def _next_block(tokens, i: int):
    """The block after ``tokens[i]`` in the same container, or None."""
    level = tokens[i].level
    for t in tokens[i + 1 :]:
        if t.level < level:
            return None
        if t.level == level and t.nesting >= 0:
            return t
    return None
