"""The built-in offline engine: golden pairs, and None where it is not confident."""

import pytest

from bilingual.engines.builtin import BuiltinEngine
from bilingual.engines.builtin.lexicon import LexEntry, Lexicon, parse_lexicon
from bilingual.errors import GlossaryError
from bilingual.model import Lang
from bilingual.terms import Entry, Termbase, builtin_termbase


@pytest.fixture(scope="module")
def engine():
    return BuiltinEngine()


def fr_en(engine, text):
    ans = engine.translate(text, Lang.FR, Lang.EN)
    return None if ans is None else ans.text


@pytest.mark.parametrize(
    "fr, en",
    [
        pytest.param("insuffisance hépatique", "liver failure", id="termbase"),
        pytest.param("Restaurer la fonction hépatique", "restore liver function", id="infinitive+article-dropped"),
        pytest.param("Cellules souches pluripotentes induites", "induced pluripotent stem cells", id="plural-term"),
        pytest.param("cellule souche", "stem cell", id="singular-of-plural-term"),
        pytest.param("inflammation réduite", "reduced inflammation", id="noun+participle"),
        pytest.param("abus d'alcool, et troubles génétiques", "alcohol abuse, and genetic disorders", id="de-compound"),
        pytest.param(
            "les cellules fonctionnelles primaires du foie",
            "the primary functional cells of the liver",
            id="adjectives-reordered+du",
        ),
        pytest.param(
            "réduire le risque de rejet immunitaire", "reduce the risk of immune rejection", id="de-with-adjective"
        ),
        pytest.param("Formation de nouveaux vaisseaux sanguins", "formation of new blood vessels", id="prenominal-adj"),
        pytest.param(
            "tissu adipeux, et sang de cordon ombilical",
            "adipose tissue, and umbilical cord blood",
            id="phrase+adjective",
        ),
        pytest.param("Des défis restent", "challenges remain", id="short-clause-plural-verb"),
        pytest.param("la semaine dernière", "last week", id="time-phrase"),
        pytest.param("l’an dernier", "last year", id="curly-elision"),
        pytest.param("États-Unis", "United States", id="hyphenated-name"),
        pytest.param("7 avril 2020", "7 April 2020", id="date"),
        pytest.param("Cour suprême", "Supreme Court", id="institution"),
        pytest.param("taux de chômage", "unemployment rate", id="rate"),
        pytest.param("en particulier les MSC", "in particular MSCs", id="acronym-number-from-les"),
        pytest.param(
            "Cellules souches embryonnaires (Escs): Dérivé d'embryons",
            "embryonic stem cells (ESCs): Derived from embryos",
            id="punctuation-kept",
        ),
        pytest.param("thérapie génique", "gene therapy", id="adjective-as-noun-modifier"),
        pytest.param("immunité", "immunity", id="cognate-ite"),
        pytest.param("les protocoles", "protocols", id="cognate-plural"),
        pytest.param("Ainsi", "thus", id="discourse-marker"),
    ],
)
def test_fr_to_en_golden(engine, fr, en):
    assert fr_en(engine, fr) == en


@pytest.mark.parametrize(
    "fr",
    [
        pytest.param(
            "Les patients ont reçu un traitement expérimental pendant trois semaines dans un hôpital.",
            id="whole-sentence",
        ),
        pytest.param("Elles peuvent réparer le foie endommagé", id="clause-too-long"),
        pytest.param("le zorglub hépatique", id="unknown-word"),
        pytest.param("ils ne restent pas", id="negation-not-handled"),
        pytest.param("les réduire", id="object-pronoun"),
    ],
)
def test_no_confident_translation_is_none(engine, fr):
    assert engine.translate(fr, Lang.FR, Lang.EN) is None


@pytest.mark.parametrize(
    "en, fr",
    [
        pytest.param("Hepatic Progenitor Cells", "cellules progénitrices hépatiques", id="term"),
        pytest.param("the immune system", "le système immunitaire", id="article-gender"),
        pytest.param("new blood vessels", "nouveaux vaisseaux sanguins", id="prenominal-plural"),
        pytest.param("reduced inflammation", "inflammation réduite", id="adjective-after-feminine"),
        pytest.param("the function of the liver", "la fonction du foie", id="de-le-contracted"),
        pytest.param("the inflammation", "l'inflammation", id="elision"),
    ],
)
def test_en_to_fr_golden(engine, en, fr):
    ans = engine.translate(en, Lang.EN, Lang.FR)
    assert ans is not None and ans.text == fr


@pytest.mark.parametrize(
    "en",
    [
        "can lead to cirrhosis",
        "and inhibit fibrosis",
        "for liver disease",
        "Stem cells hold tremendous promise in regenerative medicine",
    ],
)
def test_en_to_fr_refuses_what_needs_conjugation_or_articles(engine, en):
    assert engine.translate(en, Lang.EN, Lang.FR) is None


def test_batch_keeps_order_and_length(engine):
    out = engine.translate_batch(["foie", "zorglub", "Cependant"], Lang.FR, Lang.EN)
    assert [a.text if a else None for a in out] == ["liver", None, "however"]


def test_glossary_terms_win_over_the_lexicon():
    tb = Termbase(builtin_termbase().entries + (Entry("hepatic insufficiency", "insuffisance hépatique"),))
    merged = builtin_termbase().merged(Termbase((Entry("hepatic insufficiency", "insuffisance hépatique"),)))
    assert (
        BuiltinEngine(termbase=merged).translate("insuffisance hépatique", Lang.FR, Lang.EN).text
        == "hepatic insufficiency"
    )
    assert tb  # the plain concatenation is a valid termbase too


def test_custom_lexicon_is_used():
    lex = Lexicon([LexEntry("zorglub", "widget", "n", "m"), LexEntry("le", "the", "det", "m")])
    eng = BuiltinEngine(termbase=Termbase(()), lexicon=lex)
    assert eng.translate("zorglubs", Lang.FR, Lang.EN).text == "widgets"


def test_lexicon_line_errors_name_the_line():
    with pytest.raises(GlossaryError, match=r"^lex.tsv:3: expected fr, en and pos"):
        parse_lexicon("fr\ten\tpos\n# c\nchat\tcat\n", "lex.tsv")


def test_same_language_is_identity(engine):
    assert engine.translate("Bonjour", Lang.FR, Lang.FR).text == "Bonjour"


@pytest.mark.parametrize(
    "fr",
    [
        pytest.param("Poutine", id="capitalized-unknown-is-a-name"),
        pytest.param("de", id="lone-preposition"),
        pytest.param("aux autres", id="adjective-as-pronoun"),
    ],
)
def test_more_refusals(engine, fr):
    assert engine.translate(fr, Lang.FR, Lang.EN) is None


@pytest.mark.parametrize("en", ["in 2003", "to", "measured", "As of 17 April 2020, more than 2"])
def test_en_to_fr_refuses_ambiguous_prepositions_and_verb_forms(engine, en):
    assert engine.translate(en, Lang.EN, Lang.FR) is None


def test_conditional_and_participle_cognate(engine):
    assert fr_en(engine, "la surveillance devrait être") == "surveillance should be"
    assert fr_en(engine, "consignées") is None  # a false friend ("recorded"): no guess


# --- a form reached through a lemma must fit the entry's part of speech ------------------------


@pytest.mark.parametrize(
    "fr, en",
    [
        pytest.param("restent limités", "remain limited", id="pp-not-noun-limite"),
        pytest.param("limités", "limited", id="bare-pp"),
        pytest.param("les résultats limités", "limited results", id="pp-after-noun"),
        pytest.param("des cellules utilisées", "used cells", id="pp-of-verb-entry"),
        pytest.param("la limite", "limitation", id="noun-itself-still-found"),
    ],
)
def test_participle_never_becomes_a_noun(engine, fr, en):
    assert fr_en(engine, fr) == en


def test_participle_with_only_a_noun_entry_is_untranslated():
    # "fermée" reaches the noun "ferme" (farm) only through its lemma; no verb or adjective
    # entry fits and no English cognate exists: the span is left alone, not "farm".
    lex = Lexicon([LexEntry("ferme", "farm", "n", "f"), LexEntry("la", "the", "det")])
    eng = BuiltinEngine(lexicon=lex)
    assert fr_en(eng, "la ferme") == "the farm"
    assert fr_en(eng, "fermée") is None
    assert fr_en(eng, "fermées") is None


def test_participle_of_a_noun_ending_in_e_acute_is_a_noun():
    lex = Lexicon([LexEntry("comité", "committee", "n", "m"), LexEntry("les", "the", "det")])
    assert fr_en(BuiltinEngine(lexicon=lex), "les comités") == "committees"


@pytest.mark.slow
def test_lemma_table_lazy_lookup_matches_the_parsed_table():
    import gzip
    import json
    import random
    from importlib.resources import files

    from bilingual.text._lemma_lookup import LemmaTable

    for lang in ("fr", "en"):
        text = gzip.decompress(
            (files("spacy_lookups_data") / "data" / f"{lang}_lemma_lookup.json.gz").read_bytes()
        ).decode("utf-8")
        full = json.loads(text)
        table = LemmaTable(text, lang)
        table.PARSE_AFTER = 10**9
        keys = random.Random(0).sample(sorted(full), 3000)
        probes = keys + [k + "q" for k in keys[:300]] + ["", "Zz", "éé", "œuvres", "États"]
        assert [table.get(k) for k in probes] == [full.get(k) for k in probes]


@pytest.mark.parametrize("parse_after", [0, 1, 3, 10**9], ids=["parsed-at-once", "after-1", "after-3", "never"])
def test_lemma_table_answers_as_the_parsed_table_before_and_after_parsing_it(parse_after):
    """The lazy lookups and the parsed table give the same answers, whenever the switch happens."""
    import json

    from bilingual.text._lemma_lookup import LemmaTable

    # spaCy's layout: one entry a line, ordered by first letter (French: accents and case aside)
    text = (
        '{\n    "chats": ["chat"],\n    "Été": ["été"],\n    "étés": ["été"],\n    "eus": ["avoir"],\n'
        '    "vus": ["voir"]\n}\n'
    )
    full = json.loads(text)
    table = LemmaTable(text, "fr")
    table.PARSE_AFTER = parse_after
    probes = ["chats", "vus", "Été", "étés", "eus", "rien", "chat", "", "Chats", "ÉTÉ", 'a"b', "x\ny", "vus", "chats"]
    assert [table.get(k, "-") for k in probes] == [full.get(k, "-") for k in probes]


@pytest.mark.parametrize(
    "fr, en",
    [
        pytest.param("avait changé", "had changed", id="imperfect-avoir"),
        pytest.param("étaient limités", "were limited", id="imperfect-etre-plural"),
        pytest.param("utilisait", None, id="imperfect-of-other-verb-not-rendered-as-present"),
        pytest.param("une ambulance ramène des corps", None, id="verb-form-is-no-noun-cognate"),
        pytest.param("consignées sur GitHub", None, id="participle-false-friend-refused"),
        pytest.param("MERCI D’AVOIR TENU TÊTE À LA FOULE", None, id="all-capitals-not-acronyms"),
        pytest.param("les MSC", "MSCs", id="acronym-alone-still-fine"),
    ],
)
def test_verb_forms_and_capitals(engine, fr, en):
    assert fr_en(engine, fr) == en


@pytest.mark.parametrize(
    "fr, en",
    [
        pytest.param("avec d’autres personnes", "with other people", id="partitive-after-preposition"),
        pytest.param("pour de nombreux patients", "for many patients", id="partitive-de-adjective"),
        pytest.param(
            "réduire le risque de rejet immunitaire", "reduce the risk of immune rejection", id="de-after-noun-kept"
        ),
    ],
)
def test_partitive_de_after_a_preposition(engine, fr, en):
    assert fr_en(engine, fr) == en


# --- memo and derived indexes --------------------------------------------------------------------


def test_lexicon_indexes_follow_entries_added_after_use():
    from bilingual.engines.builtin.fr_en import fr_to_en

    lex = Lexicon(
        [LexEntry("chat", "cat", "n", "m"), LexEntry("terre", "earth", "n", "f"), LexEntry("de", "of", "prep")]
    )
    assert lex.capitalized(Lang.EN) == frozenset()
    assert fr_to_en(lex, ["pommes", "de", "terre"]) is None  # "pommes" unknown
    lex.add(LexEntry("Londres", "London", "n", "f"))
    lex.add(LexEntry("pomme de terre", "potato", "n", "f", {"pl": "potatoes"}))
    assert lex.capitalized(Lang.EN) == {"London"} and lex.capitalized(Lang.FR) == {"Londres"}
    assert fr_to_en(lex, ["pommes", "de", "terre"])[0] == "potatoes"  # found through its base form


def test_repeated_spans_get_the_answers_of_a_fresh_engine(monkeypatch):
    """Answers remembered, or forgotten when the memo is full, are those of an engine that never saw the span."""
    from bilingual.engines.builtin import engine as builtin

    spans = ["foie", "cellules souches", "zorglub", "insuffisance hépatique", "foie", "les MSC"]
    fresh = [fr_en(BuiltinEngine(), s) for s in spans]
    assert fresh == ["liver", "stem cells", None, "liver failure", "liver", "MSCs"]
    for memo_max in (builtin.MEMO_MAX, 3):  # the default, and a memo emptied every third answer
        monkeypatch.setattr(builtin, "MEMO_MAX", memo_max)
        eng = BuiltinEngine()
        assert [fr_en(eng, s) for s in spans] == fresh
        assert [fr_en(eng, s) for s in spans] == fresh
        assert eng.translate("stem cells", Lang.EN, Lang.FR).text == "cellules souches"  # the pair is part of the key


def test_a_chunk_seen_in_one_span_is_translated_the_same_in_another():
    eng = BuiltinEngine()
    assert fr_en(eng, "cellules souches, foie") == "stem cells, liver"
    assert fr_en(eng, "foie: Cellules souches") == "liver: Stem cells"  # capital after a colon, as ever
    assert fr_en(eng, "les cellules souches") == "stem cells"
    assert eng.translate("cellules souches", Lang.EN, Lang.FR) is None  # the direction is part of the key


def test_twelve_words_translate_thirteen_do_not(engine):
    twelve = ", ".join(["foie"] * 12)
    assert fr_en(engine, twelve) == ", ".join(["liver"] * 12)
    assert fr_en(engine, twelve + ", foie") is None
