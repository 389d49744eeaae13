"""Names in detection: capitalized words and runs of them are names, which carry no evidence of a language.

A capitalized word inside a clause is a name ("Elysée", "Hollande"), and so is a run of
capitalized words joined by particles ("Banque de France", "Game of Thrones"), or one with a
possessive ("Sainsbury’s"). A capitalized word that opens a sentence or clause is a name when the
document also uses it as one inside a clause and never writes it in lower case. Names follow the
language of their context, unless the lexicon or the termbase writes them otherwise in the
other language ("Royaume-Uni", "United Kingdom"): those stay evidence. Title-case headings and
shouted lines hold words, not names.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from itertools import chain
from typing import Protocol

from .switching import BOND, SWITCH_COMMA, SWITCH_SPACE
from ..text.tokens import ELISION_END

# Lower-case words inside a multi-word name: "Musée d'Orsay", "Bank of Scotland", "Banque de France"
_PARTICLES = frozenset(
    "of the and for on upon at in de d' d’ du des la le les l' l’ et y van von der den da di del "
    "della dos das au aux sur & -".split()
)
_CAPS_MIN = 0.7  # a sentence is title case when this share of its long words is capitalized


def clear_names(
    parts: list[str], ws: list[str], scores: list[float], costs: list[float], acronyms: list[int]
) -> tuple[list[str], list[int]]:
    """Set the scores of one sentence's names to 0.

    ``parts``: gap, word, gap, ..., word, gap; ``ws``: the words; ``costs[k]``: the cost of
    switching between word k-1 and word k. Returns the capitalized words found inside a clause
    (names, for :func:`clear_openers`) and the positions of capitalized words that open the
    sentence or a clause (left as they are: names only if the document says so).
    """
    caps = [k for k, w in enumerate(ws) if w[0].isupper()]
    if not caps or ("." not in parts[-1] and title_case(ws, caps)):  # a heading has no full stop
        return [], []
    translated = translated_names()
    shouting = len(caps) == len(ws) and all(w.isupper() for w in ws)  # "THE RESULTS ARE IN": words
    # a name run needs two capitals, or a clitic ("Sainsbury’s": no gap before it)
    if shouting or (len(caps) < 2 and "" not in parts[2:-1:2]):
        in_names: set[int] = set()
    else:
        in_names = name_chunks(parts, ws, costs, caps)
    kept = translated_in(ws, in_names, translated) if in_names else set()
    for k in in_names:  # "Musée d'Orsay", "Royal Bank of Scotland", "Sainsbury’s": no language,
        if k not in kept:  # unless the other language writes it otherwise ("Royaume-Uni")
            scores[k] = 0.0
    inner: list[str] = []
    openers: list[int] = []
    skip = set(acronyms)
    for k in caps:
        if k in skip or k in in_names or shouting:
            continue
        if k and (costs[k] == SWITCH_SPACE or costs[k] == SWITCH_COMMA):
            if ws[k].lower() not in translated:  # "Espagne", "Royaume-Uni" stay evidence
                scores[k] = 0.0  # a capitalized word inside a clause: a name ("Elysée", "Hollande")
            inner.append(ws[k])
        else:
            openers.append(k)
    return inner, openers


class Read(Protocol):
    """A sentence as detection reads it (:class:`.features.Sentence`)."""

    words: list[str]
    scores: list[float]
    openers: list[int]


def clear_openers(sentences: Sequence[Read], inner: set[str]) -> None:
    """Set to 0 the scores of the sentence and clause openers that are names: words of ``inner``
    (capitalized inside a clause somewhere in the document) it never writes in lower case."""
    lowered = {w.lower() for w in inner}
    seen = lowered.intersection(chain.from_iterable(s.words for s in sentences)) if lowered else set()
    names = {w for w in inner if w.lower() not in seen}
    if not names:
        return
    translated = translated_names()
    for s in sentences:
        for k in s.openers:
            w = s.words[k]
            if w in names and w.lower() not in translated:
                s.scores[k] = 0.0


def name_chunks(parts: list[str], ws: list[str], costs: list[float], caps: list[int]) -> set[int]:
    """Word positions of multi-word names: two or more capitalized words joined by particles
    (at most three in a row), and a possessive clitic after a capitalized word ("Sainsbury’s")."""
    out: set[int] = set()
    n, capset = len(ws), set(caps)
    joined = (SWITCH_SPACE, BOND)
    done = -1
    for a in caps:
        if a <= done:
            continue
        b, k, count = a, a + 1, 1
        while k < n and costs[k] in joined:
            j = k
            while j < n and j - k < 3 and costs[j] in joined and ws[j].lower() in _PARTICLES:
                j += 1
            if j < n and j in capset and costs[j] in joined:
                b, k, count = j, j + 1, count + 1
            else:
                break
        if b + 1 < n and costs[b + 1] == SWITCH_SPACE and ws[b + 1][:1] in ELISION_END:
            out.add(b + 1)  # "Sainsbury’s", "Women's"
            if a > 0 and count == 1:
                out.add(a)  # a lone name inside a sentence, with its possessive
        initial = a == 0 or costs[a] not in joined
        # "Cell Replacement: ..." is a label, and a run that is all of its sentence a heading: words
        label = initial and (b + 1 >= n or parts[2 * b + 2].lstrip().startswith(":"))
        if count >= 2 and not label:
            out.update(range(a, b + 1))
        done = b
    return out


@lru_cache(maxsize=1)
def translated_names() -> frozenset[str]:
    """The lexicon's names and the shipped termbase's terms whose other-language form differs,
    in lower case, in both languages ("états-unis", "united kingdom", "hepatic progenitor
    cells"): text of their language, to translate, even where they stand as names."""
    from ..engines.builtin.lexicon import builtin_lexicon
    from ..terms import builtin_termbase
    from ..text.fold import fold

    out: set[str] = set()
    for e in builtin_lexicon().entries:
        if e.pos == "n" and e.fr[:1].isupper() and fold(e.fr) != fold(e.en):
            out.update((e.fr.lower(), e.en.lower()))
    for t in builtin_termbase().entries:  # terms written in title case: "Hepatic Progenitor Cells"
        if not t.is_acronym and fold(t.fr) != fold(t.en):
            out.update((t.fr.lower(), t.en.lower()))
    return frozenset(out)


@lru_cache(maxsize=1)
def _translated_words() -> frozenset[str]:
    """The words of :func:`translated_names`."""
    return frozenset(w for form in translated_names() for w in form.split(" "))


def translated_in(ws: list[str], positions: set[int], forms: frozenset[str]) -> set[int]:
    """Those of ``positions`` inside a run of words that is one of ``forms`` ("Le Royaume-Uni")."""
    out: set[int] = set()
    known = _translated_words()
    if not any(ws[k].lower() in known for k in positions):
        return out  # most names: none of their words is in a form
    for a in positions:
        for b in range(a, min(a + 5, len(ws))):
            if b not in positions:
                break
            if " ".join(ws[a : b + 1]).lower() in forms:
                out.update(range(a, b + 1))
    return out


def title_case(ws: list[str], caps: list[int]) -> bool:
    """Headings: most long words capitalized ("How Stem Cell Thérapie Works")."""
    if 2 * len(caps) < len(ws):
        return False
    long = [w for w in ws if len(w) > 3]
    return len(long) >= 2 and sum(w[0].isupper() for w in long) >= _CAPS_MIN * len(long)
