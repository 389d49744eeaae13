"""Set phrases each language borrowed from the other: ``data/borrowings.tsv`` (format in ``data/README.md``).

"à la carte", "déjà vu", "coup d'état" in English; "week-end", "marketing" in French. In text of the
borrowing language they are no evidence of the other (``detect``), and the built-in engine keeps
them as they are.
"""

from __future__ import annotations

from functools import lru_cache

from .._data import read_text
from ..model import Lang
from ..text.tokens import split_words


@lru_cache(maxsize=2)
def borrowings(base: Lang) -> tuple[frozenset[str], dict[str, list[tuple[str, ...]]]]:
    """The phrases of ``data/borrowings.tsv`` that ``base`` borrowed, as lower-case word tuples
    keyed by their first word, and the first words as a text may write them (lower case,
    capitalized, upper case), for a quick look whether a sentence can hold one."""
    phrases: dict[str, list[tuple[str, ...]]] = {}
    for line in read_text("borrowings.tsv").splitlines():
        lang, _, phrase = line.partition("\t")
        if lang != base.value or not phrase.strip():
            continue  # comments, the header, the other language
        ws = tuple(w.lower().replace("’", "'") for w in split_words(phrase.strip())[1::2])
        if ws:
            phrases.setdefault(ws[0], []).append(ws)
    keys: set[str] = set()
    for first in phrases:
        for form in (first, first.capitalize(), first.upper()):
            keys.update((form, form.replace("'", "’")))
    return frozenset(keys), phrases


def borrowed(ws: list[str], base: Lang) -> list[int]:
    """Positions of the words ``ws`` that belong to a phrase ``base`` borrowed ("à la carte" in
    English, "week-end" in French): no evidence of the other language."""
    keys, phrases = borrowings(base)
    if keys.isdisjoint(ws):
        return []
    low = [w.lower().replace("’", "'") for w in ws]
    out: list[int] = []
    for k, w in enumerate(low):
        for ph in phrases.get(w, ()):
            if tuple(low[k : k + len(ph)]) == ph:
                out.extend(range(k, k + len(ph)))
    return out
