"""clean --xliff: the spans left untranslated, as XLIFF 1.2 that another implementation (Translate Toolkit)
reads; and the translator round trip: export, fill, clean again with --memory on the filled file."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from translate.storage import xliff

from bilingual.cli import cli
from bilingual.model import Flag, Lang, Result, Span
from bilingual.report.xliff import export

ROOT = Path(__file__).resolve().parent.parent


def clean(*args):
    return CliRunner().invoke(cli, ["clean", *[str(a) for a in args]], catch_exceptions=False)


@pytest.fixture
def article(tmp_path):
    p = tmp_path / "article.txt"
    shutil.copy(ROOT / "input" / "article.txt", p)
    return p


def _untranslated(report, lang):
    return [f for f in report["flags"] if f["kind"] == "untranslated" and f["output_lang"] == lang]


def test_one_unit_per_untranslated_span_read_by_translate_toolkit(article, tmp_path):
    out = tmp_path / "out"
    r = clean(article, "-o", out, "-e", "builtin", "--xliff")
    assert r.exit_code == 0, r.stderr
    assert "out/article.en.xlf" in r.output.replace(str(tmp_path) + "/", "") and "article.fr.xlf" in r.output
    report = json.loads((out / "article.report.json").read_text(encoding="utf-8"))
    text = article.read_text(encoding="utf-8")
    for lang in ("en", "fr"):
        flags = _untranslated(report, lang)
        store = xliff.xlifffile.parsefile(str(out / f"article.{lang}.xlf"))
        assert store.getsourcelanguage() == ("fr" if lang == "en" else "en")
        assert store.gettargetlanguage() == lang
        assert len(store.units) == len(flags)
        for unit, flag in zip(store.units, flags):
            assert unit.getid().rsplit("\x04", 1)[-1] == f"{flag['start']}-{flag['end']}"
            assert unit.source == flag["text"] == text[flag["start"] : flag["end"]]
            assert not unit.target
            (note,) = [n for n in unit.getnotes().split("\n") if "sentence:" in n]
            assert flag["text"].split()[0] in note.split("sentence: ", 1)[1]
    assert len(_untranslated(report, "fr")) == 61  # the sample article: most of it needs a French translation


def test_the_round_trip(article, tmp_path):
    """Export, fill every target (as a translator's tool would), clean again with the filled files as memories."""
    out = tmp_path / "first"
    assert clean(article, "-o", out, "-e", "builtin", "--xliff", "-q").exit_code == 0
    first = json.loads((out / "article.report.json").read_text(encoding="utf-8"))
    filled, expected = [], {}
    for lang, word in (("en", "translated"), ("fr", "traduit")):
        store = xliff.xlifffile.parsefile(str(out / f"article.{lang}.xlf"))
        for n, unit in enumerate(store.units):
            unit.target = f"{word}{n} span"
            expected[(lang, unit.getid().rsplit("\x04", 1)[-1])] = f"{word}{n} span"
        path = tmp_path / f"filled.{lang}.xlf"
        path.write_bytes(bytes(store))
        filled += ["--memory", path]
    assert len(expected) == len(_untranslated(first, "en")) + len(_untranslated(first, "fr")) > 60

    again = tmp_path / "second"
    r = clean(article, "-o", again, "-e", "builtin", "--xliff", *filled)
    assert r.exit_code == 0, r.stderr
    report = json.loads((again / "article.report.json").read_text(encoding="utf-8"))
    assert _untranslated(report, "en") == _untranslated(report, "fr") == []
    assert report["summary"]["fr"]["sentences_needing_mt"] == 0
    memory = {
        (c["output_lang"], f"{c['start']}-{c['end']}"): c["after"] for c in report["changes"] if c["engine"] == "memory"
    }
    assert {k: v.lower() for k, v in memory.items()} == expected  # the first letter fits the sentence
    for lang in ("en", "fr"):
        output = (again / f"article.{lang}.txt").read_text(encoding="utf-8").lower()
        assert all(v in output for (l, _), v in expected.items() if l == lang)
        assert len(xliff.xlifffile.parsefile(str(again / f"article.{lang}.xlf")).units) == 0  # nothing left


def test_same_result_same_bytes(article, tmp_path):
    for d in ("a", "b"):
        assert clean(article, "-o", tmp_path / d, "-e", "builtin", "--xliff", "-q").exit_code == 0
    assert (tmp_path / "a" / "article.fr.xlf").read_bytes() == (tmp_path / "b" / "article.fr.xlf").read_bytes()


def test_characters_xml_cannot_hold_and_markup_in_the_text():
    text = "Le <b>foie</b> & \x1b le rein. Fin."
    end = text.index(".")
    flag = Flag("untranslated", 0, end, text[:end], "kept", Lang.EN)
    result = Result(
        text=text,
        base_lang=Lang.FR,
        segments=(),
        sentences=(Span(0, end + 1), Span(end + 2, len(text))),
        changes=(),
        flags=(flag,),
        outputs={Lang.EN: text},
    )
    doc = export(result, Lang.EN, "a<b>.txt")
    store = xliff.xlifffile(doc.encode("utf-8"))
    (unit,) = store.units
    assert unit.source == "Le <b>foie</b> & \ufffd le rein"
    assert 'original="a&lt;b&gt;.txt"' in doc


def test_xliff_needs_files_not_stdin():
    r = CliRunner().invoke(cli, ["clean", "-", "--to", "en", "--xliff"], input="Le foie.\n")
    assert r.exit_code == 2 and "--xliff" in r.stderr


def test_off_by_default(article, tmp_path):
    assert clean(article, "-o", tmp_path / "out", "-e", "builtin", "-q").exit_code == 0
    assert not list((tmp_path / "out").glob("*.xlf"))


def test_to_writes_one(article, tmp_path):
    assert clean(article, "-o", tmp_path / "out", "-e", "builtin", "-q", "--to", "fr", "--xliff").exit_code == 0
    assert sorted(p.name for p in (tmp_path / "out").glob("*.xlf")) == ["article.fr.xlf"]
