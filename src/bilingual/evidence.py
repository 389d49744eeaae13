"""Evidence that does not depend on context: one word's score, and langdetect.

:func:`word_score` is the log-ratio of a word's French and English frequencies
in wordfreq's lists (loaded once, looked up directly), plus diacritics, French
elision and English clitics. The langdetect helpers are seeded
(``DetectorFactory.seed = 0``) so every run gives the same answer.
"""
from __future__ import annotations

import functools
import math
import re
from typing import Callable, Optional

from .model import Lang
from .text.tokens import ELISION_END

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

SCORES: dict[str, float] = {}  # word -> score, filled as words are met (detect stores inf for neutral tokens)


_PREFETCH_MAX = 200_000  # characters: a longer text has most common words, so whole lists are loaded
# Passes over the lists (each about 10 ms a list, for a text's words or a straggler) before they are
# loaded whole (about 0.2 s a list): one article costs one pass; many texts in one process, a few.
_MAX_PASSES = 6
_LETTERS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|[^\W\d_]+")
_PLAIN_HYPHENATED = re.compile(r"[a-zàâäçéèêëîïôöùûüÿœæ]+(?:-[a-zàâäçéèêëîïôöùûüÿœæ]+)+")
_known: dict[str, dict[str, float | None]] = {"en": {}, "fr": {}}  # looked-up word -> frequency (None: absent)
_full: dict[str, dict[str, float]] = {}  # lang -> the whole list as a dict, once loaded
_passes = 0


@functools.cache
def _buckets(lang: str) -> list[list[str]]:
    """wordfreq's "best" list for ``lang`` (its large list when there is one): words by
    frequency band, band i = 10 ** (-i / 100). Read from wordfreq's data folder without
    importing wordfreq (a quarter of a second), else through wordfreq."""
    import gzip
    import importlib.util
    import os

    import msgpack

    spec = importlib.util.find_spec("wordfreq")
    folder = os.path.join(spec.submodule_search_locations[0], "data") if spec and spec.submodule_search_locations else ""
    for size in ("large", "small"):
        path = os.path.join(folder, f"{size}_{lang}.msgpack.gz")
        if os.path.isfile(path):
            with gzip.open(path, "rb") as f:
                pack = msgpack.load(f, raw=False)
            header = pack[0] if pack else None
            if isinstance(header, dict) and header.get("format") == "cB" and header.get("version") == 1:
                return pack[1:]
            break
    from wordfreq import get_frequency_list

    return get_frequency_list(lang, "best")


def _load_full(lang: str) -> dict[str, float]:
    """The whole list as a dict: what ``wordfreq.get_frequency_dict(lang, "best")`` returns."""
    full = _full.get(lang)
    if full is None:
        full = {}
        for i, bucket in enumerate(_buckets(lang)):
            if bucket:
                full.update(dict.fromkeys(bucket, 10 ** (-i / 100)))  # == wordfreq.cB_to_freq(-i)
        _full[lang] = full
        _known[lang] = {}
    return full


def _learn(words: set[str]) -> None:
    """Look the (lower-case) ``words`` up in both lists: one pass over each list, whatever their
    number; after :data:`_MAX_PASSES` passes the lists are loaded whole instead."""
    global _passes
    for lang in ("en", "fr"):
        if lang in _full:
            continue
        known = _known[lang]
        need = {w for w in words if w not in known}
        if not need:
            continue
        if _passes >= _MAX_PASSES:
            _load_full(lang)
            continue
        _passes += 1
        found: dict[str, float | None] = dict.fromkeys(need)
        for i, bucket in enumerate(_buckets(lang)):
            hit = need.intersection(bucket)
            if hit:
                found.update(dict.fromkeys(hit, 10 ** (-i / 100)))  # a later band wins, as in a dict of the list
        known.update(found)


def load_lists() -> None:
    """Load both word lists whole now (long inputs, benchmarks, worker processes about to get long texts)."""
    _load_full("en")
    _load_full("fr")


def prefetch(text: str) -> None:
    """Get ready to score the words of ``text``: a short text has only its own words looked up
    (milliseconds, where loading the lists whole takes about half a second); a long one loads them whole."""
    if len(_full) == 2:
        return
    if len(text) > _PREFETCH_MAX:
        load_lists()
        return
    lower = text.lower()
    _learn(set(_LETTERS.findall(lower)) | set(re.findall(r"[^\W\d_]+", lower)))


def _lookup(w: str, lang: str) -> float | None:
    """The frequency of ``w`` in the ``lang`` list, None if the list does not have it."""
    full = _full.get(lang)
    if full is not None:
        return full.get(w)
    if w not in _known[lang]:  # not prefetched
        _learn({w})
        full = _full.get(lang)
        if full is not None:
            return full.get(w)
    return _known[lang][w]


def _frequency(w: str, lang: str) -> float:
    """``wordfreq.word_frequency(w, lang)`` (``w`` in lower case), without building wordfreq's dicts."""
    f = _lookup(w, lang)
    if f is None:
        if "-" not in w:
            return 0.0
        return _combined_frequency(w, lang)  # combines the parts of "non-essential"
    return f


_ASCII_WORD = re.compile(r"[a-z]+")


def zipf(word: str, lang: str) -> float:
    """``wordfreq.zipf_frequency(word, lang)`` from this module's look-ups (no wordfreq import,
    no 300k-word dict built) for a word of a-z letters; other words ask wordfreq itself."""
    if not _ASCII_WORD.fullmatch(word):
        from wordfreq import zipf_frequency

        return zipf_frequency(word, lang)
    f = _frequency(word, lang)
    return round(math.log10(f) + 9, 2) if f >= 1e-9 else 0.0  # wordfreq's floor: zipf 0


def _combined_frequency(w: str, lang: str) -> float:
    """wordfreq's ``_word_frequency`` (minimum 0) for a word not in the list, on our look-ups:
    wordfreq's tokens of ``w``, 1 / f = 1 / f1 + 1 / f2 + ..., three significant digits."""
    if _PLAIN_HYPHENATED.fullmatch(w):  # wordfreq's tokens are the parts (tested): no need to import it
        tokens = w.split("-")
        smash: Optional[Callable[[str], str]] = None
        digit_freq: Optional[Callable[[str], float]] = None
    else:
        from wordfreq import lossy_tokenize
        from wordfreq.numbers import digit_freq, smash_numbers as smash

        tokens = lossy_tokenize(w, lang)
    if not tokens:
        return 0.0
    one_over_result = 0.0
    for token in tokens:
        smashed = smash(token) if smash else token
        freq = _lookup(smashed, lang)
        if freq is None:
            return 0.0
        if smashed != token:
            assert digit_freq is not None  # set with smash
            freq *= digit_freq(token)
        one_over_result += 1.0 / freq
    unrounded = max(1.0 / one_over_result, 0.0)
    if unrounded == 0.0:
        return 0.0
    return round(unrounded, math.floor(-math.log(unrounded, 10)) + 3)


def word_score(word: str) -> float:
    """Evidence of one word: log(P_fr / P_en), > 0 leans French, < 0 English.

    >>> word_score("les") > 3, word_score("the") < -3, abs(word_score("conclusion")) < 1
    (True, True, True)
    """
    s = SCORES.get(word)
    if s is None:
        s = SCORES[word] = raw_word_score(word)
    return s


def raw_word_score(word: str) -> float:
    if word[-1:] in ELISION_END:  # l' d' qu' (the tokenizer only splits them before a letter)
        return _ELISION
    if word[:1] in ELISION_END:  # 's 't 're
        return _CLITIC
    if len(word) == 1 and word not in _LETTER_WORDS:
        return 0.0  # "c" in "(c) 2024", "s" for seconds, "Y"/"N" in a table: no language
    w = word.lower()
    fr, en = _frequency(w, "fr"), _frequency(w, "en")
    if _FRENCH_LETTERS.isdisjoint(w):
        return max(-_CLIP, min(_CLIP, math.log((fr + _FLOOR) / (en + _FLOOR))))
    if len(w) >= 4:
        from .text.fold import strip_accents

        plain = _frequency(strip_accents(w), "en")  # English writes "debut", "facade", "role"
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


class _NgramProbs(dict):
    """langdetect's ``word_lang_prob_map`` (n-gram -> probability in each language), built per
    n-gram on first use instead of for all 87k n-grams x 55 languages up front (~0.5 s).
    Same values, same language order as ``DetectorFactory.load_profile``: same answers."""

    def __init__(self, profiles: list, langsize: int):
        super().__init__()
        self._profiles = profiles
        self._langsize = langsize
        self._ngrams = frozenset().union(*(p["freq"] for p in profiles))

    def __contains__(self, word) -> bool:
        return word in self._ngrams

    def __missing__(self, word: str) -> list[float]:
        if word not in self._ngrams:
            raise KeyError(word)
        row = [0.0] * self._langsize
        length = len(word)
        if 1 <= length <= 3:
            for index, p in enumerate(self._profiles):
                freq = p["freq"].get(word)
                if freq is not None:
                    row[index] = 1.0 * freq / p["n_words"][length - 1]
        self[word] = row
        return row


@functools.cache
def _langdetect_factory():
    """A seeded langdetect factory with every shipped profile, loaded lazily (:class:`_NgramProbs`)."""
    import json
    import os

    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    DetectorFactory.seed = 0
    factory = DetectorFactory()
    factory.seed = 0
    names = os.listdir(PROFILES_DIRECTORY)  # the order load_profile uses
    profiles = []
    for name in names:
        path = os.path.join(PROFILES_DIRECTORY, name)
        if name.startswith(".") or not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as f:
            profiles.append(json.load(f))
    factory.langlist = [p["name"] for p in profiles]
    factory.word_lang_prob_map = _NgramProbs(profiles, len(names))
    return factory


def langdetect_probs(text: str) -> dict[str, float]:
    """langdetect's probabilities of ``en`` and ``fr`` for ``text`` (``{}`` when it has no letters)."""
    from langdetect.lang_detect_exception import LangDetectException

    detector = _langdetect_factory().create()
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
