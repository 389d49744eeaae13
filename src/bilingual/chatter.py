"""Lines written by the machine that produced the article, not part of it.

"Here's a comprehensive article on X:" before the title, "I hope this helps!"
after the conclusion, in English, French or a mix of both ("Ici's a
comprehensive article ..."). They are dropped from both outputs and each drop
is recorded as a ``chatter`` change.
"""
from __future__ import annotations

import re

from .model import Span

# Openers: a short first line that announces the text that follows.
_LEADING = re.compile(
    r"^\s*(?:(?:here|ici|voici|voilà|voila)\s*(?:['’]s|is|are|est)?\b"
    r"|sure\b|certainly\b|absolutely\b|of course\b|bien sûr\b|certainement\b|d['’]accord\b"
    r"|below is\b|ci-dessous\b|as requested\b|comme demandé\b)"
    r".{0,300}(?::|\.\.\.|…)\s*$",
    re.IGNORECASE,
)
# Closers: a last line that talks to the person who asked.
_TRAILING = re.compile(
    r"^\s*(?:i hope (?:this|that|it)\b|let me know\b|feel free\b|if you (?:have|need|want|would)\b"
    r"|j['’]espère que\b|n['’]hésitez pas\b|si vous avez (?:besoin|des questions)\b)",
    re.IGNORECASE,
)
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r|$)")


def _line_at(text: str, p: int) -> Span:
    """The line (a match of ``_LINE``, with its line break) that holds the character at ``p``."""
    start = max(text.rfind("\n", 0, p), text.rfind("\r", 0, p)) + 1
    breaks = [q for q in (text.find("\n", p), text.find("\r", p)) if q >= 0]
    if not breaks:
        return Span(start, len(text))
    q = min(breaks)
    return Span(start, q + 2 if text.startswith("\r\n", q) else q + 1)


_CONTENT = re.compile(r"\S")  # \s is str.isspace(), as for str.strip()


def _first_content(text: str, pos: int) -> Span | None:
    """The first line from ``pos`` (a line start) with something besides white space."""
    m = _CONTENT.search(text, pos)  # not text[pos:].lstrip(): two copies of a long text
    return _line_at(text, m.start()) if m else None


def _last_content(text: str, end: int) -> Span | None:
    """The last line ending by ``end`` (a line end) with something besides white space."""
    p = end - 1
    while p >= 0 and text[p].isspace():  # not text[:end].rstrip(): two copies of a long text
        p -= 1
    return _line_at(text, p) if p >= 0 else None


def find_chatter(text: str, leading: bool = True, trailing: bool = True) -> list[Span]:
    """Spans to delete: a chatter line plus the blank lines that separate it from the article.

    ``leading``/``trailing``: whether ``text`` starts/ends the document (a chunk
    of a large input in the middle of it has no chatter to look for).

    >>> t = "Here's an article on X:\\n\\nTitle\\nBody.\\n"
    >>> [t[s.start:s.end] for s in find_chatter(t)]
    ["Here's an article on X:\\n\\n"]
    >>> t = "Here's an article on X:\\n\\nI hope this helps!\\n"
    >>> [t[s.start:s.end] for s in find_chatter(t)]
    ["Here's an article on X:\\n\\n", 'I hope this helps!\\n']
    """
    if not (leading or trailing):
        return []
    # only the first two and last two lines with content matter: found without splitting every line
    first = _first_content(text, 0)
    second = first and _first_content(text, first.end)
    if second is None:
        return []  # fewer than two lines with content
    spans: list[Span] = []
    if leading and _LEADING.match(text[first.start:first.end].rstrip("\r\n")):
        spans.append(Span(first.start, second.start))
    last = _last_content(text, len(text))
    if trailing and _TRAILING.match(text[last.start:last.end]):
        start = _last_content(text, last.start).end  # keep the newline that ends the article's last line
        if spans:  # nothing but an opener and a closer: do not delete the opener's blank lines twice
            start = max(start, spans[0].end)
        spans.append(Span(start, len(text)))
    from .decisions import kept  # a line marked <!-- bilingual: keep --> is never chatter (docs/review.md)

    return [s for s in spans if not kept(text[s.start:s.end])]
