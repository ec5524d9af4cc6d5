"""Published DUMAS complaints for the public list and Open311 tests, with an identity planted in every place
that must never go public (reporter name, e-mail, phone, original subject and text, internal note,
attachment name, officer name)."""
from __future__ import annotations

from datetime import datetime

from flask import current_app

from portal.accounts import service as accounts
from portal.dumas import publication
from portal.dumas.models import Category, Complaint, ComplaintFollowUp
from portal.dumas.workflow import Deadlines, transition
from portal.extensions import db
from tests.dumas_factories import make_attachment, make_complaint

SECRETS = ("Wiryo Sentono", "bocor@rahasia.example", "081299990000", "URAIAN ASLI RAHASIA",
           "PERIHAL ASLI RAHASIA", "CATATAN INTERNAL RAHASIA", "lampiran-pribadi", "Petugas Bernama Jelas")
SUMMARY = "Warga melaporkan antrean layanan salinan dokumen yang terlalu lama di kantor."
PUBLIC_NOTE = "Petugas telah mengecek antrean dan menambah loket pada jam sibuk."


def officer():
    user = accounts.find_by_email(db.session, "pejabat-publikasi@uji.example")
    if user is None:
        user = accounts.create_user(db.session, "pejabat-publikasi@uji.example", "Rahasia-12345-xyz",
                                    ["dumas"], name="Petugas Bernama Jelas")
        db.session.flush()
    return user


def category(slug: str = "pelayanan", name: str = "Pelayanan") -> Category:
    from sqlalchemy import select

    found = db.session.scalar(select(Category).where(Category.slug == slug))
    if found is None:
        found = Category(slug=slug, name=name, default_kind="non_pengawasan", active=True, order=0)
        db.session.add(found)
        db.session.flush()
    return found


def planted_complaint(*, received_at: datetime | None = None, consent: bool = True,
                      confidential: bool = False, cat: Category | None = None) -> Complaint:
    """A complaint verified and in process, with a public note, an internal note and an attachment."""
    staff = officer()
    complaint = make_complaint(
        db.session, received_at=received_at, category=cat or category(), reporter_name="Wiryo Sentono",
        reporter_email="bocor@rahasia.example", reporter_phone="081299990000", confidential=confidential,
        subject="PERIHAL ASLI RAHASIA tentang antrean",
        description="URAIAN ASLI RAHASIA: saya menunggu lama.",
    )
    complaint.public_consent = consent
    make_attachment(db.session, complaint, current_app.config["UPLOAD_FOLDER"], name="lampiran-pribadi.pdf")
    deadlines = Deadlines.from_config(current_app.config)
    transition(db.session, complaint, "diverifikasi", staff, deadlines, assigned_to=staff,
               public_note="Aduan diverifikasi.", internal_note="CATATAN INTERNAL RAHASIA")
    transition(db.session, complaint, "diproses", staff, deadlines, public_note=PUBLIC_NOTE)
    db.session.add(ComplaintFollowUp(complaint=complaint, actor_id=None, from_status="diproses",
                                     to_status="diproses", public_note="Wiryo Sentono menambah keterangan."))
    db.session.flush()
    return complaint


def published_complaint(**kwargs) -> Complaint:
    complaint = planted_complaint(**kwargs)
    publication.publish(db.session, complaint, SUMMARY, officer())
    db.session.flush()
    return complaint


def assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, secret
