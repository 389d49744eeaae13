"""Sentence splitting (src/bilingual/segment.py): spaCy's sentencizer, exact offsets."""

import unicodedata

import pytest

from bilingual import segment
from bilingual.files import read_article
from bilingual.segment import sentences

from conftest import ROOT


def texts(text):
    return [text[s.start : s.end] for s in sentences(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("", [], id="empty"),
        pytest.param(" \n\t\n ", [], id="blank"),
        pytest.param("Hello there. Bonjour !", ["Hello there.", "Bonjour !"], id="two-languages"),
        pytest.param("Title\n\nBody one. Body two.", ["Title", "Body one.", "Body two."], id="heading-line"),
        pytest.param("Title\r\n\r\nBody one.\r\n", ["Title", "Body one."], id="crlf"),
        pytest.param("Ça va ? Oui. Fin…", ["Ça va ?", "Oui.", "Fin…"], id="french-punctuation"),
        pytest.param(
            "In the U.S. it is 3 p.m. now. Next one.",
            ["In the U.S. it is 3 p.m. now.", "Next one."],
            id="abbreviation-before-lower-case",
        ),
        pytest.param("  padded sentence.   ", ["padded sentence."], id="trimmed"),
        pytest.param("no final stop\nsecond line", ["no final stop", "second line"], id="lines"),
    ],
)
def test_sentences(text, expected):
    assert texts(text) == expected


def check_spans(text, spans):
    assert all(s.start < s.end for s in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    for s in spans:
        piece = text[s.start : s.end]
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


def test_very_long_line_is_cut_without_losing_offsets():
    text = "Une phrase sans fin " * 6_000 + "and an English ending without a stop"
    spans = sentences(text)
    assert len(spans) > 1
    check_spans(text, spans)


def WORDLESS(line):
    return not any(c.isalnum() or unicodedata.category(c) == "So" for c in line)


def whole_line_sentences(text):
    """The reference: spaCy's sentencizer on every whole piece."""
    nlp = segment.sentencizer()
    pieces = list(segment.pieces(text))
    out = []
    for (offset, piece), doc in zip(pieces, nlp.pipe(p for _, p in pieces)):
        if WORDLESS(piece):  # a line of punctuation and symbols is one sentence
            s, e = offset, offset + len(piece)
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s < e:
                out.append((s, e))
            continue
        for sent in doc.sents:
            s, e = offset + sent.start_char, offset + sent.end_char
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s >= e:
                continue
            if out and text[s].islower() and "\n" not in text[out[-1][1] : s]:
                out[-1] = (out[-1][0], e)
            else:
                out.append((s, e))
    return out


@pytest.mark.parametrize(
    "text",
    [
        "«\xa0: o.OC++ ‼ a. U.S.[",  # ": o" is an emoticon across chunks: it keeps "o." from being a token
        "See: p. 12. Then (ok) e.g. fine.  Two spaces.\tTab.\u3000Ideographic. 3.5 km. 𑁇 Astral",
        '"It will be more than one," said Walton. "It\'s a historical moment." (Yes.) Next',
        "Fin… Ça va ? Oui ! Non ?! «\xa0Bon.\xa0» Et puis — voilà. (ESCs) : les cellules.",
        "no stop at all here",
        "x. y. z. a. b. c. °C. 8) :) :-) (: o.O ^_^ ಠ_ಠ (╯°□°）╯︵┻━┻ end.",
    ],
)
def test_windows_give_the_boundaries_of_whole_lines(text):
    assert [(s.start, s.end) for s in sentences(text)] == whole_line_sentences(text)


def test_windows_give_the_boundaries_of_whole_lines_on_random_text():
    import random

    atoms = [
        "word",
        "Le",
        "l'",
        "3.5",
        "U.S.",
        "e.g.",
        "a.",
        ":)",
        ":",
        "o",
        "p",
        "O",
        "D",
        "3",
        "8",
        "(",
        ")",
        "-",
        "=",
        "<",
        ">",
        "^",
        "_",
        "°",
        "C",
        "'",
        "—",
        "…",
        ".",
        "!",
        "?",
        "«",
        "»",
        '"',
        ",",
        "𑁇",
        "。",
    ]
    spaces = [" ", " ", " ", "", "  ", "\t", "\xa0", "\n", "\u3000"]
    rng = random.Random(7)
    texts = ["".join(rng.choice(atoms) + rng.choice(spaces) for _ in range(rng.randint(1, 60))) for _ in range(400)]
    texts.append("\n".join(texts[:100]))  # many windows in one spaCy Doc
    for text in texts:
        assert [(s.start, s.end) for s in sentences(text)] == whole_line_sentences(text), text


def test_a_line_of_punctuation_is_one_sentence():
    text = "Fin. Suite !\n!!  ??  ==> $$ ...  !!\n"
    assert texts(text) == ["Fin.", "Suite !", "!!  ??  ==> $$ ...  !!"]


def test_windows_give_the_boundaries_of_whole_lines_on_the_article():
    text = read_article(ROOT / "input" / "article.txt")
    assert [(s.start, s.end) for s in sentences(text)] == whole_line_sentences(text)
