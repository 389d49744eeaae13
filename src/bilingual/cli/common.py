"""What the commands share: the error exit, the settings file's defaults, Click's context."""

from __future__ import annotations

import sys

import click

from ..errors import BilingualError

CONTEXT = {"help_option_names": ["-h", "--help"]}


def fail(err: BilingualError) -> None:
    click.echo(f"Error: {err}", err=True)
    sys.exit(int(err.exit_code))


# option name -> key in bilingual.toml / [tool.bilingual]
SETTING_KEYS = {
    "out_dir": "out-dir",
    "to_lang": "to",
    "glossary": "glossary",
    "engine": "engine",
    "base_lang": "base-lang",
    "keep_chatter": "keep-chatter",
    "strict": "strict",
    "jobs": "jobs",
    "html": "html",
    "quiet": "quiet",
    "lang": "lang",
    "fmt": "format",
    "typography": "typography",
    "exclude": "exclude",
    "extend_exclude": "extend-exclude",
    "allow": "allow",
    "min_confidence": "min-confidence",
    "memory": "memory",
}


def with_settings(ctx: click.Context, config_file) -> dict:
    """The command's options, where each one not given on the command line comes from the settings file."""
    from click.core import ParameterSource

    from .. import settings

    values = settings.load(path=config_file)
    opts = dict(ctx.params)
    for name, key in SETTING_KEYS.items():
        if name in opts and key in values and ctx.get_parameter_source(name) is ParameterSource.DEFAULT:
            opts[name] = values[key]
    return opts
