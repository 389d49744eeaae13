"""bilingual.toml / [tool.bilingual] defaults, and command-line flags overriding them."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from bilingual import settings
from bilingual.cli import cli
from bilingual.errors import ConfigError

MIXED = "Stem cells are promising. Les cellules souches sont prometteuses et fascinantes.\n"


def run(*args, **kw):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, **kw)


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder (the current folder) with one mixed article."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(MIXED, encoding="utf-8")
    return tmp_path


def test_bilingual_toml_sets_out_dir_and_engine(project):
    (project / "bilingual.toml").write_text('out-dir = "cleaned"\nengine = "builtin"\nhtml = false\n')
    r = run("clean", "a.txt")
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in (project / "cleaned").iterdir()) == ["a.en.txt", "a.fr.txt", "a.report.json"]
    assert not (project / "output").exists()


def test_flags_override_settings(project):
    (project / "bilingual.toml").write_text('out-dir = "cleaned"\n')
    r = run("clean", "a.txt", "-o", "mine")
    assert r.exit_code == 0, r.output
    assert (project / "mine" / "a.en.txt").exists() and not (project / "cleaned").exists()


def test_pyproject_strict_and_no_strict(project):
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.bilingual]\nstrict = true\n')
    assert run("clean", "a.txt").exit_code == 1  # the article has flags
    assert run("clean", "a.txt", "--no-strict").exit_code == 0


def test_searched_upwards_and_paths_relative_to_the_file(project, monkeypatch):
    (project / "bilingual.toml").write_text('glossary = "terms/missing.tsv"\n')
    sub = project / "docs" / "deep"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    r = run("clean", project / "a.txt")
    assert r.exit_code == 4
    assert r.stderr.strip() == f"Error: {project / 'terms' / 'missing.tsv'}: no such glossary file"


def test_bilingual_toml_wins_over_pyproject_in_the_same_folder(project):
    (project / "pyproject.toml").write_text('[tool.bilingual]\nout-dir = "from-pyproject"\n')
    (project / "bilingual.toml").write_text('out-dir = "from-bilingual-toml"\n')
    assert run("clean", "a.txt", "-q").exit_code == 0
    assert (project / "from-bilingual-toml").is_dir() and not (project / "from-pyproject").exists()


def test_pyproject_without_the_table_is_ignored(project):
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert settings.find(project) is None
    assert run("clean", "a.txt", "-q").exit_code == 0
    assert (project / "output" / "a.en.txt").exists()


def test_explicit_config_file(project):
    cfg = project / "ci.toml"
    cfg.write_text('out-dir = "ci-out"\n')
    assert run("clean", "a.txt", "--config", cfg, "-q").exit_code == 0
    assert (project / "ci-out" / "a.fr.txt").exists()


@pytest.mark.parametrize(
    "content, message",
    [
        pytest.param("engine = ", "not valid TOML", id="syntax"),
        pytest.param('colour = "blue"', "unknown setting 'colour'", id="unknown-key"),
        pytest.param(
            'engine = "google"', "engine must be one of 'auto', 'builtin', 'nmt', not 'google'", id="bad-choice"
        ),
        pytest.param('strict = "yes"', "strict must be true or false, not 'yes'", id="bad-bool"),
        pytest.param("jobs = 0", "jobs must be a whole number of at least 1, not 0", id="bad-int"),
        pytest.param("memory = [1]", "memory must be a path or a list of paths, not [1]", id="bad-memory"),
        pytest.param("model-index = 3", "model-index must be a string, not 3", id="bad-model-index"),
    ],
)
def test_malformed_settings_exit_4(project, content, message):
    (project / "bilingual.toml").write_text(content + "\n")
    r = run("clean", "a.txt")
    assert r.exit_code == 4
    assert r.stderr.startswith(f"Error: {project / 'bilingual.toml'}: ")
    assert message in r.stderr
    assert not (project / "output").exists()


def test_check_reads_lang_and_format(project):
    (project / "bilingual.toml").write_text('lang = "fr"\nformat = "github"\n')
    r = run("check", "a.txt", "-q")
    assert r.exit_code == 1
    assert r.stdout.startswith("::warning file=a.txt,line=1,col=1,")
    assert "English text in a French document" in r.stdout


def test_parse_resolves_paths_and_accepts_underscores():
    got = settings.parse({"out_dir": "o", "keep-chatter": True}, Path("/p/q/bilingual.toml"))
    assert got == {"out-dir": Path("/p/q/o"), "keep-chatter": True}
    with pytest.raises(ConfigError):
        settings.parse({"glossary": 3}, Path("x.toml"))
