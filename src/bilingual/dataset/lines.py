"""A JSON Lines file as partitions of raw lines, and one partition cleaned into the bytes of
its outputs (here, in a worker process or on a Dask worker)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional, Sequence

from ..config import Config
from ..errors import InputError
from ..files import open_input
from .rows import RowResult, clean_row, field_path

PART_ROWS = 200  # rows a partition at most
PART_BYTES = 1 << 18  # and about this many bytes (about 40,000 words: a task of a second or less)
_BLOCK = 1 << 20


@dataclass(frozen=True)
class Part:
    """One partition cleaned, serialized: what is appended to each output (UTF-8 bytes)."""

    outputs: dict  # "en" / "fr" -> bytes
    report: bytes
    rows: int  # rows cleaned
    flagged: int  # of which need review
    errors: tuple[str, ...]  # "FILE:LINE: problem", one a bad row


def clean_lines(
    lines: Sequence[tuple[int, bytes]],
    name: str,
    config: Config,
    text_field: str,
    langs: tuple[str, ...],
    on_error: str = "skip",
) -> Part:
    """Clean one partition: ``(line number, raw line)`` pairs of the file ``name``."""
    from ..workers import engine_for

    path = field_path(text_field)
    engine = engine_for(config)
    outs: dict = {lang: [] for lang in langs}
    report: list[bytes] = []
    errors: list[str] = []
    rows = flagged = 0
    for line_no, raw in lines:
        source = f"{name}:{line_no}"
        body = raw[3:] if line_no == 1 and raw.startswith(b"\xef\xbb\xbf") else raw
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as err:
            res = RowResult(
                None, None, {}, f"{source}: not valid UTF-8 (byte 0x{body[err.start]:02x} at column {err.start + 1})"
            )
        else:
            if not text.strip():
                continue  # a blank line is not a row
            try:
                row = json.loads(text)
            except json.JSONDecodeError as err:
                res = RowResult(None, None, {}, f"{source}: not valid JSON ({err.msg} at column {err.colno})")
            else:
                res = clean_row(row, path, config, engine, source)
        if res.error is None:
            rows += 1
            flagged += any(getattr(res, l)["bilingual"]["needs_review"] for l in langs)
            for l in langs:
                outs[l].append(_dumps(getattr(res, l)))
            report.append(_dumps(res.report))
            continue
        action = "kept" if on_error == "keep" else "skipped"
        errors.append(f"{res.error} (row {action})")
        report.append(
            _dumps({"schema_version": 1, "source": source, "error": res.error[len(source) + 2 :], "action": action})
        )
        if on_error == "keep":
            kept = body if body.endswith(b"\n") else body + b"\n"
            for l in langs:
                outs[l].append(kept)
    return Part({l: b"".join(outs[l]) for l in langs}, b"".join(report), rows, flagged, tuple(errors))


def _dumps(obj) -> bytes:
    """One JSON line in UTF-8; a string holding a lone surrogate (from a ``\\ud800`` escape of
    the input, in a field not cleaned) keeps its escape, as the input wrote it."""
    try:
        return (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(obj) + "\n").encode("ascii")


def read_lines(
    path: str | os.PathLike, name: Optional[str] = None, shard: tuple[int, int] = (1, 1)
) -> Iterator[tuple[int, bytes]]:
    """``(line number, raw line)`` of every line of ``path`` that starts in the shard's byte range."""
    name = str(path) if name is None else name
    k, n = shard
    with open_input(path, name) as fh:
        try:
            size = os.fstat(fh.fileno()).st_size
            start, end = size * (k - 1) // n, size * k // n
            line_no, pos = 1, 0
            if start > 0:
                while pos < start - 1:  # line breaks before the range: the line numbers
                    block = fh.read(min(_BLOCK, start - 1 - pos))
                    if not block:
                        break
                    line_no += block.count(b"\n")
                    pos += len(block)
                rest = fh.readline()  # the end of the line holding byte start - 1
                line_no += rest.count(b"\n")
                pos += len(rest)
            while pos < end:
                raw = fh.readline()
                if not raw:
                    break
                yield line_no, raw
                line_no += 1
                pos += len(raw)
        except OSError as err:
            raise InputError(f"{name}: cannot read ({err.strerror or err})") from None


def partitions(
    lines: Iterable[tuple[int, bytes]], rows: int = PART_ROWS, size: int = PART_BYTES
) -> Iterator[list[tuple[int, bytes]]]:
    """``lines`` in lists of at most ``rows`` lines and about ``size`` bytes."""
    part: list = []
    n_bytes = 0
    for item in lines:
        part.append(item)
        n_bytes += len(item[1])
        if len(part) >= rows or n_bytes >= size:
            yield part
            part, n_bytes = [], 0
    if part:
        yield part
