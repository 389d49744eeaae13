"""Split an article into sentences, keeping exact character offsets.

Lines are split first (a sentence never crosses a line break, so headings and
list items stay whole), then spaCy's rule-based ``sentencizer`` on a blank
pipeline splits each line: no model download, nothing language-specific to
guess before detection has run.

spaCy only sees the stretches of a line where a sentence can start
(:mod:`._sentence_windows`); the boundaries are the ones it finds on the whole line.
A line of nothing but punctuation and symbols is one sentence (:func:`wordless`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator

from ._sentence_windows import boundaries
from .model import Span
from .collector import gc_paused

# Very long lines are cut into pieces of about this many characters at a white-space boundary.
_MAX_PIECE = 100_000
_CACHE_CHUNKS = 500_000  # spaCy's tokenizer cache, in chunks (about 50 bytes each)
_LINE = re.compile(r"[^\r\n]+")
_WORD = re.compile(r"[^\W_]")  # a letter or a digit


@functools.cache
def sentencizer():
    """A blank spaCy pipeline with the rule-based sentencizer (one per process)."""
    import spacy  # lazy: spaCy takes about a second to import

    nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 10_000_000  # no parser or NER here: a long Doc needs little memory
    # spaCy caches the tokens of each white-space-free chunk, but only its first 10,000
    # distinct chunks by default, and cuts up every chunk past those anew
    nlp.tokenizer.max_cache_size = _CACHE_CHUNKS  # type: ignore[union-attr]  # spaCy types Language.tokenizer as a callable; it is a Tokenizer
    return nlp


def pieces(text: str) -> Iterator[tuple[int, str]]:
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
    with gc_paused():  # spaCy makes many small objects and no cycles: skip the collector
        return _sentences(text)


def _sentences(text: str) -> list[Span]:
    found = list(pieces(text))
    cuts = boundaries(sentencizer(), text, [p for p in found if not wordless(p[1])])
    out: list[Span] = []
    k, n_cuts = 0, len(cuts)
    for offset, piece in found:
        end = offset + len(piece)
        bounds = [offset]  # spaCy starts a sentence at each piece's first token, and at each cut
        while k < n_cuts and cuts[k] < end:
            bounds.append(cuts[k])
            k += 1
        bounds.append(end)
        for s, e in zip(bounds, bounds[1:]):
            # trim white space at the edges
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s >= e:
                continue
            if out and text[s].islower() and "\n" not in text[out[-1].end : s]:
                out[-1] = Span(out[-1].start, e)  # "at 3 p.m. now": no sentence starts in lower case
            else:
                out.append(Span(s, e))
    return out


def wordless(line: str) -> bool:
    """Whether a line holds no letter, digit or pictograph (emoji and the like).

    Such a line (``!?.. ==> $$ --``) is one sentence: there is no word to start another. It is
    not given to spaCy, whose tokenizer spends a long time on runs of punctuation.
    """
    if _WORD.search(line):
        return False
    return not any(unicodedata.category(c) == "So" for c in line)
