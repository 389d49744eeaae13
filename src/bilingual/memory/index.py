"""Translation memory pairs, indexed for exact and fuzzy look-ups in either direction.

Spans and entries are compared in a normal form (:func:`normalize`); a fuzzy look-up scores,
with :class:`difflib.SequenceMatcher`, only the entries that share at least half of the span's
words (by their first four letters), so a large memory is not compared with every span.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Optional

from ..model import Lang

FUZZY_THRESHOLD = 0.75  # difflib ratio; below it a memory entry is not worth an editor's look
MAX_SUGGESTIONS = 3
FINAL = ".!?;:,\u2026"  # final punctuation, which matching ignores
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_FR_SPACING = re.compile(r" (?=[;:!?»])|(?<=«) ")
_SPACED = re.compile(r" [;:!?»]|« ")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Suggestion:
    """A fuzzy match offered to the editor: the memory's translation, its source, the score."""

    text: str
    source: str
    score: float
    memory: str  # the file it came from

    def to_dict(self) -> dict:
        return {"text": self.text, "source": self.source, "score": round(self.score, 4), "memory": self.memory}


def normalize(text: str) -> str:
    """The form spans and memory entries are compared in (see :mod:`bilingual.memory`).

    >>> normalize("  L’ARN est   stable ?") == normalize("l'ARN est stable")
    True
    """
    if not text.isascii():
        text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES)
    s = " ".join(text.split())
    if _SPACED.search(s):
        s = _FR_SPACING.sub("", s)
    s = s.rstrip(FINAL + " ")
    if len(s) > 1:
        return s[0].lower() + s[1:-1] + s[-1].lower()
    return s.lower()


class Memory:
    """Pairs from one or more files, indexed for exact and fuzzy look-ups."""

    def __init__(self, pairs: Iterable[tuple[str, str, str]] = ()):
        self.exact: dict[Lang, dict[str, tuple[str, str, str]]] = {Lang.EN: {}, Lang.FR: {}}
        for en, fr, origin in pairs:
            for lang, src, tgt in ((Lang.EN, en, fr), (Lang.FR, fr, en)):
                key = normalize(src)
                if key and tgt.strip():
                    self.exact[lang].setdefault(key, (" ".join(tgt.split()), src, origin))
        self._words: dict[Lang, tuple] = {}  # built on the first fuzzy look-up (see _word_index)

    def __len__(self) -> int:
        return len(self.exact[Lang.EN])

    def _word_index(self, source: Lang) -> tuple:
        """(keys, each key's words, word -> indexes of the keys that have it); words are compared
        by their first four letters, so "cellules" and "cellule" are one."""
        if source not in self._words:
            keys = list(self.exact[source])
            words = [_words(k) for k in keys]
            postings: dict[str, list[int]] = {}
            for i, ws in enumerate(words):
                for w in ws:
                    postings.setdefault(w, []).append(i)
            self._words[source] = (keys, words, postings)
        return self._words[source]

    def _candidates(self, q: str, source: Lang) -> list[str]:
        """The keys worth scoring against ``q``: those with at least half of its words (a large
        memory is not compared with every span). Any such key has one of ``q``'s rarest
        ``len - half + 1`` words, so only their postings are read."""
        keys, words, postings = self._word_index(source)
        mine = _words(q)
        if not mine:
            return keys
        need = (len(mine) + 1) // 2
        rarest = sorted(mine, key=lambda w: (len(postings.get(w, ())), w))[: len(mine) - need + 1]
        seen = sorted({i for w in rarest for i in postings.get(w, ())})
        return [keys[i] for i in seen if len(mine & words[i]) >= need]

    def lookup(self, text: str, source: Lang) -> Optional[str]:
        hit = self.exact[source].get(normalize(text))
        return hit[0] if hit else None

    def fuzzy(
        self, text: str, source: Lang, threshold: float = FUZZY_THRESHOLD, limit: int = MAX_SUGGESTIONS
    ) -> list[Suggestion]:
        """The best entries whose ratio with ``text`` is at least ``threshold`` (best first)."""
        q = normalize(text)
        if not q:
            return []
        n, t = len(q), threshold
        # ratio <= 2 * min(n, m) / (n + m): only lengths in this range can reach the threshold
        shortest, longest = n * t / (2 - t), n * (2 - t) / t
        sm = difflib.SequenceMatcher(None, autojunk=False)
        sm.set_seq2(q)
        found = []
        for key in self._candidates(q, source):
            if not shortest <= len(key) <= longest:
                continue
            sm.set_seq1(key)
            if sm.real_quick_ratio() >= t and sm.quick_ratio() >= t:
                score = sm.ratio()
                if score >= t:
                    tgt, src, origin = self.exact[source][key]
                    found.append(Suggestion(tgt, src, score, origin))
        found.sort(key=lambda s: (-s.score, s.source, s.text))
        return found[:limit]


def _words(key: str) -> set[str]:
    return {w[:4] for w in _WORD.findall(key.lower())}
