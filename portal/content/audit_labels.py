"""What the content pages' audit codes mean (read by portal/core/audit.py `collect_labels`)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.core.audit import ObjectKind, int_ids

ACTIONS = {
    "page.create": _l("Membuat halaman"),
    "page.revise": _l("Menyimpan revisi halaman"),
    "page.publish": _l("Menerbitkan halaman"),
    "page.unpublish": _l("Menarik halaman dari publik"),
    "page.restore": _l("Memulihkan revisi halaman"),
}


def page_slugs(session: Session, ids: list[str]) -> dict[str, str]:
    from portal.content.models import Page

    rows = session.execute(select(Page.id, Page.slug).where(Page.id.in_(int_ids(ids))))
    return {str(page_id): slug for page_id, slug in rows}


OBJECTS = {
    "pages": ObjectKind(_l("Halaman"), "portal.content.audit_labels:page_slugs"),
    "page_revisions": ObjectKind(_l("Revisi halaman")),
}
