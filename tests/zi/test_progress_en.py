"""/rencana-aksi/progres in English: a row's state beside its count ("Sebagian (0/1)", "Belum", "Selesai")
goes through the catalogue with the context "progres rencana aksi" (pgettext), so the translator names an
action plan's progress apart from a complaint's "Selesai" ("Resolved").

The English entries are the lead's to add at merge: a pseudo-English catalogue made from a fresh extraction
of portal/zi/views.py (every msgid -> "EN:" + msgid, with its context) shows that the states are extracted
and translated when shown."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file

from tests.i18n_helpers import catalogue_app
from tests.security_helpers import seed

VIEWS = Path(__file__).resolve().parents[2] / "portal" / "zi" / "views.py"
CONTEXT = "progres rencana aksi"
MARK = "EN:"


def extracted() -> set[tuple[str | None, str]]:
    """(context, msgid) of what `make translations` collects from portal/zi/views.py."""
    return {(context, message) for _line, message, _comments, context
            in extract_from_file("python", str(VIEWS), keywords=DEFAULT_KEYWORDS)}


@pytest.fixture
def pseudo_app(app_factory, tmp_path):
    catalog = Catalog(locale="en")
    for context, msgid in extracted():
        catalog.add(msgid, MARK + msgid, context=context)
    with catalogue_app(app_factory, tmp_path / "pseudo", catalog) as app:
        yield app


def test_the_progress_states_are_extracted_with_their_context():
    assert {(CONTEXT, "Selesai"), (CONTEXT, "Sebagian"), (CONTEXT, "Belum")} <= extracted()


def _states(page: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for state, label in re.findall(r'data-state="(\w+)">.*?<span class="small">([^<(]+) \(\d+/\d+\)</span>',
                                   page, re.DOTALL):
        found.setdefault(state, set()).add(label)
    return found


def test_a_rows_state_is_in_the_readers_language(pseudo_app):
    seed(pseudo_app)
    client = pseudo_app.test_client()
    english = _states(client.get("/rencana-aksi/progres?lang=en").get_data(as_text=True))
    assert english == {"selesai": {MARK + "Selesai"}, "sebagian": {MARK + "Sebagian"},
                       "belum": {MARK + "Belum"}}
    indonesian = _states(client.get("/rencana-aksi/progres?lang=id").get_data(as_text=True))
    assert indonesian == {"selesai": {"Selesai"}, "sebagian": {"Sebagian"}, "belum": {"Belum"}}
