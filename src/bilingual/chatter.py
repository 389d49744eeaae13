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


def _lines(text: str) -> list[Span]:
    out = []
    for m in _LINE.finditer(text):
        if m.start() == m.end():
            break
        out.append(Span(m.start(), m.end()))
    return out


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
    lines = _lines(text)
    content = [i for i, ln in enumerate(lines) if text[ln.start:ln.end].strip()]
    if len(content) < 2:
        return []
    spans: list[Span] = []
    first = content[0]
    if leading and _LEADING.match(text[lines[first].start:lines[first].end].rstrip("\r\n")):
        end = lines[content[1]].start
        spans.append(Span(lines[first].start, end))
    last = content[-1]
    if trailing and last != first and _TRAILING.match(text[lines[last].start:lines[last].end]):
        start = lines[content[-2]].end  # keep the newline that ends the article's last line
        if spans:  # nothing but an opener and a closer: do not delete the opener's blank lines twice
            start = max(start, spans[0].end)
        spans.append(Span(start, len(text)))
    return spans
