"""The ``bilingual`` command group: its commands (``clean``, ``check``, ``models``), Ctrl-C and
closed pipes answered the same way by all of them, and :func:`main`, the console script.

Each command lives in its own module of :mod:`bilingual.cli`; one place (:func:`.common.fail`)
turns a :class:`BilingualError` into ``Error: ...`` on stderr and its exit code.
"""

from __future__ import annotations

import os
import sys

import click

from .. import __version__
from ..errors import ExitCode
from .check import check
from .clean import clean
from .common import CONTEXT
from .models import models_cli


class _Group(click.Group):
    """Every command: Ctrl-C prints ``Interrupted`` and exits 130 (Click's own answer,
    "Aborted!" and 1, would read as "mixed text found" from ``check``); a closed standard
    output (``| head``) ends the run quietly with 141."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("Interrupted", err=True)
            ctx.exit(int(ExitCode.INTERRUPTED))
        except BrokenPipeError:
            _silence_stdout()
            ctx.exit(int(ExitCode.BROKEN_PIPE))


def _silence_stdout() -> None:
    """Point standard output at the null device: the interpreter's last flush at exit
    would otherwise fail again on the closed pipe and print a warning."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (tests)
        return
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, fd)
    os.close(null)


@click.group(cls=_Group, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="bilingual")
def cli():
    """Detect French and English in mixed articles and write clean monolingual versions.

    \b
    bilingual clean input/article.txt        writes output/article.en.txt,
                                             output/article.fr.txt and
                                             output/article.report.json
    """


cli.add_command(clean)
cli.add_command(models_cli)

cli.add_command(check)


def main() -> None:
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:  # started with a closed descriptor (``>&-``): writes go nowhere
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))
        elif hasattr(stream, "reconfigure"):  # a file name that is not UTF-8 is printed as its bytes, as ls does
            stream.reconfigure(errors="surrogateescape")
    try:
        cli(prog_name="bilingual")
    except SystemExit as done:
        try:  # what is still buffered goes out now, where a closed pipe can be answered
            sys.stdout.flush()
        except BrokenPipeError:
            _silence_stdout()
            raise SystemExit(int(ExitCode.BROKEN_PIPE)) from None
        raise done


if __name__ == "__main__":
    main()
