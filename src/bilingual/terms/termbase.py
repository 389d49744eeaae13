"""The termbase as data: concepts with a preferred English and French term, their variants and a note.

A variant is written ``form`` (both languages), ``en:form`` or ``fr:form``. Reading termbases
from files is :mod:`.formats`; finding their terms in a text is :mod:`.matching`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Lang
from ..text.fold import fold


def bare(variant: str) -> str:
    """A variant without its language tag: ``"en:hESC"`` -> ``"hESC"``."""
    return variant.partition(":")[2] if variant[:3] in ("en:", "fr:") else variant


@dataclass(frozen=True)
class Entry:
    en: str
    fr: str
    variants: tuple[str, ...] = ()  # "form" (both languages), "en:form" or "fr:form"
    note: str = ""

    def preferred(self, lang: Lang) -> str:
        return self.en if lang is Lang.EN else self.fr

    def variants_for(self, lang: Lang) -> list[str]:
        out = []
        for v in self.variants:
            tag, sep, form = v.partition(":")
            if sep and tag in ("en", "fr"):
                if tag == lang.value:
                    out.append(form)
            else:
                out.append(v)
        return out

    def forms(self) -> tuple[str, ...]:
        """Every spelling of the entry, in either language: the two terms, then the variants."""
        return (self.en, self.fr, *map(bare, self.variants))

    @property
    def is_acronym(self) -> bool:
        return " " not in self.en and sum(c.isupper() for c in self.en) >= 2


@dataclass(frozen=True)
class Termbase:
    entries: tuple[Entry, ...]

    def merged(self, other: "Termbase") -> "Termbase":
        """``other``'s entries win over ours for the same English or French term; a variant of
        ours that ``other`` names as a term or variant is dropped too (a form belongs to one
        entry: ``signalling<TAB>signalling`` keeps "signalling" as written)."""
        keys = {fold(e.en) for e in other.entries} | {fold(e.fr) for e in other.entries}
        forms = keys | {fold(bare(v)) for e in other.entries for v in e.variants}
        kept = []
        for e in self.entries:
            if fold(e.en) in keys or fold(e.fr) in keys:
                continue
            variants = tuple(v for v in e.variants if fold(bare(v)) not in forms)
            kept.append(e if variants == e.variants else Entry(e.en, e.fr, variants, e.note))
        return Termbase(tuple(kept) + other.entries)
