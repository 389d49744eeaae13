"""The built-in offline engine: termbase, phrase lexicon and a little grammar (see :mod:`.engine`).

- :mod:`.lexicon`: the bilingual lexicon shipped in ``data/lexicon.tsv``;
- :mod:`.lookup`: French words and phrases found in it, the number and gender of French nouns;
- :mod:`.cognates`: unknown French words made English by their spelling ("génétique" -> "genetic");
- :mod:`.items`: the word item both directions build, and the confidence of an answer;
- :mod:`.fr_en`: French to English (word order, articles, inflection);
- :mod:`.en_fr`: English to French noun phrases;
- :mod:`.engine`: the engine that cuts a span into chunks and puts them together.
"""

from .engine import BuiltinEngine

__all__ = ["BuiltinEngine"]
