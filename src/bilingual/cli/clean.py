"""``bilingual clean``: detect, translate and write each input's monolingual outputs.

A thin Click layer over :mod:`bilingual.batch` (files), :mod:`bilingual.chunked` (large files)
and :func:`bilingual.process` (standard input); :func:`.common.fail` turns a
:class:`BilingualError` into one ``Error: ...`` line and its exit code.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..engines import ENGINES  # names only: the engines themselves are imported when chosen
from ..errors import BilingualError, ExitCode, InputError
from ..settings import MAX_JOBS
from .common import CONTEXT, fail, with_settings
from .models import echo_fallback_note
from .scale import check_usage, clean_datasets, run_files, scale_options, shard_jobs  # light: click only
from .select import selection_from, selection_options
from .stdin import clean_stdin, summary


def _engine_name(ctx, param, value):
    """``--engine``: ``auto`` or a registered engine (``bilingual.engines.registry``), checked when used."""
    if value is None:
        return value
    from ..engines import engine_names, is_engine_name

    if not is_engine_name(value):
        raise click.BadParameter(f"{value!r} is not one of {', '.join(map(repr, engine_names()))}.")
    return value


@click.command(context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "-o",
    "--out-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder for the outputs.",
)
@click.option(
    "--to",
    "to_lang",
    type=click.Choice(["en", "fr"]),
    help="With '-' (stdin): the language written to stdout. With files: write only this language.",
)
@click.option(
    "-g",
    "--glossary",
    type=click.Path(path_type=Path),
    help="Your glossary (TSV, CSV or TBX), merged over the shipped termbase.",
)
@click.option(
    "-e",
    "--engine",
    callback=_engine_name,
    default="auto",
    show_default=True,
    metavar="|".join(["auto", *ENGINES, "..."]),
    help="Translation engine: auto uses nmt when a model is installed, else builtin.",
)
@click.option("--base-lang", type=click.Choice(["en", "fr"]), help="Force the document's base language.")
@click.option("--keep-chatter", is_flag=True, help="Keep lines written by the generating machine.")
@click.option("--strict/--no-strict", default=False, help="Exit 1 when anything is flagged for review.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1, max=MAX_JOBS),
    default=None,
    show_default="auto",
    help="Clean this many files at a time, in parallel processes (auto: one file at a time, "
    "and a large file's chunks on every CPU; at most 4 a CPU and 64 are used).",
)
@click.option("--html/--no-html", default=True, show_default=True, help="Also write the HTML review page.")
@click.option(
    "--diff",
    is_flag=True,
    expose_value=False,  # read from ctx.meta (the signature stays as it is)
    callback=lambda ctx, _param, value: ctx.meta.update(diff=value),
    help="Print each output as a word-level diff of the input (coloured on a terminal); write no file.",
)
@click.option("--markdown", is_flag=True, help="Treat the input as Markdown (automatic for .md files).")
@click.option(
    "--typography",
    type=click.Choice(["fr", "ca", "off"]),
    default="fr",
    show_default=True,
    help="French spacing: fr (France: no-break space before ; : ! ?), ca (Canada: before : only), "
    "or off (keep the author's typography).",
)
@click.option(
    "-c",
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Settings file (default: bilingual.toml or [tool.bilingual] in pyproject.toml, searched upwards).",
)
@click.option("-q", "--quiet", is_flag=True, help="No summary line.")
@click.option(
    "--memory",
    "memory",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Translation memory (TMX, XLIFF or TSV en<TAB>fr) asked before the engine; repeatable.",
)
@click.option("--xliff", is_flag=True, help="Also write NAME.<lang>.xlf: the spans left untranslated, for translators.")
@selection_options
@scale_options  # --text-field, --on-error, --shard, --scheduler: cli/scale.py, docs/scaling.md
def clean(
    inputs,
    out_dir,
    to_lang,
    glossary,
    engine,
    base_lang,
    keep_chatter,
    strict,
    jobs,
    html,
    markdown,
    typography,
    config_file,
    quiet,
    memory,
    xliff,
    exclude,
    extend_exclude,
    text_field,
    on_error,
    shard,
    scheduler,
):
    """Clean INPUTS (files, folders, globs) into an English and a French version plus reports.

    Folders are searched recursively for .txt and .md files. Use '-' to read
    stdin and write one language (--to) to stdout.
    """
    from ..config import Config
    from ..model import Lang

    try:
        opts = with_settings(click.get_current_context(), config_file)
        out_dir, to_lang, glossary, engine, base_lang, keep_chatter, strict, jobs, html, quiet, memory = (
            opts[k]
            for k in (
                "out_dir",
                "to_lang",
                "glossary",
                "engine",
                "base_lang",
                "keep_chatter",
                "strict",
                "jobs",
                "html",
                "quiet",
                "memory",
            )
        )
        config = Config(
            engine=engine,
            glossary=glossary,
            base_lang=base_lang,
            drop_chatter=not keep_chatter,
            markdown=markdown,
            outputs=(to_lang,) if to_lang else ("en", "fr"),
            typography=opts["typography"],
            memory=tuple(opts["memory"] or ()),
        )
        check_usage(inputs, text_field, on_error, shard, scheduler)
        if text_field is not None:  # JSON Lines data sets: the whole run is there (it exits)
            clean_datasets(
                inputs, out_dir, config, config.outputs, strict, jobs, quiet, text_field, on_error, shard, scheduler
            )
        if xliff and "-" in inputs:
            raise click.UsageError("--xliff writes files next to the outputs: it needs input files, not '-'")
        if click.get_current_context().meta.get("diff") and (inputs == ("-",) or "-" not in inputs):  # cli/diff.py
            from .diff import run_diff

            run_diff(
                inputs, config, (to_lang,) if to_lang else ("en", "fr"), out_dir, strict, quiet, selection_from(opts)
            )
        if inputs == ("-",):
            clean_stdin(config, to_lang, strict, quiet, jobs)
        if "-" in inputs:
            raise InputError("-: stdin cannot be combined with other inputs")
    except BilingualError as err:
        fail(err)

    from .. import batch, workers
    from ..files import same_file_key

    workers.tune_gc()
    langs = (to_lang,) if to_lang else ("en", "fr")
    todo = batch.expand(inputs, out_dir, selection=selection_from(opts))
    every_input = frozenset(same_file_key(j.path) for j in todo if not j.error)
    todo = shard_jobs(todo, shard)
    bar = None
    if batch.wants_progress(len(todo), quiet, sys.stderr, os.environ):
        bar = click.progressbar(length=len(todo), label="cleaning", file=sys.stderr)
        bar.__enter__()

    def done(outcome):
        if outcome.error:
            click.echo(f"Error: {outcome.error}", err=True)
        elif not quiet and bar is None:
            click.echo(summary(list(outcome.written), outcome.counts, [Lang(x) for x in langs]))
        if bar is not None:
            bar.update(1)

    try:
        options = batch.Options(config, langs, html, inputs=every_input, xliff=xliff)
        outcomes = run_files(scheduler, todo, options, done) if scheduler else batch.run(todo, options, jobs, done)
    except BilingualError as err:
        fail(err)
    except KeyboardInterrupt:
        click.echo("Interrupted", err=True)
        sys.exit(int(ExitCode.INTERRUPTED))
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    echo_fallback_note(engine, [o.counts for o in outcomes if not o.error], quiet)
    failed = [o for o in outcomes if o.error]
    flagged = sum(o.flagged for o in outcomes)
    if len(outcomes) == 1 and failed:
        sys.exit(failed[0].exit_code)
    if failed:
        click.echo(f"{len(failed)} of {len(outcomes)} files failed", err=True)
        sys.exit(int(ExitCode.INPUT_ERROR))
    if len(outcomes) > 1 and not quiet:
        click.echo(f"cleaned {len(outcomes)} files, {flagged} with flags")
    if strict and flagged:
        sys.exit(int(ExitCode.FLAGGED))
