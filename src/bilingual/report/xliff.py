"""Export for translators: the spans an output left untranslated, as XLIFF 1.2.

``bilingual clean --xliff`` writes ``NAME.<lang>.xlf`` per output: one
``<trans-unit>`` per ``untranslated`` flag of that output, its source in the
other language, an empty place for the target. Why 1.2 and not 2.x: OmegaT,
Okapi (Rainbow, Ratel), Trados Studio, memoQ, Phrase, Weblate and Translate
Toolkit all import and export XLIFF 1.2; their 2.x support came later and is
uneven. See ``docs/translators.md``.

Each unit carries:

* ``id="START-END"``: the span's character offsets in the input, as in the
  report (``flags[].start``/``end``), so an answer can be tied back to it;
* a ``<context-group>`` with the input file and the span's line number;
* a ``<note>`` with the whole sentence the span stands in (the context a
  translator needs) and the line:column.

A filled file is read back by ``--memory`` (:mod:`bilingual.memory`): the
targets replace the same spans on the next run. Characters XML 1.0 cannot
hold (C0 controls but tab and line breaks) are written as U+FFFD.
Same result in, same bytes out.
"""

from __future__ import annotations

import bisect
import re
from xml.sax.saxutils import escape, quoteattr

from .. import __version__
from ..model import Lang, Result
from ..text.position import Locator

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def export(result: Result, lang: Lang, source: str = "<stdin>") -> str:
    """The XLIFF 1.2 document of the spans left untranslated in output ``lang``."""
    lang = Lang(lang)
    loc = Locator(result.text)
    starts = [s.start for s in result.sentences]
    units = []
    for f in sorted((f for f in result.flags_for(lang) if f.kind == "untranslated"), key=lambda f: (f.start, f.end)):
        i = bisect.bisect_right(starts, f.start) - 1
        sentence = result.text[result.sentences[i].start : result.sentences[i].end] if i >= 0 else f.text
        line, col = loc.line_col(f.start)
        note = f"line {line}:{col}; sentence: {' '.join(sentence.split())}"
        units.append(
            f'   <trans-unit id="{f.start}-{f.end}" xml:space="preserve">\n'
            f"    <source>{_text(f.text)}</source>\n"
            f'    <context-group purpose="location"><context context-type="sourcefile">{_text(source)}</context>'
            f'<context context-type="linenumber">{line}</context></context-group>\n'
            f'    <note from="bilingual">{_text(note)}</note>\n'
            "   </trans-unit>\n"
        )
    body = "  <body>\n" + "".join(units) + "  </body>\n" if units else "  <body/>\n"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<xliff version="1.2" xmlns="{XLIFF_NS}">\n'
        f' <file original={quoteattr(_clean(source))} source-language="{lang.other.value}" '
        f'target-language="{lang.value}" datatype="plaintext">\n'
        "  <header>\n"
        f'   <tool tool-id="bilingual" tool-name="bilingual" tool-version="{__version__}"/>\n'
        f'   <note from="bilingual">{len(units)} spans left untranslated in the {_NAMES[lang]} version of '
        f"{_text(source)}; trans-unit id = START-END, character offsets in the input (as in the report). "
        "Fill the targets and pass this file back: bilingual clean ... --memory THIS_FILE</note>\n"
        "  </header>\n"
        f"{body}"
        " </file>\n"
        "</xliff>\n"
    )


_NAMES = {Lang.EN: "English", Lang.FR: "French"}


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _text(text: str) -> str:
    return escape(_clean(text), {'"': "&quot;"})
