"""The audit rows of one action, detached from the session: what the account tests read back."""
from __future__ import annotations

from sqlalchemy import select

from portal.core.models.audit import AuditLog
from portal.extensions import db


def audit_rows(app, action: str) -> list[AuditLog]:
    with app.app_context():
        query = select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)
        rows = list(db.session.scalars(query))
        for row in rows:
            db.session.expunge(row)
        return rows
