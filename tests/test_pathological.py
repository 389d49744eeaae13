"""Time linear in the input's size (issue 14): pathological articles, Markdown and glossaries.

The article cases run the 1 MB inputs of ``bench/pathological.py`` with a generous
time limit (marked ``slow``: ``-m "not slow"`` skips them): a return to quadratic
time on any of them takes minutes, not seconds, and fails.
"""

import sys
import time
import tracemalloc
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import pathological  # noqa: E402

from bilingual import terms  # noqa: E402
from bilingual.errors import GlossaryError  # noqa: E402
from bilingual.model import Lang, Segment  # noqa: E402

LIMIT_S_PER_MB = 60  # ordinary prose runs at 1-3 s/MB on one core; quadratic paths took > 300 s/MB


@pytest.fixture(scope="module")
def warm():
    from bilingual.pipeline import process

    process("Stem cells, en particulier les cellules souches. Le foie est un organe.")


@pytest.mark.slow
@pytest.mark.parametrize("kind", [k for k in pathological.KINDS if k != "prose"])
def test_one_megabyte_of_pathological_input(tmp_path, warm, kind):
    make, suffix = pathological.KINDS[kind]
    path = tmp_path / f"{kind}{suffix}"
    path.write_text(make(1_000_000), encoding="utf-8")
    secs = pathological.clean_seconds(path, tmp_path / "out")
    assert secs < LIMIT_S_PER_MB, f"{kind}: {secs:.0f} s for 1 MB"
    assert (tmp_path / "out" / f"{kind}.en{suffix}").stat().st_size > 0


@pytest.mark.slow
def test_a_term_of_120_kb_takes_memory_in_proportion(tmp_path):
    words = " ".join(f"stem{k % 97}" for k in range(17_000))
    g = tmp_path / "g.tsv"
    g.write_text(f"en\tfr\n{words}\t{words.replace('stem', 'souche')}\nliver\tfoie\thepatic organ\n", encoding="utf-8")
    text = " ".join(words.split()[:2000]) + ". The hepatic organ."
    tracemalloc.start()
    tb = terms.builtin_termbase().merged(terms.load_glossary(g))
    changes = terms.term_changes(text, tb, Lang.EN, [Segment(0, len(text), Lang.EN, 1.0)])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 60_000_000, f"{peak / 1e6:.0f} MB"
    assert [c.after for c in changes] == ["liver"]


@pytest.mark.slow
def test_a_large_tbx_loads_in_linear_time(tmp_path):
    times = []
    for n in (5_000, 20_000):
        p = tmp_path / f"g{n}.tbx"
        pathological.write_tbx(p, [(f"stem cell type {i}", f"cellule souche de type {i}") for i in range(n)])
        t = time.perf_counter()
        tb = terms.load_glossary(p)
        times.append(time.perf_counter() - t)
        assert len(tb.entries) == n
    assert times[1] < 12 * times[0] + 0.5, times  # 4x the entries: about 4x the time, never 16x


def test_tbx_errors_still_name_the_line(tmp_path):
    p = tmp_path / "g.tbx"
    entries = "\n".join(
        '<termEntry><langSet xml:lang="en"><tig><term>a</term></tig></langSet>'
        '<langSet xml:lang="fr"><tig><term>b</term></tig></langSet></termEntry>'
        for _ in range(5)
    )
    bad = '<termEntry>\n<langSet xml:lang="en"><tig><term>c</term></tig></langSet></termEntry>'
    p.write_text(f"<martif><text><body>\n{entries}\n{bad}\n</body></text></martif>\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"g\.tbx:7: term entry has no French term"):
        terms.load_glossary(p)


@pytest.mark.slow
@pytest.mark.parametrize(
    "unit",
    [
        "[a ",
        "[a](",
        "![a ",
        "[[a ",
        "[a [b] ",
        "a `b` c\n",
        "*a* [b](u) c\n",
        "a <b> c\n",
        '[a <b x="[">](u) ',
        "[a <http://x[>](u) ",  # a "[" the parser skips inside a link
        "\\\\[](u) ",  # links after an escaped backslash
        "\\\\`a\\` ",  # code spans after an escaped backslash
        "[a [b] [c]] [d] ",  # brackets balanced for a long way
    ],
)
def test_a_long_paragraph_parses_in_linear_time(unit):
    """Open brackets, many links, code spans or lines each with a protected span: each found in
    time that does not grow with the length of the paragraph."""
    from bilingual.markdown import protected_spans

    times = []
    for n in (10_000, 80_000):
        text = unit * (n // len(unit)) + "\n"
        t = time.perf_counter()
        protected_spans(text)
        times.append(time.perf_counter() - t)
    assert times[1] < 24 * times[0] + 0.5, times  # 8x the size: linear about 8x the time, quadratic 64x


@pytest.mark.slow
def test_a_long_table_cell_parses_in_linear_time():
    from bilingual.markdown import protected_spans

    times = []
    for n in (5_000, 40_000):  # code spans and escaped pipes in one cell
        text = "| a | b |\n|---|---|\n| " + "`x` \\| " * n + " | c |\n"
        t = time.perf_counter()
        spans = protected_spans(text)
        times.append(time.perf_counter() - t)
        assert [text[s.start : s.end] for s in spans[-n - 2 : -2]] == ["`x`"] * n
    assert times[1] < 16 * times[0] + 0.5, times  # 8x the size: linear about 8x the time, quadratic 64x


@pytest.mark.slow
def test_deeply_nested_brackets_parse():
    from bilingual.markdown import protected_spans

    for text in ("[" * 100_000 + "a" + "]" * 100_000 + "(u)\n", "![" * 50_000 + "a" + "](u)" * 50_000 + "\n"):
        t = time.perf_counter()
        protected_spans(text)
        assert time.perf_counter() - t < 60


def _carve_every_span(text, segments, spans):
    """protect.carve as it was: every span looked at for every segment (quadratic)."""
    from bilingual.protect import _add_lang_piece

    pieces = []
    for seg in segments:
        if seg.lang is None:
            pieces.append(seg)
            continue
        pos = seg.start
        for s in spans:
            if s.end <= seg.start or s.start >= seg.end:
                continue
            _add_lang_piece(text, pieces, seg, pos, max(pos, s.start))
            pieces.append(Segment(max(pos, s.start), min(seg.end, s.end), None, 1.0))
            pos = min(seg.end, s.end)
        _add_lang_piece(text, pieces, seg, pos, seg.end)
    out = []
    for p in pieces:
        if p.start >= p.end:
            continue
        if out and p.lang is None and out[-1].lang is None and out[-1].end == p.start:
            out[-1] = Segment(out[-1].start, p.end, None, 1.0)
        else:
            out.append(p)
    return out


@pytest.mark.slow
def test_carving_protected_spans_is_linear_and_unchanged():
    import random

    from bilingual import protect
    from bilingual.model import Span

    rng = random.Random(3)
    for _ in range(500):
        n = rng.randint(1, 60)
        text = "".join(rng.choice("ab \n") for _ in range(n))
        cuts = sorted({0, n, *(rng.randint(0, n) for _ in range(rng.randint(0, 6)))})
        segs = [Segment(a, b, rng.choice([Lang.EN, Lang.FR, None]), 0.5) for a, b in zip(cuts, cuts[1:])]
        spans = protect.normalize([Span(a, a + rng.randint(0, 5)) for a in (rng.randint(0, n) for _ in range(5))], n)
        assert protect.carve(text, segs, spans) == _carve_every_span(text, segs, spans)
    times = []
    for n in (20_000, 80_000):  # deep quotes: a protected "> " on every line, a segment a line
        text = "> a b\n" * n
        segs = [Segment(6 * i, 6 * i + 6, Lang.EN, 0.9) for i in range(n)]
        spans = [Span(6 * i, 6 * i + 2) for i in range(n)]
        t = time.perf_counter()
        protect.carve(text, segs, spans)
        times.append(time.perf_counter() - t)
    assert times[1] < 10 * times[0] + 0.2, times  # 4x the size: linear 4x, quadratic 16x
