"""Ordinary text comes out as it went in (issue 10): what users see on text that needs no cleaning."""

from __future__ import annotations

import pytest

from bilingual import Config, Lang, process
from bilingual.chatter import find_chatter, is_closer, is_opener
from bilingual.check import check_text
from bilingual.engines.builtin import BuiltinEngine
from bilingual.render import apply_changes

BODY_EN = (
    "The library will reopen on Monday after six months of renovation. The new reading room has "
    "space for two hundred people.\n\nVolunteers helped move more than forty thousand books.\n"
)
BODY_FR = (
    "La bibliothèque rouvrira lundi après six mois de travaux. La nouvelle salle de lecture peut "
    "accueillir deux cents personnes.\n"
)


def _clean(text: str, base: str, **kw):
    return process(text, Config(base_lang=base, outputs=(base,), **kw))


def _without_typography(text, result, lang):
    return apply_changes(text, [c for c in result.changes_for(Lang(lang)) if c.kind != "typography"])


@pytest.mark.parametrize(
    "text, base",
    [
        ("After the tour, the critic described the chef's signature dish as the pièce de résistance.\n", "en"),
        ("We ordered crème brûlée, and she called the whole soirée a tour de force.\n", "en"),
        ("His protégé gave a matinée performance; it felt like déjà vu all over again.\n", "en"),
        ("The company's raison d'être was questioned after the coup d'état.\n", "en"),
        ("The à la carte menu changes with the seasons, and the café opens at seven.\n", "en"),
        ("Her résumé lists a début novel and a naïve but charming façade.\n", "en"),
        ("French President François Hollande met the Royal Bank of Scotland's chief at the Elysée.\n", "en"),
        ("Doctors at Brigham and Women's Hospital watched Game of Thrones after their shift.\n", "en"),
        ("Copyright (c) 2024 the authors. The run took 3 s, plus a minute to start.\n", "en"),
        ("Ce week-end, on a fait du jogging puis un brunch avant le parking.\n", "fr"),
        ("La start-up a envoyé un e-mail à tous ses clients après le best-seller de l'été.\n", "fr"),
        ("Le Wall Street Journal et le New York Times ont interrogé la Banque de France.\n", "fr"),
    ],
)
def test_clean_text_is_left_alone(text, base):
    r = _clean(text, base)
    assert _without_typography(text, r, base) == text
    assert r.flags_for(Lang(base)) == []
    assert check_text(text, "t", base).findings == ()


@pytest.mark.parametrize(
    "text, base",
    [
        ("Here are the results of our 2024 survey:\n\n" + BODY_EN, "en"),
        ("Here's what you need to know about the new rules:\n\n" + BODY_EN, "en"),
        ("Voici les chiffres clés du projet :\n\n" + BODY_FR, "fr"),
        (BODY_EN + "\nIf you have questions, contact our team at info@example.org.\n", "en"),
        (BODY_EN + '\n"I told you so," the mayor said.\n', "en"),
    ],
)
def test_an_articles_own_lead_in_and_closing_stay(text, base):
    r = _clean(text, base)
    assert find_chatter(text) == []
    assert _without_typography(text, r, base) == text


@pytest.mark.parametrize(
    "line",
    [
        "Certainly! Here's a comprehensive article on liver disease:",
        "Of course! Here's a well-structured article about the library's reopening:",
        "Bien sûr ! Voici un article sur la réouverture de la bibliothèque :",
        "Ici’s a comprehensive article focusing on stem cells:",
        "Sure, here is the rewritten text...",
    ],
)
def test_assistant_openers(line):
    assert is_opener(line)


@pytest.mark.parametrize(
    "line",
    [
        "I hope this article meets your needs! Let me know if you want changes.",
        "I hope you find this article helpful. Feel free to ask for revisions!",
        "N'hésitez pas à me dire si vous souhaitez des modifications.",
        "J'espère que cet article vous sera utile !",
        "Would you like me to add a section on costs?",
    ],
)
def test_assistant_closers(line):
    assert is_closer(line)


def test_dropped_chatter_is_flagged_in_each_output():
    text = "Of course! Here's an article about the library:\n\n" + BODY_EN + "\nI hope this helps!\n"
    r = process(text, Config(base_lang="en"))
    assert r.output(Lang.EN) == BODY_EN
    for lang in (Lang.EN, Lang.FR):
        flagged = [f.text for f in r.flags_for(lang) if f.kind == "chatter"]
        assert flagged == ["Of course! Here's an article about the library:\n\n", "\nI hope this helps!\n"]


@pytest.fixture(scope="module")
def engine():
    return BuiltinEngine()


@pytest.mark.parametrize(
    "text, source",
    [
        ("milliards de dollars", Lang.FR),  # a quantity's partitive
        ("transports en commun", Lang.FR),  # a fixed compound
        ("dans une phase finale", Lang.FR),  # a common word the lexicon lacks is no cognate
        ("au cours des dernières années", Lang.FR),
        ("consignées sur GitHub", Lang.FR),  # a false friend
        ("very difficult situation", Lang.EN),  # the adverb would have to move
        ("Way to go", Lang.EN),
    ],
)
def test_builtin_engine_declines_what_it_would_get_wrong(engine, text, source):
    assert engine.translate(text, source, source.other) is None


@pytest.mark.parametrize(
    "text, english",
    [
        ("ils libèrent des électrons", "they release electrons"),
        ("de nouveaux traitements", "new treatments"),
        ("déjà vu", "déjà vu"),  # English already
        ("raison d'être", "raison d'être"),
    ],
)
def test_builtin_engine_partitives_and_borrowings(engine, text, english):
    assert engine.translate(text, Lang.FR, Lang.EN).text == english


def test_confidence_says_how_an_answer_was_made(engine):
    phrase = engine.translate("insuffisance hépatique", Lang.FR, Lang.EN)
    composed = engine.translate("une maladie chronique", Lang.FR, Lang.EN)
    cognate = engine.translate("ils libèrent des électrons", Lang.FR, Lang.EN)
    assert phrase.confidence > composed.confidence > cognate.confidence


def test_markup_cutting_a_phrase_keeps_it_and_flags_it():
    from bilingual.markdown import protected_spans

    text = "# Stem cells\n\n**Cellules souches** embryonnaires are studied in many labs.\n"
    r = process(text, Config(markdown=True), protected=protected_spans(text))
    assert "**Cellules souches** embryonnaires" in r.output(Lang.EN)
    assert {f.text for f in r.flags_for(Lang.EN) if f.kind == "untranslated"} >= {"embryonnaires"}


def test_half_translated_sentences_are_not_written():
    text = (
        "The groups asked for limits. Ces organisations ont stipulé huit conditions : la surveillance "
        "devrait être « légale, nécessaire et proportionnée ».\n"
    )
    r = process(text, Config(base_lang="en"))
    out = r.output(Lang.EN)
    assert "la surveillance devrait être" in out and "surveillance should be" not in out


@pytest.mark.parametrize(
    "convention, expected",
    [
        ("fr", "Les résultats\u00a0: bons\u00a0!\n\nCell Replacement: stem cells can replace damaged liver cells!\n"),
        ("ca", "Les résultats\u00a0: bons!\n\nCell Replacement: stem cells can replace damaged liver cells!\n"),
        ("off", "Les résultats : bons !\n\nCell Replacement: stem cells can replace damaged liver cells!\n"),
    ],
)
def test_typography_conventions_apply_to_french_text_only(convention, expected):
    text = "Les résultats : bons !\n\nCell Replacement: stem cells can replace damaged liver cells!\n"
    r = process(text, Config(base_lang="fr", outputs=("fr",), typography=convention))
    assert r.output(Lang.FR) == expected


def test_typography_option_on_the_command_line(tmp_path):
    from click.testing import CliRunner

    from bilingual.cli import cli

    src = tmp_path / "a.txt"
    src.write_text("Les cellules souches : une piste sérieuse ! Les essais continuent.\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["clean", str(src), "-o", str(tmp_path / "o"), "--typography", "off", "-q"])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "o" / "a.fr.txt").read_text(encoding="utf-8") == src.read_text(encoding="utf-8")


def test_code_in_a_table_cell_with_an_escaped_pipe_is_protected():
    from bilingual.markdown import protected_spans

    text = "| option | meaning |\n|---|---|\n| `--to en\\|fr` | the language written to stdout |\n"
    shown = [text[s.start : s.end] for s in protected_spans(text)]
    assert "`--to en\\|fr`" in shown
    assert check_text(text, "README.md", "en", protected_spans(text)).findings == ()


def test_the_projects_own_readme_is_english():
    from pathlib import Path

    from bilingual.check import check_file

    readme = Path(__file__).resolve().parent.parent / "README.md"
    assert check_file(str(readme), "en").findings == ()
