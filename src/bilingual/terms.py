"""Terminology: the shipped termbase, user glossaries, and term normalization.

A termbase maps concepts to a preferred English and French term plus variants
("Escs", "IPSCS") that are rewritten to the preferred form of each output.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from ._data import read_text
from .errors import GlossaryError
from .model import Change, Lang, Span


@dataclass(frozen=True)
class Entry:
    en: str
    fr: str
    variants: tuple[str, ...] = ()
    note: str = ""

    def preferred(self, lang: Lang) -> str:
        return self.en if lang is Lang.EN else self.fr


@dataclass(frozen=True)
class Termbase:
    entries: tuple[Entry, ...]

    def merged(self, other: "Termbase") -> "Termbase":
        """``other``'s entries win over ours for the same English or French term."""
        keys = {e.en.lower() for e in other.entries} | {e.fr.lower() for e in other.entries}
        kept = tuple(e for e in self.entries if e.en.lower() not in keys and e.fr.lower() not in keys)
        return Termbase(kept + other.entries)

    @functools.cached_property
    def _acronyms(self) -> dict[str, Entry]:
        out = {}
        for e in self.entries:
            if e.en.isalpha() and sum(c.isupper() for c in e.en) >= 2:
                for form in (e.en, e.fr, *e.variants):
                    out[form] = e
        return out

    def acronym(self, word: str) -> Optional[Entry]:
        return self._acronyms.get(word)


def parse_tsv(text: str, name: str, sep: str = "\t") -> Termbase:
    """Parse the TSV format described in ``data/README.md``; errors name the file and line."""
    entries = []
    header_seen = False
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in line.split(sep)]
        if not header_seen and [c.lower() for c in cols[:2]] == ["en", "fr"]:
            header_seen = True
            continue
        if len(cols) < 2 or not cols[0] or not cols[1]:
            raise GlossaryError(f"{name}:{lineno}: expected at least two columns (en, fr) separated by {'a tab' if sep == chr(9) else repr(sep)}")
        variants = tuple(v.strip() for v in cols[2].split("|") if v.strip()) if len(cols) > 2 else ()
        entries.append(Entry(cols[0], cols[1], variants, cols[3] if len(cols) > 3 else ""))
    return Termbase(tuple(entries))


@functools.cache
def builtin_termbase() -> Termbase:
    return parse_tsv(read_text("termbase.tsv"), "termbase.tsv")


def load_termbase(glossary: Optional[Path] = None) -> Termbase:
    """The shipped termbase, with ``glossary`` (TSV) merged over it."""
    base = builtin_termbase()
    if glossary is None:
        return base
    p = Path(glossary)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise GlossaryError(f"{glossary}: no such glossary file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise GlossaryError(f"{glossary}: cannot read glossary ({err})") from None
    sep = "," if p.suffix.lower() == ".csv" else "\t"
    return base.merged(parse_tsv(text, str(glossary), sep))


_ACRONYM_RE = re.compile(r"\b[A-Za-z]*[A-Z][A-Za-z]*[A-Z][A-Za-z]*\b")


def term_changes(text: str, termbase: Termbase, lang: Lang, skip: Iterable[Span] = ()) -> list[Change]:
    """``term`` changes that put acronyms into their canonical form in output ``lang``."""
    skip = sorted(skip, key=lambda s: s.start)
    out = []
    for m in _ACRONYM_RE.finditer(text):
        entry = termbase.acronym(m.group())
        if entry is None:
            continue
        if any(s.start < m.end() and m.start() < s.end for s in skip):
            continue
        after = entry.preferred(lang)
        if after != m.group():
            out.append(Change(lang, m.start(), m.end(), m.group(), after, "term", "termbase",
                              note=entry.note))
    return out
