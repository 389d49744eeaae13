"""Translation memories: earlier human (or external) translations, used before any engine.

``--memory FILE`` (repeatable) reads, told apart by their content:

* TMX (1.4, also 1.1-1.3): every ``<tu>`` with an English and a French ``<tuv>``;
* XLIFF 1.2 (and 1.0/1.1) or 2.x, filled by a translator or a tool: every unit
  whose target is not empty, in files whose languages are English and French
  (a target equal to its source counts only when its state says it was
  translated: tools copy the source into empty targets);
* TSV: ``en<TAB>fr`` a line (a header ``en fr``, or ``fr en`` to swap the
  columns, blank lines and ``#`` comments are skipped).

Pairs work both ways (an English-French pair serves fr->en and en->fr). When a
source text occurs twice, the first pair read wins (files in the order given).

A span matches **exactly** when both are the same after normalising: Unicode
NFC, every run of white space one space (French no-break spaces before ``; : !
?`` and inside ``« »`` removed), curly apostrophes as ``'``, the case of the
first and last letter, and final punctuation ignored. An exact match replaces
the span (a ``translation`` change with engine ``memory``), with the span's
surrounding white space and final punctuation; the termbase still wins inside
it (variants become the preferred term of the output language).

A **fuzzy** match (:data:`FUZZY_THRESHOLD`: a :class:`difflib.SequenceMatcher`
ratio of at least 0.75 between the normalised texts, i.e. three quarters of the
characters in matching blocks; scored are the entries that share at least half of
the span's words, by their first four letters) is never applied: it is offered, with its score,
as a suggestion on the span's ``untranslated`` flag (report and review page).
Malformed files are one-line errors (exit 4), like glossaries; XML is parsed
without entity expansion (:mod:`bilingual.safexml`).
"""
from __future__ import annotations

import codecs
import difflib
import functools
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional, Sequence

from .errors import GlossaryError
from .model import Lang, Segment
from .safexml import lang_of, local, parse, primary_lang

FUZZY_THRESHOLD = 0.75  # difflib ratio; below it a memory entry is not worth an editor's look
MAX_SUGGESTIONS = 3
_FINAL = ".!?;:,\u2026"
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_FR_SPACING = re.compile(r" (?=[;:!?»])|(?<=«) ")
_SPACED = re.compile(r" [;:!?»]|« ")
# inline codes of TMX and XLIFF (their content is native markup, not text) and XLIFF 2 <cp>
_CODES = {"bpt", "ept", "ph", "it", "ut", "x", "bx", "ex", "sc", "ec", "sm", "em"}
_DONE_STATES = {"translated", "signed-off", "final", "reviewed"}


class TranslationMemoryError(GlossaryError):
    """A translation memory file is missing or malformed (exit 4, like a glossary)."""


@dataclass(frozen=True)
class Suggestion:
    """A fuzzy match offered to the editor: the memory's translation, its source, the score."""

    text: str
    source: str
    score: float
    memory: str  # the file it came from

    def to_dict(self) -> dict:
        return {"text": self.text, "source": self.source, "score": round(self.score, 4), "memory": self.memory}


def normalize(text: str) -> str:
    """The form spans and memory entries are compared in (see the module doc).

    >>> normalize("  L’ARN est   stable ?") == normalize("l'ARN est stable")
    True
    """
    if not text.isascii():
        text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES)
    s = " ".join(text.split())
    if _SPACED.search(s):
        s = _FR_SPACING.sub("", s)
    s = s.rstrip(_FINAL + " ")
    if len(s) > 1:
        return s[0].lower() + s[1:-1] + s[-1].lower()
    return s.lower()


class Memory:
    """Pairs from one or more files, indexed for exact and fuzzy look-ups."""

    def __init__(self, pairs: Iterable[tuple[str, str, str]] = ()):
        self.exact: dict[Lang, dict[str, tuple[str, str, str]]] = {Lang.EN: {}, Lang.FR: {}}
        for en, fr, origin in pairs:
            for lang, src, tgt in ((Lang.EN, en, fr), (Lang.FR, fr, en)):
                key = normalize(src)
                if key and tgt.strip():
                    self.exact[lang].setdefault(key, (" ".join(tgt.split()), src, origin))
        self._words: dict[Lang, tuple] = {}  # built on the first fuzzy look-up (see _word_index)

    def __len__(self) -> int:
        return len(self.exact[Lang.EN])

    def _word_index(self, source: Lang) -> tuple:
        """(keys, each key's words, word -> indexes of the keys that have it); words are compared
        by their first four letters, so "cellules" and "cellule" are one."""
        if source not in self._words:
            keys = list(self.exact[source])
            words = [_words(k) for k in keys]
            postings: dict[str, list[int]] = {}
            for i, ws in enumerate(words):
                for w in ws:
                    postings.setdefault(w, []).append(i)
            self._words[source] = (keys, words, postings)
        return self._words[source]

    def _candidates(self, q: str, source: Lang) -> list[str]:
        """The keys worth scoring against ``q``: those with at least half of its words (a large
        memory is not compared with every span). Any such key has one of ``q``'s rarest
        ``len - half + 1`` words, so only their postings are read."""
        keys, words, postings = self._word_index(source)
        mine = _words(q)
        if not mine:
            return keys
        need = (len(mine) + 1) // 2
        rarest = sorted(mine, key=lambda w: (len(postings.get(w, ())), w))[:len(mine) - need + 1]
        seen = sorted({i for w in rarest for i in postings.get(w, ())})
        return [keys[i] for i in seen if len(mine & words[i]) >= need]

    def lookup(self, text: str, source: Lang) -> Optional[str]:
        hit = self.exact[source].get(normalize(text))
        return hit[0] if hit else None

    def fuzzy(self, text: str, source: Lang, threshold: float = FUZZY_THRESHOLD,
              limit: int = MAX_SUGGESTIONS) -> list[Suggestion]:
        """The best entries whose ratio with ``text`` is at least ``threshold`` (best first)."""
        q = normalize(text)
        if not q:
            return []
        n, t = len(q), threshold
        # ratio <= 2 * min(n, m) / (n + m): only lengths in this range can reach the threshold
        shortest, longest = n * t / (2 - t), n * (2 - t) / t
        sm = difflib.SequenceMatcher(None, autojunk=False)
        sm.set_seq2(q)
        found = []
        for key in self._candidates(q, source):
            if not shortest <= len(key) <= longest:
                continue
            sm.set_seq1(key)
            if sm.real_quick_ratio() >= t and sm.quick_ratio() >= t:
                score = sm.ratio()
                if score >= t:
                    tgt, src, origin = self.exact[source][key]
                    found.append(Suggestion(tgt, src, score, origin))
        found.sort(key=lambda s: (-s.score, s.source, s.text))
        return found[:limit]


# -- reading files ---------------------------------------------------------------------------

_WORD = re.compile(r"\w+")


def _words(key: str) -> set[str]:
    return {w[:4] for w in _WORD.findall(key.lower())}


def load_memory(paths: Sequence[os.PathLike | str]) -> Memory:
    """The memory of every file in ``paths`` (each parsed once per version of the file)."""
    pairs: list[tuple[str, str, str]] = []
    for p in paths:
        try:
            st = os.stat(p)
        except OSError as err:
            from .files import read_problem

            raise TranslationMemoryError(f"{p}: {read_problem(err, 'translation memory ')}") from None
        pairs += _read_cached(str(p), st.st_mtime_ns, st.st_size)
    return Memory(pairs)


@functools.lru_cache(maxsize=16)
def _read_cached(path: str, mtime_ns: int, size: int) -> list[tuple[str, str, str]]:
    return read_pairs(path)


def read_pairs(path: os.PathLike | str) -> list[tuple[str, str, str]]:
    """(English, French, file name) of every pair in a TMX, XLIFF or TSV file."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        from .files import read_problem

        raise TranslationMemoryError(f"{name}: {read_problem(err, 'translation memory ')}") from None
    origin = Path(path).name
    if _is_xml(data):
        root = parse(data, name, TranslationMemoryError, "TMX/XLIFF")
        kind = local(root.tag)
        if kind == "tmx":
            return _tmx(root, name, origin)
        if kind == "xliff":
            return _xliff(root, name, origin)
        raise TranslationMemoryError(f"{name}: not a translation memory: <{kind}> is neither TMX (<tmx>) nor XLIFF (<xliff>)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise TranslationMemoryError(f"{name}: not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}); "
                                     "expected TMX, XLIFF or TSV (en<TAB>fr)") from None
    return _tsv(text, name, origin)


def _is_xml(data: bytes) -> bool:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    return data[3:].lstrip().startswith(b"<") if data.startswith(codecs.BOM_UTF8) else data.lstrip().startswith(b"<")


def _tsv(text: str, name: str, origin: str) -> list[tuple[str, str, str]]:
    out, swap, first = [], False, True
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if first and [c.lower() for c in cols[:2]] in (["en", "fr"], ["fr", "en"]):
            swap, first = cols[0].lower() == "fr", False
            continue
        first = False
        if len(cols) < 2 or not cols[0] or not cols[1]:
            raise TranslationMemoryError(f"{name}:{lineno}: expected two columns (en, fr) separated by a tab")
        en, fr = (cols[1], cols[0]) if swap else (cols[0], cols[1])
        out.append((en, fr, origin))
    return out


def _plain(el) -> str:
    """The text of a segment without its inline codes (their tails are text)."""
    parts = [el.text or ""]
    for child in el:
        tag = local(child.tag)
        if tag == "cp":  # XLIFF 2: a code point XML cannot hold
            try:
                parts.append(chr(int(child.get("hex", ""), 16)))
            except ValueError:
                pass
        elif tag not in _CODES and tag:
            parts.append(_plain(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _child(el, name: str):
    return next((c for c in el if local(c.tag) == name), None)


def _no_pair(name: str, units: int, seen: set) -> TranslationMemoryError:
    langs = ", ".join(sorted(x for x in seen if x)) or "none"
    return TranslationMemoryError(f"{name}: none of its {units} translation units pairs English with French "
                                  f"(languages found: {langs})")


def _tmx(root, name: str, origin: str) -> list[tuple[str, str, str]]:
    out, units, seen = [], 0, set()
    for tu in (el for el in root.iter() if local(el.tag) == "tu"):
        units += 1
        segs = {}
        for tuv in (c for c in tu if local(c.tag) == "tuv"):
            lang = lang_of(tuv, "lang")
            seen.add(lang)
            seg = _child(tuv, "seg")
            if seg is not None and lang not in segs:
                segs[lang] = _plain(seg)
        if segs.get("en", "").strip() and segs.get("fr", "").strip():
            out.append((segs["en"], segs["fr"], origin))
    if units and not out and not {"en", "fr"} <= seen:
        raise _no_pair(name, units, seen)
    return out


def _xliff(root, name: str, origin: str) -> list[tuple[str, str, str]]:
    version = (root.get("version") or "").strip()
    if version.startswith("2"):
        return _xliff2(root, name, origin)
    out: list[tuple[str, str, str]]
    seen: set[str]
    out, units, seen = [], 0, set()
    for f in (el for el in root.iter() if local(el.tag) == "file"):
        src_lang, tgt_lang = primary_lang(f.get("source-language")), primary_lang(f.get("target-language"))
        seen.update((src_lang, tgt_lang))
        for tu in (el for el in f.iter() if local(el.tag) == "trans-unit"):
            units += 1
            src, tgt = _child(tu, "source"), _child(tu, "target")
            if {src_lang, tgt_lang} != {"en", "fr"} or src is None or tgt is None:
                continue
            done = (tgt.get("state") or "") in _DONE_STATES or tu.get("approved") == "yes"
            _add(out, _plain(src), _plain(tgt), src_lang, origin, done)
    if units and not out and not {"en", "fr"} <= seen:
        raise _no_pair(name, units, seen)
    return out


def _xliff2(root, name: str, origin: str) -> list[tuple[str, str, str]]:
    src_lang, tgt_lang = primary_lang(root.get("srcLang")), primary_lang(root.get("trgLang"))
    if {src_lang, tgt_lang} != {"en", "fr"}:
        units = sum(1 for el in root.iter() if local(el.tag) == "unit")
        if units:
            raise _no_pair(name, units, {src_lang, tgt_lang})
        return []
    out: list[tuple[str, str, str]] = []
    for unit in (el for el in root.iter() if local(el.tag) == "unit"):
        for seg in (c for c in unit if local(c.tag) == "segment"):
            src, tgt = _child(seg, "source"), _child(seg, "target")
            if src is not None and tgt is not None:
                _add(out, _plain(src), _plain(tgt), src_lang, origin, (seg.get("state") or "") in _DONE_STATES)
    return out


def _add(out: list, source: str, target: str, src_lang: str, origin: str, done: bool) -> None:
    if not target.strip() or not source.strip():
        return
    if " ".join(source.split()) == " ".join(target.split()) and not done:
        return  # the source copied into the target by a tool: not a translation
    out.append((source, target, origin) if src_lang == "en" else (target, source, origin))


# -- the engine ------------------------------------------------------------------------------

class MemoryEngine:
    """Answers the spans a memory has exactly; offers fuzzy matches through :meth:`suggest`."""

    name = "memory"
    notes: Sequence[str] = ()

    def __init__(self, memory: Memory, termbase=None):
        self.memory = memory
        self.termbase = termbase

    def translate_batch(self, texts: Sequence[str], source: Lang, target: Lang):
        from .engines.base import Translation

        out = []
        for text in texts:
            hit = self.memory.lookup(text, source)
            out.append(Translation(self._with_terms(fit(text, hit), target), 1.0) if hit else None)
        return out

    def suggest(self, text: str, source: Lang, target: Lang) -> list[Suggestion]:
        return self.memory.fuzzy(text, source)

    def _with_terms(self, text: str, target: Lang) -> str:
        """The termbase wins inside a memory's answer: its variants become the preferred terms."""
        if self.termbase is None or not text.strip():
            return text
        from .render import apply_changes
        from .terms import term_changes

        return apply_changes(text, term_changes(text, self.termbase, target, [Segment(0, len(text), target, 1.0)]))


def fit(span: str, translation: str) -> str:
    """``translation`` with the white space around ``span`` and its final punctuation (or none).

    >>> fit(" Le foie. ", "the liver"), fit("le foie", "The liver.")
    (' the liver. ', 'The liver')
    """
    lead = span[:len(span) - len(span.lstrip())]
    trail = span[len(span.rstrip()):]
    core = span.strip()
    body = " ".join(translation.split())
    want = core[len(core.rstrip(_FINAL)):]
    have = body[len(body.rstrip(_FINAL)):]
    if not want:
        body = body.rstrip(_FINAL).rstrip()
    elif not have:
        body += want
    return lead + body + trail


def with_memory(engine, paths: Sequence[os.PathLike | str], termbase=None):
    """``engine`` with the memories of ``paths`` asked first (same name, same notes)."""
    from .engines.chain import ChainEngine

    memory = load_memory(paths)
    return ChainEngine([MemoryEngine(memory, termbase), engine], name=engine.name)
