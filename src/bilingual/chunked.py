"""Large inputs in chunks: bounded memory, outputs written as they are produced.

A file above :data:`THRESHOLD` bytes is read block by block, decoded
incrementally and cut into chunks of about :data:`CHUNK_CHARS` characters (the
first of :data:`FIRST_CHARS`) at a blank line, else at a line break, else at a
space: segments and sentences never cross a line break. Each chunk goes through
:func:`bilingual.pipeline.process` with the engine built once; its offsets are
shifted to the whole document's, its outputs appended to temporary files and
its report items (segments, changes, flags, sentences) to temporary parts.
When the last chunk is done the report is assembled and every file is renamed
into place at once: an error or Ctrl-C midway leaves no output file.

With the built-in engine and ``jobs`` > 1, worker processes clean the chunks
after the first (see :func:`_pieces`); the pieces are written in order, so the
files are the same bytes whatever the number of processes.

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

import codecs
import contextlib
import json
import os
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Generator, Iterator, Optional, Sequence

from .config import Config
from .errors import InputError, OutputError
from .files import (_same_file_key, interrupts_deferred, is_markdown, open_input, output_paths, sniff_bom,
                    temp_file)
from .model import Lang, Result, Segment
from .report import summary_counts

THRESHOLD = 4_000_000  # bytes: larger inputs are streamed
CHUNK_CHARS = 250_000  # characters per chunk (about 40k words)
FIRST_CHARS = 125_000  # the first chunk (about 20k words: the base language is its), done before any other
_BLOCK = 1 << 20  # bytes read at a time
_PARTS = ("flags", "changes", "segments", "sentences")  # report lists written as they come


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


def read_chunks(path: str | os.PathLike, name: Optional[str] = None,
                chunk_chars: int = CHUNK_CHARS, first_chars: Optional[int] = None) -> Iterator[str]:
    """Yield the decoded text of ``path`` in chunks cut at blank lines (see module doc);
    the first of about ``first_chars`` characters when given.

    Raises :class:`InputError` like :func:`bilingual.files.decode_article`: binary
    (NUL), undecodable, or empty / white-space-only input.
    """
    name = str(path) if name is None else name
    with open_input(path, name) as fh:
        yield from read_chunks_from(fh, name, chunk_chars, first_chars)


def read_chunks_from(fh: IO[bytes], name: str, chunk_chars: int = CHUNK_CHARS, first_chars: Optional[int] = None,
                     head: bytes = b"") -> Iterator[str]:
    """:func:`read_chunks` of an open binary stream (standard input too: it is read forwards
    only); ``head``: bytes already read from it, which come first."""

    def blocks() -> Iterator[bytes]:
        if head:
            yield head
        while block := fh.read(_BLOCK):
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
            offset = consumed - left + err.start
            if encoding == "utf-8":
                raise InputError(f"{name}: not valid UTF-8 (byte 0x{err.object[err.start]:02x} at offset "
                                 f"{offset}); convert it to UTF-8 first") from None
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
        raise InputError(f"{name}: empty file, nothing to clean" if consumed == skip
                         else f"{name}: file has only white space, nothing to clean")


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


class _Writer:
    """Temporary files next to their destinations; renamed together by :meth:`commit`."""

    def __init__(self):
        self.temps: list[tuple[str, Optional[Path], IO[str]]] = []

    def open(self, dest: Optional[Path], folder: Path) -> IO[str]:
        with interrupts_deferred():  # made and recorded together: cleanup() finds every one
            fd, tmp = temp_file(folder, dest.name if dest else "part")
            fh = os.fdopen(fd, "w+", encoding="utf-8", newline="")
            self.temps.append((tmp, dest, fh))
        return fh

    def commit(self) -> None:
        with interrupts_deferred():  # all the outputs renamed into place, or none
            for tmp, dest, fh in self.temps:
                try:
                    fh.close()  # the last buffered bytes: a full disk may show only now
                except OSError as err:
                    raise OutputError(f"{dest or tmp}: cannot write ({err.strerror or err})") from None
            for tmp, dest, _ in self.temps:
                if dest is not None:
                    try:
                        os.replace(tmp, dest)
                    except OSError as err:
                        raise OutputError(f"{dest}: cannot write ({err.strerror or err})") from None

    def cleanup(self) -> None:
        with interrupts_deferred():
            for tmp, _, fh in self.temps:
                try:
                    fh.close()
                except OSError:  # the buffered rest could not be written (a full disk): it goes anyway
                    pass
                try:
                    os.unlink(tmp)
                except OSError:
                    pass


def clean_file(path: str | os.PathLike, out_dir: str | os.PathLike, config: Config = Config(),
               langs: Sequence[Lang | str] = (Lang.EN, Lang.FR), engine=None,
               chunk_chars: int = CHUNK_CHARS, jobs: int = 1) -> StreamSummary:
    """Clean ``path`` chunk by chunk into ``out_dir`` (same files as ``bilingual clean``).

    With ``jobs`` > 1 and the built-in engine, ``jobs - 1`` worker processes clean
    chunks while this process cleans one too (see :func:`_pieces`); the files written
    are the same bytes either way.

    Raises :class:`BilingualError` (input, glossary, engine, output); then no
    output file is left behind.
    """
    from .pipeline import make_engine

    if engine is None:
        engine = make_engine(config)
    name = str(path)
    want = tuple(Lang(x) for x in langs)
    suffix = Path(name).suffix or ".txt"
    paths = output_paths(name, out_dir, [f".{l.value}{suffix}" for l in want] + [".report.json"])
    if any(_same_file_key(p) == _same_file_key(name) for p in paths.values()):
        raise OutputError(f"{name}: output path is the input file; choose another --out-dir")
    folder = Path(out_dir)
    writer = _Writer()
    try:
        outs = {l: writer.open(paths[f".{l.value}{suffix}"], folder) for l in want}
        parts: dict = {k: writer.open(None, folder) for k in _PARTS if k != "changes"}
        parts.update({("changes", l): writer.open(None, folder) for l in Lang})
        report = writer.open(paths[".report.json"], folder)
        counts: dict = {}
        started: set = set()
        n_chunks, held, last = 0, None, None
        # the built-in engine is pure Python on one core and cheap to build in each worker;
        # nmt runs its own threads over every core already, and its model is big to copy
        jobs = jobs if getattr(engine, "name", None) == "builtin" else 1
        chunks = read_chunks(path, name, chunk_chars, min(FIRST_CHARS, chunk_chars))
        pieces = _pieces(chunks, config, engine, want, jobs)
        with contextlib.closing(pieces):  # closed on any error: the workers stop at once
            try:
                for piece in pieces:
                    for l in want:
                        outs[l].write(piece.outputs[l])
                    held = _write_piece(piece, parts, held, started)
                    _add_counts(counts, piece.counts)
                    n_chunks += 1
                    last = piece
            except BrokenProcessPool:  # a worker killed from outside (out of memory, a signal)
                raise OutputError(f"{name}: a worker process stopped before its chunk was cleaned "
                                  "(out of memory?); nothing written; try again with --jobs 1") from None
        if held is not None:
            from .report import dumps

            _emit(parts["segments"], [dumps(held.to_dict(), 2)], "segments", started)
        assert last is not None  # read_chunks yields a chunk or raises
        base = last.skeleton.base_lang.value
        _assemble(report, last.skeleton, base, counts, name, n_chunks, chunk_chars, parts)
        writer.commit()
    except OSError as err:  # writing the outputs or their parts: a full disk, a quota, an I/O error
        raise OutputError(f"{err.filename or out_dir}: cannot write the outputs of {name} "
                          f"({err.strerror or err})") from None
    finally:
        writer.cleanup()
    written = tuple(str(paths[f".{l.value}{suffix}"]) for l in want) + (str(paths[".report.json"]),)
    flagged = any(counts.get(k, {}).get("flags") for k in ("en", "fr")) or bool(counts.get("input_flags"))
    return StreamSummary(written, counts, flagged, n_chunks, Lang(base))


@dataclass
class _Piece:
    """One chunk, cleaned: its outputs and its report items, already serialized and shifted.

    Small to pickle (strings), so a worker process can hand it back cheaply.
    """

    outputs: dict
    flags: list
    changes: dict  # Lang -> list of JSON bodies
    sentences: list
    first: Optional[Segment]  # shifted; may merge with the previous chunk's last segment
    middle: list  # JSON bodies of the segments between first and last
    last: Optional[Segment]  # shifted; held back for the next chunk
    counts: dict
    skeleton: Result  # the Result without text and lists: notes, engine, base language


def _clean_chunk(chunk: str, offset: int, config: Config, engine, edges: tuple[bool, bool],
                 langs: tuple) -> _Piece:
    from .pipeline import process
    from .report import dumps_items

    res = process(chunk, config, engine, edges=edges)

    def shifted(xs) -> list[str]:  # == [dumps(shift(x).to_dict(), 2) ...], without shifted copies
        ds = [x.to_dict() for x in xs]
        for d in ds:
            d["start"] += offset
            d["end"] += offset
        return dumps_items(ds, 2)

    def shift(x):
        return replace(x, start=x.start + offset, end=x.end + offset)

    changes: dict = {}
    for c in res.changes:
        changes.setdefault(c.output_lang, []).append(c)
    segs = res.segments
    return _Piece(
        outputs={l: res.output(l) for l in langs},
        flags=shifted(res.flags),
        changes={lang: shifted(cs) for lang, cs in changes.items()},
        # a [start, end] pair as json.dumps(..., indent=1) writes it at depth 2
        sentences=[f"[\n   {s.start + offset},\n   {s.end + offset}\n  ]" for s in res.sentences],
        first=shift(segs[0]) if segs else None,
        middle=shifted(segs[1:-1]),
        last=shift(segs[-1]) if len(segs) > 1 else None,
        counts=summary_counts(res),
        skeleton=replace(res, text="", segments=(), sentences=(), changes=(), flags=(), outputs={}),
    )


_AHEAD = 8  # pieces at most waiting to be written (memory stays bounded whatever the workers do)


def _pieces(chunks: Iterator[str], config: Config, engine, langs: tuple, jobs: int = 1) -> Generator[_Piece, None, None]:
    """Clean ``chunks`` in ``jobs`` processes; yield their pieces in order.

    The first chunk is cleaned here and decides the base language (unless the
    config forces one). Then, on Linux when no other thread runs here, ``jobs``
    workers are forked: copies of this process with every model loaded and every
    cache warm, which clean all the other chunks, two queued per worker so that none
    waits, while this process only hands chunks out and writes. Elsewhere ``jobs - 1``
    workers are spawned at once (they load their models while the first chunk is
    cleaned) and this process cleans every chunk no worker is free for.
    """
    from collections import deque

    import shutil
    import tempfile

    pairs = _with_edges(chunks)
    scratch = None
    if jobs > 1:
        try:
            from . import workers as procs

            procs.sweep(tempfile.gettempdir(), "bilingual-", "")  # the scratch folders of killed runs
            scratch = tempfile.mkdtemp(prefix=f"bilingual-{procs.tag()}-")
        except OSError:  # no writable temporary folder: one process, as with --jobs 1
            jobs = 1
    fork = jobs > 1 and _can_fork()
    # forked workers (one a CPU) do all the cleaning after the first chunk, this process only
    # hands chunks out and writes; spawned ones (one fewer) start cold, so this process helps
    workers = jobs if fork else jobs - 1
    pool = _spawn_pool(config, workers) if workers > 0 and not fork else None
    try:
        offset = 0
        waiting: deque = deque()  # pieces (cleaned here) and futures (workers), in chunk order
        for chunk, edges in pairs:
            if fork and pool is None and offset:  # after the first chunk: a warm copy of this process
                pool = _fork_pool(engine, workers)
            while fork and pool is not None and _busy(waiting) >= 2 * workers:  # wait for the oldest
                yield _result(waiting.popleft())
            # two chunks a worker: the next is queued while it cleans one, so it never waits for us
            if pool is not None and config.base_lang is not None and _busy(waiting) < 2 * workers:
                assert scratch is not None  # a pool runs with jobs > 1, which made the folder
                waiting.append(pool.submit(_worker_clean, _handoff(scratch, offset, chunk), offset, config,
                                           edges, langs))
            else:
                waiting.append(_clean_chunk(chunk, offset, config, engine, edges, langs))
                if config.base_lang is None:  # the first chunk's base language holds for all
                    config = replace(config, base_lang=waiting[-1].skeleton.base_lang.value)
            offset += len(chunk)
            while waiting and (len(waiting) > _AHEAD or _ready(waiting[0])):
                yield _result(waiting.popleft())
        while waiting:
            yield _result(waiting.popleft())
    finally:
        if pool is not None:
            _stop_pool(pool)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def _busy(waiting) -> int:
    """Chunks handed to workers and not yet cleaned."""
    return sum(1 for w in waiting if not _ready(w))


def _ready(w) -> bool:
    return isinstance(w, _Piece) or w.done()


def _result(w) -> _Piece:
    return w if isinstance(w, _Piece) else _take(w.result())


# Chunks and pieces go to and from the workers as files in a scratch folder, only their
# names through the pool's pipes: a pipe moves 64 KB at a time, and the thread of this
# process that reads it waits for the interpreter lock between every two reads, so a
# piece of a few MB took a worker about 0.4 s to hand over, a fifth of its time.

def _handoff(folder: str, key: int, obj) -> str:
    """Pickle ``obj`` into a file of ``folder``; return its path."""
    import pickle

    path = os.path.join(folder, f"{key}.{os.getpid()}.pickle")
    with open(path, "wb") as fh:
        fh.write(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))
    return path


def _take(path: str):
    """What :func:`_handoff` put in ``path`` (the file is removed)."""
    import pickle

    with open(path, "rb") as fh:
        data = fh.read()
    os.unlink(path)
    return pickle.loads(data)


def _with_edges(chunks: Iterator[str]) -> Iterator[tuple[str, tuple[bool, bool]]]:
    """Each chunk with (is first, is last): chatter is only looked for at the document's edges."""
    nxt: Optional[str]
    nxt, first = next(chunks), True
    while nxt is not None:
        chunk, nxt = nxt, next(chunks, None)
        yield chunk, (first, nxt is None)
        first = False


def _can_fork() -> bool:
    """Whether workers may be forked: Linux, and no other Python thread in this process
    (a thread holding a lock at the fork would leave it held forever in the copy)."""
    import multiprocessing
    import sys
    import threading

    return (sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


def _fork_pool(engine, workers: int):
    """Worker processes forked now: copies of this process, sharing its engine and loaded models."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from .evidence import load_lists

    load_lists()  # once, here: the workers share the pages instead of each loading its own copy
    pool = ProcessPoolExecutor(workers, mp_context=get_context("fork"), initializer=_init_forked,
                               initargs=(engine, os.getpid()))
    pool.submit(int)  # with fork the pool starts all its workers at the first submit, before its own thread
    return pool


def _init_forked(engine, parent: int) -> None:
    import signal

    from .workers import die_with_parent

    die_with_parent(parent)  # killed with this process, whatever ends it
    global _worker_engine
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops us
    _worker_engine = engine


def _spawn_pool(config: Config, workers: int):
    """Worker processes, started now so that they warm up while the first chunk is cleaned.

    "spawn": a fresh interpreter, safe whatever threads this process runs; each
    worker builds its own engine (the built-in one: no model to share).
    """
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    pool = ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=_init_worker,
                               initargs=(config, os.getpid()))
    for _ in range(workers):
        pool.submit(int)  # start every worker now (the pool starts them on demand)
    return pool


def _stop_pool(pool) -> None:
    """Stop the workers at once, even mid-chunk (after an error or Ctrl-C: nothing waits for them)."""
    procs = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for p in procs:
        if p.is_alive():
            p.terminate()
    for p in procs:
        p.join()


_worker_engine = None


def _init_worker(config: Config, parent: int) -> None:
    import signal

    from .workers import die_with_parent

    die_with_parent(parent)
    global _worker_engine
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops us
    from .workers import tune_gc

    tune_gc()
    from .pipeline import make_engine, process

    _worker_engine = make_engine(config)
    process("Stem cells, en particulier les cellules souches.", config, _worker_engine)  # load the models now
    from .evidence import load_lists

    load_lists()  # whole word lists: chunks are long texts


def _worker_clean(chunk_path: str, offset: int, config: Config, edges: tuple[bool, bool], langs: tuple) -> str:
    """Clean the chunk in ``chunk_path``; return the path of its piece (both are handoff files)."""
    piece = _clean_chunk(_take(chunk_path), offset, config, _worker_engine, edges, langs)
    return _handoff(os.path.dirname(chunk_path), offset, piece)


def _write_piece(piece: _Piece, parts: dict, held: Optional[Segment], started: set) -> Optional[Segment]:
    """Append one chunk's report items; return its last segment, held back so that a
    neutral stretch across the cut becomes one segment, as without chunks."""
    from .report import dumps

    _emit(parts["flags"], piece.flags, "flags", started)
    for lang, bodies in piece.changes.items():
        _emit(parts[("changes", lang)], bodies, ("changes", lang), started)
    _emit(parts["sentences"], piece.sentences, "sentences", started)
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
        _emit(parts["segments"], [dumps(s.to_dict(), 2) for s in before], "segments", started)
        return first
    bodies = [dumps(s.to_dict(), 2) for s in (*before, first)] + piece.middle
    _emit(parts["segments"], bodies, "segments", started)
    return piece.last


def _emit(fh: IO[str], bodies: list[str], key, started: set) -> None:
    """Append list items (each as ``json.dumps(..., indent=1)`` writes it at depth 2) to a part."""
    if not bodies:
        return
    fh.write(("," if key in started else "") + "\n  " + ",\n  ".join(bodies))
    started.add(key)


def _add_counts(total: dict, counts: dict) -> None:
    for k, v in counts.items():
        if isinstance(v, dict):
            _add_counts(total.setdefault(k, {}), v)
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            total[k] = total.get(k, 0) + v
        else:
            total.setdefault(k, v)


def _assemble(report: IO[str], last: Result, base: str, counts: dict, name: str, n_chunks: int,
              chunk_chars: int, parts: dict) -> None:
    """Write the report: ``report.build_report``'s layout, with the lists copied from the parts."""
    from .report import build_report

    first = min(FIRST_CHARS, chunk_chars)
    note = (f"large input processed in {n_chunks} chunks of about {chunk_chars:,} characters "
            f"(the first of about {first:,}); base language taken from the first chunk")
    skeleton = replace(last, text="", segments=(), sentences=(), changes=(), flags=(), outputs={},
                       base_lang=Lang(base), notes=tuple(last.notes) + (note,))
    from .files import shown_name

    data = build_report(skeleton, shown_name(name))
    data["summary"] = counts
    marks = {}
    for key in _PARTS:
        marks[key] = f"@@stream:{key}@@"
        data[key] = marks[key]
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    for key in _PARTS:
        head, text = text.split(json.dumps(marks[key]), 1)
        report.write(head)
        srcs = [parts[key]] if key != "changes" else [parts[("changes", l)] for l in Lang]
        report.write("[")
        wrote = False
        for src in srcs:
            src.flush()
            src.seek(0)
            first = True
            while block := src.read(_BLOCK):
                if first and wrote:
                    block = "," + block
                report.write(block)
                first = False
                wrote = True
        report.write("\n ]" if wrote else "]")
    report.write(text)


# --- standard input and `bilingual check`, streamed ------------------------------------------

def clean_to(fh: IO[bytes], out: IO[str], config: Config = Config(), lang: Optional[Lang | str] = None,
             engine=None, jobs: int = 1, head: bytes = b"", name: str = "<stdin>",
             chunk_chars: int = CHUNK_CHARS) -> StreamSummary:
    """Clean the stream ``fh`` chunk by chunk; write its ``lang`` output (default: the base
    language of the first chunk) to ``out`` as the pieces come, in order. Memory stays
    bounded whatever the input's size. ``head``: bytes of ``fh`` already read.

    Raises :class:`BilingualError` like :func:`clean_file`; ``out`` may then hold a part
    of the output (the command line writes to a temporary file, then to stdout).
    """
    import itertools

    from .pipeline import detect_text, make_engine

    if engine is None:
        engine = make_engine(config)
    chunks = read_chunks_from(fh, name, chunk_chars, min(FIRST_CHARS, chunk_chars), head)
    first = next(chunks)
    if config.base_lang is None:  # decided by the first chunk, as for a streamed file
        config = replace(config, base_lang=detect_text(first)[0].base_lang.value)
    target = Lang(lang or config.base_lang)
    config = replace(config, outputs=(target.value,))  # the other language is not made
    jobs = jobs if getattr(engine, "name", None) == "builtin" else 1
    pieces = _pieces(itertools.chain([first], chunks), config, engine, (target,), jobs)
    counts: dict = {}
    n_chunks = 0
    with contextlib.closing(pieces):
        try:
            for piece in pieces:
                out.write(piece.outputs[target])
                _add_counts(counts, piece.counts)
                n_chunks += 1
        except BrokenProcessPool:
            raise OutputError(f"{name}: a worker process stopped before its chunk was cleaned "
                              "(out of memory?); nothing written; try again with --jobs 1") from None
    flagged = bool(counts.get(target.value, {}).get("flags")) or bool(counts.get("input_flags"))
    return StreamSummary(("<stdout>",), counts, flagged, n_chunks, Lang(config.base_lang))


def check_pieces(fh: IO[bytes], name: str, lang: Optional[str] = None, head: bytes = b"",
                 chunk_chars: int = CHUNK_CHARS, *, min_confidence: float = 0.6) -> Iterator:
    """``bilingual check`` of a large input, chunk by chunk: yields one
    :class:`bilingual.check.FileReport` per chunk, holding that chunk's findings with the
    whole input's offsets, lines and columns (the expected language, when not given, is
    the first chunk's base language); an input that turns out unreadable midway ends
    with a report holding the error. Memory holds one chunk and its findings."""
    from .check import FileReport, check_text
    from .errors import BilingualError

    offset, line0, col0 = 0, 1, 1  # where the chunk starts: offset, line and column
    expected = lang
    try:
        for chunk in read_chunks_from(fh, name, chunk_chars, min(FIRST_CHARS, chunk_chars), head):
            rep = check_text(chunk, name, expected, min_confidence=min_confidence)
            expected = rep.expected
            yield FileReport(name, expected, tuple(replace(
                f, start=f.start + offset, end=f.end + offset,
                line=f.line + line0 - 1, col=f.col + (col0 - 1 if f.line == 1 else 0),
                end_line=f.end_line + line0 - 1, end_col=f.end_col + (col0 - 1 if f.end_line == 1 else 0))
                for f in rep.findings))
            breaks = chunk.count("\n")
            line0, col0 = line0 + breaks, (len(chunk) - chunk.rfind("\n") if breaks else col0 + len(chunk))
            offset += len(chunk)
    except BilingualError as err:
        yield FileReport(name, expected or "", error=str(err))


def check_stream(fh: IO[bytes], name: str, lang: Optional[str] = None, head: bytes = b"",
                 chunk_chars: int = CHUNK_CHARS):
    """:func:`check_pieces` gathered into one :class:`bilingual.check.FileReport`."""
    from .check import FileReport

    findings: list = []
    expected, error = lang or "", None
    for piece in check_pieces(fh, name, lang, head, chunk_chars):
        findings.extend(piece.findings)
        expected, error = piece.expected or expected, piece.error
    if error:
        return FileReport(name, lang or "", error=error)
    return FileReport(name, expected, tuple(findings))


def check_input(path: str, lang: Optional[str] = None, markdown: Optional[bool] = None,
                stdin: Optional[IO[bytes]] = None, *, min_confidence: float = 0.6, allow=None) -> Iterator:
    """``bilingual check`` of one input (``-``: ``stdin``), as :class:`bilingual.check.FileReport`
    pieces to print as they come: one for an input up to :data:`THRESHOLD` bytes or in
    Markdown (:func:`bilingual.check.check_file`), one a chunk above (:func:`check_pieces`).
    ``min_confidence`` and ``allow`` as for :func:`bilingual.check.check_file`."""
    from . import check as checker
    from .errors import BilingualError

    if path == "-":
        import sys

        stdin = stdin or sys.stdin.buffer
        head = stdin.read(THRESHOLD + 1)
        if len(head) > THRESHOLD and not markdown:
            for piece in check_pieces(stdin, "-", lang, head, min_confidence=min_confidence):
                yield checker.accepted(piece, allow)
            return
        yield checker.check_bytes(head + stdin.read(), path, lang, markdown, min_confidence=min_confidence,
                                  allow=allow)
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
