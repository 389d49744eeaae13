"""The ``bilingual`` command: one module per command, over the library (see :mod:`bilingual.cli.main`)."""

from .main import cli, main

__all__ = ["cli", "main"]
