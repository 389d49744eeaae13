"""Fuzzing (issue 14): random bytes into every parser of untrusted input.

Decoding of articles (whole and streamed), glossaries (TSV, CSV, TBX), settings
files and model metadata: the only outcomes are a result or the error kind of that
input (:class:`InputError` for articles and model packages, :class:`GlossaryError`
for glossaries, :class:`ConfigError` for settings), one line naming the file; any
other exception fails. The examples are derandomized; their number is the Hypothesis
profile's (tests/conftest.py: 100, 1,000 in CI); set ``BILINGUAL_FUZZ_EXAMPLES=5000``
for a longer campaign.
"""

import io
import json
import os
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bilingual import chunked, models, settings as config_files, terms
from bilingual.errors import BilingualError, ConfigError, GlossaryError, InputError
from bilingual.files import decode_article
from bilingual.model import Lang

CAMPAIGN = os.environ.get("BILINGUAL_FUZZ_EXAMPLES")  # unset: the profile's number of examples
FUZZ = settings(
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    **({"max_examples": int(CAMPAIGN)} if CAMPAIGN else {}),
)

BOMS = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"]
# bytes that look like text often enough to get past the first checks
texty = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=300).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.lists(
        st.sampled_from(
            [
                b"a",
                b"\xc3\xa9",
                b"\n",
                b"\r\n",
                b" ",
                b"\t",
                b",",
                b'"',
                b"<",
                b">",
                b"&",
                b"\xed\xa0\x80",
                b"\xff",
                b"\x00",
                b"#",
                b"|",
                b"[",
                b"]",
                b"=",
                b"{",
                b"}",
            ]
        ),
        max_size=200,
    ).map(b"".join),
)
encoded = st.tuples(st.sampled_from(BOMS), texty).map(lambda t: t[0] + t[1])


def one_line(err: BilingualError, name: str) -> None:
    """The message a user sees: one line, starting with the name of the file."""
    msg = str(err)
    assert msg.startswith(name) and "\n" not in msg and len(msg) < 2000, msg


@FUZZ
@given(encoded)
def test_decoding(data):
    try:
        text = decode_article(data, "x.txt")
    except InputError as err:
        one_line(err, "x.txt: ")
        text = None
    try:
        chunks = list(chunked.read_chunks_from(io.BytesIO(data), "x.txt", chunk_chars=16, first_chars=8))
    except InputError as err:
        one_line(err, "x.txt: ")
        chunks = None
    if text is not None and chunks is not None:
        assert "".join(chunks) == text
    assert (text is None) == (chunks is None)


@FUZZ
@given(encoded, st.sampled_from(["g.tsv", "g.csv", "g.tbx", "g.txt"]))
def test_glossary_files(tmp_path_factory, data, name):
    path = tmp_path_factory.mktemp("g") / name
    path.write_bytes(data)
    try:
        tb = terms.load_glossary(path)
    except GlossaryError as err:
        one_line(err, f"{path}:")
        return
    assert tb.entries
    # a glossary that loads can be used
    merged = terms.builtin_termbase().merged(tb)
    terms.term_changes("Stem cells, les cellules souches.", merged, Lang.EN)


TBX_PARTS = [
    "<martif>",
    "</martif>",
    "<text><body>",
    "</body></text>",
    "<termEntry>",
    "</termEntry>",
    "<conceptEntry>",
    '<langSet xml:lang="en">',
    '<langSet xml:lang="fr">',
    '<langSet lang="FR-ca">',
    "</langSet>",
    "<tig>",
    "</tig>",
    "<ntig>",
    "<termSec>",
    "<term>",
    "</term>",
    "stem cell",
    "foie",
    "<termNote>preferredTerm</termNote>",
    "&amp;",
    "&#0;",
    "&#x110000;",
    '<!DOCTYPE x [<!ENTITY a "b">]>',
    "&a;",
    '<?xml version="1.0"?>',
    "<![CDATA[x]]>",
    "\n",
    " ",
    "é",
]


@FUZZ
@given(st.lists(st.sampled_from(TBX_PARTS), max_size=40).map("".join))
def test_tbx_structure(text):
    try:
        tb = terms.parse_tbx(text, "g.tbx")
    except GlossaryError as err:
        one_line(err, "g.tbx:")
        return
    assert all(e.en and e.fr for e in tb.entries)


@FUZZ
@given(st.text(max_size=300), st.sampled_from(["\t", ","]))
def test_tsv_text(text, sep):
    try:
        tb = terms.parse_tsv(text, "g", sep)
    except GlossaryError as err:
        one_line(err, "g:")
        return
    assert all(e.en and e.fr for e in tb.entries)


TOML_PARTS = [
    "[tool]",
    "[tool.bilingual]",
    "tool = 1",
    "bilingual = 3",
    "engine = ",
    "jobs = ",
    "strict = ",
    "glossary = ",
    "out-dir = ",
    "to = ",
    '"en"',
    '"nmt"',
    "1",
    "0",
    "-1",
    "1e20",
    "99999999999999999999",
    "true",
    "[1, 2]",
    "{a = 1}",
    '""',
    '"~/x"',
    "\n",
    " ",
    "=",
    "[",
    "]",
    "'",
    "\x00",
    "é",
    "[[x]]",
]


@FUZZ
@given(
    st.one_of(encoded, st.lists(st.sampled_from(TOML_PARTS), max_size=30).map(lambda p: "".join(p).encode())),
    st.sampled_from(["bilingual.toml", "pyproject.toml"]),
)
def test_settings_files(tmp_path_factory, data, name):
    folder = tmp_path_factory.mktemp("cfg")
    path = folder / name
    path.write_bytes(data)
    for load in (lambda: config_files.load(path=path), lambda: config_files.load(start=folder)):
        try:
            values = load()
        except ConfigError as err:
            one_line(err, f"{path}: ")
            continue
        assert set(values) <= set(config_files.KEYS)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
META_KEYS = ["type", "from_code", "to_code", "package_version", "target_prefix", "name"]
LANG_CODE = re.compile(r"[a-z]{2,3}(?:[_-][A-Za-z]{2,4})?")  # a language code as `models list` shows it


@FUZZ
@given(
    st.one_of(
        encoded,
        st.dictionaries(
            st.sampled_from(META_KEYS), json_values | st.sampled_from(["fr", "en", "translate", "1.9", "²"]), max_size=6
        ).map(lambda d: json.dumps(d).encode()),
    )
)
def test_model_metadata(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("m") / "translate-fr_en-1_0"
    (folder / "model").mkdir(parents=True)
    (folder / "model" / "model.bin").write_bytes(b"x")
    (folder / "model" / "shared_vocabulary.json").write_text("[]", encoding="utf-8")
    (folder / "sentencepiece.model").write_bytes(b"x")
    (folder / "metadata.json").write_bytes(data)
    try:
        info = models.inspect(folder)
    except InputError as err:
        one_line(err, folder.name)
        return
    assert LANG_CODE.fullmatch(info.from_code) and LANG_CODE.fullmatch(info.to_code)
    assert models.installed(folder.parent) == ([info], [])  # `models list` shows it as usable
    assert models.find(info.from_code, info.to_code, folder.parent) == info  # and `clean` finds it by its pair


@FUZZ
@given(st.text(alphabet=st.sampled_from(list("aZé ’'\n\t_9²ß-\u00a0\u2003ǅ٣(")), max_size=30))
def test_last_word_is_the_pattern_search(s):
    """terms.acronyms.last_word (read from the end) agrees with a regular expression search from the start."""
    import re

    from bilingual.terms.acronyms import last_word

    m = re.search(r"([^\W\d_]+['’]?)\s*$", s)
    assert last_word(s) == (m.group(1) if m else None)
