"""Grammar of the built-in engine: lookups, word order, articles and inflection.

``fr_to_en`` takes the words of one chunk (no punctuation inside) and returns
``(text, finite_verbs, confidence)``, or ``None`` when a word is unknown or the
structure is one it does not handle. English to French is in ``en_fr.py``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from .lexicon import LexEntry, Lexicon
from ...text.morphology import en_gerund, en_participle, en_plural, en_singular, en_third, fr_gender
from ...text.lemmas import fr_lemmas
from ...text.lemmas import lemma_table
from ...text.fold import lower_key, strip_accents
from ...text.tokens import is_acronym

DEF_FR = {"le", "la", "les", "l'"}
_MASS = re.compile(r"(tion|sion|ment|ity|ness|ism|ance|ence|sis|ing|ogy|apy|ery|ure)$")
_PP = re.compile(r"(é|ée|ées|és|ie|ies|is|u|ue|ues|us|ite|ites|its|te|tes)$")
# Confidence of an answer, by how it was made (documented in docs/engines.md):
PHRASE_CONFIDENCE = 0.95  # one lexicon or termbase entry, the whole chunk
COMPOSED_CONFIDENCE = 0.85  # several entries put in order by the grammar
COGNATE_CONFIDENCE = 0.7  # with a word made by a cognate rule ("génétique" -> "genetic")
_QUANTITY = {"million", "milliard", "millier", "billion", "trillion", "centaine", "dizaine", "douzaine",
             "plupart", "majorité", "nombre", "quantité", "partie", "moitié", "tiers", "quart"}
# A noun, then one of these, then a bare noun: a fixed compound ("transports en commun",
# "machine à laver") unless the lexicon has it whole; never put together word by word.
_COMPOUND_PREP = {"en", "à", "sans", "sur", "pour", "contre"}


@dataclass
class Item:
    src: str
    out: str
    pos: str
    plural: bool = False
    vform: str = ""
    entry: Optional[LexEntry] = None
    cands: list = field(default_factory=list)
    gender: str = ""
    cognate: bool = False

    @property
    def proper(self) -> bool:
        return self.out[:1].isupper()


def head_gender(lex: Lexicon, fr_phrase: str) -> str:
    first = fr_phrase.split(" ")[0]
    for e in lex.fr(first):
        if e.pos == "n" and e.gender:
            return e.gender
    for e in (e for lem in fr_lemmas(first) for e in lex.fr(lem)):  # lemmas only when needed
        if e.pos == "n" and e.gender:
            return e.gender
    return fr_gender(first)


def _fr_is_plural(word: str) -> bool:
    w = word.lower()
    if not w.endswith(("s", "x")) or len(w) <= 3:
        return False
    hit = lemma_table("fr").get(w)
    lem = (hit[0] if isinstance(hit, list) else hit) if hit else w[:-1]
    return lem != w


def _base_key(lex: Lexicon, phrase: str) -> str:
    out = []
    for w in lower_key(phrase).split(" "):
        hit = lemma_table("fr").get(w) if w.endswith(("s", "x")) else None
        out.append((hit[0] if isinstance(hit, list) else hit) if hit else (w[:-1] if _fr_is_plural(w) else w))
    return strip_accents(" ".join(out))


def _fr_base_index(lex: Lexicon) -> dict:
    """Multi-word French entries by their base key (lemmas, no accents); kept on ``lex``, rebuilt after an ``add``."""
    return lex.derived("fr_base_index", _build_fr_base_index)


def _build_fr_base_index(lex: Lexicon) -> dict:
    index: dict[str, list[LexEntry]] = {}
    for e in lex.entries_all():
        if " " in lower_key(e.fr):
            index.setdefault(_base_key(lex, e.fr), []).append(e)
    return index


_PARTICIPLE = re.compile(r"(é|ée|és|ées)$")


def fits_surface(tok: str, entry: LexEntry) -> bool:
    """Whether ``entry``, reached from ``tok`` only through a lemma or without accents, can be
    what ``tok`` is: a past participle ("limités") is a verb or an adjective, never a noun
    ("limite"), unless the entry itself ends in -é ("comités" -> "comité")."""
    if not _PARTICIPLE.search(tok.lower()):
        return True
    return entry.pos in ("v", "adj", "pp") or entry.fr.lower().endswith("é")


def _lookup_word(lex: Lexicon, tok: str) -> tuple[list[LexEntry], Optional[str]]:
    """Entries for one word and the lemma that reached them (``None``: the word itself).

    A hit reached through a lemma or accent folding keeps only the entries whose part
    of speech fits the word's form (:func:`fits_surface`); none left: the next lemma.
    """
    exact = lex.fr_exact(tok)
    if exact:
        return exact, None
    lemmas = fr_lemmas(tok)
    for lem in lemmas:
        hit = [e for e in lex.fr_exact(lem) if fits_surface(tok, e)]
        if hit:
            return hit, lem
    if len(tok) >= 4:
        for cand in [tok] + lemmas:
            hit = [e for e in lex.fr(cand) if fits_surface(tok, e)]
            if hit:
                return hit, (None if cand == tok else cand)
    return [], None


# --- cognates ---------------------------------------------------------------------------------

_FR_EN_SUFFIX = [  # (French ending, English ending, pos)
    ("iques", "ics", "n"), ("ique", "ical", "adj"), ("ique", "ic", "adj"), ("ité", "ity", "n"),
    ("té", "ty", "n"), ("ie", "y", "n"), ("isme", "ism", "n"), ("iste", "ist", "n"), ("eux", "ous", "adj"),
    ("euse", "ous", "adj"), ("if", "ive", "adj"), ("ive", "ive", "adj"), ("aire", "ary", "adj"),
    ("ose", "osis", "n"), ("el", "al", "adj"), ("elle", "al", "adj"), ("iser", "ize", "v"),
    ("er", "", "v"), ("er", "e", "v"), ("é", "ed", "pp"), ("ée", "ed", "pp"), ("e", "", "n"),
]
_PP_MIN_ZIPF = 3.5  # a participle cognate must be a common English word: "limités" -> "limited",
# but "consignées" is no "consigned" (a rarer English word, and a false friend)
_COMMON_FR = 4.5  # zipf: a French word this common that the lexicon lacks is not guessed as a cognate
_NOUN_END = re.compile(r"(tion|sion|ment|ure|ence|ance|isme|ité|ie|ose|yte|gène|ome|ine|eur|ste|gie)$")
_ADJ_END = re.compile(r"(ique|aire|al|el|if|eux|able|ible|ant|ent|oire)$")


def _zipf(word: str, lang: str) -> float:
    from ...evidence import zipf

    return zipf(word, lang)


def fr_cognate(tok: str) -> Optional[LexEntry]:
    """"génétique" -> "genetic": a rule-made English word that English really uses (wordfreq)."""
    w = tok.lower()
    if len(w) < 5 or not w.isalpha() or tok[:1].isupper():
        return None  # a capitalized unknown word is a name: not ours to translate
    if _zipf(w, "fr") >= _COMMON_FR and not (strip_accents(w) == w and _NOUN_END.search(w)):
        return None  # a common French word the lexicon lacks ("années", "finale", "carte"): no guess,
        # unless it is a learned noun spelled alike ("surveillance", "participation")
    singular = w[:-1] if _fr_is_plural(w) or (w.endswith("s") and not w.endswith("ss")) else w
    plain = strip_accents(singular)
    verb_form = _is_verb_form(w)  # "ramène" (ramener) is no noun "ramen"
    if not verb_form and (plain != strip_accents(w) or w == plain) and _zipf(plain, "en") >= 2.5:
        pos = "adj" if _ADJ_END.search(singular) else "n"
        return LexEntry(singular, plain, pos)
    for fr_end, en_end, pos in _FR_EN_SUFFIX:
        if verb_form and pos != "pp":
            continue
        if singular.endswith(fr_end):
            cand = strip_accents(singular[: len(singular) - len(fr_end)]) + en_end
            cand = re.sub(r"nn", "n", cand) if pos == "adj" and fr_end in ("el", "elle") else cand
            if len(cand) >= 4 and _zipf(cand, "en") >= (_PP_MIN_ZIPF if pos == "pp" else 2.5):
                return LexEntry(singular, cand, pos, "", {"pp": cand} if pos == "pp" else {})
    return None


def _is_verb_form(word: str) -> bool:
    """Whether the lemma table makes ``word`` a conjugated form or participle of a verb
    (its lemma is an infinitive other than the word and not just its plural)."""
    hit = lemma_table("fr").get(word)
    lemmas = hit if isinstance(hit, list) else [hit] if hit else []
    return any(lem != word and lem.endswith(("er", "ir", "re")) and not word.startswith(lem) for lem in lemmas)


# --- French to English ------------------------------------------------------------------------

def _fr_items(lex: Lexicon, tokens: list[str]) -> Optional[list[Item]]:
    items: list[Item] = []
    base_index = _fr_base_index(lex)
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
            cands = lex.fr(phrase) or base_index.get(_base_key(lex, phrase), [])
            if cands:
                e = cands[0]
                item = Item(phrase, e.en, e.pos, entry=e, cands=cands, gender=e.gender)
                if e.pos == "n":
                    item.plural = _fr_is_plural(tokens[i])
                    if item.plural != _fr_is_plural(e.fr.split(" ")[0]):
                        item.out = en_plural(e.en, e.forms) if item.plural else en_singular(e.en)
                items.append(item)
                i = j
                break
        else:
            cands, lemma = _lookup_word(lex, tok)
            cognate = False
            if not cands:
                c = fr_cognate(tok)
                if c is None:
                    return None
                cands, lemma, cognate = [c], (c.fr if c.fr != tok.lower() else None), True
            e = cands[0]
            item = Item(tok, e.en, e.pos, entry=e, cands=cands, gender=e.gender, cognate=cognate)
            item.plural = e.pos in ("n", "adj", "pre") and _fr_is_plural(tok)
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
    if items is None or all(it.pos in ("det", "prep") for it in items) or items[-1].pos == "det" or (items[-1].pos == "pre" and len(items) > 1
                                                    and items[-2].pos in ("det", "prep")):
        return None  # unknown word, an article cut from its noun, an adjective used as a pronoun
    for k in range(len(items) - 2):
        if (items[k].pos == "n" and lower_key(items[k + 1].src) in _COMPOUND_PREP
                and items[k + 2].pos in ("n", "adj")):
            return None
    if len(items) > 1 and any(it.cognate and it.out == lower_key(it.src) and not _NOUN_END.search(it.out)
                              for it in items):
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
        if low == "de" and it.pos == "prep" and k + 1 < len(items) and lower_key(items[k + 1].src) in ("le", "la", "les"):
            it.out, it.pos = "of the", "prep"
            items[k + 1].out, items[k + 1].pos = "", "gone"
        elif (low == "de" and it.pos == "prep" and prev is not None and prev.pos == "prep"
              and prev.out not in ("", "of", "of the") and k + 1 < len(items)):
            it.out, it.pos = "", "gone"  # partitive after a preposition: "avec d'autres personnes"
        elif (low in ("de", "d'") and it.pos == "prep" and (prev is None or prev.pos not in ("n", "x"))
              and k + 1 < len(items) and items[k + 1].pos == "pre" and items[k + 1].plural):
            it.out, it.pos = "", "gone"  # partitive before a plural adjective: "de nouveaux traitements"
        elif low == "de" and it.pos == "prep" and prev is not None and prev.entry is not None \
                and lower_key(prev.entry.fr) in _QUANTITY:
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
            while j < len(items) and (items[j].pos == "adj" or (items[j].vform == "pp" and not _followed_by_prep(items, j))):
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
        if (isinstance(a, _Group) and isinstance(b, _Group) and isinstance(de, Item) and de.out == "of"
                and not b.pre and not b.post and not b.head.plural and not b.head.proper
                and b.head.pos == "n" and " " not in b.head.src and not a.head.proper):
            a.head = Item(a.head.src, f"{b.head.out} {a.head.out}", "n", a.head.plural, entry=a.head.entry)
            del units[k + 1:k + 3]
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
