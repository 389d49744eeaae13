"""Keys for looking words up: case, accents, apostrophes, hyphens and elision folded away.

``fold("États-Unis")`` is ``"etats unis"``; ``fold("l'alcool")`` is ``"le alcool"``. The lexicon,
the termbase and the name evidence all index and look up through these, so that a word matches
however it was typed.
"""

from __future__ import annotations

import functools
import re
import unicodedata

APOS = "'’"
_ELISION = re.compile(r"\b(qu|jusqu|lorsqu|puisqu|[ldjmnstc])['’]\s*", re.IGNORECASE)


def strip_accents(s: str) -> str:
    if s.isascii():
        return s  # nothing to strip (the common case)
    s = s.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


@functools.lru_cache(maxsize=200_000)
def lower_key(s: str) -> str:
    """Lower case, one apostrophe, hyphens as spaces, elided words expanded (d' -> de)."""
    s = re.sub(r"'\s+", "'", s.lower().replace("’", "'"))
    s = _ELISION.sub(
        lambda m: {
            "qu": "que ",
            "jusqu": "jusque ",
            "lorsqu": "lorsque ",
            "puisqu": "puisque ",
            "l": "le ",
            "c": "ce ",
            "s": "se ",
            "j": "je ",
        }.get(m.group(1), m.group(1) + "e "),
        s,
    )
    s = re.sub(r"[\s\-]+", " ", s)
    return s.strip()


@functools.lru_cache(maxsize=200_000)
def fold(s: str) -> str:
    """:func:`lower_key` without accents: ``"États-Unis"`` -> ``"etats unis"``."""
    return strip_accents(lower_key(s))
