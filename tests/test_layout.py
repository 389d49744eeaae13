"""The code's shape: no import cycles (lazy imports count too), no private names imported across modules."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_no_import_cycles_in_src_and_bench():
    r = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "import_cycles.py"), str(ROOT)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert r.stdout.strip().splitlines()[-1] == "0 cycles", r.stdout


SRC = ROOT / "src" / "bilingual"
# "from .x import _y": a module reaching into another's private names (the grep, as a test)
PRIVATE_IMPORT = re.compile(r"^\s*from \.+[a-z_.]* import .*\b_[a-z]", re.M)
LONG_ALLOWED = {"markdown.py", "engines/nmt.py", "models.py"}  # a parser adapter, the nmt engine, the model store
MAX_LINES = 310


def test_no_private_names_imported_across_modules():
    found = [
        f"{p.relative_to(SRC)}: {m.group().strip()}"
        for p in SRC.rglob("*.py")
        for m in PRIVATE_IMPORT.finditer(p.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_modules_stay_short():
    long = {
        str(p.relative_to(SRC)): n
        for p in SRC.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert set(long) <= LONG_ALLOWED, long
