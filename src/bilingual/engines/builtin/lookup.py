"""French words and phrases found in the built-in lexicon, and the number and gender of French nouns.

A word is looked up as written, then through its lemmas, then without accents;
a phrase also by its base key (each word's lemma, no accents), so "pommes de
terre" finds "pomme de terre".
"""

from __future__ import annotations

import re
from typing import Optional

from .lexicon import LexEntry, Lexicon
from ...text.fold import lower_key, strip_accents
from ...text.lemmas import fr_lemmas, lemma_table
from ...text.morphology import fr_gender

_PARTICIPLE = re.compile(r"(é|ée|és|ées)$")


def head_gender(lex: Lexicon, fr_phrase: str) -> str:
    """The gender of the first word of ``fr_phrase``: from the lexicon's nouns, else by its ending."""
    first = fr_phrase.split(" ")[0]
    for e in lex.fr(first):
        if e.pos == "n" and e.gender:
            return e.gender
    for e in (e for lem in fr_lemmas(first) for e in lex.fr(lem)):  # lemmas only when needed
        if e.pos == "n" and e.gender:
            return e.gender
    return fr_gender(first)


def fr_is_plural(word: str) -> bool:
    """Whether a French word ending in -s or -x is a plural (its lemma differs from it)."""
    w = word.lower()
    if not w.endswith(("s", "x")) or len(w) <= 3:
        return False
    hit = lemma_table("fr").get(w)
    lem = (hit[0] if isinstance(hit, list) else hit) if hit else w[:-1]
    return lem != w


def base_key(phrase: str) -> str:
    """``phrase`` with each plural word in its singular form and no accents: a multi-word entry's key."""
    out = []
    for w in lower_key(phrase).split(" "):
        hit = lemma_table("fr").get(w) if w.endswith(("s", "x")) else None
        out.append((hit[0] if isinstance(hit, list) else hit) if hit else (w[:-1] if fr_is_plural(w) else w))
    return strip_accents(" ".join(out))


def fr_base_index(lex: Lexicon) -> dict[str, list[LexEntry]]:
    """Multi-word French entries by their :func:`base_key`; kept on ``lex``, rebuilt after an ``add``."""
    return lex.derived("fr_base_index", _build_fr_base_index)


def _build_fr_base_index(lex: Lexicon) -> dict[str, list[LexEntry]]:
    index: dict[str, list[LexEntry]] = {}
    for e in lex.entries_all():
        if " " in lower_key(e.fr):
            index.setdefault(base_key(e.fr), []).append(e)
    return index


def fits_surface(tok: str, entry: LexEntry) -> bool:
    """Whether ``entry``, reached from ``tok`` only through a lemma or without accents, can be
    what ``tok`` is: a past participle ("limités") is a verb or an adjective, never a noun
    ("limite"), unless the entry itself ends in -é ("comités" -> "comité")."""
    if not _PARTICIPLE.search(tok.lower()):
        return True
    return entry.pos in ("v", "adj", "pp") or entry.fr.lower().endswith("é")


def lookup_word(lex: Lexicon, tok: str) -> tuple[list[LexEntry], Optional[str]]:
    """Entries for one word and the lemma that reached them (``None``: the word itself).

    A hit reached through a lemma or accent folding keeps only the entries whose part
    of speech fits the word's form (:func:`fits_surface`); none left: the next lemma.
    """
    exact = lex.fr_exact(tok)
    if exact:
        return exact, None
    lemmas = fr_lemmas(tok)
    for lem in lemmas:
        hit = [e for e in lex.fr_exact(lem) if fits_surface(tok, e)]
        if hit:
            return hit, lem
    if len(tok) >= 4:
        for cand in [tok] + lemmas:
            hit = [e for e in lex.fr(cand) if fits_surface(tok, e)]
            if hit:
                return hit, (None if cand == tok else cand)
    return [], None
