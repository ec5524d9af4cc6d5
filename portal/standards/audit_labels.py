"""What the service standards' audit codes mean (read by portal/core/audit.py `collect_labels`)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.core.audit import ObjectKind, int_ids

ACTIONS = {
    "service.create": _l("Membuat layanan"),
    "service.update": _l("Mengubah layanan"),
    "standard.revision.create": _l("Membuat revisi standar pelayanan"),
    "standard.revision.update": _l("Mengubah revisi standar pelayanan"),
    "standard.revision.delete": _l("Menghapus revisi standar pelayanan"),
    "standard.publish": _l("Menerbitkan standar pelayanan"),
}


def service_slugs(session: Session, ids: list[str]) -> dict[str, str]:
    from portal.standards.models import Service

    rows = session.execute(select(Service.id, Service.slug).where(Service.id.in_(int_ids(ids))))
    return {str(service_id): slug for service_id, slug in rows}


OBJECTS = {
    "services": ObjectKind(_l("Layanan"), "portal.standards.audit_labels:service_slugs"),
    "service_standard_revisions": ObjectKind(_l("Revisi standar pelayanan")),
}
