"""The memory as an engine: asked before the run's engine, it answers the spans it has exactly.

An answer keeps the span's surrounding white space and final punctuation (:func:`fit`), and the
termbase still wins inside it (variants become the preferred term of the output language).
Fuzzy matches are never applied: :meth:`MemoryEngine.suggest` offers them for the span's
``untranslated`` flag.
"""

from __future__ import annotations

import os
from typing import Sequence

from ..engines.base import Translation
from ..engines.chain import ChainEngine
from ..model import Lang, Segment
from ..render import apply_changes
from ..terms import term_changes
from .formats import load_memory
from .index import FINAL, Memory, Suggestion


class MemoryEngine:
    """Answers the spans a memory has exactly; offers fuzzy matches through :meth:`suggest`."""

    name = "memory"
    notes: Sequence[str] = ()

    def __init__(self, memory: Memory, termbase=None):
        self.memory = memory
        self.termbase = termbase

    def translate_batch(self, texts: Sequence[str], source: Lang, target: Lang):
        out = []
        for text in texts:
            hit = self.memory.lookup(text, source)
            out.append(Translation(self._with_terms(fit(text, hit), target), 1.0) if hit else None)
        return out

    def suggest(self, text: str, source: Lang, target: Lang) -> list[Suggestion]:
        return self.memory.fuzzy(text, source)

    def _with_terms(self, text: str, target: Lang) -> str:
        """The termbase wins inside a memory's answer: its variants become the preferred terms."""
        if self.termbase is None or not text.strip():
            return text
        return apply_changes(text, term_changes(text, self.termbase, target, [Segment(0, len(text), target, 1.0)]))


def fit(span: str, translation: str) -> str:
    """``translation`` with the white space around ``span`` and its final punctuation (or none).

    >>> fit(" Le foie. ", "the liver"), fit("le foie", "The liver.")
    (' the liver. ', 'The liver')
    """
    lead = span[: len(span) - len(span.lstrip())]
    trail = span[len(span.rstrip()) :]
    core = span.strip()
    body = " ".join(translation.split())
    want = core[len(core.rstrip(FINAL)) :]
    have = body[len(body.rstrip(FINAL)) :]
    if not want:
        body = body.rstrip(FINAL).rstrip()
    elif not have:
        body += want
    return lead + body + trail


def with_memory(engine, paths: Sequence[os.PathLike | str], termbase=None):
    """``engine`` with the memories of ``paths`` asked first (same name, same notes)."""
    memory = load_memory(paths)
    return ChainEngine([MemoryEngine(memory, termbase), engine], name=engine.name)
