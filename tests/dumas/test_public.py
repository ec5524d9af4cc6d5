"""Public DUMAS through HTTP: the complaint form, the one-time receipt, tracking with number + access code,
information added by the reporter, the honeypot, rate limits, and the e-mail read back from a real SMTP
server."""
from __future__ import annotations

import re
import time

import pytest
from sqlalchemy import select

from portal.accounts.models import User
from portal.core import form_tokens
from portal.core.models.audit import AuditLog
from portal.dumas import service as complaints
from portal.dumas.models import Category, Complaint, ComplaintAttachment, ComplaintFollowUp
from portal.dumas.workflow import Deadlines, transition
from portal.extensions import db
from tests.dumas_public_helpers import (
    assert_nothing_written,
    form_data,
    jpeg_with_gps,
    load_categories,
    pdf_bytes,
    post_complaint,
    read_receipt,
    submit_ok,
    upload,
    uploaded_files,
)
from tests.smtp_server import body_text, running_smtp


@pytest.fixture
def cats(app):
    return load_categories(app)


def _complaint(app, number: str) -> Complaint:
    with app.app_context():
        complaint = db.session.scalar(select(Complaint).where(Complaint.number == number))
        assert complaint is not None
        db.session.expunge(complaint)
        return complaint


# --- the form -------------------------------------------------------------------------------------------

def test_form_page_is_indonesian_with_hints_honeypot_and_file_input(client, cats):
    response = client.get("/pengaduan")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for text in ["Ajukan Pengaduan", "Rahasiakan identitas saya", "hanya dapat dilihat oleh petugas",
                 "Isi minimal salah satu", "Kirim pengaduan", "Pilih kategori", "Data pemilih"]:
        assert text in html
    assert 'enctype="multipart/form-data"' in html
    assert (re.search(r'<input[^>]*type="file"[^>]*multiple', html)
            or re.search(r'multiple[^>]*type="file"', html))
    assert 'accept=".pdf,application/pdf,.jpg,.jpeg,image/jpeg,.png,image/png,.docx,' in html
    honeypot = re.search(r'<div class="hp-field" aria-hidden="true">.*?</div>', html, re.DOTALL).group(0)
    assert 'name="website"' in honeypot and 'tabindex="-1"' in honeypot
    assert "style=" not in html  # CSP: no inline styles
    # the home page links here now that the blueprint exists
    assert 'href="/pengaduan"' in client.get("/").get_data(as_text=True)


def test_happy_path_with_attachment(app, client, cats):
    number, code = submit_ok(client, cats["data-pemilih"], files=[upload(pdf_bytes(), "bukti.pdf")],
                             reporter_phone="0812-3456-7890", confidential="y")
    assert re.fullmatch(r"DUMAS-\d{4}-00001", number)
    assert re.fullmatch(r"[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}", code)
    with app.app_context():
        complaint = db.session.scalar(select(Complaint))
        assert complaint.number == number and complaint.channel == "website"
        assert complaint.status == "diterima"
        assert complaint.confidential and complaint.reporter_phone == "081234567890"
        assert complaint.category.slug == "data-pemilih" and complaint.kind == "non_pengawasan"
        assert complaint.verify_due is not None and complaint.resolve_due > complaint.verify_due
        # the access code is stored only as a keyed hash
        assert code not in complaint.access_code_hash and len(complaint.access_code_hash) == 64
        assert complaint.access_code_hash == complaints.hash_access_code("test-secret", number, code)
        [followup] = complaint.followups
        assert (followup.actor_id, followup.to_status, followup.public_note) == (
            None, "diterima", "Aduan diterima.")
        [attachment] = complaint.attachments
        assert attachment.original_name == "bukti.pdf" and attachment.followup_id == followup.id
        assert db.session.scalar(select(AuditLog).where(AuditLog.action == "complaint.submit")) is not None
    assert len(uploaded_files(app)) == 1


def test_receipt_shows_code_once_printable_and_uncached(app, client, cats, monkeypatch):
    response = post_complaint(client, form_data(cats["pelayanan"]))
    assert response.status_code == 302
    first = client.get("/pengaduan/tanda-terima")
    html = first.get_data(as_text=True)
    assert "kode-akses" in html and "data-print" in html and "Simpan nomor dan kode akses ini" in html
    assert "no-store" in first.headers["Cache-Control"]
    # Issue 10 F2: the receipt survives a reload in this browser for a short time, then it is gone.
    again = client.get("/pengaduan/tanda-terima")
    assert again.status_code == 200 and "kode-akses" in again.get_data(as_text=True)
    later = time.time() + app.config["DUMAS_RECEIPT_SECONDS"] + 1
    monkeypatch.setattr(form_tokens, "_now", lambda: later)
    gone = client.get("/pengaduan/tanda-terima").get_data(as_text=True)
    assert "kode-akses" not in gone and "sudah ditampilkan" in gone


@pytest.mark.parametrize("overrides,field_message", [
    ({"reporter_email": "", "reporter_phone": ""}, "Isi alamat e-mail atau nomor telepon/WhatsApp"),
    ({"reporter_email": "siti@@contoh"}, "Alamat e-mail tidak valid."),
    ({"reporter_phone": "12345"}, "Nomor telepon tidak valid."),
    ({"consent": None}, "Centang persetujuan agar aduan dapat kami proses."),
    ({"reporter_name": ""}, "Nama wajib diisi."),
    ({"subject": "abc"}, "Perihal wajib diisi (minimal 5 karakter)."),
    ({"description": "terlalu pendek"}, "Uraikan aduan Anda minimal 20 karakter"),
    ({"event_date": "2999-01-01"}, "Tanggal kejadian tidak boleh di masa depan."),
    ({"event_date": "31/02/2026"}, "Tanggal kejadian tidak valid."),
    ({"category_id": ""}, "Pilih kategori aduan."),
    ({"category_id": "99999"}, "Kategori yang dipilih tidak tersedia."),
])
def test_bad_input_keeps_values_shows_message_and_writes_nothing(app, client, cats, overrides, field_message):
    data = form_data(cats["pelayanan"], reporter_name="Siti <Aminah>")
    data.update(overrides)
    data = {k: v for k, v in data.items() if v is not None}
    response = post_complaint(client, data, [upload(pdf_bytes(), "bukti.pdf")])
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert field_message in html
    assert "Periksa kembali isian berikut" in html
    # The file passed its checks: it is kept for the corrected form and listed, not to be chosen again.
    assert re.findall(r'class="stashed-name">([^<]*)<', html) == ["bukti.pdf"]
    assert "tidak perlu dipilih ulang" in html and 'id="attachments-rechoose"' not in html
    for key in ("reporter_name", "reporter_email", "subject", "description", "event_place"):
        if data.get(key):
            escaped = data[key].replace("<", "&lt;").replace(">", "&gt;")
            assert escaped in html, key  # every typed value comes back (escaped)
    if data.get("consent"):
        assert re.search(r'<input[^>]*checked[^>]*name="consent"|<input[^>]*name="consent"[^>]*checked', html)
    assert_nothing_written(app)


def test_inactive_category_refused(app, client, cats):
    with app.app_context():
        db.session.get(Category, cats["lainnya"]).active = False
        db.session.commit()
    response = post_complaint(client, form_data(cats["lainnya"]))
    assert response.status_code == 422
    assert "Kategori yang dipilih tidak tersedia" in response.get_data(as_text=True)
    assert "Lainnya" not in client.get("/pengaduan").get_data(as_text=True)
    assert_nothing_written(app)


def test_phone_only_is_enough(app, client, cats):
    number, _code = submit_ok(client, cats["pelayanan"], reporter_email="",
                              reporter_phone="+62 812 3456 7890")
    assert _complaint(app, number).reporter_phone == "+6281234567890"


def test_honeypot_pretends_success_and_writes_nothing(app, client, cats):
    response = post_complaint(client, form_data(cats["pelayanan"], website="http://spam.example"),
                              [upload(pdf_bytes(), "bukti.pdf")])
    assert response.status_code == 302 and response.headers["Location"].endswith("/pengaduan/tanda-terima")
    number, _code = read_receipt(client)  # looks like a real receipt to the bot
    assert number.startswith("DUMAS-")
    assert_nothing_written(app)


def test_csrf_protects_the_form(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    cats = load_categories(app)
    client = app.test_client()
    assert post_complaint(client, form_data(cats["pelayanan"])).status_code == 400
    html = client.get("/pengaduan").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    response = post_complaint(client, form_data(cats["pelayanan"], csrf_token=token))
    assert response.status_code == 302
    number, _code = read_receipt(client)
    assert number.endswith("-00001")


def test_post_rate_limit(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True, PUBLIC_POST_RATE_LIMIT="3 per minute")
    cats = load_categories(app)
    client = app.test_client()
    codes = [post_complaint(client, form_data(cats["pelayanan"], consent=None)).status_code for _ in range(4)]
    assert codes == [422, 422, 422, 429]
    response = post_complaint(client, form_data(cats["pelayanan"]))
    assert response.status_code == 429 and "Terlalu banyak permintaan" in response.get_data(as_text=True)
    assert client.get("/pengaduan").status_code == 200  # reading the form is not limited
    assert_nothing_written(app)


# --- tracking -------------------------------------------------------------------------------------------

def _track(client, number, code, **environ):
    return client.post("/pengaduan/lacak", data={"number": number, "code": code}, environ_base=environ)


def test_tracking_shows_public_notes_only(app, client, cats, make_user):
    number, code = submit_ok(client, cats["pelayanan"])
    officer = make_user("dumas", name="Bapak Petugas Tersembunyi")
    with app.app_context():
        complaint = db.session.scalar(select(Complaint))
        actor = db.session.get(User, officer.id)
        transition(db.session, complaint, "diverifikasi", actor, Deadlines.from_config(app.config),
                   assigned_to=actor, public_note="Aduan Anda sedang kami periksa.",
                   internal_note="CATATAN-INTERNAL: cek rekaman CCTV loket 2")
        db.session.add(ComplaintFollowUp(complaint=complaint, actor_id=actor.id, from_status="diverifikasi",
                                         to_status="diverifikasi", internal_note="hanya internal"))
        transition(db.session, complaint, "diproses", actor, Deadlines.from_config(app.config))
        transition(db.session, complaint, "selesai", actor, Deadlines.from_config(app.config),
                   final_answer="Loket tambahan dibuka mulai Senin.", internal_note="INTERNAL-2")
        db.session.commit()
    response = _track(client, number, code.lower().replace("-", " "))  # case and separators don't matter
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    html = response.get_data(as_text=True)
    for text in [number, "Selesai", "Aduan diterima.", "Aduan Anda sedang kami periksa.", "Diverifikasi",
                 "Diproses", "Jawaban akhir", "Loket tambahan dibuka mulai Senin."]:
        assert text in html, text
    for secret in ["CATATAN-INTERNAL", "hanya internal", "INTERNAL-2", "Bapak Petugas Tersembunyi",
                   officer.email]:
        assert secret not in html, secret
    assert "Tambahkan informasi" not in html  # closed: no more additions


def test_wrong_code_and_unknown_number_look_identical(app, client, cats):
    number, code = submit_ok(client, cats["pelayanan"])
    wrong = _track(client, number, "AAAA-AAAA")
    unknown = _track(client, "DUMAS-2026-99999", code)
    malformed = _track(client, "bukan-nomor", code)
    assert wrong.status_code == unknown.status_code == malformed.status_code
    message = "Nomor pengaduan atau kode akses tidak cocok."
    bodies = [r.get_data(as_text=True) for r in (wrong, unknown, malformed)]
    assert all(message in body for body in bodies)
    typed = [number, "DUMAS-2026-99999", "BUKAN-NOMOR"]  # the typed number is echoed back in its input
    normalised = [body.replace(f'value="{n}"', 'value="NOMOR"') for body, n in zip(bodies, typed)]
    assert normalised[0] == normalised[1] == normalised[2]
    assert all(code not in body for body in bodies)
    assert dict(wrong.headers).keys() == dict(unknown.headers).keys()


def test_track_rate_limited_per_address_and_per_number(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True)
    cats = load_categories(app)
    client = app.test_client()
    number, code = submit_ok(client, cats["pelayanan"])
    statuses = [_track(client, number, "AAAA-AAAA").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    # another address, another number: allowed
    assert _track(client, "DUMAS-2026-00077", "X", REMOTE_ADDR="10.0.0.2").status_code == 200
    # the same number from fresh addresses: the per-number limit holds (5 per minute)
    number_statuses = [_track(client, number, code, REMOTE_ADDR=f"10.0.1.{i}").status_code for i in range(2)]
    assert number_statuses == [429, 429]


def test_reporter_adds_information_with_file(app, client, cats):
    number, code = submit_ok(client, cats["pelayanan"])
    page = _track(client, number, code).get_data(as_text=True)
    assert 'action="/pengaduan/lacak/tambah"' in page
    assert re.search(rf'name="code" type="hidden" value="{code}"', page)  # carried in the form, not the URL
    assert code not in re.sub(r'<input[^>]*name="code"[^>]*>', "", page)
    response = client.post("/pengaduan/lacak/tambah", data={
        "number": number, "code": code, "text": "Kejadian terulang lagi hari ini di loket 2.",
        "attachments": [upload(jpeg_with_gps(), "foto-loket.jpg")],
    }, content_type="multipart/form-data")
    # POST-redirect-GET (issue 10 F1): the status page is the GET answer after the redirect
    assert response.status_code == 302 and response.headers["Location"].endswith("/pengaduan/lacak/hasil")
    response = client.get(response.headers["Location"])
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Informasi tambahan Anda telah kami terima" in html
    assert "Kejadian terulang lagi hari ini di loket 2." in html and "foto-loket.jpg" in html
    with app.app_context():
        complaint = db.session.scalar(select(Complaint))
        last = complaint.followups[-1]
        assert last.actor_id is None and last.to_status == "diterima"
        assert last.public_note == "Kejadian terulang lagi hari ini di loket 2."
        [attachment] = complaint.attachments
        assert attachment.followup_id == last.id and not attachment.by_staff
        assert db.session.scalar(select(AuditLog).where(AuditLog.action == "complaint.reporter_info"))
    assert len(uploaded_files(app)) == 1


def test_add_information_needs_the_right_code_and_valid_files(app, client, cats):
    number, code = submit_ok(client, cats["pelayanan"])
    response = client.post("/pengaduan/lacak/tambah",
                           data={"number": number, "code": "ZZZZ-ZZZZ", "text": "x" * 30})
    assert response.status_code == 200 and "tidak cocok" in response.get_data(as_text=True)
    bad = client.post("/pengaduan/lacak/tambah", data={
        "number": number, "code": code, "text": "Ini lampirannya",
        "attachments": [upload(b"MZ" + b"\0" * 100, "bukti.pdf")]}, content_type="multipart/form-data")
    assert bad.status_code == 422
    bad_html = bad.get_data(as_text=True)
    assert "bukan PDF, JPG, PNG atau DOCX" in bad_html and "Ini lampirannya" in bad_html
    empty = client.post("/pengaduan/lacak/tambah", data={"number": number, "code": code, "text": "  "})
    assert empty.status_code == 422 and "Tuliskan informasi tambahan" in empty.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.scalars(select(ComplaintFollowUp)).all()) == 1
        assert db.session.scalars(select(ComplaintAttachment)).all() == []
    assert uploaded_files(app) == []


# --- e-mail ---------------------------------------------------------------------------------------------

def test_submission_email_received_by_real_smtp_server(app_factory):
    with running_smtp() as smtp:
        app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_SENDER="pengaduan@kpu.example")
        cats = load_categories(app)
        client = app.test_client()
        number, code = submit_ok(client, cats["pelayanan"], reporter_email="warga@contoh.example")
        [message] = smtp.wait_for(1)
    assert smtp.envelopes[0] == ("pengaduan@kpu.example", ["warga@contoh.example"])
    assert message["To"] == "warga@contoh.example"
    assert number in message["Subject"]
    body = body_text(message)
    assert number in body and code in body
    assert "http://localhost/pengaduan/lacak" in body
    assert "KPU Kabupaten Kebumen" in body


def test_status_change_email_has_public_note_only(app_factory, make_user):
    with running_smtp() as smtp:
        app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
        cats = load_categories(app)
        client = app.test_client()
        number, code = submit_ok(client, cats["pelayanan"])
        officer = make_user("dumas", name="Nama Petugas Rahasia")
        with app.app_context():
            complaint = db.session.scalar(select(Complaint))
            actor = db.session.get(User, officer.id)
            followup = transition(db.session, complaint, "diverifikasi", actor,
                                  Deadlines.from_config(app.config), assigned_to=actor,
                                  public_note="Sudah kami verifikasi.",
                                  internal_note="RAHASIA-INTERNAL")
            db.session.commit()
            assert complaints.notify_status_change(app.config, complaint, followup,
                                                   tracking_url="https://portal.example/pengaduan/lacak")
        messages = smtp.wait_for(2)
    message = messages[1]
    assert message["Subject"] == f"Status pengaduan {number}: Diverifikasi"
    body = body_text(message)
    assert "Sudah kami verifikasi." in body and "https://portal.example/pengaduan/lacak" in body
    assert "RAHASIA-INTERNAL" not in body and "Nama Petugas Rahasia" not in body and code not in body


def test_no_email_without_address_or_server(app, client, cats):
    submit_ok(client, cats["pelayanan"], reporter_email="", reporter_phone="081234567890")
    with app.app_context():
        complaint = db.session.scalar(select(Complaint))
        assert complaints.send_registration_mail(app.config, complaint, "X") is False


# --- staff registration (service used by the staff side) -----------------------------------------------

def test_register_by_staff_without_contact_and_lapor_needs_ticket(app, cats, make_user):
    officer = make_user("dumas")
    editor = make_user("editor")
    with app.app_context():
        actor = db.session.get(User, officer.id)
        data = {"channel": "surat", "reporter_name": "", "category_id": cats["logistik"],
                "subject": "Surat tentang logistik TPS",
                "description": "Kotak suara di TPS 3 rusak sebelum dipakai.",
                "received_date": "2026-01-02"}
        complaint, code = complaints.register_by_staff(db.session, data, [], app.config, actor=actor)
        assert complaint.channel == "surat" and complaint.created_by_id == officer.id
        assert complaint.number.endswith("-00001") and len(code) == 9
        assert complaint.followups[0].actor_id == officer.id
        registered = db.session.scalar(select(AuditLog).where(AuditLog.action == "complaint.register"))
        assert registered.user_id == officer.id
        with pytest.raises(complaints.InvalidComplaint) as err:
            complaints.register_by_staff(db.session, dict(data, channel="lapor"), [], app.config, actor=actor)
        assert "SP4N-LAPOR!" in err.value.errors["external_id"][0]
        with pytest.raises(complaints.InvalidComplaint) as err:
            complaints.register_by_staff(db.session, dict(data, channel="website"), [], app.config,
                                         actor=actor)
        assert "channel" in err.value.errors
        with pytest.raises(complaints.DomainError):
            complaints.register_by_staff(db.session, data, [], app.config,
                                         actor=db.session.get(User, editor.id))
        lapor, _ = complaints.register_by_staff(
            db.session, dict(data, channel="lapor", external_id="LAPOR-123"), [], app.config, actor=actor)
        assert lapor.external_id == "LAPOR-123" and lapor.number.endswith("-00002")


def test_closed_complaint_takes_no_more_information(app, client, cats, make_user):
    number, code = submit_ok(client, cats["pelayanan"])
    officer = make_user("dumas")
    with app.app_context():
        complaint = db.session.scalar(select(Complaint))
        transition(db.session, complaint, "ditolak", db.session.get(User, officer.id),
                   Deadlines.from_config(app.config), reason="Bukan kewenangan KPU.")
        db.session.commit()
    html = _track(client, number, code).get_data(as_text=True)
    assert "Pengaduan tidak dapat ditindaklanjuti" in html and "Bukan kewenangan KPU." in html
    response = client.post("/pengaduan/lacak/tambah", data={
        "number": number, "code": code, "text": "Masih ada yang ingin saya sampaikan.",
        "attachments": [upload(pdf_bytes(), "baru.pdf")]}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "sudah ditutup" in response.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.scalars(select(ComplaintFollowUp)).all()) == 2
    assert uploaded_files(app) == []
