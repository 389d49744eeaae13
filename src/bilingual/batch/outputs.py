"""One file of a run: where its outputs go, what they hold, and writing them.

One failing file never stops the others: its outcome (what was written, or the
one-line error) comes back as an :class:`Outcome`, and the caller decides the
summary and exit code. No printing here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence

from ..config import Config
from ..errors import BilingualError, EngineUnavailable, ExitCode, InputError, OutputError
from ..files import is_markdown
from .inputs import Job


@dataclass(frozen=True)
class Options:
    """What to do with every file (picklable: it goes to the worker processes)."""

    config: Config = Config()
    langs: tuple[str, ...] = ("en", "fr")
    html: bool = True
    inputs: frozenset = frozenset()  # every input of the run (file keys): never an output
    chunk_jobs: int = 1  # processes for the chunks of a large (streamed) input
    xliff: bool = False  # also write NAME.<lang>.xlf (report/xliff.py)


@dataclass(frozen=True)
class Outcome:
    path: str
    written: tuple[str, ...] = ()
    counts: dict = field(default_factory=dict)
    flagged: bool = False
    error: Optional[str] = None
    exit_code: int = 0


def make_engine(config: Config):
    """The engine every file of the run shares (see :func:`bilingual.pipeline.make_engine`)."""
    from ..pipeline import make_engine

    return make_engine(config)


def run_one(job: Job, options: Options, engine=None) -> Outcome:
    """Clean one file and write its outputs; errors become the outcome, except that an
    engine that cannot translate (a missing nmt language pair) raises: it fails every file."""
    if job.error:
        return Outcome(job.path, error=job.error, exit_code=int(ExitCode.INPUT_ERROR))
    from .. import chunked
    from ..files import read_article, write_files

    try:
        paths = plan_outputs(job, options)
        if chunked.should_stream(job.path, options.config):  # large input: chunked, no HTML page
            s = chunked.clean_file(
                job.path, job.out_dir, options.config, options.langs, engine, jobs=options.chunk_jobs
            )
            return Outcome(job.path, s.written, s.counts, s.flagged)
        text = read_article(job.path)
        contents, summary, flagged = render_outputs(text, job.path, options, engine)
        files = {paths[k]: v for k, v in contents.items()}
        write_files(files, protect=[job.path])
    except EngineUnavailable:
        raise  # the run's engine, not this file: the batch stops with one error (exit 5)
    except BilingualError as err:
        return Outcome(job.path, error=str(err), exit_code=int(err.exit_code))
    return Outcome(job.path, tuple(str(p) for p in files), summary, flagged)


def plan_outputs(job: Job, options: Options) -> dict[str, Path]:
    """Where ``job``'s outputs go, by suffix (``.en.txt``, ``.report.json`` ...); raises
    :class:`OutputError` when one of them is another input of the run."""
    from ..files import output_paths, same_file_key

    suffix = Path(job.path).suffix or ".txt"
    names = [f".{l}{suffix}" for l in options.langs] + [".report.json"]
    if options.html:
        names.append(".report.html")
    if options.xliff:
        names += [f".{l}.xlf" for l in options.langs]
    paths = output_paths(job.path, job.out_dir, names)
    own = same_file_key(job.path)
    for p in paths.values():
        key = same_file_key(p)
        if key in options.inputs and key != own:
            raise OutputError(f"{p}: output path is another input of this run; choose another --out-dir")
    if options.xliff:
        from .. import chunked

        if chunked.should_stream(job.path, options.config):
            raise InputError(
                f"{job.path}: --xliff is not available for inputs over {chunked.THRESHOLD // 1_000_000} MB "
                "(streamed); split the file"
            )
    return paths


def render_outputs(text: str, path: str, options: Options, engine) -> tuple[dict[str, str], dict, bool]:
    """Clean ``text`` (read from ``path``): the contents of its outputs by suffix (as
    :func:`plan_outputs` names them), the report's summary, and whether anything is flagged."""
    from ..files import shown_name
    from ..model import Lang
    from ..report import report_json, summary_counts

    suffix = Path(path).suffix or ".txt"
    result = process_input(text, path, options.config, engine)
    files = {f".{l}{suffix}": result.output(Lang(l)) for l in options.langs}
    summary = summary_counts(result)
    files[".report.json"] = report_json(result, shown_name(path), summary)
    if options.html:
        from ..report.html import report_html

        files[".report.html"] = report_html(result, shown_name(path))
    if options.xliff:
        from ..report.xliff import export

        for l in options.langs:
            files[f".{l}.xlf"] = export(result, Lang(l), shown_name(path))
    return files, summary, bool(result.flags)


def process_input(text: str, path: str, config: Config, engine=None):
    """:func:`bilingual.process` of ``text`` read from ``path``: as Markdown when the path's
    suffix or ``config`` says so (its code, links and markup protected)."""
    from ..pipeline import process

    protected: Sequence = ()
    if is_markdown(path, config.markdown):
        from ..markdown import protected_spans

        protected = protected_spans(text)
    return process(text, config, engine, protected=protected)
