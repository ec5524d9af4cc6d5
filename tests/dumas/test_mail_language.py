"""The e-mail to a reporter is written in Indonesian, whatever language the staff member's screen is in:
the status label in it is the Indonesian one even when the staff member browses with ?lang=en."""
from __future__ import annotations

from types import SimpleNamespace

from portal.dumas.service import status_mail


def test_the_status_in_a_reporter_mail_is_indonesian_on_an_english_staff_screen(app):
    complaint = SimpleNamespace(number="DUMAS-2026-00001", reporter_name="Siti",
                                final_answer="Sudah diperbaiki.", forwarded_to="")
    followup = SimpleNamespace(from_status="diproses", to_status="selesai", public_note="")
    with app.test_request_context("/admin/pengaduan/DUMAS-2026-00001?lang=en"):
        subject, body = status_mail(complaint, followup)
    assert subject == "Status pengaduan DUMAS-2026-00001: Selesai"
    assert "kini: Selesai." in body
    assert "Resolved" not in subject + body
