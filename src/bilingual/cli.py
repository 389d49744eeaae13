"""The ``bilingual`` command: a thin Click layer over :func:`bilingual.process`.

One place (``_fail``) turns a :class:`BilingualError` into ``Error: ...`` on
stderr and its exit code; nothing here does the work itself.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .errors import BilingualError, ExitCode, InputError

CONTEXT = {"help_option_names": ["-h", "--help"]}
ENGINE_CHOICES = ["auto", "builtin", "nmt"]


def _fail(err: BilingualError) -> None:
    click.echo(f"Error: {err}", err=True)
    sys.exit(int(err.exit_code))


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="bilingual")
def cli():
    """Detect French and English in mixed articles and write clean monolingual versions.

    \b
    bilingual clean input/article.txt        writes output/article.en.txt,
                                             output/article.fr.txt and
                                             output/article.report.json
    """


@cli.command(context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("-o", "--out-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
              show_default=True, help="Folder for the outputs.")
@click.option("--to", "to_lang", type=click.Choice(["en", "fr"]),
              help="With '-' (stdin): the language written to stdout. With files: write only this language.")
@click.option("-g", "--glossary", type=click.Path(path_type=Path),
              help="Your glossary (TSV, CSV or TBX), merged over the shipped termbase.")
@click.option("-e", "--engine", type=click.Choice(ENGINE_CHOICES), default="auto", show_default=True,
              help="Translation engine: auto uses nmt when a model is installed, else builtin.")
@click.option("--base-lang", type=click.Choice(["en", "fr"]), help="Force the document's base language.")
@click.option("--keep-chatter", is_flag=True, help="Keep lines written by the generating machine.")
@click.option("--strict", is_flag=True, help="Exit 1 when anything is flagged for review.")
@click.option("-q", "--quiet", is_flag=True, help="No summary line.")
def clean(inputs, out_dir, to_lang, glossary, engine, base_lang, keep_chatter, strict, quiet):
    """Clean INPUTS into an English and a French version plus a report.

    Use '-' to read stdin and write one language (--to) to stdout.
    """
    from .config import Config
    from .files import decode_article, output_paths, read_article, write_files
    from .model import Lang
    from .pipeline import process
    from .report import report_json, summary_counts

    config = Config(engine=engine, glossary=glossary, base_lang=base_lang, drop_chatter=not keep_chatter)
    try:
        if inputs == ("-",):
            text = decode_article(sys.stdin.buffer.read(), "<stdin>")
            result = process(text, config)
            lang = Lang(to_lang or result.base_lang.value)
            sys.stdout.write(result.output(lang))
            if not quiet:
                click.echo(_summary(["<stdout>"], summary_counts(result), [lang]), err=True)
            echo_fallback_note(engine, [summary_counts(result)], quiet)
            sys.exit(int(ExitCode.FLAGGED) if strict and result.flags else 0)
        if "-" in inputs:
            raise InputError("-: stdin cannot be combined with other inputs")
    except BilingualError as err:
        _fail(err)

    langs = [Lang(to_lang)] if to_lang else [Lang.EN, Lang.FR]
    failed = flagged = 0
    counts = []
    for name in inputs:
        try:
            text = read_article(name)
            result = process(text, config)
            suffix = Path(name).suffix or ".txt"
            paths = output_paths(name, out_dir, [f".{l.value}{suffix}" for l in langs] + [".report.json"])
            files = {paths[f".{l.value}{suffix}"]: result.output(l) for l in langs}
            files[paths[".report.json"]] = report_json(result, name)
            write_files(files, protect=[name])
        except BilingualError as err:
            if len(inputs) == 1:
                _fail(err)
            click.echo(f"Error: {err}", err=True)
            failed += 1
            continue
        flagged += bool(result.flags)
        counts.append(summary_counts(result))
        if not quiet:
            click.echo(_summary([str(p) for p in files], summary_counts(result), langs))
    echo_fallback_note(engine, counts, quiet)
    if failed:
        click.echo(f"{failed} of {len(inputs)} files failed", err=True)
        sys.exit(int(ExitCode.INPUT_ERROR))
    if strict and flagged:
        sys.exit(int(ExitCode.FLAGGED))


def _summary(written: list[str], counts: dict, langs) -> str:
    parts = [f"wrote {', '.join(written)}"]
    for lang in langs:
        c = counts[lang.value]
        part = f"{lang.value}: {c['changes']} changes, {c['flags']} flagged"
        if c["sentences_needing_mt"]:
            part += (f" ({c['sentences_needing_mt']} of {c['sentences']} sentences need an MT engine,"
                     " see README: Translation engines)")
        parts.append(part)
    if counts["input_flags"]:
        parts.append(f"{counts['input_flags']} low-confidence spans")
    return "; ".join(parts)


from .cli_models import echo_fallback_note, models_cli  # noqa: E402  (light: click only)

cli.add_command(models_cli)


def main() -> None:
    cli(prog_name="bilingual")


if __name__ == "__main__":
    main()
