"""A large input read as text in chunks: decoded block by block, cut at blank lines.

The bytes are read :data:`BLOCK` at a time and decoded incrementally, with the
errors :func:`bilingual.files.decode_article` gives for the whole input (NUL bytes,
invalid UTF-8 with its offset, nothing but white space). A chunk ends after a
blank line, else after a line break, else after a space, so segments and
sentences never cross a cut.
"""

from __future__ import annotations

import codecs
import os
from typing import IO, Iterator, Optional

from ..errors import InputError
from ..files import not_utf8, open_input, sniff_bom

CHUNK_CHARS = 250_000  # characters per chunk (about 40k words)
FIRST_CHARS = 125_000  # the first chunk (about 20k words: the base language is its), done before any other
BLOCK = 1 << 20  # bytes read at a time


def read_chunks(
    path: str | os.PathLike,
    name: Optional[str] = None,
    chunk_chars: int = CHUNK_CHARS,
    first_chars: Optional[int] = None,
) -> Iterator[str]:
    """Yield the decoded text of ``path`` in chunks of about ``chunk_chars`` characters
    (the first of about ``first_chars`` when given), cut as the module doc says.

    Raises :class:`InputError` like :func:`bilingual.files.decode_article`: binary
    (NUL), undecodable, or empty / white-space-only input.
    """
    name = str(path) if name is None else name
    with open_input(path, name) as fh:
        yield from read_chunks_from(fh, name, chunk_chars, first_chars)


def read_chunks_from(
    fh: IO[bytes], name: str, chunk_chars: int = CHUNK_CHARS, first_chars: Optional[int] = None, head: bytes = b""
) -> Iterator[str]:
    """:func:`read_chunks` of an open binary stream (standard input too: it is read forwards
    only); ``head``: bytes already read from it, which come first."""

    def blocks() -> Iterator[bytes]:
        if head:
            yield head
        while block := fh.read(BLOCK):
            yield block

    source = blocks()
    start = b""
    for block in source:  # the first four bytes at least: the BOM
        start += block
        if len(start) >= 4:
            break
    encoding, skip = sniff_bom(start[:4])
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    consumed = skip  # bytes handed to the decoder so far
    buf, seen_text = "", False  # white space only so far: an error at the end
    size = first_chars or chunk_chars
    pending: Optional[bytes] = start[skip:]
    while True:
        block = pending if pending is not None else next(source, b"")
        final = pending is None and not block
        pending = None
        if encoding == "utf-8" and b"\x00" in block:
            raise InputError(f"{name}: binary file (contains NUL bytes), expected UTF-8 text")
        try:
            text = decoder.decode(block, final)
        except UnicodeDecodeError as err:
            left = len(decoder.getstate()[0])
            if encoding == "utf-8":
                raise InputError(f"{name}: {not_utf8(err, consumed - left)}; convert it to UTF-8 first") from None
            raise InputError(f"{name}: not valid {encoding.upper()}") from None
        consumed += len(block)
        if "\x00" in text:
            raise InputError(f"{name}: binary file (contains NUL characters), expected text")
        buf += text
        seen_text = seen_text or bool(text.strip())
        while len(buf) >= size or (final and buf):
            cut = len(buf) if final and len(buf) < size else _cut(buf, size)
            yield buf[:cut]
            buf, size = buf[cut:], chunk_chars
        if final:
            break
    if not seen_text:
        raise InputError(
            f"{name}: empty file, nothing to clean"
            if consumed == skip
            else f"{name}: file has only white space, nothing to clean"
        )


def _cut(buf: str, size: int) -> int:
    """Where to end a chunk of ``buf``: after the last blank line before ``size``, else
    after the last line break, else after the last space, else at ``size``."""
    lo = size // 2
    i = buf.rfind("\n\n", lo, size)
    if i < 0:
        i = buf.rfind("\n\r\n", lo, size)
    if i >= 0:
        return buf.index("\n", i + 1) + 1
    for sep in ("\n", " "):
        i = buf.rfind(sep, lo, size)
        if i >= 0:
            return i + 1
    return size


def with_edges(chunks: Iterator[str]) -> Iterator[tuple[str, tuple[bool, bool]]]:
    """Each chunk with (is first, is last): chatter is only looked for at the document's edges."""
    nxt: Optional[str]
    nxt, first = next(chunks), True
    while nxt is not None:
        chunk, nxt = nxt, next(chunks, None)
        yield chunk, (first, nxt is None)
        first = False
