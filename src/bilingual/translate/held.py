"""Units kept as they are although the engine answered them, because writing them would do harm.

A sentence mostly of the source language, one of whose units the engine could not translate,
would come out half translated; a phrase that markup cuts in two ("**Cellules souches**
embryonnaires") may come out with its words reordered around the markup. Both are flagged
``untranslated`` with the reason instead.
"""

from __future__ import annotations

import re

from ..model import Lang, Span
from ..terms import matcher_for
from ..text.tokens import WORD_RE
from .spans import Unit

_MARKUP_GAP = re.compile(r"[\s*_`~]*[*_`~][\s*_`~]*")


def half_translated(
    text: str, todo: list[Unit], answers: list, termbase=None, source: Lang = Lang.FR
) -> dict[int, str]:
    """Units whose translation would leave a half-translated sentence: in a sentence mostly of
    the source language, one of whose units the engine could not translate, none is written
    but whole terms of the termbase
    ("la surveillance devrait être « légale, nécessaire »" stays whole, and is flagged)."""
    by_sentence: dict[Span, list[int]] = {}
    for i, u in enumerate(todo):
        by_sentence.setdefault(u.sentence, []).append(i)
    is_term = matcher_for(termbase).has_term if termbase is not None else None
    held: dict[int, str] = {}
    for sent, idx in by_sentence.items():
        if len(idx) < 2 or not any(_failed(answers[i]) for i in idx) or all(_failed(answers[i]) for i in idx):
            continue  # nothing written in this sentence, or nothing left out
        foreign = sum(_count_words(text, todo[i].start, todo[i].end) for i in idx)
        if 2 * foreign < _count_words(text, sent.start, sent.end):
            continue  # a sentence of the output's language with foreign phrases in it
        for i in idx:
            if not _failed(answers[i]) and not (is_term is not None and is_term(todo[i].text, source)):
                held[i] = (
                    "kept with the rest of its sentence, which the engine cannot translate: "
                    "a half-translated sentence would be worse"
                )
    return held


def cut_by_markup(text: str, todo: list[Unit], answers: list, engine, source: Lang, target: Lang) -> dict[int, str]:
    """Units that markup cuts out of one phrase ("**Cellules souches** embryonnaires"): written
    only when the phrase, translated whole, keeps its words in the same order; else all kept."""
    held: dict[int, str] = {}
    for i in range(len(todo) - 1):
        a, b = todo[i], todo[i + 1]
        if a.sentence != b.sentence or not _MARKUP_GAP.fullmatch(text, a.end, b.start):
            continue
        if _failed(answers[i]) or _failed(answers[i + 1]):
            whole_ok = False
        else:
            whole = engine.translate_batch([f"{a.text} {b.text}"], source, target)[0]
            split = f"{answers[i].text} {answers[i + 1].text}"
            whole_ok = whole is not None and whole.text.strip().lower() == split.strip().lower()
        if not whole_ok:
            note = "kept as is: markup cuts this phrase, and its translation would reorder the words around it"
            held[i] = held[i + 1] = note
    return held


def _failed(ans) -> bool:
    return ans is None or not ans.text.strip()


def _count_words(text: str, start: int, end: int) -> int:
    return len(WORD_RE.findall(text, start, end))
