"""Detection throughput on a generated ~1M-word mixed English/French input.

    /work/venv/bin/python bench/speed_detect.py                 # 1M words
    /work/venv/bin/python bench/speed_detect.py --words 200000  # quicker

The input is built from the paragraphs of ../shared/eval (English-base and
French-base documents with French/English sentences and phrases), repeated in
a seeded shuffled order until it holds the requested number of words. It
prints words/s for sentence splitting (spaCy), for detection proper and for
both, next to langdetect (seeded) classifying each sentence of the same text
(timed on a sample of ``--langdetect-words`` words, since it runs at about
5k words/s), and the ratio. Timings are wall-clock on a shared machine:
compare the ratio rather than absolute figures.
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


def build_input(n_words: int, seed: int = 0) -> str:
    import quality

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
    ap.add_argument("--langdetect-words", type=int, default=30_000,
                    help="words of the same text classified by langdetect, sentence by sentence (default 30k)")
    args = ap.parse_args(argv)
    import quality

    if not quality.EVAL.is_dir():
        print(f"bench/speed_detect.py: labelled data not found at {quality.EVAL} "
              "(expected the shared folder beside the repository, ../shared)", file=sys.stderr)
        return 2
    from bilingual.detect import detect
    from bilingual.segment import sentences

    text = build_input(args.words)
    n = len(text.split())
    sentences("warm up. Un essai.")  # load spaCy and wordfreq outside the timings
    detect("warm up", sentences("warm up"), base_lang="en")

    t0 = time.perf_counter()
    sents = sentences(text)
    t1 = time.perf_counter()
    det = detect(text, sents)
    t2 = time.perf_counter()
    seg_s, det_s = t1 - t0, t2 - t1
    print(f"input: {n:,} words, {len(text):,} chars, {len(sents):,} sentences; base={det.base_lang.value}, "
          f"{len(det.segments):,} segments, {len(det.flags):,} low_confidence flags")
    print(f"sentences (spaCy)      {seg_s:7.2f}s  {n / seg_s:>12,.0f} words/s")
    print(f"detect                 {det_s:7.2f}s  {n / det_s:>12,.0f} words/s")
    total = n / (seg_s + det_s)
    print(f"sentences + detect     {seg_s + det_s:7.2f}s  {total:>12,.0f} words/s")

    from langdetect import DetectorFactory, detect as ld_detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    words = 0
    t0 = time.perf_counter()
    for s in sents:
        if words >= args.langdetect_words:
            break
        chunk = text[s.start:s.end]
        words += len(chunk.split())
        try:
            ld_detect(chunk)
        except LangDetectException:
            pass
    ld = words / (time.perf_counter() - t0)
    print(f"langdetect per sentence (on the first {words:,} words) {ld:>12,.0f} words/s")
    print(f"ratio (sentences + detect) / langdetect: {total / ld:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
