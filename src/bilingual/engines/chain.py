"""Engines in a row: each answers what the ones before it could not.

``ChainEngine([builtin, nmt])`` gives short spans and termbase terms to the
built-in engine and sends only what it leaves (whole sentences, unknown
phrases) to the neural engine, in one batch.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Optional, Sequence

from ..model import Lang
from .base import Translation, TranslationEngine


class ChainEngine:
    """Ask ``engines`` in order; the first usable answer for a span wins.

    ``notes``: what the run should tell the user once, from the engines' own
    ``notes`` and ``leftover_note``, added the first time a span is left
    without an answer (``--engine auto`` falling back to ``builtin``).

    >>> from .base import DictEngine
    >>> chain = ChainEngine([DictEngine({"foie": "liver"}), DictEngine({"foie": "x", "rein": "kidney"})])
    >>> [a.text if a else None for a in chain.translate_batch(["foie", "rein", "cœur"], Lang.FR, Lang.EN)]
    ['liver', 'kidney', None]
    """

    def __init__(self, engines: Sequence[TranslationEngine], name: Optional[str] = None, leftover_note: str = ""):
        self.engines = list(engines)
        self.name = name or self.engines[-1].name
        self.leftover_note = leftover_note
        self._notes: list[str] = []

    @property
    def notes(self) -> list[str]:
        out = list(self._notes)
        for e in self.engines:
            out += [n for n in getattr(e, "notes", ()) if n not in out]
        return out

    def translate_batch(self, texts: Sequence[str], source: Lang, target: Lang) -> list[Optional[Translation]]:
        answers: list[Optional[Translation]] = [None] * len(texts)
        todo = list(range(len(texts)))
        for engine in self.engines:
            if not todo:
                break
            got = engine.translate_batch([texts[i] for i in todo], source, target)
            for i, ans in zip(todo, got):
                if ans is not None and ans.text.strip():
                    answers[i] = _tag(ans, engine.name)
            todo = [i for i in todo if answers[i] is None]
        if todo and self.leftover_note and self.leftover_note not in self._notes:
            self._notes.append(self.leftover_note)
        return answers

    def suggest(self, text: str, source: Lang, target: Lang) -> list:
        """Fuzzy suggestions of the engines that offer them (translation memories) for a span left as is."""
        out: list = []
        for e in self.engines:
            if hasattr(e, "suggest"):
                out += e.suggest(text, source, target)
        return out


def builtin_then_nmt(strict: bool = True, **options) -> ChainEngine:
    """The ``nmt`` engine: the built-in engine for what it knows, CTranslate2 for the rest."""
    from .builtin.engine import BuiltinEngine
    from .nmt import NmtEngine

    return ChainEngine([BuiltinEngine(**options), NmtEngine(strict=strict, **options)], name="nmt")


def _tag(ans: Translation, name: str) -> Translation:
    """Record which engine answered (unless a nested chain already did)."""
    return ans if ans.engine else replace(ans, engine=name)
