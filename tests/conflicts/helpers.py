"""Shared helpers of the conflict-of-interest tests: a ZI team member (keeps the register) and signing."""
from __future__ import annotations

from sqlalchemy import select

from portal.accounts import service as accounts
from portal.conflicts.models import CoiDeclaration
from portal.extensions import db
from portal.zi.models import ZiTeam, ZiTeamMember
from tests.conftest import PASSWORD


def make_keeper(app, make_user, *roles: str):
    """An account in the ZI team TIM PENGUATAN PENGAWASAN (default role `dumas`)."""
    user = make_user(*(roles or ("dumas",)))
    with app.app_context():
        team = db.session.scalar(select(ZiTeam).where(ZiTeam.key == "TIM PENGUATAN PENGAWASAN"))
        if team is None:
            team = ZiTeam(name="TIM PENGUATAN PENGAWASAN", key="TIM PENGUATAN PENGAWASAN")
            db.session.add(team)
            db.session.flush()
        db.session.add(ZiTeamMember(team_id=team.id, user_id=user.id))
        db.session.commit()
    return user


def login(client, user, password: str = PASSWORD):
    client.post("/admin/logout")
    response = client.post("/admin/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]


def sign(client, kind="bebas", password=PASSWORD, **texts):
    return client.post("/admin/benturan-kepentingan/pernyataan/baru",
                       data={"kind": kind, "password": password, **texts})


def declarations(app, email=None):
    with app.app_context():
        query = select(CoiDeclaration).order_by(CoiDeclaration.id)
        if email:
            user = accounts.find_by_email(db.session, email)
            query = query.where(CoiDeclaration.user_id == user.id)
        rows = list(db.session.scalars(query))
        db.session.expunge_all()
        return rows
