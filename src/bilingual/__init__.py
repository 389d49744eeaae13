"""bilingual: clean mixed French/English articles into monolingual versions.

>>> from bilingual import process, Lang
>>> result = process("Stem cells, en particulier les MSC, are studied.")
>>> result.base_lang is Lang.EN
True
"""
from .config import Config
from .errors import BilingualError, EngineUnavailable, GlossaryError, InputError
from .model import Change, Flag, Lang, Result, Segment
from .pipeline import process

__version__ = "0.1.0"
__all__ = [
    "process", "Config", "Lang", "Segment", "Change", "Flag", "Result",
    "BilingualError", "InputError", "GlossaryError", "EngineUnavailable", "__version__",
]
