"""Detection throughput on a generated ~1M-word mixed English/French input.

    /work/venv/bin/python bench/speed_detect.py                 # 1M words
    /work/venv/bin/python bench/speed_detect.py --words 200000  # quicker

The input is built from the paragraphs of ../shared/eval (English-base and
French-base documents with French/English sentences and phrases), repeated in
a seeded shuffled order until it holds the requested number of words. It
prints words/s (wall-clock and CPU time) for sentence splitting (spaCy), for detection proper and for
both, next to langdetect (seeded) classifying each sentence of the same text
(timed on a sample of ``--langdetect-words`` words, since it runs at about
5k words/s), and the ratio. Word lists and spaCy are loaded before timing
(a one-off ~2 s per process); the word-score cache starts empty. On a shared
machine compare the ratio and CPU figures rather than absolute wall times.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))


class Clock:
    """Wall-clock and process CPU time since the previous lap (CPU time is less
    disturbed by other jobs on a shared machine)."""

    def __init__(self):
        self.w, self.c = time.perf_counter(), time.process_time()

    def lap(self) -> tuple[float, float]:
        w, c = time.perf_counter(), time.process_time()
        out = (w - self.w, c - self.c)
        self.w, self.c = w, c
        return out


def build_input(n_words: int, seed: int = 0) -> str:
    import evaldata as quality

    paras = [d.text for d in quality.load_mixed("mixed_dev_phrase.jsonl")] + [d.text for d in quality.load_fr_base()]
    rng = random.Random(seed)
    out, count = [], 0
    while count < n_words:
        rng.shuffle(paras)
        for p in paras:
            out.append(p)
            count += len(p.split())
            if count >= n_words:
                break
    return "\n\n".join(out) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--words", type=int, default=1_000_000, help="size of the generated input (default 1M)")
    ap.add_argument(
        "--langdetect-words",
        type=int,
        default=30_000,
        help="words of the same text classified by langdetect, sentence by sentence (default 30k)",
    )
    args = ap.parse_args(argv)
    import evaldata as quality

    if not quality.EVAL.is_dir():
        print(
            f"bench/speed_detect.py: labelled data not found at {quality.EVAL} "
            "(expected the shared folder beside the repository, ../shared)",
            file=sys.stderr,
        )
        return 2
    from bilingual.detect import detect
    from bilingual.evidence import load_lists
    from bilingual.segment import sentences

    text = build_input(args.words)
    n = len(text.split())
    warm = "Warm up. Un essai."
    detect(warm, sentences(warm))  # load spaCy, wordfreq and langdetect outside the timings
    load_lists()  # a short text only has its own words looked up; a long one uses the whole lists

    clock = Clock()
    sents = sentences(text)
    seg = clock.lap()
    det = detect(text, sents)
    det_t = clock.lap()
    print(
        f"input: {n:,} words, {len(text):,} chars, {len(sents):,} sentences; base={det.base_lang.value}, "
        f"{len(det.segments):,} segments, {len(det.flags):,} low_confidence flags"
    )
    print(f"{'':24}{'wall s':>8} {'words/s':>10} {'cpu s':>8} {'words/s':>10}")
    both = (seg[0] + det_t[0], seg[1] + det_t[1])
    for name, (w, c) in (("sentences (spaCy)", seg), ("detect", det_t), ("sentences + detect", both)):
        print(f"{name:<24}{w:8.2f} {n / w:10,.0f} {c:8.2f} {n / c:10,.0f}")

    from langdetect import DetectorFactory, detect as ld_detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    words = 0
    clock.lap()
    for s in sents:
        if words >= args.langdetect_words:
            break
        chunk = text[s.start : s.end]
        words += len(chunk.split())
        try:
            ld_detect(chunk)
        except LangDetectException:
            pass
    w, c = clock.lap()
    print(
        f"{'langdetect per sentence':<24}{w:8.2f} {words / w:10,.0f} {c:8.2f} {words / c:10,.0f}"
        f"   (on the first {words:,} words)"
    )
    print(
        f"ratio (sentences + detect) / langdetect: wall {n / both[0] / (words / w):.1f}x, "
        f"cpu {n / both[1] / (words / c):.1f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
