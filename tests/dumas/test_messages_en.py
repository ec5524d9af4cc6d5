"""Every message DUMAS shows a visitor is translatable: domain refusals and complaint-form errors are
literals with %(name)s parameters that `pybabel extract` collects, translated when they are read.

The English catalogue is the lead's to fill, so most checks here use a pseudo-English catalogue made from a
fresh extraction of portal/dumas (every msgid -> "EN:" + msgid): a message that reaches the page without the
marker was not extracted (an f-string, a formatted string) or was never translated when read. Messages that
have an English entry already are checked in real English too.
"""
from __future__ import annotations

import html
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from sqlalchemy import select

from portal.accounts import service as accounts
from portal.core.errors import DomainError
from portal.dumas import service as complaints
from portal.dumas import staff
from portal.dumas.models import Category
from portal.extensions import db
from tests.conftest import PASSWORD
from tests.dumas_factories import make_category, make_complaint
from tests.dumas_public_helpers import form_data, load_categories
from tests.i18n_helpers import catalogue_app

DUMAS = Path(__file__).resolve().parents[2] / "portal" / "dumas"
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "DomainError": None}
MARK = "EN:"


def extracted_msgids() -> set[str]:
    """What `make translations` would collect from portal/dumas/*.py (the Python keywords of the Makefile)."""
    found = set()
    for path in sorted(DUMAS.glob("*.py")):
        for _line, message, _comments, _context in extract_from_file("python", str(path), keywords=KEYWORDS):
            found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.fixture
def pseudo_app(app_factory, tmp_path):
    """The app with a pseudo-English catalogue of everything extracted from portal/dumas."""
    catalog = Catalog(locale="en")
    for msgid in extracted_msgids():
        catalog.add(msgid, MARK + msgid, flags=("python-format",) if "%(" in msgid else ())
    with catalogue_app(app_factory, tmp_path / "pseudo", catalog) as app:
        yield app


BAD_WEBSITE = [
    {"reporter_name": "x" * 200},
    {"reporter_name": "", "confidential": "y"},
    {"reporter_name": ""},
    {"reporter_email": "a" * 250 + "@contoh.id"},
    {"reporter_email": "bukan-email"},
    {"reporter_phone": "12"},
    {"reporter_email": "", "reporter_phone": ""},
    {"category_id": "999"},
    {"category_id": ""},
    {"kind": "aneh"},
    {"subject": "abc"},
    {"subject": "x" * 300},
    {"description": "pendek"},
    {"description": "x" * 20001},
    {"event_place": "x" * 300},
    {"event_date": "31/02/2026"},
    {"event_date": "2099-01-01"},
    {"event_date": "1900-01-01"},
    {"consent": ""},
]
BAD_STAFF = [
    {"channel": ""},
    {"channel": "website"},
    {"channel": "hotline", "external_id": "x" * 80},
    {"channel": "lapor", "external_id": ""},
    {"channel": "hotline", "received_date": "kemarin"},
    {"channel": "hotline", "received_date": "2099-01-01"},
    {"channel": "hotline", "received_date": "2020-01-01"},
]


def _messages(errors: dict) -> list[str]:
    return [str(m) for messages in errors.values() for m in messages]


def test_every_complaint_form_error_is_translated(pseudo_app):
    categories = load_categories(pseudo_app)
    with pseudo_app.test_request_context("/?lang=en"):
        for by_staff, cases in ((False, BAD_WEBSITE), (True, BAD_STAFF)):
            for overrides in cases:
                data = {**form_data(categories["pelayanan"]), **overrides}
                _fields, errors = complaints.validate_complaint(db.session, data, by_staff=by_staff)
                messages = _messages(errors)
                assert messages, overrides
                for message in messages:
                    assert message.startswith(MARK), (overrides, message)


def test_too_long_additional_information_is_translated(pseudo_app):
    with pseudo_app.test_request_context("/?lang=en"):
        complaint = make_complaint(db.session, category=make_category(db.session), commit=True)
        with pytest.raises(complaints.InvalidComplaint) as err:
            complaints.add_reporter_info(db.session, complaint, "x" * (complaints.INFO_MAX + 1), [],
                                         pseudo_app.config)
        assert _messages(err.value.errors) == [
            f"{MARK}Informasi terlalu panjang (maksimal {complaints.INFO_MAX} karakter)."]
        with pytest.raises(complaints.InvalidComplaint) as err:
            complaints.add_reporter_info(db.session, complaint, "", [], pseudo_app.config)
        assert _messages(err.value.errors) == [f"{MARK}Tuliskan informasi tambahan atau lampirkan berkas."]
        assert err.value.message.startswith(MARK)


def _user(session, role: str):
    return accounts.create_user(session, f"{role}@uji.example", PASSWORD, [role], name=f"Petugas {role}")


def _refusals(session, app):
    """Every staff-side refusal of the DUMAS domain, as a call that raises it."""
    officer, clerk = _user(session, "dumas"), _user(session, "pimpinan")
    category = session.scalar(select(Category)) or make_category(session)
    closed = make_complaint(session, category=category, status="selesai", commit=True)
    open_case = make_complaint(session, category=category, status="diverifikasi", assigned_to_id=officer.id,
                               commit=True)
    deadlines = complaints.Deadlines.from_config(app.config)
    return [
        lambda: complaints.register_by_staff(session, {}, [], app.config, actor=clerk),
        lambda: complaints.add_reporter_info(session, closed, "lagi", [], app.config),
        lambda: staff.get_officer(session, clerk.id),
        lambda: staff.get_category(session, None),
        lambda: staff.assign(session, closed, officer, officer.id),
        lambda: staff.assign(session, open_case, officer, officer.id),
        lambda: staff.recategorise(session, open_case, officer, deadlines, category_id=category.id,
                                   kind="aneh"),
        lambda: staff.recategorise(session, open_case, officer, deadlines, category_id=category.id,
                                   kind=open_case.kind),
    ]


def test_every_staff_refusal_is_translated(pseudo_app):
    with pseudo_app.test_request_context("/?lang=en"):
        for refuse in _refusals(db.session, pseudo_app):
            with pytest.raises(DomainError) as err:
                refuse()
            assert err.value.message.startswith(MARK), err.value.msgid
            db.session.rollback()


def test_public_form_errors_are_english_on_the_page(pseudo_app):
    categories = load_categories(pseudo_app)
    client = pseudo_app.test_client()
    response = client.post("/pengaduan?lang=en", data=form_data(categories["pelayanan"], subject="abc",
                                                                description="pendek", consent=""))
    assert response.status_code == 422
    page = html.unescape(response.get_data(as_text=True))
    assert f"{MARK}Perihal wajib diisi (minimal {complaints.SUBJECT_MIN} karakter)." in page
    assert f"{MARK}Centang persetujuan agar aduan dapat kami proses." in page
    assert "Uraikan aduan Anda minimal" in page and f"{MARK}Uraikan aduan Anda minimal" in page


def test_assign_to_a_non_officer_is_refused_in_english(app, client, login_as, make_user):
    login_as("dumas")
    with app.app_context():
        number = make_complaint(db.session, category=make_category(db.session), status="diverifikasi",
                                commit=True).number
        other = make_user("pimpinan")
    response = client.post(f"/admin/pengaduan/{number}/petugas?lang=en", data={"officer_id": str(other.id)})
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert "The chosen officer is not an active DUMAS officer." in page


def test_register_with_an_unknown_kind_is_refused_in_english(app, client, login_as):
    login_as("dumas")
    categories = load_categories(app)
    data = form_data(categories["pelayanan"], channel="hotline", kind="aneh")
    with app.app_context():
        _fields, errors = complaints.validate_complaint(db.session, data, by_staff=True)
    assert "kind" in errors
    with app.test_request_context("/?lang=en"):
        assert [str(m) for m in errors["kind"]] == ["Unknown complaint type."]
