"""Term normalization: the key a term is matched by, and a preferred term fitted to the text it replaces.

A key is the folded form (case, accents, hyphens away) with every word singular, so "Hepatic
Diseases" and "hepatic disease" are one term; the replacement then takes the number of the
words it replaces (:func:`inflect`) and their case (:func:`match_case`).
"""

from __future__ import annotations

from ..model import Lang
from ..text.fold import fold
from ..text.morphology import en_plural, fr_head_len, fr_plural


def singular(word: str, lang: Lang) -> str:
    """A folded word without its plural ending (a rough rule: only keys are made with it)."""
    if lang is Lang.EN:
        if word.endswith("ies") and len(word) > 4:
            return word[:-3] + "y"
        if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
            return word[:-1]
        return word
    if word.endswith("eaux"):
        return word[:-1]
    if word.endswith(("s", "x")) and len(word) > 3:
        return word[:-1]
    return word


def term_key(form: str, lang: Lang) -> tuple[str, bool]:
    """Folded, singular key of a term and whether the form was plural (head word changed)."""
    words = fold(form).split(" ")
    sing = [singular(w, lang) for w in words]
    head = -1 if lang is Lang.EN else 0
    return " ".join(sing), sing[head] != words[head]


def inflect(term: str, plural: bool, was_plural: bool, lang: Lang) -> str:
    """``term`` (plural if ``was_plural``) made plural or singular: the last English word, the
    French words up to the first preposition."""
    if plural == was_plural:
        return term
    words = term.split(" ")
    if lang is Lang.EN:
        words[-1] = en_plural(words[-1]) if plural else singular(words[-1], lang)
        return " ".join(words)
    stop = fr_head_len(words)
    words[:stop] = [fr_plural(w) if plural else singular(w, lang) for w in words[:stop]]
    return " ".join(words)


def match_case(model: str, term: str) -> str:
    """Give ``term`` the case pattern of ``model`` (all caps, title case, first capital).

    >>> match_case("Hepatic Disease", "liver disease"), match_case("HEPATIC", "liver")
    ('Liver Disease', 'LIVER')
    """
    if any(sum(c.isupper() for c in w) >= 2 for w in term.split()):
        return term  # a term with an acronym in it keeps its own case
    letters = [c for c in model if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return term.upper()
    words = model.split()
    if len(words) > 1 and all(w[:1].isupper() for w in words):
        return " ".join(w[:1].upper() + w[1:] for w in term.split(" "))
    if model[:1].isupper():
        return term[:1].upper() + term[1:]
    return term
