"""A seeded langdetect factory whose n-gram probabilities are built per n-gram when first used.

Why: ``DetectorFactory.load_profile`` builds the table for all 87k n-grams x 55 languages up
front (about half a second), while a run only meets a few thousand n-grams.
The profiles are read from langdetect 1.0's folder and its table layout is rebuilt, hence the
pin ``langdetect<1.1``. ``tests/test_fast_paths.py`` checks the answers against langdetect's.
"""

from __future__ import annotations

import functools


class NgramProbs(dict):
    """langdetect's ``word_lang_prob_map`` (n-gram -> probability in each language), a row
    built on first use: same values, same language order as ``DetectorFactory.load_profile``."""

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
def factory():
    """A seeded ``DetectorFactory`` with every shipped profile, its n-gram table a :class:`NgramProbs`."""
    import json
    import os

    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    DetectorFactory.seed = 0
    made = DetectorFactory()
    made.seed = 0
    names = os.listdir(PROFILES_DIRECTORY)  # the order load_profile uses
    profiles = []
    for name in names:
        path = os.path.join(PROFILES_DIRECTORY, name)
        if name.startswith(".") or not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as f:
            profiles.append(json.load(f))
    made.langlist = [p["name"] for p in profiles]
    made.word_lang_prob_map = NgramProbs(profiles, len(names))
    return made
