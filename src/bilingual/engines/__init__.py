"""Translation engines, looked up by name and imported only when chosen.

``builtin``: offline termbase and phrase lexicon for short spans (default).
``nmt``: CTranslate2 + SentencePiece models (``pip install 'bilingual[nmt]'``).
``auto``: ``nmt`` when a model is installed for the pair, else ``builtin``.
"""
from __future__ import annotations

import importlib

from ..errors import EngineUnavailable
from .base import DictEngine, Translation, TranslationEngine

ENGINES = {
    "builtin": "bilingual.engines.builtin:BuiltinEngine",
}

__all__ = ["ENGINES", "DictEngine", "Translation", "TranslationEngine", "get_engine"]


def get_engine(name: str, **options) -> TranslationEngine:
    """Build the engine called ``name``; raises :class:`EngineUnavailable` with the remedy."""
    if name == "auto":
        return _auto(**options)
    try:
        target = ENGINES[name]
    except KeyError:
        raise EngineUnavailable(
            f"unknown engine {name!r}; choose one of: auto, {', '.join(sorted(ENGINES))}"
        ) from None
    module, cls = target.split(":")
    return getattr(importlib.import_module(module), cls)(**options)


def _auto(**options) -> TranslationEngine:
    if "nmt" in ENGINES:
        try:
            return get_engine("nmt", **options)
        except EngineUnavailable:
            pass
    return get_engine("builtin", **options)
