"""The labelled evaluation data in ../shared/eval, read for the benchmarks (run from the repo root).

``load_article``, ``load_mixed`` and ``load_fr_base`` return :class:`Doc` values: a text and its
gold French character spans. ``fr_base`` is built from mixed_dev_phrase with the roles swapped:
a French base from ``gold_fr``, the switched sentences put back in English, and each inserted
phrase replaced by its English original inside French text.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
EVAL = SHARED / "eval"

WORD = re.compile(r"[^\W\d_]+")


@dataclass
class Doc:
    text: str
    fr_spans: list[tuple[int, int]]  # gold French character spans
    skip: list[tuple[int, int]] = field(default_factory=list)  # not scored
    id: str = ""  # the row's id in the .jsonl it came from


def acronym(w: str) -> bool:
    return sum(c.isupper() for c in w) >= 2 and not re.search(r"[a-zà-ÿ]{3}", w)


# ---------------------------------------------------------------- data sets
def load_article() -> list[Doc]:
    gold = json.loads((EVAL / "seed_spans.json").read_text(encoding="utf-8"))
    sys.path.insert(0, str(REPO / "src"))
    from bilingual.files import read_article

    text = read_article(SHARED / "seed" / "article.txt")
    assert len(text) == gold["text_length"], "article and seed_spans.json disagree"
    return [
        Doc(
            text,
            [(s["start"], s["end"]) for s in gold["french_spans"]],
            [(s["start"], s["end"]) for s in gold["neutral"]],
        )
    ]


def _rows(name: str) -> list[dict]:
    with open(EVAL / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_mixed(name: str) -> list[Doc]:
    return [Doc(r["mixed"], [(s["start"], s["end"]) for s in r["spans"] if s["lang"] == "fr"]) for r in _rows(name)]


def _runs(r: dict) -> list[tuple[str, str, str]] | None:
    """Split a mixed_dev row into its language runs, each with its counterpart.

    Returns [(lang, separator_before, counterpart_in_the_other_gold), ...], or
    None when the runs cannot be aligned with the gold documents.
    """
    spans = sorted(r["spans"], key=lambda s: s["start"])
    mixed = r["mixed"]
    gold = {"en": r["gold_en"], "fr": r["gold_fr"]}
    pos = {"en": 0, "fr": 0}
    found = []
    for s in spans:  # locate each run in its own gold document
        t = mixed[s["start"] : s["end"]]
        i = gold[s["lang"]].find(t, pos[s["lang"]])
        if i < 0:
            return None
        found.append((s["lang"], i, i + len(t)))
        pos[s["lang"]] = i + len(t)
    out = []
    for k, (lang, _, _) in enumerate(found):
        other = "fr" if lang == "en" else "en"
        # the counterpart lies in gold[other] between the neighbouring runs of `other`
        prev_end = max((e for (l2, _, e) in found[:k] if l2 == other), default=0)
        nxt = [b for (l2, b, _) in found[k + 1 :] if l2 == other]
        counterpart = gold[other][prev_end : nxt[0] if nxt else len(gold[other])].strip()
        sep = mixed[spans[k - 1]["end"] : spans[k]["start"]] if k else ""
        out.append((lang, sep, counterpart))
    return out


def load_fr_base() -> list[Doc]:
    """French-base documents with English sentences and phrases (roles of mixed_dev_phrase swapped)."""
    plain = {r["id"]: r for r in _rows("mixed_dev.jsonl")}
    docs = []
    for pr in _rows("mixed_dev_phrase.jsonl"):
        runs = _runs(plain[pr["id"]])
        if runs is None:
            continue
        # (lang, separator before, text): English runs become French and vice versa
        parts = [("fr" if lang == "en" else "en", sep or "", t) for lang, sep, t in runs]
        for ph in pr.get("phrases", []):  # an English phrase inside French text
            for k, (lang, sep, t) in enumerate(parts):
                if lang == "fr" and t.count(ph["fr"]) == 1 and ph["en"] != ph["fr"]:
                    a, b = t.split(ph["fr"])
                    parts[k : k + 1] = [("fr", sep, a), ("en", "", ph["en"]), ("fr", "", b)]
                    break
        text, fr = "", []
        for lang, sep, t in parts:
            text += sep
            if lang == "fr" and t.strip():
                lead = len(t) - len(t.lstrip())
                fr.append((len(text) + lead, len(text) + len(t.rstrip())))
            text += t
        docs.append(Doc(text, fr, id=pr["id"]))
    return docs
