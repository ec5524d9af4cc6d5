"""Staff publication of a complaint on the public list (portal/dumas/publication.py and
/admin/pengaduan/<number>/publikasi): the rules (consent, confidential, summary), the audit (ids only), the
preview, withdraw, roles; and the consent at filing (public form and staff registration)."""
from __future__ import annotations

import html
import json
import re

import pytest
from sqlalchemy import select

from portal.core.errors import DomainError
from portal.core.models.audit import AuditLog
from portal.dumas import publication
from portal.dumas.models import Complaint
from portal.extensions import db
from tests.dumas_public_helpers import form_data, load_categories
from tests.public_list_helpers import SUMMARY, officer, planted_complaint, published_complaint


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _get(number: str) -> Complaint:
    return db.session.scalar(select(Complaint).where(Complaint.number == number))


def _new(app, **kwargs) -> str:
    with app.app_context():
        complaint = planted_complaint(**kwargs)
        db.session.commit()
        return complaint.number


def _audit(action: str) -> list[AuditLog]:
    return list(db.session.scalars(select(AuditLog).where(AuditLog.action == action)))


# --- the domain rules ----------------------------------------------------------------------------------

def test_publish_needs_consent_not_confidential_and_a_summary(app):
    with app.app_context():
        staff = officer()
        refused = planted_complaint(consent=False)
        with pytest.raises(DomainError, match="tidak menyetujui"):
            publication.publish(db.session, refused, SUMMARY, staff)
        secret = planted_complaint(consent=True, confidential=True)
        with pytest.raises(DomainError, match="rahasia"):
            publication.publish(db.session, secret, SUMMARY, staff)
        ok = planted_complaint()
        for summary, message in (("", "wajib"), ("   \n ", "wajib"), ("pendek", "terlalu pendek"),
                                 ("x" * (publication.SUMMARY_MAX + 1), "terlalu panjang")):
            with pytest.raises(DomainError, match=message):
                publication.publish(db.session, ok, summary, staff)
        assert ok.published_at is None
        publication.publish(db.session, ok, "  " + SUMMARY + "\r\n", staff)
        assert ok.published_at is not None and ok.public_summary == SUMMARY
        with pytest.raises(DomainError, match="sudah dipublikasikan"):
            publication.publish(db.session, ok, SUMMARY, staff)


def test_only_dumas_officers_publish(app):
    from portal.accounts import service as accounts

    with app.app_context():
        complaint = planted_complaint()
        boss = accounts.create_user(db.session, "boss@uji.example", "Rahasia-12345-xyz", ["pimpinan"])
        with pytest.raises(DomainError, match="Hanya petugas DUMAS"):
            publication.publish(db.session, complaint, SUMMARY, boss)


def test_the_rule_exists_once_and_hides_confidential_even_if_published(app):
    with app.app_context():
        shown = published_complaint()
        # a row changed behind the service's back (e.g. marked rahasia later) disappears from every reader
        hidden = published_complaint()
        hidden.confidential = True
        withdrawn_consent = published_complaint()
        withdrawn_consent.public_consent = False
        db.session.flush()
        numbers = [c.number for c in db.session.scalars(publication.published_query())]
        assert numbers == [shown.number]
        assert publication.find_published(db.session, hidden.number) is None
        assert publication.find_published(db.session, shown.number.lower()) is shown


def test_update_and_unpublish_are_audited_with_ids_only(app):
    with app.app_context():
        staff = officer()
        complaint = published_complaint()
        new = "Warga melaporkan antrean panjang; kantor menambah loket dan nomor antrean."
        with pytest.raises(DomainError, match="tidak berubah"):
            publication.update_summary(db.session, complaint, SUMMARY, staff)
        publication.update_summary(db.session, complaint, new, staff)
        publication.unpublish(db.session, complaint, staff)
        with pytest.raises(DomainError, match="belum dipublikasikan"):
            publication.unpublish(db.session, complaint, staff)
        with pytest.raises(DomainError, match="belum dipublikasikan"):
            publication.update_summary(db.session, complaint, SUMMARY, staff)
        db.session.flush()
        assert complaint.published_at is None and complaint.public_summary == new
        for action in ("complaint.publish", "complaint.public_summary", "complaint.unpublish"):
            rows = _audit(action)
            assert len(rows) == 1, action
            detail = json.loads(rows[0].detail)
            assert detail["number"] == complaint.number
            assert "antrean" not in rows[0].detail and "[disaring]" not in rows[0].detail


def test_public_view_hides_reporter_notes_internal_notes_and_officers(app):
    with app.app_context():
        view = publication.public_view(published_complaint())
        notes = [step.note for step in view.steps]
        assert "Petugas telah mengecek antrean dan menambah loket pada jam sibuk." in notes
        assert not any("Wiryo" in note or "INTERNAL" in note for note in notes)
        assert [s.status for s in view.steps if s.status_changed] == ["diterima", "diverifikasi", "diproses"]
        assert view.due is not None and not view.closed


# --- the staff page -------------------------------------------------------------------------------------

def test_publication_page_shows_original_preview_and_publishes(app, client, login_as):
    number = _new(app)
    login_as("dumas")
    page = _text(client.get(f"/admin/pengaduan/{number}/publikasi"))
    assert "URAIAN ASLI RAHASIA" in page  # the officer's reference
    assert "Belum dipublikasikan" in page and "Belum ada ringkasan publik." in page
    response = client.post(f"/admin/pengaduan/{number}/publikasi", data={"summary": "pendek"})
    assert response.status_code == 400 and "terlalu pendek" in _text(response)
    assert "pendek" in re.search(r"data-publication-preview.*", _text(response), re.DOTALL).group(0)
    response = client.post(f"/admin/pengaduan/{number}/publikasi", data={"summary": SUMMARY})
    assert response.status_code == 302
    page = _text(client.get(response.headers["Location"]))
    assert "ditampilkan di daftar aduan publik" in page
    preview = re.search(r"data-publication-preview.*", page, re.DOTALL).group(0)
    assert SUMMARY in preview and "Petugas telah mengecek antrean" in preview
    assert "Wiryo" not in preview and "URAIAN ASLI" not in preview and "Petugas Bernama" not in preview
    assert client.get(f"/pengaduan/daftar/{number}").status_code == 200
    # update, then withdraw
    client.post(f"/admin/pengaduan/{number}/publikasi", data={"summary": SUMMARY + " Sudah ditangani."})
    with app.app_context():
        assert _get(number).public_summary.endswith("Sudah ditangani.")
    response = client.post(f"/admin/pengaduan/{number}/publikasi/tarik")
    assert response.status_code == 302
    assert client.get(f"/pengaduan/daftar/{number}").status_code == 404
    with app.app_context():
        actions = ("complaint.publish", "complaint.public_summary", "complaint.unpublish")
        assert [len(_audit(a)) for a in actions] == [1, 1, 1]


def test_publication_page_without_consent_or_confidential_offers_no_form(app, client, login_as):
    refused, secret = _new(app, consent=False), _new(app, confidential=True)
    login_as("dumas")
    page = _text(client.get(f"/admin/pengaduan/{refused}/publikasi"))
    assert "tidak menyetujui" in page and 'name="summary"' not in page
    page = _text(client.get(f"/admin/pengaduan/{secret}/publikasi"))
    assert "Aduan rahasia tidak dapat dipublikasikan." in page and 'name="summary"' not in page
    response = client.post(f"/admin/pengaduan/{secret}/publikasi", data={"summary": SUMMARY})
    assert response.status_code == 400
    with app.app_context():
        assert _get(secret).published_at is None


def test_pimpinan_reads_but_cannot_publish_other_roles_get_403(app, client, login_as, auth):
    number = _new(app)
    login_as("pimpinan")
    page = _text(client.get(f"/admin/pengaduan/{number}/publikasi"))
    assert "Pratinjau" in page and 'name="summary"' not in page
    assert client.post(f"/admin/pengaduan/{number}/publikasi", data={"summary": SUMMARY}).status_code == 403
    assert client.get("/admin/pengaduan/DUMAS-2099-99999/publikasi").status_code == 404
    auth.logout()
    login_as("editor")
    assert client.get(f"/admin/pengaduan/{number}/publikasi").status_code == 403


def test_publication_link_card_renders(app):
    with app.app_context():
        complaint = planted_complaint()
        with app.test_request_context():
            from flask import render_template

            card = render_template("admin/dumas/_publication_link.html", complaint=complaint)
        assert f"/admin/pengaduan/{complaint.number}/publikasi" in card
        assert "Persetujuan pelapor" in card and "Ya" in card and "Belum dipublikasikan" in card


# --- consent at filing ----------------------------------------------------------------------------------

@pytest.fixture
def cats(app):
    return load_categories(app)


def _filed(app, client, **overrides) -> tuple[Complaint, str]:
    response = client.post("/pengaduan", data=form_data(cats_id(app), **overrides))
    assert response.status_code == 302, _text(response)[:500]
    receipt = _text(client.get("/pengaduan/tanda-terima"))
    number = re.search(r'id="nomor-pengaduan">([^<]+)<', receipt).group(1)
    with app.app_context():
        complaint = _get(number)
        db.session.expunge(complaint)
    return complaint, receipt


def cats_id(app) -> int:
    with app.app_context():
        from portal.dumas.models import Category

        return db.session.scalar(select(Category.id).where(Category.slug == "pelayanan"))


def test_form_offers_consent_unchecked_with_what_is_shown(client, cats):
    page = _text(client.get("/pengaduan"))
    box = re.search(r'<input[^>]*name="public_consent"[^>]*>', page).group(0)
    assert "checked" not in box
    assert "Aduan saya boleh ditampilkan di daftar aduan publik tanpa identitas saya" in page
    assert "Nama, kontak, lampiran, dan uraian asli Anda tidak pernah ditampilkan" in page
    assert 'href="/pengaduan/daftar"' in page


def test_consent_is_stored_and_the_receipt_says_so(app, client, cats):
    complaint, receipt = _filed(app, client, public_consent="y")
    assert complaint.public_consent is True and complaint.published_at is None
    assert 'id="publik-disetujui"' in receipt


def test_default_is_no_consent(app, client, cats):
    complaint, receipt = _filed(app, client)
    assert complaint.public_consent is False
    assert "publik-disetujui" not in receipt and "publik-diabaikan" not in receipt


def test_confidential_wins_over_consent_and_the_receipt_says_so(app, client, cats):
    complaint, receipt = _filed(app, client, public_consent="y", confidential="y")
    assert complaint.confidential is True and complaint.public_consent is False
    assert 'id="publik-diabaikan"' in receipt


def test_staff_registration_records_the_consent(app, client, login_as, cats):
    login_as("dumas")
    data = {"channel": "hotline", "received_date": "", "reporter_name": "Budi", "reporter_phone": "",
            "reporter_email": "", "category_id": str(cats["pelayanan"]), "subject": "Antrean terlalu lama",
            "description": "Menunggu tiga jam di loket tanpa kejelasan dari petugas.", "public_consent": "y"}
    page = _text(client.get("/admin/pengaduan/catat"))
    assert 'name="public_consent"' in page
    response = client.post("/admin/pengaduan/catat", data=data)
    assert response.status_code == 302, _text(response)[:800]
    number = response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    with app.app_context():
        assert _get(number).public_consent is True
