"""The speed-ups give exactly what the plain code they replace gives."""

from __future__ import annotations

import json
import random
import re

import pytest

from bilingual import chatter
from bilingual.model import Span
from bilingual.render import SpanIndex
from bilingual.report import report_json


def test_report_json_is_indent_1_json(tmp_path):
    from bilingual import process

    result = process("Here's the article:\n\nStem cells, en particulier les Escs : « oui » !\n")
    text = report_json(result, "a.txt")
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=1) + "\n"


def test_span_index_matches_a_scan():
    rng = random.Random(3)
    for _ in range(3000):
        spans = [Span(a, a + rng.randint(0, 5)) for a in (rng.randint(0, 30) for _ in range(rng.randint(0, 6)))]
        index = SpanIndex(spans)
        for _ in range(10):
            a = rng.randint(0, 35)
            b = a + rng.randint(0, 6)
            assert index.overlaps(a, b) == any(s.start < b and a < s.end for s in spans)
            assert index.touches(a, b) == any(s.start <= b and a <= s.end for s in spans)


def _chatter_by_lines(text: str, leading: bool, trailing: bool) -> list[Span]:
    """find_chatter written plainly: split every line, keep those with content."""
    lines = []
    for m in re.finditer(r"[^\r\n]*(?:\r\n|\n|\r|$)", text):
        if m.start() == m.end():
            break
        lines.append(m.span())
    content = [i for i, (s, e) in enumerate(lines) if text[s:e].strip()]
    if len(content) < 2:
        return []
    spans = []
    first, last = lines[content[0]], lines[content[-1]]
    if leading and chatter.is_opener(text[first[0] : first[1]]):
        spans.append(Span(first[0], lines[content[1]][0]))
    if trailing and chatter.is_closer(text[last[0] : last[1]]):
        start = lines[content[-2]][1]
        if spans:
            start = max(start, spans[0].end)
        spans.append(Span(start, len(text)))
    return spans


def test_chatter_matches_a_line_by_line_scan():
    rng = random.Random(5)
    pieces = [
        "Here's an article on X:",
        "I hope this helps!",
        "Voici l'article :",
        "Title",
        "Body text.",
        "let me know",
        " ",
        "\t",
        "\n",
        "\r\n",
        "\r",
        "\n\n",
        "\u2028",
        "\x85",
        "Sure, here it is...",
        "x",
    ]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 9)))
        for leading in (True, False):
            for trailing in (True, False):
                assert chatter.find_chatter(text, leading, trailing) == _chatter_by_lines(text, leading, trailing), text


# ------------------------------------------------------------------ word splitting (text/tokens.py)
def test_split_words_is_the_word_pattern_split():
    from bilingual.text.tokens import WORD_RE, split_words

    full = re.compile(f"({WORD_RE.pattern})").split
    atoms = [
        "l'",
        "L’",
        "qu'",
        "jusqu'",
        "'s",
        "’t",
        "n't",
        "'re",
        "U.S.",
        "e.g.",
        "a.m",
        "3.5",
        "www.ex.org",
        "https://a.b/c?d=1.",
        "x@y.fr",
        "a.b@c",
        "@",
        "://",
        "-",
        "--",
        "non-",
        "-fin",
        "anti-inflammatoire",
        "mot",
        "Word",
        "é",
        "ß",
        "_",
        "x_y",
        "9",
        "’",
        "'",
        ".",
        ",",
        " ",
        "  ",
        "\n",
        "(",
        "«",
        "»",
    ]
    rng = random.Random(1)
    for _ in range(3000):
        text = "".join(rng.choice(atoms) + rng.choice(["", " ", ""]) for _ in range(rng.randint(1, 12)))
        assert split_words(text) == full(text), text


# ------------------------------------------------------------------ word lists (_wordlists.py)
FREQ_WORDS = [
    "the",
    "les",
    "cellules",
    "thérapie",
    "hépatique",
    "xyzzyqw",
    "non-essential",
    "états-unis",
    "stem-cell",
    "covid-19",
    "well-known",
    "e-mail",
    "peut-être",
    "grand-mère",
    "x-ß",
    "ﬁne-tuning",
    "anti-xyzzyqw",
]


def test_plain_hyphenated_words_are_split_as_wordfreq_splits_them():
    from wordfreq import get_frequency_list, lossy_tokenize

    from bilingual.evidence._wordlists import PLAIN_HYPHENATED

    rng = random.Random(0)
    for lang in ("en", "fr"):
        plain = [w for band in get_frequency_list(lang)[:500] for w in band if re.fullmatch(r"[a-zéèàçœ]+", w)]
        for _ in range(500):
            word = "-".join(rng.choice(plain) for _ in range(rng.randint(2, 3)))
            assert PLAIN_HYPHENATED.fullmatch(word)
            assert lossy_tokenize(word, lang) == word.split("-")


@pytest.mark.parametrize("whole_lists", [False, True], ids=["text-words-only", "whole-lists"])
def test_word_frequencies_are_wordfreqs(whole_lists):
    from wordfreq import get_frequency_dict, word_frequency

    from bilingual.evidence._wordlists import PREFETCH_MAX, WordLists

    lists = WordLists()
    if whole_lists:
        lists.prefetch("x" * (PREFETCH_MAX + 1))
        assert lists.whole
    else:
        lists.prefetch(" ".join(FREQ_WORDS[:-1]))  # the last one is looked up on its own
        assert not lists.whole
    for lang in ("en", "fr"):
        listed = get_frequency_dict(lang, "best")  # what the lists say, unrounded; else wordfreq combines parts
        expected = [listed[w] if w in listed else word_frequency(w, lang) if "-" in w else 0.0 for w in FREQ_WORDS]
        assert [lists.frequency(w, lang) for w in FREQ_WORDS] == expected


def test_many_short_texts_load_the_lists_whole_with_the_same_answers():
    from wordfreq import get_frequency_dict

    from bilingual.evidence._wordlists import MAX_PASSES, WordLists

    lists = WordLists()
    words = ["cellules", "liver", "foie", "treatment", "souches", "study", "étude", "zzqx"]
    for w in words[: MAX_PASSES + 1]:
        lists.prefetch(w)
    assert lists.whole
    listed = get_frequency_dict("fr", "best")
    assert [lists.frequency(w, "fr") for w in words] == [listed.get(w, 0.0) for w in words]


def test_zipf_is_wordfreqs():
    """The built-in engine's cognate check answers as wordfreq.zipf_frequency."""
    from wordfreq import top_n_list, zipf_frequency

    from bilingual.evidence import zipf

    words = top_n_list("en", 3000)[::7] + ["genetic", "cirrhosis", "hepatocyte", "zzzzqx", "state-of-the-art", "naïve"]
    for w in words:
        assert zipf(w, "en") == zipf_frequency(w, "en"), w


# ------------------------------------------------------------------ langdetect profiles (_langdetect_profiles.py)
LANGDETECT_TEXTS = [
    "Stem cells, en particulier les cellules souches, are studied.",
    "Les chercheurs étudient les cellules souches depuis dix ans.",
    "The clinical trials remain limited in number and in scope.",
    "Hundreds of children\nLe nombre d’enfants migrants a fortement augmenté.",
    "ça",
    "東京 Ελλάδα",
    "IT IS HEREBY ORDERED THAT",
]


def test_lazy_profiles_give_langdetects_own_probabilities():
    from langdetect import DetectorFactory, detect_langs

    from bilingual.evidence import langdetect_probs

    ours = [langdetect_probs(t) for t in LANGDETECT_TEXTS]
    DetectorFactory.seed = 0
    theirs = [{str(x.lang): x.prob for x in detect_langs(t)} for t in LANGDETECT_TEXTS]
    assert ours == theirs
    assert ours[1]["fr"] > 0.9 and ours[2]["en"] > 0.9
    assert langdetect_probs("123 456") == {}


def test_lazy_ngram_table_is_langdetects_table():
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    from bilingual.evidence._langdetect_profiles import factory

    plain = DetectorFactory()
    plain.load_profile(PROFILES_DIRECTORY)
    lazy = factory()
    assert lazy.langlist == plain.langlist
    ngrams = sorted(plain.word_lang_prob_map)
    sample = random.Random(2).sample(ngrams, 3000) + ["the", "é", " t", "zzqx", "", "abcd"]
    for g in sample:
        assert (g in lazy.word_lang_prob_map) == (g in plain.word_lang_prob_map), g
        if g in plain.word_lang_prob_map:
            assert lazy.word_lang_prob_map[g] == plain.word_lang_prob_map[g], g
