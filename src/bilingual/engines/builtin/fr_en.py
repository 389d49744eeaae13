"""French to English for the built-in engine: lookups, word order, articles and inflection.

``fr_to_en`` takes the words of one chunk (no punctuation inside) and returns
``(text, finite_verbs, confidence)``, or ``None`` when a word is unknown or the
structure is one it does not handle. Words are found by :mod:`.lookup`, or made
by :mod:`.cognates`; English to French is :mod:`.en_fr`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .cognates import fr_cognate, has_noun_ending
from .items import COGNATE_CONFIDENCE, COMPOSED_CONFIDENCE, PHRASE_CONFIDENCE, Item
from .lexicon import Lexicon
from .lookup import base_key, fr_base_index, fr_is_plural, lookup_word
from ...text.fold import lower_key
from ...text.morphology import en_gerund, en_participle, en_plural, en_singular, en_third
from ...text.tokens import is_acronym

DEF_FR = {"le", "la", "les", "l'"}
_MASS = re.compile(r"(tion|sion|ment|ity|ness|ism|ance|ence|sis|ing|ogy|apy|ery|ure)$")
_PP = re.compile(r"(é|ée|ées|és|ie|ies|is|u|ue|ues|us|ite|ites|its|te|tes)$")
_QUANTITY = {
    "million",
    "milliard",
    "millier",
    "billion",
    "trillion",
    "centaine",
    "dizaine",
    "douzaine",
    "plupart",
    "majorité",
    "nombre",
    "quantité",
    "partie",
    "moitié",
    "tiers",
    "quart",
}
# A noun, then one of these, then a bare noun: a fixed compound ("transports en commun",
# "machine à laver") unless the lexicon has it whole; never put together word by word.
_COMPOUND_PREP = {"en", "à", "sans", "sur", "pour", "contre"}


def _fr_items(lex: Lexicon, tokens: list[str]) -> Optional[list[Item]]:
    items: list[Item] = []
    base_index = fr_base_index(lex)
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        if tok[:1].isdigit():
            items.append(Item(tok, tok, "num"))
            i += 1
            continue
        if tok.lower() == "on" and i + 1 < n and tokens[i + 1][:1].isdigit():
            items.append(Item(tok, "on", "prep"))  # "On 15 janvier": English "on", French "on" is no pronoun here
            i += 1
            continue
        if is_acronym(tok) or tok in lex.neutral:
            items.append(Item(tok, tok, "x", plural=tok.endswith("s")))
            i += 1
            continue
        for j in range(min(n, i + lex.max_words), i + 1, -1):
            phrase = " ".join(tokens[i:j])
            cands = lex.fr(phrase) or base_index.get(base_key(phrase), [])
            if cands:
                e = cands[0]
                item = Item(phrase, e.en, e.pos, entry=e, cands=cands, gender=e.gender)
                if e.pos == "n":
                    item.plural = fr_is_plural(tokens[i])
                    if item.plural != fr_is_plural(e.fr.split(" ")[0]):
                        item.out = en_plural(e.en, e.forms) if item.plural else en_singular(e.en)
                items.append(item)
                i = j
                break
        else:
            cands, lemma = lookup_word(lex, tok)
            cognate = False
            if not cands:
                c = fr_cognate(tok)
                if c is None:
                    return None
                cands, lemma, cognate = [c], (c.fr if c.fr != tok.lower() else None), True
            e = cands[0]
            item = Item(tok, e.en, e.pos, entry=e, cands=cands, gender=e.gender, cognate=cognate)
            item.plural = e.pos in ("n", "adj", "pre") and fr_is_plural(tok)
            if e.pos == "n" and item.plural and lemma is not None:
                item.out = en_plural(e.en, e.forms)
            if e.pos == "v":
                item.vform = "inf" if lemma is None else _vform(tok)
            elif e.pos == "pp":
                item.pos, item.vform = "v", "pp"
            items.append(item)
            i += 1
    return items


def _vform(tok: str) -> str:
    s = tok.lower()
    if s.endswith("ant"):
        return "ing"
    if s in ("a", "va", "fait", "est"):
        return "sg3"
    if re.search(r"(rait|raient)$", s):
        return "cond"
    if len(s) >= 5 and re.search(r"(ait|aient)$", s):
        return "impf"
    if re.search(r"(ent|ont)$", s):
        return "pl3"
    if re.search(r"(ons|ez)$", s):
        return "pl12"
    if _PP.search(s):
        return "pp"
    if re.search(r"(e|t|d)$", s):
        return "sg3"
    return ""


def fr_to_en(lex: Lexicon, tokens: list[str]) -> Optional[tuple[str, int, float]]:
    items = _fr_items(lex, tokens)
    if (
        items is None
        or all(it.pos in ("det", "prep") for it in items)
        or items[-1].pos == "det"
        or (items[-1].pos == "pre" and len(items) > 1 and items[-2].pos in ("det", "prep"))
    ):
        return None  # unknown word, an article cut from its noun, an adjective used as a pronoun
    for k in range(len(items) - 2):
        if items[k].pos == "n" and lower_key(items[k + 1].src) in _COMPOUND_PREP and items[k + 2].pos in ("n", "adj"):
            return None
    if len(items) > 1 and any(
        it.cognate and it.out == lower_key(it.src) and not has_noun_ending(it.out) for it in items
    ):
        return None  # a word spelled alike ("finale") has no known part of speech to order by
    # 1. part of speech where a word has several: adjective after a noun, noun elsewhere
    for k, it in enumerate(items):
        poses = {c.pos: c for c in it.cands}
        if len(poses) > 1:
            prev_pos = items[k - 1].pos if k else ""
            want = "adj" if prev_pos in ("n", "x") and "adj" in poses else ("n" if "n" in poses else it.pos)
            c = poses.get(want, it.cands[0])
            it.entry, it.pos, it.gender = c, c.pos, c.gender
            it.out = en_plural(c.en, c.forms) if it.plural and c.pos == "n" else c.en
    # 2. verbs
    finite = 0
    for k, it in enumerate(items):
        if it.pos != "v":
            continue
        e = it.entry
        assert e is not None  # a verb comes from a lexicon entry
        if not it.vform:
            return None
        if it.vform == "pp":
            it.out = en_participle(e.en, e.forms)
        elif it.vform == "ing":
            it.out = en_gerund(e.en)
        elif it.vform == "sg3":
            it.out, finite = en_third(e.en), finite + 1
        elif it.vform == "cond":
            base = e.en.split(" ")[0]
            it.out = {"must": "should", "can": "could"}.get(base) or f"would {e.en}"
            finite += 1
        elif it.vform == "impf":  # imperfect: only the auxiliaries have a past form we know
            first, sep, rest = e.en.partition(" ")
            past = {"have": "had", "be": "were" if it.src.lower().endswith("aient") else "was"}.get(first)
            if past is None:
                return None
            it.out, finite = past + sep + rest, finite + 1
        elif it.vform in ("pl3", "pl12"):
            it.out, finite = ("are" if e.en == "be" else e.en), finite + 1
        if it.vform == "inf" and k:
            before = items[k - 1]
            if before.src.lower() in ("pour", "de", "d'", "à"):
                before.out, before.pos = "to", "to"
            elif before.src.lower() == "sans":
                it.out = en_gerund(e.en)
    # 3. determiners: de + le/la/les, du/des after a noun = "of the"; at the start of a noun phrase: none
    k = 0
    while k < len(items):
        it = items[k]
        low = lower_key(it.src)
        prev = items[k - 1] if k else None
        if (
            low == "de"
            and it.pos == "prep"
            and k + 1 < len(items)
            and lower_key(items[k + 1].src) in ("le", "la", "les")
        ):
            it.out, it.pos = "of the", "prep"
            items[k + 1].out, items[k + 1].pos = "", "gone"
        elif (
            low == "de"
            and it.pos == "prep"
            and prev is not None
            and prev.pos == "prep"
            and prev.out not in ("", "of", "of the")
            and k + 1 < len(items)
        ):
            it.out, it.pos = "", "gone"  # partitive after a preposition: "avec d'autres personnes"
        elif (
            low in ("de", "d'")
            and it.pos == "prep"
            and (prev is None or prev.pos not in ("n", "x"))
            and k + 1 < len(items)
            and items[k + 1].pos == "pre"
            and items[k + 1].plural
        ):
            it.out, it.pos = "", "gone"  # partitive before a plural adjective: "de nouveaux traitements"
        elif (
            low == "de"
            and it.pos == "prep"
            and prev is not None
            and prev.entry is not None
            and lower_key(prev.entry.fr) in _QUANTITY
        ):
            return None  # "milliards de dollars", "la plupart des": number and partitive, not "of"
        elif low in ("du", "des"):
            if prev is not None and prev.entry is not None and lower_key(prev.entry.fr) in _QUANTITY:
                return None
            if prev is not None and prev.pos in ("n", "x", "adj"):
                it.out, it.pos = "of the", "prep"
            else:
                it.out, it.pos = "", "gone"
        k += 1
    # 4. noun groups: post-nominal adjectives move before the noun (in reverse order)
    units: list = []
    k = 0
    while k < len(items):
        it = items[k]
        if it.pos in ("n", "x"):
            pre: list[Item] = []
            while units and isinstance(units[-1], Item) and units[-1].pos == "pre":
                pre.insert(0, units.pop())
            post = []
            j = k + 1
            while j < len(items) and (
                items[j].pos == "adj" or (items[j].vform == "pp" and not _followed_by_prep(items, j))
            ):
                post.append(items[j])
                j += 1
            units.append(_Group(pre, it, post))
            k = j
        else:
            units.append(it)
            k += 1
    # 5. "N de N" with a bare singular noun: a compound ("abus d'alcool" -> "alcohol abuse")
    k = 0
    while k + 2 < len(units):
        a, de, b = units[k], units[k + 1], units[k + 2]
        if (
            isinstance(a, _Group)
            and isinstance(b, _Group)
            and isinstance(de, Item)
            and de.out == "of"
            and not b.pre
            and not b.post
            and not b.head.plural
            and not b.head.proper
            and b.head.pos == "n"
            and " " not in b.head.src
            and not a.head.proper
        ):
            a.head = Item(a.head.src, f"{b.head.out} {a.head.out}", "n", a.head.plural, entry=a.head.entry)
            del units[k + 1 : k + 3]
            continue
        k += 1
    # 6. definite articles: English drops them before plural, mass and proper nouns without a complement
    for k, u in enumerate(units):
        if isinstance(u, Item) and lower_key(u.src) in DEF_FR and u.pos == "det" and k + 1 < len(units):
            g = units[k + 1]
            if not isinstance(g, _Group):
                if g.pos in ("v", "adj"):
                    return None  # an object pronoun (le, la, les) before a verb
                continue
            nxt = units[k + 2] if k + 2 < len(units) else None
            complement = isinstance(nxt, Item) and nxt.out in ("of", "of the")
            h = g.head
            mass = h.entry is not None and h.entry.forms.get("pl") == h.entry.en or bool(_MASS.search(h.out))
            if not complement and (h.plural or mass or (h.proper and not h.out.endswith("s"))):
                u.out = ""
    words = [w for u in units for w in (u.words() if isinstance(u, _Group) else [u.out]) if w]
    if any(it.cognate for it in items):
        conf = COGNATE_CONFIDENCE
    elif sum(1 for it in items if it.pos not in ("det", "gone", "num", "x")) <= 1:
        conf = PHRASE_CONFIDENCE
    else:
        conf = COMPOSED_CONFIDENCE
    return " ".join(words), finite, conf


def _followed_by_prep(items: list[Item], j: int) -> bool:
    return j + 1 < len(items) and items[j + 1].pos in ("prep", "to")


@dataclass
class _Group:
    pre: list
    head: Item
    post: list

    def words(self) -> list[str]:
        return [i.out for i in self.pre] + [i.out for i in reversed(self.post)] + [self.head.out]
