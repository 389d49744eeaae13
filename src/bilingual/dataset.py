"""JSON Lines data sets: one article per row, cleaned in one of its fields.

``bilingual clean data.jsonl --text-field text`` writes ``data.en.jsonl``,
``data.fr.jsonl`` and ``data.report.jsonl`` (see docs/scaling.md). Each output
row is the input row with every field kept, the named field holding the cleaned
text, and a ``bilingual`` object: ``base_lang``, that output's ``changes`` and
``flags``, the ``input_flags`` and ``needs_review``. The report has one line a
row: the report of ``bilingual clean`` for that row's text (offsets index the
field's text), whose ``source`` is ``FILE:LINE``.

The file is read line by line (memory bounded by the longest row, not the file)
in partitions of at most :data:`PART_ROWS` rows or :data:`PART_BYTES` bytes;
:func:`clean_lines` cleans one partition into strings, here or in a worker
process (``--jobs``) or on a Dask worker (``cluster.py``), and the partitions are
written in order to temporary files renamed into place at the end: the same
bytes whoever cleaned them, and no output file after an error.

A row that is not a JSON object, not UTF-8, lacks the field or holds no string
there is a row error, reported as ``FILE:LINE: problem``, counted, and written
to the report; with ``on_error="skip"`` (default) it is left out of the clean
outputs, with ``"keep"`` its line is copied through unchanged into both. Blank
lines are not rows: they are passed over.

A shard ``(k, n)`` is the rows whose line starts in the ``k``-th of ``n`` equal
byte ranges of the file: each shard reads only its range (and counts the line
breaks before it, for line numbers), and the shards' outputs concatenated in
order are the unsharded outputs, byte for byte.
"""
from __future__ import annotations

import contextlib
import json
import os
from collections import deque
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Generator, Iterable, Iterator, Mapping, NamedTuple, Optional, Sequence

from .config import Config
from .errors import EngineUnavailable, GlossaryError, InputError, OutputError
from .files import _same_file_key, interrupts_deferred, open_input, shown_name, temp_file

ON_ERROR = ("skip", "keep")
PART_ROWS = 200  # rows a partition at most
PART_BYTES = 1 << 18  # and about this many bytes (about 40,000 words: a task of a second or less)
_BLOCK = 1 << 20


class RowResult(NamedTuple):
    """One row, cleaned: the English and French rows (None when not asked for, or on
    error), the row's report (a dict), and the error (one line) if the row could not be cleaned."""

    en: Optional[dict]
    fr: Optional[dict]
    report: dict
    error: Optional[str] = None


def field_path(text_field: str) -> tuple[str, ...]:
    """``"meta.body"`` -> ``("meta", "body")``: a nested field, one key a level."""
    parts = tuple(text_field.split("."))
    if not all(parts):
        raise InputError(f"--text-field {text_field!r}: empty key in the field path")
    return parts


_ENGINES: dict = {}


def engine_for(config: Config):
    """The engine ``config`` asks for, built once a process (a worker process, a Dask
    worker, a Spark executor) and kept for every later partition with the same config."""
    engine = _ENGINES.get(config)
    if engine is None:
        from .pipeline import make_engine

        engine = _ENGINES[config] = make_engine(config)
    return engine


def process_rows(rows: Iterable[Mapping], config: Config = Config(), text_field: str = "text",
                 engine=None, source: str = "row") -> Iterator[RowResult]:
    """Clean the ``text_field`` (``"meta.body"`` for a nested one) of each row; yield a
    :class:`RowResult` a row, in order. One engine serves every row (``engine``, else
    the one :func:`engine_for` keeps for ``config``): call it once per partition.

    A row without the field, or whose field is not a string or not valid Unicode, gives
    a result with ``error`` set and no clean rows. An unavailable engine or a bad
    glossary raises (:class:`EngineUnavailable`, :class:`GlossaryError`): the run's problem.

    >>> r = next(process_rows([{"id": 7, "text": "The liver can regenerate, notamment après une lésion."}]))
    >>> r.en["id"], r.en["text"], r.report["source"]
    (7, 'The liver can regenerate, notably after a lesion.', 'row:1')
    """
    path = field_path(text_field)
    engine = engine if engine is not None else engine_for(config)
    for i, row in enumerate(rows, 1):
        yield _clean_row(row, path, config, engine, f"{source}:{i}")


def _clean_row(row: Any, path: tuple[str, ...], config: Config, engine, source: str) -> RowResult:
    from .model import Lang
    from .pipeline import process
    from .report import build_report

    def failed(problem: str) -> RowResult:
        return RowResult(None, None, {"schema_version": 1, "source": source, "error": problem}, f"{source}: {problem}")

    if not isinstance(row, Mapping):
        return failed(f"not a JSON object ({type(row).__name__})")
    text: Any = row
    for i, key in enumerate(path):
        if not isinstance(text, Mapping) or key not in text:
            return failed(f"no field {'.'.join(path[:i + 1])!r}")
        text = text[key]
    if not isinstance(text, str):
        return failed(f"field {'.'.join(path)!r} is not a string ({type(text).__name__})")
    protected: Sequence = ()
    if config.markdown:
        from .markdown import protected_spans

        protected = protected_spans(text)
    try:
        result = process(text, config, engine, protected=protected)
    except (EngineUnavailable, GlossaryError):
        raise
    except InputError as err:  # an unpaired surrogate (a JSON "\ud800" escape)
        return failed(f"field {'.'.join(path)!r}: {str(err).removeprefix('input text: ')}")
    report = build_report(result, source)
    counts = report["summary"]
    outs = {}
    for lang in (Lang.EN, Lang.FR):
        if lang in result.outputs:
            c = counts[lang.value]
            info = {"base_lang": result.base_lang.value, "changes": c["changes"], "flags": c["flags"],
                    "input_flags": counts["input_flags"],
                    "needs_review": bool(c["flags"] or counts["input_flags"])}
            outs[lang] = _with_field(row, path, result.output(lang), info)
    return RowResult(outs.get(Lang.EN), outs.get(Lang.FR), report)


def _with_field(row: Mapping, path: tuple[str, ...], value: str, info: dict) -> dict:
    """A copy of ``row`` (the mappings along ``path`` copied, nothing else) with ``value``
    at ``path`` and ``info`` as its ``bilingual`` field."""
    out = dict(row)
    node = out
    for key in path[:-1]:
        node[key] = dict(node[key])
        node = node[key]
    node[path[-1]] = value
    out["bilingual"] = info
    return out


# --- files -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Part:
    """One partition cleaned, serialized: what is appended to each output (UTF-8 bytes)."""

    outputs: dict  # "en" / "fr" -> bytes
    report: bytes
    rows: int  # rows cleaned
    flagged: int  # of which need review
    errors: tuple[str, ...]  # "FILE:LINE: problem", one a bad row


@dataclass(frozen=True)
class DatasetOutcome:
    path: str
    written: tuple[str, ...] = ()
    rows: int = 0
    flagged: int = 0
    errors: int = 0
    error: Optional[str] = None
    exit_code: int = 0


def clean_lines(lines: Sequence[tuple[int, bytes]], name: str, config: Config, text_field: str,
                langs: tuple[str, ...], on_error: str = "skip") -> Part:
    """Clean one partition: ``(line number, raw line)`` pairs of the file ``name``."""

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
            res = RowResult(None, None, {}, f"{source}: not valid UTF-8 (byte 0x{body[err.start]:02x} "
                                            f"at column {err.start + 1})")
        else:
            if not text.strip():
                continue  # a blank line is not a row
            try:
                row = json.loads(text)
            except json.JSONDecodeError as err:
                res = RowResult(None, None, {}, f"{source}: not valid JSON ({err.msg} at column {err.colno})")
            else:
                res = _clean_row(row, path, config, engine, source)
        if res.error is None:
            rows += 1
            flagged += any(getattr(res, l)["bilingual"]["needs_review"] for l in langs)
            for l in langs:
                outs[l].append(_dumps(getattr(res, l)))
            report.append(_dumps(res.report))
            continue
        action = "kept" if on_error == "keep" else "skipped"
        errors.append(f"{res.error} (row {action})")
        report.append(_dumps({"schema_version": 1, "source": source,
                              "error": res.error[len(source) + 2:], "action": action}))
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


def output_names(path: str, langs: Sequence[str], shard: tuple[int, int] = (1, 1)) -> list[str]:
    """``data.jsonl`` -> ``data.en.jsonl``, ``data.fr.jsonl``, ``data.report.jsonl``; a shard
    ``(k, n)`` with n > 1 adds ``.shard-k-of-n`` after the stem."""
    p = Path(path)
    stem = p.stem + (f".shard-{shard[0]}-of-{shard[1]}" if shard[1] > 1 else "")
    suffix = p.suffix or ".jsonl"
    return [f"{stem}.{l}{suffix}" for l in langs] + [f"{stem}.report{suffix}"]


def read_lines(path: str | os.PathLike, name: Optional[str] = None,
               shard: tuple[int, int] = (1, 1)) -> Iterator[tuple[int, bytes]]:
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


def partitions(lines: Iterable[tuple[int, bytes]], rows: int = PART_ROWS,
               size: int = PART_BYTES) -> Iterator[list[tuple[int, bytes]]]:
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


def ordered(submit: Optional[Callable], fn: Any, items: Iterable, *args, ahead: int = 4) -> Generator:
    """``fn(item, *args)`` for each item, in order; with ``submit`` (an executor's or a Dask
    client's), up to ``ahead`` of them run at once. Pending ones are cancelled on an error."""
    if submit is None:
        for item in items:
            yield fn(item, *args)
        return
    waiting: deque = deque()
    try:
        for item in items:
            waiting.append(submit(fn, item, *args))
            if len(waiting) >= ahead:
                yield waiting.popleft().result()
        while waiting:
            yield waiting.popleft().result()
    finally:
        for fut in waiting:
            fut.cancel()


def clean_dataset(path: str, out_dir: str | os.PathLike, config: Config = Config(), text_field: str = "text",
                  langs: Sequence[str] = ("en", "fr"), on_error: str = "skip", shard: tuple[int, int] = (1, 1),
                  submit: Optional[Callable] = None, ahead: int = 4,
                  on_part: Optional[Callable[[Part], None]] = None, part_rows: int = PART_ROWS) -> DatasetOutcome:
    """Clean the JSON Lines file ``path`` (or its ``shard``) into ``out_dir``; see the module doc.

    ``submit(fn, *args) -> future`` runs partitions elsewhere (a process pool, a Dask
    client), ``ahead`` at a time; a partition holds at most ``part_rows`` rows.
    ``on_part`` sees each partition as it is written (its ``errors`` are the bad rows).
    Errors of the file itself (missing, unreadable, output not writable) become the
    outcome; an unusable engine or glossary raises.
    """
    if on_error not in ON_ERROR:
        raise ValueError(f"on_error must be one of {ON_ERROR}")
    langs = tuple(langs)
    field_path(text_field)
    folder = Path(out_dir)
    dests = [folder / n for n in output_names(path, langs, shard)]
    total: dict[str, Any] = {"rows": 0, "flagged": 0, "errors": 0}
    files: list = []
    try:
        if any(_same_file_key(d) == _same_file_key(path) for d in dests):
            raise OutputError(f"{path}: output path is the input file; choose another --out-dir")
        with open_input(path):  # fails now, as one line, if missing or unreadable
            pass
        with interrupts_deferred():
            for dest in dests:
                fd, tmp = temp_file(folder, dest.name)
                files.append((tmp, dest, os.fdopen(fd, "wb")))
        outs = dict(zip(langs, (fh for _, _, fh in files)))
        report = files[-1][2]
        parts = partitions(read_lines(path, path, shard), part_rows)
        done = ordered(submit, clean_lines, parts, shown_name(path), config, text_field, langs, on_error,
                       ahead=ahead)
        with contextlib.closing(done):  # on any error the partitions still pending are cancelled
            for part in done:
                for lang in langs:
                    outs[lang].write(part.outputs[lang])
                report.write(part.report)
                total["rows"] += part.rows
                total["flagged"] += part.flagged
                total["errors"] += len(part.errors)
                if on_part:
                    on_part(part)
        with interrupts_deferred():
            for _, _, fh in files:
                fh.close()
            for tmp, dest, _ in files:
                try:
                    os.replace(tmp, dest)
                except OSError as err:
                    raise OutputError(f"{dest}: cannot write ({err.strerror or err})") from None
    except (InputError, OutputError) as err:
        return DatasetOutcome(path, error=str(err), exit_code=int(err.exit_code), **total)
    except OSError as err:  # writing the temporary files: a full disk, say
        return DatasetOutcome(path, error=f"{folder}: cannot write ({err.strerror or err}); nothing written",
                              exit_code=int(OutputError.exit_code), **total)
    except BrokenProcessPool:  # a --jobs worker killed from outside (out of memory, a signal)
        return DatasetOutcome(path, error=f"{path}: a worker process stopped before its rows were cleaned "
                                          "(out of memory?); nothing written; try again with --jobs 1",
                              exit_code=int(OutputError.exit_code), **total)
    finally:
        with interrupts_deferred():
            for tmp, _, fh in files:
                fh.close()
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
    return DatasetOutcome(path, tuple(str(d) for d in dests), **total)
