"""The built-in offline engine: termbase, phrase lexicon and a little grammar (see :mod:`.engine`).

- :mod:`.lexicon`: the bilingual lexicon shipped in ``data/lexicon.tsv``;
- :mod:`.fr_en`: French to English (lookups, word order, articles, inflection);
- :mod:`.en_fr`: English to French noun phrases;
- :mod:`.engine`: the engine that cuts a span into chunks and puts them together.
"""
from .engine import BuiltinEngine

__all__ = ["BuiltinEngine"]
