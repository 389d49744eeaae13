"""The ``bilingual check`` command: report mixed-language spans, write nothing (see ``check.py``)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .cli_select import selection_from, selection_options
from .errors import BilingualError, ExitCode

CONTEXT = {"help_option_names": ["-h", "--help"]}


@click.command(context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("-l", "--lang", type=click.Choice(["en", "fr"]),
              help="The language every file must be in (default: each file's base language).")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json", "github", "sarif"]), default="text",
              show_default=True,
              help="text: file:line:col: message; json; github: Actions annotations; sarif: SARIF 2.1.0.")
@click.option("--severity", type=click.Choice(["warning", "error"]), default="warning", show_default=True,
              help="Level of each finding with --format github or sarif.")
@click.option("--markdown", is_flag=True, help="Treat every input as Markdown (automatic for .md files).")
@click.option("--allow", "allow", multiple=True, type=click.Path(path_type=Path), metavar="FILE",
              help="Accept the words and phrases of FILE (one a line; case ignored, accents not); repeatable.")
@click.option("-g", "--glossary", type=click.Path(path_type=Path),
              help="Your glossary (TSV, CSV or TBX): its terms, like the shipped termbase's, are accepted.")
@click.option("--min-confidence", "min_confidence", type=click.FloatRange(0, 1), default=0.6, show_default=True,
              help="Report only spans detected with at least this confidence (0 to 1).")
@selection_options
@click.option("-c", "--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Settings file (default: bilingual.toml or [tool.bilingual] in pyproject.toml).")
@click.option("-q", "--quiet", is_flag=True, help="No summary line.")
def check(inputs, lang, fmt, severity, markdown, allow, glossary, min_confidence, exclude, extend_exclude,
          config_file, quiet):
    """Report text of INPUTS (files, folders, globs; '-' for stdin) that is not in the expected language.

    Writes nothing. Folders and globs skip git-ignored and excluded files; files
    named here are always checked. Empty files are clean. Exit 0: every file is in
    one language; 1: mixed text found; 3: a file could not be read; 4: a bad
    allowlist, glossary or settings file.
    """
    from . import allow as allowing
    from . import batch
    from . import check as checker
    from .cli import _fail, _with_settings

    try:
        opts = _with_settings(click.get_current_context(), config_file)
        accepted = allowing.build(opts["allow"], opts["glossary"])
    except BilingualError as err:
        _fail(err)
    lang, fmt = opts["lang"], opts["fmt"]
    reports = []
    for job in batch.expand(inputs, writes=False, selection=selection_from(opts)):
        if job.error:
            reports.append(checker.FileReport(job.path, lang or "", error=job.error))
        else:
            reports.append(checker.check_file(job.path, lang, markdown or None,
                                              min_confidence=opts["min_confidence"], allow=accepted))
    for r in reports:
        if r.error:
            click.echo(f"Error: {r.error}", err=True)
    if fmt == "json":
        sys.stdout.write(checker.format_json(reports))
    elif fmt == "github":
        sys.stdout.write(checker.format_github(reports, severity))
    elif fmt == "sarif":
        from .sarif import format_sarif

        sys.stdout.write(format_sarif(reports, severity))
    else:
        sys.stdout.write(checker.format_text(reports))
    failed = sum(bool(r.error) for r in reports)
    found = sum(len(r.findings) for r in reports)
    mixed = sum(bool(r.findings) for r in reports)
    if not quiet and fmt not in ("json", "sarif"):
        parts = [f"{found} spans in the wrong language in {mixed} of {len(reports)} files"]
        if failed:
            parts.append(f"{failed} of {len(reports)} files failed")
        click.echo("; ".join(parts), err=True)
    if failed:
        sys.exit(int(ExitCode.INPUT_ERROR))
    sys.exit(int(ExitCode.FLAGGED) if found else int(ExitCode.OK))
