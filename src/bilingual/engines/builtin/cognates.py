"""Cognates for the built-in engine: an unknown French word made English by its spelling.

"génétique" -> "genetic", "limités" -> "limited": the word as it is, or with a
French ending swapped for its English one, when English really uses the result
(its wordfreq frequency). Common French words, verb forms and capitalized words
(names) are never guessed.
"""

from __future__ import annotations

import re
from typing import Optional

from .lexicon import LexEntry
from .lookup import fr_is_plural
from ...text.fold import strip_accents
from ...text.lemmas import lemma_table

_FR_EN_SUFFIX = [  # (French ending, English ending, pos)
    ("iques", "ics", "n"),
    ("ique", "ical", "adj"),
    ("ique", "ic", "adj"),
    ("ité", "ity", "n"),
    ("té", "ty", "n"),
    ("ie", "y", "n"),
    ("isme", "ism", "n"),
    ("iste", "ist", "n"),
    ("eux", "ous", "adj"),
    ("euse", "ous", "adj"),
    ("if", "ive", "adj"),
    ("ive", "ive", "adj"),
    ("aire", "ary", "adj"),
    ("ose", "osis", "n"),
    ("el", "al", "adj"),
    ("elle", "al", "adj"),
    ("iser", "ize", "v"),
    ("er", "", "v"),
    ("er", "e", "v"),
    ("é", "ed", "pp"),
    ("ée", "ed", "pp"),
    ("e", "", "n"),
]
_PP_MIN_ZIPF = 3.5  # a participle cognate must be a common English word: "limités" -> "limited",
# but "consignées" is no "consigned" (a rarer English word, and a false friend)
_COMMON_FR = 4.5  # zipf: a French word this common that the lexicon lacks is not guessed as a cognate
_NOUN_END = re.compile(r"(tion|sion|ment|ure|ence|ance|isme|ité|ie|ose|yte|gène|ome|ine|eur|ste|gie)$")
_ADJ_END = re.compile(r"(ique|aire|al|el|if|eux|able|ible|ant|ent|oire)$")


def has_noun_ending(word: str) -> bool:
    """Whether ``word`` ends like a learned noun ("-tion", "-isme", "-ité", ...)."""
    return _NOUN_END.search(word) is not None


def fr_cognate(tok: str) -> Optional[LexEntry]:
    """ "génétique" -> "genetic": a rule-made English word that English really uses (wordfreq)."""
    w = tok.lower()
    if len(w) < 5 or not w.isalpha() or tok[:1].isupper():
        return None  # a capitalized unknown word is a name: not ours to translate
    if _zipf(w, "fr") >= _COMMON_FR and not (strip_accents(w) == w and _NOUN_END.search(w)):
        return None  # a common French word the lexicon lacks ("années", "finale", "carte"): no guess,
        # unless it is a learned noun spelled alike ("surveillance", "participation")
    singular = w[:-1] if fr_is_plural(w) or (w.endswith("s") and not w.endswith("ss")) else w
    plain = strip_accents(singular)
    verb_form = _is_verb_form(w)  # "ramène" (ramener) is no noun "ramen"
    if not verb_form and (plain != strip_accents(w) or w == plain) and _zipf(plain, "en") >= 2.5:
        pos = "adj" if _ADJ_END.search(singular) else "n"
        return LexEntry(singular, plain, pos)
    for fr_end, en_end, pos in _FR_EN_SUFFIX:
        if verb_form and pos != "pp":
            continue
        if singular.endswith(fr_end):
            cand = strip_accents(singular[: len(singular) - len(fr_end)]) + en_end
            cand = re.sub(r"nn", "n", cand) if pos == "adj" and fr_end in ("el", "elle") else cand
            if len(cand) >= 4 and _zipf(cand, "en") >= (_PP_MIN_ZIPF if pos == "pp" else 2.5):
                return LexEntry(singular, cand, pos, "", {"pp": cand} if pos == "pp" else {})
    return None


def _zipf(word: str, lang: str) -> float:
    from ...evidence import zipf

    return zipf(word, lang)


def _is_verb_form(word: str) -> bool:
    """Whether the lemma table makes ``word`` a conjugated form or participle of a verb
    (its lemma is an infinitive other than the word and not just its plural)."""
    hit = lemma_table("fr").get(word)
    lemmas = hit if isinstance(hit, list) else [hit] if hit else []
    return any(lem != word and lem.endswith(("er", "ir", "re")) and not word.startswith(lem) for lem in lemmas)
