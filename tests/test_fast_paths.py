"""The speed-ups give exactly what the plain code they replace gives."""
from __future__ import annotations

import json
import random
import re

from bilingual import chatter
from bilingual.model import Span
from bilingual.render import SpanIndex
from bilingual.report import report_json


def test_report_json_is_indent_1_json(tmp_path):
    from bilingual import process

    result = process("Here's the article:\n\nStem cells, en particulier les Escs : « oui » !\n")
    text = report_json(result, "a.txt")
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=1) + "\n"


def test_span_index_matches_a_scan():
    rng = random.Random(3)
    for _ in range(3000):
        spans = [Span(a, a + rng.randint(0, 5)) for a in (rng.randint(0, 30) for _ in range(rng.randint(0, 6)))]
        index = SpanIndex(spans)
        for _ in range(10):
            a = rng.randint(0, 35)
            b = a + rng.randint(0, 6)
            assert index.overlaps(a, b) == any(s.start < b and a < s.end for s in spans)
            assert index.touches(a, b) == any(s.start <= b and a <= s.end for s in spans)


def _chatter_by_lines(text: str, leading: bool, trailing: bool) -> list[Span]:
    """find_chatter written plainly: split every line, keep those with content."""
    lines = []
    for m in re.finditer(r"[^\r\n]*(?:\r\n|\n|\r|$)", text):
        if m.start() == m.end():
            break
        lines.append(m.span())
    content = [i for i, (s, e) in enumerate(lines) if text[s:e].strip()]
    if len(content) < 2:
        return []
    spans = []
    first, last = lines[content[0]], lines[content[-1]]
    if leading and chatter.is_opener(text[first[0]:first[1]]):
        spans.append(Span(first[0], lines[content[1]][0]))
    if trailing and chatter.is_closer(text[last[0]:last[1]]):
        start = lines[content[-2]][1]
        if spans:
            start = max(start, spans[0].end)
        spans.append(Span(start, len(text)))
    return spans


def test_chatter_matches_a_line_by_line_scan():
    rng = random.Random(5)
    pieces = ["Here's an article on X:", "I hope this helps!", "Voici l'article :", "Title", "Body text.",
              "let me know", " ", "\t", "\n", "\r\n", "\r", "\n\n", "\u2028", "\x85", "Sure, here it is...", "x"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 9)))
        for leading in (True, False):
            for trailing in (True, False):
                assert chatter.find_chatter(text, leading, trailing) == _chatter_by_lines(text, leading, trailing), text
