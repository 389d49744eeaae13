"""JSON Lines data sets: one article per row, cleaned in one of its fields.

``bilingual clean data.jsonl --text-field text`` writes ``data.en.jsonl``,
``data.fr.jsonl`` and ``data.report.jsonl`` (see docs/scaling.md). Each output
row is the input row with every field kept, the named field holding the cleaned
text, and a ``bilingual`` object: ``base_lang``, that output's ``changes`` and
``flags``, the ``input_flags`` and ``needs_review``. The report has one line a
row: the report of ``bilingual clean`` for that row's text (offsets index the
field's text), whose ``source`` is ``FILE:LINE``.

The file is read line by line (memory bounded by the longest row, not the file)
in partitions of at most :data:`PART_ROWS` rows or :data:`PART_BYTES` bytes
(:mod:`.lines`); :func:`clean_lines` cleans one partition into bytes, here or in a
worker process (``--jobs``) or on a Dask worker (``cluster.py``), and the partitions
are written in order to temporary files renamed into place at the end (:mod:`.cleaning`):
the same bytes whoever cleaned them, and no output file after an error. The rows
themselves are cleaned by :mod:`.rows`.

A row that is not a JSON object, not UTF-8, lacks the field or holds no string
there is a row error, reported as ``FILE:LINE: problem``, counted, and written
to the report; with ``on_error="skip"`` (default) it is left out of the clean
outputs, with ``"keep"`` its line is copied through unchanged into both. Blank
lines are not rows: they are passed over.

A shard ``(k, n)`` is the rows whose line starts in the ``k``-th of ``n`` equal
byte ranges of the file: each shard reads only its range (and counts the line
breaks before it, for line numbers), and the shards' outputs concatenated in
order are the unsharded outputs, byte for byte.
"""

from .cleaning import ON_ERROR, DatasetOutcome, clean_dataset, output_names
from .lines import PART_BYTES, PART_ROWS, Part, clean_lines, partitions, read_lines
from .rows import RowResult, clean_row, field_path, process_rows

__all__ = [
    "PART_BYTES",
    "PART_ROWS",
    "Part",
    "clean_lines",
    "partitions",
    "read_lines",
    "RowResult",
    "clean_row",
    "field_path",
    "process_rows",
    "ON_ERROR",
    "DatasetOutcome",
    "clean_dataset",
    "output_names",
]
