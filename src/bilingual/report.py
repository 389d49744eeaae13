"""The machine-readable report of a run (``<stem>.report.json``); schema in README."""
from __future__ import annotations

import bisect
import json

from .model import Lang, Result

SCHEMA_VERSION = 1


def summary_counts(result: Result) -> dict:
    """Counts shown in the summary line and the report."""
    out = {}
    n_sent = len(result.sentences)
    starts = [s.start for s in result.sentences]
    for lang in (Lang.EN, Lang.FR):
        untranslated = [f for f in result.flags_for(lang) if f.kind == "untranslated"]
        # a sentence needs an MT engine when any part of it was left untranslated in this output
        need_mt = set()
        for f in untranslated:
            i = max(0, bisect.bisect_right(starts, f.start) - 1)
            while i < n_sent and result.sentences[i].start < f.end:
                if f.start < result.sentences[i].end:
                    need_mt.add(i)
                i += 1
        out[lang.value] = {
            "changes": len(result.changes_for(lang)),
            "flags": len(result.flags_for(lang)),
            "untranslated": len(untranslated),
            "sentences_needing_mt": len(need_mt),
            "sentences": n_sent,
        }
    out["input_flags"] = len(result.flags_for(None))
    return out


def build_report(result: Result, source: str = "<stdin>") -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "source": source,
        "base_lang": result.base_lang.value,
        "engine": result.engine,
        "notes": list(result.notes),
        "summary": summary_counts(result),
        "flags": [f.to_dict() for f in result.flags],
        "changes": [c.to_dict() for c in result.changes],
        "segments": [s.to_dict() for s in result.segments],
        "sentences": [[s.start, s.end] for s in result.sentences],
    }


def report_json(result: Result, source: str = "<stdin>") -> str:
    return json.dumps(build_report(result, source), ensure_ascii=False, indent=1) + "\n"
