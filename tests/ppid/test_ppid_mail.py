"""E-mails to the applicant of an information request (portal/ppid/mail.py), read back from a real local
SMTP server (tests/smtp_server.py): on filing (web and staff registration), on a step of the request, on an
objection filed and answered; a failed send never loses the request."""
from __future__ import annotations

import socket
from datetime import date

from sqlalchemy import select

from portal.accounts.models import User
from portal.core import clock, formatting, workdays
from portal.core.models.base import utcnow
from portal.extensions import db
from portal.ppid import mail, workflow
from portal.ppid.models import InfoRequest, Objection
from tests.conftest import PASSWORD
from tests.ppid.ppid_request_helpers import file_ok, post_request, request_data
from tests.smtp_server import body_text, running_smtp


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_filing_on_the_web_mails_number_code_due_date_and_tracking_link(app_factory):
    with running_smtp() as smtp:
        app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_SENDER="ppid@kpu.example")
        client = app.test_client()
        number, code = file_ok(client, email="warga@contoh.example")
        [message] = smtp.wait_for(1)
        receipt = client.get("/ppid/permohonan/tanda-terima").get_data(as_text=True)
    assert smtp.envelopes[0] == ("ppid@kpu.example", ["warga@contoh.example"])
    assert number in message["Subject"]
    body = body_text(message)
    assert number in body and code in body
    assert "http://localhost/ppid/lacak" in body
    with app.app_context():
        due = db.session.scalar(select(InfoRequest.notice_due))
    assert formatting.tanggal(due) in body  # Indonesian: the mail is in the office's language
    assert "Salinan nomor dan kode akses juga kami kirim ke e-mail Anda." in receipt


def test_no_mail_without_an_address(app_factory):
    with running_smtp() as smtp:
        app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
        client = app.test_client()
        file_ok(client, email="", phone="081234567890")
        assert smtp.wait_for(1, timeout=0.5) == []


def test_a_dead_mail_server_never_loses_the_request(app_factory):
    app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=_closed_port())
    client = app.test_client()
    response = post_request(client, request_data())
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(InfoRequest.number)) == f"PPID-{clock.today().year}-00001"


def test_staff_registration_mails_the_applicant(app_factory):
    with running_smtp() as smtp:
        app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
        from portal.accounts import service as accounts

        with app.app_context():
            accounts.create_user(db.session, "ppid-mail@uji.example", PASSWORD, ["ppid"])
            db.session.commit()
        client = app.test_client()
        assert client.post("/admin/login", data={"email": "ppid-mail@uji.example",
                                                 "password": PASSWORD}).status_code == 302
        data = request_data(channel="email", received_date=clock.today().isoformat(),
                            email="pemohon@contoh.example")
        response = post_request(client, data, scan=False, url="/admin/ppid/permohonan/baru")
        assert response.status_code == 302
        [message] = smtp.wait_for(1)
    assert message["To"] == "pemohon@contoh.example" and "PPID-" in message["Subject"]


def _filed(app, client, make_user) -> tuple[int, int]:
    file_ok(client, email="warga@contoh.example")
    staff = make_user("ppid")
    with app.app_context():
        return db.session.scalar(select(InfoRequest.id)), staff.id


def test_the_written_notice_is_mailed_with_its_contents_and_no_internal_note(app_factory, make_user):
    with running_smtp() as smtp:
        app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
        client = app.test_client()
        request_id, staff_id = _filed(app, client, make_user)
        smtp.wait_for(1)
        with app.test_request_context():
            row = db.session.get(InfoRequest, request_id)
            move = workflow.transition(db.session, row, "dikabulkan", db.session.get(User, staff_id),
                                       workflow.Deadlines.from_config(app.config), answer_format="PDF",
                                       cost=15000, payment_note="Transfer ke rekening bendahara.",
                                       delivery_note="Dikirim lewat e-mail dalam 2 hari kerja.",
                                       internal_note="catatan-rahasia-petugas")
            db.session.commit()
            assert mail.notify_request_moved(app.config, row, move, tracking_url="http://localhost/ppid/lacak",
                                             office_name="KPU Uji")
        messages = smtp.wait_for(2)
    message = messages[1]
    assert "Pemberitahuan tertulis" in message["Subject"] and "Dikabulkan seluruhnya" in message["Subject"]
    body = body_text(message)
    assert "Dikirim lewat e-mail dalam 2 hari kerja." in body and "Rp15.000" in body
    assert "Transfer ke rekening bendahara." in body and "keberatan" in body
    assert "catatan-rahasia-petugas" not in body and "KPU Uji" in body


def test_an_extension_is_mailed_with_its_new_date(app_factory, make_user):
    with running_smtp() as smtp:
        app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
        client = app.test_client()
        request_id, staff_id = _filed(app, client, make_user)
        smtp.wait_for(1)
        with app.test_request_context():
            row = db.session.get(InfoRequest, request_id)
            move = workflow.transition(db.session, row, "diperpanjang", db.session.get(User, staff_id),
                                       workflow.Deadlines.from_config(app.config),
                                       reason="Arsip berada di gudang kabupaten.")
            db.session.commit()
            mail.notify_request_moved(app.config, row, move.entry)
            extended = formatting.tanggal(row.extended_due)
        message = smtp.wait_for(2)[1]
    body = body_text(message)
    assert "Diperpanjang" in message["Subject"]
    assert extended in body and "Arsip berada di gudang kabupaten." in body


def test_objection_filed_and_answered_are_mailed(app_factory, make_user):
    with running_smtp() as smtp:
        app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
        client = app.test_client()
        request_id, _staff_id = _filed(app, client, make_user)
        smtp.wait_for(1)
        with app.test_request_context():
            today = clock.today()
            objection = Objection(request_id=request_id, ground="c", reasons="Tidak ada jawaban.",
                                  ground_arose_on=today, answer_due=workdays.due_date(db.session, today, 30))
            db.session.add(objection)
            db.session.commit()
            assert mail.notify_objection_filed(app.config, objection, tracking_url="http://x/ppid/lacak")
            objection.status, objection.outcome = "dijawab", "ditolak"
            objection.answer, objection.answered_at = "Keputusan PPID sudah sesuai Pasal 17.", utcnow()
            db.session.commit()
            assert mail.notify_objection_answered(app.config, objection)
            due = formatting.tanggal(objection.answer_due)
        filed, answered = smtp.wait_for(3)[1:3]
    filed_body = body_text(filed)
    assert "Keberatan" in filed["Subject"] and "huruf c" in filed_body and due in filed_body
    answered_body = body_text(answered)
    assert "Keputusan PPID sudah sesuai Pasal 17." in answered_body
    assert "ditolak" in answered_body and "Komisi Informasi" in answered_body
    assert "14 hari kerja" in answered_body


def test_the_mail_texts_work_outside_a_request():
    row = InfoRequest(number="PPID-2026-00009", applicant_type="badan_hukum", applicant_name="CV Maju",
                      representative="Budi", email="a@b.example", received_at=utcnow(),
                      notice_due=date(2026, 12, 15), status="diterima")
    subject, body = mail.received_mail(row, "ABCD-EFGH", tracking_url="https://portal.example/ppid/lacak")
    assert "PPID-2026-00009" in subject and "ABCD-EFGH" in body and "Yth. Budi," in body
    assert "15 Desember 2026" in body and "https://portal.example/ppid/lacak" in body


def test_a_staff_extension_on_the_case_page_mails_the_applicant(app_factory):
    """Through HTTP: the staff view e-mails the applicant after the move (was a NameError after commit)."""
    with running_smtp() as smtp:
        app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
        from portal.accounts import service as accounts

        client = app.test_client()
        file_ok(client, email="warga@contoh.example")
        smtp.wait_for(1)
        with app.app_context():
            accounts.create_user(db.session, "ppid-move@uji.example", PASSWORD, ["ppid"])
            db.session.commit()
            number = db.session.scalar(select(InfoRequest.number))
        assert client.post("/admin/login", data={"email": "ppid-move@uji.example",
                                                 "password": PASSWORD}).status_code == 302
        response = client.post(f"/admin/ppid/permohonan/{number}/perpanjang",
                               data={"reason": "Dokumen masih dikumpulkan dari arsip."})
        assert response.status_code == 302
        messages = smtp.wait_for(2)
    assert len(messages) == 2 and messages[1]["To"] == "warga@contoh.example"
    assert "Dokumen masih dikumpulkan dari arsip." in body_text(messages[1])
