"""Data files shipped inside the package, read once through importlib.resources."""

from __future__ import annotations

import functools
from importlib.resources import files


@functools.cache
def read_text(name: str) -> str:
    """The text of ``bilingual/data/<name>``."""
    return (files("bilingual") / "data" / name).read_text(encoding="utf-8")
