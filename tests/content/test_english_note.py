"""/halaman/<slug> and /maklumat on ?lang=en: the page's title and body are the office's Indonesian text,
marked lang="id", with one "Available in Indonesian only." note; the Indonesian pages have no note."""
from __future__ import annotations

import pytest

from portal.content import service as content
from portal.extensions import db
from tests.content.english_note_helpers import NOTE_EN, english_app, langs_of, notes


@pytest.fixture
def app(app_factory, tmp_path):
    with english_app(app_factory, tmp_path) as app:
        with app.app_context():
            content.load_default_pages(db.session)
            db.session.commit()
        yield app


def test_page_marks_title_and_body_indonesian_with_one_note(client):
    page = client.get("/halaman/gratifikasi?lang=en").get_data(as_text=True)
    assert notes(page) == [NOTE_EN]
    assert '<div lang="id"><div class="prose">' in page
    assert '<div lang="id"><h1 class="h2">Pengendalian Gratifikasi</h1></div>' in page
    assert '<span lang="id">Pengendalian Gratifikasi</span></li>' in page  # the breadcrumb
    assert "id" not in langs_of(page, "Home")


def test_pledge_marks_text_and_signature_indonesian_with_one_note(client):
    page = client.get("/maklumat?lang=en").get_data(as_text=True)
    assert notes(page) == [NOTE_EN]
    assert '<div lang="id" class="prose pledge-text">' in page
    assert '<div lang="id" class="pledge-signature mt-5">' in page


@pytest.mark.parametrize("path", ["/halaman/gratifikasi", "/maklumat"])
def test_indonesian_pages_have_no_note(client, path):
    page = client.get(path + "?lang=id").get_data(as_text=True)
    assert page.count("<h1") == 1
    assert notes(page) == []
    assert "Hanya tersedia dalam bahasa Indonesia." not in page
