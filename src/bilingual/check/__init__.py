"""``bilingual check``: find the spans of a file that are not in its expected language.

Detection only (no engine, nothing written): each segment detected in the
other language becomes a :class:`Finding` with a 1-based line and column, to be
printed as ``file:line:col: message``, as JSON, as GitHub Actions
annotations (``::warning file=...,line=...,col=...::message``) or as SARIF
(``sarif.py``). Which files are checked: ``selection.py``; accepted findings:
``ignore.py`` (inline comments) and ``allow.py`` (allowlist and termbase).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Iterable, Optional, Sequence

from ..model import Lang, Span
from ..text.position import Locator

if TYPE_CHECKING:
    from .allow import Allowlist

FORMATS = ("text", "json", "github", "sarif")
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
            shown = shown[: _SHOWN - 1] + "…"
        return f'{names[self.lang]} text in {_AN[self.expected]} {names[self.expected]} document: "{shown}"'


@dataclass(frozen=True)
class FileReport:
    file: str
    expected: str
    findings: tuple[Finding, ...] = ()
    error: Optional[str] = None

    @property
    def error_detail(self) -> str:
        """``error`` without the file name in front (an annotation names the file already)."""
        prefix = f"{self.file}: "
        return self.error[len(prefix) :] if self.error and self.error.startswith(prefix) else (self.error or "")


def check_text(
    text: str, name: str, lang: Optional[str] = None, protected: Sequence[Span] = (), min_confidence: float = 0.6
) -> FileReport:
    """Every segment of ``text`` detected in the language that is not ``lang`` (default: its base
    language) with at least ``min_confidence``: an unsure detection is no finding (``clean``
    flags it ``low_confidence`` for the editor instead)."""
    from ..pipeline import detect_text

    det, _, _ = detect_text(text, lang, protected=protected)
    expected = Lang(lang) if lang else det.base_lang
    loc = Locator(text)
    found = []
    for seg in det.segments:
        if seg.lang is None or seg.lang is expected or seg.confidence < min_confidence:
            continue
        line, col = loc.line_col(seg.start)
        end_line, end_col = loc.line_col(seg.end)
        found.append(
            Finding(
                name,
                line,
                col,
                end_line,
                end_col,
                seg.start,
                seg.end,
                seg.lang.value,
                expected.value,
                text[seg.start : seg.end],
                round(seg.confidence, 4),
            )
        )
    return FileReport(name, expected.value, tuple(found))


def check_file(
    path: str,
    lang: Optional[str] = None,
    markdown: Optional[bool] = None,
    *,
    min_confidence: float = 0.6,
    allow: Optional["Allowlist"] = None,
) -> FileReport:
    """Read ``path`` (``-``: stdin) and check it; a file that cannot be read gives a report with ``error``.

    An empty or blank file is clean. Stretches under an ignore comment (``ignore.py``)
    are not checked; a finding made only of ``allow``-ed words is dropped (``allow.py``).
    """
    from ..errors import BilingualError, InputError
    from ..files import open_input

    name = "<stdin>" if path == "-" else path
    try:
        if path == "-":
            import sys

            data = sys.stdin.buffer.read()
        else:
            with open_input(path, name) as fh:
                try:
                    data = fh.read()
                except OSError as err:
                    raise InputError(f"{name}: cannot read ({err.strerror or err})") from None
    except BilingualError as err:
        return FileReport(path, lang or "", error=str(err))
    return check_bytes(data, path, lang, markdown, min_confidence=min_confidence, allow=allow)


def check_bytes(
    data: bytes,
    path: str,
    lang: Optional[str] = None,
    markdown: Optional[bool] = None,
    *,
    min_confidence: float = 0.6,
    allow: Optional["Allowlist"] = None,
) -> FileReport:
    """:func:`check_file` of the bytes ``data`` read from ``path``."""
    from ..errors import BilingualError
    from ..files import decode_article, is_markdown

    name = "<stdin>" if path == "-" else path
    if _blank(data):
        return FileReport(path, lang or "")
    try:
        text = decode_article(data, name)
    except BilingualError as err:
        return FileReport(path, lang or "", error=str(err))
    from .ignore import ignored_spans

    md = is_markdown(path, markdown)
    protected: list[Span] = ignored_spans(text, md)
    if md:
        from ..markdown import protected_spans

        protected += protected_spans(text)
    report = check_text(text, path, lang, protected, min_confidence)
    return accepted(report, allow)


def accepted(report: FileReport, allow: Optional["Allowlist"]) -> FileReport:
    """``report`` without the findings made only of ``allow``-ed words."""
    if allow:
        report = replace(report, findings=tuple(f for f in report.findings if not allow.accepts(f.text)))
    return report


def _blank(data: bytes) -> bool:
    """Whether the bytes of a file decode to nothing but white space (``check``: nothing to report)."""
    from ..files import sniff_bom

    encoding, skip = sniff_bom(data[:4])
    try:
        return not data[skip:].decode(encoding).strip()
    except UnicodeDecodeError:
        return False


def format_text(reports: Iterable[FileReport]) -> str:
    """One ``file:line:col: message`` line per finding (errors go to stderr: the CLI prints them)."""
    lines: list[str] = []
    for r in reports:
        lines.extend(f"{f.file}:{f.line}:{f.col}: {f.message}" for f in r.findings)
    return "".join(line + "\n" for line in lines)


def format_github(reports: Iterable[FileReport], level: str = "warning") -> str:
    """GitHub Actions workflow commands; one annotation per finding."""
    lines = []
    for r in reports:
        if r.error:
            lines.append(f"::error file={_prop(r.file)}::{_data(r.error_detail)}")
        for f in r.findings:
            where = f"file={_prop(f.file)},line={f.line},col={f.col},endLine={f.end_line},endColumn={f.end_col}"
            title = f"bilingual: {f.lang} in {f.expected}"
            lines.append(f"::{level} {where},title={_prop(title)}::{_data(f.message)}")
    return "".join(line + "\n" for line in lines)


def format_json(reports: Iterable[FileReport]) -> str:
    files = []
    for r in reports:
        d = {
            "file": r.file,
            "expected": r.expected or None,
            "error": r.error,
            "findings": [dict(asdict(f), message=f.message) for f in r.findings],
        }
        files.append(d)
    return json.dumps({"files": files}, ensure_ascii=False, indent=1) + "\n"


def _data(s: str) -> str:
    """Escape a workflow-command message (GitHub's escapeData)."""
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    """Escape a workflow-command property (GitHub's escapeProperty)."""
    return _data(s).replace(":", "%3A").replace(",", "%2C")
