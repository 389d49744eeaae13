"""Options of a run, as one frozen value.

Override with :func:`dataclasses.replace`; nothing here reads files or the
environment.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional


@dataclass(frozen=True)
class Config:
    """How :func:`bilingual.process` behaves.

    engine:
        ``"auto"`` (default): the ``nmt`` engine when a model for the pair is
        installed, else ``"builtin"``. ``"builtin"``: the offline termbase and
        phrase-lexicon engine. ``"nmt"``: CTranslate2 models (``pip install ctranslate2 sentencepiece``).
    glossary:
        Optional path of a user glossary (TSV, CSV or TBX) merged over the
        shipped termbase.
    base_lang:
        ``None`` (default) infers the document's base language; ``"en"`` or
        ``"fr"`` forces it.
    drop_chatter:
        Drop leading/trailing lines written by the machine that produced the
        article ("Here's a comprehensive article on ...:"). Default True.
    min_confidence:
        Segments whose detection confidence is below this are flagged
        ``low_confidence`` for the editor. Default 0.6.
    models_dir:
        Where ``nmt`` models are installed; ``None`` means the default
        per-user folder (or ``$BILINGUAL_MODELS_DIR``, read by the CLI).
    typography:
        ``"fr"`` (default): French outputs get France's spacing (a no-break space before
        ``; : ! ?`` and inside « »), English ones none before ``; : ! ?``, each only in text
        of its own language. ``"ca"``: Canadian French, a no-break space before ``:`` only.
        ``"off"``: the author's typography is kept as it is.
    outputs:
        The clean versions to produce, ``("en", "fr")`` by default; ``--to``
        asks for one (then no work, nor any model, is spent on the other).
    memory:
        Translation memories (TMX, XLIFF, TSV) asked before the engine; none
        by default (see :mod:`bilingual.memory`).
    """

    engine: str = "auto"
    glossary: Optional[Path] = None
    base_lang: Optional[str] = None
    drop_chatter: bool = True
    min_confidence: float = 0.6
    models_dir: Optional[Path] = None
    markdown: bool = False
    outputs: tuple[str, ...] = ("en", "fr")
    typography: str = "fr"
    memory: tuple[Path, ...] = ()
