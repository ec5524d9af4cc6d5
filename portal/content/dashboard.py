"""The editor panel of the staff dashboard (/admin/, role editor): drafts waiting to be published.

Content pages with a draft (never published, taken down, or a revision newer than the public one), draft
revisions of the service standards (portal/standards, read only here) and published pages not changed for
STALE_DAYS. Counts in SQL; the few oldest of each are listed with a link to their edit page."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from portal.content.models import Page, PageRevision
from portal.core.clock import now
from portal.extensions import db
from portal.standards.models import STATUS_DRAFT, Service, ServiceStandardRevision

STALE_DAYS = 365  # a published page not changed for a year is worth a look (the pledge, the contacts ...)
LISTED = 5


@dataclass
class Waiting:
    total: int
    items: list  # the oldest LISTED rows


def _has_draft():
    """A page has a draft when nothing of it is public, or a revision was saved after the public one
    (revision ids grow with time: a later revision has a larger id)."""
    newer = aliased(PageRevision)
    return or_(Page.published_revision_id.is_(None), Page.status != "published",
               exists().where(newer.page_id == Page.id, newer.id > Page.published_revision_id))


def draft_pages(session: Session) -> Waiting:
    total = session.scalar(select(func.count()).select_from(Page).where(_has_draft())) or 0
    items = list(session.scalars(select(Page).where(_has_draft()).order_by(Page.updated_at, Page.id)
                                 .limit(LISTED)))
    return Waiting(int(total), items)


def draft_standards(session: Session) -> Waiting:
    drafts = select(ServiceStandardRevision).where(ServiceStandardRevision.status == STATUS_DRAFT)
    total = session.scalar(select(func.count()).select_from(drafts.subquery())) or 0
    rows = session.execute(
        select(ServiceStandardRevision, Service)
        .join(Service, Service.id == ServiceStandardRevision.service_id)
        .where(ServiceStandardRevision.status == STATUS_DRAFT)
        .order_by(ServiceStandardRevision.created_at, ServiceStandardRevision.id).limit(LISTED)).all()
    return Waiting(int(total), [(revision, service) for revision, service in rows])


def stale_pages(session: Session, days: int = STALE_DAYS) -> Waiting:
    cutoff = now() - timedelta(days=days)
    stale = (Page.status == "published", Page.published_revision_id.is_not(None), Page.updated_at < cutoff)
    total = session.scalar(select(func.count()).select_from(Page).where(*stale)) or 0
    items = list(session.scalars(select(Page).where(*stale).order_by(Page.updated_at, Page.id).limit(LISTED)))
    return Waiting(int(total), items)


def dashboard_context() -> dict:
    return {"editor_pages": draft_pages(db.session), "editor_standards": draft_standards(db.session),
            "editor_stale": stale_pages(db.session), "editor_stale_days": STALE_DAYS}
