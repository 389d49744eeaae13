"""The data that flows between stages: plain, frozen, JSON-friendly.

Every offset is a character offset into the decoded input text (Python string
indices after removing a BOM), so a report can always be checked against the
file it describes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Optional


class Lang(str, Enum):
    """The two languages bilingual knows. ``None`` stands for "neither"."""

    EN = "en"
    FR = "fr"

    @property
    def other(self) -> "Lang":
        return Lang.FR if self is Lang.EN else Lang.EN

    def __str__(self) -> str:  # so f"{lang}" gives "en"
        return self.value


class ChangeKind(str, Enum):
    """Why a change was made: the ``kind`` of a :class:`Change` (a string in the report)."""

    CHATTER = "chatter"  # a line of the machine that wrote the article, dropped
    TERM = "term"  # a glossary or termbase term put in its preferred form
    TRANSLATION = "translation"  # a span of the other language translated by an engine
    TYPOGRAPHY = "typography"  # spacing, apostrophes, Unicode normalization

    def __str__(self) -> str:
        return self.value


class FlagKind(str, Enum):
    """What an editor should look at: the ``kind`` of a :class:`Flag` (a string in the report)."""

    CHATTER = "chatter"  # a line dropped as chatter: check it was not the article's
    LOW_CONFIDENCE = "low_confidence"  # a segment whose language detection is unsure
    UNTRANSLATED = "untranslated"  # a span of the other language left as it is

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Span:
    """A stretch of the input: ``text[start:end]``."""

    start: int
    end: int


@dataclass(frozen=True)
class Token:
    """One token with its detected language (``None``: neutral)."""

    start: int
    end: int
    text: str
    lang: Optional[Lang]
    confidence: float = 1.0


@dataclass(frozen=True)
class Segment:
    """A contiguous language span. Segments of a result cover the input exactly."""

    start: int
    end: int
    lang: Optional[Lang]
    confidence: float

    def to_dict(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "lang": self.lang.value if self.lang else None,
            "confidence": round(self.confidence, 4),
        }


@dataclass(frozen=True)
class Change:
    """One edit that turns ``text[start:end]`` (``before``) into ``after`` in one output.

    Applying every change of an output language to the input, from the end
    backwards, gives exactly that output: the changes *are* the explanation.
    """

    output_lang: Lang
    start: int
    end: int
    before: str
    after: str
    kind: ChangeKind  # a plain string is taken too ("term")
    engine: Optional[str] = None
    confidence: Optional[float] = None
    note: str = ""

    def __post_init__(self) -> None:
        if type(self.kind) is not ChangeKind:
            object.__setattr__(self, "kind", ChangeKind(self.kind))  # ValueError on an unknown kind

    def to_dict(self) -> dict:  # the fields in order (a literal: built for every change of a report)
        c = self.confidence
        return {
            "output_lang": self.output_lang.value,
            "start": self.start,
            "end": self.end,
            "before": self.before,
            "after": self.after,
            "kind": self.kind.value,
            "engine": self.engine,
            "confidence": c if c is None else round(c, 4),
            "note": self.note,
        }


@dataclass(frozen=True)
class Flag:
    """Something an editor should look at. ``output_lang`` is None when it concerns the input."""

    kind: FlagKind  # a plain string is taken too ("untranslated")
    start: int
    end: int
    text: str
    message: str
    output_lang: Optional[Lang] = None
    suggestions: tuple = ()  # fuzzy translation-memory matches (memory.Suggestion), best first

    def __post_init__(self) -> None:
        if type(self.kind) is not FlagKind:
            object.__setattr__(self, "kind", FlagKind(self.kind))

    def to_dict(self) -> dict:  # the fields in order; "suggestions" only when there are some
        lang = self.output_lang
        d: dict[str, object] = {
            "kind": self.kind.value,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "message": self.message,
            "output_lang": lang.value if lang else None,
        }
        if self.suggestions:
            d["suggestions"] = [s.to_dict() for s in self.suggestions]
        return d


@dataclass(frozen=True)
class Result:
    """Everything :func:`bilingual.process` found and did."""

    text: str
    base_lang: Lang
    segments: tuple[Segment, ...]
    sentences: tuple[Span, ...]
    changes: tuple[Change, ...]
    flags: tuple[Flag, ...]
    outputs: dict = field(default_factory=dict)  # Lang -> str
    engine: str = "builtin"
    notes: tuple[str, ...] = ()

    def output(self, lang: Lang) -> str:
        return self.outputs[Lang(lang)]

    def changes_for(self, lang: Lang) -> list[Change]:
        return [c for c in self.changes if c.output_lang == lang]

    def flags_for(self, lang: Optional[Lang]) -> list[Flag]:
        return [f for f in self.flags if f.output_lang == lang]
