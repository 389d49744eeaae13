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
is what each extra file adds when no file pays the start-up again.
"""
from __future__ import annotations

import argparse
import os
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


def timed(commands: list[list[str]], runs: int) -> list[tuple[float, float, float, int]]:
    """(median, min, max, exit code) of each command, the commands run in turn ``runs`` times
    (interleaved, so a machine that slows down or speeds up affects them alike)."""
    times: list[list[float]] = [[] for _ in commands]
    codes = [0] * len(commands)
    for _ in range(runs):
        for i, args in enumerate(commands):
            t = time.perf_counter()
            codes[i] = subprocess.run(args, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
            times[i].append(time.perf_counter() - t)
    return [(statistics.median(t), min(t), max(t), c) for t, c in zip(times, codes)]


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
        (version, one, many) = timed([[*cmd, "--version"], [*cmd, "check", "-q", str(paths[1])],
                                      [*cmd, "check", "-q", str(folder)]], args.runs)
    flagged = len(range(0, args.files, 5))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; median (min-max) of {args.runs} runs")
    rows = [("bilingual --version", version, ""),
            ("bilingual check ONE.md", one, ""),
            (f"bilingual check FOLDER ({args.files} files)", many, f"; {flagged} files with French")]
    for label, (med, lo, hi, code), note in rows:
        print(f"{label:36} {med:6.2f} s ({lo:.2f}-{hi:.2f})  exit {code}{note}")
    print(f"{'each further file (median difference)':36} {(many[0] - one[0]) / max(1, args.files - 1) * 1000:6.1f} ms")

if __name__ == "__main__":
    main()
