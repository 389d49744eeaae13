"""The machine-readable report of a run (``<stem>.report.json``); schema in README."""
from __future__ import annotations

import bisect
import functools
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
    return dumps(build_report(result, source)) + "\n"


_SCALARS = (str, int, float, bool, type(None))


@functools.lru_cache(maxsize=64)
def _flat_encoder(depth: int):
    """C-accelerated encoder of a container of scalars whose items sit at indent ``depth + 1``.

    Built once per depth: ``JSONEncoder.encode`` would set up a new C encoder on every call.
    """
    enc = json.JSONEncoder(ensure_ascii=False, separators=(",\n" + " " * (depth + 1), ": "))
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - CPython always has it
        return enc.encode
    c_encode = make(None, enc.default, json.encoder.encode_basestring, None, enc.key_separator,
                    enc.item_separator, False, False, True)
    return lambda obj: "".join(c_encode(obj, 0))


def dumps(obj, depth: int = 0) -> str:
    """Exactly ``json.dumps(obj, ensure_ascii=False, indent=1)`` for an object at indent ``depth``.

    ``json.dumps`` with ``indent`` runs the pure-Python encoder; here every container
    of scalars (most of a report) is written by the C encoder in one call, with the
    indentation as its item separator.

    >>> d = {"a": [1, "é"], "b": {}, "c": [{"x": None}]}
    >>> dumps(d) == json.dumps(d, ensure_ascii=False, indent=1)
    True
    """
    if isinstance(obj, dict):
        items = obj.values()
    elif isinstance(obj, (list, tuple)):
        items = obj
    else:
        return json.dumps(obj, ensure_ascii=False)
    if not obj:
        return "{}" if isinstance(obj, dict) else "[]"
    inner = "\n" + " " * (depth + 1)
    if all(isinstance(v, _SCALARS) for v in items):
        flat = _flat_encoder(depth)(obj)
        return flat[0] + inner + flat[1:-1] + "\n" + " " * depth + flat[-1]
    if isinstance(obj, dict):
        enc = json.JSONEncoder(ensure_ascii=False).encode
        body = ("," + inner).join(f"{enc(_key(k))}: {dumps(v, depth + 1)}" for k, v in obj.items())
        return "{" + inner + body + "\n" + " " * depth + "}"
    body = ("," + inner).join(dumps(v, depth + 1) for v in obj)
    return "[" + inner + body + "\n" + " " * depth + "]"


def _key(k) -> str:
    """A dict key as ``json`` writes it (non-string scalars become strings)."""
    if isinstance(k, str):
        return k
    if k is True or k is False or k is None:
        return json.dumps(k)
    if isinstance(k, float):
        return json.dumps(k)
    if isinstance(k, int):
        return int.__repr__(k)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(k).__name__}")
