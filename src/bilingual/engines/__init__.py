"""Translation engines, looked up by name and imported only when chosen.

``builtin``: offline termbase and phrase lexicon for short spans (default).
``nmt``: the built-in engine first, then CTranslate2 + SentencePiece models for
what it leaves (``pip install ctranslate2 sentencepiece``, models from
``bilingual models install fr-en en-fr``).
``auto``: ``nmt`` when a model is installed, else ``builtin``; the engine's
``notes`` then say once that it fell back.
"""
from __future__ import annotations

import importlib

from ..errors import EngineUnavailable
from .base import DictEngine, Translation, TranslationEngine

ENGINES = {
    "builtin": "bilingual.engines.builtin:BuiltinEngine",
    "nmt": "bilingual.engines.chain:builtin_then_nmt",
}

NO_MODEL_NOTE = ("no nmt model is installed, so the builtin engine was used: what it cannot translate is kept "
                 "as is and flagged (get a model: pip install ctranslate2 sentencepiece, then: "
                 "bilingual models install fr-en en-fr)")

__all__ = ["ENGINES", "DictEngine", "Translation", "TranslationEngine", "engine_names", "get_engine", "is_engine_name", "registry"]


ENTRY_POINT_GROUP = "bilingual.engines"  # a package registers "name = module:factory" here


def registry() -> dict[str, str]:
    """Every engine by name: :data:`ENGINES` (add to it at run time) and the entry points of
    other installed packages in the ``bilingual.engines`` group."""
    from importlib.metadata import entry_points

    found = {ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)}
    return {**found, **ENGINES}


def engine_names() -> list[str]:
    """What ``--engine`` accepts: ``auto`` and every registered engine."""
    return ["auto", *sorted(registry())]


def is_engine_name(name: str) -> bool:
    """Whether ``--engine NAME`` is valid; the built-in names without reading entry points."""
    return name == "auto" or name in ENGINES or name in registry()


def get_engine(name: str, **options) -> TranslationEngine:
    """Build the engine called ``name``; raises :class:`EngineUnavailable` with the remedy."""
    if name == "auto":
        return _auto(**options)
    engines = registry() if name not in ENGINES else ENGINES
    try:
        target = engines[name]
    except KeyError:
        raise EngineUnavailable(f"unknown engine {name!r}; choose one of: {', '.join(engine_names())}") from None
    module, cls = target.split(":")
    return getattr(importlib.import_module(module), cls)(**options)


def _auto(**options) -> TranslationEngine:
    """``nmt`` (not strict about missing pairs) when a model is installed, else ``builtin`` with a note."""
    from ..models import installed
    from .chain import ChainEngine

    if not installed(options.get("models_dir"))[0]:
        return ChainEngine([get_engine("builtin", **options)], name="builtin", leftover_note=NO_MODEL_NOTE)
    try:
        return get_engine("nmt", **{**options, "strict": False})
    except EngineUnavailable as err:
        note = f"nmt models are installed but {err}; the builtin engine was used"
        return ChainEngine([get_engine("builtin", **options)], name="builtin", leftover_note=note)
