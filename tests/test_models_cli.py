"""`bilingual models install / list / remove` and the model store behind them."""

import json
import shutil
import sys
import zipfile

import pytest
from click.testing import CliRunner

from bilingual import models
from bilingual.cli import cli


def run(*args, **kw):
    return CliRunner().invoke(cli, ["models", *[str(a) for a in args]], catch_exceptions=False, **kw)


@pytest.fixture
def store(tmp_path, monkeypatch):
    d = tmp_path / "store"
    monkeypatch.setenv("BILINGUAL_MODELS_DIR", str(d))
    return d


def test_install_list_remove_argosmodel(store, tiny_models):
    r = run("install", tiny_models.argosmodel)
    assert r.exit_code == 0, r.output
    assert r.output == f"installed translate-fr_en-tiny (fr->en, argos) in {store}\n"
    assert (store / "translate-fr_en-tiny" / "metadata.json").is_file()

    r = run("list")
    assert r.output.splitlines() == [f"models in {store}:", "  translate-fr_en-tiny  fr->en  argos    0.1"]

    r = run("remove", "translate-fr_en-tiny")
    assert r.exit_code == 0 and r.output == f"removed translate-fr_en-tiny from {store}\n"
    assert run("list").output == f"no models installed in {store}\n"


def test_install_opus_mt_folder_pair_from_its_name(store, tiny_models):
    r = run("install", tiny_models.opus)
    assert r.exit_code == 0, r.output
    assert r.output.startswith("installed opus-mt-en-fr (en->fr, opus-mt)")
    assert json.loads((store / "opus-mt-en-fr" / "bilingual.json").read_text()) == {"from_code": "en", "to_code": "fr"}
    assert models.find("en", "fr").name == "opus-mt-en-fr"
    assert tiny_models.opus.is_dir()  # the source folder is copied, not moved


def test_install_folder_needs_a_pair(store, tiny_models, tmp_path):
    folder = tmp_path / "my-model"
    shutil.copytree(tiny_models.opus, folder)
    r = run("install", folder)
    assert r.exit_code == 3
    assert r.stderr == (
        "Error: my-model: cannot tell the language pair; name the folder like opus-mt-fr-en or pass --from and --to\n"
    )
    r = run("install", folder, "--from", "fr", "--to", "en")
    assert r.exit_code == 0 and "(fr->en, opus-mt)" in r.output
    assert not [p for p in store.iterdir() if p.name.startswith(".")]  # no staging left behind


def test_install_twice_needs_force(store, tiny_models):
    assert run("install", tiny_models.argosmodel).exit_code == 0
    r = run("install", tiny_models.argosmodel)
    assert r.exit_code == 3
    assert r.stderr == (
        f"Error: translate-fr_en-tiny is already installed in {store}; use --force to replace it, "
        "or: bilingual models remove translate-fr_en-tiny\n"
    )
    assert run("install", tiny_models.argosmodel, "--force").exit_code == 0


def _zip(path, entries):
    with zipfile.ZipFile(path, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return path


@pytest.mark.parametrize(
    "entries, message",
    [
        pytest.param(
            {"a/metadata.json": "{}", "b/x": ""}, "expected exactly one top-level folder, found 2", id="two-folders"
        ),
        pytest.param({"metadata.json": "{}"}, "a file at the top of the archive (metadata.json)", id="file-on-top"),
        pytest.param({"pkg/../../evil": ""}, "unsafe path in archive: pkg/../../evil", id="path-traversal"),
        pytest.param(
            {"pkg/metadata.json": "{}"},
            "pkg: no tokenizer: expected sentencepiece.model (Argos) or source.spm and target.spm (OPUS-MT)",
            id="no-tokenizer",
        ),
        pytest.param(
            {"pkg/metadata.json": '{"type": "sbd"}'},
            "pkg: an Argos package of type 'sbd', not a translation model",
            id="not-translate",
        ),
        pytest.param(
            {"pkg/sentencepiece.model": "x", "pkg/metadata.json": '{"from_code": "fr", "to_code": "en"}'},
            "pkg: no CTranslate2 model (model.bin) in model/",
            id="no-model",
        ),
    ],
)
def test_bad_archives_one_line_error_nothing_installed(store, tmp_path, entries, message):
    bad = _zip(tmp_path / "bad.argosmodel", entries)
    r = run("install", bad)
    assert r.exit_code == 3
    assert r.stderr.count("\n") == 1 and message in r.stderr, r.stderr
    assert not (tmp_path / "evil").exists()
    assert models.installed() == ([], [])
    assert not any(store.iterdir())


def test_a_model_that_does_not_load_is_not_installed(store, tiny_models, tmp_path):
    folder = tmp_path / "opus-mt-fr-en"
    shutil.copytree(tiny_models.opus, folder)
    (folder / "model.bin").write_bytes(b"not a model")
    r = run("install", folder)
    assert r.exit_code == 3
    assert r.stderr.startswith("Error: opus-mt-fr-en: cannot load the model (") and r.stderr.count("\n") == 1
    assert models.installed() == ([], []) and not any(store.iterdir())


def test_install_without_the_extra_says_the_model_was_not_loaded(store, tiny_models, monkeypatch):
    monkeypatch.setitem(sys.modules, "ctranslate2", None)
    r = run("install", tiny_models.argosmodel)
    assert r.exit_code == 0
    assert r.output.endswith("(not test-loaded: the nmt engine needs: pip install ctranslate2 sentencepiece)\n")


def test_not_a_model(store, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    r = run("install", text)
    assert (r.exit_code, r.stderr) == (3, f"Error: {text}: not an .argosmodel (zip) file or a model folder\n")
    r = run("install", tmp_path / "nope.argosmodel")
    assert (r.exit_code, r.stderr) == (3, f"Error: {tmp_path / 'nope.argosmodel'}: no such file or folder\n")


def test_remove_unknown(store, tiny_models):
    run("install", tiny_models.argosmodel)
    r = run("remove", "nope")
    assert r.exit_code == 3
    assert r.stderr == f"Error: nope: no such model in {store} (installed: translate-fr_en-tiny)\n"
    assert run("remove", "../store").exit_code == 3
    assert store.is_dir()


def test_list_shows_unusable_folders(store, tiny_models):
    run("install", tiny_models.argosmodel)
    (store / "broken").mkdir()
    r = run("list")
    assert r.exit_code == 0
    assert "  unusable: broken: no tokenizer" in r.output and "translate-fr_en-tiny  fr->en" in r.output


def test_models_dir_option_and_default(tmp_path, tiny_models, monkeypatch):
    other = tmp_path / "elsewhere"
    assert run("install", tiny_models.argosmodel, "--models-dir", other).exit_code == 0
    assert "translate-fr_en-tiny" in run("list", "--models-dir", other).output
    monkeypatch.delenv("BILINGUAL_MODELS_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert models.models_dir() == tmp_path / "xdg" / "bilingual" / "models"


def test_models_help_lists_commands():
    r = run("--help")
    assert r.exit_code == 0
    assert all(c in r.output for c in ("install", "list", "remove"))
