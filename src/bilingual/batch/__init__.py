"""Many inputs in one run: expand files, folders and globs (:mod:`.inputs`), clean each and
write its outputs (:mod:`.outputs`), one at a time or in worker processes (:mod:`.running`)."""

from .inputs import SUFFIXES, Job, expand
from .outputs import Options, Outcome, make_engine, plan_outputs, process_input, render_outputs, run_one
from .running import WORKER_DIED, run, run_in_worker, wants_progress

__all__ = [
    "SUFFIXES",
    "Job",
    "expand",
    "Options",
    "Outcome",
    "make_engine",
    "plan_outputs",
    "process_input",
    "render_outputs",
    "run_one",
    "WORKER_DIED",
    "run",
    "run_in_worker",
    "wants_progress",
]
