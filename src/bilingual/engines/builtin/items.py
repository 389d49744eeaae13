"""The word item both directions of the built-in engine build, and the confidence an answer gets.

An :class:`Item` is one word or lexicon phrase of a chunk, with what it becomes
in the other language; the grammar of :mod:`.fr_en` and :mod:`.en_fr` reorders
and inflects a list of them. The confidence of an answer says how it was made
(documented in ``docs/engines.md``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from .lexicon import LexEntry

PHRASE_CONFIDENCE = 0.95  # one lexicon or termbase entry, the whole chunk
COMPOSED_CONFIDENCE = 0.85  # several entries put in order by the grammar
COGNATE_CONFIDENCE = 0.7  # with a word made by a cognate rule ("génétique" -> "genetic")


@dataclass
class Item:
    src: str
    out: str
    pos: str
    plural: bool = False
    vform: str = ""
    entry: Optional[LexEntry] = None
    cands: list = field(default_factory=list)
    gender: str = ""
    cognate: bool = False

    @property
    def proper(self) -> bool:
        return self.out[:1].isupper()
