"""The machine-readable report of a run (``<stem>.report.json``); schema in docs/report.md."""
from __future__ import annotations

import bisect
import json
from itertools import chain

from ..model import Lang, Result

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
_SCALAR_TYPES = frozenset(_SCALARS)
_ENCODERS: dict = {}  # depth -> (C encoder of a flat container at that depth, indent of its items, own indent)


def _flat_encoder(depth: int):
    """C-accelerated encoder of a container of scalars whose items sit at indent ``depth + 1``,
    with the two indents that :func:`dumps` puts around its items.

    Built once per depth: ``JSONEncoder.encode`` would set up a new C encoder on every call.
    The encoder is called as ``enc(obj, 0)`` and returns a list of pieces of the text
    (one piece for a small object).
    """
    found = _ENCODERS.get(depth)
    if found is not None:
        return found
    plain = json.JSONEncoder(ensure_ascii=False, separators=(",\n" + " " * (depth + 1), ": "))
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - CPython always has it
        enc = lambda obj, _level: [plain.encode(obj)]  # noqa: E731
    else:
        enc = make(None, plain.default, json.encoder.encode_basestring, None, plain.key_separator,
                   plain.item_separator, False, False, True)
    found = _ENCODERS[depth] = (enc, "\n" + " " * (depth + 1), "\n" + " " * depth)
    return found


def _flat(items) -> bool:
    """Whether every item is a scalar (exact types first: one C pass; subclasses such as a
    ``str`` enum take the slower ``isinstance`` test)."""
    return _SCALAR_TYPES.issuperset(map(type, items)) or all(isinstance(v, _SCALARS) for v in items)


def dumps(obj, depth: int = 0) -> str:
    """Exactly ``json.dumps(obj, ensure_ascii=False, indent=1)`` for an object at indent ``depth``.

    ``json.dumps`` with ``indent`` runs the pure-Python encoder; here every container
    of scalars (most of a report) is written by the C encoder in one call, with the
    indentation as its item separator, and so is a whole list of such containers
    (the report's lists of changes, flags, segments and sentences; see :func:`_flat_items`).

    >>> d = {"a": [1, "é"], "b": {}, "c": [{"x": None}, [2]]}
    >>> dumps(d) == json.dumps(d, ensure_ascii=False, indent=1)
    True
    """
    kind = type(obj)
    if kind is dict:  # the common case first: one flat dict (a change, a flag, a segment)
        items = obj.values()
    elif kind is list or kind is tuple:
        items = obj
    elif isinstance(obj, dict):
        items = obj.values()
    elif isinstance(obj, (list, tuple)):
        items = obj
    else:
        return json.dumps(obj, ensure_ascii=False)
    if not obj:
        return "{}" if isinstance(obj, dict) else "[]"
    if _SCALAR_TYPES.issuperset(map(type, items)) or _flat(items):  # (the first test inline: called per item)
        enc, inner, outer = _ENCODERS.get(depth) or _flat_encoder(depth)
        pieces = enc(obj, 0)
        flat = pieces[0] if len(pieces) == 1 else "".join(pieces)
        return f"{flat[0]}{inner}{flat[1:-1]}{outer}{flat[-1]}"
    inner = "\n" + " " * (depth + 1)
    if isinstance(obj, dict):
        enc = json.JSONEncoder(ensure_ascii=False).encode
        body = ("," + inner).join(f"{enc(_key(k))}: {dumps(v, depth + 1)}" for k, v in obj.items())
        return f"{{{inner}{body}\n{' ' * depth}}}"
    brackets = _flat_containers(obj)
    if brackets:
        return _flat_items(obj, depth, brackets)
    body = ("," + inner).join(dumps(v, depth + 1) for v in obj)
    return f"[{inner}{body}\n{' ' * depth}]"


def dumps_items(objs, depth: int) -> list[str]:
    """``[dumps(o, depth) for o in objs]``: for many flat dicts (a chunk's changes, flags or
    segments), all written by one C encoder call and cut apart at the item boundaries.

    >>> items = [{"a": 1, "b": "},\\n {"}, {"c": None}, {"d": 0.5, "e": [1]}, {}, {"f": True}]
    >>> dumps_items(items, 2) == [dumps(o, 2) for o in items] == [
    ...     json.dumps(o, ensure_ascii=False, indent=1).replace("\\n", "\\n  ") for o in items]
    True
    """
    objs = list(objs)
    if len(objs) < 2 or _flat_containers(objs) != "{}":
        return [dumps(o, depth) for o in objs]
    enc, inner, outer = _flat_encoder(depth)
    text = "".join(enc(objs, 0))  # [{...},<separator>{...}]: only between items does one follow "}"
    return [f"{{{inner}{body}{outer}}}" for body in text[2:-2].split(f"}},{inner}{{")]


def _flat_containers(obj) -> str:
    """``"{}"`` if ``obj`` holds non-empty dicts of scalars only, ``"[]"`` for non-empty lists
    or tuples of scalars, else ``""`` (exact types, tested by C-level iteration over all the
    values at once)."""
    kinds = set(map(type, obj))
    if kinds == {dict}:
        values, brackets = chain.from_iterable(map(dict.values, obj)), "{}"
    elif kinds <= {list, tuple}:
        values, brackets = chain.from_iterable(obj), "[]"
    else:
        return ""
    return brackets if all(obj) and _SCALAR_TYPES.issuperset(map(type, values)) else ""


def _flat_items(obj, depth: int, brackets: str) -> str:
    """A list of non-empty containers of scalars, all opened and closed by ``brackets``, at
    indent ``depth``, in one C encoder call.

    The encoder writes every item separator as a comma, a newline and the indent of the
    items' items: inside an item that is right. Between two items (the only places where
    a separator follows a closing bracket: items hold scalars only, and a newline inside
    a string is written as an escape) the brackets are then put on lines of their own.
    """
    enc, ind2, ind = _flat_encoder(depth + 1)
    open_, close = brackets[0], brackets[1]
    text = "".join(enc(obj, 0)).replace(f"{close},{ind2}{open_}", f"{ind}{close},{ind}{open_}{ind2}")
    return f"[{ind}{open_}{ind2}{text[2:-2]}{ind}{close}\n{' ' * depth}]"


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
