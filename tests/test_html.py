"""The HTML review page: self-contained, escaped, and rendered by a real headless browser."""
import re
import shutil
import subprocess
from pathlib import Path

from click.testing import CliRunner

from bilingual import process
from bilingual.cli import cli
from bilingual.config import Config
from bilingual.report_html import report_html

CHROMIUM = "/usr/bin/chromium"  # Debian's package; .ci/run installs it
ARTICLE = (
    "Stem Cells: Thérapie innovante\n\n"
    "Stem cells hold great promise, notamment pour les maladies du foie, and researchers are hopeful.\n"
    "Les cellules souches sont étudiées depuis longtemps. The ESCs and iPSCs are both studied.\n"
)
EVIL = "Stem cells are studied. <script>document.body.setAttribute('data-pwned', 'y' + 'es')</script>\n" \
       "Les cellules <img src=x onerror=\"document.title='pwned'\"> souches & \"quotes\".\n"


def run(*args, **kw):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, **kw)


def page(text: str, source: str = "article.txt") -> str:
    return report_html(process(text, Config(engine="builtin")), source)


def test_clean_writes_the_page(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    r = run("clean", src, "-o", tmp_path / "out", "--engine", "builtin")
    assert r.exit_code == 0, r.output
    html = (tmp_path / "out" / "a.report.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert "a.report.html" in r.stdout
    r = run("clean", src, "-o", tmp_path / "out2", "--no-html")
    assert not (tmp_path / "out2" / "a.report.html").exists()


def test_page_shows_flags_first_spans_and_changes():
    result = process(ARTICLE, Config(engine="builtin"))
    html = report_html(result, "article.txt")
    assert result.flags and result.changes
    assert html.index("<h2>Flags") < html.index("<h2>Source")
    assert html.count('<tr class="flag">') == len(result.flags)
    for lang in ("en", "fr"):  # one highlighted span per detected segment
        shown = len(re.findall(rf'<span class="l-{lang}( low)?" title=', html))
        assert shown == sum(s.lang is not None and s.lang.value == lang for s in result.segments) > 0
    for c in result.changes:  # every change: before, after, kind, engine, confidence
        assert f"<td>{c.kind}</td>" in html
        if c.after:
            assert f"<ins>{c.after}</ins>" in html
    translation = next(c for c in result.changes if c.kind == "translation")
    assert f"<td>{translation.engine}</td><td>{translation.confidence:.2f}</td>" in html


def test_self_contained():
    html = page(ARTICLE)
    assert not re.search(r"<(script|link|img|iframe|object|embed)\b", html, re.I)
    assert not re.search(r"\b(src|href)\s*=|url\(|@import", html, re.I)
    assert "default-src 'none'" in html


def test_article_markup_is_escaped():
    html = page(EVIL, "<b>x</b>.txt")
    assert "<script" not in html.lower() and "<img" not in html.lower() and "<b>" not in html
    text = re.sub(r"<[^>]*>", "", html)  # our own tags out: the article's text, highlighted in pieces
    assert "&lt;script&gt;document.body.setAttribute(&#x27;data-pwned&#x27;" in text
    assert "&lt;img src=x onerror=&quot;document.title=&#x27;pwned&#x27;&quot;&gt;" in text
    assert "&lt;b&gt;x&lt;/b&gt;.txt" in html


# --- in a real browser ----------------------------------------------------------------------

def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    assert shutil.which(CHROMIUM), f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does it)"
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}", *args],
        capture_output=True, timeout=120, check=True)


def colour_count(img, rgb: tuple[int, int, int], tol: int = 6) -> int:
    """How many pixels of ``img`` are within ``tol`` of ``rgb`` on every channel."""
    lo = tuple(max(0, v - tol) for v in rgb)
    hi = tuple(min(255, v + tol) for v in rgb)
    return sum(n for n, px in img.getcolors(img.width * img.height)
               if all(lo[k] <= px[k] <= hi[k] for k in range(3)))


def test_screenshot_shows_highlights(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    assert run("clean", src, "-o", tmp_path / "out", "--engine", "builtin", "-q").exit_code == 0
    shot = tmp_path / "shot.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,900",
             (tmp_path / "out" / "a.report.html").as_uri())
    from PIL import Image

    with Image.open(shot) as png:
        img = png.convert("RGB")
    assert img.size == (1200, 900)
    assert len(img.getcolors(img.width * img.height)) > 20, "the page looks blank"
    assert colour_count(img, (0xbc, 0xd7, 0xff)) > 1000, "no English highlight"
    assert colour_count(img, (0xff, 0xd5, 0x9a)) > 1000, "no French highlight"
    assert colour_count(img, (0xb7, 0xeb, 0xb0)) > 300, "no inserted text marked"
    assert colour_count(img, (0xff, 0xc4, 0xc4)) > 300, "no removed text marked"


def test_blank_page_has_none_of_the_highlights(tmp_path):
    """The screenshot check can fail: a page without our highlights has none of their colours."""
    from PIL import Image

    blank = tmp_path / "blank.html"
    blank.write_text("<!DOCTYPE html><p>Stem cells, les cellules souches.</p>", encoding="utf-8")
    shot = tmp_path / "blank.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=600,400", blank.as_uri())
    with Image.open(shot) as png:
        img = png.convert("RGB")
    assert colour_count(img, (0xbc, 0xd7, 0xff)) == colour_count(img, (0xff, 0xd5, 0x9a)) == 0


def test_script_in_the_article_does_not_run(tmp_path):
    src = tmp_path / "evil.txt"
    src.write_text(EVIL, encoding="utf-8")
    assert run("clean", src, "-o", tmp_path / "out", "--engine", "builtin", "-q").exit_code == 0
    dom = chromium(tmp_path, "--dump-dom", (tmp_path / "out" / "evil.report.html").as_uri()).stdout.decode()
    assert "<body" in dom and "bilingual review" in dom
    assert "data-pwned" in dom  # as text, escaped ...
    assert 'data-pwned="yes"' not in dom and "<title>pwned" not in dom  # ... never executed
