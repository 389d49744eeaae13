"""The engine list is the registry: bilingual.engines.ENGINES and the ``bilingual.engines`` entry points."""

import json
import sys

import pytest
from click.testing import CliRunner

from bilingual import engines
from bilingual.cli import cli
from bilingual.errors import EngineUnavailable

ENGINE_MODULE = """
from bilingual.engines.base import Translation


class ShoutEngine:
    name = "shout"
    notes = ()

    def __init__(self, **options):
        pass

    def translate_batch(self, texts, source, target):
        return [Translation(t.upper(), 0.9) for t in texts]
"""
MIXED = "Stem cells are studied. Les cellules souches sont étudiées.\n"


@pytest.fixture
def installed_shout(tmp_path, monkeypatch):
    """A package installed on sys.path (a dist-info folder) that registers the engine ``shout``."""
    site = tmp_path / "site"
    dist = site / "shout_engine-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: shout-engine\nVersion: 1.0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text(
        "[bilingual.engines]\nshout = shout_engine:ShoutEngine\nbroken = shout_engine:NoSuchEngine\n", encoding="utf-8"
    )
    (site / "shout_engine.py").write_text(ENGINE_MODULE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.delitem(sys.modules, "shout_engine", raising=False)
    yield
    sys.modules.pop("shout_engine", None)


def test_an_engine_registered_by_an_entry_point_is_accepted_by_engine(installed_shout, tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(MIXED, encoding="utf-8")
    r = CliRunner().invoke(cli, ["clean", str(src), "-o", str(tmp_path / "o"), "--engine", "shout", "-q"])
    assert r.exit_code == 0, r.output
    report = json.loads((tmp_path / "o" / "a.report.json").read_text(encoding="utf-8"))
    assert report["engine"] == "shout"
    assert "LES CELLULES SOUCHES SONT ÉTUDIÉES." in (tmp_path / "o" / "a.en.txt").read_text(encoding="utf-8")


def test_the_engine_setting_and_the_error_for_an_unknown_name_list_registered_engines(
    installed_shout, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(MIXED, encoding="utf-8")
    (tmp_path / "bilingual.toml").write_text('engine = "shout"\nhtml = false\n', encoding="utf-8")
    r = CliRunner().invoke(cli, ["clean", "a.txt", "-q"])
    assert r.exit_code == 0, r.output
    assert json.loads((tmp_path / "output" / "a.report.json").read_text(encoding="utf-8"))["engine"] == "shout"
    r = CliRunner().invoke(cli, ["clean", "a.txt", "--engine", "nope"])
    assert r.exit_code == 2 and "'nope' is not one of 'auto', 'broken', 'builtin', 'nmt', 'shout'." in r.output


def test_an_engine_that_cannot_be_loaded_is_a_one_line_error(installed_shout):
    with pytest.raises(EngineUnavailable) as err:
        engines.get_engine("broken")
    assert str(err.value).startswith("engine 'broken' (shout_engine:NoSuchEngine) cannot be loaded: ")
    assert "\n" not in str(err.value)


def test_without_entry_points_the_names_are_auto_and_the_built_in_engines():
    assert engines.engine_names()[0] == "auto" and set(engines.ENGINES) <= set(engines.engine_names())


@pytest.mark.parametrize("name", ["auto", *engines.ENGINES])
def test_the_help_and_the_docs_name_every_built_in_engine(name):
    from pathlib import Path

    option = next(p for p in cli.commands["clean"].params if p.name == "engine")
    assert name in option.metavar.split("|")
    docs = Path(__file__).resolve().parent.parent / "docs"
    row = next(line for line in (docs / "cli.md").read_text(encoding="utf-8").splitlines() if "--engine" in line)
    assert name in row
    engines_doc = (docs / "engines.md").read_text(encoding="utf-8")
    assert f"--engine {name}" in engines_doc or f'<a id="{name}"></a>' in engines_doc
