"""Quality of the clean outputs (run from the repo root).

    /work/venv/bin/python bench/quality_clean.py                 # builtin engine, all data sets
    /work/venv/bin/python bench/quality_clean.py --engine auto   # another engine
    /work/venv/bin/python bench/quality_clean.py --left          # also list the tokens left behind

Per data set (the user's article; ../shared/eval/mixed_dev.jsonl; mixed_dev_phrase.jsonl; and
``fr_base``, bench/quality.py's French-base variant of mixed_dev_phrase, which has no reference):

- ``fr_in_en``: French word tokens left in the English output, and ``en_in_fr``: English
  word tokens left in the French output, both as labelled by the project's own detector
  (``bilingual.detect``) run on the output; acronyms are neutral and not counted.
- ``chrF en`` / ``chrF fr``: chrF (sacrebleu, corpus level) of each output against
  ``gold_en`` / ``gold_fr`` (the article has no reference: "-").
- ``untr en`` / ``untr fr``: number of ``untranslated`` flags in each output.

``bench/quality.py`` (detection quality) calls :func:`main_clean` at its end.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EVAL = REPO.parent / "shared" / "eval"


def _docs(name: str) -> list[dict]:
    if name == "article":
        return [{"mixed": (REPO / "input" / "article.txt").read_text(encoding="utf-8")}]
    if name == "fr_base":  # French base with English sentences and phrases, built by bench/quality.py
        sys.path.insert(0, str(Path(__file__).parent))
        from evaldata import load_fr_base

        return [{"mixed": d.text} for d in load_fr_base()]
    with open(EVAL / f"{name}.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def left_tokens(text: str, lang) -> list[str]:
    """Word tokens of ``text`` that the project's detector labels ``lang``."""
    from bilingual import detect, segment

    det = detect.detect(text, segment.sentences(text), base_lang=None)
    return [t.text for t in det.tokens if t.lang is lang]


def evaluate(name: str, engine: str = "builtin", show_left: bool = False) -> dict:
    """Figures for one data set (see the module docstring)."""
    import sacrebleu

    from bilingual import Config, Lang, process

    docs = _docs(name)
    config = Config(engine=engine)
    hyp = {Lang.EN: [], Lang.FR: []}
    left = {Lang.EN: Counter(), Lang.FR: Counter()}
    untranslated = {Lang.EN: 0, Lang.FR: 0}
    t0 = time.perf_counter()
    for d in docs:
        r = process(d["mixed"], config)
        for lang in (Lang.EN, Lang.FR):
            out = r.output(lang)
            hyp[lang].append(out)
            left[lang].update(left_tokens(out, lang.other))
            untranslated[lang] += sum(1 for f in r.flags_for(lang) if f.kind == "untranslated")
    res = {
        "set": name,
        "docs": len(docs),
        "seconds": time.perf_counter() - t0,
        "fr_in_en": sum(left[Lang.EN].values()),
        "en_in_fr": sum(left[Lang.FR].values()),
        "untranslated_en": untranslated[Lang.EN],
        "untranslated_fr": untranslated[Lang.FR],
    }
    for lang in (Lang.EN, Lang.FR):
        refs = [d.get(f"gold_{lang.value}") for d in docs]
        res[f"chrf_{lang.value}"] = (
            sacrebleu.corpus_chrf(hyp[lang], [refs]).score if all(r is not None for r in refs) else None
        )
    if show_left:
        res["left_en"] = left[Lang.EN].most_common(30)
        res["left_fr"] = left[Lang.FR].most_common(30)
    return res


def _fmt(x) -> str:
    return "-" if x is None else f"{x:.1f}"


def main_clean(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--engine", default="builtin", help="engine to clean with (default: builtin)")
    ap.add_argument("--left", action="store_true", help="list the most frequent tokens left behind")
    ap.add_argument("--sets", nargs="*", default=["article", "mixed_dev", "mixed_dev_phrase", "fr_base"])
    args = ap.parse_args(argv if argv is not None else [])
    print(f"Clean outputs (engine {args.engine}; tokens left by the project's detector; chrF vs gold)")
    print(
        f"{'set':<18}{'docs':>5}{'fr_in_en':>10}{'en_in_fr':>10}{'chrF en':>9}{'chrF fr':>9}"
        f"{'untr en':>9}{'untr fr':>9}{'sec':>7}"
    )
    for name in args.sets:
        r = evaluate(name, args.engine, args.left)
        print(
            f"{name:<18}{r['docs']:>5}{r['fr_in_en']:>10}{r['en_in_fr']:>10}{_fmt(r['chrf_en']):>9}"
            f"{_fmt(r['chrf_fr']):>9}{r['untranslated_en']:>9}{r['untranslated_fr']:>9}{r['seconds']:>7.1f}"
        )
        if args.left:
            print(f"    French left in en: {r['left_en']}")
            print(f"    English left in fr: {r['left_fr']}")
    return 0


if __name__ == "__main__":
    sys.exit(main_clean(sys.argv[1:]))
