"""Writing a report whose lists come piece by piece: one writer for whole and chunked runs.

The report is ``json.dumps(report, ensure_ascii=False, indent=1)`` plus a line
break, byte for byte. Its four lists (:data:`LISTS`) go last and are the bulk: a
run hands them over in pieces (:meth:`ReportWriter.add`), each encoded at once
(:func:`encode_items`, in the worker process that cleaned a chunk, say) and kept
in a part (memory, or a temporary file for a large input); :meth:`ReportWriter.write`
then writes the other fields and copies the parts after them.

``json.dumps`` with ``indent`` puts a line break and ``depth`` spaces before every
item of a container at that depth, and a string never holds a raw line break
(it is written ``\\n``): so a value's text at depth ``d`` is its text at depth 0
with ``d`` spaces after every line break.

>>> import io
>>> report = {"schema_version": 1, "notes": [], "summary": {"en": {"changes": 1}},
...           "flags": [], "changes": [{"after": "é", "note": None}], "segments": [], "sentences": [[0, 4]]}
>>> w = ReportWriter()
>>> w.add("changes", encode_items(report["changes"]))
>>> w.add("sentences", encode_items([[0, 2]]))
>>> w.add("sentences", encode_items([]))
>>> w.add("sentences", encode_items([[2, 4]]))
>>> out = io.StringIO()
>>> w.write(out, {k: v for k, v in report.items() if k not in LISTS})
>>> report["sentences"] = [[0, 2], [2, 4]]
>>> out.getvalue() == json.dumps(report, ensure_ascii=False, indent=1) + "\\n"
True
"""

from __future__ import annotations

import functools
import io
import json
from typing import IO, Callable, Sequence

LISTS = ("flags", "changes", "segments", "sentences")  # the report's lists, its last fields, in order
_BLOCK = 1 << 20  # characters copied at a time from a part


def encode_items(items: Sequence) -> str:
    """Items of one of the report's lists as the report writes them: each after a line break
    and the indent of depth 2, with commas between; "" for none."""
    return ",".join(f"\n  {_indented(x, _DEPTH_2)}" for x in items)


def _at_depth_1(value) -> str:
    return _indented(value, "\n ")


# ``json.dumps`` with ``indent`` runs json's pure-Python encoder (about a third of a whole run on
# a report of many small items); without it, json's C encoder. So a container of plain values
# (most items: a change, a segment, a sentence) is one call of the C encoder whose item
# separator holds the line break and the indent; :func:`_indented` lays out the rest around it.
_CONTAINERS = (dict, list, tuple)
_SCALAR = json.JSONEncoder(ensure_ascii=False).encode
_DEPTH_2 = "\n  "


@functools.lru_cache(maxsize=16)
def _flat(inner: str) -> Callable[[object], str]:
    """``json.dumps`` of a container of plain values, its items separated by "," and ``inner``."""
    return json.JSONEncoder(ensure_ascii=False, separators=("," + inner, ": ")).encode


def _indented(value, pad: str) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=1)`` of a value at the depth ``pad`` (a line
    break and one space a level) gives: its lines after the first start with ``pad``."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = pad + " "
        if not any(isinstance(v, _CONTAINERS) for v in value.values()):
            return "{" + inner + _flat(inner)(value)[1:-1] + pad + "}"
        if not all(type(k) is str for k in value):  # keys json would convert: let it
            return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", pad)
        return "{" + ",".join(f"{inner}{_SCALAR(k)}: {_indented(v, inner)}" for k, v in value.items()) + pad + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        inner = pad + " "
        if not any(isinstance(v, _CONTAINERS) for v in value):
            return "[" + inner + _flat(inner)(value)[1:-1] + pad + "]"
        return "[" + ",".join(inner + _indented(x, inner) for x in value) + pad + "]"
    return _SCALAR(value)


class ReportWriter:
    """A report's lists, gathered piece by piece into parts (one part a list and group).

    ``open_part()`` gives a new part, a text file open for writing and reading back
    (default: in memory). Within a list, the parts of its groups are written in the
    order of their group numbers: a run that finds a chunk's English and French
    changes together lists the English ones of every chunk first, as
    :func:`bilingual.process` does.
    """

    def __init__(self, open_part: Callable[[], IO[str]] = io.StringIO):
        self._open = open_part
        self._parts: dict[tuple[str, int], IO[str]] = {}
        self._written: set[tuple[str, int]] = set()

    def add(self, name: str, body: str, group: int = 0) -> None:
        """Append ``body`` (from :func:`encode_items`) to the list ``name``."""
        if name not in LISTS:
            raise ValueError(f"not a list of the report: {name!r}")
        if not body:
            return
        key = (name, group)
        part = self._parts.get(key)
        if part is None:
            part = self._parts[key] = self._open()
        part.write("," + body if key in self._written else body)
        self._written.add(key)

    def write(self, out: IO[str], head: dict) -> None:
        """Write the report to ``out``: the fields of ``head`` (every one but the lists, in
        order), then the lists."""
        out.write("{")
        sep = ""
        for key, value in head.items():
            out.write(f"{sep}\n {json.dumps(key, ensure_ascii=False)}: {_at_depth_1(value)}")
            sep = ","
        for name in LISTS:
            out.write(f'{sep}\n "{name}": [')
            sep = ","
            parts = [self._parts[k] for k in sorted(k for k in self._parts if k[0] == name)]
            for i, part in enumerate(parts):
                part.flush()
                part.seek(0)
                if i:
                    out.write(",")
                while block := part.read(_BLOCK):
                    out.write(block)
            out.write("\n ]" if parts else "]")
        out.write("\n}\n")
