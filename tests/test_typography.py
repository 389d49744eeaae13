"""Typography of each output: French spacing, NFC, apostrophe style; as changes, idempotent."""

import pytest

from bilingual import Config, Lang, process
from bilingual.model import Change
from bilingual.render import apply_changes
from bilingual.typography import NBSP, apostrophe_style, fix_changes, fix_text


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("Note: oui; non! vraiment?", f"Note{NBSP}: oui{NBSP}; non{NBSP}! vraiment{NBSP}?", id="insert"),
        pytest.param("Note : oui", f"Note{NBSP}: oui", id="replace-space"),
        pytest.param(f"Note{NBSP}: oui", f"Note{NBSP}: oui", id="already-right"),
        pytest.param("Quoi?!", f"Quoi{NBSP}?!", id="cluster-once"),
        pytest.param(
            "il dit «bonjour» et « salut »", f"il dit «{NBSP}bonjour{NBSP}» et «{NBSP}salut{NBSP}»", id="guillemets"
        ),
        pytest.param("voir https://example.org à 10:30", "voir https://example.org à 10:30", id="url-and-time"),
    ],
)
def test_french_spacing(text, expected):
    assert fix_text(text, Lang.FR, "'") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param(f"Note : yes ; no{NBSP}! really ?", "Note: yes; no! really?", id="no-space-before"),
        pytest.param("Time 10:30; ok", "Time 10:30; ok", id="nothing-to-do"),
    ],
)
def test_english_spacing(text, expected):
    assert fix_text(text, Lang.EN, "'") == expected


def test_nfc_and_apostrophes():
    assert fix_text("le re\u0301sultat d’un patient's", Lang.EN, "'") == "le résultat d'un patient's"
    assert fix_text("l'inflammation", Lang.FR, "’") == "l’inflammation"
    assert apostrophe_style("l’a d’un l'x") == "’"
    assert apostrophe_style("l'a d'un") == "'"
    assert apostrophe_style("no apostrophe 'quoted'") == "'"


@pytest.mark.parametrize("text", ["Note: oui; «x» l’a ! 10:30", "Hello : world ; x’s", "re\u0301sume\u0301 : a"])
@pytest.mark.parametrize("lang", [Lang.EN, Lang.FR])
def test_idempotent(text, lang):
    once = fix_text(text, lang, "’")
    assert fix_text(once, lang, "’") == once


def test_fixes_inside_a_change_edit_its_after_and_others_become_typography_changes():
    text = "Titre: Cellules souches: fin"
    tr = Change(Lang.FR, 7, 23, "Cellules souches", "cellules souches : x", "translation", "dict")
    out = fix_changes(text, [tr], Lang.FR, "'")
    assert [(c.kind, c.start, c.end, c.after) for c in out] == [
        ("typography", 5, 5, NBSP),  # insertion before the first colon, in untouched text
        ("translation", 7, 23, f"cellules souches{NBSP}: x"),  # fixed inside the translation
        ("typography", 23, 23, NBSP),  # the colon right after the translation
    ]
    assert apply_changes(text, out) == f"Titre{NBSP}: cellules souches{NBSP}: x{NBSP}: fin"


def test_process_french_output_typography():
    r = process("Cellules souches: Innovative Therapy for Liver Disease\n\nIt works!\n", Config(engine="builtin"))
    assert r.output(Lang.FR).startswith(f"Cellules souches{NBSP}: ")
    assert r.output(Lang.FR).endswith("It works!\n")  # English left in the French output keeps its spacing
    assert r.output(Lang.EN) == "Stem cells: Innovative Therapy for Liver Disease\n\nIt works!\n"
    typo = [c for c in r.changes_for(Lang.FR) if c.kind == "typography"]
    assert {(c.before, c.after) for c in typo} == {("", NBSP)}


def test_cleaning_a_clean_output_changes_nothing(article_path):
    text = article_path.read_text(encoding="utf-8")
    r = process(text, Config(engine="builtin"))
    for lang in (Lang.EN, Lang.FR):
        again = process(r.output(lang), Config(engine="builtin", base_lang=r.base_lang.value))
        assert [c for c in again.changes_for(lang)] == []
        assert again.output(lang) == r.output(lang)


def test_character_search_finds_what_a_regex_scan_finds():
    """edits() locates ' ’ ; : ! ? « » with str.find (fast on long texts): the same offsets and
    punctuation runs as a regex scan, and the apostrophe style is the same for a repeated text."""
    import random
    import re

    from bilingual.typography import _offsets, _runs

    rng = random.Random(11)
    alphabet = ["a", "é", " ", NBSP, ";", ":", "!", "?", "«", "»", "'", "’", "\n", "1"]
    for _ in range(500):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
        assert _offsets(s, "'’") == [m.start() for m in re.finditer("['’]", s)]
        assert _runs(_offsets(s, ";:!?")) == [m.span() for m in re.finditer("[;:!?]+", s)]
    text = "l’eau, l’air et l'or"
    assert apostrophe_style(text) == apostrophe_style(text) == "’"
    assert apostrophe_style("l'eau, l'air et l’or") == "'"
