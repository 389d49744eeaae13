"""English to French for the built-in engine: noun phrases with agreement, articles, "to" + verb.

``en_to_fr`` takes the words of one chunk and returns ``(text, 0, confidence)`` or
``None``: it handles what needs no conjugation and no guessed article.
"""

from __future__ import annotations

import re
from typing import Optional

from .items import COMPOSED_CONFIDENCE, PHRASE_CONFIDENCE, Item
from .lexicon import Lexicon
from .lookup import fr_is_plural, head_gender
from ...text.lemmas import en_lemma
from ...text.morphology import fr_feminine, fr_plural, starts_with_vowel
from ...text.tokens import is_acronym

# English prepositions map to French ones by context ("in 2003" -> "en 2003", "in the" -> "dans le"):
# only the unambiguous function words are handled; a span with another one is left to an MT engine.
_EN_FUNC = {"the": "DEF", "a": "INDEF", "an": "INDEF", "of": "de", "and": "et", "or": "ou", "to": "à"}
_NEEDS_ARTICLE = {"dans", "pour", "avec", "par", "sur", "entre", "comme", "à", "et", "ou", "mais", "que"}
_FEM_IRREGULAR = {
    "nouveau": "nouvelle",
    "beau": "belle",
    "vieux": "vieille",
    "long": "longue",
    "bon": "bonne",
    "public": "publique",
    "blanc": "blanche",
    "frais": "fraîche",
    "aigu": "aiguë",
}


def _en_items(lex: Lexicon, tokens: list[str]) -> Optional[list[Item]]:
    items: list[Item] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        low = tok.lower()
        if tok[:1].isdigit() or is_acronym(tok):
            items.append(Item(tok, tok, "num" if tok[:1].isdigit() else "x", plural=tok.endswith("s")))
            i += 1
            continue
        if low in _EN_FUNC:
            items.append(Item(tok, _EN_FUNC[low], "func"))
            i += 1
            continue
        for j in range(min(n, i + lex.max_words), i, -1):
            words = [w.lower() for w in tokens[i:j]]
            phrase = " ".join(words)
            base = " ".join(words[:-1] + [en_lemma(words[-1])])
            inflected = base != phrase and not words[-1].endswith("s")  # -ed, -ing: verb forms we do not conjugate
            cands = [
                e
                for e in lex.en(phrase) + ([] if inflected else lex.en(base))
                if e.pos in ("n", "adj", "pre", "adv", "v", "num")
            ]
            if cands:
                e = cands[0]
                plural = e.pos == "n" and en_lemma(words[-1]) != words[-1] and words[-1].endswith("s")
                if e.pos == "n" and e.en.lower() == phrase and e.forms.get("pl") == e.en:
                    plural = False
                gender = e.gender or head_gender(lex, e.fr)
                fr = e.fr
                if e.pos == "n" and plural != fr_is_plural(e.fr.split(" ")[0]):
                    fr = fr_plural(e.fr) if plural else e.fr
                item = Item(phrase, fr, e.pos, plural, entry=e, cands=cands, gender=gender)
                if e.pos == "v":
                    item.vform = "base" if en_lemma(words[-1]) == words[-1] else ""
                items.append(item)
                i = j
                break
        else:
            return None
    return items


def en_to_fr(lex: Lexicon, tokens: list[str]) -> Optional[tuple[str, int, float]]:
    items = _en_items(lex, tokens)
    if items is None or all(it.pos == "func" for it in items):
        return None
    out: list[str] = []
    k = 0
    while k < len(items):
        it = items[k]
        if it.pos == "v":
            if it.vform != "base" or out != ["à"]:
                return None  # only a chunk's leading "to" + verb: "way to go" is no "façon aller"
            assert it.entry is not None  # a verb comes from a lexicon entry
            out[-1] = it.entry.fr
            k += 1
            continue
        if it.pos == "adv" and k + 1 < len(items) and items[k + 1].pos == "adj":
            return None  # "very difficult situation": the adverb would have to move with its adjective
        if it.pos in ("adj", "pre", "n", "x"):
            j = k
            while j < len(items) and items[j].pos in ("adj", "pre", "n", "x"):
                j += 1
            group = items[k:j]
            heads = [g for g in group if g.pos in ("n", "x")]
            if not heads or heads[-1] is not group[-1] or len(heads) > 1:
                return None  # a noun compound the lexicon does not know
            head = heads[0]
            pre = [_agree(a, head) for a in group[:-1] if a.pos == "pre"]
            post = [_agree(a, head) for a in reversed(group[:-1]) if a.pos == "adj"]
            if out and out[-1] in _NEEDS_ARTICLE:
                return None  # French wants an article the English does not show
            _article(out, head)
            out += pre + [head.out] + post
            k = j
            continue
        out.append(it.out)
        k += 1
    if any(w in ("DEF", "INDEF") for w in out):
        return None  # an article with no noun after it
    text = " ".join(w for w in out if w)
    text = re.sub(r"\b([lLdD])' ", r"\1'", text)
    content = sum(1 for it in items if it.pos != "func")
    return text, 0, PHRASE_CONFIDENCE if content == 1 else COMPOSED_CONFIDENCE


def _agree(adj: Item, head: Item) -> str:
    assert adj.entry is not None  # adjectives come from lexicon entries
    fr = adj.entry.fr
    if head.gender == "f":
        fr = _FEM_IRREGULAR.get(fr, fr_feminine(fr))
    return fr_plural(fr) if head.plural else fr


def _article(out: list[str], head: Item) -> None:
    """Replace a pending DEF/INDEF (and contract it with de / à) for noun ``head``."""
    if not out or out[-1] not in ("DEF", "INDEF"):
        if out and out[-1] == "de" and starts_with_vowel(head.out):
            out[-1] = "d'"
        return
    kind = out.pop()
    if kind == "INDEF":
        out.append("des" if head.plural else ("une" if head.gender == "f" else "un"))
        return
    if head.plural:
        art = "les"
    elif starts_with_vowel(head.out):
        art = "l'"
    else:
        art = "la" if head.gender == "f" else "le"
    prev = out[-1] if out else ""
    contracted = {("de", "le"): "du", ("de", "les"): "des", ("à", "le"): "au", ("à", "les"): "aux"}.get((prev, art))
    if contracted:
        out[-1] = contracted
    else:
        out.append(art)
