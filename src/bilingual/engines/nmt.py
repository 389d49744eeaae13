"""The ``nmt`` engine: CTranslate2 + SentencePiece over installed Argos / OPUS-MT models.

The only module that imports ``ctranslate2`` and ``sentencepiece``, and only
when the engine is built (``pip install ctranslate2 sentencepiece``). It never
downloads: models come from the store (:mod:`bilingual.models`).

For each batch of spans it:

1. protects termbase terms: each mention becomes a placeholder token that is
   unknown to the model, so CTranslate2 (``replace_unknowns=True``) copies it
   through; it is then replaced by the term preferred in the target language;
2. tokenizes with SentencePiece and translates all spans in one
   ``translate_batch`` call (beam search, deterministic, capped length);
3. decodes (pieces joined, ``▁`` -> space, an optional ``target_prefix``
   dropped) and fits the answer to the span: its surrounding whitespace and
   its final punctuation.

A span whose placeholders do not come back is translated again in pieces cut
at the terms (one more batch for all such spans), so the preferred term is
forced into the output at the place it had in the source.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from typing import Any, Optional, Sequence

from .. import models
from ..errors import EngineUnavailable
from ..model import Lang
from ..terms import Termbase, builtin_termbase
from .base import Translation

MAX_LENGTH_ENV = "BILINGUAL_NMT_MAX_DECODING_LENGTH"  # caps decoding (default: 2 x the longest input + 10)
MAX_DECODING_LENGTH = 100_000  # tokens: a larger cap (or a negative one) is refused, not passed to CTranslate2
INSTALL_EXTRA = "the nmt engine needs: pip install ctranslate2 sentencepiece"
_PLACEHOLDER = "\u2983{}\u2984"  # ⦃0⦄: not in any SentencePiece vocabulary, so <unk> and copied back
_PLACEHOLDER_RE = re.compile("\u2983(\\d+)\u2984")
_FINAL_PUNCT = ".!?;:,\u2026"
_SPACE = "\u2581"
_WORD = re.compile(r"\w+")
_BYTES = re.compile(r"(?:<0x[0-9A-Fa-f]{2}>)+")  # SentencePiece byte-fallback pieces
_OPENING = re.compile(r"[,;:)\]}\u00bb\u201d]+\s*")
_CLOSING = re.compile(r"\s*[(\[{\u00ab\u201c]+$")


def missing_pair_message(source: str, target: str) -> str:
    return (
        f"no nmt model installed for {source}->{target}; run: bilingual models install {source}-{target} "
        "(or, from a downloaded file: bilingual models install PATH)"
    )


@dataclass
class LoadedModel:
    """A translator and its tokenizers, loaded once per model folder."""

    info: models.ModelInfo
    translator: Any  # ctranslate2.Translator (untyped)
    source_sp: Any  # sentencepiece.SentencePieceProcessor
    target_sp: Any

    def encode(self, text: str) -> list[str]:
        """SentencePiece pieces for ``text``, with each placeholder as one (unknown) piece."""
        out: list[str] = []
        pos = 0
        for m in _PLACEHOLDER_RE.finditer(text):
            out += self.source_sp.encode(text[pos : m.start()], out_type=str)
            out.append(_SPACE + m.group())
            pos = m.end()
        out += self.source_sp.encode(text[pos:], out_type=str)
        return out

    def decode(self, pieces: Sequence[str]) -> str:
        """Pieces to text as Argos does (joined, ``▁`` -> space), byte-fallback pieces decoded."""
        prefix = self.info.target_prefix
        if prefix and pieces and pieces[0] == prefix:
            pieces = pieces[1:]
        text = "".join(pieces)
        if "<0x" in text:
            text = _BYTES.sub(
                lambda m: bytes.fromhex(m.group().replace("<0x", "").replace(">", "")).decode("utf-8", "replace"), text
            )
        return text.replace(_SPACE, " ").strip()


_LOADED: dict[tuple, LoadedModel] = {}


def load(info: models.ModelInfo, device: str = "cpu", intra_threads: int = 0) -> LoadedModel:
    """The translator and tokenizers of ``info``, loaded once per model folder (until it changes)."""
    try:
        stamp = (info.model_path / "model.bin").stat().st_mtime_ns
    except OSError:
        stamp = None
    key = (str(info.model_path), stamp, device, intra_threads)
    if key not in _LOADED:
        if len(_LOADED) >= 4:
            _LOADED.pop(next(iter(_LOADED)))
        _LOADED[key] = _load(info, device, intra_threads)
    return _LOADED[key]


def _load(
    info: models.ModelInfo,
    device: str,
    intra_threads: int,
    remedy: str = "; reinstall it: bilingual models install PATH --force",
) -> LoadedModel:
    ctranslate2, spm = _imports()
    try:
        translator = ctranslate2.Translator(
            str(info.model_path), device=device, inter_threads=1, intra_threads=intra_threads
        )
        src = spm.SentencePieceProcessor(model_file=str(info.source_spm))
        tgt = src if info.target_spm == info.source_spm else spm.SentencePieceProcessor(model_file=str(info.target_spm))
    except (RuntimeError, OSError, ValueError) as err:
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise EngineUnavailable(f"{info.name}: cannot load the model ({first}){remedy}") from None
    return LoadedModel(info, translator, src, tgt)


def check(info: models.ModelInfo) -> None:
    """Load ``info``'s model and tokenizers once, as ``bilingual models install`` does before
    installing; :class:`EngineUnavailable` if they cannot be used (or the extra is missing)."""
    _load(info, "cpu", 1, remedy="")


def _imports():
    try:
        import ctranslate2
        import sentencepiece
    except ImportError:
        raise EngineUnavailable(INSTALL_EXTRA) from None
    return ctranslate2, sentencepiece


class NmtEngine:
    """Neural MT over installed models; see the module docstring.

    ``max_decoding_length``: the most pieces decoded per span; default
    ``$BILINGUAL_NMT_MAX_DECODING_LENGTH``, else twice the longest input of the
    batch plus 10 (at most 512). ``beam_size``: beam search width (no sampling,
    so the output is deterministic).

    ``strict`` (default): a direction with no installed model raises
    :class:`EngineUnavailable`. Not strict (``--engine auto``): it answers
    ``None`` for those spans and says so once in :attr:`notes`.
    """

    name = "nmt"

    def __init__(
        self,
        termbase: Optional[Termbase] = None,
        models_dir=None,
        beam_size: int = 4,
        max_decoding_length: Optional[int] = None,
        device: str = "cpu",
        intra_threads: int = 0,
        strict: bool = True,
        **_options,
    ):
        _imports()
        self.termbase = termbase or builtin_termbase()
        self.models_dir = models_dir
        self.beam_size = beam_size
        if max_decoding_length is None and os.environ.get(MAX_LENGTH_ENV):
            try:
                max_decoding_length = int(os.environ[MAX_LENGTH_ENV])
            except ValueError:
                raise EngineUnavailable(
                    f"{MAX_LENGTH_ENV}={os.environ[MAX_LENGTH_ENV]!r}: not a whole number"
                ) from None
            if not 1 <= max_decoding_length <= MAX_DECODING_LENGTH:
                raise EngineUnavailable(
                    f"{MAX_LENGTH_ENV}={os.environ[MAX_LENGTH_ENV]!r}: must be a whole number "
                    f"from 1 to {MAX_DECODING_LENGTH}"
                )
        self.max_decoding_length = max_decoding_length
        self.device = device
        self.intra_threads = intra_threads
        self.strict = strict
        self.notes: list[str] = []
        self.forced_spans = 0  # spans whose placeholders did not come back (translated in pieces)
        self._models: dict[tuple[Lang, Lang], Optional[LoadedModel]] = {}
        self._terms: dict[tuple[Lang, Lang], tuple[Optional[re.Pattern], dict[str, str], Optional[set[str]]]] = {}

    def model(self, source: Lang, target: Lang) -> Optional[LoadedModel]:
        """The loaded model for the pair (looked up in the store once per engine), or ``None``."""
        key = (source, target)
        if key not in self._models:
            info = models.find(str(source), str(target), self.models_dir)
            self._models[key] = load(info, self.device, self.intra_threads) if info else None
        return self._models[key]

    def translate_batch(self, texts: Sequence[str], source: Lang, target: Lang) -> list[Optional[Translation]]:
        if not texts:
            return []
        try:
            model = self.model(source, target)
            if model is None:
                raise EngineUnavailable(missing_pair_message(str(source), str(target)))
        except EngineUnavailable as err:
            if self.strict:
                raise
            self._models[(source, target)] = None
            note = f"{err}; the builtin engine was used for {source}->{target}"
            if note not in self.notes:
                self.notes.append(note)
            return [None] * len(texts)
        protected = [self._protect(t, source, target) for t in texts]
        raw = self._run(model, [p[0] for p in protected])
        out: list[Optional[Translation]] = []
        retry = []
        for i, ((masked, terms), (text, conf)) in enumerate(zip(protected, raw)):
            restored = _restore(text, terms)
            if restored is None:
                retry.append(i)
                out.append(None)
            else:
                out.append(_answer(texts[i], restored, conf))
        if retry:
            self.forced_spans += len(retry)
            self._forced(model, texts, protected, retry, out)
        return out

    # -- steps -------------------------------------------------------------

    def _run(self, model: LoadedModel, texts: Sequence[str]) -> list[tuple[str, float]]:
        """One CTranslate2 call for all ``texts``: (decoded text, confidence) each."""
        batch = [model.encode(t) for t in texts]
        nonempty = [i for i, b in enumerate(batch) if b]
        results = [("", 0.0)] * len(batch)
        if not nonempty:
            return results
        tokens = [batch[i] for i in nonempty]
        longest = max(len(t) for t in tokens)
        kwargs = {}
        if model.info.target_prefix:
            kwargs["target_prefix"] = [[model.info.target_prefix]] * len(tokens)
        answers = model.translator.translate_batch(
            tokens,
            beam_size=self.beam_size,
            max_decoding_length=self.max_decoding_length or min(512, 2 * longest + 10),
            replace_unknowns=True,
            return_scores=True,
            max_batch_size=32,
            **kwargs,
        )
        for i, a in zip(nonempty, answers):
            score = a.scores[0] if a.scores else -math.inf
            results[i] = (model.decode(a.hypotheses[0]), math.exp(min(0.0, score)))
        return results

    def _forced(self, model, texts, protected, retry, out) -> None:
        """Translate the text between the terms, and put the preferred terms back in place."""
        pieces = {i: _PLACEHOLDER_RE.split(protected[i][0]) for i in retry}  # text, n, text, n, text...
        todo = [(i, k) for i in retry for k in range(0, len(pieces[i]), 2) if _has_letters(pieces[i][k])]
        done = dict(zip(todo, self._run(model, [pieces[i][k] for i, k in todo])))
        for i in retry:
            parts, confs = [], []
            for k, piece in enumerate(pieces[i]):
                if k % 2:
                    parts.append(protected[i][1][int(piece)])
                elif (i, k) in done:
                    text, conf = done[(i, k)]
                    if not text:
                        break
                    text = _fit(piece, text)
                    if k and piece.lstrip()[:1].islower() and text.split() and not _has_upper(text.split()[0][1:]):
                        text = _lower_first(text)
                    parts.append(text)
                    confs.append(conf)
                else:
                    parts.append(piece)
            else:
                out[i] = _answer(texts[i], "".join(parts), min(confs, default=1.0))

    def _protect(self, text: str, source: Lang, target: Lang) -> tuple[str, list[str]]:
        """``text`` with each termbase mention replaced by a placeholder, and the target terms."""
        pattern, preferred, firsts = self._term_pattern(source, target)
        if pattern is None or (firsts is not None and firsts.isdisjoint(_WORD.findall(text.lower()))):
            return text, []  # no word of the text starts a term: skip the long alternation
        terms: list[str] = []

        def sub(m):
            terms.append(preferred.get(m.group()) or preferred[m.group().lower()])
            return _PLACEHOLDER.format(len(terms) - 1)

        return pattern.sub(sub, text), terms

    def _term_pattern(self, source: Lang, target: Lang):
        key = (source, target)
        if key not in self._terms:
            preferred: dict[str, str] = {}
            for e in self.termbase.entries:
                for form in (e.preferred(source), *e.variants_for(source), e.preferred(target)):
                    k = form if _has_upper(form) else form.lower()
                    preferred.setdefault(k, e.preferred(target))
            alts = [
                re.escape(f) if _has_upper(f) else f"(?i:{re.escape(f)})"
                for f in sorted(preferred, key=len, reverse=True)
            ]
            pattern = re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)") if alts else None
            starts = [_WORD.match(f.lower()) for f in preferred]  # a term's first word is a word of the text
            firsts = None if any(m is None for m in starts) else {m.group() for m in starts if m is not None}
            self._terms[key] = (pattern, preferred, firsts)
        return self._terms[key]


def _restore(text: str, terms: list[str]) -> Optional[str]:
    """Placeholders back to terms; ``None`` when one is missing or repeated."""
    found = [int(n) for n in _PLACEHOLDER_RE.findall(text)]
    if sorted(found) != list(range(len(terms))):
        return None
    return _PLACEHOLDER_RE.sub(lambda m: terms[int(m.group(1))], text)


def _answer(source: str, text: str, confidence: float) -> Optional[Translation]:
    fitted = _fit(source, text)
    return Translation(fitted, round(confidence, 4)) if fitted.strip() else None


def _fit(source: str, text: str) -> str:
    """``text`` with the whitespace around ``source`` and its final punctuation (or lack of it)."""
    core = source.strip()
    if not core or not text.strip():
        return text.strip()
    lead = source[: len(source) - len(source.lstrip())]
    trail = source[len(source.rstrip()) :]
    src_punct = core[len(core.rstrip(_FINAL_PUNCT)) :]
    body = text.strip()
    out_punct = body[len(body.rstrip(_FINAL_PUNCT)) :]
    if not src_punct:
        body = body.rstrip(_FINAL_PUNCT).rstrip()
    elif not out_punct:
        body = body + src_punct
    opening = _OPENING.match(core) if not core[0].isalnum() else None  # ", et" after a term: keep the comma
    if opening and not body.startswith(opening.group().strip()):
        body = opening.group() + body
    closing = _CLOSING.search(core) if not core[-1].isalnum() else None  # "les cellules (" before a term
    if closing and not body.endswith(closing.group().strip()):
        body = body + closing.group()
    return lead + body + trail


def _lower_first(s: str) -> str:
    i = len(s) - len(s.lstrip())
    return s[:i] + s[i : i + 1].lower() + s[i + 1 :]


def _has_upper(s: str) -> bool:
    return any(c.isupper() for c in s)


def _has_letters(s: str) -> bool:
    return any(c.isalpha() for c in s)
