"""Imported only as a fork server's preload (:class:`bilingual.workers.Pool`, ``--scheduler local:N``):
warms the caches.

Importing this module cleans one tiny article, so that the fork server holds
spaCy's blank pipeline, the wordfreq lists, langdetect's profiles and the
termbase in memory, and every worker forked from it starts warm instead of
loading them again (about as long as the imports themselves). Nothing else
imports it.
"""

from __future__ import annotations


def warm() -> None:
    from .config import Config
    from .pipeline import process
    from .workers import SAMPLE

    try:
        process(SAMPLE, Config(engine="builtin"))
    except Exception:  # a failure here must not take the fork server down: workers then start cold
        pass


warm()
