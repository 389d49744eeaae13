"""Speed and memory of ``bilingual clean``, in one run, with the targets beside the figures.

    python bench/perf.py                 # everything (about 10 minutes on 2 cores)
    python bench/perf.py --sizes 1,10    # skip the 100 MB input
    python bench/perf.py --quick         # 200k words, sizes 1 MB, 3 cold starts: a smoke run

What it measures (every ``bilingual`` run is a fresh subprocess, timed by wall
clock; CPU time is that of the process and its workers, from ``os.wait4``):

1. throughput: ``bilingual clean`` (built-in engine, default ``--jobs``: a
   streamed input's chunks on every CPU) on a generated 1M-word mixed corpus,
   in words/s (``str.split`` words, start-up included), beside
   langdetect run sentence by sentence (seeded, in this process; sentences from
   ``bilingual.segment``) on the same text -- on its first ``--langdetect-words``
   words (default 200k; langdetect is ~50x slower, 0 = the whole text);
2. cold start: median wall time of ``bilingual clean input/article.txt`` beside
   ``bilingual --version`` (the interpreter + Click floor), and their ratio; and
   against a fresh interpreter that imports spaCy and makes a blank pipeline (what
   sentence splitting costs any run), target at most 1.5x;
3. peak RSS of ``clean`` on the sample and on the largest generated input: the
   sum of each process's peak (VmHWM) over the process and its workers (pages the
   forked workers share with it count once per process: an upper bound), and the
   summed PSS (shared pages split between the processes), sampled every 0.2 s;
4. time for 1, 10 and 100 MB inputs, with seconds per MB (linear growth: flat).

Corpora are generated into a temporary folder by ``bench/corpus.py`` and deleted.
The code measured is this checkout's ``src/`` (put first on ``PYTHONPATH``).
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
sys.path[:0] = [str(Path(__file__).resolve().parent), str(ROOT / "src")]
import corpus  # noqa: E402

# the subprocesses run this tree's code (ahead of any installed copy)
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}
TARGETS = {
    "words_per_s": 100_000,
    "cold_start_s": 1.0,
    "rss_sample_mb": 250,
    "rss_100mb_mb": 600,
    "cold_start_vs_spacy": 1.5,
}


def bilingual_cmd() -> list[str]:
    script = Path(sys.executable).parent / "bilingual"
    return [str(script)] if script.exists() else [sys.executable, "-m", "bilingual"]


CPU: list[float] = []  # CPU seconds (user + system) of each run, in order


def tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat", "rb") as fh:
                    children.setdefault(int(fh.read().rsplit(b")", 1)[1].split()[1]), []).append(int(d))
            except OSError:
                continue
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, ()))
    return out


def peak_rss_kb(pid: int) -> int:
    """The peak resident memory of one process since it started its program (VmHWM; not
    getrusage's ru_maxrss, which keeps the size of the parent it was forked from)."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return 0


def tree_pss_mb(pid: int) -> float:
    """Proportional set size of ``pid`` and its descendants, summed: each page shared by n
    processes counts 1/n in each (what the run really holds; forked workers share most pages)."""
    total = 0
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                total += next(int(line.split()[1]) for line in fh if line.startswith("Pss:"))
        except (OSError, StopIteration):
            pass
    return total / 1024  # kB


PSS: list[float] = []  # peak summed PSS (MB) of each run, in order


def run(args: list[str]) -> tuple[float, float]:
    """Run ``bilingual ARGS`` in a subprocess; return (wall seconds, peak RSS in MB).

    The peak RSS is the sum of each process's own peak (VmHWM, read every 20 ms while
    the run lasts: the main process and its workers, if a large input's chunks are
    cleaned in several); pages the forked workers share with the main process count
    once per process, so it is an upper bound; the summed PSS (shared pages split)
    goes to ``PSS``. Its CPU time, workers included, goes to ``CPU``: on a shared
    machine it is steadier than wall time."""
    import threading

    t0 = time.perf_counter()
    proc = subprocess.Popen(
        bilingual_cmd() + args, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    hwm: dict[int, int] = {}
    pss, stop = [0.0], threading.Event()

    def sample() -> None:
        n = 0
        while not stop.wait(0.02):
            for p in tree(proc.pid):
                hwm[p] = max(hwm.get(p, 0), peak_rss_kb(p))
            n += 1
            if n % 10 == 0:  # smaps_rollup is dearer to read: every 0.2 s
                pss[0] = max(pss[0], tree_pss_mb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    stop.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if proc.returncode != 0:
        sys.exit(f"bilingual {' '.join(args)} failed ({proc.returncode}): {err.strip()}")
    CPU.append(usage.ru_utime + usage.ru_stime)
    PSS.append(pss[0])
    return wall, sum(hwm.values()) / 1024


def clean(path: Path, out: Path) -> tuple[float, float]:
    return run(["clean", str(path), "-e", "builtin", "-o", str(out), "-q"])


def langdetect_rate(text: str, max_words: int) -> tuple[float, float, int]:
    """(words/s, words per CPU second, words measured) of langdetect over the sentences of ``text``."""
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    from bilingual.segment import sentences

    DetectorFactory.seed = 0
    if max_words:
        words = text.split(" ")
        text = " ".join(words[:max_words])
    sents = [text[s.start : s.end] for s in sentences(text)]
    n = sum(len(s.split()) for s in sents)
    t0, c0 = time.perf_counter(), time.process_time()
    for s in sents:
        try:
            detect(s)
        except LangDetectException:
            pass
    return n / (time.perf_counter() - t0), n / (time.process_time() - c0), n


def _spacy_floor() -> float:
    """Wall time of a fresh interpreter that imports spaCy and makes the blank pipeline with the
    sentencizer ``bilingual.segment`` uses: the part of a cold start that is spaCy's."""
    code = "import spacy; nlp = spacy.blank('xx'); nlp.add_pipe('sentencizer')"
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - t0


def line(label: str, value: str, target: str = "", ok: bool | None = None) -> None:
    mark = "" if ok is None else ("  ok" if ok else "  MISSED")
    print(f"{label:<44} {value:>22}  {target}{mark}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--words", type=int, default=1_000_000, help="size of the throughput corpus")
    ap.add_argument("--sizes", default="1,10,100", help="input sizes in MB for the scaling runs")
    ap.add_argument("--langdetect-words", type=int, default=200_000, help="0: the whole corpus")
    ap.add_argument("--runs", type=int, default=5, help="cold-start runs (median)")
    ap.add_argument(
        "--eval",
        type=Path,
        default=corpus.DEFAULT_EVAL,
        help="folder with the dev data mixed into the corpora (default ../shared/eval)",
    )
    ap.add_argument("--quick", action="store_true")
    a = ap.parse_args()
    if a.quick:
        a.words, a.sizes, a.langdetect_words, a.runs = 200_000, "1", 50_000, 3
    sizes = [float(s) for s in a.sizes.split(",") if s]
    print(
        f"bilingual benchmarks: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {' '.join(bilingual_cmd())}",
        flush=True,
    )

    with tempfile.TemporaryDirectory(prefix="bilingual-bench-") as tmp:
        tmp = Path(tmp)
        out = tmp / "out"
        # 1. throughput
        c = corpus.generate(tmp / "words.txt", words=a.words, eval_dir=a.eval)
        print(
            f"corpus: {c['words']:,} words, {c['bytes'] / 1e6:.1f} MB, seed {c['seed']}, "
            f"sentences from {', '.join(c['sources'])}",
            flush=True,
        )
        wall, rss = clean(tmp / "words.txt", out)
        rate = c["words"] / wall
        line(
            "clean throughput (builtin engine)",
            f"{rate:,.0f} words/s",
            f">= {TARGETS['words_per_s']:,}",
            rate >= TARGETS["words_per_s"],
        )
        line(
            "  wall time, CPU time, peak RSS",
            f"{wall:.1f} s, {CPU[-1]:.1f} s, {rss:.0f} MB",
            f"{c['words'] / CPU[-1]:,.0f} words per CPU second; PSS {PSS[-1]:.0f} MB",
        )
        ld, ld_cpu, n = langdetect_rate((tmp / "words.txt").read_text(encoding="utf-8"), a.langdetect_words)
        line(f"langdetect per sentence ({n:,} words)", f"{ld:,.0f} words/s", f"{ld_cpu:,.0f} words per CPU second")
        line("  clean / langdetect", f"{rate / ld:.1f}x", f"per CPU second: {c['words'] / CPU[0] / ld_cpu:.1f}x")

        # 2. cold start
        version = [run(["--version"])[0] for _ in range(a.runs)]
        cpu_v = statistics.median(CPU[-a.runs :])
        sample = [run(["clean", "input/article.txt", "-o", str(out), "-q"]) for _ in range(a.runs)]
        cpu_c = statistics.median(CPU[-a.runs :])
        t_v, t_c = statistics.median(version), statistics.median(t for t, _ in sample)
        line(f"cold start: bilingual --version (median {a.runs})", f"{t_v:.2f} s", f"CPU {cpu_v:.2f} s")
        line(
            "cold start: bilingual clean input/article.txt",
            f"{t_c:.2f} s",
            f"CPU {cpu_c:.2f} s; <= {TARGETS['cold_start_s']} s",
            t_c <= TARGETS["cold_start_s"],
        )
        line("  clean / --version", f"{t_c / t_v:.1f}x")
        floor = [_spacy_floor() for _ in range(a.runs)]
        t_s = statistics.median(floor)
        line(f"cold start: import spacy + spacy.blank (median {a.runs})", f"{t_s:.2f} s", "what clean cannot avoid")
        line(
            "  clean / spaCy's start",
            f"{t_c / t_s:.2f}x",
            f"<= {TARGETS['cold_start_vs_spacy']}x",
            t_c / t_s <= TARGETS["cold_start_vs_spacy"],
        )
        rss_sample = max(r for _, r in sample)
        line(
            "peak RSS, sample article",
            f"{rss_sample:.0f} MB",
            f"<= {TARGETS['rss_sample_mb']} MB",
            rss_sample <= TARGETS["rss_sample_mb"],
        )

        # 3-4. scaling
        rows = []
        for mb in sizes:
            f = tmp / f"{mb:g}mb.txt"
            info = corpus.generate(f, size=int(mb * 1e6), eval_dir=a.eval)
            wall, rss = clean(f, out)
            f.unlink()
            rows.append((mb, wall, rss))
            line(
                f"{mb:g} MB input ({info['words']:,} words)",
                f"{wall:.1f} s, {rss:.0f} MB",
                f"{wall / mb:.2f} s/MB, CPU {CPU[-1]:.1f} s = {CPU[-1] / mb:.2f} s/MB, PSS {PSS[-1]:.0f} MB",
            )
        if rows:
            mb, _, rss = rows[-1]
            target = TARGETS["rss_100mb_mb"] if mb >= 100 else None
            line(
                f"peak RSS, {mb:g} MB input",
                f"{rss:.0f} MB",
                (f"<= {target} MB " if target else "") + f"(PSS {PSS[-1]:.0f} MB)",
                (rss <= target) if target else None,
            )
        cpus = CPU[-len(rows) :]
        for (m0, t0, _), (m1, t1, _), c0, c1 in zip(rows, rows[1:], cpus, cpus[1:]):
            line(f"time {m1:g} MB / time {m0:g} MB", f"{t1 / t0:.1f}x", f"CPU {c1 / c0:.1f}x; linear: {m1 / m0:g}x")


if __name__ == "__main__":
    main()
