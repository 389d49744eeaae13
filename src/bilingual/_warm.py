"""Imported only as the forkserver's preload (``batch.run`` with ``--jobs`` > 1): warms the caches.

Importing this module runs one tiny article through the pipeline, so that the
forkserver holds spaCy's blank pipeline, the wordfreq lists, langdetect's
profiles and the termbase in memory, and every worker forked from it starts
warm instead of loading them again (about as long as the imports themselves).
Nothing else imports it.
"""
from __future__ import annotations


def warm() -> None:
    from .config import Config
    from .pipeline import process

    try:
        process("Stem cells, en particulier les cellules souches, are studied.", Config(engine="builtin"))
    except Exception:  # a failure here must not take the forkserver down: workers then start cold
        pass


warm()
