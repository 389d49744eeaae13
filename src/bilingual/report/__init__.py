"""The machine-readable report of a run (``<stem>.report.json``); schema in docs/report.md."""

from __future__ import annotations

import bisect
import io
from typing import Optional

from ..model import Lang, Result
from .writer import ReportWriter, encode_items

SCHEMA_VERSION = 1


def summary_counts(result: Result) -> dict:
    """Counts shown in the summary line and the report: one entry per output made
    (``--to`` makes one), and the flags on the input."""
    out: dict = {}
    n_sent = len(result.sentences)
    starts = [s.start for s in result.sentences]
    sentences = result.sentences
    for lang in [l for l in (Lang.EN, Lang.FR) if l in result.outputs] or (Lang.EN, Lang.FR):
        flags = result.flags_for(lang)
        untranslated = [f for f in flags if f.kind == "untranslated"]
        # a sentence needs an MT engine when any part of it was left untranslated in this output
        need_mt = set()
        for f in untranslated:
            i = max(0, bisect.bisect_right(starts, f.start) - 1)
            while i < n_sent and sentences[i].start < f.end:
                if f.start < sentences[i].end:
                    need_mt.add(i)
                i += 1
        out[lang.value] = {
            "changes": len(result.changes_for(lang)),
            "flags": len(flags),
            "untranslated": len(untranslated),
            "sentences_needing_mt": len(need_mt),
            "sentences": n_sent,
        }
    out["input_flags"] = len(result.flags_for(None))
    return out


def report_head(result: Result, source: str = "<stdin>", summary: Optional[dict] = None) -> dict:
    """The report's fields before its lists; ``summary``: the counts when known (a chunked
    run adds up its chunks'), else :func:`summary_counts` of ``result``."""
    return {
        "schema_version": SCHEMA_VERSION,
        "source": source,
        "base_lang": result.base_lang.value,
        "engine": result.engine,
        "notes": list(result.notes),
        "summary": summary_counts(result) if summary is None else summary,
    }


def report_lists(result: Result) -> dict:
    """The report's lists (:data:`~bilingual.report.writer.LISTS`), in order."""
    return {
        "flags": [f.to_dict() for f in result.flags],
        "changes": [c.to_dict() for c in result.changes],
        "segments": [s.to_dict() for s in result.segments],
        "sentences": [[s.start, s.end] for s in result.sentences],
    }


def build_report(result: Result, source: str = "<stdin>") -> dict:
    """The report as a dict (one row's report in a JSON Lines run)."""
    return {**report_head(result, source), **report_lists(result)}


def report_json(result: Result, source: str = "<stdin>", summary: Optional[dict] = None) -> str:
    """The text of ``<stem>.report.json`` (:class:`~bilingual.report.writer.ReportWriter`, as a
    chunked run writes it)."""
    writer = ReportWriter()
    for name, items in report_lists(result).items():
        writer.add(name, encode_items(items))
    out = io.StringIO()
    writer.write(out, report_head(result, source, summary))
    return out.getvalue()
