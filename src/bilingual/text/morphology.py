"""The little morphology the termbase and the built-in engine need, as rules.

English inflection (plural, singular, third person, participles, gerund) and French agreement
(feminine, plural, gender, the head of a noun phrase). Irregular forms come from the caller
(the lexicon's ``forms``); everything else is suffix rules.
"""

from __future__ import annotations

import re
from typing import Optional

from .fold import strip_accents
from .lemmas import en_lemma


_VOWELS = "aeiou"


def en_plural(phrase: str, forms: Optional[dict] = None) -> str:
    """Plural of an English noun phrase: its last word is inflected."""
    if forms and forms.get("pl"):
        return forms["pl"]
    head, _, last = phrase.rpartition(" ")
    lw = last.lower()
    if re.search(r"(s|x|z|ch|sh)$", lw):
        p = last + "es"
    elif re.search(r"[^aeiou]y$", lw):
        p = last[:-1] + "ies"
    elif lw.endswith("sis"):
        p = last[:-3] + "ses"
    else:
        p = last + "s"
    return f"{head} {p}" if head else p


def en_singular(phrase: str) -> str:
    head, _, last = phrase.rpartition(" ")
    s = en_lemma(last) if last[:1].islower() else last
    if last[:1].isupper() and not last.isupper():
        s = s[:1].upper() + s[1:]
    return f"{head} {s}" if head else s


def en_third(verb: str) -> str:
    first, sep, rest = verb.partition(" ")
    if first in ("can", "must", "may", "should", "will"):
        return verb
    third = {"be": "is", "have": "has", "do": "does", "go": "goes"}.get(first)
    if third is None:
        third = en_plural(first)
    return third + sep + rest


def en_participle(verb: str, forms: Optional[dict] = None) -> str:
    if forms and forms.get("pp"):
        return forms["pp"]
    first, sep, rest = verb.partition(" ")
    if first.endswith("e"):
        pp = first + "d"
    elif re.search(r"[^aeiou]y$", first):
        pp = first[:-1] + "ied"
    elif re.search(r"^[^aeiou]*[aeiou][^aeiouwxy]$", first):  # stop -> stopped (one syllable)
        pp = first + first[-1] + "ed"
    else:
        pp = first + "ed"
    return pp + sep + rest


def en_gerund(verb: str) -> str:
    first, sep, rest = verb.partition(" ")
    if first == "be":
        g = "being"
    elif first.endswith("ie"):
        g = first[:-2] + "ying"
    elif first.endswith("e") and not first.endswith("ee"):
        g = first[:-1] + "ing"
    elif re.search(r"^[^aeiou]*[aeiou][^aeiouwxy]$", first):
        g = first + first[-1] + "ing"
    else:
        g = first + "ing"
    return g + sep + rest


# --- French agreement -------------------------------------------------------------------------


def fr_feminine(adj: str) -> str:
    for suf, rep in (
        ("eux", "euse"),
        ("if", "ive"),
        ("el", "elle"),
        ("en", "enne"),
        ("on", "onne"),
        ("er", "ère"),
        ("et", "ette"),
    ):
        if adj.endswith(suf):
            return adj[: -len(suf)] + rep
    return adj if adj.endswith("e") else adj + "e"


_FR_PREPS = {"de", "du", "des", "d'", "à", "au", "aux", "en", "pour", "par", "sur"}


def fr_head_len(words: list[str]) -> int:
    """How many words of a French noun phrase agree in number: those before its first preposition."""
    return next(
        (i for i, w in enumerate(words) if i and (w.lower() in _FR_PREPS or w.lower().startswith("d'"))), len(words)
    )


def fr_plural(phrase: str) -> str:
    """Plural of a French noun phrase: the words before its first preposition agree."""
    words = phrase.split(" ")
    stop = fr_head_len(words)
    return " ".join([_fr_plural_word(w) for w in words[:stop]] + words[stop:])


def _fr_plural_word(w: str) -> str:
    if w.endswith(("s", "x", "z")):
        p = w
    elif w.endswith(("eau", "eu")):
        p = w + "x"
    elif w.endswith("al") and w not in ("festival", "bal", "carnaval"):
        p = w[:-2] + "aux"
    else:
        p = w + "s"
    return p


def fr_gender(noun: str) -> str:
    """Guess a French noun's gender from its ending when the lexicon does not say."""
    w = noun.split(" ")[0].lower()
    if re.search(r"(tion|sion|té|ie|ure|ence|ance|ée|ose|ine|ité|ude|esse|ette|ise)s?$", w):
        return "f"
    if re.search(r"(ment|age|isme|eau|oir|ier|et|on|al|at|ème|ou)s?$", w):
        return "m"
    return ""


def starts_with_vowel(word: str) -> bool:
    return strip_accents(word[:1]).lower() in "aeiouyh" and bool(word)
