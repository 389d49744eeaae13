"""Properties that hold for any input (hypothesis: 1,000 examples each in CI, 100 in the dev profile).

The engine is a small dict-backed fake (the engine is not under test here), and
the base language is forced in four examples out of five (inferring it runs
langdetect, the slowest stage on short texts), so an example costs a few
milliseconds and the whole file runs in about a minute on 2 cores.
"""

import json
import re
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bilingual import Config, InputError, Lang, process
from bilingual.engines import DictEngine
from bilingual.files import decode_article
from bilingual.model import Change
from bilingual.report import report_json

MANY = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # examples: the profile's
CONFIG = Config(engine="builtin")
ENGINE = DictEngine(
    {
        "le foie": "the liver",
        "the liver": "le foie",
        "cellules souches": "stem cells",
        "stem cells": "cellules souches",
        "insuffisance hépatique": "liver failure",
        "liver failure": "insuffisance hépatique",
        "cependant": "however",
        "however": "cependant",
    }
)

# Words of both languages, terms and acronyms of the termbase, chatter openers, markup,
# numbers and odd characters: enough to reach every stage, mixed with arbitrary text.
VOCAB = (
    "the liver is a vital organ and stem cells can repair damaged tissue however treatment remains "
    "difficult when patients wait for transplantation le foie est un organe vital et les cellules "
    "souches peuvent réparer les tissus endommagés cependant le traitement reste difficile quand les "
    "patients attendent une greffe insuffisance hépatique liver failure en particulier d'alcool "
    "l'inflammation qu'il ESCs Escs IPSCS iPSCs MSC HPCS DNA COVID-19 Here's Voici I hope this helps!"
).split() + [
    "Ici’s",
    "réduire",
    "Thérapie",
    "naïve",
    "œuvre",
    "1,5 mg",
    "(voir ci-dessous)",
    "—",
    "…",
    "https://example.org/a?b=c",
    "**bold**",
    "`code`",
    "# Titre",
    "- item",
    "2024",
    "%",
    "«",
    "»",
]
SEPARATORS = [" ", " ", " ", ", ", ". ", ": ", "\n", "\n\n", "\r\n", "\t", "  ", ". \n"]


PIECES = [w + sep for w in VOCAB for sep in SEPARATORS]  # one draw per word: cheap to generate


@st.composite
def articles(draw) -> str:
    parts = draw(st.lists(st.sampled_from(PIECES), max_size=30))
    noise = draw(st.text(max_size=20))
    parts.insert(draw(st.integers(0, len(parts))), noise)
    text = "".join(parts)
    if draw(st.booleans()):
        text = (
            draw(
                st.sampled_from(
                    ["Here's a comprehensive article on the liver:\n\n", "Voici un article sur le foie :\n", ""]
                )
            )
            + text
        )
    if draw(st.booleans()):
        text += draw(st.sampled_from(["\n\nI hope this helps!\n", "\nN'hésitez pas à demander.", ""]))
    return text


BASES = st.sampled_from(["en", "fr", "en", "fr", None])  # None: inferred (langdetect)


LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # in a Python str only: decoded text never has one


def run(text: str, base=None):
    """process(): any exception fails the test, except on text that is not valid Unicode (a lone
    surrogate), where a one-line InputError is the outcome, and None is returned."""
    if LONE_SURROGATE.search(text):
        with pytest.raises(InputError, match="not valid Unicode") as err:
            process(text, replace(CONFIG, base_lang=base), ENGINE)
        assert "\n" not in str(err.value)
        return None
    return process(text, replace(CONFIG, base_lang=base), ENGINE)


@MANY
@given(articles(), BASES)
@example("", None)
@example("\r\n", None)
@example("Stem cells\r\n\r\nLe foie.", None)
@example("Here's a comprehensive article on the liver:\n\n\n\nI hope this helps!\n", None)
def test_segments_cover_the_input_exactly(text, base):
    r = run(text, base)
    assert r is not None
    segs = r.segments
    assert (segs[0].start, segs[-1].end) == (0, len(text)) if text else segs == ()
    for a, b in zip(segs, segs[1:]):
        assert a.end == b.start and a.start < a.end
    assert all(s.lang in (None, Lang.EN, Lang.FR) and 0 <= s.confidence <= 1 for s in segs)


def _rebuild_outside_changes(text: str, output: str, changes: list[Change]) -> None:
    """Walk the output: every stretch of input between changes is found there byte for byte."""
    pos_in = pos_out = 0
    for c in sorted(changes, key=lambda c: (c.start, c.end)):
        assert c.start >= pos_in, "overlapping changes"
        assert c.before == text[c.start : c.end]
        keep = text[pos_in : c.start]
        assert output[pos_out : pos_out + len(keep)] == keep
        pos_out += len(keep)
        assert output[pos_out : pos_out + len(c.after)] == c.after
        pos_out += len(c.after)
        pos_in = c.end
    assert output[pos_out:] == text[pos_in:]


@MANY
@given(articles(), BASES)
def test_text_outside_changes_is_kept_byte_for_byte(text, base):
    r = run(text, base)
    assert r is not None
    for lang in (r.base_lang, r.base_lang.other):
        _rebuild_outside_changes(text, r.output(lang), r.changes_for(lang))


@MANY
@given(articles(), BASES)
def test_cleaning_twice_changes_nothing_more(text, base):
    """The base-language output, cleaned again with that base language, stays as it is."""
    r = run(text, base)
    assert r is not None
    once = r.output(r.base_lang)
    again = run(once, r.base_lang.value)
    assert again is not None and again.output(r.base_lang) == once


@MANY
@given(articles(), BASES)
def test_same_input_same_bytes(text, base):
    a, b = run(text, base), run(text, base)
    assert a is not None and b is not None
    assert a.outputs == b.outputs
    assert report_json(a, "x") == report_json(b, "x")


@MANY
@given(st.text(max_size=200), BASES)
@example("\x00", None)
@example("\ud800", None)
@example("\u2028\u2029\x85\x0b\x0c", None)
@example("é" * 300, None)
def test_arbitrary_unicode_raises_nothing(text, base):
    """Any text, lone surrogates too (an InputError, checked by run())."""
    r = run(text, base)
    if r is not None:
        json.loads(report_json(r, "x"))
        for lang in Lang:
            _rebuild_outside_changes(text, r.output(lang), r.changes_for(lang))


@MANY
@given(st.binary(max_size=300))
@example(b"\xef\xbb\xbf")
@example(b"\xfe\xff\x00")
def test_arbitrary_bytes_decode_or_give_an_input_error(data):
    try:
        text = decode_article(data, "x.txt")
    except InputError as err:
        assert str(err).startswith("x.txt: ") and "\n" not in str(err)
        return
    assert text.strip() and "\x00" not in text
