"""Words/s of ``bilingual clean`` on one machine's processes, on a Dask cluster, and as one CI shard.

    python bench/scale.py                  # the 1M-word corpus, 3 rounds (about 10 minutes on 2 cores)
    python bench/scale.py --words 200000   # a smoke run

The 1M-word corpus of ``bench/corpus.py`` is cut at paragraph breaks into files of
about ``--file-words`` words (default 10,000: about 100 files, none streamed), and
into a JSON Lines data set with a row of about ``--row-words`` words (default 1,000).
A single big file would not compare fairly: ``--jobs`` spreads one large file's
chunks over the CPUs, the cluster cleans whole files. Every figure is a fresh
``bilingual clean`` subprocess (``--no-html -q``), wall clock from start to exit,
start-up included; words are ``str.split`` words of the input. Measured:

- ``--jobs 1`` (one process: the per-worker rate) and ``--jobs 2``, the baseline;
- ``--scheduler local:2``: the command starts a LocalCluster of 2 worker processes;
- ``--scheduler tcp://...``: a 2-worker LocalCluster started beforehand by this script
  (127.0.0.1, no dashboard), as a long-lived cluster is: just restarted (cold workers:
  each imports bilingual and builds its engine), then again (warm);
- ``--shard 1/2 --jobs 2``: what one of 2 CI jobs does (its half of the words);

for the files and for the data set, ``--rounds`` times, interleaved (other work on
the machine then slows every mode alike). Each line prints the best words/s, its
ratio to ``--jobs 2`` on the same input, and every run's wall time. Target: the
2-worker cluster >= 0.8x ``--jobs 2``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(Path(__file__).resolve().parent), str(ROOT / "src")]
import corpus  # noqa: E402

ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}
TARGET = 0.8


def bilingual_cmd() -> list[str]:
    script = Path(sys.executable).parent / "bilingual"
    return [str(script)] if script.exists() else [sys.executable, "-m", "bilingual"]


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def split(paras: list[str], words: int) -> list[str]:
    """Consecutive paragraphs joined into pieces of about ``words`` words."""
    out, cur, n = [], [], 0
    for p in paras:
        cur.append(p)
        n += len(p.split())
        if n >= words:
            out.append("\n\n".join(cur) + "\n")
            cur, n = [], 0
    if cur:
        out.append("\n\n".join(cur) + "\n")
    return out


def timed(args: list[str]) -> float:
    t0 = time.perf_counter()
    r = subprocess.run(
        bilingual_cmd() + args + ["--no-html", "-q"],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wall = time.perf_counter() - t0
    if r.returncode not in (0,):
        sys.exit(f"bilingual {' '.join(args)} failed ({r.returncode}): {r.stderr.strip()[-500:]}")
    return wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--words", type=int, default=1_000_000)
    ap.add_argument("--file-words", type=int, default=10_000)
    ap.add_argument("--row-words", type=int, default=1_000)
    ap.add_argument("--rounds", type=int, default=3, help="runs of each mode (the best is shown)")
    ap.add_argument("--eval", type=Path, default=corpus.DEFAULT_EVAL)
    a = ap.parse_args()
    import distributed

    with tempfile.TemporaryDirectory(prefix="bilingual-scale-") as tmp:
        tmp = Path(tmp)
        stats = corpus.generate(tmp / "corpus.txt", words=a.words, eval_dir=a.eval)
        paras = paragraphs((tmp / "corpus.txt").read_text(encoding="utf-8"))
        files = split(paras, a.file_words)
        docs = tmp / "docs"
        docs.mkdir()
        for i, body in enumerate(files):
            (docs / f"part{i:04d}.txt").write_text(body, encoding="utf-8")
        rows = split(paras, a.row_words)
        with open(tmp / "data.jsonl", "w", encoding="utf-8") as fh:
            for i, body in enumerate(rows):
                fh.write(json.dumps({"id": i, "text": body}, ensure_ascii=False) + "\n")
        words = sum(len(b.split()) for b in files)
        half = sum(len(b.split()) for b in files[0::2])  # --shard 1/2 of the files: every other one
        print(
            f"corpus: {stats['words']:,} words ({stats['bytes'] / 1e6:.1f} MB, seed {stats['seed']}); "
            f"{len(files)} files of ~{a.file_words:,} words; {len(rows)} JSONL rows of ~{a.row_words:,} words; "
            f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
        )
        with (
            distributed.LocalCluster(
                n_workers=2,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                silence_logs=50,
            ) as lc,
            distributed.Client(lc) as client,
        ):
            addr = lc.scheduler_address
            inputs = {
                "files": (docs, [], half),
                "JSONL": (tmp / "data.jsonl", ["--text-field", "text"], _shard_words(tmp / "data.jsonl")),
            }
            modes = [
                ("--jobs 1 (one process)", ["--jobs", "1"], False),
                ("--jobs 2", ["--jobs", "2"], False),
                ("--scheduler local:2 (cluster started by the command)", ["--scheduler", "local:2"], False),
                ("--scheduler tcp:// 2 workers, cold (just restarted)", ["--scheduler", addr], True),
                ("--scheduler tcp:// 2 workers, warm (second run)", ["--scheduler", addr], False),
                ("--shard 1/2 --jobs 2 (one of 2 CI jobs)", ["--shard", "1/2", "--jobs", "2"], False),
            ]
            walls: dict = {}
            for r in range(a.rounds):  # interleaved: a load that comes and goes hits every mode alike
                for kind, (src, extra, _) in inputs.items():
                    for label, args, restart in modes:
                        if restart:
                            client.restart()  # fresh worker processes: imports and engine to build
                        out = tmp / f"out-{kind}-{label[:12]}"
                        walls.setdefault((kind, label), []).append(
                            timed(["clean", str(src), "-o", str(out), *extra, *args])
                        )
                print(f"round {r + 1} of {a.rounds} done (load average {os.getloadavg()[0]:.1f})", file=sys.stderr)
        for kind, (src, extra, part) in inputs.items():
            print(f"\n{kind} (best of {a.rounds} runs; all: wall seconds)")
            base = words / min(walls[(kind, "--jobs 2")])
            for label, args, _ in modes:
                n = part if "shard" in label else words
                rate = n / min(walls[(kind, label)])
                runs = " ".join(f"{w:.1f}" for w in walls[(kind, label)])
                print(f"  {label:<54} {n:>9,} words {rate:>9,.0f} words/s {rate / base:5.2f}x  ({runs})")
                if "2 workers" in label or "local:2" in label:
                    print(f"  {'':<54} target >= {TARGET}x --jobs 2: {'ok' if rate / base >= TARGET else 'MISSED'}")


def _shard_words(data: Path) -> int:
    from bilingual.dataset import read_lines

    return sum(len(json.loads(raw)["text"].split()) for _, raw in read_lines(data, shard=(1, 2)))


if __name__ == "__main__":
    main()
