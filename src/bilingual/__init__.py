"""bilingual: clean mixed French/English articles into monolingual versions.

>>> from bilingual import process, Lang
>>> result = process("Stem cells, en particulier les MSC, are studied.")
>>> result.base_lang is Lang.EN
True
"""

from .config import Config
from .errors import BilingualError, EngineUnavailable, GlossaryError, InputError
from .model import Change, ChangeKind, Flag, FlagKind, Lang, Result, Segment

__version__ = "0.2.0"
__all__ = [
    "process",
    "process_rows",
    "Config",
    "Lang",
    "Segment",
    "Change",
    "ChangeKind",
    "Flag",
    "FlagKind",
    "Result",
    "BilingualError",
    "InputError",
    "GlossaryError",
    "EngineUnavailable",
    "__version__",
]


def __getattr__(name: str):
    # `process` pulls in every stage; the CLI imports this package for --help and --version only.
    if name == "process":
        from .pipeline import process

        return process
    if name == "process_rows":  # JSON-like rows, one engine a partition (bilingual.dataset; Spark, Dask)
        from .dataset import process_rows

        return process_rows
    raise AttributeError(f"module 'bilingual' has no attribute {name!r}")
