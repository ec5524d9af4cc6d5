"""Languages: Indonesian by default, English on request; the choice sticks in a cookie."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

PO = Path(__file__).resolve().parents[2] / "portal" / "translations" / "en" / "LC_MESSAGES" / "messages.po"


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogue():
    """`make test` compiles the catalogues; a bare `pytest` run compiles a stale or missing .mo here."""
    mo = PO.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < PO.stat().st_mtime:
        with PO.open("rb") as fh:
            catalog = read_po(fh, locale="en")
        with mo.open("wb") as fh:
            write_mo(fh, catalog)


def _lang_cookie(client):
    cookie = client.get_cookie("lang")
    return cookie.value if cookie else None


def test_default_language_is_indonesian(client):
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert '<html lang="id">' in html
    assert "Layanan portal" in html and "Lewati ke konten" in html
    assert "Portal services" not in html
    assert _lang_cookie(client) is None


def test_lang_en_shows_english_and_sticks(client):
    html = client.get("/?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in html
    for text in ["Portal services", "Skip to content", "File a Complaint", "Report Misconduct (WBS)",
                 "Integrity Zone Portal", "Service hours"]:
        assert text in html, text
    assert _lang_cookie(client) == "en"

    html = client.get("/admin/login").get_data(as_text=True)  # no ?lang: the cookie decides
    assert "Staff log-in" in html and "Password" in html

    html = client.get("/?lang=id").get_data(as_text=True)
    assert "Layanan portal" in html and _lang_cookie(client) == "id"
    assert "Layanan portal" in client.get("/").get_data(as_text=True)


def test_unknown_language_falls_back_to_indonesian(client):
    html = client.get("/?lang=fr").get_data(as_text=True)
    assert "Layanan portal" in html
    assert _lang_cookie(client) is None


def test_lang_cookie_attributes(client):
    header = client.get("/?lang=en").headers["Set-Cookie"]
    assert "lang=en" in header and "HttpOnly" in header and "SameSite=Lax" in header and "Max-Age=" in header


def test_error_pages_and_messages_in_english(client, make_user):
    client.get("/?lang=en")
    response = client.get("/tidak-ada")
    assert response.status_code == 404 and "Page not found." in response.get_data(as_text=True)
    response = client.get("/admin/pengguna", follow_redirects=True)
    assert "Please log in to open this page." in response.get_data(as_text=True)
    user = make_user("dumas")
    response = client.post("/admin/login", data={"email": user.email, "password": "salah-salah-1"})
    assert response.status_code == 401 and "Wrong e-mail or password." in response.get_data(as_text=True)


def test_admin_pages_in_english(client, login_as):
    client.get("/?lang=en")
    login_as("admin")
    html = client.get("/admin/").get_data(as_text=True)
    assert "Your account" in html and "Administrator (users, settings)" in html and "Log out" in html
    html = client.get("/admin/pengguna/baru").get_data(as_text=True)
    assert "Add user" in html and "Content editor" in html
    assert "Office name" in client.get("/admin/pengaturan").get_data(as_text=True)
    assert "Audit log" in client.get("/admin/audit").get_data(as_text=True)


def test_translations_keep_placeholders():
    """A translation that drops or renames %(name)s would raise at render time."""
    with PO.open("rb") as fh:
        catalog = read_po(fh, locale="en")
    placeholder = re.compile(r"%\((\w+)\)s")
    checked = 0
    for message in catalog:
        if not message.id or not message.string or isinstance(message.id, tuple):
            continue
        assert set(placeholder.findall(message.id)) == set(placeholder.findall(message.string)), message.id
        checked += 1
    assert checked >= 150


def test_language_links_keep_the_other_query_arguments(client):
    html = client.get("/rencana-aksi?area=I&bulan=3").get_data(as_text=True)
    assert 'href="/rencana-aksi?area=I&amp;bulan=3&amp;lang=en"' in html
    assert 'href="/rencana-aksi?area=I&amp;bulan=3&amp;lang=id"' in html
