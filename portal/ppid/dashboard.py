"""The PPID panel of the staff dashboard (/admin/, roles ppid and pimpinan): information requests to act on.

Counts in SQL (portal/ppid/queries.py, the DueWindow conditions of workflow.CLOCK): open requests, overdue,
due soon, new since the officer's previous log-in; the first few overdue and due-soon requests linked."""
from __future__ import annotations

from datetime import datetime

from flask import current_app

from portal.extensions import db
from portal.ppid import queries


def dashboard_context(since: datetime | None = None) -> dict:
    window = queries.DueWindow.build(db.session, current_app.config["PPID_NEARLY_DUE_DAYS"])
    return {"ppid_summary": queries.dashboard_summary(db.session, window, since)}
