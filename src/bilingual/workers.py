"""Worker processes: how many a run uses, how they start and stop, and the engine they clean with.

* :func:`cpu_count`, :func:`jobs_cap`: how many processes a run may use.
* :class:`Pool`: a process pool whose workers die with the main process, collect
  garbage less often (:func:`tune_gc`) and build their engine as they start.
* :func:`engine_for`: the one engine of a worker process (also of a Dask worker),
  built once and kept for every later task.
* :func:`ordered`: results of tasks in their order, a bounded number running at once.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Generator, Iterable, Optional

from .config import Config
from .errors import BilingualError
from .collector import tune_gc

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_SIGKILL = 9
SAMPLE = "Stem cells, en particulier les cellules souches, are studied."  # a text that loads every model


def cpu_count() -> int:
    """CPUs this process may run on (its affinity mask, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def jobs_cap() -> int:
    """The most processes a run uses, whatever ``--jobs`` asks: four a CPU, at most 64.
    More only adds memory and start-up time (the work is CPU-bound), and near the
    system's process limit starting them fails."""
    return min(4 * cpu_count(), 64)


# --- the worker engine -------------------------------------------------------------------------

_ENGINES: dict = {}


def _engine_key(config: Config) -> tuple:
    """The settings :func:`bilingual.pipeline.make_engine` reads: configs that differ only in
    others (the base language, the outputs asked for) share an engine."""
    return config.engine, config.glossary, config.models_dir, config.memory


def engine_for(config: Config):
    """The engine ``config`` asks for, built once a process (a worker process, a Dask
    worker, a Spark executor) and kept for every later task with the same engine settings.

    Raises like :func:`bilingual.pipeline.make_engine` (nothing is kept then)."""
    key = _engine_key(config)
    engine = _ENGINES.get(key)
    if engine is None:
        from .pipeline import make_engine

        engine = _ENGINES[key] = make_engine(config)
    return engine


def engines_held() -> int:
    """How many engines this process keeps (one a set of engine settings it was asked for)."""
    return len(_ENGINES)


# --- pools -------------------------------------------------------------------------------------


def can_fork() -> bool:
    """Whether workers may be forked: Linux, and no other Python thread in this process
    (a thread holding a lock at the fork would leave it held forever in the copy)."""
    import threading

    return (
        sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


class Pool:
    """``n`` worker processes, started now, each with the engine of ``config``.

    ``start``: ``"forkserver"`` (the usual: forked from a server process that imported
    bilingual and warmed its caches, ``_warm.py``; safe whatever threads this process
    runs), ``"fork"`` (copies of this process now, sharing ``engine`` and every loaded
    model; only where :func:`can_fork`), or ``"spawn"`` (fresh interpreters, which
    warm up as they start). ``interruptible``: Ctrl-C reaches the workers too (a task
    then ends at once, its temporary files removed), else only this process gets it.
    ``long_texts``: the workers get long texts, so they load the whole word lists now.

    A worker ends with the main process, whatever ends it (SIGKILL included): none
    lives on holding the caller's pipes.
    """

    def __init__(
        self,
        n: int,
        config: Config,
        start: str = "forkserver",
        *,
        engine=None,
        interruptible: bool = False,
        long_texts: bool = False,
    ):
        ctx = multiprocessing.get_context(start)
        if start == "forkserver":
            ctx.set_forkserver_preload(["bilingual._warm"])
        elif start == "fork" and long_texts:
            from .evidence import load_lists

            load_lists()  # once, here: the workers share the pages instead of each loading its own copy
        self._before = set(multiprocessing.active_children())
        self.executor = ProcessPoolExecutor(
            n,
            mp_context=ctx,
            initializer=_start_worker,
            initargs=(config, os.getpid(), start, engine if start == "fork" else None, interruptible, long_texts),
        )
        try:
            for _ in range(n):  # start the workers now (with fork: all at the first submit, before the pool's thread)
                self.executor.submit(int)
        except BaseException:
            self.stop()
            raise

    def submit(self, fn: Callable, *args):
        return self.executor.submit(fn, *args)

    def close(self) -> None:
        """Cancel the tasks not started; wait for the running ones and for the workers to end."""
        self.executor.shutdown(wait=True, cancel_futures=True)

    def stop(self) -> None:
        """End the workers at once, even mid-task (after an error or Ctrl-C: nothing waits for them)."""
        # the pool's workers: the children of this process started since the pool was made
        procs = [p for p in multiprocessing.active_children() if p not in self._before]
        self.executor.shutdown(wait=False, cancel_futures=True)
        for p in procs:
            if p.is_alive():
                p.terminate()
        for p in procs:
            p.join()


def _start_worker(config: Config, main_pid: int, start: str, engine, interruptible: bool, long_texts: bool) -> None:
    """What a :class:`Pool`'s worker does first."""
    import signal

    die_with_parent()
    if os.getppid() != main_pid:  # a fork server's child (the server outlives the main process), or an orphan
        watch(main_pid)
    if not interruptible:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle; it stops us
    tune_gc()
    if engine is not None:
        _ENGINES[_engine_key(config)] = engine
    try:
        engine = engine_for(config)
    except BilingualError:  # each task meets the error again and reports it
        return
    if start == "spawn":  # a fresh interpreter: its models are loaded now, before the first task
        from .pipeline import process

        process(SAMPLE, config, engine)
    if long_texts:
        from .evidence import load_lists

        load_lists()


def die_with_parent() -> None:
    """In a worker process: be killed when the parent process ends (Linux ``PR_SET_PDEATHSIG``);
    elsewhere than Linux this does nothing."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, _SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no libc prctl
            pass


def watch(pid: int) -> None:
    """In a worker process whose parent is not the main process (a fork server's child):
    exit as soon as process ``pid`` (the main process) ends, or now if it has. A thread
    waits on a process descriptor (Linux 5.3+), else checks once a second."""
    import threading

    from .tempnames import alive

    def wait_for_it():
        import select
        import time

        try:
            fd = os.pidfd_open(pid)
        except ProcessLookupError:
            os._exit(1)
        except (AttributeError, OSError):
            fd = None
        if fd is not None:
            select.select([fd], [], [])  # readable when the process has ended
            os._exit(1)
        while alive(pid):
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=wait_for_it, name="bilingual-watch-main", daemon=True).start()


def ordered(submit: Optional[Callable], fn: Any, items: Iterable, *args, ahead: int = 4) -> Generator:
    """``fn(item, *args)`` for each item, in order; with ``submit`` (an executor's or a Dask
    client's), up to ``ahead`` of them run at once. Pending ones are cancelled on an error."""
    if submit is None:
        for item in items:
            yield fn(item, *args)
        return
    waiting: deque = deque()
    try:
        for item in items:
            waiting.append(submit(fn, item, *args))
            if len(waiting) >= ahead:
                yield waiting.popleft().result()
        while waiting:
            yield waiting.popleft().result()
    finally:
        for fut in waiting:
            fut.cancel()
