"""Golden input/expected pairs: tests/golden/<case>/input.<ext> -> expected.<lang>.<ext>.

The outputs are what the built-in engine writes through the CLI, byte for byte.
To accept a deliberate change of output, regenerate with:

    BILINGUAL_REGEN_GOLDEN=1 python -m pytest tests/test_golden.py

and review the diff before committing it.
"""

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from bilingual.cli import cli

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p for p in GOLDEN.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden(case, tmp_path):
    (src,) = case.glob("input.*")
    r = CliRunner().invoke(cli, ["clean", str(src), "-o", str(tmp_path), "-e", "builtin", "-q", "--no-html"])
    assert r.exit_code == 0, r.output
    for lang in ("en", "fr"):
        got = (tmp_path / f"input.{lang}{src.suffix}").read_bytes()
        expected = case / f"expected.{lang}{src.suffix}"
        if os.environ.get("BILINGUAL_REGEN_GOLDEN"):
            expected.write_bytes(got)
        assert got == expected.read_bytes(), f"{case.name}: {lang} output differs from {expected}"


def test_cleaning_a_golden_output_again_changes_nothing(tmp_path):
    case = GOLDEN / "article"
    first = tmp_path / "first.txt"
    first.write_bytes((case / "expected.en.txt").read_bytes())
    r = CliRunner().invoke(cli, ["clean", str(first), "-o", str(tmp_path / "o"), "-e", "builtin", "-q", "--no-html"])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "o" / "first.en.txt").read_bytes() == first.read_bytes()
