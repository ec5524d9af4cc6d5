"""The labels of a complaint's kind and channel are the reader's language on screen (staff case page, inbox,
recap) and Indonesian in what is stored (follow-up notes); the tracking page names the status in English on
?lang=en.

New msgids have no English entry yet (the lead translates at merge): the pseudo-English catalogue of
tests/dumas/test_messages_en.py (every msgid extracted from portal/dumas -> "EN:" + msgid) shows that they
are extracted and translated when shown.
"""
from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_file
from flask_babel.speaklater import LazyString
from sqlalchemy import select

from portal.accounts import service as accounts
from portal.dumas import service as complaints
from portal.dumas import staff
from portal.dumas.models import CHANNELS, KINDS, Complaint, indonesian
from portal.extensions import db
from tests.conftest import PASSWORD, AuthActions
from tests.dumas import test_messages_en
from tests.dumas.test_messages_en import MARK, extracted_msgids
from tests.dumas_factories import make_category, make_complaint
from tests.dumas_public_helpers import submit_ok

pseudo_app = test_messages_en.pseudo_app  # the fixture: an app with the pseudo-English catalogue
LABELS = {**{f"kanal {k}": v for k, v in CHANNELS.items()}, **{f"jenis {k}": v for k, v in KINDS.items()}}


def test_every_kind_and_channel_label_is_lazy_and_extracted(app):
    found = extracted_msgids()
    with app.test_request_context("/?lang=id"):
        for name, label in LABELS.items():
            assert isinstance(label, LazyString), name
            assert str(label) in found, name


def _officer(session):
    return accounts.create_user(session, "dumas@uji.example", PASSWORD, ["dumas"], name="Petugas DUMAS")


def test_case_page_and_inbox_name_channel_and_kind_in_the_readers_language(pseudo_app):
    with pseudo_app.app_context():
        category = make_category(db.session, default_kind="pengawasan")
        number = make_complaint(db.session, category=category, channel="surat").number
        _officer(db.session)
        db.session.commit()
    client = pseudo_app.test_client()
    assert AuthActions(client).login("dumas@uji.example").status_code == 302
    case = client.get(f"/admin/pengaduan/{number}?lang=en").get_data(as_text=True)
    assert MARK + "Surat" in case and MARK + "Berkadar pengawasan" in case
    inbox = client.get("/admin/pengaduan?lang=en").get_data(as_text=True)
    assert MARK + "Surat" in inbox
    indonesian_case = client.get(f"/admin/pengaduan/{number}?lang=id").get_data(as_text=True)
    assert "Berkadar pengawasan" in indonesian_case and MARK + "Berkadar" not in indonesian_case


def test_stored_notes_name_channel_and_kind_in_indonesian_on_an_english_screen(pseudo_app):
    with pseudo_app.test_request_context("/?lang=en"):
        assert str(CHANNELS["hotline"]) == MARK + "Hotline / telepon"  # the screen is (pseudo-)English
        category = make_category(db.session, default_kind="non_pengawasan")
        officer = _officer(db.session)
        complaint, _code = complaints.register_by_staff(db.session, {
            "channel": "hotline", "reporter_name": "Dewi Lestari", "reporter_email": "dewi@contoh.example",
            "category_id": str(category.id), "subject": "Laporan via telepon",
            "description": "Pelapor menelepon hotline mengeluhkan jadwal layanan yang tidak sesuai.",
        }, [], pseudo_app.config, actor=officer)
        assert complaint.followups[0].public_note == (
            "Aduan diterima melalui kanal Hotline / telepon dan dicatat oleh petugas.")
        deadlines = complaints.Deadlines.from_config(pseudo_app.config)
        staff.recategorise(db.session, complaint, officer, deadlines, category_id=category.id,
                           kind="pengawasan")
        db.session.commit()
        assert complaint.followups[-1].internal_note.endswith("; jenis: Berkadar pengawasan")
        assert indonesian(KINDS["informasi"]) == "Permintaan informasi"


def _status_line(page: str) -> str:
    start = page.index('<p class="mb-3">')
    return page[start:page.index("</p>", start)]


def test_tracking_names_the_status_in_english(app, client):
    """"Status: Selesai" is "Status: Resolved" on ?lang=en, on the tracking answer and on /lacak/hasil."""
    with app.app_context():
        category_id = make_category(db.session).id
        db.session.commit()
    number, code = submit_ok(client, category_id)
    response = client.post("/pengaduan/lacak/tambah?lang=en", data={
        "number": number, "code": code, "text": "Kejadian terulang lagi hari ini di loket 2."})
    assert response.status_code == 302 and response.headers["Location"].endswith("/pengaduan/lacak/hasil")
    page = client.get("/pengaduan/lacak/hasil?lang=en").get_data(as_text=True)
    line = _status_line(page)
    assert "Received" in line and "Diterima" not in line

    with app.app_context():
        db.session.scalar(select(Complaint).where(Complaint.number == number)).status = "selesai"
        db.session.commit()
    page = client.post("/pengaduan/lacak?lang=en", data={"number": number, "code": code})
    line = _status_line(page.get_data(as_text=True))
    assert "Resolved" in line and "Selesai" not in line
    indonesian_page = client.post("/pengaduan/lacak?lang=id",
                                  data={"number": number, "code": code}).get_data(as_text=True)
    assert "Selesai" in _status_line(indonesian_page)


STATUS_TEMPLATE = Path(__file__).resolve().parents[2] / "portal/dumas/templates/dumas/status.html"
ONE_COMPLAINT = "satu pengaduan, di depan nomornya"


def test_the_status_page_heading_names_one_complaint_apart_from_the_menus_complaints(app, client):
    """"Pengaduan DUMAS-2026-00001": English "Complaint DUMAS-…", not the menu's "Complaints" (pgettext)."""
    found = {(context, message) for _line, message, _comments, context in extract_from_file(
        "jinja2", str(STATUS_TEMPLATE), options={"extensions": "jinja2.ext.do"})}
    assert (ONE_COMPLAINT, "Pengaduan") in found
    with app.app_context():
        category_id = make_category(db.session).id
        db.session.commit()
    number, code = submit_ok(client, category_id)
    page = client.post("/pengaduan/lacak?lang=id", data={"number": number, "code": code})
    assert f"Pengaduan {number}</h1>" in page.get_data(as_text=True)
