"""Translation memories (--memory): TMX, XLIFF 1.2 / 2.0 and TSV; exact matches applied, fuzzy ones suggested;
untrusted XML parsed without entities (TMX, XLIFF and TBX glossaries)."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bilingual.cli import cli
from bilingual.config import Config
from bilingual.memory import FUZZY_THRESHOLD, Memory, TranslationMemoryError, load_memory, read_pairs
from bilingual.model import Lang
from bilingual.pipeline import process

DATA = Path(__file__).parent / "data"
ARTICLE = (
    "Stem cells are studied in many labs. La signalisation paracrine régule la réparation du foie. "
    "They remain promising for le foie.\n"
)


def clean(*args):
    return CliRunner().invoke(cli, ["clean", *[str(a) for a in args]], catch_exceptions=False)


@pytest.fixture
def article(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    return p


def _report(out, stem="a"):
    return json.loads((out / f"{stem}.report.json").read_text(encoding="utf-8"))


def test_exact_match_replaces_the_span_before_the_builtin_engine_and_the_termbase_wins(article, tmp_path):
    tm = tmp_path / "tm.tsv"
    tm.write_text(
        "en\tfr\nParacrine signalling regulates liver repair.\tLa signalisation paracrine régule la "
        "réparation du foie.\nthe hepatic organ\tle foie\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    r = clean(article, "-o", out, "-e", "builtin", "--memory", tm, "--no-html")
    assert r.exit_code == 0, r.stderr
    # the memory's "signalling" is a variant of the termbase's "paracrine signaling": the termbase wins;
    # "le foie", which the builtin engine knows ("the liver"), takes the memory's translation
    assert (out / "a.en.txt").read_text(encoding="utf-8") == (
        "Stem cells are studied in many labs. Paracrine signaling regulates liver repair. "
        "They remain promising for the hepatic organ.\n"
    )
    report = _report(out)
    memory = [c for c in report["changes"] if c["engine"] == "memory"]
    assert [(c["before"], c["after"], c["kind"], c["output_lang"]) for c in memory] == [
        (
            "La signalisation paracrine régule la réparation du foie",
            "Paracrine signaling regulates liver repair",
            "translation",
            "en",
        ),
        ("le foie", "the hepatic organ", "translation", "en"),
    ]
    assert report["summary"]["en"]["untranslated"] == 0
    assert report["engine"] == "builtin"


def test_without_memory_the_same_article_is_flagged(article, tmp_path):
    r = clean(article, "-o", tmp_path / "out", "-e", "builtin", "--no-html")
    assert r.exit_code == 0
    report = _report(tmp_path / "out")
    assert report["summary"]["en"]["untranslated"] == 1
    assert all("suggestions" not in f for f in report["flags"])


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param("la signalisation paracrine régule la réparation du foie", id="case-at-the-start"),
        pytest.param("La  signalisation paracrine\trégule la réparation\n du foie", id="white-space"),
        pytest.param("La signalisation paracrine régule la réparation du foie\u00a0!", id="final-punctuation"),
    ],
)
def test_normalised_forms_match_exactly(variant):
    m = Memory([("Paracrine signaling regulates liver repair.", variant, "t")])
    assert (
        m.lookup("La signalisation paracrine régule la réparation du foie", Lang.FR)
        == "Paracrine signaling regulates liver repair."
    )
    assert m.lookup("La signalisation PARACRINE régule la réparation du foie", Lang.FR) is None  # inside: case counts


def test_apostrophes_and_french_spacing_match():
    m = Memory([("the mRNA of the liver", "l'ARN du foie\u00a0?", "t")])
    assert m.lookup("L’ARN du foie", Lang.FR) == "the mRNA of the liver"
    assert m.lookup("the mRNA of the liver", Lang.EN) == "l'ARN du foie ?"  # both ways
    assert m.lookup("l'ARN du rein", Lang.FR) is None


def test_fuzzy_match_is_suggested_not_applied(article, tmp_path):
    tm = tmp_path / "tm.tsv"
    tm.write_text(
        "Paracrine signaling regulates kidney repair.\tLa signalisation paracrine régule la réparation du rein.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert clean(article, "-o", out, "-e", "builtin", "--memory", tm).exit_code == 0
    assert "La signalisation paracrine régule la réparation du foie." in (out / "a.en.txt").read_text(encoding="utf-8")
    (flag,) = [f for f in _report(out)["flags"] if f["output_lang"] == "en"]
    assert flag["kind"] == "untranslated"
    (s,) = flag["suggestions"]
    assert s["text"] == "Paracrine signaling regulates kidney repair." and s["memory"] == "tm.tsv"
    assert s["source"] == "La signalisation paracrine régule la réparation du rein."
    assert FUZZY_THRESHOLD <= s["score"] < 1
    page = (out / "a.report.html").read_text(encoding="utf-8")
    assert (
        f"memory suggestion ({s['score']:.2f}, tm.tsv): <ins>Paracrine signaling regulates kidney repair.</ins>" in page
    )


def test_fuzzy_threshold():
    m = Memory([("a", "le foie est un organe vital", "t"), ("b", "une phrase tout autre chose", "t")])
    got = m.fuzzy("le foie est un organe", Lang.FR)
    assert [x.text for x in got] == ["a"] and got[0].score == 2 * 21 / (21 + 27)
    assert m.fuzzy("le foie est un", Lang.FR) == []  # 2 * 14 / (14 + 27) = 0.68: below the threshold
    assert m.fuzzy("rien à voir ici du tout", Lang.FR) == []


@pytest.mark.slow
def test_fuzzy_in_a_large_memory_finds_inflected_forms():
    filler = [(f"entry {i}", f"phrase numéro {i} sans rapport avec le reste", "t") for i in range(20_000)]
    m = Memory(filler + [("stem cells of the liver", "les cellules souches du foie", "t")])
    (got,) = m.fuzzy("La cellule souche du foie", Lang.FR)
    assert got.text == "stem cells of the liver" and got.score >= FUZZY_THRESHOLD


def test_the_tico19_layout_sample_is_read():
    pairs = read_pairs(DATA / "tico19-sample.en-fr.tmx")
    assert len(pairs) == 4
    assert pairs[2][:2] == ("Stay at home if you have a fever.", "Restez chez vous si vous avez de la fièvre.")
    assert pairs[3][:2] == (
        "Call your doctor before you go to the clinic.",  # inline codes (<ph>) left out
        "Appelez votre médecin avant d’aller à la clinique.",
    )


def test_a_tmx_written_by_translate_toolkit_is_read_and_used(tmp_path):
    from translate.storage import tmx

    store = tmx.tmxfile(sourcelanguage="en", targetlanguage="fr")
    store.addtranslation(
        "Wash your hands often with soap and water.",
        "en",
        "Lavez-vous souvent les mains avec de l'eau et du savon.",
        "fr",
    )
    tm = tmp_path / "tt.tmx"
    tm.write_bytes(bytes(store))
    assert b"<!DOCTYPE tmx" in tm.read_bytes()  # a DOCTYPE without entities is fine
    text = "Les mesures sont simples. Lavez-vous souvent les mains avec de l’eau et du savon.\n"
    r = process(text, Config(engine="builtin", memory=(tm,)))
    assert r.output(Lang.EN).endswith("Wash your hands often with soap and water.\n")


def test_xliff_2_is_read(tmp_path):
    tm = tmp_path / "filled.xlf"
    tm.write_text(
        '<?xml version="1.0"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" '
        'srcLang="en-US" trgLang="fr-FR"><file id="f1"><unit id="u1"><segment state="translated">'
        '<source>The liver <pc id="1">regenerates</pc>.</source><target>Le foie <pc id="1">se régénère'
        '</pc>.</target></segment></unit><unit id="u2"><segment><source>Empty</source></segment></unit>'
        '<unit id="u3"><segment><source>Copied</source><target>Copied</target></segment></unit>'
        "</file></xliff>",
        encoding="utf-8",
    )
    assert [p[:2] for p in read_pairs(tm)] == [("The liver regenerates.", "Le foie se régénère.")]


def test_xliff_1_2_targets_equal_to_the_source_count_only_when_translated(tmp_path):
    tm = tmp_path / "f.xlf"
    tm.write_text(
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" '
        'source-language="fr" target-language="en" datatype="plaintext"><body>'
        '<trans-unit id="1"><source>Paris</source><target state="needs-translation">Paris</target></trans-unit>'
        '<trans-unit id="2"><source>Montréal</source><target state="final">Montréal</target></trans-unit>'
        '<trans-unit id="3"><source>le <g id="a">foie</g></source><target>the <g id="a">liver</g></target>'
        "</trans-unit></body></file></xliff>",
        encoding="utf-8",
    )
    assert [p[:2] for p in read_pairs(tm)] == [("Montréal", "Montréal"), ("the liver", "le foie")]


def test_memory_from_the_settings_file(article, tmp_path, monkeypatch):
    (tmp_path / "tm").mkdir()
    (tmp_path / "tm" / "t.tsv").write_text("the hepatic organ\tle foie\n", encoding="utf-8")
    (tmp_path / "bilingual.toml").write_text('memory = ["tm/t.tsv"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert clean(article, "-o", tmp_path / "out", "-e", "builtin", "-q").exit_code == 0
    assert "promising for the hepatic organ." in (tmp_path / "out" / "a.en.txt").read_text(encoding="utf-8")


@pytest.mark.slow
def test_memory_in_parallel_runs(article, tmp_path):
    other = tmp_path / "b.txt"
    other.write_text(ARTICLE, encoding="utf-8")
    tm = tmp_path / "t.tsv"
    tm.write_text("the hepatic organ\tle foie\n", encoding="utf-8")
    assert (
        clean(article, other, "-o", tmp_path / "out", "-e", "builtin", "-q", "-j", "2", "--memory", tm).exit_code == 0
    )
    for stem in ("a", "b"):
        assert "the hepatic organ" in (tmp_path / "out" / f"{stem}.en.txt").read_text(encoding="utf-8")


# -- errors: one line, exit 4, nothing written -----------------------------------------------------

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
)
EXTERNAL = '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
BODIES = {
    "tmx": '<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>{e}</seg></tuv>'
    '<tuv xml:lang="fr"><seg>x</seg></tuv></tu></body></tmx>',
    "xlf": '<xliff version="1.2"><file original="a" source-language="en" target-language="fr" datatype="plaintext">'
    '<body><trans-unit id="1"><source>{e}</source><target>x</target></trans-unit></body></file></xliff>',
}


@pytest.mark.parametrize("kind", ["tmx", "xlf"])
@pytest.mark.parametrize(
    "attack, entity, what",
    [
        pytest.param(BILLION_LAUGHS, "&lol3;", "an entity (lol)", id="billion-laughs"),
        pytest.param(EXTERNAL, "&xxe;", "an external entity (xxe)", id="external-entity"),
    ],
)
def test_entities_are_refused(article, tmp_path, kind, attack, entity, what):
    tm = tmp_path / f"evil.{kind}"
    tm.write_text(attack + BODIES[kind].format(e=entity), encoding="utf-8")
    r = clean(article, "-o", tmp_path / "out", "--memory", tm)
    assert r.exit_code == 4
    assert r.stderr == (
        f"Error: {tm}: refused: the file declares {what}, which could expand without limit or "
        "read other files; remove the DOCTYPE's entity declarations\n"
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "attack, entity, what",
    [
        pytest.param(BILLION_LAUGHS, "&lol3;", "an entity (lol)", id="billion-laughs"),
        pytest.param(EXTERNAL, "&xxe;", "an external entity (xxe)", id="external-entity"),
    ],
)
def test_tbx_glossaries_refuse_entities_too(article, tmp_path, attack, entity, what):
    tbx = tmp_path / "g.tbx"
    tbx.write_text(
        attack + '<martif type="TBX"><text><body><termEntry><langSet xml:lang="en"><tig><term>'
        f'{entity}</term></tig></langSet><langSet xml:lang="fr"><tig><term>x</term></tig></langSet>'
        "</termEntry></body></text></martif>",
        encoding="utf-8",
    )
    r = clean(article, "-o", tmp_path / "out", "--glossary", tbx)
    assert r.exit_code == 4
    assert r.stderr.startswith(f"Error: {tbx}: refused: the file declares {what}") and r.stderr.count("\n") == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "content, message",
    [
        pytest.param(
            "en\tfr\nthe liver\tle foie\nno tab here\n",
            "{p}:3: expected two columns (en, fr) separated by a tab",
            id="tsv-one-column",
        ),
        pytest.param(
            "<html><body/></html>",
            "{p}: not a translation memory: <html> is neither TMX (<tmx>) nor XLIFF (<xliff>)",
            id="other-xml",
        ),
        pytest.param("<tmx><body><tu>", "{p}:1: not valid TMX/XLIFF (no element found)", id="broken-xml"),
        pytest.param(
            '<tmx version="1.4"><body><tu><tuv xml:lang="de"><seg>a</seg></tuv><tuv xml:lang="en"><seg>b</seg>'
            "</tuv></tu></body></tmx>",
            "{p}: none of its 1 translation units pairs English with French (languages found: de, en)",
            id="no-en-fr-pair",
        ),
    ],
)
def test_malformed_memories(article, tmp_path, content, message):
    tm = tmp_path / "tm.txt"
    tm.write_text(content, encoding="utf-8")
    r = clean(article, "-o", tmp_path / "out", "--memory", tm)
    assert (r.exit_code, r.stderr) == (4, "Error: " + message.format(p=tm) + "\n")
    assert not (tmp_path / "out").exists()


def test_missing_memory_file(article, tmp_path):
    r = clean(article, "-o", tmp_path / "out", "--memory", tmp_path / "nope.tmx")
    assert (r.exit_code, r.stderr) == (4, f"Error: {tmp_path / 'nope.tmx'}: no such translation memory file\n")


def test_memory_is_read_once_per_file_version(tmp_path):
    tm = tmp_path / "t.tsv"
    tm.write_text("a\tb\n", encoding="utf-8")
    assert load_memory([tm]).lookup("b", Lang.FR) == "a"
    tm.write_text("c\tb\nd\te\n", encoding="utf-8")
    assert load_memory([tm]).lookup("b", Lang.FR) == "c"
    with pytest.raises(TranslationMemoryError):
        load_memory([tmp_path / "missing.tsv"])


def test_streamed_inputs_use_the_memory_too(tmp_path, monkeypatch):
    from bilingual import chunked

    src = tmp_path / "big.txt"
    src.write_text("\n".join([ARTICLE] * 60), encoding="utf-8")
    monkeypatch.setattr(chunked, "THRESHOLD", 2_000)
    monkeypatch.setattr(chunked, "CHUNK_CHARS", 1_000)
    tm = tmp_path / "t.tsv"
    tm.write_text(
        "the hepatic organ\tle foie\nParacrine signaling regulates kidney repair.\tLa signalisation "
        "paracrine régule la réparation du rein.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    r = clean(src, "-o", out, "-e", "builtin", "-q", "--memory", tm)
    assert r.exit_code == 0, r.stderr
    assert (out / "big.en.txt").read_text(encoding="utf-8").count("promising for the hepatic organ.") == 60
    report = _report(out, "big")
    assert "chunks" in report["notes"][-1]
    assert sum(1 for f in report["flags"] if f.get("suggestions")) == 60
    r = clean(src, "-o", tmp_path / "x", "-e", "builtin", "--xliff")
    assert r.exit_code == 3
    assert r.stderr == (
        f"Error: {src}: --xliff is not available for inputs over {chunked.THRESHOLD // 1_000_000} MB "
        "(streamed); split the file\n"
    )
