"""Exceptions the library raises and the exit codes the command line maps them to.

The library never prints or exits; ``bilingual.cli`` is the one place that turns these
into a one-line ``Error: ...`` and an exit code.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes of the ``bilingual`` command (documented in the README)."""

    OK = 0
    FLAGGED = 1  # --strict and something was flagged; `check` found mixed text
    USAGE = 2  # bad command line (Click's own code)
    INPUT_ERROR = 3  # an input file is missing, unreadable, binary, empty, ...
    GLOSSARY_ERROR = 4  # a glossary or configuration file is malformed
    ENGINE_ERROR = 5  # the chosen translation engine or model is not available
    OUTPUT_ERROR = 6  # an output file cannot be written
    INTERRUPTED = 130  # Ctrl-C / SIGINT
    BROKEN_PIPE = 141  # standard output was closed (``| head``): the run ends quietly, as by SIGPIPE


class BilingualError(Exception):
    """Base class. ``str(err)`` is a complete one-line message for the user."""

    exit_code = ExitCode.INPUT_ERROR


class InputError(BilingualError):
    exit_code = ExitCode.INPUT_ERROR


class GlossaryError(BilingualError):
    exit_code = ExitCode.GLOSSARY_ERROR


class ConfigError(BilingualError):
    exit_code = ExitCode.GLOSSARY_ERROR


class EngineUnavailable(BilingualError):
    exit_code = ExitCode.ENGINE_ERROR


class OutputError(BilingualError):
    exit_code = ExitCode.OUTPUT_ERROR
