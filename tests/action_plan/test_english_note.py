"""/rencana-aksi on ?lang=en: the rows of the decree are Indonesian office text, marked lang="id", with one
"Available in Indonesian only." note; the Indonesian page has no note.
Helpers: tests/content/english_note_helpers.py."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.action_plan import service as action_plan
from portal.action_plan.models import ActionPlanItem
from portal.extensions import db
from tests.content.english_note_helpers import NOTE_EN, english_app, langs_of, notes

FIELDS = ("komponen", "indikator", "langkah_aksi", "bukti_fisik", "pelaksanaan", "penanggung_jawab")


@pytest.fixture
def app(app_factory, tmp_path):
    with english_app(app_factory, tmp_path) as app:
        with app.app_context():
            action_plan.load_shipped_plans(db.session)
            db.session.commit()
        yield app


def first_item(app) -> dict[str, str]:
    with app.app_context():
        item = db.session.scalars(select(ActionPlanItem).where(ActionPlanItem.group_title != "")
                                  .order_by(ActionPlanItem.seq)).first()
        texts = {name: " ".join(getattr(item, name).split())[:40] for name in FIELDS}
        texts.update(area=item.area_title, group=item.group_title)
        return texts


def test_english_page_marks_the_rows_indonesian_and_says_so_once(app, client):
    page = client.get("/rencana-aksi?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert notes(page) == [NOTE_EN]
    plan = page[page.index('<section class="plan-area'):]  # the filter's options are the form's
    for name, text in first_item(app).items():
        assert langs_of(plan, text) == {"id"}, name
    assert "id" not in langs_of(plan, "Indicator")  # the column headers are the interface, in English


def test_indonesian_page_has_no_note(app, client):
    page = client.get("/rencana-aksi?lang=id").get_data(as_text=True)
    assert notes(page) == []
    assert "Available in Indonesian only." not in page
    assert "Hanya tersedia dalam bahasa Indonesia." not in page
