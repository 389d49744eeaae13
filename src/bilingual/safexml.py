"""Parsing XML that came from elsewhere (TBX glossaries, TMX and XLIFF memories) safely.

:mod:`defusedxml` parses with the standard ElementTree but refuses entity
declarations (the "billion laughs" expansion) and external entities (a file or
address read into the document); a DOCTYPE line alone (``<!DOCTYPE tmx SYSTEM
"tmx14.dtd">``, as Translate Toolkit writes) is fine: no DTD is ever fetched.
Every failure is one line naming the file.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Callable

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def parse(text: str | bytes, name: str, error: Callable[[str], Exception], what: str = "XML") -> ET.Element:
    """The root element of ``text``; ``error(message)`` is raised with ``name:line: ...``."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        return fromstring(text, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as err:
        kind = "an external entity" if getattr(err, "sysid", None) else "an entity"
        raise error(
            f"{name}: refused: the file declares {kind} ({getattr(err, 'name', '?')}), which could "
            "expand without limit or read other files; remove the DOCTYPE's entity declarations"
        ) from None
    except ET.ParseError as err:
        line = err.position[0] if getattr(err, "position", None) else 1
        raise error(f"{name}:{line}: not valid {what} ({str(err).split(':')[0]})") from None


def local(tag) -> str:
    """An element's name without its namespace (comments and processing instructions: "")."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def lang_of(el: ET.Element, *attrs: str) -> str:
    """The primary language subtag of ``xml:lang`` (or of the first of ``attrs`` set), lower case."""
    return primary_lang(el.get(XML_LANG) or next((el.get(a) for a in attrs if el.get(a)), ""))


def primary_lang(value) -> str:
    """``"fr-CA"``, ``"FR_fr"`` -> ``"fr"``.

    >>> primary_lang("EN-us"), primary_lang(None)
    ('en', '')
    """
    return (value or "").strip().lower().replace("_", "-").split("-")[0]
