"""Do no harm: what the cleaner does to text that is already right (run from the repo root).

    .venv/bin/python bench/trust.py            # all figures
    .venv/bin/python bench/trust.py --show     # also print every harmed text, finding and wrong translation

Figures (the targets of issue 10 in brackets):

- ``realworld_dev.jsonl`` (../shared/eval): of the ``unchanged`` texts, how many ``clean`` harms
  (its output in the text's own language differs from the text once typography changes are set
  aside) [0]; how many it flags; ``check --lang <base>`` findings on them [0]; legitimate lines
  lost over all texts [0]; chatter lines dropped of those expected [all].
- The ``gold_en`` / ``gold_fr`` sides of ``mixed_dev.jsonl`` (clean news and health text):
  ``check`` findings per 10,000 words [<= 1], and documents that ``clean --to <base>`` changes
  other than by typography [0].
- Precision of the built-in engine's ``translation`` changes on the mixed dev sets: a change is
  right when its words, in their order, are words of the gold reference [>= 0.95]; printed
  beside its coverage, the share of foreign word tokens the engine translated.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EVAL = REPO.parent / "shared" / "eval"
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "src"))

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _rows(name: str) -> list[dict]:
    with open(EVAL / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _words(s: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(s)]


def _without_typography(text: str, result, lang) -> str:
    from bilingual.render import apply_changes

    return apply_changes(text, [c for c in result.changes_for(lang) if c.kind != "typography"])


def realworld(show: bool) -> dict:
    from bilingual import Config, Lang, process
    from bilingual.check import check_text

    rows = _rows("realworld_dev.jsonl")
    out = {
        "unchanged": 0,
        "harmed": 0,
        "flagged": 0,
        "findings": 0,
        "lines_lost": 0,
        "chatter_expected": 0,
        "chatter_dropped": 0,
    }
    for row in rows:
        text, base = row["text"], Lang(row["base"])
        r = process(text, Config(base_lang=base.value, outputs=(base.value,)))
        got = _without_typography(text, r, base)
        lines = [ln for ln in text.splitlines() if ln.strip()]
        expected = list(lines)
        if row["expect"] == "drop_first":
            out["chatter_expected"] += 1
            chatter, expected = expected[0], expected[1:]
        elif row["expect"] == "drop_last":
            out["chatter_expected"] += 1
            chatter, expected = expected[-1], expected[:-1]
        else:
            chatter = None
        kept = {ln.strip() for ln in got.splitlines()}
        lost = [ln for ln in expected if ln.strip() not in kept]
        out["lines_lost"] += len(lost)
        if chatter is not None and chatter.strip() not in kept:
            out["chatter_dropped"] += 1
        if row["expect"] == "unchanged":
            out["unchanged"] += 1
            findings = check_text(text, row["id"], base.value).findings
            flags = r.flags_for(base)
            out["harmed"] += got != text
            out["flagged"] += bool(flags)
            out["findings"] += len(findings)
            if show and (got != text or flags or findings):
                print(f"  {row['id']}: {text.strip()[:90]!r}")
                if got != text:
                    print(f"    -> {got.strip()[:90]!r}")
                for f in flags:
                    print(f"    flag {f.kind}: {f.text!r}")
                for f in findings:
                    print(f"    check: {f.text!r} ({f.confidence})")
        elif show and lost:
            print(f"  {row['id']}: lost {lost}")
    return out


def gold_sides(show: bool) -> dict:
    from bilingual import Config, Lang, process
    from bilingual.check import check_text

    out = {}
    for lang in (Lang.EN, Lang.FR):
        words = findings = changed = 0
        docs = _rows("mixed_dev.jsonl")
        for d in docs:
            text = d[f"gold_{lang.value}"]
            words += len(_words(text))
            found = check_text(text, d["id"], lang.value).findings
            findings += len(found)
            r = process(text, Config(base_lang=lang.value, outputs=(lang.value,)))
            edits = [c for c in r.changes_for(lang) if c.kind != "typography"]
            changed += bool(edits)
            if show:
                for f in found:
                    print(f"  {d['id']} gold_{lang.value} check: {f.text!r} ({f.confidence})")
                for c in edits:
                    print(f"  {d['id']} gold_{lang.value} {c.kind}: {c.before!r} -> {c.after!r}")
        out[lang.value] = {
            "docs": len(docs),
            "words": words,
            "findings": findings,
            "per_10k": 10000 * findings / max(words, 1),
            "changed_docs": changed,
        }
    return out


def _in_order(needle: list[str], hay: list[str]) -> bool:
    """``needle`` occurs in ``hay`` as a contiguous run."""
    n = len(needle)
    return n == 0 or any(hay[i : i + n] == needle for i in range(len(hay) - n + 1))


def engine_precision(show: bool) -> dict:
    """Translation changes of the built-in engine judged against the gold side of their output."""
    from evaldata import load_fr_base

    from bilingual import Config, Lang, process

    sets = {
        "mixed_dev": [(d["mixed"], d["gold_en"], d["gold_fr"]) for d in _rows("mixed_dev.jsonl")],
        "mixed_dev_phrase": [(d["mixed"], d["gold_en"], d["gold_fr"]) for d in _rows("mixed_dev_phrase.jsonl")],
    }
    plain = {d["id"]: d for d in _rows("mixed_dev.jsonl")}
    # fr_base swaps the roles: its French base is the row's gold_fr side, its reference for fr
    sets["fr_base"] = [(doc.text, None, plain[doc.id]["gold_fr"]) for doc in load_fr_base()]
    out = {}
    for name, docs in sets.items():
        right = total = foreign = covered = 0
        for mixed, gold_en, gold_fr in docs:
            r = process(mixed, Config(engine="builtin"))
            base = r.base_lang
            gold = {Lang.EN: gold_en, Lang.FR: gold_fr}[base]
            if gold is None:
                continue
            hay = _words(gold)
            for seg in r.segments:
                if seg.lang is base.other:
                    foreign += len(_words(mixed[seg.start : seg.end]))
            for c in r.changes_for(base):
                if c.kind != "translation":
                    continue
                total += 1
                covered += len(_words(c.before))
                ok = _in_order(_words(c.after), hay)
                right += ok
                if show and not ok:
                    print(f"  {name}: {c.before!r} -> {c.after!r} ({c.confidence})")
        out[name] = {
            "changes": total,
            "right": right,
            "precision": right / total if total else 1.0,
            "coverage": covered / foreign if foreign else 0.0,
        }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--show", action="store_true", help="print every harm, finding and wrong translation")
    args = ap.parse_args(argv)
    if not EVAL.is_dir():
        print(f"no evaluation data at {EVAL}", file=sys.stderr)
        return 2
    rw = realworld(args.show)
    print(
        "realworld_dev: unchanged texts harmed {harmed} of {unchanged} (flagged {flagged}), "
        "check findings {findings}; legitimate lines lost {lines_lost}; "
        "chatter dropped {chatter_dropped} of {chatter_expected}".format(**rw)
    )
    for lang, g in gold_sides(args.show).items():
        print(
            f"mixed_dev gold_{lang}: {g['words']} words, check findings {g['findings']} "
            f"({g['per_10k']:.2f} per 10k words); clean changed {g['changed_docs']} of {g['docs']} docs "
            "(typography aside)"
        )
    for name, p in engine_precision(args.show).items():
        print(
            f"builtin translations on {name}: precision {p['precision']:.3f} ({p['right']}/{p['changes']}), "
            f"coverage {p['coverage']:.3f} of foreign words"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
