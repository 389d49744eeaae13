"""The report writer: whatever pieces and parts the lists come in, the report is
``json.dumps(report, ensure_ascii=False, indent=1)`` and a line break, byte for byte."""

from __future__ import annotations

import io
import json
import random
import tempfile

from bilingual import Config, process
from bilingual.report import build_report, report_json
from bilingual.report.writer import LISTS, ReportWriter, encode_items


def _value(rng: random.Random, depth: int = 0):
    r = rng.random()
    if depth < 4 and r < 0.3:
        keys = ["a", "é", "k\n", "x y", "«»"]
        return {
            rng.choice(keys) if rng.random() < 0.2 else f"k{i}": _value(rng, depth + 1)
            for i in range(rng.randint(0, 4))
        }
    if depth < 4 and r < 0.5:
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return rng.choice(["x", 'é\u2028"\\\n{', 1, -3, 2.5, 1e300, True, False, None, "", 0.1, "« »"])


def _report(rng: random.Random) -> dict:
    head = {
        "schema_version": 1,
        "source": rng.choice(["a.txt", "é\n.txt"]),
        "notes": _value(rng, 3),
        "summary": {"en": {"changes": rng.randint(0, 9)}, "input_flags": 0},
    }
    return {**head, **{name: [_value(rng, 1) for _ in range(rng.randint(0, 6))] for name in LISTS}}


def test_lists_in_any_pieces_give_json_dumps_indent_1():
    rng = random.Random(7)
    for _ in range(500):
        report = _report(rng)
        with tempfile.TemporaryFile("w+", encoding="utf-8") as scratch:
            parts = [scratch]  # the first part is a file, the others in memory

            def open_part():
                return parts.pop() if parts else io.StringIO()

            writer = ReportWriter(open_part)
            for name in LISTS:
                items = report[name]
                groups = sorted(rng.randint(0, 2) for _ in items)  # a later group's items come later
                i = 0
                while i < len(items):
                    n = rng.randint(1, 3)
                    piece = list(zip(items[i : i + n], groups[i : i + n]))
                    for g in sorted({h for _, h in piece}):
                        writer.add(name, encode_items([x for x, h in piece if h == g]), g)
                    if rng.random() < 0.2:
                        writer.add(name, encode_items([]), rng.randint(0, 2))
                    i += n
            out = io.StringIO()
            writer.write(out, {k: v for k, v in report.items() if k not in LISTS})
        assert out.getvalue() == json.dumps(report, ensure_ascii=False, indent=1) + "\n"


def test_a_whole_run_report_is_json_dumps_indent_1():
    text = "Here's the article:\n\nStem cells, en particulier les cellules souches : « oui » !\n"
    result = process(text, Config(engine="builtin"))
    assert (
        report_json(result, "a.txt") == json.dumps(build_report(result, "a.txt"), ensure_ascii=False, indent=1) + "\n"
    )


def test_items_are_encoded_as_json_dumps_encodes_them():
    """encode_items lays out containers around json's own encoding of each value: the bytes of
    json.dumps(indent=1), tuples, non-string keys, NaN and huge numbers included."""
    items = [
        {"a": (1, 2.5, None), 3: "x", "n": float("nan")},
        [[], {}, ["é\n"]],
        "x",
        10**30,
        -0.0,
        {"k": {"l": [True, {"m": float("inf")}]}},
        (),
    ]
    expected = json.dumps(items, ensure_ascii=False, indent=1)[1:-2].replace("\n", "\n ")
    assert encode_items(items) == expected
