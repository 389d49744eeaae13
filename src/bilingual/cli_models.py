"""``bilingual models``: install, list and remove ``nmt`` models (no downloads).

A thin Click layer over :mod:`bilingual.models`; errors are one line on stderr
and exit 3 (the file, folder or name given is not a usable model).
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import BilingualError

CONTEXT = {"help_option_names": ["-h", "--help"]}
_DIR_HELP = "The models folder (default: $BILINGUAL_MODELS_DIR, else the per-user data folder)."


def _fail(err: BilingualError) -> None:
    click.echo(f"Error: {err}", err=True)
    sys.exit(int(err.exit_code))


@click.group("models", context_settings=CONTEXT)
def models_cli():
    """Install, list and remove translation models for the nmt engine.

    \b
    bilingual models install translate-fr_en-1_9.argosmodel
    bilingual models install opus-mt-fr-en/        (a CTranslate2-converted folder)
    bilingual models list
    bilingual models remove translate-fr_en-1_9
    """


@models_cli.command(context_settings=CONTEXT)
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--from", "from_code", help="Source language of an OPUS-MT folder whose name does not say it.")
@click.option("--to", "to_code", help="Target language of an OPUS-MT folder whose name does not say it.")
@click.option("--force", is_flag=True, help="Replace a model of the same name.")
@click.option("--models-dir", type=click.Path(file_okay=False, path_type=Path), help=_DIR_HELP)
def install(path, from_code, to_code, force, models_dir):
    """Install PATH: an Argos .argosmodel file or a model folder."""
    from . import models
    from .engines.nmt import INSTALL_EXTRA, check

    unchecked = []

    def load_once(info):  # with the nmt extra: the model must load; without it, say it was not tried
        try:
            check(info)
        except BilingualError as err:
            if str(err) != INSTALL_EXTRA:
                raise
            unchecked.append(f" (not test-loaded: {INSTALL_EXTRA})")

    try:
        info = models.install(path, models_dir, from_code, to_code, force, check=load_once)
    except BilingualError as err:
        _fail(err)
    click.echo(f"installed {info.name} ({info.from_code}->{info.to_code}, {info.kind}) in {info.path.parent}"
               + "".join(unchecked))


@models_cli.command("list", context_settings=CONTEXT)
@click.option("--models-dir", type=click.Path(file_okay=False, path_type=Path), help=_DIR_HELP)
def list_(models_dir):
    """List the installed models, one a line: NAME  PAIR  KIND  VERSION."""
    from . import models

    store = models.models_dir(models_dir)
    good, bad = models.installed(models_dir)
    if not good and not bad:
        click.echo(f"no models installed in {store}")
        return
    click.echo(f"models in {store}:")
    width = max((len(m.name) for m in good), default=0)
    for m in good:
        used = models.find(m.from_code, m.to_code, among=good) == m
        click.echo(f"  {m.name:<{width}}  {m.from_code}->{m.to_code}  {m.kind:<7}  {m.version or '-'}"
                   + ("" if used else "  (not used: another model covers this pair)"))
    for problem in bad:
        click.echo(f"  unusable: {problem}")


@models_cli.command(context_settings=CONTEXT)
@click.argument("name")
@click.option("--models-dir", type=click.Path(file_okay=False, path_type=Path), help=_DIR_HELP)
def remove(name, models_dir):
    """Remove the installed model NAME (as shown by `bilingual models list`)."""
    from . import models

    try:
        folder = models.remove(name, models_dir)
    except BilingualError as err:
        _fail(err)
    click.echo(f"removed {name} from {folder.parent}")


def fallback_note(engine: str, counts: list[dict], models_dir=None) -> str:
    """What ``--engine auto`` says once when it fell back to ``builtin`` and something stayed untranslated.

    ``counts``: :func:`bilingual.report.summary_counts` of each cleaned file.
    """
    if engine != "auto":
        return ""
    left = [lang for lang in ("en", "fr") if any(c.get(lang, {}).get("untranslated") for c in counts)]
    if not left:
        return ""
    import importlib.util

    from . import models
    from .engines import NO_MODEL_NOTE
    from .engines.nmt import INSTALL_EXTRA, missing_pair_message

    good = models.installed(models_dir)[0]
    if not good:
        return NO_MODEL_NOTE
    if importlib.util.find_spec("ctranslate2") is None or importlib.util.find_spec("sentencepiece") is None:
        return f"nmt models are installed but {INSTALL_EXTRA}; the builtin engine was used"
    src_tgt = [("fr" if lang == "en" else "en", lang) for lang in left]
    missing = [(s, t) for s, t in src_tgt if models.find(s, t, among=good) is None]
    return "; ".join(f"{missing_pair_message(s, t)}; the builtin engine was used for {s}->{t}" for s, t in missing)


def echo_fallback_note(engine: str, counts: list[dict], quiet: bool = False) -> None:
    """Print :func:`fallback_note` (if any) once on stderr as ``note: ...``."""
    note = "" if quiet else fallback_note(engine, counts)
    if note:
        click.echo(f"note: {note}", err=True)
