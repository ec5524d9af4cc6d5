"""Cases for the inbox tests (tabs, sort, bulk actions, export, report): six complaints over every status,
two officers, two categories, one confidential reporter."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from portal.core.models.audit import AuditLog
from portal.dumas.models import Complaint
from portal.extensions import db
from tests.dumas_factories import make_category, make_complaint, wib


@dataclass
class Cases:
    n: dict[str, str]  # key -> number
    ids: dict[str, int]  # key -> id
    budi: object
    ani: object
    cats: dict[str, int]


def make_cases(app, make_user) -> Cases:
    budi = make_user("dumas", name="Budi")
    ani = make_user("dumas", name="Ani")
    with app.app_context():
        pelayanan = make_category(db.session, "pelayanan", "Pelayanan")
        logistik = make_category(db.session, "logistik", "Logistik", default_kind="pengawasan")
        made = {
            "new": make_complaint(db.session, category=None, subject="Formulir rusak di TPS 5",
                                  received_at=wib(date(2026, 11, 2))),
            "new2": make_complaint(db.session, category=pelayanan, subject="Antrean panjang",
                                   received_at=wib(date(2026, 11, 20)), confidential=True,
                                   reporter_name="Rahasia Sekali", reporter_email="rahasia@contoh.example"),
            "verified": make_complaint(db.session, category=pelayanan, status="diverifikasi",
                                       assigned_to_id=budi.id, subject="Petugas tidak ramah",
                                       received_at=wib(date(2026, 11, 5))),
            "process": make_complaint(db.session, category=logistik, status="diproses", assigned_to_id=ani.id,
                                      subject="Kotak suara rusak", received_at=wib(date(2026, 11, 10))),
            "done": make_complaint(db.session, category=pelayanan, status="selesai", assigned_to_id=budi.id,
                                   subject="Salinan DPT", received_at=wib(date(2026, 10, 28))),
            "rejected": make_complaint(db.session, category=logistik, status="ditolak",
                                       subject='=HYPERLINK("http://x")',
                                       received_at=wib(date(2026, 11, 12))),
        }
        db.session.commit()
        return Cases(n={k: c.number for k, c in made.items()}, ids={k: c.id for k, c in made.items()},
                     budi=budi, ani=ani, cats={"pelayanan": pelayanan.id, "logistik": logistik.id})


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def numbers(response) -> list[str]:
    return re.findall(r'<tr class="[^"]*" data-number="([^"]+)"', response.get_data(as_text=True))


def complaint(app, number: str) -> Complaint:
    with app.app_context():
        found = db.session.scalar(select(Complaint).where(Complaint.number == number))
        db.session.expunge(found)
        return found


def audit_rows(app, action: str) -> list[AuditLog]:
    with app.app_context():
        query = select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)
        rows = list(db.session.scalars(query))
        for row in rows:
            db.session.expunge(row)
        return rows
