"""What a translation engine is."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Protocol, Sequence, runtime_checkable

from ..model import Lang


@dataclass(frozen=True)
class Translation:
    """An engine's answer for one span: the text and how sure it is (0..1).

    ``engine``: which engine answered, when one engine delegates to others
    (``ChainEngine``); ``None`` means the engine that was asked.
    """

    text: str
    confidence: float = 1.0
    engine: Optional[str] = field(default=None, repr=False, compare=False)


@runtime_checkable
class TranslationEngine(Protocol):
    """Translates spans between English and French.

    ``translate_batch`` returns one answer per input, in order; ``None`` means
    "no confident translation": the caller keeps the span as it is and flags
    it ``untranslated``. An engine never drops a span and never guesses.
    ``notes``: what the run should tell the user once (``Result.notes``), such as
    "no model installed, the builtin engine was used"; read after the run.
    """

    name: str

    @property
    def notes(self) -> Sequence[str]: ...

    def translate_batch(self, texts: Sequence[str], source: Lang, target: Lang) -> list[Optional[Translation]]: ...


class DictEngine:
    """A deterministic engine backed by a dict: for tests and examples.

    >>> DictEngine({"bonjour": "hello"}).translate_batch(["bonjour", "salut"], Lang.FR, Lang.EN)
    [Translation(text='hello', confidence=1.0), None]
    """

    name = "dict"
    notes: Sequence[str] = ()

    def __init__(self, table: dict[str, str]):
        self.table = {k.lower(): v for k, v in table.items()}

    def translate_batch(self, texts, source, target):
        return [Translation(self.table[t.lower()]) if t.lower() in self.table else None for t in texts]
