"""``bilingual clean`` beyond one machine's files: JSON Lines data sets, shards, Dask clusters.

The options (:func:`scale_options`) and the command's two branches that use them;
the work is done by ``dataset``, ``batch`` and ``cluster.py`` (docs/scaling.md).
Light at import: click only.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Optional

import click

from ..errors import BilingualError, ExitCode, InputError


class ShardType(click.ParamType):
    """``K/N`` (1-based) -> ``(K, N)``."""

    name = "K/N"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", str(value))
        if not m:
            self.fail(f"{value!r}: expected K/N, such as 1/4", param, ctx)
        k, n = int(m.group(1)), int(m.group(2))
        if not 1 <= k <= n:
            self.fail(f"{value!r}: K must be between 1 and N", param, ctx)
        return k, n


_OPTIONS = [
    click.option(
        "--text-field",
        metavar="FIELD",
        help="The inputs are JSON Lines data sets; clean this field of each row (a.b: a nested field).",
    ),
    click.option(
        "--on-error",
        type=click.Choice(["skip", "keep"]),
        default="skip",
        show_default=True,
        help="With --text-field: leave a bad row out of the clean outputs (skip), or copy it through "
        "unchanged (keep); either way it is reported as FILE:LINE and counted.",
    ),
    click.option(
        "--shard",
        type=ShardType(),
        metavar="K/N",
        help="Clean only the K-th of N shares of the files (of each data set's rows with --text-field).",
    ),
    click.option(
        "--scheduler",
        metavar="ADDRESS",
        help="Clean on a Dask cluster: tcp://HOST:PORT, or local:N for N local worker processes "
        "(needs: pip install 'dask[distributed]').",
    ),
]


def scale_options(f):
    for option in reversed(_OPTIONS):
        f = option(f)
    return f


def check_usage(inputs, text_field, on_error, shard, scheduler) -> None:
    """Combinations the options do not allow: a usage error (exit 2)."""
    ctx = click.get_current_context()
    from click.core import ParameterSource

    if text_field is None and ctx.get_parameter_source("on_error") is not ParameterSource.DEFAULT:
        raise click.UsageError("--on-error applies to data sets: give --text-field too")
    if "-" in inputs and (text_field is not None or shard or scheduler):
        raise click.UsageError("'-' (stdin) cannot be used with --text-field, --shard or --scheduler")
    if scheduler:
        from ..cluster import SchedulerError, check_spec

        try:
            check_spec(scheduler)
        except SchedulerError as err:
            raise click.UsageError(str(err)) from None


def shard_jobs(jobs: list, shard: Optional[tuple[int, int]]) -> list:
    """The K-th of N shares of the expanded inputs: every N-th, from the K-th (inputs are sorted)."""
    if not shard:
        return jobs
    k, n = shard
    return [j for i, j in enumerate(jobs) if i % n == k - 1]


def run_files(scheduler: str, todo, options, done):
    """``batch.run`` on a Dask cluster."""
    from .. import cluster

    with cluster.connect(scheduler) as client:
        return cluster.run_files(todo, options, client, done)


def _datasets(inputs) -> list[tuple[str, Optional[str]]]:
    """Files as given, globs sorted; a folder is an error. ``(path, error)``, each file once."""
    import glob

    out: list[tuple[str, Optional[str]]]
    seen: set[str]
    out, seen = [], set()
    for arg in inputs:
        if Path(arg).is_dir():
            out.append((arg, f"{arg}: is a folder; give the .jsonl files, or a glob such as '{arg}/*.jsonl'"))
            continue
        if not Path(arg).exists() and any(c in arg for c in "*?["):
            found = sorted(m for m in glob.glob(arg, recursive=True) if Path(m).is_file())
            if not found:
                out.append((arg, f"{arg}: no file matches this pattern"))
        else:
            found = [arg]
        for f in found:
            key = os.path.realpath(f)
            if key not in seen:
                seen.add(key)
                out.append((f, None))
    return out


def clean_datasets(inputs, out_dir, config, langs, strict, jobs, quiet, text_field, on_error, shard, scheduler) -> None:
    """The whole ``clean --text-field`` run: prints, then exits with its code."""
    from ..dataset import field_path, output_names

    try:
        field_path(text_field)
    except InputError as err:
        raise click.UsageError(str(err)) from None
    shard = shard or (1, 1)
    todo = _datasets(inputs)
    inputs_keys = {os.path.realpath(p) for p, e in todo if not e}
    owners: dict = {}
    checked = []
    for path, error in todo:  # two data sets writing the same names, or over another input
        if not error:
            for name in output_names(path, langs, shard):
                key = os.path.realpath(Path(out_dir) / name)
                if key in owners:
                    error = f"{path}: its outputs would overwrite those of {owners[key]}; clean it separately"
                elif key in inputs_keys:
                    error = (
                        f"{Path(out_dir) / name}: output path is another input of this run; choose another --out-dir"
                    )
                if error:
                    break
            if not error:
                owners.update({os.path.realpath(Path(out_dir) / n): path for n in output_names(path, langs, shard)})
        checked.append((path, error))

    def report_rows(part):
        for problem in part.errors:
            click.echo(f"Error: {problem}", err=True)

    outcomes: list[tuple[int, int, int]] = []
    try:
        _run_datasets(
            checked, outcomes, out_dir, config, langs, quiet, text_field, on_error, shard, scheduler, jobs, report_rows
        )
    except KeyboardInterrupt:
        click.echo("Interrupted", err=True)
        sys.exit(int(ExitCode.INTERRUPTED))
    failed = [code for code, _, _ in outcomes if code]
    if failed:
        if len(outcomes) > 1:
            click.echo(f"{len(failed)} of {len(outcomes)} data sets failed", err=True)
        sys.exit(failed[0] if len(outcomes) == 1 else int(ExitCode.INPUT_ERROR))
    if on_error == "skip" and any(bad for _, bad, _ in outcomes):
        sys.exit(int(ExitCode.INPUT_ERROR))
    if strict and any(flagged for _, _, flagged in outcomes):
        sys.exit(int(ExitCode.FLAGGED))
    sys.exit(0)


def _run_datasets(
    checked, outcomes, out_dir, config, langs, quiet, text_field, on_error, shard, scheduler, jobs, report_rows
) -> None:
    from ..dataset import clean_dataset

    with _executor(scheduler, jobs, config) as (submit, ahead):
        for path, error in checked:
            if error:
                click.echo(f"Error: {error}", err=True)
                outcomes.append((int(ExitCode.INPUT_ERROR), 0, 0))
                continue
            o = clean_dataset(
                path, out_dir, config, text_field, langs, on_error, shard, submit, ahead, on_part=report_rows
            )
            if o.error:
                click.echo(f"Error: {o.error}", err=True)
            elif not quiet:
                bad = f", {o.errors} bad rows {'copied unchanged' if on_error == 'keep' else 'skipped'}"
                click.echo(
                    f"wrote {', '.join(o.written)}; {o.rows} rows cleaned, {o.flagged} need review"
                    + (bad if o.errors else "")
                )
            outcomes.append((o.exit_code, o.errors, o.flagged))


class _executor:
    """``(submit, ahead)``: a Dask client's, a local process pool's (``--jobs`` > 1), or none."""

    def __init__(self, scheduler, jobs, config):
        self.scheduler, self.jobs, self.config = scheduler, jobs, config
        self.closers = []
        self.pool = None

    def __enter__(self):
        if self.scheduler:
            from .. import cluster

            cm = cluster.connect(self.scheduler)
            client = cm.__enter__()
            self.closers.append(cm)
            return cluster.dataset_submit(client)
        if self.jobs and self.jobs > 1:
            from .. import workers
            from ..batch import make_engine

            make_engine(self.config)  # an unusable engine or glossary: one error, before any worker starts
            n = min(self.jobs, workers.jobs_cap())
            self.pool = workers.Pool(n, self.config)
            return self.pool.submit, 2 * n
        return None, 1

    def __exit__(self, *exc):
        if self.pool is not None:
            self.pool.close()
        for c in reversed(self.closers):
            c.__exit__(*exc)
        return False


def fail(err: BilingualError) -> None:
    click.echo(f"Error: {err}", err=True)
    sys.exit(int(err.exit_code))
