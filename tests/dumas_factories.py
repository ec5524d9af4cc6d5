"""Build DUMAS rows for staff-side tests without going through the public form (keeps tests independent).

Numbers come from numbering.next_sequence and deadlines from complaint_workflow.set_initial_deadlines,
exactly like real intake. Call inside an app context; nothing here commits unless `commit=True`.
"""
from __future__ import annotations

import secrets
from datetime import date, datetime, time

from flask import current_app
from sqlalchemy.orm import Session

from portal.core import numbering
from portal.core.clock import local_moment
from portal.core.models.base import utcnow
from portal.core.models.calendar import Holiday
from portal.core.workdays import due_date, local_date
from portal.dumas.models import Category, Complaint, ComplaintAttachment, ComplaintCounter, ComplaintFollowUp
from portal.dumas.workflow import Deadlines, set_initial_deadlines


def wib(day: date, hour: int = 10) -> datetime:
    """An aware datetime at `hour`:00 office time (WIB unless PORTAL_TIMEZONE says otherwise) on `day`."""
    return local_moment(day, time(hour, 0))


def make_category(session: Session, slug: str = "pelayanan", name: str = "Pelayanan",
                  default_kind: str = "non_pengawasan", active: bool = True) -> Category:
    category = Category(slug=slug, name=name, default_kind=default_kind, active=active, order=0)
    session.add(category)
    session.flush()
    return category


def make_holidays(session: Session, *days: tuple[date, str]) -> None:
    for day, name in days:
        session.add(Holiday(day=day, name=name))
    session.flush()


def make_complaint(
    session: Session,
    *,
    received_at: datetime | None = None,
    subject: str = "Antrean layanan terlalu lama",
    description: str = "Saya menunggu lebih dari tiga jam di loket layanan tanpa kejelasan.",
    channel: str = "website",
    external_id: str = "",
    category: Category | None = None,
    kind: str | None = None,
    reporter_name: str = "Siti Aminah",
    reporter_email: str = "siti@contoh.example",
    reporter_phone: str = "",
    confidential: bool = False,
    status: str = "diterima",
    assigned_to_id: int | None = None,
    verified_at: datetime | None = None,
    commit: bool = False,
) -> Complaint:
    """A complaint as intake would create it; `status` past diterima is set directly (with verified_at and
    resolve_due from the verification day, as the workflow would) for filter and transition tests."""
    received_at = received_at or utcnow()
    year = local_date(received_at).year
    seq = numbering.next_sequence(session, year, ComplaintCounter)
    complaint = Complaint(
        number=numbering.format_number("DUMAS", year, seq), year=year, seq=seq,
        access_code_hash=secrets.token_hex(32), channel=channel, external_id=external_id,
        reporter_name=reporter_name, reporter_email=reporter_email, reporter_phone=reporter_phone,
        confidential=confidential, category_id=category.id if category else None,
        kind=kind or (category.default_kind if category else "non_pengawasan"),
        subject=subject, description=description, status="diterima", received_at=received_at,
        assigned_to_id=assigned_to_id,
    )
    deadlines = Deadlines.from_config(current_app.config)
    set_initial_deadlines(session, complaint, deadlines)
    session.add(complaint)
    session.add(ComplaintFollowUp(complaint=complaint, at=received_at, actor_id=None, from_status="",
                                  to_status="diterima", public_note="Aduan diterima."))
    if status != "diterima":
        complaint.status = status
        if status in ("diverifikasi", "diproses", "selesai") or verified_at is not None:
            complaint.verified_at = verified_at or received_at
            complaint.resolve_due = due_date(session, local_date(complaint.verified_at),
                                             deadlines.resolve_days(complaint.kind))
        if status in ("selesai", "ditolak", "diteruskan"):
            complaint.closed_at = complaint.verified_at or received_at
    session.flush()
    if commit:
        session.commit()
    return complaint


def make_attachment(session: Session, complaint: Complaint, upload_folder: str, *,
                    data: bytes = b"%PDF-1.4\n%%EOF\n", name: str = "bukti.pdf",
                    content_type: str = "application/pdf") -> ComplaintAttachment:
    """A stored file under UPLOAD_FOLDER/dumas/<random>.pdf and its row."""
    import hashlib
    from pathlib import Path

    stored = f"{secrets.token_hex(16)}.pdf"
    folder = Path(upload_folder) / "dumas"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / stored).write_bytes(data)
    item = ComplaintAttachment(complaint=complaint, original_name=name, stored_name=stored,
                               content_type=content_type, size=len(data),
                               sha256=hashlib.sha256(data).hexdigest())
    session.add(item)
    session.flush()
    return item
