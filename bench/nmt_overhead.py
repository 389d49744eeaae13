"""Per-sentence overhead of the ``nmt`` engine against raw CTranslate2 calls, on the tiny model.

    python bench/nmt_overhead.py                  # 64 sentences, 15 rounds
    python bench/nmt_overhead.py --sentences 200 --rounds 25

Both sides translate the same sentences (the sample article's, fr->en) with the
same translator object and the same options (beam 4, max 32 steps), in one
``translate_batch`` call:

* raw: ``sp.encode`` each sentence, ``translator.translate_batch``, join the
  pieces and replace ``▁`` with spaces -- what Argos Translate does;
* engine: ``NmtEngine.translate_batch`` -- term protection, encoding, the same
  call, decoding, placeholder restoring, fitting to the span, and the forced
  second batch for spans whose placeholders did not come back.

Rounds alternate which side goes first; printed: median ms per sentence for
each side, their ratio (target <= 1.2x) and the ratio of the fastest runs (less
disturbed by other processes), for sentences with no termbase term (repeated to
the same count) and for all sentences. The tiny model is random (tests/tinymodel.py), so
decoding runs to the cap and nearly all time is CTranslate2's; on the
all-sentences row the random model also loses placeholders more often than a
trained one would, which sends those spans through the forced second batch.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "src")]

from bilingual import models  # noqa: E402
from bilingual.engines.nmt import NmtEngine  # noqa: E402
from bilingual.model import Lang  # noqa: E402

TARGET = 1.2
OPTIONS = {"beam_size": 4, "max_decoding_length": 32}


def sentences(n: int) -> list[str]:
    text = (ROOT / "input" / "article.txt").read_text(encoding="utf-8")
    out = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if len(s.split()) >= 3]
    return (out * (n // len(out) + 1))[:n]


def raw(loaded, texts: list[str]) -> list[str]:
    tokens = [loaded.source_sp.encode(t, out_type=str) for t in texts]
    results = loaded.translator.translate_batch(
        tokens, replace_unknowns=True, return_scores=True, max_batch_size=32, **OPTIONS
    )
    return ["".join(r.hypotheses[0]).replace("\u2581", " ").strip() for r in results]


def measure(engine: NmtEngine, texts: list[str], rounds: int) -> tuple[float, float, float, float]:
    """(raw, engine) ms per sentence: medians, then minimums. Rounds alternate which side goes first."""
    loaded = engine.model(Lang.FR, Lang.EN)
    sides = {"raw": lambda: raw(loaded, texts), "engine": lambda: engine.translate_batch(texts, Lang.FR, Lang.EN)}
    for run in sides.values():  # warm up
        run()
    times: dict[str, list[float]] = {"raw": [], "engine": []}
    for i in range(rounds):
        for name in ("raw", "engine") if i % 2 == 0 else ("engine", "raw"):
            t0 = time.perf_counter()
            sides[name]()
            times[name].append(time.perf_counter() - t0)
    ms = 1000 / len(texts)
    return (
        statistics.median(times["raw"]) * ms,
        statistics.median(times["engine"]) * ms,
        min(times["raw"]) * ms,
        min(times["engine"]) * ms,
    )


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sentences", type=int, default=64)
    ap.add_argument("--rounds", type=int, default=15)
    args = ap.parse_args(argv)

    from tinymodel import build_argosmodel

    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        t0 = time.perf_counter()
        models.install(build_argosmodel(Path(tmp) / "files" / "translate-fr_en-tiny.argosmodel", "fr", "en"), store)
        print(f"tiny model built and installed in {time.perf_counter() - t0:.2f}s")
        engine = NmtEngine(models_dir=store, **OPTIONS)
        texts = sentences(args.sentences)
        pattern = engine._term_pattern(Lang.FR, Lang.EN)[0]
        plain = [t for t in texts if not pattern.search(t)]
        plain = (plain * (len(texts) // max(1, len(plain)) + 1))[: len(texts)]
        rows = [("no termbase term", plain), ("all sentences", texts)]
        print(
            f"{'sentences':<18} {'n':>4} {'raw ms/sent':>12} {'engine ms/sent':>15} {'ratio':>6} {'ratio of mins':>14}"
            f"  target <= {TARGET}x"
        )
        overhead = 0.0
        for label, batch in rows:
            before = engine.forced_spans
            r, e, r_min, e_min = measure(engine, batch, args.rounds)
            forced = (engine.forced_spans - before) / (args.rounds + 1)  # per call
            if label == "no termbase term":
                overhead = e / r
            print(
                f"{label:<18} {len(batch):>4} {r:>12.3f} {e:>15.3f} {e / r:>5.2f}x {e_min / r_min:>13.2f}x"
                + (f"  ({forced:.0f} of {len(batch)} lost a placeholder: second, forced batch)" if forced else "")
            )
    print(
        f"engine overhead (no-term row, medians): {overhead:.2f}x -> {'OK' if overhead <= TARGET else 'ABOVE TARGET'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
