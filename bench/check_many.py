"""Time of ``bilingual check`` over a folder of many small Markdown files, beside a one-file run.

    python bench/check_many.py               # 200 files, median of 9 runs each
    python bench/check_many.py --files 1000 --runs 3

Writes N small Markdown files (a heading, two English paragraphs, every fifth
file with one French clause) into a temporary folder, then times, as fresh
subprocesses of this checkout's ``src/`` (wall clock, median of ``--runs``, the
three commands taking turns):

1. ``bilingual check FILE`` on one of them (start-up + one file);
2. ``bilingual check FOLDER`` on all of them: one process start for the folder;
3. ``bilingual --version``: the interpreter + Click floor.

and prints the per-file cost of the folder run beyond the one-file run, which
is what each extra file adds when no file pays the start-up again. CPU time
(user + system of the process) is printed beside wall time: it varies less with
the load of a shared machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}

PARAGRAPHS = [
    "Stem cells hold great promise for regenerative medicine and for the treatment of liver disease.",
    "The liver can regenerate after most injuries, and researchers study how hepatocytes divide.",
    "Clinical trials measure liver function in patients over several months of follow-up.",
    "Organoids grown from progenitor cells let teams test new drugs before trials begin.",
]
FRENCH = "notamment après une lésion grave"


def bilingual_cmd() -> list[str]:
    script = Path(sys.executable).parent / "bilingual"
    return [str(script)] if script.exists() else [sys.executable, "-m", "bilingual"]


def write_corpus(folder: Path, n: int) -> list[Path]:
    paths = []
    for i in range(n):
        a, b = PARAGRAPHS[i % 4], PARAGRAPHS[(i + 1) % 4]
        if i % 5 == 0:
            b = b.rstrip(".") + f", {FRENCH}, and doctors are hopeful."
        p = folder / f"note{i:04d}.md"
        p.write_text(f"# Note {i}\n\n{a}\n\n{b}\n", encoding="utf-8")
        paths.append(p)
    return paths


def timed(commands: list[list[str]], runs: int) -> list[tuple[float, float, float, float, int]]:
    """(median, min, max wall seconds, median CPU seconds, exit code) of each command, the commands
    run in turn ``runs`` times (interleaved, so a machine that slows down or speeds up affects them
    alike). CPU time (user + system, from ``getrusage``) varies less with the machine's load."""
    times: list[list[float]] = [[] for _ in commands]
    cpus: list[list[float]] = [[] for _ in commands]
    codes = [0] * len(commands)
    for _ in range(runs):
        for i, args in enumerate(commands):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            codes[i] = subprocess.run(args, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
            times[i].append(time.perf_counter() - t)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus[i].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return [
        (statistics.median(t), min(t), max(t), statistics.median(c), code) for t, c, code in zip(times, cpus, codes)
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args()
    cmd = bilingual_cmd()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "notes"
        folder.mkdir()
        paths = write_corpus(folder, args.files)
        (version, one, many) = timed(
            [[*cmd, "--version"], [*cmd, "check", "-q", str(paths[1])], [*cmd, "check", "-q", str(folder)]], args.runs
        )
    flagged = len(range(0, args.files, 5))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; medians of {args.runs} runs")
    rows = [
        ("bilingual --version", version, ""),
        ("bilingual check ONE.md", one, ""),
        (f"bilingual check FOLDER ({args.files} files)", many, f"; {flagged} files with French"),
    ]
    print(f"{'':36} {'wall':>6}   {'(min-max)':11} {'CPU':>6}")
    for label, (med, lo, hi, cpu, code), note in rows:
        print(f"{label:36} {med:6.2f} s ({lo:.2f}-{hi:.2f}) {cpu:6.2f} s  exit {code}{note}")
    per_file = [(many[k] - one[k]) / max(1, args.files - 1) * 1000 for k in (0, 3)]
    print(f"{'each further file':36} {per_file[0]:6.1f} ms {'':11} {per_file[1]:5.1f} ms")


if __name__ == "__main__":
    main()
