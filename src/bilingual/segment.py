"""Split an article into sentences, keeping exact character offsets.

Lines are split first (a sentence never crosses a line break, so headings and
list items stay whole), then spaCy's rule-based ``sentencizer`` on a blank
pipeline splits each line: no model download, nothing language-specific to
guess before detection has run.
"""
from __future__ import annotations

import functools
import re

from .model import Span

# spaCy's tokenizer is fast but builds one Doc per call; very long lines are cut
# into pieces of about this many characters at a white-space boundary first.
_MAX_PIECE = 100_000
_LINE = re.compile(r"[^\r\n]+")


@functools.cache
def _nlp():
    import spacy  # lazy: spaCy takes about a second to import

    nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 2 * _MAX_PIECE
    return nlp


def _pieces(text: str):
    """Yield (offset, piece) for the non-blank lines of ``text``, long lines cut at spaces."""
    for m in _LINE.finditer(text):
        start, end = m.span()
        if not m.group().strip():
            continue
        while end - start > _MAX_PIECE:
            cut = text.rfind(" ", start + _MAX_PIECE // 2, start + _MAX_PIECE)
            if cut <= start:
                cut = start + _MAX_PIECE
            yield start, text[start:cut]
            start = cut
        yield start, text[start:end]


def sentences(text: str) -> list[Span]:
    """Return the sentences of ``text`` as spans, without surrounding white space.

    A sentence never crosses a line break; a split before a lower-case letter
    (after an abbreviation such as "p.m." or "e.g.") is undone.

    >>> [ (s.start, s.end) for s in sentences("Hello there. Bonjour!\\n\\nTitle") ]
    [(0, 12), (13, 21), (23, 28)]
    """
    from .detect import _no_gc

    with _no_gc():  # spaCy makes many small objects and no cycles: skip the collector
        return _sentences(text)


def _sentences(text: str) -> list[Span]:
    nlp = _nlp()
    pieces = list(_pieces(text))
    out: list[Span] = []
    for (offset, piece), doc in zip(pieces, nlp.pipe(p for _, p in pieces)):
        for sent in doc.sents:
            s = offset + sent.start_char
            e = offset + sent.end_char
            # trim white space spaCy may keep at the edges
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s >= e:
                continue
            if out and text[s].islower() and "\n" not in text[out[-1].end:s]:
                out[-1] = Span(out[-1].start, e)  # "at 3 p.m. now": no sentence starts in lower case
            else:
                out.append(Span(s, e))
    return out
