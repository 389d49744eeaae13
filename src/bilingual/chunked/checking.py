"""``bilingual check`` of a large input, chunk by chunk: findings with the whole input's
offsets, lines and columns, and memory that holds one chunk and its findings."""

from __future__ import annotations

from dataclasses import replace
from typing import IO, Iterator, Optional

from .reading import CHUNK_CHARS, FIRST_CHARS, read_chunks_from


def check_pieces(
    fh: IO[bytes],
    name: str,
    lang: Optional[str] = None,
    head: bytes = b"",
    chunk_chars: int = CHUNK_CHARS,
    *,
    min_confidence: float = 0.6,
) -> Iterator:
    """Yield one :class:`bilingual.check.FileReport` per chunk of ``fh``, holding that chunk's
    findings with the whole input's offsets, lines and columns (the expected language,
    when not given, is the first chunk's base language); an input that turns out
    unreadable midway ends with a report holding the error. ``head``: bytes of ``fh``
    already read."""
    from ..check import FileReport, check_text
    from ..errors import BilingualError

    offset, line0, col0 = 0, 1, 1  # where the chunk starts: offset, line and column
    expected = lang
    try:
        for chunk in read_chunks_from(fh, name, chunk_chars, min(FIRST_CHARS, chunk_chars), head):
            rep = check_text(chunk, name, expected, min_confidence=min_confidence)
            expected = rep.expected
            yield FileReport(
                name,
                expected,
                tuple(
                    replace(
                        f,
                        start=f.start + offset,
                        end=f.end + offset,
                        line=f.line + line0 - 1,
                        col=f.col + (col0 - 1 if f.line == 1 else 0),
                        end_line=f.end_line + line0 - 1,
                        end_col=f.end_col + (col0 - 1 if f.end_line == 1 else 0),
                    )
                    for f in rep.findings
                ),
            )
            breaks = chunk.count("\n")
            line0, col0 = line0 + breaks, (len(chunk) - chunk.rfind("\n") if breaks else col0 + len(chunk))
            offset += len(chunk)
    except BilingualError as err:
        yield FileReport(name, expected or "", error=str(err))


def check_stream(
    fh: IO[bytes], name: str, lang: Optional[str] = None, head: bytes = b"", chunk_chars: int = CHUNK_CHARS
):
    """:func:`check_pieces` gathered into one :class:`bilingual.check.FileReport`."""
    from ..check import FileReport

    findings: list = []
    expected, error = lang or "", None
    for piece in check_pieces(fh, name, lang, head, chunk_chars):
        findings.extend(piece.findings)
        expected, error = piece.expected or expected, piece.error
    if error:
        return FileReport(name, lang or "", error=error)
    return FileReport(name, expected, tuple(findings))
