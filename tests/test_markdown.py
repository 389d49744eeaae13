"""Markdown input: structure kept, code and URLs never touched, positions from markdown-it-py."""

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from bilingual import process
from bilingual._md_links import link_helpers
from bilingual._md_source import source_end
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
    return [text[s.start : s.end] for s in protected_spans(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("# Title ##\n", ["# ", " ##"], id="atx-heading"),
        pytest.param("Title\n=====\n", ["====="], id="setext-heading"),
        pytest.param("a `x` b ``y ` z`` c\n", ["`x`", "``y ` z``"], id="code-spans"),
        pytest.param('[a [b] c](http://u/x_(y) "t") d\n', ["[", '](http://u/x_(y) "t")'], id="link-nested"),
        pytest.param("[ref][id] d\n\n[id]: http://u\n", ["[", "][id]", "[id]: http://u"], id="reference-link"),
        pytest.param(
            "[ref] and [ref][] d\n\n[ref]: http://u\n", ["[ref]", "[ref][]", "[ref]: http://u"], id="shortcut-reference"
        ),
        pytest.param("![alt text](img.png) e\n", ["![alt text](img.png)"], id="image"),
        pytest.param("*a* __b__ ~~c~~\n", ["*", "*", "__", "__", "~~", "~~"], id="emphasis"),
        pytest.param("- x\n- [ ] y\n10. z\n", ["-", "- [ ]", "10."], id="lists"),
        pytest.param("> q\n> > r\n", ["> ", "> > "], id="quotes"),
        pytest.param("```\ncode\n```\n", ["```\ncode\n```"], id="fence"),
        pytest.param("~~~\n`a` [b](c)\n~~~\n", ["~~~\n`a` [b](c)\n~~~"], id="fence-with-markup"),
        pytest.param('x <span class="a">y</span> z\n', ['<span class="a">', "</span>"], id="inline-html"),
        pytest.param("<div>\nhtml block\n</div>\n", ["<div>\nhtml block\n</div>"], id="html-block"),
        pytest.param("see https://a.org/b_c, then\n", ["https://a.org/b_c"], id="bare-url"),
        pytest.param("a \\*b\\* `c`\n", ["`c`"], id="escapes"),
        pytest.param("---\ntitle: x\n---\nText\n", ["---\ntitle: x\n---\n"], id="front-matter"),
        pytest.param("line one\r\nwith `code`\r\n", ["`code`"], id="crlf"),
    ],
)
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
    for kept in (
        '# les cellules souches\nprint("insuffisance hépatique")',
        "    indented: insuffisance hépatique",
        "`les cellules souches`",
        'https://example.org/cellules_souches "les cellules souches"',
        "<https://example.org/insuffisance>",
    ):
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
    "# Les cellules souches",
    "## Stem cells *et* `code`",
    "Setext title\n===",
    '- item with [a link](https://a.org/x_y "title")',
    "1. numbered **bold** text",
    "  - nested _emph_ item",
    "> quoted les cellules\n> continued",
    "```python\nx = 'les cellules'\n```",
    "    indented code",
    "| a | `b` |\n|---|---|\n| c [d](e) | f |",
    "Text with <span>html</span> and https://bare.org/x.",
    "A [reference][ref] and [ref] and [ref][].",
    '[ref]: https://ref.org/r "t"',
    "Escaped \\*stars\\* and &amp; entity.",
    "![image alt](img.png) caption",
    "~~struck~~ and <https://auto.org>",
    "---",
    "Line with hard break  \nnext line",
    "- [ ] task item\n- [x] done",
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
    rewritten = "".join(
        ("X" if c.isupper() else "q") if c.isalpha() and i not in inside else c for i, c in enumerate(text)
    )
    assert structure(rewritten) == structure(text)


def test_every_other_language_span_is_translated_or_flagged():
    text = "Les cellules souches sont prometteuses pour le foie.\n\n- Second item with *emphasis*\n"
    result = process(text, Config(engine="builtin"), protected=protected_spans(text))
    assert result.base_lang is Lang.FR
    for seg in result.segments:
        if seg.lang is Lang.EN:
            covered = [c for c in result.changes_for(Lang.FR) if c.start <= seg.start and seg.end <= c.end]
            flagged = [f for f in result.flags_for(Lang.FR) if f.start <= seg.start and seg.end <= f.end]
            assert covered or flagged, text[seg.start : seg.end]


def test_process_honours_config_markdown():
    """The library call alone, with Config(markdown=True), protects code as the CLI does."""
    from bilingual import Config, Lang, process

    text = "Stem cells, en particulier les MSC, are studied.\n\nUse `cellules souches` as the key.\n"
    out = process(text, Config(markdown=True)).output(Lang.EN)
    assert "`cellules souches`" in out and "in particular MSCs" in out


# markdown-it-py's link helpers against ours (src/bilingual/_md_links.py): the same tokens, always
STOCK = MarkdownIt("commonmark").enable(["table", "strikethrough"])
LINEAR = MarkdownIt("commonmark").enable(["table", "strikethrough"])
LINEAR.helpers = link_helpers()
LINK_PIECES = [
    "[",
    "]",
    "(",
    ")",
    "!",
    "\\",
    "`",
    "<",
    ">",
    "*",
    "_",
    "a",
    "b",
    " ",
    "\n",
    "](u)",
    "][r]",
    "[r]",
    "<a>",
    "<http://x>",
    ' "t"',
    "&amp;",
    "\n\n",
    "~~",
    "|",
    "[[",
    "]]",
    "![",
    "](",
    "``",
]


def parsed(md, text):
    env: dict = {}
    return [t.as_dict() for t in md.parse(text, env)], env


@given(
    st.sampled_from(["", "[r]: /u 't'\n[a]: </v>\n\n"]),
    st.lists(st.sampled_from(LINK_PIECES), max_size=120).map("".join),
)
def test_linear_link_labels_parse_as_markdown_it_does(definitions, body):
    text = definitions + body
    assert parsed(LINEAR, text) == parsed(STOCK, text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("[a [b](c) d](e) [a [b] c](d) [[a](b)](c)", id="nested-links"),
        pytest.param("[![a](b)](c) ![a [b](c) d](e) ![a ![b](c) d](e) ![[a]](b)", id="images-and-links"),
        pytest.param("[a `]` b](c) [a `b](c)` d] [`a](b)` [a ``]`` b](c)", id="code-spans-with-brackets"),
        pytest.param('[a <http://x]> b](c) [a <b x="]"> c](d) <http://x[y]>', id="autolinks-and-html"),
        pytest.param("[a]: /u\n[b c]: /v 't'\n\n[a] [a][] [b][a] [a][b] [[a]] [a]] [b  c] [B C][a]", id="references"),
        pytest.param("\\[a](b) [a\\](b) [a\\\\](b) [a\\]](b) [a](b\\)", id="escapes"),
        pytest.param("[a](b [c](d)) [a]b](c) [a]([b]) [a] (b) [a]\n(b) *[a*](b) _[a_](b)", id="tails"),
        pytest.param(
            "[" * 19 + "a" + "]" * 19 + "(u) " + "[" * 20 + "a" + "]" * 20 + "(u) " + "[" * 21 + "a" + "]" * 21 + "(u)",
            id="at-maxNesting",
        ),
        pytest.param(("[a " * 30 + "[b](u) " + "c] " * 30) * 3, id="beyond-maxNesting"),
        pytest.param("| [a | b](c) |\n|---|---|\n| [x](y) | [z |\n", id="table"),
        pytest.param("[" * 100_000 + "a" + "]" * 100_000 + "(u)", id="100000-nested", marks=pytest.mark.slow),
        pytest.param("![" * 50_000 + "a" + "](u)" * 50_000, id="50000-nested-images", marks=pytest.mark.slow),
    ],
)
def test_linear_link_labels_on_hand_cases(text):
    assert parsed(LINEAR, text) == parsed(STOCK, text)


def _text_source(content):
    """A text node's source as a regular expression: each punctuation mark or symbol may be an
    entity, ASCII punctuation may be backslash-escaped."""
    import re

    parts = []
    for c in content:
        if c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~":
            parts.append(rf"(?:\\?{re.escape(c)}|&[#\w]+;)")
        elif not c.isalnum() and not c.isspace():
            parts.append(rf"(?:{re.escape(c)}|&[#\w]+;)")
        else:
            parts.append(re.escape(c))
    return re.compile("".join(parts))


@settings(deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(list("\\&;#a*— ") + ["&a;"]), st.sampled_from(["as is", "escaped", "entity"])),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from(["", "\\", "&", "x", "&a;"]),
    st.sampled_from(["", "\\", "&a;", "x", ";"]),
)
def test_a_text_nodes_source_is_its_first_reading(chars, before, after):
    """Where a text node's source ends when its characters are read one by one, the best reading
    first: what the regular expression matches, or -1."""
    content = "".join(c for c, _ in chars)
    raw = (
        before
        + "".join(
            "\\" + c
            if how == "escaped" and len(c) == 1 and not c.isalnum()
            else "&amp;"
            if how == "entity" and not c.isalnum()
            else c
            for c, how in chars
        )
        + after
    )
    for pos in (0, len(before)):
        m = _text_source(content).match(raw, pos)
        assert source_end(raw, pos, content) == (m.end() if m else -1)
