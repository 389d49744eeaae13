"""Reading translation memory files: TMX, XLIFF and TSV, told apart by their content.

Each file gives (English, French, file name) pairs; :func:`load_memory` reads every file once per
version of it and indexes their pairs (:class:`~.index.Memory`). Malformed files are one-line
errors (exit 4), like glossaries; XML is parsed without entity expansion (:mod:`bilingual.safexml`).
"""

from __future__ import annotations

import codecs
import functools
import os
from pathlib import Path
from typing import Sequence

from ..errors import GlossaryError
from ..files import not_utf8
from ..safexml import lang_of, local, parse, primary_lang
from .index import Memory

# inline codes of TMX and XLIFF (their content is native markup, not text) and XLIFF 2 <cp>
_CODES = {"bpt", "ept", "ph", "it", "ut", "x", "bx", "ex", "sc", "ec", "sm", "em"}
_DONE_STATES = {"translated", "signed-off", "final", "reviewed"}


class TranslationMemoryError(GlossaryError):
    """A translation memory file is missing or malformed (exit 4, like a glossary)."""


def load_memory(paths: Sequence[os.PathLike | str]) -> Memory:
    """The memory of every file in ``paths`` (each parsed once per version of the file)."""
    pairs: list[tuple[str, str, str]] = []
    for p in paths:
        try:
            st = os.stat(p)
        except OSError as err:
            from ..files import read_problem

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
        from ..files import read_problem

        raise TranslationMemoryError(f"{name}: {read_problem(err, 'translation memory ')}") from None
    origin = Path(path).name
    if _is_xml(data):
        root = parse(data, name, TranslationMemoryError, "TMX/XLIFF")
        kind = local(root.tag)
        if kind == "tmx":
            return _tmx(root, name, origin)
        if kind == "xliff":
            return _xliff(root, name, origin)
        raise TranslationMemoryError(
            f"{name}: not a translation memory: <{kind}> is neither TMX (<tmx>) nor XLIFF (<xliff>)"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise TranslationMemoryError(f"{name}: {not_utf8(err)}; expected TMX, XLIFF or TSV (en<TAB>fr)") from None
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
    return TranslationMemoryError(
        f"{name}: none of its {units} translation units pairs English with French (languages found: {langs})"
    )


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
