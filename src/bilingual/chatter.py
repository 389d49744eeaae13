"""Lines written by the machine that produced the article, not part of it.

"Here's a comprehensive article on X:" before the title, "I hope this helps!"
after the conclusion, in English, French or a mix of both ("Ici's a
comprehensive article ..."). They are dropped from both outputs and each drop
is recorded as a ``chatter`` change.
"""

from __future__ import annotations

import re

from .model import Span

# Chatter is a line that talks to the person who asked for the article, not to its readers.
# An article's own lead-in ("Here are the results of our 2024 survey:", "Voici les chiffres
# clés :") and closing ("If you have questions, contact our team at ...") are kept. Evidence:
#
# * an opener acknowledges a request ("Sure!", "Certainly,", "Bien sûr !") or presents the
#   text itself as the thing delivered ("Here's a comprehensive article on ...:", "Voici un
#   article sur ...:", "Below is the rewritten text:"), or refers to the request ("as
#   requested", "comme demandé");
# * a closer has the writer speak as "I"/"je" to "you"/"vous" ("I hope you find this article
#   helpful", "Let me know ...", "N'hésitez pas à me dire ..."), hopes this text helps, or
#   offers revisions ("Feel free to ask for revisions!").
_ACK = (
    r"(?:sure thing|sure|certainly|absolutely|of course|okay|ok|great|gladly|happy to help|with pleasure"
    r"|bien sûr|certainement|absolument|d['’]accord|avec plaisir|volontiers|parfait|entendu)"
)
_DELIVERABLE = (
    r"(?:article|essay|blog(?: post| article)?|post|draft|rewrite|rewritten (?:text|version|article)"
    r"|revised (?:text|version|article)|translation|translated (?:text|version)|write-?up|piece"
    r"|texte|billet|rédaction|traduction|version (?:révisée|traduite|réécrite)|texte réécrit)"
)
_LEADING = re.compile(
    rf"^\W*(?:{_ACK}\s*[!.,:]"
    rf"|(?:here|ici|voici|voilà|voila|below|ci-dessous)\b.{{0,40}}?\b{_DELIVERABLE}s?\b"
    r"|.{0,80}\b(?:as (?:you )?requested|as you asked|you (?:asked|requested) for"
    r"|comme (?:vous l['’]avez |tu l['’]as )?demandé|que vous avez demandé)\b)",
    re.IGNORECASE,
)
_OPENER_END = re.compile(r"(?::|\.\.\.|…|!)\s*$")
_TRAILING = re.compile(
    r"^\W*(?:(?:et )?voil[àa]|there you (?:go|have it)|and there you have it)?\W*(?:i hope (?:this|that|it|you)\b|j['’]espère que (?:cet?|ce|cette|le|la|vous|tu)\b"
    r"|let me know\b|dites-moi\b|faites-moi savoir\b"
    r"|(?:feel free|n['’]hésitez pas)\b.{0,60}\b(?:me\b|m['’]|revisions?|changes|edits|adjustments|tweaks"
    r"|modifications?|ajustements?|révisions?)"
    r"|(?:would|do) you (?:like|want) me to\b|(?:voulez|souhaitez)-vous que je\b)",
    re.IGNORECASE,
)
_I = re.compile(r"\b(?:i|i['’]m|i['’]ve|i['’]d|i['’]ll|me|my|je|j['’]|moi|me|m['’])(?=\W|$)", re.IGNORECASE)
_YOU = re.compile(r"\b(?:you|your|vous|votre|vos|tu|te|ton|ta|tes)\b", re.IGNORECASE)
_QUOTES = re.compile('["“”«»]')
_MAX_CHATTER = 300  # characters: a longer line is part of the article


def is_opener(line: str) -> bool:
    """Whether ``line`` (the document's first line with content) is an assistant's opener.

    >>> is_opener("Certainly! Here's a comprehensive article on liver disease:")
    True
    >>> is_opener("Here are the results of our 2024 survey:")
    False
    """
    line = line.strip()
    return len(line) <= _MAX_CHATTER and bool(_LEADING.match(line)) and bool(_OPENER_END.search(line))


def is_closer(line: str) -> bool:
    """Whether ``line`` (the document's last line with content) is an assistant's closer.

    >>> is_closer("I hope you find this article helpful. Feel free to ask for revisions!")
    True
    >>> is_closer("If you have questions, contact our team at team@example.org.")
    False
    """
    line = line.strip()
    if len(line) > _MAX_CHATTER:
        return False
    if _TRAILING.match(line):
        return True
    # the writer as "I" talking to "you": an assistant, not an organisation's "we"/"our"
    if _QUOTES.search(line) or "@" in line:
        return False  # a quotation, or a real address to write to
    return bool(_I.search(line)) and bool(_YOU.search(line))


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r|$)")


def _line_at(text: str, p: int) -> Span:
    """The line (a match of ``_LINE``, with its line break) that holds the character at ``p``."""
    start = max(text.rfind("\n", 0, p), text.rfind("\r", 0, p)) + 1
    breaks = [q for q in (text.find("\n", p), text.find("\r", p)) if q >= 0]
    if not breaks:
        return Span(start, len(text))
    q = min(breaks)
    return Span(start, q + 2 if text.startswith("\r\n", q) else q + 1)


_CONTENT = re.compile(r"\S")  # \s is str.isspace(), as for str.strip()


def _first_content(text: str, pos: int) -> Span | None:
    """The first line from ``pos`` (a line start) with something besides white space."""
    m = _CONTENT.search(text, pos)  # not text[pos:].lstrip(): two copies of a long text
    return _line_at(text, m.start()) if m else None


def _last_content(text: str, end: int) -> Span | None:
    """The last line ending by ``end`` (a line end) with something besides white space."""
    p = end - 1
    while p >= 0 and text[p].isspace():  # not text[:end].rstrip(): two copies of a long text
        p -= 1
    return _line_at(text, p) if p >= 0 else None


def find_chatter(text: str, leading: bool = True, trailing: bool = True) -> list[Span]:
    """Spans to delete: a chatter line plus the blank lines that separate it from the article.

    ``leading``/``trailing``: whether ``text`` starts/ends the document (a chunk
    of a large input in the middle of it has no chatter to look for).

    >>> t = "Here's an article on X:\\n\\nTitle\\nBody.\\n"
    >>> [t[s.start:s.end] for s in find_chatter(t)]
    ["Here's an article on X:\\n\\n"]
    >>> t = "Here's an article on X:\\n\\nI hope this helps!\\n"
    >>> [t[s.start:s.end] for s in find_chatter(t)]
    ["Here's an article on X:\\n\\n", 'I hope this helps!\\n']
    """
    if not (leading or trailing):
        return []
    # only the first two and last two lines with content matter: found without splitting every line
    first = _first_content(text, 0)
    second = first and _first_content(text, first.end)
    if first is None or second is None:
        return []  # fewer than two lines with content
    spans: list[Span] = []
    if leading and is_opener(text[first.start : first.end]):
        spans.append(Span(first.start, second.start))
    last = _last_content(text, len(text))
    assert last is not None  # two lines have content
    if trailing and is_closer(text[last.start : last.end]):
        before = _last_content(text, last.start)
        assert before is not None  # the first of the two
        start = before.end  # keep the newline that ends the article's last line
        if spans:  # nothing but an opener and a closer: do not delete the opener's blank lines twice
            start = max(start, spans[0].end)
        spans.append(Span(start, len(text)))
    from .decisions import kept  # a line marked <!-- bilingual: keep --> is never chatter (docs/review.md)

    return [s for s in spans if not kept(text[s.start : s.end])]
