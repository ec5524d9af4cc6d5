"""The DUMAS panel of the staff dashboard (/admin/, roles dumas and pimpinan): what to act on today.

Counts only, each in SQL (COUNT ... GROUP BY and the DueWindow conditions of portal/dumas/queries.py): new
since the officer's previous log-in, overdue, nearly due, open per status."""
from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.dumas import queries as complaint_queries
from portal.dumas.models import Complaint
from portal.extensions import db


def new_since(session: Session, since: datetime | None) -> int:
    """How many complaints arrived at or after `since` (all of them when None)."""
    query = select(func.count()).select_from(Complaint)
    if since is not None:
        query = query.where(Complaint.received_at >= since)
    return int(session.scalar(query) or 0)


def dashboard_context(since: datetime | None = None) -> dict:
    window = complaint_queries.DueWindow.build(db.session, current_app.config["DUMAS_NEARLY_DUE_DAYS"])
    return {"dumas_summary": complaint_queries.dashboard_summary(db.session, window),
            "dumas_new": new_since(db.session, since)}
