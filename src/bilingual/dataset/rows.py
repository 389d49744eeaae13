"""Rows of a data set cleaned in one of their fields: a clean row a language, and a report."""

from __future__ import annotations

from typing import Any, Iterable, Iterator, Mapping, NamedTuple, Optional, Sequence

from ..config import Config
from ..errors import EngineUnavailable, GlossaryError, InputError


class RowResult(NamedTuple):
    """One row, cleaned: the English and French rows (None when not asked for, or on
    error), the row's report (a dict), and the error (one line) if the row could not be cleaned."""

    en: Optional[dict]
    fr: Optional[dict]
    report: dict
    error: Optional[str] = None


def field_path(text_field: str) -> tuple[str, ...]:
    """``"meta.body"`` -> ``("meta", "body")``: a nested field, one key a level."""
    parts = tuple(text_field.split("."))
    if not all(parts):
        raise InputError(f"--text-field {text_field!r}: empty key in the field path")
    return parts


def process_rows(
    rows: Iterable[Mapping], config: Config = Config(), text_field: str = "text", engine=None, source: str = "row"
) -> Iterator[RowResult]:
    """Clean the ``text_field`` (``"meta.body"`` for a nested one) of each row; yield a
    :class:`RowResult` a row, in order. One engine serves every row (``engine``, else the
    one :func:`bilingual.workers.engine_for` keeps for ``config``): call it once per partition.

    A row without the field, or whose field is not a string or not valid Unicode, gives
    a result with ``error`` set and no clean rows. An unavailable engine or a bad
    glossary raises (:class:`EngineUnavailable`, :class:`GlossaryError`): the run's problem.

    >>> r = next(process_rows([{"id": 7, "text": "The liver can regenerate, notamment après une lésion."}]))
    >>> r.en["id"], r.en["text"], r.report["source"]
    (7, 'The liver can regenerate, notably after a lesion.', 'row:1')
    """
    from ..workers import engine_for

    path = field_path(text_field)
    engine = engine if engine is not None else engine_for(config)
    for i, row in enumerate(rows, 1):
        yield clean_row(row, path, config, engine, f"{source}:{i}")


def clean_row(row: Any, path: tuple[str, ...], config: Config, engine, source: str) -> RowResult:
    """Clean the field at ``path`` of one ``row``, named ``source`` in its report and errors."""
    from ..model import Lang
    from ..pipeline import process
    from ..report import build_report

    def failed(problem: str) -> RowResult:
        return RowResult(None, None, {"schema_version": 1, "source": source, "error": problem}, f"{source}: {problem}")

    if not isinstance(row, Mapping):
        return failed(f"not a JSON object ({type(row).__name__})")
    text: Any = row
    for i, key in enumerate(path):
        if not isinstance(text, Mapping) or key not in text:
            return failed(f"no field {'.'.join(path[: i + 1])!r}")
        text = text[key]
    if not isinstance(text, str):
        return failed(f"field {'.'.join(path)!r} is not a string ({type(text).__name__})")
    protected: Sequence = ()
    if config.markdown:
        from ..markdown import protected_spans

        protected = protected_spans(text)
    try:
        result = process(text, config, engine, protected=protected)
    except (EngineUnavailable, GlossaryError):
        raise
    except InputError as err:  # an unpaired surrogate (a JSON "\ud800" escape)
        return failed(f"field {'.'.join(path)!r}: {str(err).removeprefix('input text: ')}")
    report = build_report(result, source)
    counts = report["summary"]
    outs = {}
    for lang in (Lang.EN, Lang.FR):
        if lang in result.outputs:
            c = counts[lang.value]
            info = {
                "base_lang": result.base_lang.value,
                "changes": c["changes"],
                "flags": c["flags"],
                "input_flags": counts["input_flags"],
                "needs_review": bool(c["flags"] or counts["input_flags"]),
            }
            outs[lang] = _with_field(row, path, result.output(lang), info)
    return RowResult(outs.get(Lang.EN), outs.get(Lang.FR), report)


def _with_field(row: Mapping, path: tuple[str, ...], value: str, info: dict) -> dict:
    """A copy of ``row`` (the mappings along ``path`` copied, nothing else) with ``value``
    at ``path`` and ``info`` as its ``bilingual`` field."""
    out = dict(row)
    node = out
    for key in path[:-1]:
        node[key] = dict(node[key])
        node = node[key]
    node[path[-1]] = value
    out["bilingual"] = info
    return out
