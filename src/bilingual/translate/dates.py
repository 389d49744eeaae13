"""The order of the English dates a translation writes: the one the document itself uses.

The engine keeps the French order ("12 April 2020", British English); a document that writes
its English dates month first ("April 12, 2020", American English) gets its translated dates
in that order too.
"""

from __future__ import annotations

import re
from typing import Optional

_MONTH = "January|February|March|April|May|June|July|August|September|October|November|December"
_US_DATE = re.compile(rf"\b(?:{_MONTH}) \d{{1,2}}\b")
_UK_DATE = re.compile(rf"\b(\d{{1,2}}) ({_MONTH})(?: (\d{{4}}))?\b")


def month_first(text: str) -> bool:
    """Whether ``text`` writes its English dates month first more often than day first."""
    return len(_US_DATE.findall(text)) > len(_UK_DATE.findall(text))


class DateOrder:
    """The date order of one document, looked up once, when a translated date first needs it."""

    def __init__(self, text: str):
        self.text = text
        self._month_first: Optional[bool] = None

    def fit(self, translation: str) -> str:
        """``translation`` (English) with its day-first dates in the document's order."""
        if not _UK_DATE.search(translation):
            return translation
        if self._month_first is None:
            self._month_first = month_first(self.text)
        return _UK_DATE.sub(_to_month_first, translation) if self._month_first else translation


def _to_month_first(m: re.Match) -> str:
    return f"{m.group(2)} {m.group(1)}" + (f", {m.group(3)}" if m.group(3) else "")
