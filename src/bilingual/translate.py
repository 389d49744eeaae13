"""Turn the spans of the other language into the output language.

For output ``target``, every segment detected in ``target.other`` is a unit.
Units go to the engine in one batch; each answer is spliced back with the
sentence's casing (capital at a sentence start or in a title-case heading,
lower case mid-sentence). A unit the engine cannot translate stays as it is
and is flagged ``untranslated``: never dropped, never guessed.
"""
from __future__ import annotations

import bisect
import functools
import re
from typing import Iterable, NamedTuple

from .engines.base import TranslationEngine
from .model import Change, ChangeKind, Flag, FlagKind, Lang, Segment, Span
from .render import SpanIndex
from .text.tokens import WORD_RE, is_acronym, words


class Unit(NamedTuple):  # a named tuple: built for every span, at a third of a frozen dataclass's cost
    start: int
    end: int
    text: str
    sentence: Span
    whole_sentence: bool


def units(text: str, segments: Iterable[Segment], sentences: list[Span], source: Lang, skip: Iterable[Span] = ()) -> list[Unit]:
    """The ``source``-language stretches to translate, one per segment, never across a sentence.

    Names and dates of the source language that the lexicon knows ("États-Unis",
    "Union européenne", "7 avril 2020") are added even where detection left them
    in the other language's text, merged with any segment they overlap.
    """
    starts = [s.start for s in sentences]
    index = SpanIndex(skip)
    skipping, hits = bool(index.starts), index.overlaps
    names = _names(text, source)
    if skipping:
        names = [(a, b) for a, b in names if not hits(a, b)]
    spans = sorted([(seg.start, seg.end) for seg in segments if seg.lang is source] + names)
    m_starts: list[int] = []
    m_ends: list[int] = []
    gap_stop, after = _GAP_STOP.search, bisect.bisect_right
    for a, b in spans:
        if m_ends:
            e = m_ends[-1]
            # overlapping, or apart by a gap of one sentence with only numbers, acronyms,
            # spaces or commas in it ("Le 23 janvier"), which no skipped span touches
            if a < e or (a - e <= 40 and not gap_stop(text, e, a) and after(starts, e) == after(starts, a)
                         and _only_neutral(text, e, a) and not (skipping and hits(e, a))):
                if b > e:
                    m_ends[-1] = b
                continue
        m_starts.append(a)
        m_ends.append(b)
    out = []
    for a, b in zip(m_starts, m_ends):
        if skipping and hits(a, b):
            continue
        i = after(starts, a) - 1
        sent = sentences[i] if i >= 0 else Span(a, b)
        if b > sent.end and i >= 0:
            continue  # a name across a sentence break: not one unit
        whole = ((a == sent.start or _only_neutral(text, sent.start, a))
                 and (b == sent.end or _only_neutral(text, b, sent.end)))
        out.append(Unit(a, b, text[a:b], sent, whole))
    return out


_GAP_STOP = re.compile(r"[\n.!?:;()\[\]\"«»“”]")  # a gap with one of these separates two units


_MONTHS_FR = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"


def _names(text: str, source: Lang) -> list[tuple[int, int]]:
    """Spans of the names and dates of :func:`_name_regex` that start with a capital or a digit.

    They are the matches of ``rx.finditer(text)`` (a lower-case match is dropped, but it
    still hides any match that would overlap it); found faster by :func:`_keyed_names`
    unless the text has a character that makes its lower-case search unsafe.
    """
    rx = _name_regex(source)
    if rx is None:
        return []
    keyed = _name_keys(source)
    low = _lowered(text) if keyed is not None else None
    if low is not None and not any(c in low for c in keyed[2]):
        return _keyed_names(text, low, rx, *keyed[:2])
    return [m.span() for m in rx.finditer(text) if _capital_or_digit(m.group())]


def _keyed_names(text: str, low: str, rx: re.Pattern, keys: tuple[str, ...], months: tuple[str, ...]):
    """``rx``'s matches, tried only where ``low`` (``text`` in lower case) has a name (up to
    any apostrophe, which the regex lets be ' or ’), or a space and a month 1 to 4
    characters after (``7 avril``, ``1er mai``, ``23er juin``).

    ``str.find`` looks for each at memchr-like speed (the longer, the faster), where a regex
    scan of a long text tests every character. Trying ``rx`` at just those places in order,
    past the end of the last match, is ``rx.finditer``, because no other place can start a match.
    """
    starts = set()
    for k in keys:
        i = low.find(k)
        while i >= 0:
            starts.add(i)
            i = low.find(k, i + 1)
    for k in months:  # " avril": the date starts 1 to 4 characters before the space
        i = low.find(k)
        while i >= 0:
            starts.update(range(max(0, i - 4), i))
            i = low.find(k, i + 1)
    spans, end = [], 0
    for p in sorted(starts):
        if p >= end:
            m = rx.match(text, p)
            if m:
                end = m.end()
                if _capital_or_digit(m.group()):
                    spans.append(m.span())
    return spans


def _capital_or_digit(s: str) -> bool:
    return s[:1].isupper() or s[:1].isdigit()


_lowered_memo: tuple = (None, None)  # (text, its lower case): both outputs search the same text


def _lowered(text: str) -> str | None:
    """``text.lower()``, if it keeps every character at its offset (one "İ" makes two)."""
    global _lowered_memo
    memo = _lowered_memo  # one read: another thread may replace it
    if memo[0] is not text:
        low = text.lower()
        memo = _lowered_memo = (text, low if len(low) == len(text) else None)
    return memo[1]


@functools.cache
def _name_forms(source: Lang) -> tuple[tuple[str, ...], bool]:
    """Multi-word names of ``source`` whose other-language form differs (longest first), and
    whether French dates are names too."""
    from .engines.builtin.lexicon import builtin_lexicon
    from .text.fold import fold

    names = set()
    for e in builtin_lexicon().entries:
        form = e.fr if source is Lang.FR else e.en
        if e.pos == "n" and form[:1].isupper() and (" " in form or "-" in form) and fold(e.fr) != fold(e.en):
            names.add(form)
    return tuple(sorted(names, key=len, reverse=True)), source is Lang.FR


@functools.cache
def _name_regex(source: Lang):
    """The regex of the names and dates of ``source`` (see :func:`_name_forms`), or ``None``."""
    names, dates = _name_forms(source)
    alts = [re.escape(n).replace("'", "['’]") for n in names]
    if dates:
        alts.append(rf"\d{{1,2}}(?:er)? (?:{_MONTHS_FR})(?: \d{{4}})?")
    return re.compile(rf"(?<![\w-])(?:{'|'.join(alts)})(?![\w-])", re.IGNORECASE) if alts else None


@functools.cache
def _name_keys(source: Lang):
    """What :func:`_keyed_names` looks for: the names up to any apostrophe and the months
    after a space, in lower case, and the characters whose presence in the lowered text
    makes that search unsafe.

    The regex, case-insensitive, also matches a few characters whose lower case differs
    from the letter's (dotless "ı" for "i", long "ſ" for "s": ``re``'s own table of them);
    a text with one of those, or names whose lower case is not one character per
    character, takes the regex search. ``None``: no such table in this Python.
    """
    try:
        from re._casefix import _EXTRA_CASES  # type: ignore[import-not-found]  # CPython-private, not in typeshed
    except ImportError:  # pragma: no cover - CPython 3.11+ has it
        return None
    names, dates = _name_forms(source)
    prefixes = {n.split("'", 1)[0] for n in names}
    months = {" " + m for m in _MONTHS_FR.split("|")} if dates else set()
    if any(not w or any(len(c.lower()) != 1 for c in w) for w in prefixes | months):
        return None
    keys, months = {w.lower() for w in prefixes}, {w.lower() for w in months}
    letters = set("".join(keys | months))
    unsafe = {chr(x) for c in letters for x in _EXTRA_CASES.get(ord(c), ())}
    if (letters | unsafe) & set("σςϲΣ"):  # "Σ".lower() depends on the letters around it
        return None
    return tuple(sorted(keys)), tuple(sorted(months)), "".join(sorted(unsafe))


def _only_neutral(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` has no word but acronyms (the first word decides, mostly)."""
    first = WORD_RE.search(text, start, end)
    if first is None:
        return True
    if not is_acronym(first.group()):
        return False
    return all(is_acronym(m.group()) for m in words(text, first.end(), end))


def splice_case(translation: str, unit: Unit, text: str, target: Lang = Lang.EN) -> str:
    """Fit ``translation`` into the sentence the unit came from (case of the first letter).

    Capital at a sentence start or after a colon that the input followed with a
    capital; title case in an English title-case heading; lower case mid-sentence,
    except for acronyms and words English always capitalizes (months, names).
    """
    if not translation:
        return translation
    original_first = unit.text[:1]
    if _only_neutral(text, unit.sentence.start, unit.start) or (original_first.isupper() and _after_colon(text, unit)):
        return translation[0].upper() + translation[1:]
    if original_first.isupper() and target is Lang.EN and _title_case(text[unit.sentence.start:unit.sentence.end]):
        return " ".join(w[:1].upper() + w[1:] if len(w) > 3 or i == 0 else w for i, w in enumerate(translation.split(" ")))
    ws = translation.split(" ")
    if is_acronym(ws[0]) or _always_capital(ws, target):
        return translation
    return translation[0].lower() + translation[1:]


def _after_colon(text: str, unit: Unit) -> bool:
    return text[unit.sentence.start:unit.start].rstrip().endswith(":")


def _always_capital(ws: list[str], target: Lang) -> bool:
    """"Supreme Court", "April", "European": capitalized in the lexicon, or a run of capitals."""
    if not ws[0][:1].isupper():
        return False
    if len(ws) > 1 and ws[1][:1].isupper():
        return True
    from .engines.builtin.lexicon import builtin_lexicon

    return ws[0] in builtin_lexicon().capitalized(target)


def _title_case(sentence: str) -> bool:
    ws = [m.group() for m in words(sentence) if len(m.group()) > 3]
    return len(ws) >= 2 and sum(w[0].isupper() for w in ws) / len(ws) >= 0.75


def translate(text: str, segments: Iterable[Segment], sentences: list[Span], engine: TranslationEngine,
              target: Lang, skip: Iterable[Span] = (), termbase=None) -> tuple[list[Change], list[Flag]]:
    """Translation changes and ``untranslated`` flags for output ``target``."""
    source = target.other
    todo = units(text, segments, sentences, source, skip)
    answers = engine.translate_batch([u.text for u in todo], source, target) if todo else []
    # a span the engine could not translate may begin or end with words of the output's own
    # language that context pulled into it ("foie however" in French), or with an acronym in a
    # form the termbase canonicalizes ("however Escs"): the rest is tried alone
    retry = [(i, sub) for i, (u, ans) in enumerate(zip(todo, answers))
             if (ans is None or not ans.text.strip()) and (sub := _trim_edges(text, u, target, termbase))]
    if retry:
        again = engine.translate_batch([sub.text for _, sub in retry], source, target)
        for (i, sub), ans in zip(retry, again):
            if ans is not None and ans.text.strip():
                todo[i], answers[i] = sub, ans
    held = _cut_by_markup(text, todo, answers, engine, source, target) | _fragments(text, todo, answers, termbase, source)
    changes, flags = [], []
    month_first = None  # the document's date order, looked up once, when a date is translated
    why = {whole: f"{source} {what} kept as is: engine {engine.name!r} has no confident translation"
           for whole, what in ((True, "sentence"), (False, "span"))}
    suggest = getattr(engine, "suggest", None)  # translation memories' fuzzy matches (memory.py)
    for i, (u, ans) in enumerate(zip(todo, answers)):
        if i in held:
            flags.append(Flag(FlagKind.UNTRANSLATED, u.start, u.end, u.text, held[i], target,
                              tuple(suggest(u.text, source, target)) if suggest else ()))
            continue
        if ans is None or not ans.text.strip():
            flags.append(Flag(FlagKind.UNTRANSLATED, u.start, u.end, u.text, why[bool(u.whole_sentence)], target,
                              tuple(suggest(u.text, source, target)) if suggest else ()))
            continue
        after = splice_case(ans.text, u, text, target)
        if target is Lang.EN and _UK_DATE.search(after) and (
                month_first if month_first is not None else (month_first := _month_first(text))):
            after = _UK_DATE.sub(_to_month_first, after)
        if termbase is not None:
            after = canonical_acronyms(after, termbase, target)
        if after != u.text:
            changes.append(Change(target, u.start, u.end, u.text, after, ChangeKind.TRANSLATION, ans.engine or engine.name,
                                  ans.confidence))
    return changes, flags


_MONTH = "January|February|March|April|May|June|July|August|September|October|November|December"
_US_DATE = re.compile(rf"\b(?:{_MONTH}) \d{{1,2}}\b")
_UK_DATE = re.compile(rf"\b(\d{{1,2}}) ({_MONTH})(?: (\d{{4}}))?\b")


def _month_first(text: str) -> bool:
    """Whether the document writes its English dates month first ("April 12, 2020", American
    English); the engine keeps the French order otherwise ("12 April 2020", British English)."""
    return len(_US_DATE.findall(text)) > len(_UK_DATE.findall(text))


def _to_month_first(m: re.Match) -> str:
    return f"{m.group(2)} {m.group(1)}" + (f", {m.group(3)}" if m.group(3) else "")


def _failed(ans) -> bool:
    return ans is None or not ans.text.strip()


def _count_words(text: str, start: int, end: int) -> int:
    return len(WORD_RE.findall(text, start, end))


def _fragments(text: str, todo: list[Unit], answers: list, termbase=None, source: Lang = Lang.FR) -> dict[int, str]:
    """Units whose translation would leave a half-translated sentence: in a sentence mostly of
    the source language, one of whose units the engine could not translate, none is written
    but whole terms of the termbase
    ("la surveillance devrait être « légale, nécessaire »" stays whole, and is flagged)."""
    by_sentence: dict[Span, list[int]] = {}
    for i, u in enumerate(todo):
        by_sentence.setdefault(u.sentence, []).append(i)
    held: dict[int, str] = {}
    for sent, idx in by_sentence.items():
        if len(idx) < 2 or not any(_failed(answers[i]) for i in idx) or all(_failed(answers[i]) for i in idx):
            continue  # nothing written in this sentence, or nothing left out
        foreign = sum(_count_words(text, todo[i].start, todo[i].end) for i in idx)
        if 2 * foreign < _count_words(text, sent.start, sent.end):
            continue  # a sentence of the output's language with foreign phrases in it
        for i in idx:
            if not _failed(answers[i]) and not (termbase is not None and termbase.has_term(todo[i].text, source)):
                held[i] = ("kept with the rest of its sentence, which the engine cannot translate: "
                           "a half-translated sentence would be worse")
    return held


_MARKUP_GAP = re.compile(r"[\s*_`~]*[*_`~][\s*_`~]*")


def _cut_by_markup(text: str, todo: list[Unit], answers: list, engine, source: Lang, target: Lang) -> dict[int, str]:
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


_PUNCT = "\"'“”‘’«»()[]{},.;:!?…—–-"
_CLEARLY = 3.0  # |log(P_fr / P_en)| of a word that is plainly one language ("foie" 3.4, "however" -7.2)


def _trim_edges(text: str, u: Unit, target: Lang, termbase=None) -> Unit | None:
    """``u`` without the words at its ends that need no translation (they stay as they are):
    words plainly of ``target``'s language, and acronyms; ``None`` when there are none, or
    nothing else."""
    from .evidence import word_score

    sign = 1 if target is Lang.FR else -1

    def plain_word(w: str) -> bool:
        return bool(w) and (sign * word_score(w) >= _CLEARLY or is_acronym(w)
                            or (termbase is not None and termbase.acronym(w) is not None))

    first, last = u.text.split(None, 1), u.text.rsplit(None, 1)
    if not first or not (plain_word(first[0].strip(_PUNCT)) or plain_word(last[-1].strip(_PUNCT))):
        return None  # most spans: neither end is such a word (a cheap look before the exact one)
    ws = list(words(text, u.start, u.end))

    def plain(m) -> bool:
        return plain_word(m.group())

    i, j = 0, len(ws)
    while i < j and plain(ws[i]):
        i += 1
    while j > i and plain(ws[j - 1]):
        j -= 1
    if (i, j) == (0, len(ws)) or i == j:
        return None
    a, b = ws[i].start(), ws[j - 1].end()
    return Unit(a, b, text[a:b], u.sentence, False)


def canonical_acronyms(translation: str, termbase, target: Lang) -> str:
    """Acronyms inside an engine's answer in their canonical form ("Escs" -> "ESCs")."""
    from .terms import acronym_matches, term_changes
    from .render import apply_changes

    found = acronym_matches(translation, termbase)
    if not found:
        return translation  # no acronym: term_changes would find nothing (it only rewrites acronyms here)
    return apply_changes(translation, term_changes(translation, termbase, target, acronyms=found))
