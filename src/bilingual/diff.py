"""``bilingual clean --diff``: an output as a word-level diff of the input, for a terminal.

Like ``black --diff``, it is read instead of files: a unified-diff header per
output, then one hunk per input line that has a change or a flag. Inside a line
each change is shown in place as ``[-before-]{+after+}`` followed by its kind
(``(translation 0.95)``, ``(term)``, ``(typography)``, ``(chatter)``), and each
flagged stretch as ``[!text!]`` followed by ``(⚑untranslated)`` (a flag on exactly a
change's text is told in the change's note: ``(chatter ⚑chatter)``). Invisible
characters a change inserts or removes are drawn (``{+⍽+}`` for a no-break
space, see ``text/visible.py``).

Pure functions: the caller gives a ``style(text, role)`` to colour the pieces
(roles: ``header``, ``hunk``, ``del``, ``ins``, ``kind``, ``flag`` and ``flagged`` for the
text between a flag's delimiters) and prints.

>>> from bilingual import process
>>> from bilingual.config import Config
>>> r = process("Stem cells: the Escs.\\n", Config(engine="builtin"))
>>> print("\\n".join(diff_lines(r, Lang.EN, "a.txt", "a.en.txt")))
--- a.txt
+++ a.en.txt
@@ -1 +1 @@
Stem cells: the [-Escs-]{+ESCs+} (term).
"""

from __future__ import annotations

import bisect
from typing import Callable, Optional, Sequence

from .model import Change, Flag, Lang, Result
from .text.visible import visible

Style = Callable[[str, str], str]


def _plain(text: str, _role: str) -> str:
    return text


def diff_lines(result: Result, lang: Lang, source: str, target: str, style: Style = _plain) -> list[str]:
    """The diff of ``result``'s input (named ``source``) against its ``lang`` output (``target``),
    as lines without line breaks; an output with nothing to show gets its header only."""
    text = result.text
    changes = sorted(result.changes_for(lang), key=lambda c: (c.start, c.end))
    flags = result.flags_for(lang) + result.flags_for(None)
    flags.sort(key=lambda f: (f.start, f.end))
    out = [style(f"--- {source}", "header"), style(f"+++ {target}", "header")]
    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    hunks = _hunks(text, line_starts, changes, flags)
    delta = 0  # lines the output gained (or lost) before the hunk
    k = 0
    for first, last, hs, he in hunks:
        while k < len(changes) and changes[k].end <= hs:
            delta += _line_delta(changes[k])
            k += 1
        inside = [c for c in changes if hs <= c.start and c.end <= he]
        n_in = last - first + 1
        n_out = n_in + sum(_line_delta(c) for c in inside)
        out.append(style(f"@@ -{_range(first + 1, n_in)} +{_range(first + 1 + delta, n_out)} @@", "hunk"))
        body = _render(text, hs, he, inside, [f for f in flags if hs <= f.start < he], style)
        out.extend(body.split("\n"))
    return out


def _range(start: int, n: int) -> str:
    return str(start) if n == 1 else f"{start},{n}"


def _line_delta(c: Change) -> int:
    return c.after.count("\n") - c.before.count("\n")


def _hunks(text: str, line_starts: list[int], changes: list[Change], flags: list[Flag]) -> list[tuple]:
    """(first line, last line, start offset, end offset) of each run of input lines with
    something to show; lines are 0-based, a hunk ends where its last line's text ends, or
    where its last change or flag ends if that is later."""
    spans = sorted([(c.start, c.end) for c in changes] + [(f.start, f.end) for f in flags])
    out: list[list[int]] = []
    for s, e in spans:
        first = bisect.bisect_right(line_starts, s) - 1
        last = bisect.bisect_right(line_starts, max(s, e - 1)) - 1
        if out and first <= out[-1][1]:
            out[-1][1] = max(out[-1][1], last)
            out[-1][3] = max(out[-1][3], e)
        else:
            out.append([first, last, line_starts[first], e])
    result = []
    for first, last, hs, reach in out:
        line_end = line_starts[last + 1] - 1 if last + 1 < len(line_starts) else len(text)
        if text[line_end - 1 : line_end] == "\r" and line_end > line_starts[last]:
            line_end -= 1  # CRLF: the line's text ends before the \r
        result.append((first, last, hs, max(line_end, reach)))
    return result


def _render(text: str, hs: int, he: int, changes: list[Change], flags: list[Flag], style: Style) -> str:
    """``text[hs:he]`` with each change in place and each flagged stretch delimited."""

    def snap(p: int, opening: bool) -> int:  # a flag edge inside a change moves to the change's edge
        for c in changes:
            if c.start < p < c.end:
                return c.start if opening else c.end
        return p

    opens: dict[int, list[Flag]] = {}
    closes: dict[int, list[Flag]] = {}
    same: dict[
        tuple[int, int], list[str]
    ] = {}  # a flag on exactly a change's span (a dropped chatter line) is told in the change's note
    spans = {(c.start, c.end) for c in changes}
    for f in flags:
        if (f.start, f.end) in spans and f.end > f.start:
            same.setdefault((f.start, f.end), []).append(f.kind)
            continue
        opens.setdefault(snap(f.start, True), []).append(f)
        closes.setdefault(snap(min(f.end, he), False), []).append(f)
    at: dict[int, list[Change]] = {}
    for c in changes:
        at.setdefault(c.start, []).append(c)
    cuts = sorted({hs, he, *opens, *closes, *(c.start for c in changes), *(c.end for c in changes)})
    out: list[str] = []
    busy_until = hs
    depth = 0  # flags open here
    for p, q in zip(cuts, cuts[1:] + [None]):
        for f in closes.get(p, ()):
            out.append(style("!]", "flag") + " " + style(f"(⚑{f.kind})", "flag"))
            depth -= 1
        for f in opens.get(p, ()):
            out.append(style("[!", "flag"))
            depth += 1
        for c in at.get(p, ()):
            out.append(_change(c, style, same.get((c.start, c.end), ())))
            busy_until = max(busy_until, c.end)
        if q is not None and p >= busy_until:
            piece = text[p:q].replace("\r\n", "\n")
            out.append(style(piece, "flagged") if depth > 0 else piece)
    return "".join(out)


def _change(c: Change, style: Style, flagged: Sequence[str] = ()) -> str:
    parts = []
    if c.before:
        parts.append(style(f"[-{visible(c.before)}-]", "del"))
    if c.after:
        parts.append(style(f"{{+{visible(c.after)}+}}", "ins"))
    note = style(f"({describe(c)}", "kind")
    for kind in flagged:
        note += " " + style(f"⚑{kind}", "flag")
    return "".join(parts) + " " + note + style(")", "kind")


def describe(c: Change) -> str:
    """The kind of a change, with a translation's confidence: ``translation 0.95``."""
    if c.kind == "translation" and c.confidence is not None:
        return f"{c.kind} {c.confidence:.2f}"
    return c.kind


def terminal_style(styler: Callable[..., str]) -> Style:
    """A :data:`Style` from ``click.style`` (passed in: this module does not import click)."""
    colours: dict[str, dict] = {
        "header": {"bold": True},
        "hunk": {"fg": "cyan"},
        "del": {"fg": "red"},
        "ins": {"fg": "green"},
        "kind": {"fg": "bright_black"},
        "flag": {"fg": "yellow", "bold": True},
        "flagged": {"fg": "yellow"},
    }

    def style(text: str, role: str) -> str:
        opts: Optional[dict] = colours.get(role)
        return styler(text, **opts) if opts else text

    return style
