"""Markdown input: structure kept, code and URLs never touched, positions from markdown-it-py."""
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from bilingual import process
from bilingual.cli import cli
from bilingual.config import Config
from bilingual.markdown import protected_spans
from bilingual.model import Lang

DOC = """# Cellules souches: Innovative Therapy

Stem cells, **en particulier** les ESCs, are studied. Run `les cellules souches` with the tool.
See [the guide](https://example.org/cellules_souches "les cellules souches") and <https://example.org/insuffisance>.

- First item: insuffisance hépatique is common
- Second item with *emphasis* and ~~old~~ text
  1. nested, numbered

> A quote about insuffisance hépatique.

| term | meaning |
|------|---------|
| `ESCs` | insuffisance hépatique |

```python
# les cellules souches
print("insuffisance hépatique")
```

    indented: insuffisance hépatique

Setext heading, en particulier
------------------------------
"""


def run(*args, **kw):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, **kw)


def shown(text):
    return [text[s.start:s.end] for s in protected_spans(text)]


@pytest.mark.parametrize("text, expected", [
    pytest.param("# Title ##\n", ["# ", " ##"], id="atx-heading"),
    pytest.param("Title\n=====\n", ["====="], id="setext-heading"),
    pytest.param("a `x` b ``y ` z`` c\n", ["`x`", "``y ` z``"], id="code-spans"),
    pytest.param("[a [b] c](http://u/x_(y) \"t\") d\n", ["[", "](http://u/x_(y) \"t\")"], id="link-nested"),
    pytest.param("[ref][id] d\n\n[id]: http://u\n", ["[", "][id]", "[id]: http://u"], id="reference-link"),
    pytest.param("[ref] and [ref][] d\n\n[ref]: http://u\n", ["[ref]", "[ref][]", "[ref]: http://u"], id="shortcut-reference"),
    pytest.param("![alt text](img.png) e\n", ["![alt text](img.png)"], id="image"),
    pytest.param("*a* __b__ ~~c~~\n", ["*", "*", "__", "__", "~~", "~~"], id="emphasis"),
    pytest.param("- x\n- [ ] y\n10. z\n", ["-", "- [ ]", "10."], id="lists"),
    pytest.param("> q\n> > r\n", ["> ", "> > "], id="quotes"),
    pytest.param("```\ncode\n```\n", ["```\ncode\n```"], id="fence"),
    pytest.param("~~~\n`a` [b](c)\n~~~\n", ["~~~\n`a` [b](c)\n~~~"], id="fence-with-markup"),
    pytest.param("x <span class=\"a\">y</span> z\n", ["<span class=\"a\">", "</span>"], id="inline-html"),
    pytest.param("<div>\nhtml block\n</div>\n", ["<div>\nhtml block\n</div>"], id="html-block"),
    pytest.param("see https://a.org/b_c, then\n", ["https://a.org/b_c"], id="bare-url"),
    pytest.param("a \\*b\\* `c`\n", ["`c`"], id="escapes"),
    pytest.param("---\ntitle: x\n---\nText\n", ["---\ntitle: x\n---\n"], id="front-matter"),
    pytest.param("line one\r\nwith `code`\r\n", ["`code`"], id="crlf"),
])
def test_protected_spans(text, expected):
    assert shown(text) == expected


def test_table_cells():
    text = "| a | `b` |\n|---|---|\n| `c` | d |\n"
    assert shown(text) == ["|", "|", "`b`", "|", "|---|---|", "|", "`c`", "|", "|"]


def structure(md_text):
    """The parser's view of a document: block and inline token types, code, URLs."""
    out = []
    for tok in MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(md_text):
        out.append((tok.type, tok.markup, tok.content if tok.type in ("fence", "code_block") else None))
        for c in tok.children or []:
            out.append((c.type, c.markup, c.content if c.type == "code_inline" else c.attrs.get("href")))
    return out


@pytest.fixture(scope="module")
def result():
    return process(DOC, Config(engine="builtin"), protected=protected_spans(DOC))


def test_outputs_keep_the_structure(result):
    for lang in (Lang.EN, Lang.FR):
        out = result.output(lang)
        assert structure(out) == structure(DOC), lang
        assert out.count("\n") == DOC.count("\n")


def test_code_and_urls_untouched_but_prose_translated(result):
    en = result.output(Lang.EN)
    # the same phrase is translated in prose ...
    assert "insuffisance hépatique is common" not in en and "liver failure is common" in en
    # ... and kept in code, URLs and link titles
    for kept in ('# les cellules souches\nprint("insuffisance hépatique")', "    indented: insuffisance hépatique",
                 "`les cellules souches`", "https://example.org/cellules_souches \"les cellules souches\"",
                 "<https://example.org/insuffisance>"):
        assert kept in en and kept in result.output(Lang.FR)
    protected = protected_spans(DOC)
    for c in result.changes:
        assert not any(s.start < c.end and c.start < s.end for s in protected), c


def test_clean_writes_md_outputs(tmp_path):
    src = tmp_path / "doc.md"
    src.write_text(DOC, encoding="utf-8")
    r = run("clean", src, "-o", tmp_path / "out", "--engine", "builtin", "--no-html")
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["doc.en.md", "doc.fr.md", "doc.report.json"]
    en = (tmp_path / "out" / "doc.en.md").read_text(encoding="utf-8")
    assert structure(en) == structure(DOC)


def test_stdin_with_markdown_flag():
    text = "Stem cells are studied: `insuffisance hépatique` and insuffisance hépatique.\n"
    r = run("clean", "-", "--to", "en", "--markdown", "--engine", "builtin", "-q", input=text)
    assert r.exit_code == 0, r.output
    assert r.stdout == "Stem cells are studied: `insuffisance hépatique` and liver failure.\n"


BLOCKS = [
    "# Les cellules souches", "## Stem cells *et* `code`", "Setext title\n===",
    "- item with [a link](https://a.org/x_y \"title\")", "1. numbered **bold** text", "  - nested _emph_ item",
    "> quoted les cellules\n> continued", "```python\nx = 'les cellules'\n```", "    indented code",
    "| a | `b` |\n|---|---|\n| c [d](e) | f |", "Text with <span>html</span> and https://bare.org/x.",
    "A [reference][ref] and [ref] and [ref][].", "[ref]: https://ref.org/r \"t\"",
    "Escaped \\*stars\\* and &amp; entity.", "![image alt](img.png) caption", "~~struck~~ and <https://auto.org>",
    "---", "Line with hard break  \nnext line", "- [ ] task item\n- [x] done",
]


@settings(deadline=None)  # examples: the Hypothesis profile's (tests/conftest.py)
@given(st.lists(st.sampled_from(BLOCKS), min_size=1, max_size=6))
def test_rewriting_unprotected_letters_keeps_the_structure(blocks):
    """Whatever a stage does to text outside the protected spans, the document parses the same."""
    text = "\n\n".join(blocks) + "\n"
    spans = protected_spans(text)
    assert all(0 <= a.start < a.end < b.start for a, b in zip(spans, spans[1:]))
    inside = set()
    for s in spans:
        inside.update(range(s.start, s.end))
    rewritten = "".join(("X" if c.isupper() else "q") if c.isalpha() and i not in inside else c
                        for i, c in enumerate(text))
    assert structure(rewritten) == structure(text)


def test_every_other_language_span_is_translated_or_flagged():
    text = "Les cellules souches sont prometteuses pour le foie.\n\n- Second item with *emphasis*\n"
    result = process(text, Config(engine="builtin"), protected=protected_spans(text))
    assert result.base_lang is Lang.FR
    for seg in result.segments:
        if seg.lang is Lang.EN:
            covered = [c for c in result.changes_for(Lang.FR) if c.start <= seg.start and seg.end <= c.end]
            flagged = [f for f in result.flags_for(Lang.FR) if f.start <= seg.start and seg.end <= f.end]
            assert covered or flagged, text[seg.start:seg.end]


def test_process_honours_config_markdown():
    """The library call alone, with Config(markdown=True), protects code as the CLI does."""
    from bilingual import Config, Lang, process

    text = "Stem cells, en particulier les MSC, are studied.\n\nUse `cellules souches` as the key.\n"
    out = process(text, Config(markdown=True)).output(Lang.EN)
    assert "`cellules souches`" in out and "in particular MSCs" in out
