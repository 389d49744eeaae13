"""Names and dates of the source language that the lexicon knows, wherever a text has them.

"États-Unis", "Union européenne", "7 avril 2020": detection may leave them inside the other
language's text, where they still need translating. They are found by one case-insensitive
regular expression per language; :mod:`._names_prefilter` finds the same matches faster.
"""

from __future__ import annotations

import functools
import re
from typing import Iterable, Optional

from ..model import Lang
from ._names_prefilter import SearchKeys, lowered, prefiltered_matches, search_keys

MONTHS_FR = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"


def names(text: str, source: Lang) -> list[tuple[int, int]]:
    """Spans of the names and dates of :func:`name_regex` that start with a capital or a digit.

    They are the matches of ``rx.finditer(text)`` (a lower-case match is dropped, but it
    still hides any match that would overlap it), found through the prefilter unless the
    text has a character that makes its lower-case search unsafe.
    """
    rx = name_regex(source)
    if rx is None:
        return []
    keys = name_search_keys(source)
    low = lowered(text) if keys is not None else None
    matches: Iterable[re.Match]
    if keys is not None and low is not None and not any(c in low for c in keys.unsafe):
        matches = prefiltered_matches(text, low, rx, keys)
    else:
        matches = rx.finditer(text)
    return [m.span() for m in matches if m.group()[:1].isupper() or m.group()[:1].isdigit()]


@functools.cache
def name_forms(source: Lang) -> tuple[tuple[str, ...], bool]:
    """Multi-word names of ``source`` whose other-language form differs (longest first), and
    whether French dates are names too."""
    from ..engines.builtin.lexicon import builtin_lexicon
    from ..text.fold import fold

    found = set()
    for e in builtin_lexicon().entries:
        form = e.fr if source is Lang.FR else e.en
        if e.pos == "n" and form[:1].isupper() and (" " in form or "-" in form) and fold(e.fr) != fold(e.en):
            found.add(form)
    return tuple(sorted(found, key=len, reverse=True)), source is Lang.FR


@functools.cache
def name_regex(source: Lang) -> Optional[re.Pattern]:
    """The regex of the names and dates of ``source`` (see :func:`name_forms`), or ``None``."""
    forms, dates = name_forms(source)
    alts = [re.escape(n).replace("'", "['’]") for n in forms]
    if dates:
        alts.append(rf"\d{{1,2}}(?:er)? (?:{MONTHS_FR})(?: \d{{4}})?")
    return re.compile(rf"(?<![\w-])(?:{'|'.join(alts)})(?![\w-])", re.IGNORECASE) if alts else None


@functools.cache
def name_search_keys(source: Lang) -> Optional[SearchKeys]:
    """What the prefilter looks for in a text, for the names and dates of ``source``."""
    forms, dates = name_forms(source)
    return search_keys(forms, MONTHS_FR.split("|") if dates else ())
