"""Sentence splitting (src/bilingual/segment.py): spaCy's sentencizer, exact offsets."""
import pytest

from bilingual import segment
from bilingual.files import read_article
from bilingual.segment import sentences

from conftest import ROOT


def texts(text):
    return [text[s.start:s.end] for s in sentences(text)]


@pytest.mark.parametrize("text, expected", [
    pytest.param("", [], id="empty"),
    pytest.param(" \n\t\n ", [], id="blank"),
    pytest.param("Hello there. Bonjour !", ["Hello there.", "Bonjour !"], id="two-languages"),
    pytest.param("Title\n\nBody one. Body two.", ["Title", "Body one.", "Body two."], id="heading-line"),
    pytest.param("Title\r\n\r\nBody one.\r\n", ["Title", "Body one."], id="crlf"),
    pytest.param("Ça va ? Oui. Fin…", ["Ça va ?", "Oui.", "Fin…"], id="french-punctuation"),
    pytest.param("In the U.S. it is 3 p.m. now. Next one.", ["In the U.S. it is 3 p.m. now.", "Next one."],
                 id="abbreviation-before-lower-case"),
    pytest.param("  padded sentence.   ", ["padded sentence."], id="trimmed"),
    pytest.param("no final stop\nsecond line", ["no final stop", "second line"], id="lines"),
])
def test_sentences(text, expected):
    assert texts(text) == expected


def check_spans(text, spans):
    assert all(s.start < s.end for s in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    for s in spans:
        piece = text[s.start:s.end]
        assert piece == piece.strip() and "\n" not in piece and "\r" not in piece
    covered = set()
    for s in spans:
        covered.update(range(s.start, s.end))
    assert all(i in covered for i, c in enumerate(text) if not c.isspace())


def test_article_sentences_cover_every_character():
    text = read_article(ROOT / "input" / "article.txt")
    spans = sentences(text)
    check_spans(text, spans)
    assert texts(text)[:2] == [
        "Ici’s a comprehensive article focusing on the innovative use of stem cells in treating liver disease:",
        "Cellules souches: Innovative Therapy for Liver Disease",
    ]


def test_very_long_line_is_cut_without_losing_offsets(monkeypatch):
    monkeypatch.setattr(segment, "_MAX_PIECE", 200)
    text = "Une phrase sans fin " * 40 + "and an English ending without a stop"
    spans = sentences(text)
    assert len(spans) > 1
    check_spans(text, spans)
