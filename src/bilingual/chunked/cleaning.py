"""Chunks cleaned into pieces, in order: here, or in worker processes too.

A :class:`Piece` is one chunk cleaned, its offsets shifted to the whole
document's and its report items already encoded: small to pickle (strings), so
a worker process hands it back cheaply. :func:`pieces` yields them in the
chunks' order whoever cleaned them, so the files are the same bytes whatever
the number of processes.
"""

from __future__ import annotations

import os
from collections import deque
from dataclasses import dataclass, replace
from typing import Generator, Iterator, Optional

from .. import tempnames, workers
from ..config import Config
from ..model import Result, Segment
from ..report import summary_counts
from ..report.writer import encode_items
from .reading import with_edges

_AHEAD = 8  # pieces at most waiting to be written (memory stays bounded whatever the workers do)


@dataclass
class Piece:
    """One chunk, cleaned: its outputs and its report items, shifted and encoded
    (:func:`bilingual.report.writer.encode_items`)."""

    outputs: dict
    flags: str
    changes: dict  # Lang -> its changes, encoded
    sentences: str
    first: Optional[Segment]  # shifted; may merge with the previous chunk's last segment
    middle: str  # the segments between first and last, encoded
    last: Optional[Segment]  # shifted; held back for the next chunk
    counts: dict
    skeleton: Result  # the Result without text and lists: notes, engine, base language


def clean_chunk(chunk: str, offset: int, config: Config, engine, edges: tuple[bool, bool], langs: tuple) -> Piece:
    """Clean ``chunk``, which starts at ``offset`` in the document; ``edges``: whether it is
    the first and the last chunk (chatter is only looked for at the document's edges)."""
    from ..pipeline import process

    res = process(chunk, config, engine, edges=edges)

    def shifted(xs) -> str:
        ds = [x.to_dict() for x in xs]
        for d in ds:
            d["start"] += offset
            d["end"] += offset
        return encode_items(ds)

    def shift(x):
        return replace(x, start=x.start + offset, end=x.end + offset)

    changes: dict = {}
    for c in res.changes:
        changes.setdefault(c.output_lang, []).append(c)
    segs = res.segments
    return Piece(
        outputs={l: res.output(l) for l in langs},
        flags=shifted(res.flags),
        changes={lang: shifted(cs) for lang, cs in changes.items()},
        sentences=encode_items([[s.start + offset, s.end + offset] for s in res.sentences]),
        first=shift(segs[0]) if segs else None,
        middle=shifted(segs[1:-1]),
        last=shift(segs[-1]) if len(segs) > 1 else None,
        counts=summary_counts(res),
        skeleton=replace(res, text="", segments=(), sentences=(), changes=(), flags=(), outputs={}),
    )


def pieces(chunks: Iterator[str], config: Config, engine, langs: tuple, jobs: int = 1) -> Generator[Piece, None, None]:
    """Clean ``chunks`` in ``jobs`` processes; yield their pieces in order.

    The first chunk is cleaned here and decides the base language (unless the
    config forces one). Then, where :func:`bilingual.workers.can_fork`, ``jobs``
    workers are forked: copies of this process with every model loaded and every
    cache warm, which clean all the other chunks, two queued per worker so that none
    waits, while this process only hands chunks out and writes. Elsewhere ``jobs - 1``
    workers are spawned at once (they load their models while the first chunk is
    cleaned) and this process cleans every chunk no worker is free for.
    """
    import shutil
    import tempfile

    pairs = with_edges(chunks)
    scratch = None
    if jobs > 1:
        try:
            tempnames.sweep(tempfile.gettempdir(), "bilingual-", "")  # the scratch folders of killed runs
            scratch = tempfile.mkdtemp(prefix=f"bilingual-{tempnames.tag()}-")
        except OSError:  # no writable temporary folder: one process, as with --jobs 1
            jobs = 1
    fork = jobs > 1 and workers.can_fork()
    # forked workers (one a CPU) do all the cleaning after the first chunk, this process only
    # hands chunks out and writes; spawned ones (one fewer) start cold, so this process helps
    n = jobs if fork else jobs - 1
    pool = workers.Pool(n, config, "spawn", long_texts=True) if n > 0 and not fork else None
    try:
        offset = 0
        waiting: deque = deque()  # pieces (cleaned here) and futures (workers), in chunk order
        for chunk, edges in pairs:
            if fork and pool is None and offset:  # after the first chunk: a warm copy of this process
                pool = workers.Pool(n, config, "fork", engine=engine, long_texts=True)
            while fork and pool is not None and _busy(waiting) >= 2 * n:  # wait for the oldest
                yield _result(waiting.popleft())
            # two chunks a worker: the next is queued while it cleans one, so it never waits for us
            if pool is not None and config.base_lang is not None and _busy(waiting) < 2 * n:
                assert scratch is not None  # a pool runs with jobs > 1, which made the folder
                waiting.append(
                    pool.submit(clean_in_worker, _handoff(scratch, offset, chunk), offset, config, edges, langs)
                )
            else:
                waiting.append(clean_chunk(chunk, offset, config, engine, edges, langs))
                if config.base_lang is None:  # the first chunk's base language holds for all
                    config = replace(config, base_lang=waiting[-1].skeleton.base_lang.value)
            offset += len(chunk)
            while waiting and (len(waiting) > _AHEAD or _ready(waiting[0])):
                yield _result(waiting.popleft())
        while waiting:
            yield _result(waiting.popleft())
    finally:
        if pool is not None:
            pool.stop()
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def _busy(waiting) -> int:
    """Chunks handed to workers and not yet cleaned."""
    return sum(1 for w in waiting if not _ready(w))


def _ready(w) -> bool:
    return isinstance(w, Piece) or w.done()


def _result(w) -> Piece:
    return w if isinstance(w, Piece) else _take(w.result())


def clean_in_worker(chunk_path: str, offset: int, config: Config, edges: tuple[bool, bool], langs: tuple) -> str:
    """In a worker process: clean the chunk in ``chunk_path``; return the path of its piece
    (both are hand-off files)."""
    piece = clean_chunk(_take(chunk_path), offset, config, workers.engine_for(config), edges, langs)
    return _handoff(os.path.dirname(chunk_path), offset, piece)


# Chunks and pieces go to and from the workers as files in a scratch folder, only their
# names through the pool's pipes: a pipe moves 64 KB at a time, and the thread of this
# process that reads it waits for the interpreter lock between every two reads, so handing
# a piece of a few MB over a pipe costs a worker a large share of its time.


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
