"""Editors' decisions that stick: the one line to add so that the next run agrees.

Three kinds, each with its place:

- *keep this word* (a term the glossary rewrote, a word the engine translated): a
  glossary line mapping the word to itself (``Escs<TAB>Escs``); a user glossary's
  forms win over the shipped termbase's (see ``terms.Termbase.merged``);
- *translate it this way*: a glossary line ``English<TAB>French``, edited to taste, for a
  term or a phrase without punctuation; the same line in a translation memory (``--memory
  FILE``, TSV) for a sentence or a span with punctuation (the memory matches whole spans);
- *this line is not chatter*: the keep marker ``<!-- bilingual: keep -->`` at the end
  of the line in the input (an HTML comment: invisible in rendered Markdown), or
  ``--keep-chatter`` for a whole run. A marked line is never dropped as chatter, and
  the marker itself is protected: never read as language, never changed.

:func:`for_change` and :func:`for_flag` give the :class:`Decision` that fits a
change or a flag of a report; the review page shows its line ready to copy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .model import Change, Flag, Lang, Span

KEEP_MARKER = "<!-- bilingual: keep -->"
_MARKER = re.compile(r"<!--[ \t]*bilingual:[ \t]*keep[ \t]*-->", re.IGNORECASE)
_PHRASE_BREAK = re.compile(r"[^\w\s\-'’]")  # the glossary matches terms and phrases without punctuation
_MARKUP_ONLY = re.compile(r"[\s>#*+\-]*(?:\d{1,9}[.)])?[\s>#*+\-]*")  # "- ", "## ", "> 1."
MAX_GLOSSARY_WORDS = 8  # longer spans are sentences: a glossary line would not be used


def kept(line: str) -> bool:
    """Whether ``line`` carries the keep marker (then it is never chatter).

    >>> kept("I hope this helps! <!-- bilingual: keep -->"), kept("I hope this helps!")
    (True, False)
    """
    return "<!--" in line and _MARKER.search(line) is not None


def marker_spans(text: str) -> list[Span]:
    """Where the keep markers are: protected spans (neutral, never changed).

    >>> marker_spans("Bye. <!-- bilingual: keep -->\\n")
    [Span(start=5, end=29)]
    """
    if "<!--" not in text:
        return []
    return [Span(*m.span()) for m in _MARKER.finditer(text)]


@dataclass(frozen=True)
class Decision:
    """What an editor adds so the next run agrees: ``line`` goes in ``place``."""

    kind: str  # keep | translate | not-chatter
    label: str  # the decision, in words
    place: str  # where the line goes
    line: str  # ready to copy; "" when no single line fits (then ``label`` says why)


GLOSSARY = "your glossary (--glossary FILE)"
MEMORY = "your translation memory (--memory FILE, TSV)"


def for_change(change: Change, text: str = "") -> Optional[Decision]:
    """The decision that fits ``change`` (``text``: the input, for a chatter line), or ``None``
    for changes no decision governs (typography follows the output language's rules)."""
    if change.kind == "term":
        return Decision("keep", "keep this word as written", GLOSSARY, _glossary_line(change.before, change.before))
    if change.kind == "translation":
        target = change.output_lang
        en, fr = (change.after, change.before) if target is Lang.EN else (change.before, change.after)
        if not _phrase(change.before) or not _phrase(change.after):  # a sentence, or a span with punctuation
            return Decision(
                "translate",
                "translate it this way (edit the translation; the memory matches the whole span)",
                MEMORY,
                _glossary_line(en, fr),
            )
        if _sentence_start(text, change.start):  # "Thérapie innovante" opening a sentence: a lower-case entry
            en, fr = _uncapitalized(en), _uncapitalized(fr)
        return Decision(
            "translate",
            "translate it this way (edit the translation; the same words on both sides keep them as written)",
            GLOSSARY,
            _glossary_line(en, fr),
        )
    if change.kind == "chatter":
        line = _first_line(change.before)
        return Decision(
            "not-chatter",
            "this line is not chatter: put the marker at its end",
            "the input, in place of the line (or run with --keep-chatter)",
            f"{line} {KEEP_MARKER}",
        )
    return None


def for_flag(flag: Flag) -> Optional[Decision]:
    """For an ``untranslated`` span: the line to fill in (glossary for a short phrase, else the
    translation memory); for a ``chatter`` flag (a dropped line): the line with the keep marker."""
    if flag.kind == "chatter" and flag.text.strip():
        return Decision(
            "not-chatter",
            "this line is not chatter: put the marker at its end",
            "the input, in place of the line (or run with --keep-chatter)",
            f"{_first_line(flag.text)} {KEEP_MARKER}",
        )
    if flag.kind != "untranslated" or flag.output_lang is None or not flag.text.strip():
        return None
    source = flag.text.strip()
    en, fr = ("TRANSLATION", source) if flag.output_lang is Lang.EN else (source, "TRADUCTION")
    return Decision(
        "translate",
        "translate it this way (replace the placeholder)",
        GLOSSARY if _phrase(source) else MEMORY,
        _glossary_line(en, fr),
    )


def _phrase(s: str) -> bool:
    s = s.strip()
    return bool(s) and not _PHRASE_BREAK.search(s) and len(s.split()) <= MAX_GLOSSARY_WORDS


def _glossary_line(en: str, fr: str) -> str:
    """A TSV line (columns en, fr: a glossary's or a memory's); white space inside becomes one space."""
    return f"{' '.join(en.split())}\t{' '.join(fr.split())}"


def _sentence_start(text: str, start: int) -> bool:
    """Whether ``start`` opens its line (after any Markdown list, heading or quote marker) or
    follows sentence punctuation or a colon.

    >>> _sentence_start("x\\n- Use it", 4), _sentence_start("Yes. Use it", 5), _sentence_start("we Use", 3)
    (True, True, False)
    """
    before = text[max(0, start - 200) : start].rsplit("\n", 1)[-1].rstrip()
    return not before or before[-1] in ".:!?" or _MARKUP_ONLY.fullmatch(before) is not None


def _uncapitalized(s: str) -> str:
    """``s`` with its first letter in lower case, unless its first word has another capital
    (``ESCs``, ``États-Unis``): ``Thérapie innovante`` -> ``thérapie innovante``."""
    first = s.split(" ", 1)[0]
    if not s[:1].isupper() or any(c.isupper() for c in first[1:]):
        return s
    return s[0].lower() + s[1:]


def _first_line(s: str) -> str:
    """The first line with content of ``s`` (a dropped chatter span: the line and blank lines)."""
    return next((ln.strip() for ln in s.splitlines() if ln.strip()), "")
