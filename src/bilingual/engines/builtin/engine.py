"""The built-in offline engine: termbase, phrase lexicon and a little grammar, for short spans.

A span is cut at punctuation into chunks; each chunk is matched against the
termbase and the lexicon (longest phrase first, then word by word through
lemmas), and the words are put into the output language's order: French
noun + adjective becomes English adjective + noun, "N de N" becomes a noun
compound or "N of N", articles follow English use, verbs are inflected.
English to French does the reverse for noun phrases.

It answers only when it is confident: every word known (the lexicon, the
termbase, or a checked cognate such as "génétique" -> "genetic"), a few words
only, and no clause it cannot handle. Anything else is ``None``: the span stays
as it is and is flagged ``untranslated``, never guessed word by word.
"""

from __future__ import annotations

import re
from typing import Optional, Sequence

from .en_fr import en_to_fr
from .fr_en import fr_to_en
from .items import PHRASE_CONFIDENCE
from .lexicon import Lexicon, LexEntry, builtin_lexicon
from .lookup import head_gender
from ..base import Translation
from ...model import Lang
from ...render import apply_changes
from ...terms import Termbase, acronym_matches, builtin_termbase, term_changes

MAX_WORDS = 12  # a longer span is a sentence: left to an MT engine
MAX_CHUNK_WORDS = 8
MAX_CLAUSE_WORDS = 5  # a span with a conjugated verb must be this short at most
MEMO_MAX = 20_000  # answers (and chunk translations) kept per engine; a memo is emptied when full

_WORD_PATTERN = r"(?:qu|jusqu|lorsqu|puisqu|[ldjmnstcLDJMNSTC])['’](?=[^\W\d_])|[^\W\d_]+(?:[-'’][^\W\d_]+)*"
_NUMBER_PATTERN = r"\d+(?:[.,:]\d+)*"
_TOKEN = re.compile(rf"(?P<w>{_WORD_PATTERN})|(?P<n>{_NUMBER_PATTERN})|(?P<s>\s*[^\w\s]+\s*|\s+)")
# The word tokens of _TOKEN alone: a separator match never covers a letter or digit, so this finds the
# very same words; counting them in C tells a span that is too long before any Python loop runs.
_WORDS = re.compile(rf"{_WORD_PATTERN}|{_NUMBER_PATTERN}")
_LETTERS2 = re.compile(r"[^\W\d_]{2,}")


class BuiltinEngine:
    """Offline termbase + lexicon engine; see the module docstring for what it translates."""

    name = "builtin"
    notes: Sequence[str] = ()

    def __init__(self, termbase: Optional[Termbase] = None, lexicon: Optional[Lexicon] = None, **_options):
        self.termbase = termbase or builtin_termbase()
        base = lexicon or builtin_lexicon()
        self.lexicon = base.copy()
        for e in reversed(self.termbase.entries):  # glossary terms win over the lexicon
            if e.is_acronym:
                self.lexicon.neutral.update((e.en, e.fr, *e.variants))
            else:
                self.lexicon.add(LexEntry(e.fr, e.en, "n", head_gender(self.lexicon, e.fr), {}), first=True)
        self._memo: dict = {}  # (text, source, target) -> answer: articles repeat their terms and phrases
        self._chunk_memo: dict = {}  # (source, *tokens) -> a chunk's translation

    def translate_batch(self, texts: Sequence[str], source: Lang, target: Lang) -> list[Optional[Translation]]:
        return [self.translate(t, source, target) for t in texts]

    def translate(self, text: str, source: Lang, target: Lang) -> Optional[Translation]:
        """One span, or ``None`` when there is no confident translation."""
        if source is target:
            return Translation(text)
        if text.count(" ") > 2 * MAX_WORDS:
            return None  # clearly a sentence: skip the work (and the memo)
        key = (text, source, target)
        memo = self._memo
        try:
            return memo[key]
        except KeyError:
            pass
        answer = self._translate(text, source, target)
        if len(memo) >= MEMO_MAX:
            memo.clear()
        memo[key] = answer  # the answer depends on the text and the pair only (termbase and lexicon are fixed)
        return answer

    def _translate(self, text: str, source: Lang, target: Lang) -> Optional[Translation]:
        if _borrowed_by(text, target):
            return Translation(text, PHRASE_CONFIDENCE)  # "déjà vu" is English: nothing to translate
        if _shouting(text):
            return None  # in capitals, acronyms cannot be told from words: "MERCI D'AVOIR TENU TÊTE"
        found = acronym_matches(text, self.termbase)
        if found:  # "les MSC" -> "les MSCs" (with no acronym, term_changes finds nothing here)
            text = apply_changes(text, term_changes(text, self.termbase, source, acronyms=found))
        n_words = len(_WORDS.findall(text))  # the words _split would put in chunks
        if n_words == 0 or n_words > MAX_WORDS:
            return None
        pieces = _split(text)
        out: list[str] = []
        finite = 0
        confidence = 1.0  # the least sure chunk's
        prev_sep = ""
        for piece in pieces:
            if isinstance(piece, str):
                out.append(piece)
                prev_sep = piece
                continue
            if len(piece) > MAX_CHUNK_WORDS:
                return None
            res = self._chunk(piece, source)
            if res is None:
                return None
            words, n_finite, conf = res
            finite += n_finite
            confidence = min(confidence, conf)
            if not words:
                out.append("")
                continue
            if prev_sep.strip()[-1:] in (":", ".", "!", "?") and piece[0][0][:1].isupper():
                words = words[0].upper() + words[1:]
            out.append(words)
        if finite > 1 or (finite and n_words > MAX_CLAUSE_WORDS):
            return None
        return Translation(_tidy("".join(out)), confidence)

    def _chunk(self, tokens: list[str], source: Lang) -> Optional[tuple[str, int, float]]:
        """One chunk's words in the other language (see ``fr_to_en``), kept for the chunk's next
        appearance: the same phrases come back inside different spans."""
        key = (source, *tokens)
        memo = self._chunk_memo
        try:
            return memo[key]
        except KeyError:
            pass
        res = fr_to_en(self.lexicon, tokens) if source is Lang.FR else en_to_fr(self.lexicon, tokens)
        if len(memo) >= MEMO_MAX:
            memo.clear()
        memo[key] = res
        return res


def _borrowed_by(text: str, target: Lang) -> bool:
    """Whether ``text`` is one of the phrases ``target`` borrowed (``data/borrowings.tsv``)."""
    from ...evidence.borrowings import borrowings
    from ...text.tokens import split_words

    ws = tuple(w.lower().replace("’", "'") for w in split_words(text.strip())[1::2])
    return bool(ws) and ws in borrowings(target)[1].get(ws[0], ())


def _shouting(text: str) -> bool:
    """Two or more words and not one lower-case letter."""
    return not any(map(str.islower, text)) and len(_LETTERS2.findall(text)) >= 2


def _split(text: str) -> list:
    """Chunks of words (lists of tokens) and the separators between them (strings, kept verbatim)."""
    pieces: list = []
    chunk: Optional[list] = None  # the chunk being filled, if the last piece is one
    tokens = _TOKEN.findall(text)  # (word, number, separator): one of them set
    last = len(tokens) - 1
    ends_in_space = text[-1:].isspace()  # then the last token is that space and reaches the end
    for k, (word, number, sep) in enumerate(tokens):
        if not sep:
            if chunk is None:
                chunk = []
                pieces.append(chunk)
            chunk.append(word or number)
        elif chunk is not None and not sep.strip() and (k < last or not ends_in_space):
            continue  # whitespace inside a chunk
        else:
            pieces.append(sep)
            chunk = None
    return pieces


def _tidy(s: str) -> str:
    s = re.sub(r" {2,}", " ", s)
    s = re.sub(r" ([,;:.)])", r"\1", s)
    s = re.sub(r"([,;:]) ?(?=[,;:])", "", s)  # a chunk that became empty leaves no double comma
    return s.strip(" ") if s.strip() else s
