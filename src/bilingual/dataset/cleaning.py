"""A JSON Lines file (or one shard of it) cleaned into its three outputs, partition by partition."""

from __future__ import annotations

import contextlib
import os
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

from ..config import Config
from ..errors import InputError, OutputError
from ..files import AtomicFiles, open_input, same_file_key, shown_name
from ..workers import ordered
from .lines import PART_ROWS, Part, clean_lines, partitions, read_lines
from .rows import field_path

ON_ERROR = ("skip", "keep")


@dataclass(frozen=True)
class DatasetOutcome:
    path: str
    written: tuple[str, ...] = ()
    rows: int = 0
    flagged: int = 0
    errors: int = 0
    error: Optional[str] = None
    exit_code: int = 0


def output_names(path: str, langs: Sequence[str], shard: tuple[int, int] = (1, 1)) -> list[str]:
    """``data.jsonl`` -> ``data.en.jsonl``, ``data.fr.jsonl``, ``data.report.jsonl``; a shard
    ``(k, n)`` with n > 1 adds ``.shard-k-of-n`` after the stem."""
    p = Path(path)
    stem = p.stem + (f".shard-{shard[0]}-of-{shard[1]}" if shard[1] > 1 else "")
    suffix = p.suffix or ".jsonl"
    return [f"{stem}.{l}{suffix}" for l in langs] + [f"{stem}.report{suffix}"]


def clean_dataset(
    path: str,
    out_dir: str | os.PathLike,
    config: Config = Config(),
    text_field: str = "text",
    langs: Sequence[str] = ("en", "fr"),
    on_error: str = "skip",
    shard: tuple[int, int] = (1, 1),
    submit: Optional[Callable] = None,
    ahead: int = 4,
    on_part: Optional[Callable[[Part], None]] = None,
    part_rows: int = PART_ROWS,
) -> DatasetOutcome:
    """Clean the JSON Lines file ``path`` (or its ``shard``) into ``out_dir``; see :mod:`bilingual.dataset`.

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
    try:
        if any(same_file_key(d) == same_file_key(path) for d in dests):
            raise OutputError(f"{path}: output path is the input file; choose another --out-dir")
        with open_input(path):  # fails now, as one line, if missing or unreadable
            pass
        with AtomicFiles() as out:
            files = [out.open(dest, folder, binary=True) for dest in dests]
            outs = dict(zip(langs, files))
            report = files[-1]
            parts = partitions(read_lines(path, path, shard), part_rows)
            done = ordered(
                submit, clean_lines, parts, shown_name(path), config, text_field, langs, on_error, ahead=ahead
            )
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
            for fh in files:
                fh.flush()  # a full disk shows here, as a failure to write
            out.commit()
    except (InputError, OutputError) as err:
        return DatasetOutcome(path, error=str(err), exit_code=int(err.exit_code), **total)
    except OSError as err:  # writing the temporary files: a full disk, say
        return DatasetOutcome(
            path,
            error=f"{folder}: cannot write ({err.strerror or err}); nothing written",
            exit_code=int(OutputError.exit_code),
            **total,
        )
    except BrokenProcessPool:  # a --jobs worker killed from outside (out of memory, a signal)
        return DatasetOutcome(
            path,
            error=f"{path}: a worker process stopped before its rows were cleaned "
            "(out of memory?); nothing written; try again with --jobs 1",
            exit_code=int(OutputError.exit_code),
            **total,
        )
    return DatasetOutcome(path, tuple(str(d) for d in dests), **total)
