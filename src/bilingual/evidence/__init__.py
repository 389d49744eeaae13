"""Evidence that does not depend on context: one word's score, and langdetect's opinion.

:func:`word_score` is the log-ratio of a word's French and English frequencies in wordfreq's
lists (:mod:`._wordlists`: :func:`frequency`, :func:`zipf`, :func:`prefetch`, :func:`load_lists`),
plus diacritics, French elision and English clitics. langdetect is seeded
(:mod:`._langdetect_profiles`), so every run gives the same answer.
"""

from __future__ import annotations

import math

from ._langdetect_profiles import factory
from ._wordlists import frequency, load_lists, prefetch, zipf
from ..model import Lang
from ..text.tokens import ELISION_END, is_neutral

__all__ = [
    "SCORES",
    "SCORES_MAX",
    "base_lang_of",
    "frequency",
    "langdetect_probs",
    "load_lists",
    "prefetch",
    "raw_word_score",
    "second_opinion",
    "word_score",
    "zipf",
]

_LANGS = (Lang.EN, Lang.FR)
# Log units, set on ../shared/eval with bench/quality.py (a higher _FLOOR shrinks rare
# French words such as "thérapie" too much: article F1 0.99 instead of 1.0 at 3e-8).
_FLOOR = 1e-8  # frequency given to a word a list does not know (wordfreq's floor is ~1e-8)
_CLIP = 12.0  # no single word is worth more than this (log units)
_DIACRITIC = 2.5  # bonus for letters English words almost never carry
_ELISION = 6.0  # l' d' qu' ... followed by a letter: French
_CLITIC = -6.0  # 's 't 're 've 'll: English
_TIE = 0.05  # word votes closer than this to half: langdetect picks the base language
# A word with French letters is weak evidence when English uses it too, with or without its
# accents: both lists know it well (frequency above _SHARED, zipf 3) and the French frequency
# is within _SHARED_RATIO of the English one (1.1 on the zipf scale): "café", "début",
# "façade", "rôle", "élite". French words English does not use ("très" 1100x, "été") keep
# their evidence. Borrowings the lists cannot tell are in data/borrowings.tsv.
_SHARED = 1e-6
_SHARED_RATIO = 12.6
_SHARED_WEIGHT = 0.25  # such a word only leans: context decides
_LETTER_WORDS = frozenset("aAàÀyI")  # one-letter words; any other lone letter is no language
_FRENCH_LETTERS = frozenset("éèêëàâîïôûùüçœæÉÈÊËÀÂÎÏÔÛÙÜÇŒÆ")

SCORES_MAX = 500_000  # distinct words kept; the memo is emptied when full
SCORES: dict[str, float] = {}  # word -> word_score, filled as words are met


def word_score(word: str) -> float:
    """Evidence of one word: log(P_fr / P_en), > 0 leans French, < 0 English; ``inf`` for a
    neutral token (an acronym, a URL, a number: see :func:`bilingual.text.tokens.is_neutral`).

    >>> word_score("les") > 3, word_score("the") < -3, abs(word_score("conclusion")) < 1
    (True, True, True)
    """
    s = SCORES.get(word)
    if s is None:
        if len(SCORES) >= SCORES_MAX:
            SCORES.clear()
        s = SCORES[word] = math.inf if is_neutral(word) else raw_word_score(word)
    return s


def raw_word_score(word: str) -> float:
    """:func:`word_score` worked out, without the memo."""
    if word[-1:] in ELISION_END:  # l' d' qu' (the tokenizer only splits them before a letter)
        return _ELISION
    if word[:1] in ELISION_END:  # 's 't 're
        return _CLITIC
    if len(word) == 1 and word not in _LETTER_WORDS:
        return 0.0  # "c" in "(c) 2024", "s" for seconds, "Y"/"N" in a table: no language
    w = word.lower()
    fr, en = frequency(w, "fr"), frequency(w, "en")
    if _FRENCH_LETTERS.isdisjoint(w):
        return max(-_CLIP, min(_CLIP, math.log((fr + _FLOOR) / (en + _FLOOR))))
    if len(w) >= 4:
        from ..text.fold import strip_accents

        plain = frequency(strip_accents(w), "en")  # English writes "debut", "facade", "role"
        if plain >= _SHARED:
            en = max(en, plain)
    s = math.log((fr + _FLOOR) / (en + _FLOOR))
    if min(fr, en) >= _SHARED and fr <= _SHARED_RATIO * en:
        return s * _SHARED_WEIGHT  # a French word English uses too: "café", "début", "façade", "rôle"
    return max(-_CLIP, min(_CLIP, s + _DIACRITIC))


def base_lang_of(text: str, votes: float) -> Lang:
    """The document's base language from the share of French-leaning words
    (``votes``); when they are split (within ``_TIE`` of half), langdetect
    decides on the text (its first 10,000 characters, all it reads; seeded)."""
    if abs(votes - 0.5) >= _TIE:
        return Lang.FR if votes > 0.5 else Lang.EN
    probs = langdetect_probs(text[:10_000])
    fr, en = probs.get("fr", 0.0), probs.get("en", 0.0)
    if fr + en > 0.5:
        return Lang.FR if fr > en else Lang.EN
    return Lang.FR if votes > 0.5 else Lang.EN


def langdetect_probs(text: str) -> dict[str, float]:
    """langdetect's probabilities for ``text`` by language code (``{}`` when it has no letters)."""
    from langdetect.lang_detect_exception import LangDetectException

    detector = factory().create()
    try:
        detector.append(text)
        return {str(x.lang): x.prob for x in detector.get_probabilities()}
    except LangDetectException:  # no letters
        return {}


def second_opinion(snippet: str, lang: int, conf: float) -> tuple[int, float]:
    """langdetect (seeded) on a segment the other evidence leaves undecided.

    Agreement confirms the label (confidence = langdetect's probability).
    A confident disagreement relabels the segment, which stays flagged: the
    two sources disagree, so the editor should look.
    """
    probs = langdetect_probs(snippet)
    p = probs.get(_LANGS[lang].value, 0.0)
    q = probs.get(_LANGS[1 - lang].value, 0.0)
    if p >= 0.9:
        return lang, max(conf, p)
    if q >= 0.9:
        return 1 - lang, min(1.0 - conf, 0.5)
    return lang, conf
