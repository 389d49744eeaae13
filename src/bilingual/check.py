"""``bilingual check``: find the spans of a file that are not in its expected language.

Detection only (no engine, nothing written): each segment detected in the
other language becomes a :class:`Finding` with a 1-based line and column, to be
printed as ``file:line:col: message``, as JSON, or as GitHub Actions
annotations (``::warning file=...,line=...,col=...::message``).
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Iterable, Optional, Sequence

from .model import Lang, Span
from .position import Locator

FORMATS = ("text", "json", "github")
_SHOWN = 60  # characters of a span quoted in a message
_AN = {"en": "an", "fr": "a"}


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    col: int
    end_line: int
    end_col: int
    start: int  # character offsets into the decoded file
    end: int
    lang: str  # the language found
    expected: str
    text: str
    confidence: float

    @property
    def message(self) -> str:
        names = {"en": "English", "fr": "French"}
        shown = " ".join(self.text.split())
        if len(shown) > _SHOWN:
            shown = shown[:_SHOWN - 1] + "…"
        return f"{names[self.lang]} text in {_AN[self.expected]} {names[self.expected]} document: \"{shown}\""


@dataclass(frozen=True)
class FileReport:
    file: str
    expected: str
    findings: tuple[Finding, ...] = ()
    error: Optional[str] = None


def check_text(text: str, name: str, lang: Optional[str] = None, protected: Sequence[Span] = (),
               min_confidence: float = 0.6) -> FileReport:
    """Every segment of ``text`` detected in the language that is not ``lang`` (default: its base
    language) with at least ``min_confidence``: an unsure detection is no finding (``clean``
    flags it ``low_confidence`` for the editor instead)."""
    from .pipeline import detect_text

    det, _, _ = detect_text(text, lang, protected=protected)
    expected = Lang(lang) if lang else det.base_lang
    loc = Locator(text)
    found = []
    for seg in det.segments:
        if seg.lang is None or seg.lang is expected or seg.confidence < min_confidence:
            continue
        line, col = loc.line_col(seg.start)
        end_line, end_col = loc.line_col(seg.end)
        found.append(Finding(name, line, col, end_line, end_col, seg.start, seg.end, seg.lang.value,
                             expected.value, text[seg.start:seg.end], round(seg.confidence, 4)))
    return FileReport(name, expected.value, tuple(found))


def check_file(path: str, lang: Optional[str] = None, markdown: Optional[bool] = None) -> FileReport:
    """Read ``path`` (``-``: stdin) and check it; a file that cannot be read gives a report with ``error``."""
    from .errors import BilingualError
    from .files import decode_article, is_markdown, read_article

    try:
        if path == "-":
            import sys

            text = decode_article(sys.stdin.buffer.read(), "<stdin>")
        else:
            text = read_article(path)
    except BilingualError as err:
        return FileReport(path, lang or "", error=str(err))
    protected: Sequence[Span] = ()
    if is_markdown(path, markdown):
        from .markdown import protected_spans

        protected = protected_spans(text)
    return check_text(text, path, lang, protected)


def format_text(reports: Iterable[FileReport]) -> str:
    lines = []
    for r in reports:
        if r.error:
            lines.append(f"{r.file}: error: {_after_name(r)}")
        lines.extend(f"{f.file}:{f.line}:{f.col}: {f.message}" for f in r.findings)
    return "".join(line + "\n" for line in lines)


def format_github(reports: Iterable[FileReport], level: str = "warning") -> str:
    """GitHub Actions workflow commands; one annotation per finding."""
    lines = []
    for r in reports:
        if r.error:
            lines.append(f"::error file={_prop(r.file)}::{_data(_after_name(r))}")
        for f in r.findings:
            where = f"file={_prop(f.file)},line={f.line},col={f.col},endLine={f.end_line},endColumn={f.end_col}"
            title = f"bilingual: {f.lang} in {f.expected}"
            lines.append(f"::{level} {where},title={_prop(title)}::{_data(f.message)}")
    return "".join(line + "\n" for line in lines)


def format_json(reports: Iterable[FileReport]) -> str:
    files = []
    for r in reports:
        d = {"file": r.file, "expected": r.expected or None, "error": r.error,
             "findings": [dict(asdict(f), message=f.message) for f in r.findings]}
        files.append(d)
    return json.dumps({"files": files}, ensure_ascii=False, indent=1) + "\n"


def _after_name(r: FileReport) -> str:
    prefix = f"{r.file}: "
    return r.error[len(prefix):] if r.error and r.error.startswith(prefix) else (r.error or "")


def _data(s: str) -> str:
    """Escape a workflow-command message (GitHub's escapeData)."""
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    """Escape a workflow-command property (GitHub's escapeProperty)."""
    return _data(s).replace(":", "%3A").replace(",", "%2C")
