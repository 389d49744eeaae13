"""Markdown input: find what must come through untouched, with markdown-it-py.

The article is cleaned as plain text, but code (fenced, indented and inline),
raw HTML, link and image targets, bare URLs, front matter and the markup
characters themselves (``#``, list markers, ``>``, ``*``/``_``/``~~``, ``[``,
``](...)``, table pipes) are *protected spans* (see ``protect.py``): neutral for
detection, never translated or term-normalized. Since an output is the input
with changes applied outside those spans, the structure of the document is
kept character for character.

Positions come from the parser: block tokens give line ranges (``token.map``);
inside a paragraph, heading or table cell, the inline children are located in
the raw source of that block, one after the other.

>>> text = "# Titre\\n\\nUse `pip install` and [the docs](https://x.org/a_b).\\n"
>>> [text[s.start:s.end] for s in protected_spans(text)]
['# ', '`pip install`', '[', '](https://x.org/a_b)']
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import Optional

from ._md_source import ASCII_PUNCT, ENTITY, Brackets, Finder, source_end
from .model import Span

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?:.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_LIST_MARKER = re.compile(r"[ \t>]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+\[[ xX]\](?=[ \t]))?")
_QUOTE_PREFIX = re.compile(r"[ \t]*(?:>[ \t]?)+")
_HEADING_PREFIX = re.compile(r"[ \t>]*#{1,6}(?:[ \t]+|$)")
_HEADING_SUFFIX = re.compile(r"[ \t]+#+[ \t]*$")
_URL = re.compile(r"\b(?:https?://|ftp://|www\.)[^\s<>()\[\]`\"']*[^\s<>()\[\]`\"'.,;:!?]")
_PIPE = re.compile(r"(?<!\\)\|")
_BLOCK_WHOLE = {"fence", "code_block", "html_block", "hr"}


@functools.lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt  # lazy: keep `bilingual --help` fast

    from ._md_links import link_helpers

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.helpers = link_helpers()  # the same parse; link labels in linear time
    return md


@dataclass(frozen=True)
class Parsed:
    """A Markdown text as markdown-it-py reads it, the front matter set aside."""

    lines: list[tuple[int, int]]  # (start, end) of each line of the text, its line break included
    front_matter_end: int  # where the front matter ends in the text (0: there is none)
    line_offset: int  # the front matter's lines: a token's ``map`` plus this is a line of ``lines``
    tokens: list  # the block tokens of what follows the front matter
    env: dict  # the parser's environment (``references``: the link reference definitions)


def parse(text: str) -> Parsed:
    """Parse the Markdown ``text``; what follows the front matter, keeping line numbers."""
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text) if m.start() < len(text)]
    front = _FRONT_MATTER.match(text)
    end = front.end() if front else 0
    env: dict = {}
    tokens = _parser().parse(text[end:] if front else text, env)
    return Parsed(lines, end, text[:end].count("\n"), tokens, env)


def protected_spans(text: str) -> list[Span]:
    """Every span of a Markdown ``text`` that cleaning must leave exactly as it is (sorted, merged)."""
    doc = parse(text)
    lines, body_offset_lines, tokens = doc.lines, doc.line_offset, doc.tokens
    spans: list[Span] = []
    if doc.front_matter_end:
        spans.append(Span(0, doc.front_matter_end))
    for ref in doc.env.get("references", {}).values():  # "[label]: url" definitions leave no token
        if ref.get("map"):
            first, last = ref["map"][0] + body_offset_lines, min(ref["map"][1] + body_offset_lines, len(lines))
            if first < last:
                spans.append(Span(lines[first][0], line_end(text, lines[last - 1])))
    row_cursor: dict[int, int] = {}
    in_table = 0
    for tok in tokens:
        if tok.type == "table_open":
            in_table += 1
        elif tok.type == "table_close":
            in_table -= 1
        if tok.map is None:
            continue
        first, last = tok.map[0] + body_offset_lines, tok.map[1] + body_offset_lines
        if first >= len(lines):
            continue
        last = min(last, len(lines))
        if tok.type in _BLOCK_WHOLE:
            spans.append(Span(lines[first][0], line_end(text, lines[last - 1])))
        elif tok.type == "heading_open":
            _heading(text, lines, first, last, tok.markup, spans)
        elif tok.type == "list_item_open":
            _prefix(text, lines[first], _LIST_MARKER, spans)
        elif tok.type == "blockquote_open":
            for ln in lines[first:last]:
                _prefix(text, ln, _QUOTE_PREFIX, spans)
        elif tok.type == "table_open":
            _table(text, lines[first:last], spans)
        elif tok.type == "inline":
            spans.extend(_inline(text, lines, first, last, tok, row_cursor if in_table else None))
    from .protect import normalize

    return normalize(spans, len(text))


def line_end(text: str, line: tuple[int, int]) -> int:
    """Where ``line`` (a pair of :attr:`Parsed.lines`) ends in ``text``, without its line break."""
    start, end = line
    while end > start and text[end - 1] in "\r\n":
        end -= 1
    return end


def _prefix(text: str, line: tuple[int, int], pattern: re.Pattern, spans: list[Span]) -> None:
    m = pattern.match(text, line[0], line_end(text, line))
    if m and m.end() > m.start():
        spans.append(Span(m.start(), m.end()))


def _heading(text, lines, first, last, markup, spans) -> None:
    if markup.startswith("#"):  # ATX: "## Title ##"
        _prefix(text, lines[first], _HEADING_PREFIX, spans)
        m = _HEADING_SUFFIX.search(text, lines[first][0], line_end(text, lines[first]))
        if m:
            spans.append(Span(m.start(), m.end()))
    else:  # setext: the underline
        spans.append(Span(lines[last - 1][0], line_end(text, lines[last - 1])))


def _table(text, rows, spans) -> None:
    for i, line in enumerate(rows):
        end = line_end(text, line)
        if i == 1:  # the |---|:---:| delimiter row
            spans.append(Span(line[0], end))
            continue
        spans.extend(Span(m.start(), m.end()) for m in _PIPE.finditer(text, line[0], end))


def _inline(text, lines, first, last, tok, row_cursor: Optional[dict]) -> list[Span]:
    """Protected spans inside one inline block, found in its raw source ``tok.content``."""
    raw = tok.content
    # a table cell's content has its "\|" unescaped: find it in the source as written
    escaped = row_cursor is not None and "|" in raw
    offsets = _raw_offsets(text, lines, first, last, raw.replace("|", "\\|") if escaped else raw, row_cursor)
    if offsets is None:
        return []
    out = []
    keys = [o[0] for o in offsets]
    bars = [m.start() for m in re.finditer(r"\|", raw)] if escaped else []
    for start, end in _inline_raw(raw, tok.children or []):
        if escaped:  # positions in the content as written, one backslash before each "|"
            start, end = start + bisect.bisect_left(bars, start), end + bisect.bisect_left(bars, end)
        # a protected stretch may cross a line break: map each end separately
        out.append(Span(_to_source(offsets, start, keys), _to_source(offsets, end - 1, keys) + 1))
    return out


def _raw_offsets(text, lines, first, last, raw, row_cursor) -> Optional[list[tuple[int, int]]]:
    """For each line of ``raw``: (offset in raw, offset in text) of its first character."""
    out = []
    pos = 0
    for i, raw_line in enumerate(raw.split("\n")):
        if first + i >= last:
            return None
        line = lines[first + i]
        src = text[line[0] : line_end(text, line)]
        if row_cursor is not None:  # a table cell: the next occurrence on its row
            col = src.find(raw_line, row_cursor.get(first, 0))
            if col < 0:
                return None
            row_cursor[first] = col + len(raw_line)
        elif src.endswith(raw_line):
            col = len(src) - len(raw_line)
        elif src.rstrip().endswith(raw_line.rstrip()):
            col = len(src.rstrip()) - len(raw_line.rstrip())
        else:
            col = src.find(raw_line)
            if col < 0:
                return None
        out.append((pos, line[0] + col))
        pos += len(raw_line) + 1
    return out


def _to_source(offsets, raw_pos: int, keys: Optional[list[int]] = None) -> int:
    """Where ``raw_pos`` of an inline block's raw source is in the text: from the last line
    starting at or before it (a binary search in ``keys``, the lines' raw offsets, so a long
    paragraph with many protected spans takes time n log n in its length)."""
    import bisect

    if keys is None:
        keys = [o[0] for o in offsets]
    base = offsets[max(0, bisect.bisect_right(keys, raw_pos) - 1)]
    return base[1] + raw_pos - base[0]


def _inline_raw(raw: str, children) -> list[tuple[int, int]]:
    """Protected (start, end) offsets in ``raw``, walking the parser's children in order."""
    out: list[tuple[int, int]] = []
    cur = 0
    opens: list[int] = []
    brackets = Brackets(raw)
    find = Finder(raw)
    in_autolink = False
    for child in children:
        kind = child.type
        if in_autolink:
            in_autolink = kind != "link_close"
            continue
        if kind == "text":
            end = _match_text(raw, cur, child.content)
            if end >= 0:
                cur = end
        elif kind in ("softbreak", "hardbreak"):
            nl = find.plain("\n", cur)
            cur = nl + 1 if nl >= 0 else cur
        elif kind == "code_inline":
            ticks = len(child.markup)
            a = find.code_run(child.markup, cur)
            b = find.code_run(child.markup, a + ticks) if a >= 0 else -1
            if b >= 0:
                out.append((a, b + ticks))
                cur = b + ticks
        elif kind.endswith("_open") or kind.endswith("_close"):
            if kind == "link_open" and child.markup in ("autolink", "linkify"):
                a = find.plain("<", cur) if child.markup == "autolink" else cur
                b = (find.plain(">", a) + 1 if a >= 0 else 0) if child.markup == "autolink" else cur
                if a >= 0 and b > a:
                    out.append((a, b))
                    cur = b
                in_autolink = True
            elif kind == "link_open":
                a = find.unescaped("[", cur)
                if a >= 0:
                    out.append((a, a + 1))
                    opens.append(a)
                    cur = a + 1
            elif kind == "link_close" and opens:
                a = opens.pop()
                b = brackets.close(a)
                if b >= 0:
                    end = _tail_end(raw, b + 1)
                    # a shortcut [label] or collapsed [label][] reference: the text is the label
                    out.append((b, end) if re.match(r"\(|\[[^\]]", raw[b + 1 : b + 3]) else (a, end))
                    cur = end
            elif child.markup and child.markup[0] in "*_~":
                a = find.unescaped(child.markup, cur)
                if a >= 0:
                    out.append((a, a + len(child.markup)))
                    cur = a + len(child.markup)
        elif kind == "image":
            a = find.plain("![", cur)
            b = brackets.close(a + 1) if a >= 0 else -1
            if b >= 0:
                end = _tail_end(raw, b + 1)
                out.append((a, end))
                cur = end
        elif kind == "html_inline":
            a = find.plain(child.content, cur)
            if a >= 0:
                out.append((a, a + len(child.content)))
                cur = a + len(child.content)
    out.extend((m.start(), m.end()) for m in _URL.finditer(raw))
    return out


_SPECIAL = re.compile(r"[\\&]")


def _match_text(raw: str, pos: int, content: str) -> int:
    r"""Where the raw source of a text node that starts at ``pos`` ends, or -1: ``content``
    with punctuation possibly backslash-escaped or written as an entity (see :func:`._md_source.readings`),
    in time linear in its length: the stretches between two backslashes or ampersands of
    ``raw`` are compared whole, and only what they cannot decide is left to :func:`._md_source.source_end`.

    >>> _match_text(r"a \*b\* &amp; c!", 0, "a *b* & c!"), _match_text("a b", 0, "a c")
    (16, -1)
    """
    if "\\" not in content and raw.startswith(content, pos):  # (a backslash may be escaped: "\\\\")
        return pos + len(content)
    i, k, n, m = pos, 0, len(raw), len(content)
    while k < m:
        s = _SPECIAL.search(raw, i, i + m - k)  # a stretch is at most what is left of content
        j = s.start() if s else n
        step = min(j - i, m - k)
        if raw[i : i + step] != content[k : k + step]:
            break
        i, k = i + step, k + step
        if k == m:
            return i
        if i >= n:
            break
        c = content[k]
        if raw[i] == "\\" and i + 1 < n and raw[i + 1] == c and c in ASCII_PUNCT:
            i, k = i + 2, k + 1  # an escaped punctuation mark
            continue
        e = ENTITY.match(raw, i) if raw[i] == "&" and not c.isalnum() and not c.isspace() else None
        if e and not content.startswith(e.group(), k):
            i, k = e.end(), k + 1  # an entity for one character
        elif raw[i] == c:
            i, k = i + 1, k + 1
        else:
            break
    else:
        return i
    # what the stretches cannot decide (an entity that is also the literal text, say): every reading
    return source_end(raw, pos, content) if len(content) <= 2000 else -1


def _tail_end(raw: str, i: int) -> int:
    """End of a link's tail after ``]``: ``(dest "title")``, ``[label]``, or nothing."""
    if raw.startswith("(", i):
        depth, j, quote = 0, i, None
        while j < len(raw):
            c = raw[j]
            if c == "\\":
                j += 2
                continue
            if quote:
                quote = None if c == quote else quote
            elif c in "\"'" and depth == 1 and raw[j - 1].isspace():
                quote = c
            elif c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth == 0:
                    return j + 1
            j += 1
        return len(raw)
    if raw.startswith("[", i):
        j = raw.find("]", i)
        return j + 1 if j >= 0 else i
    return i
