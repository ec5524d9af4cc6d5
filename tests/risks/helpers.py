"""Shared by the risk-register tests: a risk's form fields, a client logged in per role, risks made
through the domain (service.create_risk) for hand-built sets."""
from __future__ import annotations

import html as html_lib
from datetime import date

from portal.extensions import db
from portal.risks import service as risks
from tests.conftest import AuthActions

BASE = "/admin/risiko"


def form(**overrides) -> dict:
    """The add/edit form as posted (strings, as a browser sends them)."""
    data = {"year": "2026", "code": "", "unit": "Subbagian Keuangan", "activity": "Pengelolaan SPJ",
            "statement": "SPJ terlambat disampaikan.", "cause": "Bukti belum lengkap.", "cause_class": "man",
            "likelihood": "4", "impact": "3", "control_plan": "Daftar periksa SPJ.", "owner": "Bendahara",
            "due_on": "2026-06-30", "realisation": "", "realised_on": "", "residual_likelihood": "",
            "residual_impact": ""}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def values(**overrides) -> dict:
    """The domain's values (typed)."""
    data = {"year": 2026, "code": "", "unit": "Subbagian Keuangan", "activity": "Pengelolaan SPJ",
            "statement": "SPJ terlambat disampaikan.", "cause": "", "cause_class": "man", "likelihood": 3,
            "impact": 3, "control_plan": "", "owner": "", "due_on": None, "realisation": "",
            "realised_on": None, "occurred": False, "residual_likelihood": None, "residual_impact": None}
    data.update(overrides)
    return data


def make_risks(app, rows: list[dict], actor_id: int | None = None) -> list[int]:
    with app.app_context():
        made = [risks.create_risk(db.session, values(**row), None) for row in rows]
        db.session.commit()
        return [r.id for r in made]


def staff(app, make_user, *roles: str):
    """A new client logged in as a new user with `roles` (TOTP step for wbs/admin)."""
    client = app.test_client()
    user = make_user(*roles)
    auth = AuthActions(client)
    response = auth.login(user.email)
    assert response.status_code == 302
    if "/admin/verifikasi" in response.headers["Location"]:
        assert auth.second_factor(user.email).status_code == 302
    return client


def text(response) -> str:
    return html_lib.unescape(response.get_data(as_text=True))


def d(day: str) -> date:
    return date.fromisoformat(day)
