"""Decisions that stick: the line the review page offers, added where it says, makes the next run agree."""

import html as htmllib
import re
from pathlib import Path

from click.testing import CliRunner

from bilingual import process
from bilingual.chatter import find_chatter
from bilingual.cli import cli
from bilingual.config import Config
from bilingual.decisions import KEEP_MARKER, for_change, kept, marker_spans
from bilingual.model import Lang
from bilingual.terms import builtin_termbase, parse_tsv
from bilingual.text.visible import visible

ARTICLE = (
    "Stem cells: Thérapie innovante\n\n"
    "The Escs are studied for liver disease, and paracrine signalling too.\n\n"
    "I hope this helps!\n"
)


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def copy_line(page: str, lang: str, before: str) -> str:
    """The ready-to-copy line of the change row of ``lang`` whose before is ``before``, as a
    browser copies it (tags out, entities decoded)."""
    section = page[page.index(f'<section id="{lang}">') :]
    section = section[: section.index("</section>")]
    for row in re.findall(r"<tr>.*?</tr>", section, re.S):
        cells = re.findall(r"<td>(.*?)</td>", row, re.S)
        if cells and re.sub(r"<[^>]*>", "", cells[1]) == htmllib.escape(visible(before), quote=False):
            code = re.search(r'<code class="copy"[^>]*>(.*?)</code>', row, re.S)
            assert code, f"no line to copy for {before!r}"
            return htmllib.unescape(re.sub(r"<[^>]*>", "", code.group(1)))
    raise AssertionError(f"no change row for {before!r}")


def clean(tmp_path, name, text, *extra):
    src = tmp_path / name
    src.write_text(text, encoding="utf-8")
    out = tmp_path / f"out-{name}"
    r = run("clean", src, "-o", out, "--engine", "builtin", "-q", *extra)
    assert r.exit_code == 0, r.output
    stem = Path(name).stem
    return (
        (out / f"{stem}.report.html").read_text(encoding="utf-8"),
        (out / f"{stem}.en.txt").read_text(encoding="utf-8"),
        (out / f"{stem}.fr.txt").read_text(encoding="utf-8"),
    )


def test_one_decision_of_each_kind_through_a_second_run(tmp_path):
    page, en, fr = clean(tmp_path, "a.txt", ARTICLE)
    assert "ESCs" in en and "Innovative therapy" in en and "I hope this helps" not in en
    keep = copy_line(page, "en", "Escs")  # keep this word
    assert keep == "Escs\tEscs"
    translate = copy_line(page, "en", "Thérapie innovante")  # translate it this way, edited
    assert translate == "innovative therapy\tthérapie innovante"
    translate = translate.replace("innovative therapy", "novel treatment")
    not_chatter = copy_line(page, "en", "\nI hope this helps!\n")  # this line is not chatter
    assert not_chatter == f"I hope this helps! {KEEP_MARKER}"

    glossary = tmp_path / "glossary.tsv"
    glossary.write_text(f"{keep}\n{translate}\n", encoding="utf-8")
    edited = ARTICLE.replace("I hope this helps!", not_chatter)
    page2, en2, fr2 = clean(tmp_path, "b.txt", edited, "--glossary", glossary)
    assert en2 == (
        "Stem cells: Novel treatment\n\n"
        "The Escs are studied for liver disease, and paracrine signaling too.\n\n"
        f"I hope this helps! {KEEP_MARKER}\n"
    )
    assert "Escs" in fr2 and "ESCs" not in fr2
    assert re.search(rf"\nI hope this helps\s?! {re.escape(KEEP_MARKER)}\n\Z", fr2)  # (French spacing or not)
    kinds = {(m[0], m[1]) for m in re.findall(r"<td><del>(.*?)</del></td><td><ins>.*?</ins></td><td>(\w+)</td>", page2)}
    assert ("Escs", "term") not in kinds and not any(k == "chatter" for _, k in kinds)


def test_keep_a_variant_of_the_shipped_termbase():
    """A user's self-mapping of a form the shipped termbase lists as a variant wins."""
    text = "Paracrine signalling is studied.\n"
    first = process(text, Config(engine="builtin"))
    (change,) = [c for c in first.changes_for(Lang.EN) if c.kind == "term"]
    line = for_change(change, text).line
    assert line == "Paracrine signalling\tParacrine signalling"
    merged = builtin_termbase().merged(parse_tsv(line, "g.tsv"))
    shipped = next(e for e in merged.entries if e.en == "paracrine signaling")
    assert not any("signalling" in v for v in shipped.variants)  # the entry stays, without that variant


def test_the_keep_marker_is_protected_and_honoured():
    text = (
        "Voici un article sur X : <!-- bilingual: keep -->\n\nLe texte.\n\nI hope this helps! <!--bilingual:keep-->\n"
    )
    assert kept(text.splitlines()[0]) and not kept("I hope this helps!")
    assert find_chatter(text) == []
    assert find_chatter(text.replace(" <!--bilingual:keep-->", "")) != []
    r = process(text, Config(engine="builtin"))
    for s in marker_spans(text):  # never translated, never changed
        assert not any(c.start < s.end and s.start < c.end for c in r.changes)
        assert all(seg.lang is None for seg in r.segments if seg.start < s.end and s.start < seg.end)


def test_a_sentence_translated_through_the_memory_line_of_its_flag(tmp_path):
    """ "Translate it this way" for a sentence: the page offers a translation-memory line to fill in."""
    text = "Stem cells are studied. Les cellules souches sont étudiées depuis longtemps par les chercheurs.\n"
    page, en, fr = clean(tmp_path, "s.txt", text)
    section = page[page.index('<section id="en">') : page.index('<section id="fr">')]
    row = next(r for r in re.findall(r'<tr class="flag">.*?</tr>', section, re.S) if "chercheurs" in r)
    code = re.search(r'<code class="copy" title="([^"]*)">(.*?)</code>', row, re.S)
    assert "--memory FILE" in htmllib.unescape(code.group(1))
    line = htmllib.unescape(re.sub(r"<[^>]*>", "", code.group(2)))
    assert line == "TRANSLATION\tLes cellules souches sont étudiées depuis longtemps par les chercheurs"
    memory = tmp_path / "memory.tsv"
    memory.write_text(line.replace("TRANSLATION", "Researchers have long studied stem cells.") + "\n", encoding="utf-8")
    _, en2, _ = clean(tmp_path, "s2.txt", text, "--memory", memory)
    assert en2 == "Stem cells are studied. Researchers have long studied stem cells.\n"
