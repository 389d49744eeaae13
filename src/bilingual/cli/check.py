"""The ``bilingual check`` command: report mixed-language spans, write nothing (see ``check.py``)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import CONTEXT, fail, with_settings
from .select import selection_from, selection_options
from ..errors import BilingualError, ExitCode


@click.command(context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "-l",
    "--lang",
    type=click.Choice(["en", "fr"]),
    help="The language every file must be in (default: each file's base language).",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github", "sarif"]),
    default="text",
    show_default=True,
    help="text: file:line:col: message; json; github: Actions annotations; sarif: SARIF 2.1.0.",
)
@click.option(
    "--severity",
    type=click.Choice(["warning", "error"]),
    default="warning",
    show_default=True,
    help="Level of each finding with --format github or sarif.",
)
@click.option("--markdown", is_flag=True, help="Treat every input as Markdown (automatic for .md files).")
@click.option(
    "--allow",
    "allow",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Accept the words and phrases of FILE (one a line; case ignored, accents not); repeatable.",
)
@click.option(
    "-g",
    "--glossary",
    type=click.Path(path_type=Path),
    help="Your glossary (TSV, CSV or TBX): its terms, like the shipped termbase's, are accepted.",
)
@click.option(
    "--min-confidence",
    "min_confidence",
    type=click.FloatRange(0, 1),
    default=0.6,
    show_default=True,
    help="Report only spans detected with at least this confidence (0 to 1).",
)
@selection_options
@click.option(
    "-c",
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Settings file (default: bilingual.toml or [tool.bilingual] in pyproject.toml).",
)
@click.option("-q", "--quiet", is_flag=True, help="No summary line.")
def check(
    inputs, lang, fmt, severity, markdown, allow, glossary, min_confidence, exclude, extend_exclude, config_file, quiet
):
    """Report text of INPUTS (files, folders, globs; '-' for stdin) that is not in the expected language.

    Writes nothing. Folders and globs skip git-ignored and excluded files; files
    named here are always checked. Empty files are clean. Exit 0: every file is in
    one language; 1: mixed text found; 3: a file could not be read; 4: a bad
    allowlist, glossary or settings file.
    """
    from ..check import allow as allowing
    from .. import batch
    from .. import check as checker
    from ..chunked import check_input

    try:
        opts = with_settings(click.get_current_context(), config_file)
        accepted = allowing.build(opts["allow"], opts["glossary"])
    except BilingualError as err:
        fail(err)
    lang, fmt = opts["lang"], opts["fmt"]
    out = _Printer(fmt, severity)
    n_files = failed = found = mixed = 0
    for job in batch.expand(inputs, writes=False, selection=selection_from(opts)):
        if job.error:
            pieces = iter([checker.FileReport(job.path, lang or "", error=job.error)])
        else:  # large inputs a chunk at a time
            pieces = check_input(
                job.path, lang, markdown or None, min_confidence=opts["min_confidence"], allow=accepted
            )
        n_files += 1
        error = has_findings = False
        for piece in out.file(pieces):
            found += len(piece.findings)
            has_findings = has_findings or bool(piece.findings)
            if piece.error:
                error = True
                click.echo(f"Error: {piece.error}", err=True)
        failed += error
        mixed += has_findings
    out.close()
    if not quiet and fmt not in ("json", "sarif"):
        parts = [f"{found} spans in the wrong language in {mixed} of {n_files} files"]
        if failed:
            parts.append(f"{failed} of {n_files} files failed")
        click.echo("; ".join(parts), err=True)
    if failed:
        sys.exit(int(ExitCode.INPUT_ERROR))
    sys.exit(int(ExitCode.FLAGGED) if found else int(ExitCode.OK))


class _Printer:
    """Writes each file's report as its pieces come (a large input's findings chunk by chunk),
    so memory does not grow with the input. A file in one piece is printed exactly as
    ``check.format_text`` / ``format_github`` / ``format_json`` print it; in JSON, a file in
    several pieces has its ``error`` (if it became unreadable midway) after its findings."""

    def __init__(self, fmt: str, severity: str):
        self.fmt, self.severity, self.files = fmt, severity, 0
        self.reports: list = []  # SARIF is one document: the reports are kept and written at the end
        if fmt == "json":
            sys.stdout.write('{\n "files": [')

    def file(self, pieces):
        from .. import check as checker

        if self.fmt == "sarif":
            for piece in pieces:
                self.reports.append(piece)
                yield piece
            return
        if self.fmt != "json":
            for piece in pieces:
                text = (
                    checker.format_github([piece], self.severity)
                    if self.fmt == "github"
                    else checker.format_text([piece])
                )
                sys.stdout.write(text)
                yield piece
            return
        first = next(pieces)
        yield first
        second = next(pieces, None)
        self._emit("," if self.files else "")
        self.files += 1
        if second is None:  # the whole file at once: format_json's own layout
            self._emit("\n" + _dumps(_file_dict(first)))
            return
        head = _dumps({"file": first.file, "expected": first.expected or None})[:-2]
        self._emit("\n" + head + ',\n "findings": [')
        n, error = 0, None
        for piece in (first, second):
            n = self._findings(piece, n)
        for piece in pieces:
            yield piece
            n = self._findings(piece, n)
            error = piece.error or error
        self._emit(("\n ]" if n else "]") + ',\n "error": ' + _dumps(error) + "\n}")

    def _findings(self, piece, n: int) -> int:
        for f in piece.findings:
            self._emit(("," if n else "") + "\n  " + _dumps(_finding_dict(f)).replace("\n", "\n  "))
            n += 1
        return n

    def _emit(self, text: str) -> None:
        sys.stdout.write(text.replace("\n", "\n  "))  # a file's object sits at depth 2

    def close(self) -> None:
        if self.fmt == "sarif":
            from ..check.sarif import format_sarif

            sys.stdout.write(format_sarif(self.reports, self.severity))
        if self.fmt == "json":
            sys.stdout.write(("\n ]" if self.files else "]") + "\n}\n")


def _dumps(obj) -> str:
    import json

    return json.dumps(obj, ensure_ascii=False, indent=1)


def _finding_dict(f) -> dict:
    from dataclasses import asdict

    return dict(asdict(f), message=f.message)


def _file_dict(r) -> dict:
    """One file of ``check.format_json``'s list."""
    return {
        "file": r.file,
        "expected": r.expected or None,
        "error": r.error,
        "findings": [_finding_dict(f) for f in r.findings],
    }
