"""An engine's answer fitted into the sentence its unit came from: the case of its first letter.

Capital at a sentence start or after a colon that the input followed with a capital; title
case in an English title-case heading; lower case mid-sentence, except for acronyms and words
English always capitalizes (months, names).
"""

from __future__ import annotations

from ..model import Lang
from ..text.tokens import is_acronym, words
from .spans import Unit, only_neutral


def splice_case(translation: str, unit: Unit, text: str, target: Lang = Lang.EN) -> str:
    """Fit ``translation`` into the sentence the unit came from (case of the first letter)."""
    if not translation:
        return translation
    original_first = unit.text[:1]
    if only_neutral(text, unit.sentence.start, unit.start) or (original_first.isupper() and _after_colon(text, unit)):
        return translation[0].upper() + translation[1:]
    if original_first.isupper() and target is Lang.EN and _title_case(text[unit.sentence.start : unit.sentence.end]):
        return " ".join(
            w[:1].upper() + w[1:] if len(w) > 3 or i == 0 else w for i, w in enumerate(translation.split(" "))
        )
    ws = translation.split(" ")
    if is_acronym(ws[0]) or _always_capital(ws, target):
        return translation
    return translation[0].lower() + translation[1:]


def _after_colon(text: str, unit: Unit) -> bool:
    return text[unit.sentence.start : unit.start].rstrip().endswith(":")


def _always_capital(ws: list[str], target: Lang) -> bool:
    """ "Supreme Court", "April", "European": capitalized in the lexicon, or a run of capitals."""
    if not ws[0][:1].isupper():
        return False
    if len(ws) > 1 and ws[1][:1].isupper():
        return True
    from ..engines.builtin.lexicon import builtin_lexicon

    return ws[0] in builtin_lexicon().capitalized(target)


def _title_case(sentence: str) -> bool:
    ws = [m.group() for m in words(sentence) if len(m.group()) > 3]
    return len(ws) >= 2 and sum(w[0].isupper() for w in ws) / len(ws) >= 0.75
