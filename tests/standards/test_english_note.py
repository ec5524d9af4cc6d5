"""/standar-pelayanan and its detail pages on ?lang=en: service names, descriptions, component texts and
revision notes are the office's Indonesian text, marked lang="id", with one "Available in Indonesian only."
note; the Indonesian pages have no note. Helpers: tests/content/english_note_helpers.py."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.standards import service as standards
from portal.standards.models import Service
from tests.content.english_note_helpers import NOTE_EN, english_app, langs_of, notes


@pytest.fixture
def app(app_factory, tmp_path):
    with english_app(app_factory, tmp_path) as app:
        with app.app_context():
            standards.load_default_standards(db.session)
            db.session.commit()
        yield app


def a_service(app) -> tuple[str, str, str]:
    with app.app_context():
        service = db.session.scalars(select(Service).order_by(Service.id)).first()
        return service.slug, service.name, " ".join((service.description or "").split())[:40]


def test_list_marks_names_indonesian_with_one_note(app, client):
    _slug, name, description = a_service(app)
    page = client.get("/standar-pelayanan?lang=en").get_data(as_text=True)
    assert notes(page) == [NOTE_EN]
    assert langs_of(page, name) == {"id"}
    if description:
        assert langs_of(page, description) == {"id"}


def test_detail_marks_name_and_component_texts_indonesian(app, client):
    slug, name, _description = a_service(app)
    page = client.get(f"/standar-pelayanan/{slug}?lang=en").get_data(as_text=True)
    assert notes(page) == [NOTE_EN]
    assert langs_of(page, name) == {"id"}
    assert page.count('class="prose standard-text"') == 14
    assert page.count('<div lang="id" class="standard-content">') == 14
    assert "id" not in langs_of(page, "Component")  # the table headers are the interface, in English


@pytest.mark.parametrize("path", ["/standar-pelayanan", "/standar-pelayanan/{slug}"])
def test_indonesian_pages_have_no_note(app, client, path):
    slug, _name, _description = a_service(app)
    page = client.get(path.format(slug=slug) + "?lang=id").get_data(as_text=True)
    assert notes(page) == []
    assert "Hanya tersedia dalam bahasa Indonesia." not in page
