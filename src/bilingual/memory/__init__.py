"""Translation memories: earlier human (or external) translations, used before any engine.

``--memory FILE`` (repeatable) reads, told apart by their content:

* TMX (1.4, also 1.1-1.3): every ``<tu>`` with an English and a French ``<tuv>``;
* XLIFF 1.2 (and 1.0/1.1) or 2.x, filled by a translator or a tool: every unit
  whose target is not empty, in files whose languages are English and French
  (a target equal to its source counts only when its state says it was
  translated: tools copy the source into empty targets);
* TSV: ``en<TAB>fr`` a line (a header ``en fr``, or ``fr en`` to swap the
  columns, blank lines and ``#`` comments are skipped).

Pairs work both ways (an English-French pair serves fr->en and en->fr). When a
source text occurs twice, the first pair read wins (files in the order given).

A span matches **exactly** when both are the same after normalising: Unicode
NFC, every run of white space one space (French no-break spaces before ``; : !
?`` and inside ``« »`` removed), curly apostrophes as ``'``, the case of the
first and last letter, and final punctuation ignored. An exact match replaces
the span (a ``translation`` change with engine ``memory``), with the span's
surrounding white space and final punctuation; the termbase still wins inside
it (variants become the preferred term of the output language).

A **fuzzy** match (:data:`~.index.FUZZY_THRESHOLD`: a :class:`difflib.SequenceMatcher`
ratio of at least 0.75 between the normalised texts, i.e. three quarters of the
characters in matching blocks; scored are the entries that share at least half of
the span's words, by their first four letters) is never applied: it is offered, with its score,
as a suggestion on the span's ``untranslated`` flag (report and review page).
Malformed files are one-line errors (exit 4), like glossaries; XML is parsed
without entity expansion (:mod:`bilingual.safexml`).

- :mod:`.formats`: reading the files (TMX, XLIFF, TSV) into pairs;
- :mod:`.index`: the pairs, indexed for exact and fuzzy look-ups;
- :mod:`.engine`: the memory as the first engine asked.
"""

from .engine import MemoryEngine, fit, with_memory
from .formats import TranslationMemoryError, load_memory, read_pairs
from .index import FUZZY_THRESHOLD, MAX_SUGGESTIONS, Memory, Suggestion, normalize

__all__ = [
    "FUZZY_THRESHOLD",
    "MAX_SUGGESTIONS",
    "Memory",
    "MemoryEngine",
    "Suggestion",
    "TranslationMemoryError",
    "fit",
    "load_memory",
    "normalize",
    "read_pairs",
    "with_memory",
]
