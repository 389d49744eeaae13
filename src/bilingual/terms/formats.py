"""Reading termbases: the shipped one, and user glossaries in TSV, CSV or TBX.

The formats are described in ``data/README.md``. Every error is one line naming the file and
the line (a :class:`~bilingual.errors.GlossaryError`, exit 4).
"""

from __future__ import annotations

import csv
import functools
import io
import os
import re
from pathlib import Path
from typing import Optional

from .._data import read_text
from ..errors import GlossaryError
from .termbase import Entry, Termbase


def parse_tsv(text: str, name: str, sep: str = "\t") -> Termbase:
    """Parse the TSV/CSV format described in ``data/README.md``; errors name the file and line."""
    entries = []
    header_seen = False
    rows = csv.reader(io.StringIO(text), delimiter=sep) if sep == "," else (ln.split(sep) for ln in text.splitlines())
    what = "a tab" if sep == "\t" else repr(sep)
    lineno = 1  # a CSV error on the first row comes before the loop sets it
    try:
        for lineno, cols in enumerate(rows, 1):
            if not cols or not "".join(cols).strip() or cols[0].lstrip().startswith("#"):
                continue
            cols = [c.strip() for c in cols]
            if not header_seen and [c.lower() for c in cols[:2]] == ["en", "fr"]:
                header_seen = True
                continue
            if len(cols) < 2 or not cols[0] or not cols[1]:
                raise GlossaryError(f"{name}:{lineno}: expected at least two columns (en, fr) separated by {what}")
            if len(cols) > 4 and any(cols[4:]):
                raise GlossaryError(
                    f"{name}:{lineno}: expected at most four columns (en, fr, variants, note), got {len(cols)}"
                )
            variants = tuple(v.strip() for v in cols[2].split("|") if v.strip()) if len(cols) > 2 else ()
            entries.append(Entry(cols[0], cols[1], variants, cols[3] if len(cols) > 3 else ""))
    except csv.Error as err:
        raise GlossaryError(f"{name}:{lineno}: {err}") from None
    if not entries:
        raise GlossaryError(f"{name}:1: no terms found (expected lines of en{sep}fr)")
    return Termbase(tuple(entries))


def parse_tbx(text: str, name: str) -> Termbase:
    """TBX (ISO 30042, v2 ``martif``/``termEntry`` or v3 ``conceptEntry``): English and French terms.

    In each entry the first term of a language (or the one marked ``preferredTerm``) is preferred;
    the others become variants of that language.
    """
    from ..safexml import XML_LANG, local, parse

    root = parse(text, name, GlossaryError, "TBX/XML")  # no entity expansion, no external entities
    entries = []
    starts = [m.start() for m in re.finditer(r"<(?:\w+:)?(?:termEntry|conceptEntry)\b", text)]
    concept_tags = ("termEntry", "conceptEntry")
    line, counted = 1, 0  # the line of the entry, counted on from the previous one (linear time)
    for n, entry in enumerate(el for el in root.iter() if local(el.tag) in concept_tags):
        if n < len(starts):
            line += text.count("\n", counted, starts[n])
            counted = starts[n]
        else:
            line = 1
        terms: dict[str, list[str]] = {}
        for ls in (el for el in entry.iter() if local(el.tag) == "langSet"):
            lang = (ls.get(XML_LANG) or ls.get("lang") or "").lower().split("-")[0].split("_")[0]
            forms: list[str] = []
            for holder in (el for el in ls.iter() if local(el.tag) in ("tig", "ntig", "termSec")):
                term = next((el for el in holder.iter() if local(el.tag) == "term"), None)
                if term is None or not "".join(term.itertext()).strip():
                    continue
                form = " ".join("".join(term.itertext()).split())
                status = " ".join(el.text or "" for el in holder.iter() if local(el.tag) == "termNote")
                forms.insert(0, form) if "preferred" in status else forms.append(form)
            if lang in ("en", "fr") and forms:
                terms.setdefault(lang, []).extend(forms)
        if "en" not in terms or "fr" not in terms:
            missing = "English" if "en" not in terms else "French"
            raise GlossaryError(
                f'{name}:{line}: term entry has no {missing} term (langSet xml:lang="{"en" if missing == "English" else "fr"}")'
            )
        variants = tuple(f"en:{v}" for v in terms["en"][1:]) + tuple(f"fr:{v}" for v in terms["fr"][1:])
        entries.append(Entry(terms["en"][0], terms["fr"][0], variants))
    if not entries:
        raise GlossaryError(f"{name}:1: no termEntry found in TBX file")
    return Termbase(tuple(entries))


@functools.cache
def builtin_termbase() -> Termbase:
    return parse_tsv(read_text("termbase.tsv"), "termbase.tsv")


def load_glossary(path: Path) -> Termbase:
    """A user glossary: TBX by extension (.tbx, .xml) or content, CSV for .csv, else TSV."""
    from ..files import not_regular

    p = Path(path)
    problem = not_regular(p, "glossary ")
    if problem:
        raise GlossaryError(f"{path}: {problem}")
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise GlossaryError(f"{path}: not UTF-8 text; save the glossary as UTF-8") from None
    except OSError as err:
        from ..files import read_problem

        raise GlossaryError(f"{path}: {read_problem(err, 'glossary ')}") from None
    if p.suffix.lower() in (".tbx", ".xml") or text.lstrip().startswith("<"):
        return parse_tbx(text, str(path))
    return parse_tsv(text, str(path), "," if p.suffix.lower() == ".csv" else "\t")


def load_termbase(glossary: Optional[Path] = None) -> Termbase:
    """The shipped termbase, with ``glossary`` (TSV, CSV or TBX) merged over it."""
    if glossary is None:
        return builtin_termbase()
    try:
        st = os.stat(glossary)
    except OSError:
        return builtin_termbase().merged(load_glossary(glossary))  # raises the one-line error
    return _merged_glossary(str(glossary), st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=8)
def _merged_glossary(path: str, mtime_ns: int, size: int) -> Termbase:
    """Parsed and merged once per file version: batches and chunks reuse it (and its matcher)."""
    return builtin_termbase().merged(load_glossary(Path(path)))
