"""The ``bilingual check`` command: report mixed-language spans, write nothing (see ``check.py``)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import BilingualError, ExitCode

CONTEXT = {"help_option_names": ["-h", "--help"]}


@click.command(context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("-l", "--lang", type=click.Choice(["en", "fr"]),
              help="The language every file must be in (default: each file's base language).")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="text: file:line:col: message; json; github: Actions annotations.")
@click.option("--severity", type=click.Choice(["warning", "error"]), default="warning", show_default=True,
              help="Annotation level with --format github.")
@click.option("--markdown", is_flag=True, help="Treat every input as Markdown (automatic for .md files).")
@click.option("-c", "--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Settings file (default: bilingual.toml or [tool.bilingual] in pyproject.toml).")
@click.option("-q", "--quiet", is_flag=True, help="No summary line.")
def check(inputs, lang, fmt, severity, markdown, config_file, quiet):
    """Report text of INPUTS (files, folders, globs; '-' for stdin) that is not in the expected language.

    Writes nothing. Exit 0: every file is in one language; 1: mixed text found;
    3: a file could not be read.
    """
    from . import batch
    from . import check as checker
    from .stream import check_input
    from .cli import _fail, _with_settings

    try:
        opts = _with_settings(click.get_current_context(), config_file)
    except BilingualError as err:
        _fail(err)
    lang, fmt = opts["lang"], opts["fmt"]
    reports = []
    for job in batch.expand(inputs, writes=False):
        if job.error:
            reports.append(checker.FileReport(job.path, lang or "", error=job.error))
        else:
            reports.append(check_input(job.path, lang, markdown or None))  # large inputs streamed
    if fmt == "json":
        sys.stdout.write(checker.format_json(reports))
    elif fmt == "github":
        sys.stdout.write(checker.format_github(reports, severity))
    else:
        sys.stdout.write(checker.format_text(reports))
    failed = sum(bool(r.error) for r in reports)
    found = sum(len(r.findings) for r in reports)
    mixed = sum(bool(r.findings) for r in reports)
    if not quiet and fmt != "json":
        parts = [f"{found} spans in the wrong language in {mixed} of {len(reports)} files"]
        if failed:
            parts.append(f"{failed} of {len(reports)} files failed")
        click.echo("; ".join(parts), err=True)
    if failed:
        sys.exit(int(ExitCode.INPUT_ERROR))
    sys.exit(int(ExitCode.FLAGGED) if found else int(ExitCode.OK))
