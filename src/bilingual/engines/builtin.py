"""The built-in offline engine: termbase lookups for short spans.

It translates only what it is sure of; everything else is answered ``None``
and stays as it is, flagged ``untranslated``.
"""
from __future__ import annotations

from typing import Optional, Sequence

from ..model import Lang
from ..terms import Termbase, builtin_termbase
from .base import Translation


class BuiltinEngine:
    name = "builtin"

    def __init__(self, termbase: Optional[Termbase] = None, **_options):
        self.termbase = termbase or builtin_termbase()
        self._index: dict[tuple[Lang, str], str] = {}
        for e in self.termbase.entries:
            for lang in (Lang.EN, Lang.FR):
                self._index[(lang, e.preferred(lang).lower())] = e.preferred(lang.other)

    def translate_batch(self, texts: Sequence[str], source: Lang, target: Lang) -> list[Optional[Translation]]:
        out = []
        for t in texts:
            hit = self._index.get((source, t.strip().lower()))
            out.append(Translation(hit, 0.9) if hit else None)
        return out
