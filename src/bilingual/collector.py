"""The garbage collector during a run: collect less often, or not at all inside a hot block.

A run allocates millions of small objects and frees them by reference counting; the cyclic
collector would only rescan live ones. The command line and worker processes call
:func:`tune_gc`; the library itself only pauses the collector around its hottest loops
(:class:`gc_paused`), restoring the state it found.
"""

from __future__ import annotations

import gc


def tune_gc() -> None:
    """Fewer garbage collections: a run allocates millions of small objects and frees them
    by reference counting, so the default thresholds (700 allocations) only rescan live
    ones (about 10% of a long run's CPU). Called by the command line and in worker
    processes; the library leaves the interpreter's settings alone."""
    gc.set_threshold(50_000, 20, 100)


class gc_paused:
    """``with gc_paused():`` no cyclic garbage collection inside the block (the collector's state
    before it resumes after): for code that makes millions of small objects and no cycles, which
    the collector would only rescan."""

    def __enter__(self) -> None:
        self._enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self._enabled:
            gc.enable()
