"""The nmt engine on a tiny random model (real CTranslate2 + SentencePiece, offline).

The tiny model's output is gibberish: with it, assert structure only. Content
is asserted with fake translators (echo) plugged into the real engine.
"""

import json
import re
import socket
import subprocess
import sys
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from bilingual import models
from bilingual.cli import cli
from bilingual.engines import get_engine
from bilingual.engines.base import Translation
from bilingual.engines.chain import ChainEngine
from bilingual.engines.nmt import INSTALL_EXTRA, LoadedModel, NmtEngine, _fit, load
from bilingual.errors import EngineUnavailable
from bilingual.model import Lang
from bilingual.terms import Entry, Termbase, builtin_termbase
from netguard import NetworkBlocked

FR = [
    "les cellules souches sont nouvelles.",
    "la thérapie des patients",
    "recherche et régénération du foie",
    "les hépatocytes",
    "une nouvelle greffe",
]


def run(*args, **kw):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, **kw)


@pytest.fixture
def store(tiny_models, monkeypatch):
    monkeypatch.setenv("BILINGUAL_MODELS_DIR", str(tiny_models.store))
    monkeypatch.setenv("BILINGUAL_NMT_MAX_DECODING_LENGTH", "12")  # random weights decode to the cap
    return tiny_models.store


# -- the network guard --------------------------------------------------------------------


def test_guard_refuses_connect_to_a_remote_address():
    with pytest.raises(NetworkBlocked, match="socket.connect"):
        socket.create_connection(("192.0.2.1", 80), timeout=0.1)  # TEST-NET-1: never routed


def test_guard_refuses_name_lookups():
    with pytest.raises(NetworkBlocked, match="getaddrinfo"):
        socket.getaddrinfo("example.com", 443)


def test_guard_covers_python_subprocesses():
    code = "import socket; socket.getaddrinfo('example.com', 443)"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 1
    assert "NetworkBlocked: tests must not use the network: socket.getaddrinfo for 'example.com'" in r.stderr


def test_guard_allows_loopback():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=1):
            pass


# -- the real engine on the tiny model: structure ---------------------------------------


def test_one_nonempty_answer_per_input(store):
    answers = NmtEngine(max_decoding_length=16).translate_batch(FR, Lang.FR, Lang.EN)
    assert len(answers) == len(FR)
    assert all(isinstance(a, Translation) and a.text.strip() for a in answers)
    assert all(0.0 < a.confidence <= 1.0 for a in answers)


def test_deterministic(store):
    first = [a.text for a in NmtEngine(max_decoding_length=16).translate_batch(FR, Lang.FR, Lang.EN)]
    again = [a.text for a in NmtEngine(max_decoding_length=16).translate_batch(FR, Lang.FR, Lang.EN)]
    engine = NmtEngine(max_decoding_length=16)
    twice = [[a.text for a in engine.translate_batch(FR, Lang.FR, Lang.EN)] for _ in range(2)]
    assert first == again == twice[0] == twice[1]


def test_opus_mt_folder_translates(store):
    answers = NmtEngine(max_decoding_length=16).translate_batch(["the stem cells", "new research"], Lang.EN, Lang.FR)
    assert [bool(a and a.text.strip()) for a in answers] == [True, True]


def test_spans_go_to_ctranslate2_in_one_batch(store, monkeypatch):
    engine = NmtEngine(max_decoding_length=16)
    loaded = engine.model(Lang.FR, Lang.EN)
    calls = []
    real = loaded.translator

    class Counting:
        def translate_batch(self, tokens, **kw):
            calls.append(len(tokens))
            return real.translate_batch(tokens, **kw)

    monkeypatch.setattr(loaded, "translator", Counting())
    no_terms = ["la thérapie des patients", "recherche et régénération", "une nouvelle greffe", "des patients"]
    assert len(engine.translate_batch(no_terms, Lang.FR, Lang.EN)) == 4
    assert calls == [4]


def test_translator_is_loaded_once_per_model(store):
    a = NmtEngine().model(Lang.FR, Lang.EN)
    b = NmtEngine().model(Lang.FR, Lang.EN)
    assert a is b and a.translator is b.translator


def test_blank_and_repeated_spans_keep_their_places(store):
    texts = ["", "les patients", "   ", "les patients", "!"]
    answers = NmtEngine(max_decoding_length=12).translate_batch(texts, Lang.FR, Lang.EN)
    assert len(answers) == 5 and answers[0] is None and answers[2] is None
    assert answers[1] is not None and answers[1] == answers[3]


def test_empty_batch_needs_no_model(tmp_path):
    assert NmtEngine(models_dir=tmp_path).translate_batch([], Lang.EN, Lang.FR) == []


# -- termbase terms -----------------------------------------------------------------------


def test_preferred_term_appears_on_the_tiny_model(store):
    texts = ["la maladie du foie et les patients", "les Escs sont nouvelles", "une insuffisance hépatique sévère"]
    answers = NmtEngine(max_decoding_length=16).translate_batch(texts, Lang.FR, Lang.EN)
    assert "liver disease" in answers[0].text
    assert "ESCs" in answers[1].text
    assert "liver failure" in answers[2].text


def test_user_glossary_term_appears_on_the_tiny_model(store):
    termbase = Termbase((Entry("graft rejection", "rejet de greffe"),))
    answer = NmtEngine(termbase=termbase, max_decoding_length=16).translate_batch(
        ["le rejet de greffe des patients"], Lang.FR, Lang.EN
    )[0]
    assert "graft rejection" in answer.text


def test_language_tagged_variants_are_protected_without_their_tag(tiny_models, monkeypatch):
    """A variant tagged "en:" or "fr:" is a variant of that language only, and becomes the target term."""
    termbase = Termbase((Entry("liver disease", "maladie du foie", ("en:hepatic disease", "fr:hépatopathie")),))
    engine = _fake_engine(tiny_models, Echo(), monkeypatch, termbase=termbase)
    [a] = engine.translate_batch(["the hepatic disease of patients"], Lang.EN, Lang.FR)
    assert a.text == "the maladie du foie of patients"  # the echo translator: only the term is translated
    a, b = engine.translate_batch(["une hépatopathie sévère", "la hépatopathie and hepatic disease"], Lang.FR, Lang.EN)
    assert (a.text, b.text) == (
        "une liver disease sévère",
        "la liver disease and hepatic disease",
    )  # "en:": English only


class Echo:
    """A fake CTranslate2 translator: the source pieces back (optionally without placeholders)."""

    def __init__(self, drop_unknown=False):
        self.drop_unknown = drop_unknown
        self.calls = []

    def translate_batch(self, tokens, **kw):
        self.calls.append(kw)
        out = []
        for toks in tokens:
            hyp = [t for t in toks if not (self.drop_unknown and "\u2983" in t)]
            out.append(SimpleNamespace(hypotheses=[hyp], scores=[-0.1]))
        return out


def _fake_engine(tiny_models, translator, monkeypatch, **kw):
    info = models.find("fr", "en", tiny_models.store)
    real = load(info)
    fake = LoadedModel(info, translator, real.source_sp, real.target_sp)
    engine = NmtEngine(models_dir=tiny_models.store, **kw)
    monkeypatch.setattr(engine, "model", lambda s, t: fake)
    return engine


def test_placeholders_survive_and_become_the_target_term(tiny_models, monkeypatch):
    echo = Echo()
    engine = _fake_engine(tiny_models, echo, monkeypatch)
    [a] = engine.translate_batch(["les Escs et la maladie du foie"], Lang.FR, Lang.EN)
    assert a.text == "les ESCs et la liver disease"
    assert len(echo.calls) == 1 and echo.calls[0]["replace_unknowns"] is True


def test_lost_placeholders_force_the_term_in_place(tiny_models, monkeypatch):
    echo = Echo(drop_unknown=True)
    engine = _fake_engine(tiny_models, echo, monkeypatch)
    [a] = engine.translate_batch(["les Escs et la maladie du foie"], Lang.FR, Lang.EN)
    assert a.text == "les ESCs et la liver disease"
    assert len(echo.calls) == 2  # one batch for all spans, one for the pieces of those that lost a term


def test_beam_search_capped_and_deterministic_options(tiny_models, monkeypatch):
    echo = Echo()
    engine = _fake_engine(tiny_models, echo, monkeypatch, max_decoding_length=7, beam_size=3)
    engine.translate_batch(["les patients"], Lang.FR, Lang.EN)
    kw = echo.calls[0]
    assert kw["max_decoding_length"] == 7 and kw["beam_size"] == 3 and "sampling_topk" not in kw


def test_target_prefix_is_passed_and_dropped(tiny_models, monkeypatch):
    import dataclasses

    echo = Echo()
    engine = _fake_engine(tiny_models, echo, monkeypatch)
    fake = engine.model(Lang.FR, Lang.EN)
    fake.info = dataclasses.replace(fake.info, target_prefix="__en__")
    assert fake.decode(["__en__", "\u2581the", "\u2581liver"]) == "the liver"
    assert fake.decode(["\u2581caf", "<0xC3>", "<0xA9>", "\u2581\u2983", "0\u2984"]) == "café \u29830\u2984"
    engine.translate_batch(["les patients"], Lang.FR, Lang.EN)
    assert echo.calls[0]["target_prefix"] == [["__en__"]]


@pytest.mark.parametrize(
    "source, out, expected",
    [
        pytest.param("abus d'alcool", "Alcohol abuse.", "Alcohol abuse", id="no-final-punct-in-source"),
        pytest.param("C'est fini.", "It is over", "It is over.", id="punct-restored"),
        pytest.param("Ainsi ?", "So?", "So?", id="model-punct-kept"),
        pytest.param(" et troubles\n", "and disorders", " and disorders\n", id="whitespace-kept"),
        pytest.param(", et les", "and the", ", and the", id="leading-comma-kept"),
        pytest.param("les cellules (", "the cells", "the cells (", id="opening-bracket-kept"),
    ],
)
def test_fit_to_the_span(source, out, expected):
    assert _fit(source, out) == expected


# -- errors ---------------------------------------------------------------------------------


def test_missing_pair_names_the_pair_and_the_remedy(tmp_path, tiny_models):
    models.install(tiny_models.argosmodel, tmp_path)  # fr->en only
    with pytest.raises(EngineUnavailable) as err:
        NmtEngine(models_dir=tmp_path).translate_batch(["the cells"], Lang.EN, Lang.FR)
    assert str(err.value).startswith("no nmt model installed for en->fr;")
    assert "bilingual models install PATH" in str(err.value) and "\n" not in str(err.value)


def test_missing_pair_not_strict_answers_none_and_notes_once(tmp_path):
    engine = NmtEngine(models_dir=tmp_path, strict=False)
    assert engine.translate_batch(["a", "b"], Lang.EN, Lang.FR) == [None, None]
    engine.translate_batch(["c"], Lang.EN, Lang.FR)
    assert len(engine.notes) == 1 and "en->fr" in engine.notes[0]


def test_unloadable_model_one_line_error_or_fallback(tmp_path, tiny_models):
    models.install(tiny_models.argosmodel, tmp_path)
    (tmp_path / "translate-fr_en-tiny" / "model" / "model.bin").write_bytes(b"not a model")
    with pytest.raises(EngineUnavailable) as err:
        NmtEngine(models_dir=tmp_path).translate_batch(["les patients"], Lang.FR, Lang.EN)
    assert str(err.value).startswith("translate-fr_en-tiny: cannot load the model (") and "\n" not in str(err.value)
    lenient = NmtEngine(models_dir=tmp_path, strict=False)
    assert lenient.translate_batch(["les patients"], Lang.FR, Lang.EN) == [None]
    assert lenient.notes[0].endswith("the builtin engine was used for fr->en")


def test_missing_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "ctranslate2", None)  # import ctranslate2 -> ImportError
    with pytest.raises(EngineUnavailable, match=r"^the nmt engine needs: pip install ctranslate2 sentencepiece$"):
        get_engine("nmt")


def test_cli_missing_extra_one_line_exit_5_no_output(article_path, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ctranslate2", None)
    r = run("clean", article_path, "--engine", "nmt", "--out-dir", tmp_path / "out")
    assert r.exit_code == 5
    assert r.stderr == f"Error: {INSTALL_EXTRA}\n"
    assert not (tmp_path / "out").exists()


def test_cli_missing_pair_exit_5_no_output(article_path, tmp_path, tiny_models, monkeypatch):
    models.install(tiny_models.argosmodel, tmp_path / "models")  # fr->en only; the article needs en->fr too
    monkeypatch.setenv("BILINGUAL_MODELS_DIR", str(tmp_path / "models"))
    monkeypatch.setenv("BILINGUAL_NMT_MAX_DECODING_LENGTH", "12")
    r = run("clean", article_path, "--engine", "nmt", "--out-dir", tmp_path / "out")
    assert r.exit_code == 5
    assert r.stderr.startswith("Error: no nmt model installed for en->fr;") and r.stderr.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_cli_to_en_needs_only_the_pair_into_english(article_path, tmp_path, tiny_models, monkeypatch):
    """--to en: no French output is made, so the missing en->fr model is not needed."""
    models.install(tiny_models.argosmodel, tmp_path / "models")  # fr->en only
    monkeypatch.setenv("BILINGUAL_MODELS_DIR", str(tmp_path / "models"))
    monkeypatch.setenv("BILINGUAL_NMT_MAX_DECODING_LENGTH", "12")
    r = run("clean", article_path, "--engine", "nmt", "--to", "en", "--out-dir", tmp_path / "out")
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "article.en.txt",
        "article.report.html",
        "article.report.json",
    ]
    report = json.loads((tmp_path / "out" / "article.report.json").read_text(encoding="utf-8"))
    assert report["engine"] == "nmt"
    assert {c["output_lang"] for c in report["changes"]} == {"en"}
    assert set(report["summary"]) == {"en", "input_flags"}


def test_cli_missing_pair_stops_a_batch_once_exit_5(article_path, tmp_path, tiny_models, monkeypatch):
    """A missing pair is the run's problem, not each file's: one error line, exit 5, no output."""
    models.install(tiny_models.argosmodel, tmp_path / "models")  # fr->en only
    monkeypatch.setenv("BILINGUAL_MODELS_DIR", str(tmp_path / "models"))
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (docs / name).write_text(article_path.read_text(encoding="utf-8"), encoding="utf-8")
    r = run("clean", docs, "--engine", "nmt", "--out-dir", tmp_path / "out")
    assert r.exit_code == 5
    assert r.stderr.startswith("Error: no nmt model installed for en->fr;") and r.stderr.count("\n") == 1
    assert not (tmp_path / "out").exists()


# -- the command line on the tiny model ------------------------------------------------------


def test_cli_clean_with_nmt(article_path, tmp_path, store):
    out = tmp_path / "out"
    r = run("clean", article_path, "--engine", "nmt", "--out-dir", out, "--no-html")
    assert r.exit_code == 0, r.output
    assert "note:" not in r.output
    report = json.loads((out / "article.report.json").read_text(encoding="utf-8"))
    assert report["engine"] == "nmt"
    assert {c["engine"] for c in report["changes"] if c["kind"] == "translation"} == {"builtin", "nmt"}
    text = article_path.read_text(encoding="utf-8")
    for lang in ("en", "fr"):
        other = "fr" if lang == "en" else "en"
        done = [c for c in report["changes"] if c["output_lang"] == lang and c["kind"] == "translation"]
        left = [f for f in report["flags"] if f["output_lang"] == lang and f["kind"] == "untranslated"]
        spans = sorted((x["start"], x["end"]) for x in done + left)
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))  # at most one answer per segment
        chatter = [
            (c["start"], c["end"]) for c in report["changes"] if c["output_lang"] == lang and c["kind"] == "chatter"
        ]
        segs = [
            s
            for s in report["segments"]
            if s["lang"] == other and not any(a < s["end"] and s["start"] < b for a, b in chatter)
        ]
        uncovered = {
            text[s["start"] : s["end"]].lower()
            for s in segs
            if not any(a <= s["start"] and s["end"] <= b for a, b in spans)
        }
        # every segment of the other language got an answer, except words that are the same in both
        assert uncovered <= {e.en.lower() for e in builtin_termbase().entries if e.en.lower() == e.fr.lower()}
        assert all(text[c["start"] : c["end"]] == c["before"] for c in done)
    # termbase terms come through the model as the preferred French term
    with_term = [
        c
        for c in report["changes"]
        if c["output_lang"] == "fr" and c["engine"] == "nmt" and re.search(r"\bliver disease\b", c["before"], re.I)
    ]
    assert with_term and all("maladie du foie" in c["after"].lower() for c in with_term)


def test_cli_auto_uses_nmt_when_installed(article_path, tmp_path, store):
    r = run("clean", article_path, "--out-dir", tmp_path / "out", "--no-html")
    assert r.exit_code == 0, r.output
    report = json.loads((tmp_path / "out" / "article.report.json").read_text(encoding="utf-8"))
    assert report["engine"] == "nmt" and "note:" not in r.output


def test_cli_auto_falls_back_and_says_so_once(article_path, tmp_path):
    copy = tmp_path / "second.txt"
    copy.write_text(article_path.read_text(encoding="utf-8"), encoding="utf-8")
    r = run("clean", article_path, copy, "--out-dir", tmp_path / "out", "--no-html")
    assert r.exit_code == 0, r.output
    assert r.stderr.count("note: no nmt model is installed, so the builtin engine was used") == 1
    report = json.loads((tmp_path / "out" / "article.report.json").read_text(encoding="utf-8"))
    assert report["engine"] == "builtin"


def test_library_auto_fallback_note(tmp_path):
    from bilingual import Config, process

    r = process(
        "Stem cells hold promise. Les cellules souches sont étudiées depuis longtemps.",
        Config(engine="auto", models_dir=tmp_path),
    )
    assert r.engine == "builtin" and len(r.notes) == 1 and "no nmt model" in r.notes[0]


def test_chain_records_which_engine_answered():
    from bilingual.engines.base import DictEngine

    class Named(DictEngine):
        name = "second"

    chain = ChainEngine([DictEngine({"foie": "liver"}), Named({"rein": "kidney"})], name="nmt")
    a, b, c = chain.translate_batch(["foie", "rein", "cœur"], Lang.FR, Lang.EN)
    assert (a.engine, b.engine, c) == ("dict", "second", None)


@pytest.mark.slow
def test_nmt_not_imported_unless_selected():
    code = (
        "import sys, bilingual.cli, bilingual.pipeline, bilingual.engines as e; e.get_engine('builtin'); "
        "print(sorted(m for m in ('ctranslate2', 'sentencepiece', 'bilingual.engines.nmt') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_fallback_note_names_the_missing_direction(tmp_path, tiny_models, monkeypatch):
    from bilingual.cli.models import fallback_note

    left = [{"en": {"untranslated": 0}, "fr": {"untranslated": 3}}]
    assert fallback_note("auto", left, tmp_path).startswith("no nmt model is installed, so the builtin engine")
    models.install(tiny_models.argosmodel, tmp_path)  # fr->en only: the French output still lacks en->fr
    assert fallback_note("auto", left, tmp_path).startswith("no nmt model installed for en->fr;")
    assert fallback_note("auto", [{"en": {"untranslated": 2}, "fr": {"untranslated": 0}}], tmp_path) == ""
    assert fallback_note("builtin", left, tmp_path) == ""
    monkeypatch.setitem(sys.modules, "ctranslate2", None)
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    assert fallback_note("auto", left, tmp_path) == (
        f"nmt models are installed but {INSTALL_EXTRA}; the builtin engine was used"
    )


@pytest.mark.parametrize("value", ["-1", "0", "123456789012345678901", "ten"])
def test_bad_max_decoding_length_is_one_line(tiny_models, tmp_path, monkeypatch, value):
    from click.testing import CliRunner

    from bilingual.cli import cli

    monkeypatch.setenv("BILINGUAL_NMT_MAX_DECODING_LENGTH", value)
    monkeypatch.setenv("BILINGUAL_MODELS_DIR", str(tiny_models.store))
    src = tmp_path / "a.txt"
    src.write_text("Stem cells are studied. Les cellules souches sont étudiées en laboratoire.\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["clean", str(src), "-o", str(tmp_path / "o"), "--engine", "nmt"])
    assert r.exit_code == 5, r.output
    assert r.stderr.count("\n") == 1 and "BILINGUAL_NMT_MAX_DECODING_LENGTH" in r.stderr
    assert not (tmp_path / "o").exists() or not list((tmp_path / "o").iterdir())
