"""``bilingual clean -``: standard input cleaned to standard output, and the summary line.

Up to ``chunked.THRESHOLD`` bytes are cleaned whole, as a file is; more is streamed chunk by
chunk into a temporary file, then copied: standard output gets all of the output or none of it.
"""

from __future__ import annotations

import sys

import click

from ..errors import ExitCode
from .models import echo_fallback_note


def clean_stdin(config, to_lang, strict, quiet, jobs=None):
    """``clean -``: up to ``chunked.THRESHOLD`` bytes cleaned whole, as a file is; more is
    streamed chunk by chunk into a temporary file (bounded memory, and stdout gets all of
    the output or none of it), then copied to stdout."""
    from .. import chunked
    from ..batch import process_input
    from ..errors import OutputError
    from ..files import decode_article
    from ..model import Lang
    from ..report import summary_counts
    from ..workers import cpu_count, jobs_cap, tune_gc

    tune_gc()
    stdin = sys.stdin.buffer
    head = stdin.read(chunked.THRESHOLD + 1)
    if len(head) <= chunked.THRESHOLD or config.markdown:  # Markdown needs the whole text
        text = decode_article(head + stdin.read(), "<stdin>")
        result = process_input(text, "<stdin>", config)
        lang = Lang(to_lang or result.base_lang.value)
        output, counts, flagged = result.output(lang), summary_counts(result), bool(result.flags)
        write_stdout([output])
    else:
        import tempfile

        try:
            spool = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")
        except OSError as err:
            raise OutputError(
                f"{tempfile.gettempdir()}: cannot make a temporary file ({err.strerror or err})"
            ) from None
        with spool:
            try:
                s = chunked.clean_to(
                    stdin,
                    spool,
                    config,
                    to_lang,
                    head=head,
                    jobs=cpu_count() if jobs is None else min(jobs, jobs_cap()),
                )
                spool.flush()
                spool.seek(0)
            except OSError as err:
                raise OutputError(
                    f"{tempfile.gettempdir()}: cannot write a temporary file ({err.strerror or err})"
                ) from None
            write_stdout(iter(lambda: spool.read(1 << 20), ""))
        lang, counts, flagged = s.base_lang if not to_lang else Lang(to_lang), s.counts, s.flagged
    if not quiet:
        click.echo(summary(["<stdout>"], counts, [lang]), err=True)
    echo_fallback_note(config.engine, [counts], quiet)
    sys.exit(int(ExitCode.FLAGGED) if strict and flagged else 0)


def write_stdout(parts) -> None:
    """Write ``parts`` to stdout; a full disk or another failure is one line (exit 6), a
    closed pipe goes up to end the run quietly."""
    from ..errors import OutputError

    try:
        for part in parts:
            sys.stdout.write(part)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as err:
        raise OutputError(f"<stdout>: cannot write ({err.strerror or err})") from None


def summary(written: list[str], counts: dict, langs) -> str:
    parts = [f"wrote {', '.join(written)}"]
    for lang in langs:
        c = counts[lang.value]
        part = f"{lang.value}: {c['changes']} changes, {c['flags']} flagged"
        if c["sentences_needing_mt"]:
            pair = f"{lang.other.value}-{lang.value}"
            part += (
                f" ({c['sentences_needing_mt']} of {c['sentences']} sentences need a model:"
                f" bilingual models install {pair}, or a translator: --xliff)"
            )
        parts.append(part)
    if counts["input_flags"]:
        parts.append(f"{counts['input_flags']} low-confidence spans")
    return "; ".join(parts)
