"""Many inputs in one run: expand files, folders and globs, clean each, in parallel if asked.

One failing file never stops the others: each file's outcome (what was
written, or the one-line error) comes back as an :class:`Outcome`, and the
caller decides the summary and exit code. No printing here.
"""
from __future__ import annotations

import glob
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from multiprocessing import get_context
from pathlib import Path
from typing import Callable, Generator, Iterator, Optional, Sequence

from .workers import cpu_count, tune_gc  # noqa: F401  (re-exported: cli, cluster)
from .config import Config
from .errors import BilingualError, EngineUnavailable, ExitCode, InputError, OutputError
from .files import is_markdown
from .selection import Selection

SUFFIXES = (".txt", ".md")
_GLOB_CHARS = "*?["


@dataclass(frozen=True)
class Job:
    """One input file and the folder its outputs go to; ``error`` if it cannot even start."""

    path: str
    out_dir: Path
    error: Optional[str] = None


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




def expand(inputs: Sequence[str], out_dir: Path = Path("output"), writes: bool = True,
           selection: Optional[Selection] = None) -> list[Job]:
    """Files as given; folders recursively (``.txt`` and ``.md``, hidden folders and
    ``out_dir`` skipped, sub-folders mirrored under ``out_dir``); globs (``**`` recurses).
    What a folder or glob finds is filtered by ``selection`` (default: git-ignored files and
    :data:`~bilingual.selection.DEFAULT_EXCLUDE` skipped; see ``selection.py``); a file named
    as such is always taken.

    With ``writes``, two inputs whose outputs would land on the same paths: the second one fails.
    """
    jobs: list[Job] = []
    out_real = os.path.realpath(out_dir)
    selection = selection or Selection()
    for arg in inputs:
        p = Path(arg)
        if p.is_dir():
            found = sorted(_walk(p, out_real, selection.within(arg)))
            if not found:
                jobs.append(Job(arg, out_dir, f"{arg}: no .txt or .md files in this folder"))
            for f in found:
                jobs.append(Job(str(f), out_dir / f.parent.relative_to(p)))
        elif not p.exists() and any(c in arg for c in _GLOB_CHARS):
            rules = selection.within(_glob_folder(arg))
            matches = sorted(m for m in _glob(arg) if Path(m).is_file() and not rules.excluded(m))
            if not matches:
                jobs.append(Job(arg, out_dir, f"{arg}: no file matches this pattern"))
            jobs.extend(Job(m, out_dir) for m in matches)
        else:
            jobs.append(Job(arg, out_dir))
    return _dedupe(jobs, writes)


def _glob(pattern: str) -> list[str]:
    """``glob.glob(pattern, recursive=True)``, except that under ``**`` each real folder is
    visited once: a symbolic link back to a parent (a loop) is not followed again, where
    ``glob`` would follow it until the path is too long, in time exponential in the loops."""
    if "**" not in pattern:
        return glob.glob(pattern)
    import fnmatch

    parts = pattern.replace(os.sep, "/").split("/")
    k = next(i for i, c in enumerate(parts) if any(ch in c for ch in _GLOB_CHARS))
    root = "/".join(parts[:k]) or ("/" if pattern.startswith("/") else "")
    comps = parts[k:]

    def matches(names: list[str], i: int = 0, j: int = 0) -> bool:
        while j < len(comps) and comps[j] != "**":
            if i >= len(names) or (names[i].startswith(".") and not comps[j].startswith(".")) \
                    or not fnmatch.fnmatchcase(names[i], comps[j]):
                return False
            i, j = i + 1, j + 1
        if j == len(comps):
            return i == len(names)
        if j == len(comps) - 1:  # a final "**": every file below that is not hidden
            return not any(n.startswith(".") for n in names[i:])
        while True:  # "**": zero or more folders that are not hidden
            if matches(names, i, j + 1):
                return True
            if i >= len(names) - 1 or names[i].startswith("."):
                return False
            i += 1

    from collections import deque

    found: list[str] = []
    seen: set = set()
    hidden_ok = any(c.startswith(".") for c in comps)
    real: deque = deque([(root or ".", [])])  # folders reached without a link come first
    linked: deque = deque()  # then those reached through one, unless already searched
    while real or linked:
        top, prefix = real.popleft() if real else linked.popleft()
        try:
            st = os.stat(top)
            if (st.st_dev, st.st_ino) in seen:  # a loop, or a folder also reached another way
                continue
            seen.add((st.st_dev, st.st_ino))
            entries = sorted(os.scandir(top), key=lambda e: e.name)
        except OSError:
            continue
        for e in entries:
            names = prefix + [e.name]
            try:
                is_dir = e.is_dir()
            except OSError:
                continue
            if is_dir:
                if hidden_ok or not e.name.startswith("."):
                    (linked if e.is_symlink() else real).append((e.path, names))
            elif matches(names):
                found.append(os.path.join(root, *names) if root else os.path.join(*names))
    return found


def _walk(folder: Path, out_real: str, selection: Selection) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and os.path.realpath(os.path.join(root, d)) != out_real
                         and not selection.excluded(os.path.join(root, d), is_dir=True))
        for name in files:
            if (Path(name).suffix.lower() in SUFFIXES and not name.startswith(".")
                    and not selection.excluded(os.path.join(root, name))):
                yield Path(root) / name


def _glob_folder(pattern: str) -> str:
    """The folder a glob starts from: its leading components without wildcards."""
    parts = []
    for part in Path(pattern).parts[:-1]:
        if any(c in part for c in _GLOB_CHARS):
            break
        parts.append(part)
    return str(Path(*parts)) if parts else "."


def _dedupe(jobs: list[Job], writes: bool = True) -> list[Job]:
    seen_inputs: set[str] = set()
    owners: dict[str, str] = {}
    out = []
    for job in jobs:
        real = os.path.realpath(job.path)
        if job.error is None and real in seen_inputs:
            continue  # the same file named twice (a folder and a glob, say)
        seen_inputs.add(real)
        key = os.path.realpath(job.out_dir / Path(job.path).stem)
        if job.error is None and writes and key in owners:
            job = Job(job.path, job.out_dir,
                      f"{job.path}: its outputs would overwrite those of {owners[key]}; clean it separately with --out-dir")
        elif job.error is None:
            owners[key] = job.path
        out.append(job)
    return out


def run_one(job: Job, options: Options, engine=None) -> Outcome:
    """Clean one file and write its outputs; errors become the outcome, except that an
    engine that cannot translate (a missing nmt language pair) raises: it fails every file."""
    if job.error:
        return Outcome(job.path, error=job.error, exit_code=int(ExitCode.INPUT_ERROR))
    from . import chunked as stream
    from .files import read_article, write_files

    try:
        paths = plan_outputs(job, options)
        if stream.should_stream(job.path, options.config):  # large input: chunked, no HTML page
            s = stream.clean_file(job.path, job.out_dir, options.config, options.langs, engine,
                                  jobs=options.chunk_jobs)
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
    from .files import _same_file_key, output_paths

    suffix = Path(job.path).suffix or ".txt"
    names = [f".{l}{suffix}" for l in options.langs] + [".report.json"]
    if options.html:
        names.append(".report.html")
    if options.xliff:
        names += [f".{l}.xlf" for l in options.langs]
    paths = output_paths(job.path, job.out_dir, names)
    own = _same_file_key(job.path)
    for p in paths.values():
        key = _same_file_key(p)
        if key in options.inputs and key != own:
            raise OutputError(f"{p}: output path is another input of this run; choose another --out-dir")
    if options.xliff:
        from . import chunked as stream

        if stream.should_stream(job.path, options.config):
            raise InputError(f"{job.path}: --xliff is not available for inputs over {stream.THRESHOLD // 1_000_000} MB "
                             "(streamed); split the file")
    return paths


def render_outputs(text: str, path: str, options: Options, engine) -> tuple[dict[str, str], dict, bool]:
    """Clean ``text`` (read from ``path``): the contents of its outputs by suffix (as
    :func:`plan_outputs` names them), the report's summary, and whether anything is flagged."""
    from .files import shown_name
    from .model import Lang
    from .report import build_report, dumps

    suffix = Path(path).suffix or ".txt"
    result = _process(text, path, options.config, engine)
    files = {f".{l}{suffix}": result.output(Lang(l)) for l in options.langs}
    report = build_report(result, shown_name(path))
    files[".report.json"] = dumps(report) + "\n"  # == report.report_json
    if options.html:
        from .report.html import report_html

        files[".report.html"] = report_html(result, shown_name(path))
    if options.xliff:
        from .report.xliff import export

        for l in options.langs:
            files[f".{l}.xlf"] = export(result, Lang(l), shown_name(path))
    return files, report["summary"], bool(result.flags)


def _process(text: str, path: str, config: Config, engine):
    from .pipeline import process

    protected: Sequence = ()
    if is_markdown(path, config.markdown):
        from .markdown import protected_spans

        protected = protected_spans(text)
    return process(text, config, engine, protected=protected)


def make_engine(config: Config):
    """The engine every file of the run shares (see :func:`bilingual.pipeline.make_engine`)."""
    from .pipeline import make_engine

    return make_engine(config)


def _check_engine(config: Config, failure: list) -> None:
    try:
        make_engine(config)
    except BaseException as err:  # handed to the main thread
        failure.append(err)


_worker_engine = None
_worker_error: Optional[BilingualError] = None


def _init_worker(config: Config, main_pid: Optional[int] = None) -> None:
    global _worker_engine, _worker_error
    from .workers import die_with_parent, watch

    die_with_parent()  # killed with the fork server, our parent
    if main_pid is not None:  # the fork server only ends after us (we hold its "alive" pipe): watch the main process
        watch(main_pid)
    tune_gc()
    try:
        _worker_engine = make_engine(config)
    except BilingualError as err:  # the parent reports it once (_check_engine); no file is cleaned
        _worker_error = err


def _run_in_worker(job: Job, options: Options) -> Outcome:
    if _worker_error is not None:
        return Outcome(job.path, error=str(_worker_error), exit_code=int(_worker_error.exit_code))
    return run_one(job, options, _worker_engine)




def wants_progress(n_files: int, quiet: bool, stream, environ) -> bool:
    """A progress bar only for several files, on a terminal, and never in CI (``$CI`` set)."""
    isatty = getattr(stream, "isatty", None)
    return n_files > 1 and not quiet and bool(isatty and isatty()) and not environ.get("CI")


def run(jobs: Sequence[Job], options: Options, n_jobs: Optional[int] = 1,
        done: Optional[Callable[[Outcome], None]] = None) -> list[Outcome]:
    """Clean every job; ``n_jobs`` > 1 uses that many worker processes. Outcomes keep the jobs' order.

    ``n_jobs`` None (``--jobs`` not given) cleans one file at a time, and the chunks
    of a large input on every CPU; a number N cleans N files at a time, or one
    large input's chunks N at a time when the files are cleaned one by one.

    ``done`` is called with each outcome as soon as it is known (for progress and logs).
    """
    from .files import _same_file_key

    outcomes: list[Outcome] = []
    if not options.inputs:
        options = replace(options, inputs=frozenset(_same_file_key(j.path) for j in jobs if not j.error))
    wanted = cpu_count() if n_jobs is None else min(n_jobs, jobs_cap())
    n_jobs = max(1, min(wanted, len(jobs))) if n_jobs is not None else 1
    options = replace(options, chunk_jobs=wanted if n_jobs == 1 else 1)
    if n_jobs == 1:
        engine = make_engine(options.config)
        results: Generator[Outcome, None, None] = (run_one(j, options, engine) for j in jobs)
    else:
        # fail once, here, if the engine or glossary is unusable: checked in a thread while the
        # worker processes start (the workers then fail in their initializer: no file is written)
        failure: list[BaseException] = []
        check = threading.Thread(target=_check_engine, args=(options.config, failure), daemon=True)
        check.start()
        results = _pooled(jobs, options, n_jobs, check, failure)
    try:
        for outcome in results:
            outcomes.append(outcome)
            if done:
                done(outcome)
    finally:
        results.close()  # stops the workers if the loop ended early (Ctrl-C, an error)
    return outcomes


def jobs_cap() -> int:
    """The most processes a run uses, whatever ``--jobs`` asks: four a CPU, at most 64.
    More only adds memory and start-up time (the work is CPU-bound), and near the
    system's process limit starting them fails."""
    return min(4 * cpu_count(), 64)


WORKER_DIED = ("a worker process stopped while cleaning this file (out of memory, or killed by a signal); "
               "nothing written for it")


def _pooled(jobs: Sequence[Job], options: Options, n_jobs: int, check: threading.Thread,
            failure: list) -> Generator[Outcome, None, None]:
    """Clean ``jobs`` in ``n_jobs`` worker processes; yield the outcomes in the jobs' order.

    A worker that dies (out of memory, a signal) breaks the whole pool, and every file
    not done with it: those are cleaned again, one at a time in a new worker, so the file
    a worker dies on is known and fails alone (:data:`WORKER_DIED`); the others are cleaned.
    """
    from concurrent.futures.process import BrokenProcessPool

    # forkserver, not fork: an engine may run threads, and forking those is unsafe; the
    # server imports the heavy modules and fills their caches once (_warm.py), so each
    # worker starts warm
    ctx = get_context("forkserver")
    ctx.set_forkserver_preload(["bilingual._warm"])
    finished: dict[int, Outcome] = {}
    todo, size, nxt = list(range(len(jobs))), n_jobs, 0
    while todo:
        pool = ProcessPoolExecutor(min(size, len(todo)), mp_context=ctx, initializer=_init_worker,
                                   initargs=(options.config, os.getpid()))
        broken: list[int] = []
        try:
            futures = []
            for i in todo:
                try:
                    futures.append((i, pool.submit(_run_in_worker, jobs[i], options)))
                except BrokenProcessPool:
                    broken.append(i)
                except OSError as err:  # no process could be started (the system's limit)
                    raise BilingualError(f"cannot start worker processes ({err.strerror or err}); "
                                         "try a smaller --jobs") from None
            if check.is_alive() or failure:
                check.join()
                if failure:
                    raise failure[0]
            for i, f in futures:
                try:
                    finished[i] = f.result()
                except BrokenProcessPool:
                    broken.append(i)
                while nxt in finished:
                    yield finished.pop(nxt)
                    nxt += 1
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        broken.sort()
        if broken and size == 1:  # one worker, one file at a time: the first broken one killed it
            i = broken.pop(0)
            finished[i] = Outcome(jobs[i].path, error=f"{jobs[i].path}: {WORKER_DIED}",
                                  exit_code=int(ExitCode.INPUT_ERROR))
            while nxt in finished:
                yield finished.pop(nxt)
                nxt += 1
        todo, size = broken, 1
