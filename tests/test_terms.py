"""Terminology: glossary formats and errors, term matching, acronym canonical forms."""

import pytest
from click.testing import CliRunner

from bilingual import Config, Lang, process
from bilingual.cli import cli
from bilingual.errors import GlossaryError
from bilingual.model import Segment
from bilingual.render import apply_changes
from bilingual.terms import Entry, Termbase, builtin_termbase, load_glossary, load_termbase, parse_tbx, term_changes

TBX_V2 = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en">
 <text><body>
  <termEntry id="t1">
   <langSet xml:lang="en-US"><tig><term>liver failure</term></tig>
     <tig><term>hepatic insufficiency</term></tig></langSet>
   <langSet xml:lang="fr-FR"><ntig><termGrp><term>défaillance hépatique</term></termGrp></ntig></langSet>
  </termEntry>
 </body></text>
</martif>
"""
TBX_V3 = """<?xml version="1.0"?>
<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en">
 <text><body>
  <conceptEntry id="c1">
   <langSec xml:lang="fr"><termSec><term>greffe de foie</term></termSec></langSec>
   <langSet xml:lang="fr"><termSec><term>greffe hépatique</term>
     <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec></langSet>
   <langSet xml:lang="en"><termSec><term>liver transplant</term></termSec></langSet>
  </conceptEntry>
 </body></text>
</tbx>
"""


def changes(text, tb, lang, seg_lang=None):
    segs = [Segment(0, len(text), seg_lang or lang, 1.0)]
    return apply_changes(text, term_changes(text, tb, lang, segs))


@pytest.mark.parametrize(
    "text, en",
    [
        pytest.param("Escs and IPSCS and HPCS", "ESCs and iPSCs and HPCs", id="canonical-case"),
        pytest.param(
            "Mesenchymal stem cells (MSC): found", "Mesenchymal stem cells (MSCs): found", id="after-plural-np"
        ),
        pytest.param("a mesenchymal stem cell (MSC) is", "a mesenchymal stem cell (MSC) is", id="after-singular-np"),
        pytest.param(
            "Cellules souches, en particulier les MSC, can", "Cellules souches, en particulier les MSCs, can", id="les"
        ),
        pytest.param("an MSC and MSC-derived cells", "an MSC and MSC-derived cells", id="singular-context"),
        pytest.param("the MSC have shown", "the MSCs have shown", id="plural-verb"),
        pytest.param("each MSCs", "each MSC", id="singular-determiner"),
    ],
)
def test_acronyms(text, en):
    tb = builtin_termbase()
    assert changes(text, tb, Lang.EN) == en
    assert changes(text, tb, Lang.FR, Lang.EN) == en  # acronyms are canonical in both outputs


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("Paracrine signalling helps.", "Paracrine signaling helps.", id="variant-case-kept"),
        pytest.param("PARACRINE SIGNALLING", "PARACRINE SIGNALING", id="all-caps"),
        pytest.param("Hepatic Disease Today", "Liver Disease Today", id="title-case"),
        pytest.param("two hepatic diseases", "two liver diseases", id="plural"),
        pytest.param("stem-cell therapy works", "stem cell therapy works", id="hyphen"),
        pytest.param("liver disease", "liver disease", id="preferred-unchanged"),
    ],
)
def test_english_variants(text, expected):
    assert changes(text, builtin_termbase(), Lang.EN) == expected


def test_french_accents_plural_and_hyphen():
    tb = Termbase((Entry("cell therapy", "thérapie cellulaire"),)).merged(builtin_termbase())
    assert (
        changes("les therapies cellulaires et une cellule-souche", tb, Lang.FR)
        == "les thérapies cellulaires et une cellule souche"
    )


def test_terms_only_inside_their_language():
    # an English sentence in the French output is not rewritten with French terms
    assert changes("paracrine signalling", builtin_termbase(), Lang.FR, Lang.EN) == "paracrine signalling"


def test_process_reports_term_changes():
    r = process("Stem cells, en particulier les MSC, work by paracrine signalling.", Config(engine="builtin"))
    assert r.output(Lang.EN) == "Stem cells, in particular MSCs, work by paracrine signaling."
    kinds = {(c.kind, c.before, c.after) for c in r.changes_for(Lang.EN)}
    assert ("term", "paracrine signalling", "paracrine signaling") in kinds


# -- glossary files ------------------------------------------------------------------------------


def test_tsv_glossary_merges_over_builtin(tmp_path):
    p = tmp_path / "g.tsv"
    p.write_text(
        "en\tfr\tvariants\tnote\n# comment\nliver failure\tdéfaillance hépatique\ten:hepatic failure\thouse style\n",
        encoding="utf-8",
    )
    tb = load_termbase(p)
    entries = [e for e in tb.entries if e.en == "liver failure"]
    assert entries == [Entry("liver failure", "défaillance hépatique", ("en:hepatic failure",), "house style")]
    assert len(tb.entries) == len(builtin_termbase().entries)


def test_csv_glossary_with_quotes(tmp_path):
    p = tmp_path / "g.csv"
    p.write_text('en,fr,variants\n"bone marrow, red",moelle rouge,\nliver,foie,\n', encoding="utf-8")
    assert [(e.en, e.fr) for e in load_glossary(p).entries] == [("bone marrow, red", "moelle rouge"), ("liver", "foie")]


def test_tbx_v2_and_v3(tmp_path):
    tb = parse_tbx(TBX_V2, "g.tbx")
    assert tb.entries == (Entry("liver failure", "défaillance hépatique", ("en:hepatic insufficiency",)),)
    v3 = tmp_path / "g.tbx"
    v3.write_text(TBX_V3, encoding="utf-8")
    (e,) = load_glossary(v3).entries
    assert (e.en, e.fr) == ("liver transplant", "greffe hépatique")


def test_glossary_used_by_translation_and_terms(tmp_path):
    p = tmp_path / "g.tbx"
    p.write_text(TBX_V2, encoding="utf-8")
    r = process(
        "It can cause défaillance hépatique and hepatic insufficiency.",
        Config(engine="builtin", glossary=p, base_lang="en"),
    )
    assert r.output(Lang.EN) == "It can cause liver failure and liver failure."


@pytest.mark.parametrize(
    "name, content, message",
    [
        pytest.param(
            "g.tsv",
            "en\tfr\nliver\tfoie\nkidney\n",
            "g.tsv:3: expected at least two columns (en, fr) separated by a tab",
            id="tsv-missing-column",
        ),
        pytest.param(
            "g.tsv",
            "liver\tfoie\tx\ty\tz\n",
            "g.tsv:1: expected at most four columns (en, fr, variants, note), got 5",
            id="tsv-extra-column",
        ),
        pytest.param(
            "g.csv",
            "en,fr\nliver,\n",
            "g.csv:2: expected at least two columns (en, fr) separated by ','",
            id="csv-empty-fr",
        ),
        pytest.param(
            "g.tbx",
            "<martif><text><body>\n<termEntry>\n<langSet xml:lang='en'><tig><term>x</term></tig>\n</body>",
            "g.tbx:4: not valid TBX/XML (mismatched tag)",
            id="tbx-not-xml",
        ),
        pytest.param(
            "g.tbx",
            "<martif><text><body>\n<termEntry>\n<langSet xml:lang='en'><tig><term>x</term></tig></langSet>\n"
            "</termEntry></body></text></martif>",
            'g.tbx:2: term entry has no French term (langSet xml:lang="fr")',
            id="tbx-no-french",
        ),
        pytest.param("g.tsv", "# only a comment\n", "g.tsv:1: no terms found (expected lines of en\tfr)", id="empty"),
    ],
)
def test_malformed_glossary_one_line_error_exit_4(tmp_path, name, content, message):
    p = tmp_path / name
    p.write_text(content, encoding="utf-8")
    with pytest.raises(GlossaryError) as err:
        load_glossary(p)
    assert str(err.value) == str(tmp_path / message)
    article = tmp_path / "a.txt"
    article.write_text("Stem cells help.\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["clean", str(article), "--glossary", str(p), "--out-dir", str(tmp_path / "out")])
    assert r.exit_code == 4
    assert r.stderr == f"Error: {tmp_path / message}\n"
    assert not (tmp_path / "out").exists()


def test_missing_glossary(tmp_path):
    with pytest.raises(GlossaryError, match="no such glossary file"):
        load_glossary(tmp_path / "nope.tsv")


def test_a_glossary_is_parsed_once_per_file_version(tmp_path):
    g = tmp_path / "g.tsv"
    g.write_text("en\tfr\nliver failure\tdéfaillance hépatique\n", encoding="utf-8")
    first = load_termbase(g)
    assert load_termbase(g) is first
    g.write_text("en\tfr\nliver failure\tinsuffisance du foie\n", encoding="utf-8")
    second = load_termbase(g)
    assert second is not first
    assert any(e.fr == "insuffisance du foie" for e in second.entries)


@pytest.mark.parametrize(
    "term,plural,expected",
    [
        ("thérapie par cellules souches", True, "thérapies par cellules souches"),
        ("voie d'administration", True, "voies d'administration"),
        ("thérapies par cellules souches", False, "thérapie par cellules souches"),
    ],
)
def test_french_terms_agree_only_before_their_first_preposition(term, plural, expected):
    from bilingual.terms.forms import inflect

    assert inflect(term, plural, not plural, Lang.FR) == expected


def test_longest_term_wins_and_a_shorter_one_is_used_where_punctuation_cuts_the_longer():
    tb = Termbase(
        (
            Entry("liver disease", "maladie du foie", ("hepatic disease",)),
            Entry("hepatic disease registry", "registre des maladies du foie", ("hepatic disease register",)),
        )
    )
    assert (
        changes("the hepatic disease register and the hepatic disease, register", tb, Lang.EN)
        == "the hepatic disease registry and the liver disease, register"
    )


@pytest.mark.parametrize(
    "text",
    [
        "iPSCs, hMSC-derived l'ESC Ümsc ÜMSC ÉSCs x2MSC _MSC mscs naïveMSC ÀB MSC’s straße STRASSE McDonald eBay",
        "Z",
        "zZ",
        "éA",
        "A" * 50 + "b" * 300 + "C",
        "ab" * 300 + "C aB",
        "MSCMSC MSC-MSC ESCsESC hESC",
    ],
)
def test_acronyms_are_found_as_whole_words_in_any_position(text):
    import re

    from bilingual.terms import acronym_matches, matcher_for
    from bilingual.terms.acronyms import CAPITALIZED

    tb = Termbase((Entry("MSCs", "CSM", ("ESC", "ÜMSC", "eBay", "aB", "Ab" * 150 + "C", "iPSC")),))
    spells = matcher_for(tb).acronym
    expected = [
        m.span() for m in re.finditer(r"[^\W\d_]+", text) if re.search("[A-Z]", m.group()) and spells(m.group())
    ]
    assert [m.span() for m in CAPITALIZED.finditer(text) if spells(m.group())] == expected
    assert [m.span() for m in acronym_matches(text, tb)] == expected


def test_a_matcher_tells_terms_and_acronyms_of_its_termbase():
    from bilingual.terms import matcher_for

    m = matcher_for(builtin_termbase())
    assert m is matcher_for(builtin_termbase())  # built once per termbase
    assert m.has_term("Paracrine Signalling", Lang.EN) and m.has_term("cellules souches", Lang.FR)
    assert not m.has_term("paracrine", Lang.EN)  # a term is matched whole
    assert m.acronym("Escs").en == m.acronym("ESC").en == "ESCs" and m.acronym("liver") is None
    glossary = Termbase((Entry("liver failure", "défaillance hépatique"),))
    assert matcher_for(glossary).has_term("liver failures", Lang.EN)
    assert not matcher_for(glossary).has_term("paracrine signalling", Lang.EN)  # each termbase its own matcher
