"""Shared by the three test_english_note.py files: official content stored only in Indonesian (action plan
rows, standards, pages) is marked lang="id" and, on an English page, carries one visible note.

The note's msgid is new, so the English catalogue has no entry for it until the lead translates it at merge:
`english_app` builds the app with the shipped English catalogue plus that one entry, so the tests read the
note in real English and still prove the template sends it through gettext.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

from babel.messages.pofile import read_po

from tests.i18n_helpers import catalogue_app

SHIPPED_PO = Path(__file__).resolve().parents[2] / "portal" / "translations" / "en"
SHIPPED_PO = SHIPPED_PO / "LC_MESSAGES" / "messages.po"
NOTE_MSGID = "Hanya tersedia dalam bahasa Indonesia."
NOTE_EN = "Available in Indonesian only."


def english_app(app_factory, tmp_path):
    """An app whose English catalogue is the shipped one plus the note's suggested translation (a context
    manager: tests/i18n_helpers.py)."""
    with SHIPPED_PO.open("rb") as fh:
        catalog = read_po(fh, locale="en")
    catalog.add(NOTE_MSGID, NOTE_EN)
    return catalogue_app(app_factory, tmp_path / "catalogue", catalog)


def notes(page: str) -> list[str]:
    """The texts of the "Indonesian only" notes on a page."""
    return re.findall(r'<p class="indonesian-only[^"]*">([^<]*)</p>', page)


class _Langs(HTMLParser):
    """Every text of a page with the language it is marked in (the nearest lang attribute around it)."""

    VOID: ClassVar[frozenset[str]] = frozenset(
        {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
         "wbr"})

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []
        self.texts: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if data.strip():
            lang = next((lang for _tag, lang in reversed(self.stack) if lang), None)
            self.texts.append((" ".join(data.split()), lang))


def langs_of(page: str, text: str) -> set[str | None]:
    """The languages the texts of the page's body (or of a part of it) that contain `text` are marked in
    ({"id"}, {"en"}, ...); the <title> is left out (it cannot hold a marked element)."""
    body = page[page.index("<body"):] if "<body" in page else page
    parser = _Langs()
    parser.feed(body)
    parser.close()
    found = {lang for found, lang in parser.texts if text in found}
    assert found, f"{text!r} is not on the page"
    return found
