"""``bilingual check --format sarif``: findings as a SARIF 2.1.0 log, for code-scanning dashboards.

One run; one result per finding, with its rule (``fr-in-en``: French text in an
English document, ``en-in-fr``: the reverse), message, file (a relative URI as
given on the command line, or a ``file://`` URI for an absolute path) and region
(1-based lines and columns, columns counted in Unicode code points:
``columnKind`` says so; ``endColumn`` is the column after the span). A file that
could not be read becomes an error notification of the invocation, which is then
not successful. The structure follows the OASIS standard
(https://docs.oasis-open.org/sarif/sarif/v2.1.0/), checked against its JSON
schema in the tests.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterable
from urllib.parse import quote

from . import FileReport

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_NAMES = {"en": "English", "fr": "French"}
RULES = (
    ("fr-in-en", "FrenchInEnglishDocument", "fr", "en"),
    ("en-in-fr", "EnglishInFrenchDocument", "en", "fr"),
)
_RULE_INDEX = {(found, expected): i for i, (_, _, found, expected) in enumerate(RULES)}


def format_sarif(reports: Iterable[FileReport], level: str = "warning") -> str:
    """The SARIF log of a check run; ``level`` ("warning" or "error") is every result's level."""
    from .. import __version__

    results, notes = [], []
    for r in reports:
        if r.error:
            notes.append(
                {
                    "level": "error",
                    "message": {"text": r.error_detail},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(r.file)}}}],
                }
            )
        for f in r.findings:
            index = _RULE_INDEX[(f.lang, f.expected)]
            region = {
                "startLine": f.line,
                "startColumn": f.col,
                "endLine": f.end_line,
                "endColumn": f.end_col,
                "snippet": {"text": f.text},
            }
            results.append(
                {
                    "ruleId": RULES[index][0],
                    "ruleIndex": index,
                    "level": level,
                    "message": {"text": f.message},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(f.file)}, "region": region}}],
                    "properties": {"confidence": f.confidence},
                }
            )
    rules = [
        {
            "id": rid,
            "name": name,
            "shortDescription": {"text": f"{_NAMES[found]} text in {_article(expected)} {_NAMES[expected]} document"},
            "fullDescription": {
                "text": f"A span detected as {_NAMES[found]} in a file whose expected language "
                f"is {_NAMES[expected]} (the file's base language, or --lang)."
            },
            "defaultConfiguration": {"level": "warning"},
        }
        for rid, name, found, expected in RULES
    ]
    run = {
        "tool": {"driver": {"name": "bilingual", "version": __version__, "rules": rules}},
        "invocations": [{"executionSuccessful": not notes, "toolExecutionNotifications": notes}],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, ensure_ascii=False, indent=1) + "\n"


def uri(path: str) -> str:
    """A URI reference for ``path``: relative paths stay relative (``/`` separators, escaped).

    >>> uri("docs/été 1.md"), uri("/srv/a.md"), uri("-")
    ('docs/%C3%A9t%C3%A9%201.md', 'file:///srv/a.md', 'stdin')
    """
    if path == "-":
        return "stdin"
    if os.path.isabs(path):
        return Path(path).as_uri()
    return quote(path.replace(os.sep, "/"), safe="/")


def _article(expected: str) -> str:
    return "an" if expected == "en" else "a"
