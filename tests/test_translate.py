"""Translation units, casing at span boundaries, untranslated flags, --strict and the summary line."""

import json

import pytest
from click.testing import CliRunner

from bilingual import Config, Lang, process
from bilingual.cli import cli
from bilingual.engines import DictEngine
from bilingual.model import Segment, Span
from bilingual.translate import Unit, splice_case, translate


def unit(text, fragment, sentence=None):
    s = text.index(fragment)
    sent = sentence or Span(0, len(text))
    before_only_neutral = not text[sent.start : s].strip(" ")
    return Unit(s, s + len(fragment), fragment, sent, before_only_neutral and s + len(fragment) == sent.end)


@pytest.mark.parametrize(
    "text, fragment, answer, target, expected",
    [
        pytest.param(
            "Cells repair tissue, Restaurer la fonction hépatique, and more.",
            "Restaurer la fonction hépatique",
            "restore liver function",
            Lang.EN,
            "restore liver function",
            id="mid-sentence-lower",
        ),
        pytest.param(
            "Cependant, some key mechanisms include:",
            "Cependant",
            "however",
            Lang.EN,
            "However",
            id="sentence-start-capital",
        ),
        pytest.param(
            "Immunomodulation: Cellules souches, en particulier",
            "Cellules souches",
            "stem cells",
            Lang.EN,
            "Stem cells",
            id="capital-after-colon",
        ),
        pytest.param(
            "How Stem Cell Thérapie Works for Liver Conditions",
            "Thérapie",
            "therapy",
            Lang.EN,
            "Therapy",
            id="title-case-heading",
        ),
        pytest.param(
            "Cellules Souches For Liver Disease Treatment",
            "For Liver Disease Treatment",
            "pour le traitement des maladies",
            Lang.FR,
            "pour le traitement des maladies",
            id="french-no-title-case",
        ),
        pytest.param("It began on 7 avril 2020.", "avril", "April", Lang.EN, "April", id="month-keeps-capital"),
        pytest.param(
            "they said Cour suprême judges",
            "Cour suprême",
            "Supreme Court",
            Lang.EN,
            "Supreme Court",
            id="name-keeps-capitals",
        ),
        pytest.param(
            "the ESCs, Escs et autres",
            "Escs et autres",
            "ESCs and others",
            Lang.EN,
            "ESCs and others",
            id="acronym-first",
        ),
    ],
)
def test_splice_case(text, fragment, answer, target, expected):
    assert splice_case(answer, unit(text, fragment), text, target) == expected


def test_untranslated_spans_are_kept_and_flagged():
    text = "Bonjour tout le monde. It works, mais pas toujours."
    segs = [
        Segment(0, 21, Lang.FR, 1.0),
        Segment(21, 33, Lang.EN, 1.0),
        Segment(33, 50, Lang.FR, 1.0),
        Segment(50, 51, None, 1.0),
    ]
    sents = [Span(0, 22), Span(23, 51)]
    changes, flags = translate(text, segs, sents, DictEngine({"mais pas toujours": "but not always"}), Lang.EN)
    assert [(c.before, c.after, c.kind, c.engine) for c in changes] == [
        ("mais pas toujours", "but not always", "translation", "dict")
    ]
    assert [(f.kind, f.text, f.message) for f in flags] == [
        ("untranslated", "Bonjour tout le monde", "fr sentence kept as is: engine 'dict' has no confident translation")
    ]


SAMPLE = (
    "Stem cells hold promise in regenerative medicine. Les chercheurs étudient leur potentiel depuis des années "
    "dans de nombreux laboratoires. Clinical trials, y compris les essais précliniques, have shown results.\n"
)


def test_builtin_translates_short_spans_and_flags_whole_sentences():
    r = process(SAMPLE, Config(engine="builtin", base_lang="en"))
    assert r.output(Lang.EN) == (
        "Stem cells hold promise in regenerative medicine. Les chercheurs étudient leur potentiel depuis des années "
        "dans de nombreux laboratoires. Clinical trials, including preclinical studies, have shown results.\n"
    )
    (flag,) = r.flags_for(Lang.EN)
    assert flag.kind == "untranslated" and flag.text.startswith("Les chercheurs étudient")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_strict_exits_1_when_flagged_and_summary_says_how_many_sentences_need_mt(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(SAMPLE, encoding="utf-8")
    r = run("clean", src, "--engine", "builtin", "--out-dir", tmp_path / "out", "--strict", "--no-html")
    assert r.exit_code == 1
    assert (
        "en: 1 changes, 1 flagged (1 of 3 sentences need a model: bilingual models install fr-en, or a translator: --xliff)"
        in r.stdout
    )
    assert "fr: " in r.stdout and "of 3 sentences need a model" in r.stdout
    report = json.loads((tmp_path / "out" / "a.report.json").read_text(encoding="utf-8"))
    assert report["summary"]["en"]["sentences_needing_mt"] == 1
    r = run("clean", src, "--engine", "builtin", "--out-dir", tmp_path / "out2", "--no-html")
    assert r.exit_code == 0


def test_strict_exits_0_when_nothing_is_flagged(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Cellules souches: hepatic progenitor cells.\n", encoding="utf-8")
    r = run("clean", src, "--engine", "builtin", "--out-dir", tmp_path / "out", "--strict", "--no-html")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "out" / "a.en.txt").read_text(encoding="utf-8") == "Stem cells: hepatic progenitor cells.\n"
    assert (tmp_path / "out" / "a.fr.txt").read_text(
        encoding="utf-8"
    ) == "Cellules souches\u00a0: cellules progénitrices hépatiques.\n"


def test_names_and_dates_missed_by_detection_become_units():
    text = "Both Australia and Nouvelle-Zélande agreed on 7 avril 2020 with the Union européenne."
    segs = [
        Segment(0, len(text) - 11, Lang.EN, 1.0),
        Segment(len(text) - 11, len(text) - 1, Lang.FR, 1.0),
        Segment(len(text) - 1, len(text), None, 1.0),
    ]
    got = [u.text for u in units_of(text, segs)]
    assert got == ["Nouvelle-Zélande", "7 avril 2020", "Union européenne"]
    r = process(text, Config(engine="builtin", base_lang="en"))
    assert r.output(Lang.EN) == "Both Australia and New Zealand agreed on 7 April 2020 with the European Union."


def test_spans_split_by_a_number_are_one_unit():
    text = "Le 23 janvier, la ville a fermé."
    segs = [
        Segment(0, 2, Lang.FR, 1.0),
        Segment(2, 6, None, 1.0),
        Segment(6, 31, Lang.FR, 1.0),
        Segment(31, 32, None, 1.0),
    ]
    assert [u.text for u in units_of(text, segs)] == ["Le 23 janvier, la ville a fermé"]


def units_of(text, segs):
    from bilingual.translate import units

    return units(text, segs, [Span(0, len(text))], Lang.FR)


def test_spans_are_not_merged_across_a_protected_span():
    from bilingual.translate import units

    text = "Le 23 `x` janvier, la ville."
    segs = [
        Segment(0, 2, Lang.FR, 1.0),
        Segment(2, 10, None, 1.0),
        Segment(10, 27, Lang.FR, 1.0),
        Segment(27, 28, None, 1.0),
    ]
    got = units(text, segs, [Span(0, len(text))], Lang.FR, skip=[Span(6, 9)])
    assert [u.text for u in got] == ["Le", "janvier, la ville"]


def test_name_search_finds_what_a_scan_of_every_position_finds():
    """names' prefiltered search (first words looked up in the lowered text, else the regex) gives
    exactly the matches of the plain regex run at every position, lower-case ones that hide
    others included."""
    import random

    from bilingual.translate._names_prefilter import lowered, prefiltered_matches
    from bilingual.translate.names import name_regex, name_search_keys, names

    rng = random.Random(3)
    pieces = [
        "Union européenne",
        "union européenne",
        "UNION EUROPÉENNE",
        "États-Unis",
        "états-unis",
        "Nouvelle-Zélande",
        "7 avril 2020",
        "1er mai",
        "23 janvier",
        "United States",
        "united states",
        "New Zealand",
        "Cour suprême",
        "Royaume-Uni",
        "X",
        "la",
        "-",
        "_",
        "’",
        "'",
        " ",
        " ",
        "\n",
        ",",
        ".",
        "«",
        "12",
        "2020",
        "avril",
        "Unis",
        "European Union",
        "Seconde Guerre mondiale",
        "World War",
        "é",
        "Unıted States",
        "ſeconde Guerre mondiale",
        "İ",
        "Σ",
        "\u212aorea",
        "12er mai",
        "er",
        "mai",
        "3",
    ]
    prefiltered = 0
    for _ in range(1500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        for source in (Lang.FR, Lang.EN):
            rx = name_regex(source)
            plain = [m.span() for m in rx.finditer(text) if m.group()[:1].isupper() or m.group()[:1].isdigit()]
            assert names(text, source) == plain, (text, source)
            keys, low = name_search_keys(source), lowered(text)
            assert keys is not None  # CPython 3.11+: the prefilter is in use
            if low is not None and not any(c in low for c in keys.unsafe):
                prefiltered += 1
                got = [m.span() for m in prefiltered_matches(text, low, rx, keys)]
                assert got == [m.span() for m in rx.finditer(text)], (text, source)
    assert prefiltered > 1500  # most texts take the prefilter (the others have a character it cannot lower)
    assert names("Union européenne, 7 avril", Lang.FR) == [(0, 16), (18, 25)]
    assert names("the Unıted States", Lang.EN) == [(4, 17)]  # dotless i: the regex search, not the lowered one


@pytest.mark.parametrize(
    "text,expected",
    [
        # context pulls the plainly French "foie" into the English span; the engine knows "however" only
        ("however. foie however ", "Cependant. foie cependant "),
        # an acronym the termbase canonicalizes ends the span ("Escs" -> "ESCs")
        ("however Escs ", "Cependant ESCs "),
    ],
)
def test_untranslatable_span_is_retried_without_its_target_language_edges(text, expected):
    """Found by the idempotency property: the French output, cleaned again, must not change."""
    engine = DictEngine({"however": "cependant"})
    config = Config(engine="builtin", base_lang="fr")
    once = process(text, config, engine)
    assert once.output(Lang.FR) == expected
    assert not once.flags_for(Lang.FR)
    assert process(expected, config, engine).output(Lang.FR) == expected


def test_odd_cases_are_all_in_the_basic_multilingual_plane():
    """The prefilter asks re which characters it matches case-insensitively beyond lower case,
    over the BMP only: the whole Unicode range gives the same answer."""
    import re
    import string

    from bilingual.translate._names_prefilter import odd_cases

    letters = string.ascii_lowercase + "àâçéèêëîïôœùûüÿæ' "
    everything = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    found = set(re.findall("[" + re.escape(letters) + "]", everything, re.IGNORECASE))
    expected = sorted(x for x in found if x.lower() not in letters or len(x.lower()) != 1)
    assert odd_cases(letters) == "".join(expected)
    assert {"ı", "ſ"} <= set(odd_cases(letters))
