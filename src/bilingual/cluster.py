"""Clean on a Dask distributed cluster: ``--scheduler tcp://HOST:PORT`` or ``local:N``.

The client (the ``bilingual`` process) reads the inputs and writes every output;
the workers only clean. A file goes to a worker as its bytes and comes back as
the contents of its outputs, a JSON Lines data set goes as partitions of rows
(:func:`bilingual.dataset.clean_lines`) and comes back as their serialized rows;
the client writes them atomically as a local run does (temporary file, then
rename), so the workers need no shared file system, and a worker that dies
mid-task leaves nothing behind: Dask runs its task again on another worker.
Each worker builds its engine once, at its first task, and keeps it for the next
ones (:func:`bilingual.workers.engine_for`).

Files above ``chunked.THRESHOLD`` (4 MB) are streamed on the client, as without
``--scheduler``: store a large corpus as JSON Lines to spread it.

Dask is an optional extra, imported only here and only when ``--scheduler`` is given.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Callable, Iterator, Optional, Sequence

from .batch import Job, Options, Outcome
from .errors import BilingualError, EngineUnavailable, ExitCode

INSTALL_HINT = "pip install 'dask[distributed]'"


class SchedulerError(BilingualError):
    """``--scheduler`` cannot be used: Dask missing, a bad address, a scheduler out of reach,
    a task the cluster gave up on."""

    exit_code = ExitCode.USAGE


def check_spec(spec: str) -> str:
    """``spec`` if it names a scheduler (``tcp://HOST:PORT``, ``tls://...``, ``local:N``), else SchedulerError."""
    if spec.startswith("local:"):
        n = spec[len("local:") :]
        if not n.isdigit() or int(n) < 1:
            raise SchedulerError(f"--scheduler {spec}: local:N needs a number of workers N >= 1")
        return spec
    if "://" in spec and spec.split("://", 1)[1]:
        return spec
    raise SchedulerError(f"--scheduler {spec}: expected tcp://HOST:PORT or local:N")


@contextlib.contextmanager
def connect(spec: str, tune_gc: bool = True) -> Iterator:
    """A ``distributed.Client`` for ``spec``; with ``local:N`` a ``LocalCluster`` of N worker
    processes (one thread each, on 127.0.0.1, no dashboard), closed on exit."""
    check_spec(spec)
    try:
        import distributed
    except ImportError:
        raise SchedulerError(f"--scheduler needs Dask distributed, which is not installed: {INSTALL_HINT}") from None
    stack = contextlib.ExitStack()
    try:
        if spec.startswith("local:"):
            import warnings

            with warnings.catch_warnings(), _forked_workers():
                warnings.simplefilter("ignore", UserWarning)  # "Port 8787 is already in use": any port will do
                cluster = stack.enter_context(
                    distributed.LocalCluster(
                        n_workers=int(spec[6:]),
                        threads_per_worker=1,
                        processes=True,
                        host="127.0.0.1",
                        dashboard_address=None,
                        silence_logs=logging.CRITICAL,
                    )
                )  # errors reach the client
            client = stack.enter_context(distributed.Client(cluster))
        else:
            client = stack.enter_context(distributed.Client(spec, timeout=10))
    except Exception as err:  # OSError, TimeoutError; RuntimeError when a worker process cannot start
        stack.close()
        what = "cannot start the local cluster" if spec.startswith("local:") else "cannot reach the scheduler"
        raise SchedulerError(f"--scheduler {spec}: {what} ({err})") from None
    with stack:
        if tune_gc:
            from . import workers

            client.run(workers.tune_gc)  # the workers there now, as local worker processes are tuned
        yield client


@contextlib.contextmanager
def _forked_workers():
    """While a LocalCluster starts: its worker processes forked from one server process that
    has imported Dask and bilingual (``_warm.py``), instead of each spawned interpreter importing
    both: less CPU, workers warm at their first task, quick to stop. Workers restarted
    later (after a crash) are spawned, Dask's default."""
    import multiprocessing

    import dask

    if "forkserver" not in multiprocessing.get_all_start_methods():  # pragma: no cover - not POSIX
        yield
        return
    with dask.config.set({"distributed.worker.multiprocessing-method": "forkserver"}):
        from distributed.utils import get_mp_context

        get_mp_context().set_forkserver_preload(["distributed", "bilingual._warm"])  # before the server starts
        yield


def workers(client) -> int:
    """Threads the cluster has now (at least 1): how many tasks run at once."""
    info = client.scheduler_info()
    return max(1, sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()))


def submitter(client) -> Callable:
    """``submit(fn, *args)`` on ``client``, whose futures raise a one-line :class:`SchedulerError`
    for what the cluster did (a task whose workers kept dying, a lost connection)."""

    def submit(fn, *args):
        return _Future(client.submit(fn, *args, pure=False, retries=0))

    return submit


class _Future:
    def __init__(self, fut):
        self.fut = fut

    def result(self):
        try:
            return self.fut.result()
        except BilingualError:
            raise
        except Exception as err:
            raise SchedulerError(f"the cluster could not run a task ({type(err).__name__}: {err})") from None

    def cancel(self):
        self.fut.cancel()


def run_files(
    jobs: Sequence[Job], options: Options, client, done: Optional[Callable[[Outcome], None]] = None
) -> list[Outcome]:
    """:func:`bilingual.batch.run` on the cluster: outcomes in the jobs' order, the same files written.

    Consecutive files go to a worker together, up to about :data:`FILES_BYTES` a task
    (a task costs the scheduler and the client a few milliseconds: many small files are
    cheaper in few tasks).
    """
    from dataclasses import replace

    from .files import same_file_key
    from .workers import ordered

    if not options.inputs:
        options = replace(options, inputs=frozenset(same_file_key(j.path) for j in jobs if not j.error))
    options = replace(options, chunk_jobs=1)
    submit = submitter(client)
    shipped = replace(options, inputs=frozenset())  # what a worker needs: not the run's list of inputs
    local_engine: list = []

    def prepare(job: Job):
        """An outcome known here, or (output paths, the file's bytes) for a worker."""
        from . import batch, chunked
        from .files import open_input

        if job.error:
            return Outcome(job.path, error=job.error, exit_code=int(ExitCode.INPUT_ERROR))
        if chunked.should_stream(job.path, options.config):  # large: streamed here, as without --scheduler
            if not local_engine:
                local_engine.append(batch.make_engine(options.config))
            return batch.run_one(job, options, local_engine[0])
        try:
            paths = batch.plan_outputs(job, options)
            with open_input(job.path) as fh:
                return paths, fh.read()
        except OSError as err:
            return Outcome(
                job.path, error=f"{job.path}: cannot read ({err.strerror or err})", exit_code=int(ExitCode.INPUT_ERROR)
            )
        except BilingualError as err:
            return Outcome(job.path, error=str(err), exit_code=int(err.exit_code))

    def groups() -> Iterator[list]:
        group, size = [], 0
        for job in jobs:
            ready = prepare(job)
            group.append((job, ready))
            size += 0 if isinstance(ready, Outcome) else len(ready[1])
            if size >= FILES_BYTES or len(group) >= FILES_MAX:
                yield group
                group, size = [], 0
        if group:
            yield group

    class _Task:  # what ordered() waits for: one group of files, rendered by a worker, then written here
        def __init__(self, group):
            self.group = group
            todo = [(ready[1], job.path) for job, ready in group if not isinstance(ready, Outcome)]
            self.fut = submit(render_files, todo, shipped) if todo else None

        def result(self) -> list[Outcome]:
            rendered = iter(self.fut.result() if self.fut else ())
            return [
                ready if isinstance(ready, Outcome) else _write(job, ready[0], next(rendered))
                for job, ready in self.group
            ]

        def cancel(self):
            if self.fut is not None:
                self.fut.cancel()

    outcomes = []
    results = ordered(lambda fn, group: _Task(group), None, groups(), ahead=2 * workers(client))
    with contextlib.closing(results):
        for group in results:
            for outcome in group:
                outcomes.append(outcome)
                if done:
                    done(outcome)
    return outcomes


FILES_BYTES = 1 << 18  # bytes of input a task of --scheduler (files), about as a data set's partition
FILES_MAX = 64  # files a task at most


def _write(job: Job, paths: dict, rendered) -> Outcome:
    """Write what a worker rendered for ``job`` (or pass on its outcome)."""
    from .files import write_files

    if isinstance(rendered, Outcome):
        return rendered
    contents, summary, flagged = rendered
    files = {paths[k]: v for k, v in contents.items()}
    try:
        write_files(files, protect=[job.path])
    except BilingualError as err:
        return Outcome(job.path, error=str(err), exit_code=int(err.exit_code))
    return Outcome(job.path, tuple(str(p) for p in files), summary, flagged)


def render_files(files: Sequence[tuple[bytes, str]], options: Options) -> list:
    """On a worker: :func:`render_file` for each ``(bytes, path)``."""
    return [render_file(data, path, options) for data, path in files]


def render_file(data: bytes, path: str, options: Options):
    """On a worker: the contents of ``path``'s outputs (see :func:`bilingual.batch.render_outputs`),
    or the :class:`Outcome` of a file that cannot be cleaned."""
    from .batch import render_outputs
    from .files import decode_article
    from .workers import engine_for

    try:
        text = decode_article(data, path)
        return render_outputs(text, path, options, engine_for(options.config))
    except EngineUnavailable:
        raise
    except BilingualError as err:
        return Outcome(path, error=str(err), exit_code=int(err.exit_code))


def dataset_submit(client) -> tuple[Callable, int]:
    """``(submit, ahead)`` for :func:`bilingual.dataset.clean_dataset` on the cluster."""
    return submitter(client), 2 * workers(client)
