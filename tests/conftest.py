import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture
def article_path(tmp_path) -> Path:
    p = tmp_path / "article.txt"
    shutil.copy(ROOT / "input" / "article.txt", p)
    return p
