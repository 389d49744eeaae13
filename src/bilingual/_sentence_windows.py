"""Sentence boundaries from spaCy's sentencizer, with spaCy run only on the windows of a line where a sentence can start.

Why: the windows are about a tenth of the text, and spaCy's tokenizer costs most of the
sentence splitting. The boundaries are the ones spaCy finds on the whole line
(``tests/test_segment.py`` compares them on the article and random text); what a window
must take in follows spaCy 3's tokenizer and sentencizer (see :func:`_windows`), hence the
pin ``spacy<4``.
"""

from __future__ import annotations

import functools
import re
from typing import cast

_BATCH = 2_000  # characters of windows per spaCy Doc (see boundaries)
_SEP = "\x0c"  # between windows in a Doc: a white-space token that is none of spaCy's special cases
_CHUNK = re.compile(r"\S*")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@functools.cache
def _windows(nlp):
    """What finds the windows of a line for ``nlp``: (search for a sentence-ending character,
    the same for texts with characters beyond U+FFFF, match of a window from a
    chunk start, pairs of characters a special case may join across a space).

    spaCy splits a line at white space first and cuts each white-space-free
    chunk into tokens on its own (its tokenizer caches chunks). The sentencizer
    starts a sentence at the first token that is not punctuation after a
    token that is one of its ``punct_chars`` (. ! ? ...). Such a token lies in
    a chunk holding one of those characters, and the decision is taken at the
    latest in the next chunk that starts with a letter or digit (its first
    token is not punctuation). A window is thus: a chunk with a
    sentence-ending character, the chunks after it that hold one too or start
    with anything but a letter or digit, and the chunk after those. Outside
    windows no sentence can start, and the sentencizer has nothing pending.

    One thing crosses chunks: spaCy's special cases (emoticons such as ``:)``,
    ``o.O``, and ``a.``) are also matched on tokens of neighbouring chunks
    separated by one space, and such a match, though never applied, can keep
    a shorter one from being applied. So a window also takes in its
    neighbouring chunk while the characters on either side of that space could
    belong to one special case.
    """
    from spacy.tokenizer import Tokenizer

    chars = "".join(sorted(nlp.get_pipe("sentencizer").punct_chars))
    q = "[" + re.escape(chars) + "]"
    window = rf"\S*?{q}\S*+(?:\s++(?:\S*?{q}\S*+|[^\w\s]\S*+|_\S*+))*+(?:\s++\S++)?"
    # sre searches a class of BMP characters about ten times faster than one that also holds
    # characters beyond U+FFFF: the latter is only used on texts that contain such characters
    bmp = "[" + re.escape("".join(c for c in chars if c <= "\uffff")) + "]"
    tok = nlp.tokenizer
    # the special cases as spaCy matches them: tokenized without special cases
    plain = Tokenizer(
        tok.vocab,
        rules={},
        prefix_search=tok.prefix_search,
        suffix_search=tok.suffix_search,
        infix_finditer=tok.infix_finditer,
        token_match=tok.token_match,
        url_match=tok.url_match,
    )
    pairs: set[tuple[str, str]] = set()
    for rule in tok.rules:
        words = [t.text for t in plain(rule)]
        pairs.update((a[-1], b[0]) for a, b in zip(words, words[1:]))
    return re.compile(bmp).search, re.compile(q).search, re.compile(window).match, frozenset(pairs)


def _regions(piece: str, find, window, pairs) -> list[tuple[int, int]]:
    """The windows of one piece as (start, end), neighbours joined (see :func:`_windows`)."""
    out: list[tuple[int, int]] = []
    pos, n = 0, len(piece)
    while (m := find(piece, pos)) is not None:
        s = _chunk_start(piece, m.start(), pos)
        e = window(piece, s).end()
        merge = False
        while s >= 2 and piece[s - 1] == " " and (piece[s - 2], piece[s]) in pairs:
            if s - 1 == pos and out:  # the previous window's last chunk
                merge = True
                break
            s = _chunk_start(piece, s - 2, pos)
        while e + 1 < n and piece[e] == " " and (piece[e - 1], piece[e + 1]) in pairs:
            end = cast(re.Match, _CHUNK.match(piece, e + 1)).end()  # matches the empty string
            e = window(piece, e + 1).end() if find(piece, e + 1, end) else end
        if merge:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
        pos = e
    return out


def _chunk_start(piece: str, i: int, lo: int) -> int:
    """Start of the white-space-free chunk holding ``piece[i]`` (not before ``lo``)."""
    j = piece.rfind(" ", lo, i) + 1
    if j > lo and _CHUNK.fullmatch(piece, j, i):
        return j
    while i > lo and not piece[i - 1].isspace():  # another white-space character, or none since lo
        i -= 1
    return i


def boundaries(nlp, text: str, pieces: list[tuple[int, str]]) -> list[int]:
    """Offsets in ``text`` where the sentencizer of ``nlp`` starts a sentence in the
    ``pieces`` of text (offset, piece), other than at the start of a piece, in order.

    Only the windows are run through spaCy, joined by :data:`_SEP` into Docs
    of about :data:`_BATCH` characters (spaCy stops caching chunks for the
    rest of a Doc after a special case: short Docs keep the cache in use).
    The separator is a white-space token: it ends any pending sentence end, so
    each window starts afresh, as it does in its line.
    """
    import numpy as np
    from spacy.attrs import IDX, SENT_START

    find_bmp, find_all, window, pairs = _windows(nlp)
    find = find_all if _ASTRAL.search(text) else find_bmp
    batches: list[tuple[list[str], list[int], list[int]]] = []
    texts: list[str] = []
    starts: list[int] = []  # where each window starts in its Doc
    origin: list[int] = []  # ... and in the text
    size = 0
    for offset, piece in pieces:
        for s, e in _regions(piece, find, window, pairs):
            texts.append(piece[s:e])
            starts.append(size)
            origin.append(offset + s)
            size += e - s + 1
            if size >= _BATCH:
                batches.append((texts, starts, origin))
                texts, starts, origin, size = [], [], [], 0
    if texts:
        batches.append((texts, starts, origin))
    cuts: list[int] = []
    for (texts, starts, origin), doc in zip(batches, nlp.pipe(_SEP.join(b[0]) for b in batches)):
        arr = doc.to_array([IDX, SENT_START])
        at = arr[arr[:, 1] == 1, 0].astype(np.int64)  # where sentences start in the Doc
        w_start = np.array(starts, dtype=np.int64)
        w = np.searchsorted(w_start, at, side="right") - 1
        rel = at - w_start[w]
        lens = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        keep = (rel > 0) & (rel < lens[w])  # not a window's first token, not a separator
        cuts += (np.array(origin, dtype=np.int64)[w[keep]] + rel[keep]).tolist()
    return cuts
