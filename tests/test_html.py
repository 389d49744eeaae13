"""The HTML review page: self-contained, escaped, and rendered by a real headless browser."""

import os
import re
from dataclasses import replace
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from bilingual import process
from bilingual.cli import cli
from bilingual.config import Config
from bilingual.model import Lang
from bilingual.report import summary_counts
from bilingual.report.html import UNSURE, output_state, report_html
from bilingual.report.html_aligned import paragraphs
from bilingual.report.html_style import TARGET
from html import escape

CHROMIUM = "/usr/bin/chromium"  # Debian's package; .ci/run installs it
ARTICLE = (
    "Stem Cells: Thérapie innovante\n\n"
    "Stem cells hold great promise, notamment pour les maladies du foie, and researchers are hopeful.\n"
    "Les cellules souches sont étudiées depuis longtemps. The ESCs and iPSCs are both studied.\n"
)
EVIL = (
    "Stem cells are studied. <script>document.body.setAttribute('data-pwned', 'y' + 'es')</script>\n"
    'Les cellules <img src=x onerror="document.title=\'pwned\'"> souches & "quotes".\n'
)


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


def test_page_is_organised_per_output():
    result = process(ARTICLE, Config(engine="builtin"))
    html = report_html(result, "article.txt")
    assert result.flags_for(Lang.FR) and result.changes
    counts = summary_counts(result)
    sections = {lang: html[html.index(f'<section id="{lang}">') :] for lang in ("en", "fr")}
    sections["en"] = sections["en"][: sections["en"].index("</section>")]
    for lang, name in (("en", "English"), ("fr", "French")):
        sec = sections[lang]
        c = counts[lang]
        assert re.search(rf'<h2 class="\w+">{name}: {c["changes"]} changes?, {c["flags"]} flags?', sec)
        # its own flags first, then its changes, then the aligned rows
        assert sec.index("<h3>Flags") < sec.index("<h3>Changes") < sec.index('<table class="aligned">')
        assert sec.count('<tr class="flag">') == len(result.flags_for(Lang(lang)))
        assert sec.count(f'<a href="#{lang}-c') == c["changes"]
        for ch in result.changes_for(Lang(lang)):
            assert f"<td>{ch.kind}</td>" in sec
            if ch.after.strip():
                assert f"<ins>{escape(ch.after)}</ins>" in sec
    assert "English: " in html and "— ready" not in sections["fr"]
    translation = next(c for c in result.changes if c.kind == "translation")
    assert f"<td>{translation.engine}</td><td>{translation.confidence:.2f}</td>" in html


def test_states_in_words():
    en = {"changes": 32, "flags": 0, "untranslated": 0, "sentences_needing_mt": 0, "sentences": 50}
    fr = {"changes": 19, "flags": 61, "untranslated": 61, "sentences_needing_mt": 48, "sentences": 50}
    assert output_state(Lang.EN, en, 0) == ("English: 32 changes, 0 flags — ready", "ready")
    assert output_state(Lang.EN, en, 2) == ("English: 32 changes, 2 flags — review the flags", "review")
    assert output_state(Lang.EN, dict(en, changes=1), 1)[0] == "English: 1 change, 1 flag — review the flags"
    words, cls = output_state(Lang.FR, fr, 0)
    assert (words, cls) == (
        "French: 19 changes, 61 flags; 48 of 50 sentences untranslated — needs a model "
        "(bilingual models install en-fr) or a translator (--xliff)",
        "todo",
    )


def test_every_link_leads_to_a_spot_on_the_page():
    html = page(ARTICLE + "Il a dit : « oui ».\n\nMerci !\n")
    links = re.findall(r'href="#([^"]+)"', html)
    ids = re.findall(r'id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "duplicate ids"
    assert links and set(links) <= set(ids)
    result = process(ARTICLE, Config(engine="builtin"))
    for lang in (Lang.EN, Lang.FR):  # one link per flag and per change
        html = report_html(result, "a.txt")
        assert len({x for x in re.findall(r'href="#([^"]+)"', html) if x.startswith(f"{lang.value}-")}) == len(
            result.flags_for(lang)
        ) + len(result.changes_for(lang))


def test_source_and_output_in_aligned_rows():
    text = "Title: Thérapie innovante\n\nFirst paragraph, la maladie du foie, is here.\n\n\nSecond one.\nSame para.\n"
    html = page(text)
    for lang in ("en", "fr"):
        sec = html[html.index(f'<section id="{lang}">') :]
        table = sec[sec.index('<table class="aligned">') : sec.index("</table>", sec.index('<table class="aligned">'))]
        rows = re.findall(
            r'<tr id="[a-z]+-p\d+"><td class="n">line (\d+)</td><td class="t">(.*?)</td>'
            r'<td class="t">(.*?)</td></tr>',
            table,
            re.S,
        )
        assert [r[0] for r in rows] == ["1", "3", "6"]  # one row per input paragraph
        assert re.sub(r"<[^>]*>", "", rows[2][1]) == "Second one.\nSame para."
    assert paragraphs(text) == [(0, 27), (27, 75), (75, len(text))]


def test_invisible_characters_are_drawn_with_their_name():
    html = page("Les cellules souches: une thérapie.\n")
    fr = html[html.index('<section id="fr">') :]
    assert '<ins><span class="inv" title="NO-BREAK SPACE (U+00A0)">⍽</span></ins>' in fr
    assert '<span class="inv" title="SPACE (U+0020)">␣</span>' in page("Stem cells : yes.\n")


def test_each_change_row_has_the_line_that_makes_a_decision_stick():
    text = "Stem cells: Thérapie innovante\n\nThe Escs are studied here.\n\nI hope this helps!\n"
    html = page(text)
    en = html[html.index('<section id="en">') : html.index('<section id="fr">')]
    tab = '<span class="tab">\t</span>'
    assert (
        f'<code class="copy" title="keep this word as written; add to your glossary (--glossary FILE)">'
        f"Escs{tab}Escs</code>" in en
    )
    assert f">innovative therapy{tab}thérapie innovante</code>" in en
    assert "&gt;I hope this helps! &lt;!-- bilingual: keep --&gt;</code>" not in en  # escaped as a whole:
    assert "I hope this helps! &lt;!-- bilingual: keep --&gt;</code>" in en


def test_least_certain_translations_first():
    result = process(ARTICLE, Config(engine="builtin"))
    levels = iter([0.9, 0.5, 0.75, 1.0, 0.85] * 10)  # whatever the engine gives: spread them
    changes = tuple(replace(c, confidence=next(levels)) if c.kind == "translation" else c for c in result.changes)
    result = replace(result, changes=changes)
    en = report_html(result, "a.txt")
    en = en[en.index('<section id="en">') : en.index('<section id="fr">')]
    shown = re.findall(
        r"<td>(translation|term|typography|chatter)</td><td>\w*</td><td(?: class=\"(unsure|rule)\""
        r"[^>]*)?>([\d.]+|—)</td>",
        en,
    )
    confs = sorted(c.confidence for c in result.changes_for(Lang.EN) if c.kind == "translation")
    assert len(set(confs)) > 1
    assert [float(x[2]) for x in shown if x[0] == "translation"] == confs  # least certain first ...
    assert [x[0] for x in shown][: len(confs)] == ["translation"] * len(confs)  # ... rule-based changes after
    assert len(shown) == len(result.changes_for(Lang.EN))
    assert all((x[1] == "unsure") == (float(x[2]) < UNSURE) for x in shown if x[2] != "—")  # the unsure ones marked
    assert all(x[1] == "rule" for x in shown if x[2] == "—")


def test_self_contained():
    html = page(ARTICLE)
    assert not re.search(r"<(script|link|img|iframe|object|embed)\b", html, re.I)
    assert not re.search(r"\bsrc\s*=|url\(|@import", html, re.I)
    assert re.findall(r"\bhref\s*=\s*\"?(.)", html, re.I) == ["#"] * html.count("href=")  # links within the page
    assert "default-src 'none'" in html


def test_article_markup_is_escaped():
    html = page(EVIL, "<b>x</b>.txt")
    assert "<script" not in html.lower() and "<img" not in html.lower() and "<b>" not in html
    text = re.sub(r"<[^>]*>", "", html)  # our own tags out: the article's text, highlighted in pieces
    assert "&lt;script&gt;document.body.setAttribute(&#x27;data-pwned&#x27;" in text
    assert "&lt;img src=x onerror=&quot;document.title=&#x27;pwned&#x27;&quot;&gt;" in text
    assert "&lt;b&gt;x&lt;/b&gt;.txt" in html


# --- in a real browser ----------------------------------------------------------------------


def need_chromium() -> None:
    """Skip (with the command that installs it) when chromium is missing, except under CI."""
    if not shutil.which(CHROMIUM):
        assert not os.environ.get("CI"), f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does it)"
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    need_chromium()
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            f"--user-data-dir={tmp_path / 'profile'}",
            *args,
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )


def colour_count(img, rgb: tuple[int, int, int], tol: int = 6) -> int:
    """How many pixels of ``img`` are within ``tol`` of ``rgb`` on every channel."""
    lo = tuple(max(0, v - tol) for v in rgb)
    hi = tuple(min(255, v + tol) for v in rgb)
    return sum(n for n, px in img.getcolors(img.width * img.height) if all(lo[k] <= px[k] <= hi[k] for k in range(3)))


@pytest.mark.browser
def test_screenshot_shows_highlights(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    assert run("clean", src, "-o", tmp_path / "out", "--engine", "builtin", "-q").exit_code == 0
    shot = tmp_path / "shot.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,900", (tmp_path / "out" / "a.report.html").as_uri())
    from PIL import Image

    with Image.open(shot) as png:
        img = png.convert("RGB")
    assert img.size == (1200, 900)
    assert len(img.getcolors(img.width * img.height)) > 20, "the page looks blank"
    assert colour_count(img, (0xBC, 0xD7, 0xFF)) > 1000, "no English highlight"
    assert colour_count(img, (0xFF, 0xD5, 0x9A)) > 1000, "no French highlight"
    assert colour_count(img, (0xB7, 0xEB, 0xB0)) > 300, "no inserted text marked"
    assert colour_count(img, (0xFF, 0xC4, 0xC4)) > 300, "no removed text marked"


@pytest.mark.browser
def test_blank_page_has_none_of_the_highlights(tmp_path):
    """The screenshot check can fail: a page without our highlights has none of their colours."""
    from PIL import Image

    blank = tmp_path / "blank.html"
    blank.write_text("<!DOCTYPE html><p>Stem cells, les cellules souches.</p>", encoding="utf-8")
    shot = tmp_path / "blank.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=600,400", blank.as_uri())
    with Image.open(shot) as png:
        img = png.convert("RGB")
    assert colour_count(img, (0xBC, 0xD7, 0xFF)) == colour_count(img, (0xFF, 0xD5, 0x9A)) == 0


@pytest.mark.browser
def test_script_in_the_article_does_not_run(tmp_path):
    src = tmp_path / "evil.txt"
    src.write_text(EVIL, encoding="utf-8")
    assert run("clean", src, "-o", tmp_path / "out", "--engine", "builtin", "-q").exit_code == 0
    dom = chromium(tmp_path, "--dump-dom", (tmp_path / "out" / "evil.report.html").as_uri()).stdout.decode()
    assert "<body" in dom and "bilingual review" in dom
    assert "data-pwned" in dom  # as text, escaped ...
    assert 'data-pwned="yes"' not in dom and "<title>pwned" not in dom  # ... never executed


def shot(tmp_path: Path, url: str, name: str, width: int = 1200, height: int = 900):
    """A screenshot of ``url`` (scrolled to its ``#anchor``: see tests/cdp.py), as an RGB image."""
    from PIL import Image

    import cdp

    need_chromium()
    out = tmp_path / name
    cdp.screenshot(CHROMIUM, tmp_path / "profile-cdp", url, out, width, height)
    with Image.open(out) as png:
        return png.convert("RGB")


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


@pytest.mark.browser
def test_a_5000_word_article_top_and_a_linked_spot(tmp_path):
    """The page of a 5,000-word article: its top shows the state of each output; a link from the
    changes table to a spot at the end of the page scrolls there and highlights it."""
    base = (Path(__file__).parent.parent / "input" / "article.txt").read_text(encoding="utf-8")
    src = tmp_path / "long.txt"
    src.write_text("\n\n".join([base] * 6), encoding="utf-8")
    assert len(src.read_text(encoding="utf-8").split()) >= 5000
    assert run("clean", src, "-o", tmp_path / "out", "--engine", "builtin", "-q").exit_code == 0
    page_path = tmp_path / "out" / "long.report.html"
    html = page_path.read_text(encoding="utf-8")
    last = max(int(n) for n in re.findall(r'id="fr-c(\d+)"', html))  # the French output's last change
    assert f'href="#fr-c{last}"' in html

    top = shot(tmp_path, page_path.as_uri(), "top.png")
    assert len(top.getcolors(top.width * top.height)) > 20, "the page looks blank"
    state = re.search(r'<h2 class="(\w+)">English: ', html).group(1)  # ready, review or todo
    header = {"ready": (0xE3, 0xF6, 0xE0), "review": (0xFF, 0xF3, 0xD6), "todo": (0xFD, 0xE2, 0xE2)}[state]
    assert colour_count(top, header) > 5000, f"no {state!r} header for the English output at the top"
    assert colour_count(top, (0xB7, 0xEB, 0xB0)) > 300, "no inserted text in the changes table"
    assert colour_count(top, hex_rgb(TARGET), tol=20) == 0, "nothing is a link target yet"

    spot = shot(tmp_path, page_path.as_uri() + f"#fr-c{last}", "spot.png")
    assert len(spot.getcolors(spot.width * spot.height)) > 20, "the page looks blank"
    assert colour_count(spot, hex_rgb(TARGET), tol=20) > 100, "the linked change is not outlined"
    assert colour_count(spot, (0xFF, 0xF0, 0xF6), tol=3) > 5000, "its row is not highlighted"
    assert colour_count(spot, header) == 0, "still at the top of the page"
    assert colour_count(spot, (0xFF, 0xD5, 0x9A)) > 1000, "no French highlight in the source beside it"


def test_review_doc_states_the_confidence_levels_the_engine_gives():
    """docs/review.md: Confidence lists the values the built-in engine really gives (update it with the engine)."""
    from bilingual.engines.builtin import BuiltinEngine

    doc = (Path(__file__).parent.parent / "docs" / "review.md").read_text(encoding="utf-8")
    engine = BuiltinEngine()
    cases = {
        "a phrase: one termbase or lexicon entry": engine.translate("les cellules souches", Lang.FR, Lang.EN),
        "composed: several entries": engine.translate("thérapie innovante", Lang.FR, Lang.EN),
        "made by the cognate rule": engine.translate("cardiologie", Lang.FR, Lang.EN),
    }
    assert len({a.confidence for a in cases.values()}) == 3
    for words, answer in cases.items():
        row = next(line for line in doc.splitlines() if line.startswith("| built-in") and words in line)
        assert f"| {answer.confidence:.2f} |" in row, f"docs/review.md: {words}: the engine gives {answer.confidence}"
    assert f"below {UNSURE:.2f}" in doc
