"""Shared helpers of the gratification tests: a valid report form, filing through HTTP, logging in."""
from __future__ import annotations

from sqlalchemy import func, select

from portal.extensions import db
from portal.gratification.models import GratificationReport
from tests.conftest import AuthActions


def form(**changes) -> dict:
    data = {
        "reporter_name": "Rina Pelapor", "reporter_nik": "3305011234567890", "reporter_position": "Analis",
        "reporter_unit": "Subbagian Teknis", "reporter_phone": "0812 3456 7890",
        "reporter_email": "rina@uji.example", "giver_name": "PT Pemberi Rahasia",
        "giver_relation": "Rekanan", "occasion": "Hari raya", "place": "Kantor",
        "received_on": "2026-03-16", "kind": "barang", "description": "Jam tangan", "value": "2500000",
        "chronology": "Saya menerima jam tangan dari rekanan lalu melaporkannya.",
        "handling": "diserahkan_upg",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def client_for(app, user):
    """A test client of its own, logged in as `user` (roles without a second factor)."""
    client = app.test_client()
    assert AuthActions(client).login(user.email).status_code == 302
    return client


def file(client, **changes):
    return client.post("/admin/gratifikasi/lapor", data=form(**changes), content_type="multipart/form-data")


def filed_number(response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]


def count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(GratificationReport))


def report(app, number: str) -> GratificationReport:
    with app.app_context():
        found = db.session.scalar(select(GratificationReport).where(GratificationReport.number == number))
        db.session.expunge(found)
        return found
