"""Translation engines, looked up by name and imported only when chosen.

``builtin``: offline termbase and phrase lexicon for short spans (default).
``nmt``: the built-in engine first, then CTranslate2 + SentencePiece models for
what it leaves (``pip install ctranslate2 sentencepiece``, models from
``bilingual models install fr-en en-fr``).
``auto``: ``nmt`` when a model is installed, else ``builtin``; the engine's
``notes`` then say once that it fell back.

The one list of engines is :func:`registry`: :data:`ENGINES` and the entry points
of the ``bilingual.engines`` group. ``--engine``, the ``engine`` setting and
:func:`get_engine` all accept what it names.
"""

from __future__ import annotations

import importlib

from ..errors import EngineUnavailable
from .base import DictEngine, Translation, TranslationEngine

ENGINES = {
    "builtin": "bilingual.engines.builtin:BuiltinEngine",
    "nmt": "bilingual.engines.chain:builtin_then_nmt",
}
ENTRY_POINT_GROUP = "bilingual.engines"  # another package registers "name = module:factory" here

NO_MODEL_NOTE = (
    "no nmt model is installed, so the builtin engine was used: what it cannot translate is kept "
    "as is and flagged (get a model: pip install ctranslate2 sentencepiece, then: "
    "bilingual models install fr-en en-fr)"
)

__all__ = [
    "ENGINES",
    "ENTRY_POINT_GROUP",
    "DictEngine",
    "Translation",
    "TranslationEngine",
    "engine_names",
    "get_engine",
    "is_engine_name",
    "registry",
]


def registry() -> dict[str, str]:
    """Every engine by name, as ``"module:factory"``: :data:`ENGINES` (add to it at run time) and the
    entry points of the ``bilingual.engines`` group of installed packages (a name in both: ENGINES)."""
    from importlib.metadata import entry_points

    found = {ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)}
    return {**found, **ENGINES}


def engine_names() -> list[str]:
    """What ``--engine`` and the ``engine`` setting accept: ``auto`` and every registered engine."""
    return ["auto", *sorted(registry())]


def is_engine_name(name: str) -> bool:
    """Whether ``name`` is in :func:`engine_names`; entry points are read only for a name not in ENGINES."""
    return name == "auto" or name in ENGINES or name in registry()


def get_engine(name: str, **options) -> TranslationEngine:
    """Build the engine called ``name``; raises :class:`EngineUnavailable` with the remedy."""
    if name == "auto":
        return _auto(**options)
    target = ENGINES.get(name) or registry().get(name)
    if target is None:
        raise EngineUnavailable(f"unknown engine {name!r}; choose one of: {', '.join(engine_names())}")
    module, _, factory = target.partition(":")
    try:
        make = getattr(importlib.import_module(module), factory)
    except (ImportError, AttributeError, ValueError) as err:
        raise EngineUnavailable(f"engine {name!r} ({target}) cannot be loaded: {err}") from None
    return make(**options)


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
