"""Terminology: the shipped termbase, user glossaries, and the ``term`` changes they make.

A termbase maps concepts to a preferred English and French term plus variants ("Escs",
"IPSCS", "paracrine signalling") that are rewritten to the preferred form of each output.

- :mod:`.termbase`: the data (:class:`Entry`, :class:`Termbase`, merging a glossary over another);
- :mod:`.formats`: reading the shipped termbase and TSV, CSV and TBX glossaries (``data/README.md``);
- :mod:`.forms`: term normalization (match keys, number and case of a replacement);
- :mod:`.acronyms`: acronyms in running text, and their number in context;
- :mod:`.matching`: finding terms and acronyms in a text (:class:`TermMatcher`).
"""

from .formats import builtin_termbase, load_glossary, load_termbase, parse_tbx, parse_tsv
from .forms import match_case
from .matching import TermMatcher, acronym_matches, matcher_for, term_changes
from .termbase import Entry, Termbase

__all__ = [
    "Entry",
    "Termbase",
    "TermMatcher",
    "acronym_matches",
    "builtin_termbase",
    "load_glossary",
    "load_termbase",
    "match_case",
    "matcher_for",
    "parse_tbx",
    "parse_tsv",
    "term_changes",
]
