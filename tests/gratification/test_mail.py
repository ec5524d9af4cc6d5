"""E-mail to the reporter when their report changes state (portal/gratification/mail.py), read back from a
real local SMTP server (tests/smtp_server.py): to the reporter's account e-mail, after the commit, in
Indonesian whatever the UPG member's screen language, with the number and the new status only; a note,
a refused step or a re-sent one sends nothing; a dead mail server never loses the step."""
from __future__ import annotations

import socket

from portal.accounts import service as accounts
from portal.core import clock
from portal.extensions import db
from portal.gratification.models import GratificationEvent
from tests.conftest import PASSWORD, AuthActions
from tests.gratification.grt_helpers import file, filed_number, report
from tests.smtp_server import body_text, running_smtp

# No frozen clock here: the SMTP server's thread and its waits need the real one.
# Details of the report that must never be in a mail (the giver, the gift, its value, the chronology,
# the contact address typed in the form, notes, the officer's name).
SECRETS = ("PT Pemberi Rahasia", "Rekanan", "Jam tangan", "2.500.000", "2500000", "rekanan lalu",
           "rina@uji.example", "Hari raya", "Catatan untuk pelapor X", "Catatan internal Y", "Petugas Upg",
           "TT-KPK-77", "SK-KPK-9", "3305011234567890")


def _logged_in(app, email: str, role: str, name: str):
    """A client of `app` logged in as a new account (created in this app's own database)."""
    with app.app_context():
        accounts.create_user(db.session, email, PASSWORD, [role], name=name)
        db.session.commit()
    client = app.test_client()
    assert AuthActions(client).login(email).status_code == 302
    return client


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_each_state_change_mails_the_reporter_number_and_status_only(app_factory):
    with running_smtp() as smtp:
        app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_SENDER="upg@kpu.example")
        a = _logged_in(app, "alice.akun@uji.example", "pegawai", "Alice Pegawai")
        upg = _logged_in(app, "upg.petugas@uji.example", "upg", "Petugas Upg")
        # filing: no mail (the reporter sees the number on the page)
        number = filed_number(file(a, received_on=clock.today().isoformat()))
        base = f"/admin/gratifikasi/{number}"
        assert upg.post(f"{base}/catatan", data={"note-public_note": "Catatan untuk pelapor X"}
                        ).status_code == 302  # a note: no mail
        assert upg.post(f"{base}/langkah/ditetapkan", data={}).status_code == 400  # refused: no mail
        assert smtp.wait_for(1, timeout=0.5) == []
        upg.get("/admin/?lang=en")  # the officer's screen in English: the mail stays Indonesian
        today = clock.today().isoformat()
        steps = [
            ("diverifikasi", {"diverifikasi-public_note": "Catatan untuk pelapor X",
                              "diverifikasi-internal_note": "Catatan internal Y"}, "Diverifikasi"),
            ("diteruskan_kpk", {"diteruskan_kpk-forwarded_on": today,
                                "diteruskan_kpk-kpk_receipt_number": "TT-KPK-77"}, "Diteruskan ke KPK"),
            ("ditetapkan", {"ditetapkan-decision": "milik_negara", "ditetapkan-decision_on": today,
                            "ditetapkan-decision_number": "SK-KPK-9"}, "Ditetapkan KPK"),
        ]
        for count, (target, data, label) in enumerate(steps, start=1):
            assert upg.post(f"{base}/langkah/{target}", data=data).status_code == 302
            messages = smtp.wait_for(count)
            assert len(messages) == count
            message = messages[-1]
            assert message["To"] == "alice.akun@uji.example"  # the account's address, not the form's
            assert message["Subject"] == f"Status laporan gratifikasi {number}: {label}"
            body = body_text(message)
            assert f"Status laporan gratifikasi Anda nomor {number} kini: {label}." in body
            assert "Yth. Alice Pegawai," in body and "Unit Pengendalian Gratifikasi (UPG)" in body
            assert f"http://localhost/admin/gratifikasi/{number}" in body
            for secret in SECRETS:
                assert secret not in body and secret not in message["Subject"], secret
        # a re-sent step is refused: nothing logged, nothing mailed
        assert upg.post(f"{base}/langkah/ditetapkan", data=steps[2][1]).status_code == 303
        assert len(smtp.wait_for(4, timeout=0.5)) == 3
    assert smtp.envelopes[0] == ("upg@kpu.example", ["alice.akun@uji.example"])


def test_not_processed_and_the_upg_decision_are_mailed(app_factory):
    with running_smtp() as smtp:
        app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
        a = _logged_in(app, "alice2@uji.example", "pegawai", "Alice")
        upg = _logged_in(app, "upg2@uji.example", "upg", "Petugas")
        first, second = filed_number(file(a)), filed_number(file(a, kind="makanan"))
        assert upg.post(f"/admin/gratifikasi/{first}/langkah/tidak_diproses",
                        data={"tidak_diproses-reason": "Laporan ganda dari Jam tangan."}).status_code == 302
        upg.post(f"/admin/gratifikasi/{second}/langkah/diverifikasi", data={})
        assert upg.post(f"/admin/gratifikasi/{second}/langkah/ditetapkan_upg",
                        data={"ditetapkan_upg-decision": "disalurkan_sosial",
                              "ditetapkan_upg-reason": "Makanan mudah rusak."}).status_code == 302
        messages = smtp.wait_for(3)
    subjects = [m["Subject"] for m in messages]
    assert subjects == [f"Status laporan gratifikasi {first}: Tidak diproses",
                        f"Status laporan gratifikasi {second}: Diverifikasi",
                        f"Status laporan gratifikasi {second}: Ditetapkan UPG"]
    assert all(m["To"] == "alice2@uji.example" for m in messages)
    assert not any("Jam tangan" in body_text(m) or "Makanan" in body_text(m) for m in messages)


def test_a_dead_mail_server_never_loses_the_step(app_factory):
    app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=_closed_port())
    a = _logged_in(app, "alice3@uji.example", "pegawai", "Alice")
    upg = _logged_in(app, "upg3@uji.example", "upg", "Petugas")
    number = filed_number(file(a))
    assert upg.post(f"/admin/gratifikasi/{number}/langkah/diverifikasi", data={}).status_code == 302
    assert report(app, number).status == "diverifikasi"
    with app.app_context():
        assert db.session.query(GratificationEvent).count() == 2
