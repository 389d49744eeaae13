"""``bilingual clean --diff``: print each output as a diff of its input; write no file.

Coloured on a terminal; plain when stdout is not a terminal or ``NO_COLOR`` is set
(https://no-color.org). Errors are the usual one-line ``Error:`` on stderr; a failing
file does not stop the others (exit code 3 at the end, as for a batch).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..errors import BilingualError, EngineUnavailable, ExitCode


def run_diff(inputs, config, langs: tuple[str, ...], out_dir: Path, strict: bool, quiet: bool, selection=None) -> None:
    """Clean each input in memory and print its diffs; exits with the run's exit code.
    ``selection``: what folders and globs skip (``--exclude``), as for ``clean``."""
    from .. import batch
    from ..diff import diff_lines, terminal_style
    from ..files import decode_article, output_paths, read_article
    from ..model import Lang
    from ..report import summary_counts

    color = False if os.environ.get("NO_COLOR") else None  # None: click decides (a terminal or not)
    style = terminal_style(click.style)
    try:
        engine = batch.make_engine(config)
    except BilingualError as err:
        click.echo(f"Error: {err}", err=True)
        sys.exit(int(err.exit_code))
    jobs = (
        batch.expand(inputs, out_dir, writes=False, selection=selection)
        if inputs != ("-",)
        else [batch.Job("-", out_dir)]
    )
    failed, flagged, all_counts = [], False, []
    for job in jobs:
        try:
            if job.error:
                raise _JobError(job.error)
            if job.path == "-":
                text, suffix = decode_article(sys.stdin.buffer.read(), "<stdin>"), ".md" if config.markdown else ".txt"
                names = {lang: f"<stdout: {lang} output>" for lang in langs}
                result = batch.process_input(text, "<stdin>", config, engine)
                source = "<stdin>"
            else:
                text = read_article(job.path)
                suffix = Path(job.path).suffix or ".txt"
                paths = output_paths(job.path, job.out_dir, [f".{lang}{suffix}" for lang in langs])
                names = {lang: str(paths[f".{lang}{suffix}"]) for lang in langs}
                result = batch.process_input(text, job.path, config, engine)
                source = job.path
        except EngineUnavailable as err:  # the run's engine, not this file's problem: the run stops
            click.echo(f"Error: {err}", err=True)
            sys.exit(int(err.exit_code))
        except KeyboardInterrupt:
            click.echo("Interrupted", err=True)
            sys.exit(int(ExitCode.INTERRUPTED))
        except _JobError as err:
            click.echo(f"Error: {err}", err=True)
            failed.append(int(ExitCode.INPUT_ERROR))
            continue
        except BilingualError as err:
            click.echo(f"Error: {err}", err=True)
            failed.append(int(err.exit_code))
            continue
        lines = []
        for lang in langs:
            lines += diff_lines(result, Lang(lang), source, f"{names[lang]} (not written)", style)
        click.echo("\n".join(lines), color=color)
        counts = summary_counts(result)
        all_counts.append(counts)
        flagged = flagged or bool(result.flags)
        if not quiet:
            click.echo(
                f"{source}: "
                + "; ".join(
                    f"{lang}: {counts[lang]['changes']} changes, {counts[lang]['flags']} flagged" for lang in langs
                ),
                err=True,
            )
    from .models import echo_fallback_note

    echo_fallback_note(config.engine, all_counts, quiet)
    if failed:
        if len(jobs) > 1:
            click.echo(f"{len(failed)} of {len(jobs)} files failed", err=True)
        sys.exit(failed[0] if len(jobs) == 1 else int(ExitCode.INPUT_ERROR))
    sys.exit(int(ExitCode.FLAGGED) if strict and flagged else 0)


class _JobError(Exception):
    """An input that cannot even start (a folder with no files, a pattern with no match)."""
