"""The README shows every command and exit code; docs/cli.md documents every option (as sqlite-utils does)."""

from pathlib import Path

import click
import pytest

from bilingual.cli import cli
from bilingual.errors import ExitCode

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
CLI_DOC = (Path(__file__).resolve().parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = ""):
    for name, cmd in group.commands.items():
        yield f"{prefix}{name}", cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, f"{prefix}{name} ")


COMMANDS = list(_commands(cli))


@pytest.mark.parametrize("name,cmd", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_is_in_the_readme(name, cmd):
    assert f"bilingual {name}" in README


@pytest.mark.parametrize("name,cmd", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_option_is_in_the_cli_reference(name, cmd):
    for param in cmd.params:
        if isinstance(param, click.Option) and not param.hidden:
            longest = max(param.opts, key=len)
            assert longest in CLI_DOC, f"bilingual {name}: option {longest} is not in docs/cli.md"


@pytest.mark.parametrize("name,cmd", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_is_in_the_cli_reference(name, cmd):
    assert f"bilingual {name}" in CLI_DOC


def test_the_readme_is_user_documentation_of_about_200_lines():
    assert len(README.splitlines()) <= 220


def test_links_to_docs_lead_to_files():
    import re

    root = Path(__file__).resolve().parent.parent
    for doc in [root / "README.md", *sorted((root / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(((?:docs/)?[\w.-]+\.md)(?:#[\w-]+)?\)", doc.read_text(encoding="utf-8")):
            base = doc.parent if doc.parent.name == "docs" and not target.startswith("docs/") else root
            assert (base / target).is_file() or (root / target).is_file(), f"{doc.name}: {target}"


@pytest.mark.parametrize("code", list(ExitCode), ids=[c.name for c in ExitCode])
def test_every_exit_code_is_in_the_readme(code):
    assert f"| {int(code)} |" in README


def test_first_screen_has_the_two_setup_commands():
    first_screen = "\n".join(README.splitlines()[:25])
    assert "pip install . && .venv/bin/bilingual clean input/article.txt" in first_screen
    assert "pip install -e '.[test]' && .venv/bin/python -m pytest" in first_screen


def test_ci_runs_the_readme_test_command():
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert (
        ci.rstrip().splitlines()[-1]
        == "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest"
    )
