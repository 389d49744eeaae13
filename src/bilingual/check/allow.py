"""Accepted words for ``bilingual check``: an allowlist and the termbase.

A finding is accepted (not reported) when every word of its span is covered by
an accepted word or phrase:

- an allowlist (``--allow FILE``, the ``allow`` setting): one word or phrase a
  line, ``#`` starts a comment line; matching ignores case but not accents
  (``déjà vu`` does not accept ``deja vu``);
- every term of the termbase (shipped, and ``--glossary``), its English and
  French forms and variants, in either language; matched as the termbase
  matches terms: ignoring case, accents and a plural ``-s``/``-x``.

Words are runs of letters; hyphens and apostrophes separate them, so the
phrase ``savoir-faire`` covers ``Savoir-faire`` and ``savoir faire``.

>>> a = Allowlist(["savoir-faire", "Déjà vu"])
>>> a.accepts("savoir-faire"), a.accepts("DÉJÀ VU"), a.accepts("deja vu"), a.accepts("le savoir-faire")
(True, True, False, False)
>>> Allowlist(terms=["cellule souche"]).accepts("cellules souches")
True
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Sequence

from ..errors import ConfigError

_WORD = re.compile(r"[^\W\d_]+")


class Allowlist:
    def __init__(self, phrases: Iterable[str] = (), terms: Iterable[str] = ()):
        self._exact = {k for k in (_exact_key(p) for p in phrases) if k}
        self._terms = {k for k in (_term_key(t) for t in terms) if k}
        self._longest = max(map(len, self._exact | self._terms), default=0)

    def __bool__(self) -> bool:
        return self._longest > 0

    def accepts(self, text: str) -> bool:
        """Whether every word of ``text`` is part of an accepted word or phrase (False if no word)."""
        words = _WORD.findall(text)
        if not words or not self:
            return False
        exact = [w.casefold() for w in words]
        folded = [_term_word(w) for w in words]
        covered = [False] * len(words)
        for i in range(len(words)):
            for n in range(min(self._longest, len(words) - i), 0, -1):
                if tuple(exact[i : i + n]) in self._exact or tuple(folded[i : i + n]) in self._terms:
                    covered[i : i + n] = [True] * n
                    break
        return all(covered)


def read_allowlist(path: Path) -> list[str]:
    """The phrases of an allowlist file (UTF-8; blank lines and ``#`` comment lines skipped)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text; save the allowlist as UTF-8") from None
    except OSError as err:
        from ..files import read_problem

        raise ConfigError(f"{path}: {read_problem(err, 'allowlist ')}") from None
    return [s for s in (line.strip() for line in text.splitlines()) if s and not s.startswith("#")]


def build(allow_files: Sequence[Path] = (), glossary: Path | None = None) -> Allowlist:
    """The allowlist of a ``check`` run: the phrases of ``allow_files`` and every termbase form."""
    from ..terms import load_termbase

    phrases = [p for f in allow_files for p in read_allowlist(f)]
    forms = []
    for entry in load_termbase(glossary).entries:
        forms += [entry.en, entry.fr] + [v.partition(":")[2] if v[:3] in ("en:", "fr:") else v for v in entry.variants]
    return Allowlist(phrases, forms)


def _exact_key(phrase: str) -> tuple[str, ...]:
    return tuple(w.casefold() for w in _WORD.findall(phrase))


def _term_key(term: str) -> tuple[str, ...]:
    return tuple(_term_word(w) for w in _WORD.findall(term))


def _term_word(word: str) -> str:
    from ..text.fold import strip_accents

    w = strip_accents(word.casefold())
    return w[:-1] if len(w) > 3 and w[-1] in "sx" else w
