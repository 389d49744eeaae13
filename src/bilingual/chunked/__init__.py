"""Large inputs in chunks: bounded memory, outputs written as they are produced.

A file above :data:`THRESHOLD` bytes is read block by block, decoded
incrementally and cut into chunks of about :data:`CHUNK_CHARS` characters (the
first of :data:`FIRST_CHARS`) at a blank line, else at a line break, else at a
space (:mod:`.reading`): segments and sentences never cross a line break. Each
chunk goes through :func:`bilingual.pipeline.process` with the engine built once;
its offsets are shifted to the whole document's (:mod:`.cleaning`, with ``jobs`` > 1
in worker processes too), its outputs appended to temporary files and its report
items to the parts of a :class:`~bilingual.report.writer.ReportWriter`. When the
last chunk is done the report is written and every file is renamed into place at
once (:class:`~bilingual.files.AtomicFiles`): an error or Ctrl-C midway leaves no
output file.

What a chunk cannot see: the base language is the first chunk's (about 20,000
words, plenty of evidence), then forced for the other chunks and recorded in
the report's ``notes``; the name evidence of detection (a capitalized word the
text also uses as a name mid-clause) is gathered per chunk; chatter is only
looked for at the start of the first chunk and the end of the last. So a
streamed run can differ from a whole-text run of the same file in those
respects only. The report's ``summary`` adds up the chunks' counts. Markdown
inputs are not streamed (their protected spans need the whole text).
"""

from __future__ import annotations

import contextlib
import os
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Iterator, Optional, Sequence

from ..config import Config
from ..errors import OutputError
from ..files import AtomicFiles, is_markdown, open_input, output_paths, same_file_key, shown_name
from ..model import Lang, Segment
from ..report import report_head
from ..report.writer import ReportWriter, encode_items
from .checking import check_pieces, check_stream
from .cleaning import Piece, pieces
from .reading import CHUNK_CHARS, FIRST_CHARS, read_chunks, read_chunks_from

__all__ = [
    "THRESHOLD",
    "CHUNK_CHARS",
    "FIRST_CHARS",
    "StreamSummary",
    "should_stream",
    "clean_file",
    "clean_to",
    "check_input",
    "check_pieces",
    "check_stream",
    "read_chunks",
    "read_chunks_from",
]

THRESHOLD = 4_000_000  # bytes: larger inputs are streamed


@dataclass(frozen=True)
class StreamSummary:
    """What :func:`clean_file` wrote, with the same counts as ``report.summary_counts``."""

    written: tuple[str, ...]
    counts: dict
    flagged: bool
    chunks: int
    base_lang: Lang


def should_stream(path: str | os.PathLike, config: Config = Config()) -> bool:
    """True for a regular file above :data:`THRESHOLD` bytes that is not Markdown."""
    p = Path(path)
    try:
        big = p.is_file() and p.stat().st_size > THRESHOLD
    except OSError:
        return False
    return big and not is_markdown(p, config.markdown)


def clean_file(
    path: str | os.PathLike,
    out_dir: str | os.PathLike,
    config: Config = Config(),
    langs: Sequence[Lang | str] = (Lang.EN, Lang.FR),
    engine=None,
    chunk_chars: int = CHUNK_CHARS,
    jobs: int = 1,
) -> StreamSummary:
    """Clean ``path`` chunk by chunk into ``out_dir`` (same files as ``bilingual clean``).

    With ``jobs`` > 1 and the built-in engine, worker processes clean chunks too (see
    :func:`bilingual.chunked.cleaning.pieces`); the files written are the same bytes either way.

    Raises :class:`BilingualError` (input, glossary, engine, output); then no
    output file is left behind.
    """
    from ..pipeline import make_engine

    if engine is None:
        engine = make_engine(config)
    name = str(path)
    want = tuple(Lang(x) for x in langs)
    suffix = Path(name).suffix or ".txt"
    paths = output_paths(name, out_dir, [f".{l.value}{suffix}" for l in want] + [".report.json"])
    if any(same_file_key(p) == same_file_key(name) for p in paths.values()):
        raise OutputError(f"{name}: output path is the input file; choose another --out-dir")
    folder = Path(out_dir)
    first_chars = min(FIRST_CHARS, chunk_chars)
    try:
        with AtomicFiles() as out:
            outs = {l: out.open(paths[f".{l.value}{suffix}"], folder) for l in want}
            report = ReportWriter(lambda: out.open(None, folder))  # the lists' parts: temporary files
            report_file = out.open(paths[".report.json"], folder)
            counts: dict = {}
            n_chunks, held, last = 0, None, None
            chunks = read_chunks(path, name, chunk_chars, first_chars)
            done = pieces(chunks, config, engine, want, _jobs_for(engine, jobs))
            with contextlib.closing(done), _worker_deaths(name):  # closed on any error: the workers stop at once
                for piece in done:
                    for l in want:
                        outs[l].write(piece.outputs[l])
                    held = _add_piece(report, piece, held)
                    _add_counts(counts, piece.counts)
                    n_chunks += 1
                    last = piece
            if held is not None:
                report.add("segments", encode_items([held.to_dict()]))
            assert last is not None  # read_chunks yields a chunk or raises
            note = (
                f"large input processed in {n_chunks} chunks of about {chunk_chars:,} characters "
                f"(the first of about {first_chars:,}); base language taken from the first chunk"
            )
            skeleton = replace(last.skeleton, notes=tuple(last.skeleton.notes) + (note,))
            report.write(report_file, report_head(skeleton, shown_name(name), counts))
            out.commit()
    except OSError as err:  # writing the outputs or their parts: a full disk, a quota, an I/O error
        raise OutputError(
            f"{err.filename or out_dir}: cannot write the outputs of {name} ({err.strerror or err})"
        ) from None
    written = tuple(str(paths[f".{l.value}{suffix}"]) for l in want) + (str(paths[".report.json"]),)
    flagged = any(counts.get(k, {}).get("flags") for k in ("en", "fr")) or bool(counts.get("input_flags"))
    return StreamSummary(written, counts, flagged, n_chunks, skeleton.base_lang)


def _jobs_for(engine, jobs: int) -> int:
    """The built-in engine is pure Python on one core and cheap to build in each worker;
    nmt runs its own threads over every core already, and its model is big to copy."""
    return jobs if getattr(engine, "name", None) == "builtin" else 1


@contextlib.contextmanager
def _worker_deaths(name: str):
    try:
        yield
    except BrokenProcessPool:  # a worker killed from outside (out of memory, a signal)
        raise OutputError(
            f"{name}: a worker process stopped before its chunk was cleaned "
            "(out of memory?); nothing written; try again with --jobs 1"
        ) from None


_LANG_ORDER = {lang: i for i, lang in enumerate(Lang)}  # changes are listed by output language


def _add_piece(report: ReportWriter, piece: Piece, held: Optional[Segment]) -> Optional[Segment]:
    """Add one chunk's report items; return its last segment, held back so that a
    neutral stretch across the cut becomes one segment, as without chunks."""
    report.add("flags", piece.flags)
    for lang, body in piece.changes.items():
        report.add("changes", body, _LANG_ORDER[lang])
    report.add("sentences", piece.sentences)
    first = piece.first
    if first is None:
        return held
    before = []
    if held is not None:
        if held.lang is None and first.lang is None:
            first = replace(first, start=held.start, confidence=min(held.confidence, first.confidence))
        else:
            before = [held]
    if piece.last is None:
        report.add("segments", encode_items([s.to_dict() for s in before]))
        return first
    report.add("segments", encode_items([s.to_dict() for s in (*before, first)]))
    report.add("segments", piece.middle)
    return piece.last


def _add_counts(total: dict, counts: dict) -> None:
    for k, v in counts.items():
        if isinstance(v, dict):
            _add_counts(total.setdefault(k, {}), v)
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            total[k] = total.get(k, 0) + v
        else:
            total.setdefault(k, v)


def clean_to(
    fh: IO[bytes],
    out: IO[str],
    config: Config = Config(),
    lang: Optional[Lang | str] = None,
    engine=None,
    jobs: int = 1,
    head: bytes = b"",
    name: str = "<stdin>",
    chunk_chars: int = CHUNK_CHARS,
) -> StreamSummary:
    """Clean the stream ``fh`` chunk by chunk; write its ``lang`` output (default: the base
    language of the first chunk) to ``out`` as the pieces come, in order. Memory stays
    bounded whatever the input's size. ``head``: bytes of ``fh`` already read.

    Raises :class:`BilingualError` like :func:`clean_file`; ``out`` may then hold a part
    of the output (the command line writes to a temporary file, then to stdout).
    """
    import itertools

    from ..pipeline import detect_text, make_engine

    if engine is None:
        engine = make_engine(config)
    chunks = read_chunks_from(fh, name, chunk_chars, min(FIRST_CHARS, chunk_chars), head)
    first = next(chunks)
    if config.base_lang is None:  # decided by the first chunk, as for a streamed file
        config = replace(config, base_lang=detect_text(first)[0].base_lang.value)
    target = Lang(lang or config.base_lang)
    config = replace(config, outputs=(target.value,))  # the other language is not made
    done = pieces(itertools.chain([first], chunks), config, engine, (target,), _jobs_for(engine, jobs))
    counts: dict = {}
    n_chunks = 0
    with contextlib.closing(done), _worker_deaths(name):
        for piece in done:
            out.write(piece.outputs[target])
            _add_counts(counts, piece.counts)
            n_chunks += 1
    flagged = bool(counts.get(target.value, {}).get("flags")) or bool(counts.get("input_flags"))
    return StreamSummary(("<stdout>",), counts, flagged, n_chunks, Lang(config.base_lang))


def check_input(
    path: str,
    lang: Optional[str] = None,
    markdown: Optional[bool] = None,
    stdin: Optional[IO[bytes]] = None,
    *,
    min_confidence: float = 0.6,
    allow=None,
) -> Iterator:
    """``bilingual check`` of one input (``-``: ``stdin``), as :class:`bilingual.check.FileReport`
    pieces to print as they come: one for an input up to :data:`THRESHOLD` bytes or in
    Markdown (:func:`bilingual.check.check_file`), one a chunk above (:func:`check_pieces`).
    ``min_confidence`` and ``allow`` as for :func:`bilingual.check.check_file`."""
    from .. import check as checker
    from ..errors import BilingualError

    if path == "-":
        import sys

        stdin = stdin or sys.stdin.buffer
        head = stdin.read(THRESHOLD + 1)
        if len(head) > THRESHOLD and not markdown:
            for piece in check_pieces(stdin, "-", lang, head, min_confidence=min_confidence):
                yield checker.accepted(piece, allow)
            return
        yield checker.check_bytes(head + stdin.read(), path, lang, markdown, min_confidence=min_confidence, allow=allow)
        return
    if should_stream(path, Config(markdown=bool(markdown))):
        try:
            fh = open_input(path)
        except BilingualError as err:
            yield checker.FileReport(path, lang or "", error=str(err))
            return
        with fh:
            for piece in check_pieces(fh, path, lang, min_confidence=min_confidence):
                yield checker.accepted(piece, allow)
        return
    yield checker.check_file(path, lang, markdown, min_confidence=min_confidence, allow=allow)
