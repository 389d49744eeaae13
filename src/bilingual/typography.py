"""Typography of each output: French spacing, NFC, one apostrophe style.

French: a no-break space (U+00A0) before ``; : ! ?`` and inside ``« »``.
English: no space before ``; : ! ?``. Both: Unicode NFC, and apostrophes inside
words in the style the input mostly uses (’ or ').

:func:`fix_changes` runs the rules over an output and returns its changes with
the fixes folded in: a fix inside text that another change wrote edits that
change's ``after``; a fix in untouched input text becomes a ``typography``
change of its own. Rules only fire on what is wrong, so a clean text gets no
change (idempotent).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from typing import Iterable

from .model import Change, ChangeKind, Lang, Segment
from .render import BY_SPAN as _BY_SPAN, SpanIndex

NBSP = "\u00a0"
_SPACES = " \u00a0\u202f"
_CLOSERS = '»”")]'
_COMBINING_RUN = re.compile(r".[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+", re.DOTALL)


def _word_end(c: str) -> bool:
    """A character after which French puts a space before ; : ! ? (a letter, digit, closing mark)."""
    return c.isalnum() or c == "_" or c in ")]»”’'\"%" or unicodedata.combining(c) > 0


def _in_word(out: str, i: int) -> bool:
    return 0 < i < len(out) - 1 and out[i - 1].isalpha() and out[i + 1].isalpha()


def _offsets(s: str, chars: str) -> list[int]:
    """Sorted offsets of every occurrence in ``s`` of any of ``chars``.

    ``str.find`` skips to the next one at memchr speed; a regex scan of a character class
    tests every character of a long text (tens of milliseconds for an article of a million
    characters, per rule).
    """
    found = []
    for c in chars:
        i = s.find(c)
        while i >= 0:
            found.append(i)
            i = s.find(c, i + 1)
    if len(chars) > 1:
        found.sort()
    return found


def _runs(offsets: list[int]) -> list[tuple[int, int]]:
    """Maximal runs of consecutive offsets, as ``(start, end)`` spans."""
    runs: list[tuple[int, int]] = []
    for i in offsets:
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


_style_memo: tuple = (None, "'")  # (text, its style): each output asks about the same input


def apostrophe_style(text: str) -> str:
    """``’`` or ``'``: whichever the text uses more inside words (``'`` on a tie or none)."""
    global _style_memo
    memo = _style_memo  # one read: another thread may replace it
    if memo[0] is text:
        return memo[1]
    curly = sum(1 for i in _offsets(text, "’") if _in_word(text, i))
    straight = sum(1 for i in _offsets(text, "'") if _in_word(text, i))
    style = "’" if curly > straight else "'"
    _style_memo = (text, style)
    return style


CONVENTIONS = ("fr", "ca", "off")  # France; Canada (no space before ; ! ?); the author's own


def edits(out: str, lang: Lang, style: str, convention: str = "fr") -> list[tuple[int, int, str]]:
    """``(start, end, replacement)`` edits that put ``out`` right, in order, never overlapping.

    ``convention`` (French only): ``"fr"`` puts a no-break space before ``; : ! ?``;
    ``"ca"`` (Canadian French) only before ``:``, and none before ``; ! ?``.
    """
    found: list[tuple[int, int, str]] = []
    if not unicodedata.is_normalized("NFC", out):
        for m in _COMBINING_RUN.finditer(out):
            composed = unicodedata.normalize("NFC", m.group())
            if composed != m.group():
                found.append((m.start(), m.end(), composed))
    for i in _offsets(out, "".join(c for c in "'’" if c != style)):
        if _in_word(out, i):
            found.append((i, i + 1, style))
    n = len(out)
    for p, q in _runs(_offsets(out, ";:!?")):
        if q < n and not (out[q].isspace() or (lang is Lang.FR and out[q] in _CLOSERS)):
            continue  # 10:30, http://, a;b
        if lang is Lang.FR and (convention != "ca" or out[p] == ":"):
            if p >= 2 and out[p - 1] in _SPACES and _word_end(out[p - 2]):
                if out[p - 1] != NBSP:
                    found.append((p - 1, p, NBSP))
            elif p >= 1 and _word_end(out[p - 1]) and not _url_or_time(out, p):
                found.append((p, p, NBSP))
        else:
            k = p
            while k > 0 and out[k - 1] in _SPACES:
                k -= 1
            if k < p and k > 0 and _word_end(out[k - 1]) and out[k - 1] not in "»":
                found.append((k, p, ""))
    if lang is Lang.FR:
        for q in _offsets(out, "«"):
            q += 1
            if q < n and out[q] in _SPACES:
                if q + 1 < n and not out[q + 1].isspace() and out[q + 1] not in _SPACES and out[q] != NBSP:
                    found.append((q, q + 1, NBSP))
            elif q < n and not out[q].isspace():
                found.append((q, q, NBSP))
        for p in _offsets(out, "»"):
            if p >= 1 and out[p - 1] in _SPACES:
                if p >= 2 and not out[p - 2].isspace() and out[p - 2] not in _SPACES and out[p - 1] != NBSP:
                    found.append((p - 1, p, NBSP))
            elif p >= 1 and not out[p - 1].isspace():
                found.append((p, p, NBSP))
    found.sort()
    clean, pos = [], -1
    for e in found:
        if e[0] >= pos:
            clean.append(e)
            pos = max(e[1], e[0] + 1) if e[0] == e[1] else e[1]
    return clean


def _url_or_time(out: str, p: int) -> bool:
    return out[p] == ":" and bool(re.search(r"(https?|ftp|mailto)$", out[max(0, p - 6) : p], re.IGNORECASE))


def fix_text(text: str, lang: Lang, style: str, convention: str = "fr") -> str:
    """Apply the rules to a whole string (used for text a change writes).

    >>> fix_text("Attention: « oui »!", Lang.FR, "'")
    'Attention\xa0: «\xa0oui\xa0»\xa0!'
    >>> fix_text("Note : yes !", Lang.EN, "'")
    'Note: yes!'
    """
    parts, pos = [], 0
    for s, e, r in edits(text, lang, style, convention):
        parts += [text[pos:s], r]
        pos = e
    return "".join(parts) + text[pos:]


def fix_changes(
    text: str,
    changes: Iterable[Change],
    lang: Lang,
    style: str | None = None,
    skip: Iterable = (),
    segments: Iterable[Segment] = (),
    convention: str = "fr",
    sentences: Iterable = (),
) -> list[Change]:
    """The changes of output ``lang`` with typography applied (see the module docstring).

    ``skip``: input spans (code, URLs) that typography leaves alone. ``segments`` and
    ``sentences``: the input's; punctuation in a sentence mostly of the other language that the
    output keeps untranslated keeps its spacing, since the rules are ``lang``'s. ``convention``: see
    :func:`edits`; ``"off"`` changes nothing.
    """
    changes = list(changes)
    if convention == "off":
        return sorted(changes, key=_BY_SPAN)
    translated = SpanIndex(c for c in changes if c.kind in ("translation", "term"))
    foreign = _ForeignText(text, sentences, segments, lang.other, translated)
    style = style or apostrophe_style(text)
    skipped = SpanIndex(skip)
    changes = sorted(changes, key=_BY_SPAN)
    # pieces of the output: ("text", out_start, out_end, in_start) or ("change", out_start, out_end, index)
    pieces, out_parts, pos, opos = [], [], 0, 0
    for k, c in enumerate(changes):
        if c.start > pos:
            pieces.append(("text", opos, opos + c.start - pos, pos))
            out_parts.append(text[pos : c.start])
            opos += c.start - pos
        pieces.append(("change", opos, opos + len(c.after), k))
        out_parts.append(c.after)
        opos += len(c.after)
        pos = c.end
    if pos < len(text):
        pieces.append(("text", opos, opos + len(text) - pos, pos))
        out_parts.append(text[pos:])
    out = "".join(out_parts)
    starts = [p[1] for p in pieces]
    after_edits: dict[int, list] = {}
    new: list[Change] = []
    spacing = f"{lang} punctuation spacing"
    for s, e, r in edits(out, lang, style, convention):
        piece = _piece_for(pieces, starts, s, e)
        if piece is None:
            continue
        kind, p_start, _p_end, ref = piece
        if kind == "text":
            a, b = ref + s - p_start, ref + e - p_start
            if skipped.touches(a, b):
                continue
            note = (
                "NFC"
                if unicodedata.normalize("NFC", text[a:b]) == r and r
                else ("apostrophe style" if r in "'’" and r else spacing)
            )
            if note == spacing and foreign.before(a):
                continue  # "Cell Replacement:" left in English inside a French output
            new.append(Change(lang, a, b, text[a:b], r, ChangeKind.TYPOGRAPHY, note=note))
        else:
            after_edits.setdefault(ref, []).append((s - p_start, e - p_start, r))
    fixed = []
    for k, c in enumerate(changes):
        if k in after_edits:
            after = c.after
            for s, e, r in sorted(after_edits[k], reverse=True):
                after = after[:s] + r + after[e:]
            c = Change(c.output_lang, c.start, c.end, c.before, after, c.kind, c.engine, c.confidence, c.note)
        fixed.append(c)
    return sorted(fixed + new, key=_BY_SPAN)


class _ForeignText:
    """Which input positions follow a word of ``lang`` in a sentence mostly of ``lang`` that the
    output keeps as it is (an untranslated sentence): there, ``lang``'s own spacing stays.
    Each question looks at one segment and one sentence (most outputs ask few)."""

    def __init__(self, text: str, sentences: Iterable, segments: Iterable[Segment], lang: Lang, translated: SpanIndex):
        """``translated``: input spans the output rewrites (no longer ``lang`` there)."""
        self._text, self._lang, self._translated = text, lang, translated
        self._given: tuple | None = (segments, sentences)  # indexed at the first question
        self._mostly: dict[int, bool] = {}

    def _index(self) -> None:
        segments, sentences = self._given or ((), ())
        self._given = None
        self._segs = [seg for seg in segments if seg.lang is not None]
        self._seg_starts = [seg.start for seg in self._segs]
        self._seg_ends = [seg.end for seg in self._segs]
        self._sents = list(sentences)
        self._sent_starts = [sent.start for sent in self._sents]

    def _foreign(self, seg: Segment) -> bool:
        return seg.lang is self._lang and not self._translated.overlaps(seg.start, seg.end)

    def _mostly_foreign(self, i: int) -> bool:
        if i not in self._mostly:
            sent, segs = self._sents[i], self._segs
            k = bisect.bisect_left(self._seg_starts, sent.start)
            words = foreign = 0
            while k < len(segs) and segs[k].start < sent.end:
                n = len(self._text[segs[k].start : segs[k].end].split())
                words += n
                foreign += n if self._foreign(segs[k]) else 0
                k += 1
            self._mostly[i] = bool(words) and 2 * foreign > words
        return self._mostly[i]

    def before(self, pos: int) -> bool:
        """Whether ``pos`` follows a word of ``lang`` in such a sentence."""
        if self._given is not None:
            self._index()
        j = bisect.bisect_right(self._seg_ends, pos) - 1
        if j < 0 or not self._foreign(self._segs[j]):
            return False
        i = bisect.bisect_right(self._sent_starts, pos) - 1
        return i >= 0 and pos <= self._sents[i].end and self._mostly_foreign(i)


def _piece_for(pieces, starts, s: int, e: int):
    """The one piece an edit falls in; a pure insertion at a boundary goes to the text side."""
    k = bisect.bisect_right(starts, s)
    inside = [p for p in pieces[max(0, k - 3) : k + 2] if p[1] <= s and e <= p[2]]
    if s == e:
        inside.sort(key=lambda p: (p[0] != "text", p[1] == p[2]))
    return inside[0] if inside else None
