"""Many files in one run: one at a time, or in worker processes; outcomes in the files' order."""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Callable, Generator, Optional, Sequence

from .. import workers
from ..config import Config
from ..errors import BilingualError, ExitCode
from .inputs import Job
from .outputs import Options, Outcome, make_engine, run_one

WORKER_DIED = (
    "a worker process stopped while cleaning this file (out of memory, or killed by a signal); nothing written for it"
)


def wants_progress(n_files: int, quiet: bool, stream, environ) -> bool:
    """A progress bar only for several files, on a terminal, and never in CI (``$CI`` set)."""
    isatty = getattr(stream, "isatty", None)
    return n_files > 1 and not quiet and bool(isatty and isatty()) and not environ.get("CI")


def run(
    jobs: Sequence[Job], options: Options, n_jobs: Optional[int] = 1, done: Optional[Callable[[Outcome], None]] = None
) -> list[Outcome]:
    """Clean every job; ``n_jobs`` > 1 uses that many worker processes. Outcomes keep the jobs' order.

    ``n_jobs`` None (``--jobs`` not given) cleans one file at a time, and the chunks
    of a large input on every CPU; a number N cleans N files at a time, or one
    large input's chunks N at a time when the files are cleaned one by one.

    ``done`` is called with each outcome as soon as it is known (for progress and logs).
    """
    from ..files import same_file_key

    outcomes: list[Outcome] = []
    if not options.inputs:
        options = replace(options, inputs=frozenset(same_file_key(j.path) for j in jobs if not j.error))
    wanted = workers.cpu_count() if n_jobs is None else min(n_jobs, workers.jobs_cap())
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


def _check_engine(config: Config, failure: list) -> None:
    try:
        make_engine(config)
    except BaseException as err:  # handed to the main thread
        failure.append(err)


def run_in_worker(job: Job, options: Options) -> Outcome:
    """:func:`run_one` in a worker process, with its engine (an engine it could not build: the outcome's error)."""
    try:
        engine = workers.engine_for(options.config)
    except BilingualError as err:
        return Outcome(job.path, error=str(err), exit_code=int(err.exit_code))
    return run_one(job, options, engine)


def _pooled(
    jobs: Sequence[Job], options: Options, n_jobs: int, check: threading.Thread, failure: list
) -> Generator[Outcome, None, None]:
    """Clean ``jobs`` in ``n_jobs`` worker processes; yield the outcomes in the jobs' order.

    A worker that dies (out of memory, a signal) breaks the whole pool, and every file
    not done with it: those are cleaned again, one at a time in a new worker, so the file
    a worker dies on is known and fails alone (:data:`WORKER_DIED`); the others are cleaned.
    """
    from concurrent.futures.process import BrokenProcessPool

    finished: dict[int, Outcome] = {}
    todo, size, nxt = list(range(len(jobs))), n_jobs, 0
    while todo:
        pool = None
        broken: list[int] = []
        try:
            futures = []
            try:
                # Ctrl-C reaches the workers: the files they are on end at once, their temporary files removed
                pool = workers.Pool(min(size, len(todo)), options.config, interruptible=True)
                for i in todo:
                    try:
                        futures.append((i, pool.submit(run_in_worker, jobs[i], options)))
                    except BrokenProcessPool:
                        broken.append(i)
            except OSError as err:  # no process could be started (the system's limit)
                raise BilingualError(
                    f"cannot start worker processes ({err.strerror or err}); try a smaller --jobs"
                ) from None
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
            if pool is not None:
                pool.close()
        broken.sort()
        if broken and size == 1:  # one worker, one file at a time: the first broken one killed it
            i = broken.pop(0)
            finished[i] = Outcome(
                jobs[i].path, error=f"{jobs[i].path}: {WORKER_DIED}", exit_code=int(ExitCode.INPUT_ERROR)
            )
            while nxt in finished:
                yield finished.pop(nxt)
                nxt += 1
        todo, size = broken, 1
