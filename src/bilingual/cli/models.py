"""``bilingual models``: install (from a file, a folder or the package index), list and remove ``nmt`` models.

A thin Click layer over :mod:`bilingual.models` and :mod:`bilingual.model_index`;
errors are one line on stderr: exit 3 when the file, folder or name given is not
a usable model, exit 5 when the index or a download fails (or brings an unusable
package). Only ``install PAIR`` and ``available`` use the network.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Optional

import click

from .common import CONTEXT, fail
from ..errors import BilingualError, ExitCode

_DIR_HELP = "The models folder (default: $BILINGUAL_MODELS_DIR, else the per-user data folder)."


@click.group("models", context_settings=CONTEXT)
def models_cli():
    """Install, list and remove translation models for the nmt engine.

    \b
    bilingual models install fr-en en-fr     (download from the package index)
    bilingual models available               (the pairs the index offers)
    bilingual models install translate-fr_en-1_9.argosmodel
    bilingual models install opus-mt-fr-en/        (a CTranslate2-converted folder)
    bilingual models list
    bilingual models remove translate-fr_en-1_9
    """


_INDEX_HELP = (
    "Address of the package index (default: $BILINGUAL_MODEL_INDEX, else the model-index setting, "
    "else the Argos Translate index on GitHub)."
)


@models_cli.command(context_settings=CONTEXT)
@click.argument("targets", nargs=-1, required=True, metavar="PAIR|PATH...")
@click.option("--from", "from_code", help="Source language of an OPUS-MT folder whose name does not say it.")
@click.option("--to", "to_code", help="Target language of an OPUS-MT folder whose name does not say it.")
@click.option("--force", is_flag=True, help="Replace a model of the same name (a pair: download it again).")
@click.option("--models-dir", type=click.Path(file_okay=False, path_type=Path), help=_DIR_HELP)
@click.option("--index", "index", metavar="URL", help=_INDEX_HELP)
@click.option("--sha256", metavar="HEX", help="The expected SHA-256 of the download (or file); one target only.")
def install(targets, from_code, to_code, force, models_dir, index, sha256):
    """Install models: a language pair (fr-en, en-fr) downloaded from the package index,
    or an Argos .argosmodel file or a model folder (PATH).

    \b
    bilingual models install fr-en en-fr     # both directions, from the index
    bilingual models install translate-fr_en-1_9.argosmodel
    """
    from .. import model_index
    from .. import models
    from ..engines.nmt import INSTALL_EXTRA, check

    if sha256 is not None and (len(targets) > 1 or not _is_sha256(sha256)):
        raise click.UsageError("--sha256 takes 64 hexadecimal digits and applies to one target only")
    unchecked = []

    def load_once(info):  # with the nmt extra: the model must load; without it, say it was not tried
        try:
            check(info)
        except BilingualError as err:
            if str(err) != INSTALL_EXTRA:
                raise
            unchecked.append(f" (not test-loaded: {INSTALL_EXTRA})")

    packages = None
    for target in targets:
        unchecked.clear()
        pair = model_index.parse_pair(target)
        if pair is not None and not Path(target).exists() and (from_code or to_code):
            raise click.UsageError(f"--from and --to name the pair of a model folder; {target} is a pair already")
        try:
            if pair is None or Path(target).exists():
                if sha256 is not None and Path(target).is_dir():
                    raise click.UsageError(f"--sha256 checks a downloaded file or an .argosmodel; {target} is a folder")
                if sha256 is not None and Path(target).is_file():
                    got = model_index.file_sha256(target)
                    if got != sha256.lower():
                        raise models.ModelError(f"{target}: SHA-256 mismatch: got {got}, expected {sha256.lower()}")
                info = models.install(target, models_dir, from_code, to_code, force, check=load_once)
            else:
                url = model_index.index_url(index, _setting("model-index"))
                if packages is None:
                    packages = model_index.fetch_index(url)
                with _download_bar(target) as progress:
                    info, pkg = model_index.install_pair(
                        *pair, url, models_dir, force, sha256, progress, load_once, packages
                    )
                if pkg is None:
                    click.echo(
                        f"{target}: {info.name} (version {info.version}) is installed already in "
                        f"{info.path.parent}; --force downloads it again"
                    )
                    continue
        except BilingualError as err:
            fail(err)
        except KeyboardInterrupt:
            click.echo("Interrupted", err=True)
            sys.exit(int(ExitCode.INTERRUPTED))
        click.echo(
            f"installed {info.name} ({info.from_code}->{info.to_code}, {info.kind}) in {info.path.parent}"
            + "".join(unchecked)
        )


@models_cli.command(context_settings=CONTEXT)
@click.option("--index", "index", metavar="URL", help=_INDEX_HELP)
def available(index):
    """List the language pairs the package index offers (newest version of each)."""
    from .. import model_index

    url = model_index.index_url(index, _setting("model-index"))
    try:
        offered = model_index.pairs(model_index.fetch_index(url))
    except BilingualError as err:
        fail(err)
    if not offered:
        click.echo(f"no packages in {url}")
        return
    click.echo(f"packages in {url}:")
    for p in offered:
        names = f"{p.from_name} -> {p.to_name}" if p.from_name and p.to_name else ""
        click.echo(f"  {p.pair:<7}  {p.version or '-':<6}  {names}".rstrip())
    click.echo(
        "bilingual uses fr-en (for the English output) and en-fr (for the French output): "
        "bilingual models install fr-en en-fr"
    )


def _is_sha256(value: str) -> bool:
    return len(value) == 64 and all(c in "0123456789abcdefABCDEF" for c in value)


def _setting(key: str):
    """A key of the settings file that applies here (bilingual.toml / [tool.bilingual])."""
    from .. import settings

    try:
        return settings.load().get(key)
    except BilingualError as err:
        fail(err)


class _download_bar:
    """A progress callback for a download: a bar on stderr when it is a terminal (and not in CI)."""

    def __init__(self, label: str):
        import os

        self.label = f"downloading {label}"
        self.on = bool(getattr(sys.stderr, "isatty", None) and sys.stderr.isatty()) and not os.environ.get("CI")
        self.bar: Optional[Any] = None  # a click progress bar, once a size is announced
        self.seen = 0

    def __enter__(self):
        return self.update if self.on else None

    def update(self, done, total):
        if not total:
            return  # no size announced: no bar
        if self.bar is None:
            self.bar = click.progressbar(length=total or 0, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.seen)
        self.seen = done

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar, self.seen = None, 0
        return False


@models_cli.command("list", context_settings=CONTEXT)
@click.option("--models-dir", type=click.Path(file_okay=False, path_type=Path), help=_DIR_HELP)
def list_(models_dir):
    """List the installed models, one a line: NAME  PAIR  KIND  VERSION."""
    from .. import models

    store = models.models_dir(models_dir)
    good, bad = models.installed(models_dir)
    if not good and not bad:
        click.echo(f"no models installed in {store}")
        return
    click.echo(f"models in {store}:")
    width = max((len(m.name) for m in good), default=0)
    for m in good:
        used = models.find(m.from_code, m.to_code, among=good) == m
        click.echo(
            f"  {m.name:<{width}}  {m.from_code}->{m.to_code}  {m.kind:<7}  {m.version or '-'}"
            + ("" if used else "  (not used: another model covers this pair)")
        )
    for problem in bad:
        click.echo(f"  unusable: {problem}")


@models_cli.command(context_settings=CONTEXT)
@click.argument("name")
@click.option("--models-dir", type=click.Path(file_okay=False, path_type=Path), help=_DIR_HELP)
def remove(name, models_dir):
    """Remove the installed model NAME (as shown by `bilingual models list`)."""
    from .. import models

    try:
        folder = models.remove(name, models_dir)
    except BilingualError as err:
        fail(err)
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

    from .. import models
    from ..engines import NO_MODEL_NOTE
    from ..engines.nmt import INSTALL_EXTRA, missing_pair_message

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
