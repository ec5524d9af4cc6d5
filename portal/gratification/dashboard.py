"""The gratification panel of the staff dashboard (/admin/, roles pegawai and upg): for the UPG the open
reports, overdue and due soon (SQL counts through workflow.CLOCK); for everyone who files, their own reports
and the link to file one."""
from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_login import current_user

from portal.extensions import db
from portal.gratification import UPG_ROLES, queries
from portal.gratification.workflow import CLOCK, Deadlines


def dashboard_context(since: datetime | None = None) -> dict:
    summary = None
    if current_user.has_role(*UPG_ROLES):
        window = CLOCK.window(db.session, Deadlines.from_config(current_app.config).nearly_due)
        summary = queries.dashboard_summary(db.session, window, since)
    return {"grt_summary": summary, "grt_own": queries.own_summary(db.session, current_user.id)}
