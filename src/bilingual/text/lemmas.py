"""Base forms of words: spaCy's lemma tables first, then a few French suffix rules."""

from __future__ import annotations

from ._lemma_lookup import lemma_table


def fr_lemmas(word: str) -> list[str]:
    """Candidate base forms of a French word, most likely first (the word itself excluded)."""
    w = word.lower().replace("’", "'")
    out: list[str] = []
    hit = lemma_table("fr").get(w)
    if hit:
        out += hit if isinstance(hit, list) else [hit]
    for suf, rep in (
        ("eaux", "eau"),
        ("aux", "al"),
        ("elles", "el"),
        ("elle", "el"),
        ("euses", "eux"),
        ("euse", "eux"),
        ("ives", "if"),
        ("ive", "if"),
        ("ennes", "en"),
        ("enne", "en"),
        ("ères", "er"),
        ("ère", "er"),
        ("ées", "é"),
        ("ée", "é"),
        ("és", "é"),
        ("es", "e"),
        ("es", ""),
        ("s", ""),
        ("x", ""),
        ("e", ""),
    ):
        if w.endswith(suf) and len(w) - len(suf) >= 2:
            out.append(w[: len(w) - len(suf)] + rep)
    seen, uniq = {w}, []
    for c in out:
        if c not in seen:
            seen.add(c)
            uniq.append(c)
    return uniq


def en_lemma(word: str) -> str:
    w = word.lower()
    hit = lemma_table("en").get(w)
    return hit if isinstance(hit, str) else w
