"""Turn the spans of the other language into the output language.

For output ``target``, every segment detected in ``target.other`` is a unit
(:mod:`.spans`). Units go to the engine in one batch; each answer is spliced back
with the sentence's casing (:mod:`.casing`) and the document's date order
(:mod:`.dates`). A unit the engine cannot translate stays as it is and is flagged
``untranslated``: never dropped, never guessed; so are the units whose translation
would leave a sentence half translated or reorder a phrase around markup (:mod:`.held`).
"""

from __future__ import annotations

from typing import Iterable

from ..engines.base import TranslationEngine
from ..model import Change, ChangeKind, Flag, FlagKind, Lang, Segment, Span
from ..render import apply_changes
from ..terms import acronym_matches, term_changes
from .casing import splice_case
from .dates import DateOrder
from .held import cut_by_markup, half_translated
from .spans import Unit, trim_edges, units

__all__ = ["Unit", "canonical_acronyms", "splice_case", "translate", "units"]


def translate(
    text: str,
    segments: Iterable[Segment],
    sentences: list[Span],
    engine: TranslationEngine,
    target: Lang,
    skip: Iterable[Span] = (),
    termbase=None,
) -> tuple[list[Change], list[Flag]]:
    """Translation changes and ``untranslated`` flags for output ``target``."""
    source = target.other
    todo = units(text, segments, sentences, source, skip)
    answers = engine.translate_batch([u.text for u in todo], source, target) if todo else []
    # a span the engine could not translate may begin or end with words of the output's own
    # language that context pulled into it ("foie however" in French), or with an acronym in a
    # form the termbase canonicalizes ("however Escs"): the rest is tried alone
    retry = [
        (i, sub)
        for i, (u, ans) in enumerate(zip(todo, answers))
        if (ans is None or not ans.text.strip()) and (sub := trim_edges(text, u, target, termbase))
    ]
    if retry:
        again = engine.translate_batch([sub.text for _, sub in retry], source, target)
        for (i, sub), ans in zip(retry, again):
            if ans is not None and ans.text.strip():
                todo[i], answers[i] = sub, ans
    held = cut_by_markup(text, todo, answers, engine, source, target) | half_translated(
        text, todo, answers, termbase, source
    )
    changes, flags = [], []
    dates = DateOrder(text)
    why = {
        whole: f"{source} {what} kept as is: engine {engine.name!r} has no confident translation"
        for whole, what in ((True, "sentence"), (False, "span"))
    }
    suggest = getattr(engine, "suggest", None)  # translation memories' fuzzy matches (bilingual.memory)
    for i, (u, ans) in enumerate(zip(todo, answers)):
        if i in held or ans is None or not ans.text.strip():
            message = held[i] if i in held else why[bool(u.whole_sentence)]
            found = tuple(suggest(u.text, source, target)) if suggest else ()
            flags.append(Flag(FlagKind.UNTRANSLATED, u.start, u.end, u.text, message, target, found))
            continue
        after = splice_case(ans.text, u, text, target)
        if target is Lang.EN:
            after = dates.fit(after)
        if termbase is not None:
            after = canonical_acronyms(after, termbase, target)
        if after != u.text:
            changes.append(
                Change(
                    target,
                    u.start,
                    u.end,
                    u.text,
                    after,
                    ChangeKind.TRANSLATION,
                    ans.engine or engine.name,
                    ans.confidence,
                )
            )
    return changes, flags


def canonical_acronyms(translation: str, termbase, target: Lang) -> str:
    """Acronyms inside an engine's answer in their canonical form ("Escs" -> "ESCs")."""
    found = acronym_matches(translation, termbase)
    if not found:
        return translation  # no acronym: term_changes would find nothing (it only rewrites acronyms here)
    return apply_changes(translation, term_changes(translation, termbase, target, acronyms=found))
