"""The code's shape: no import cycles (lazy imports count too), no private names imported across modules."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_no_import_cycles_in_src_and_bench():
    r = subprocess.run([sys.executable, str(ROOT / "tools" / "import_cycles.py"), str(ROOT)],
                       capture_output=True, text=True, check=True)
    assert r.stdout.strip().splitlines()[-1] == "0 cycles", r.stdout
