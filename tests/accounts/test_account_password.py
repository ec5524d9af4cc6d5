"""Every staff member changes their own password at /admin/akun/sandi."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.accounts.models import User
from portal.core.models.audit import AuditLog
from portal.extensions import db
from tests.conftest import PASSWORD

NEW = "sandi-baru-yang-kuat-1"


def _form(current=PASSWORD, new=NEW, confirm=None):
    return {"current": current, "new": new, "confirm": new if confirm is None else confirm}


def test_dashboard_links_to_password_change(client, login_as):
    login_as("pimpinan")
    assert 'href="/admin/akun/sandi"' in client.get("/admin/").get_data(as_text=True)
    assert "Ganti kata sandi" in client.get("/admin/akun/sandi").get_data(as_text=True)


def test_change_own_password_keeps_this_session_and_ends_the_others(app, client, login_as, auth):
    user = login_as("editor")
    other_device = app.test_client()
    other_device.post("/admin/login", data={"email": user.email, "password": PASSWORD})
    assert other_device.get("/admin/").status_code == 200

    response = client.post("/admin/akun/sandi", data=_form())
    assert response.status_code == 302
    assert "Kata sandi diganti." in client.get("/admin/").get_data(as_text=True)
    assert other_device.get("/admin/").status_code == 302

    with app.app_context():
        row = db.session.scalar(select(AuditLog).where(AuditLog.action == "user.password_change"))
        assert row.user_id == user.id and row.object_id == str(user.id) and NEW not in row.detail
        assert db.session.get(User, user.id).password_hash.startswith("$argon2id$")
    auth.logout()
    assert auth.login(user.email, PASSWORD).status_code == 401
    assert auth.login(user.email, NEW).status_code == 302


@pytest.mark.parametrize("data, message", [
    (_form(current="salah-salah-salah"), "Kata sandi saat ini salah."),
    (_form(new="pendek"), "Kata sandi minimal 10 karakter."),
    (_form(confirm="lain-lain-lain-1"), "Kedua isian kata sandi baru tidak sama."),
    (_form(new=PASSWORD), "Kata sandi baru harus berbeda dari kata sandi saat ini."),
    ({"current": "", "new": "", "confirm": ""}, "Kata sandi saat ini wajib diisi."),
])
def test_bad_password_change_is_refused_and_changes_nothing(app, client, login_as, data, message):
    user = login_as("dumas")
    with app.app_context():
        before = db.session.get(User, user.id).password_hash
    response = client.post("/admin/akun/sandi", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, user.id).password_hash == before
        assert db.session.scalar(select(AuditLog).where(AuditLog.action == "user.password_change")) is None
    assert client.get("/admin/").status_code == 200  # still logged in


def test_password_page_needs_log_in(client):
    response = client.get("/admin/akun/sandi")
    assert response.status_code == 302 and response.headers["Location"].startswith("/admin/login")
