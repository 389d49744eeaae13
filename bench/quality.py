"""Detection quality on the labelled data in ../shared/eval (run from the repo root).

    /work/venv/bin/python bench/quality.py            # all data sets
    /work/venv/bin/python bench/quality.py --errors   # also list mislabelled tokens

For every data set it prints precision, recall and F1 of the French class over
word tokens, and sentence accuracy (a sentence is right when the majority
label of its scored words matches the gold majority; "exact" counts sentences
with every scored word right). Acronyms (two or more capitals) and the
article's ``neutral`` entries are not scored. Predictions are the languages of
the segments :func:`bilingual.detect.detect` returns, i.e. what later stages see.

Data sets: the article (seed_spans.json), mixed_dev.jsonl, mixed_dev_phrase.jsonl,
and ``fr_base``: the mixed_dev_phrase documents with the roles swapped (French
base built from ``gold_fr``, the switched sentences put back in English, and
each inserted phrase replaced by its English original inside French text).

If bench/quality_clean.py exists, its ``main_clean()`` runs afterwards (the
output-quality section).
"""

from __future__ import annotations

import argparse
import bisect
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from evaldata import EVAL, REPO, SHARED, WORD, Doc, acronym, load_article, load_fr_base, load_mixed  # noqa: F401


# ---------------------------------------------------------------- scoring
@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    sent_ok: int = 0
    sent_exact: int = 0
    sents: int = 0
    errors: list = field(default_factory=list)

    def line(self, name: str, secs: float) -> str:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return (
            f"{name:<18} P={p:.4f} R={r:.4f} F1={f:.4f}  sentence acc={self.sent_ok / self.sents:.4f}"
            f" (exact {self.sent_exact / self.sents:.4f}, n={self.sents})  {secs:.2f}s"
        )


def _inside(spans: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def score_doc(doc: Doc, score: Score) -> None:
    from bilingual.detect import detect
    from bilingual.model import Lang
    from bilingual.segment import sentences

    sents = sentences(doc.text)
    det = detect(doc.text, sents)
    segs = list(det.segments)
    seg_starts = [s.start for s in segs]
    gold = sorted(doc.fr_spans)
    gstarts = [s for s, _ in gold]
    skip = sorted(doc.skip)
    kstarts = [s for s, _ in skip]
    for sent in sents:
        g_fr = p_fr = n = wrong = 0
        for m in WORD.finditer(doc.text, sent.start, sent.end):
            if acronym(m.group()) or _inside(skip, kstarts, m.start()):
                continue
            g = _inside(gold, gstarts, m.start())
            seg = segs[bisect.bisect_right(seg_starts, m.start()) - 1]
            p = seg.lang is Lang.FR
            n += 1
            g_fr += g
            p_fr += p
            if g and p:
                score.tp += 1
            elif p:
                score.fp += 1
            elif g:
                score.fn += 1
            if g != p:
                wrong += 1
                score.errors.append((m.group(), "fr" if g else "en", doc.text[sent.start : sent.end]))
        if n:
            score.sents += 1
            score.sent_ok += (2 * g_fr > n) == (2 * p_fr > n)
            score.sent_exact += wrong == 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--errors", action="store_true", help="list the mislabelled words")
    args = ap.parse_args(argv)
    if not EVAL.is_dir():
        print(
            f"bench/quality.py: labelled data not found at {EVAL} "
            "(expected the shared folder beside the repository, ../shared)",
            file=sys.stderr,
        )
        return 2
    sys.path.insert(0, str(REPO / "src"))
    sets = {
        "article": load_article,
        "mixed_dev": lambda: load_mixed("mixed_dev.jsonl"),
        "mixed_dev_phrase": lambda: load_mixed("mixed_dev_phrase.jsonl"),
        "fr_base": load_fr_base,
    }
    print("Detection (French class, word tokens; acronyms not scored)")
    for name, load in sets.items():
        docs = load()
        sc = Score()
        t0 = time.perf_counter()
        for d in docs:
            score_doc(d, sc)
        print(sc.line(name, time.perf_counter() - t0))
        if args.errors:
            for w, g, s in sc.errors:
                print(f"    {w!r} gold={g}: {s[:140]}")
    clean = Path(__file__).with_name("quality_clean.py")
    if clean.exists():
        sys.path.insert(0, str(clean.parent))
        import quality_clean

        run = getattr(quality_clean, "main_clean", None) or getattr(quality_clean, "main")
        print()
        run()
    import trust  # bench/trust.py: what cleaning does to text that is already right

    print("\nDo no harm (bench/trust.py)")
    trust.main([])
    return 0


if __name__ == "__main__":
    sys.exit(main())
