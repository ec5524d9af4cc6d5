"""Helpers for the ZI monitoring tests: the shipped 2026 plan, team members, evidence files."""
from __future__ import annotations

import html as html_lib
import io

from sqlalchemy import select

from portal.action_plan import service as action_plan
from portal.action_plan.models import ActionPlanItem
from portal.extensions import db
from portal.zi import service as zi
from portal.zi.models import ZiEvidence, ZiReviewer, ZiTeam, ZiTeamMember
from tests.dumas_public_helpers import pdf_bytes

PENGAWASAN = "TIM PENGUATAN PENGAWASAN"
PERUBAHAN = "TIM MANAJEMEN PERUBAHAN"
PELAYANAN = "TIM PENINGKATAN KUALITAS PELAYANAN PUBLIK"

PDF = pdf_bytes()  # well-formed: uploads are parsed and rewritten by the cleaner


def load_plan(app) -> None:
    with app.app_context():
        action_plan.load_shipped_plans(db.session)
        zi.ensure_teams(db.session)
        db.session.commit()


def item_id(app, code: str, year: int = 2026) -> int:
    with app.app_context():
        return db.session.scalar(select(ActionPlanItem.id).where(ActionPlanItem.year == year,
                                                                 ActionPlanItem.code == code))


def join_team(app, user, team_name: str) -> None:
    with app.app_context():
        team = db.session.scalar(select(ZiTeam).where(ZiTeam.key == zi.team_key(team_name)))
        db.session.add(ZiTeamMember(team_id=team.id, user_id=user.id))
        db.session.commit()


def make_reviewer(app, user) -> None:
    with app.app_context():
        db.session.add(ZiReviewer(user_id=user.id))
        db.session.commit()


def pdf_upload(name: str = "notulen.pdf"):
    return (io.BytesIO(PDF), name)


def submit(client, app, code: str, period: str, *, files=None, links: str = "", note: str = ""):
    data = {"periode": period, "tautan": links, "catatan": note}
    if files is not None:
        data["berkas"] = files
    return client.post(f"/admin/zi/kegiatan/{item_id(app, code)}/bukti", data=data,
                       content_type="multipart/form-data")


def evidence(app, code: str | None = None) -> list[ZiEvidence]:
    with app.app_context():
        query = select(ZiEvidence).order_by(ZiEvidence.id)
        if code:
            query = query.join(ActionPlanItem).where(ActionPlanItem.code == code)
        rows = list(db.session.scalars(query))
        db.session.expunge_all()
        return rows


def text(response) -> str:
    return html_lib.unescape(response.get_data(as_text=True))
