"""Characters a reader cannot see, made visible where a change inserts or removes them.

A typography change that puts a no-break space before ``:`` shows as an empty
sliver unless the space is drawn: the review page and ``clean --diff`` draw
each invisible character as a sign, with its Unicode name at hand.
"""

from __future__ import annotations

from typing import Callable

# character -> (sign drawn in its place, its Unicode name)
INVISIBLE = {
    "\u00a0": ("⍽", "NO-BREAK SPACE (U+00A0)"),
    "\u202f": ("·", "NARROW NO-BREAK SPACE (U+202F)"),
    "\u2009": ("‧", "THIN SPACE (U+2009)"),
    "\u2007": ("⍽", "FIGURE SPACE (U+2007)"),
    "\u200b": ("⌀", "ZERO WIDTH SPACE (U+200B)"),
    "\u200c": ("⌀", "ZERO WIDTH NON-JOINER (U+200C)"),
    "\u200d": ("⌀", "ZERO WIDTH JOINER (U+200D)"),
    "\u2060": ("⌀", "WORD JOINER (U+2060)"),
    "\ufeff": ("⌀", "ZERO WIDTH NO-BREAK SPACE (U+FEFF)"),
    "\u00ad": ("‐", "SOFT HYPHEN (U+00AD)"),
    "\t": ("⇥", "TAB"),
    "\r": ("␍", "CARRIAGE RETURN"),
    "\n": ("⏎", "LINE FEED"),
}
SPACE = ("␣", "SPACE (U+0020)")  # drawn only in a piece that is nothing but white space


def pieces(text: str) -> list[tuple[str, str | None]]:
    """``text`` cut into runs of plain text ``(run, None)`` and drawn characters ``(sign, name)``.

    Ordinary spaces are drawn only when the whole text is white space (a removed space before
    ``:``); between words they stay spaces.

    >>> pieces("a\\u00a0:")
    [('a', None), ('⍽', 'NO-BREAK SPACE (U+00A0)'), (':', None)]
    >>> pieces(" ")
    [('␣', 'SPACE (U+0020)')]
    """
    blank = text.isspace()
    out: list[tuple[str, str | None]] = []
    run = []
    for ch in text:
        sign = INVISIBLE.get(ch) or (SPACE if blank and ch == " " else None)
        if sign is None:
            run.append(ch)
            continue
        if run:
            out.append(("".join(run), None))
            run = []
        out.append(sign)
    if run:
        out.append(("".join(run), None))
    return out


def render(text: str, plain: Callable[[str], str], drawn: Callable[[str, str], str]) -> str:
    """``text`` with each plain run passed through ``plain`` and each drawn sign through
    ``drawn(sign, name)`` (HTML escaping and a tooltip, or terminal text)."""
    return "".join(plain(run) if name is None else drawn(run, name) for run, name in pieces(text))


def visible(text: str) -> str:
    """``text`` with its invisible characters replaced by their signs (for a terminal).

    >>> visible("Note\\u00a0: ok\\n")
    'Note⍽: ok⏎'
    """
    return render(text, str, lambda sign, _name: sign)
