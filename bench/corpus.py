"""Deterministic mixed English/French corpora for the benchmarks, generated at run time.

Sentences come from the sample article (``input/article.txt``: English with
French spans) and, when the labelled dev data is at hand
(``../shared/eval/mixed_dev*.jsonl``, or ``--eval DIR``), from its mixed
documents (English with whole French sentences). Paragraphs of 2-6 such lines,
now and then a short heading line, are drawn with a fixed seed and separated by
blank lines until the target size is reached. Same sources + same seed = same
bytes. Nothing is committed: corpora go to a temporary folder.

    python bench/corpus.py --words 1000000 /tmp/corpus.txt
    python bench/corpus.py --mb 100 /tmp/big.txt
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EVAL = ROOT.parent / "shared" / "eval"
SEED = 20261129
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý])")


def sources(eval_dir: Path | None = DEFAULT_EVAL) -> tuple[list[str], list[str]]:
    """(sentences, source names): the sample article's sentences, then the dev documents'."""
    names = ["input/article.txt"]
    lines = (ROOT / "input" / "article.txt").read_text(encoding="utf-8").splitlines()[1:]  # not the chatter line
    sents = [s for ln in lines if ln.strip() for s in _SENT.split(ln.strip())]
    if eval_dir is not None:
        for f in sorted(Path(eval_dir).glob("mixed_dev*.jsonl")):
            names.append(f.name)
            for row in f.read_text(encoding="utf-8").splitlines():
                sents += [s for s in _SENT.split(json.loads(row)["mixed"]) if s.strip()]
    return sents, names


def generate(
    path: Path, *, words: int = 0, size: int = 0, seed: int = SEED, eval_dir: Path | None = DEFAULT_EVAL
) -> dict:
    """Write a corpus of at least ``words`` words or ``size`` bytes to ``path``; return its stats."""
    sents, names = sources(eval_dir if eval_dir and Path(eval_dir).is_dir() else None)
    rng = random.Random(seed)
    n_words = n_bytes = 0
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        while (words and n_words < words) or (size and n_bytes < size):
            if rng.random() < 0.15:  # a heading: a short sentence without its full stop
                para = rng.choice([s for s in rng.sample(sents, 8) if len(s) < 90] or sents[:1]).rstrip(".!?:")
            else:
                para = " ".join(rng.choice(sents) for _ in range(rng.randint(2, 6)))
            block = para + "\n\n"
            out.write(block)
            n_words += len(block.split())
            n_bytes += len(block.encode("utf-8"))
    return {"path": str(path), "words": n_words, "bytes": n_bytes, "sources": names, "seed": seed}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--words", type=int, default=0)
    ap.add_argument("--mb", type=float, default=0)
    ap.add_argument("--eval", type=Path, default=DEFAULT_EVAL, help="folder with mixed_dev*.jsonl")
    ap.add_argument("--seed", type=int, default=SEED)
    a = ap.parse_args()
    if not a.words and not a.mb:
        ap.error("give --words or --mb")
    print(json.dumps(generate(a.out, words=a.words, size=int(a.mb * 1e6), seed=a.seed, eval_dir=a.eval)))


if __name__ == "__main__":
    main()
