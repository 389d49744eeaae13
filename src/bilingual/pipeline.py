"""The one entry point: :func:`process` wires the stages together.

read (files.py) -> segment -> detect -> chatter -> translate -> terms ->
render -> report. No Click, no printing, no file I/O here.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional, Sequence

from . import chatter
from . import decisions
from . import detect
from . import protect
from . import segment
from . import terms
from . import translate
from . import typography
from .config import Config
from .errors import InputError
from .engines import TranslationEngine, get_engine
from .model import Change, ChangeKind, Flag, FlagKind, Lang, Result, Span
from .render import apply_changes


def process(
    text: str,
    config: Config = Config(),
    engine: Optional[TranslationEngine] = None,
    protected: Sequence[Span] = (),
    edges: tuple[bool, bool] = (True, True),
) -> Result:
    """Detect, normalize and translate ``text``; return both outputs and every change.

    ``protected`` spans (Markdown code, URLs, markup) are neutral for detection and
    no stage changes them (see ``protect.py``). ``edges``: whether ``text`` starts
    and ends the document; chatter is only looked for at a document's edges
    (``bilingual.chunked`` passes chunks of a large input).

    >>> r = process("Stem cells, en particulier les Escs, are studied.")
    >>> r.base_lang
    <Lang.EN: 'en'>
    """
    _check_text(text)
    if config.markdown and not protected:  # Markdown code, URLs and markup are never touched
        from .markdown import protected_spans

        protected = protected_spans(text)
    termbase = terms.load_termbase(config.glossary)
    if engine is None:
        engine = make_engine(config)
    det, sents, protected = detect_text(text, config.base_lang, config.min_confidence, protected)

    dropped = chatter.find_chatter(text, *edges) if config.drop_chatter else []
    keep = dropped + protected  # spans no later stage may touch
    changes: list[Change] = []
    flags = list(det.flags)
    outputs = {}
    acronyms = terms.acronym_matches(text, termbase)  # the same words for both outputs
    for lang in (l for l in (Lang.EN, Lang.FR) if l.value in config.outputs):
        out_changes = [
            Change(
                lang,
                s.start,
                s.end,
                text[s.start : s.end],
                "",
                ChangeKind.CHATTER,
                note="line written by the generating machine, not part of the article",
            )
            for s in dropped
        ]
        flags += [
            Flag(
                FlagKind.CHATTER,
                s.start,
                s.end,
                text[s.start : s.end],
                "dropped as the generating machine's words to its user: check that it is not part "
                "of the article (--keep-chatter keeps such lines)",
                lang,
            )
            for s in dropped
        ]
        tr_changes, tr_flags = translate.translate(
            text, det.segments, sents, engine, lang, skip=keep, termbase=termbase
        )
        out_changes += tr_changes
        busy = keep + [_span(c) for c in tr_changes]
        out_changes += terms.term_changes(text, termbase, lang, det.segments, skip=busy, acronyms=acronyms)
        out_changes = typography.fix_changes(
            text, out_changes, lang, skip=keep, segments=det.segments, sentences=sents, convention=config.typography
        )
        outputs[lang] = apply_changes(text, out_changes)
        changes += out_changes
        flags += tr_flags
    flags.sort(key=lambda f: (f.start, f.end, f.kind))
    return Result(
        text=text,
        base_lang=det.base_lang,
        segments=det.segments,
        sentences=tuple(sents),
        changes=tuple(changes),
        flags=tuple(flags),
        outputs=outputs,
        engine=engine.name,
        notes=tuple(getattr(engine, "notes", ())),  # e.g. --engine auto fell back to builtin (engines/base.py)
    )


def detect_text(
    text: str,
    base_lang: Optional[str] = None,
    min_confidence: float = Config.min_confidence,
    protected: Sequence[Span] = (),
) -> tuple[detect.Detection, list[Span], list[Span]]:
    """Sentences and language segments of ``text``: the first half of :func:`process`, alone
    (``bilingual check`` needs no more). Returns (detection, sentences, protected spans normalized).

    ``protected`` spans are masked for segmentation and detection, then carved out of
    the segments as neutral stretches.
    """
    protected = protect.normalize([*protected, *decisions.marker_spans(text)], len(text))  # keep markers
    scan = protect.mask(text, protected)
    sents = segment.sentences(scan)
    det = detect.detect(scan, sents, base_lang, min_confidence)
    if protected:
        det = replace(
            det,
            segments=tuple(protect.carve(text, det.segments, protected)),
            flags=tuple(replace(f, text=text[f.start : f.end]) for f in det.flags),
        )
    return det, sents, protected


def make_engine(config: Config) -> TranslationEngine:
    """The engine ``config`` asks for, with its termbase (raises ``EngineUnavailable`` / ``GlossaryError``).

    Build it once and pass it to :func:`process` for many texts (batches, streamed chunks).
    """
    termbase = terms.load_termbase(config.glossary)
    engine = get_engine(config.engine, termbase=termbase, models_dir=config.models_dir)
    if config.memory:  # translation memories first (memory/)
        from .memory import with_memory

        engine = with_memory(engine, config.memory, termbase)
    return engine


_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_text(text: str) -> None:
    """Unpaired surrogates (possible in a Python str, never in decoded UTF-8) are refused."""
    bad = None if text.isascii() else _SURROGATE.search(text)
    if bad:
        raise InputError(
            f"input text: unpaired surrogate U+{ord(bad.group()):04X} at offset {bad.start()}, not valid Unicode"
        )


def _span(c: Change) -> Span:
    return Span(c.start, c.end)
