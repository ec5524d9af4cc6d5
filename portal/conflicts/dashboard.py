"""The conflict-of-interest panel of the staff dashboard: for a `pegawai`, whether this year's declaration
is signed; for the ZI team and pimpinan, how many have not declared and the open cases; for the WBS team the
link to the cases. Declared for every staff member (the ZI team is a membership, not a role): `visible` is
False, and the panel empty, for anyone who has nothing here."""
from __future__ import annotations

from flask_login import current_user
from sqlalchemy import func, select

from portal.conflicts import access, service, workflow
from portal.conflicts.models import CoiCase
from portal.core import clock
from portal.extensions import db


def dashboard_context() -> dict:
    year = clock.today().year
    summary = {"year": year, "can_declare": access.can_declare(current_user),
               "can_read": access.can_read(db.session, current_user), "signed": None,
               "can_wbs": access.can_open_from_wbs(current_user)}
    summary["visible"] = summary["can_declare"] or summary["can_read"] or summary["can_wbs"]
    if summary["can_declare"]:
        summary["signed"] = service.current_declaration(db.session, current_user.id, year)
    if summary["can_read"]:
        summary["not_declared"] = service.count_not_declared(db.session, year)
        summary["pegawai"] = service.count_pegawai(db.session)
        summary["open_cases"] = db.session.scalar(select(func.count()).select_from(CoiCase).where(
            CoiCase.status.in_(workflow.WORKFLOW.open_states))) or 0
    return {"coi_summary": summary}
