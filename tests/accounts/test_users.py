"""User management: the create-user command, the admin pages, role checks and the audit trail."""
from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.accounts.models import User
from portal.core.models.audit import AuditLog
from portal.core.models.base import utcnow
from portal.extensions import db
from tests.accounts.audit_rows import audit_rows
from tests.conftest import PASSWORD, AuthActions

NEW_PASSWORD = "sandi-baru-456789"


def _user(app, email: str) -> User | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            db.session.expunge(user)
        return user


def _count_users(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))



# --- flask --app portal create-user ---------------------------------------------------------------

def test_create_user_command(app, runner):
    result = runner.invoke(args=["create-user", "Kepala.Sekretariat@uji.example", "--role", "admin",
                                 "--role", "pimpinan", "--name", "Kepala", "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    assert "kepala.sekretariat@uji.example" in result.output
    user = _user(app, "kepala.sekretariat@uji.example")
    assert user.roles == "admin pimpinan" and user.name == "Kepala" and user.active
    assert user.password_hash.startswith("$argon2id$")
    (row,) = audit_rows(app, "user.create")
    assert row.user_id is None and row.object_id == str(user.id)  # made from the command line


def test_create_user_command_prompts_for_password(app, runner):
    result = runner.invoke(args=["create-user", "prompt@uji.example", "--role", "editor"],
                           input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert _user(app, "prompt@uji.example") is not None


def test_create_user_command_refuses_duplicate_email(app, runner, make_user):
    make_user("editor", email="ganda@uji.example")
    result = runner.invoke(args=["create-user", "GANDA@uji.example", "--role", "dumas", "--password",
                                 PASSWORD])
    assert result.exit_code == 1
    assert "Pengguna dengan e-mail ini sudah ada." in result.output
    assert _count_users(app) == 1


@pytest.mark.parametrize("args, message", [
    (["--role", "superuser"], "Peran tidak dikenal: superuser"),
    (["--role", "dumas", "--role", "raja"], "Peran tidak dikenal: raja"),
])
def test_create_user_command_refuses_bad_role(app, runner, args, message):
    result = runner.invoke(args=["create-user", "peran@uji.example", *args, "--password", PASSWORD])
    assert result.exit_code == 1
    assert message in result.output and "admin, dumas, wbs, editor, pimpinan" in result.output
    assert _count_users(app) == 0


def test_create_user_command_refuses_short_password_and_bad_email(app, runner):
    result = runner.invoke(args=["create-user", "pendek@uji.example", "--role", "dumas", "--password",
                                 "pendek"])
    assert result.exit_code == 1 and "Kata sandi minimal 10 karakter." in result.output
    result = runner.invoke(args=["create-user", "bukan-email", "--role", "dumas", "--password", PASSWORD])
    assert result.exit_code == 1 and "Alamat e-mail tidak valid." in result.output
    assert _count_users(app) == 0


# --- admin pages ----------------------------------------------------------------------------------

def test_admin_creates_user(app, client, login_as, auth):
    admin = login_as("admin")
    response = client.post("/admin/pengguna/baru", data={
        "email": "petugas.baru@uji.example", "name": "Petugas Baru", "roles": ["editor", "dumas"],
        "password": NEW_PASSWORD, "active": "y",
    })
    assert response.status_code == 302
    user = _user(app, "petugas.baru@uji.example")
    assert user.roles == "dumas editor" and user.name == "Petugas Baru"
    (row,) = [r for r in audit_rows(app, "user.create") if r.object_id == str(user.id)]
    assert row.user_id == admin.id
    # ids and kinds only (issue 10, A8): the account is the object id, no e-mail address in the detail
    assert json.loads(row.detail) == {"roles": ["dumas", "editor"]}
    listing = client.get("/admin/pengguna").get_data(as_text=True)
    assert "petugas.baru@uji.example" in listing
    auth.logout()
    assert auth.login("petugas.baru@uji.example", NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize("data, message", [
    ({"email": "bukan-email", "roles": ["dumas"], "password": NEW_PASSWORD}, "Alamat e-mail tidak valid."),
    ({"email": "a@uji.example", "roles": ["dumas"], "password": "pendek"}, "Kata sandi minimal 10 karakter."),
    ({"email": "a@uji.example", "roles": [], "password": NEW_PASSWORD},
     "Pilih sekurang-kurangnya satu peran."),
    ({"email": "a@uji.example", "roles": ["raja"], "password": NEW_PASSWORD}, "Peran tidak dikenal."),
    ({"email": "", "roles": ["dumas"], "password": NEW_PASSWORD}, "E-mail wajib diisi."),
])
def test_admin_create_user_bad_input_writes_nothing(app, client, login_as, data, message):
    login_as("admin")
    before = _count_users(app)
    response = client.post("/admin/pengguna/baru", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _count_users(app) == before
    assert audit_rows(app, "user.create") and len(audit_rows(app, "user.create")) == before


def test_admin_create_user_duplicate_email(app, client, login_as, make_user):
    login_as("admin")
    make_user("dumas", email="sudah@uji.example")
    response = client.post("/admin/pengguna/baru", data={
        "email": "Sudah@uji.example", "roles": ["editor"], "password": NEW_PASSWORD})
    assert response.status_code == 400
    assert "Pengguna dengan e-mail ini sudah ada." in response.get_data(as_text=True)
    assert _count_users(app) == 2


def test_admin_edits_user_and_the_change_is_audited(app, client, login_as, make_user):
    admin = login_as("admin")
    user = make_user("dumas", name="Lama")
    form = client.get(f"/admin/pengguna/{user.id}").get_data(as_text=True)
    assert 'value="Lama"' in form and re.search(r'value="dumas"[^>]*checked|checked[^>]*value="dumas"', form)
    # (wbs/admin: tests/accounts/test_role_grants.py)
    response = client.post(f"/admin/pengguna/{user.id}", data={
        "name": "Baru", "roles": ["dumas", "editor"], "active": "y"})
    assert response.status_code == 302
    fresh = _user(app, user.email)
    assert fresh.name == "Baru" and fresh.roles == "dumas editor" and fresh.active
    (row,) = audit_rows(app, "user.update")
    assert row.user_id == admin.id and row.object_type == "users" and row.object_id == str(user.id)
    # changed; no name in the log (A8)
    assert json.loads(row.detail) == {"name": True, "roles": ["dumas", "editor"]}


def test_deactivated_user_cannot_log_in_and_loses_the_open_session(app, client, login_as, make_user):
    login_as("admin")
    user = make_user("editor")
    staff = app.test_client()
    assert staff.post("/admin/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    assert staff.get("/admin/").status_code == 200

    response = client.post(f"/admin/pengguna/{user.id}",
                           data={"name": user.name, "roles": ["editor"]})  # unchecked
    assert response.status_code == 302
    assert _user(app, user.email).active is False
    assert json.loads(audit_rows(app, "user.update")[0].detail) == {"active": False}

    assert staff.get("/admin/").status_code == 302  # the open session died
    response = staff.post("/admin/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 401
    assert "Akun ini dinonaktifkan." in response.get_data(as_text=True)
    assert "nonaktif" in client.get("/admin/pengguna").get_data(as_text=True)


def test_new_password_from_admin_ends_the_users_sessions(app, client, login_as, make_user):
    login_as("admin")
    user = make_user("dumas")
    staff = app.test_client()
    staff.post("/admin/login", data={"email": user.email, "password": PASSWORD})
    response = client.post(f"/admin/pengguna/{user.id}", data={
        "name": user.name, "roles": ["dumas"], "active": "y", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert staff.get("/admin/").status_code == 302
    assert staff.post("/admin/login", data={"email": user.email, "password": PASSWORD}).status_code == 401
    assert staff.post("/admin/login", data={"email": user.email, "password": NEW_PASSWORD}).status_code == 302
    row = audit_rows(app, "user.update")[0]
    assert json.loads(row.detail) == {"password": "changed"}
    assert NEW_PASSWORD not in row.detail


@pytest.mark.parametrize("data", [
    {"name": "Saya", "roles": ["editor"], "active": "y"},   # drops own admin role
    {"name": "Saya", "roles": ["admin"]},                   # deactivates self
])
def test_admin_cannot_remove_own_admin_role_or_deactivate_self(app, client, login_as, data):
    admin = login_as("admin")
    response = client.post(f"/admin/pengguna/{admin.id}", data=data)
    assert response.status_code == 400
    refusal = "Anda tidak dapat mencabut peran admin atau menonaktifkan akun Anda sendiri."
    assert refusal in response.get_data(as_text=True)
    fresh = _user(app, admin.email)
    assert fresh.roles == "admin" and fresh.active
    assert audit_rows(app, "user.update") == []
    assert client.get("/admin/pengguna").status_code == 200


def test_admin_changing_own_password_stays_logged_in(app, client, login_as, auth):
    admin = login_as("admin")
    response = client.post(f"/admin/pengguna/{admin.id}", data={
        "name": "Admin", "roles": ["admin"], "active": "y", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/pengguna").status_code == 200
    auth.logout()
    assert auth.login(admin.email, NEW_PASSWORD).status_code == 302


def test_admin_unlocks_a_locked_account(app_factory, make_user):
    app = app_factory(LOGIN_MAX_FAILURES=2)
    admin_client, staff = app.test_client(), app.test_client()
    admin = make_user("admin")
    user = make_user("wbs")
    admin_client.post("/admin/login", data={"email": admin.email, "password": PASSWORD})
    AuthActions(admin_client).second_factor(admin.email)  # admin: TOTP step
    for _ in range(2):
        staff.post("/admin/login", data={"email": user.email, "password": "salah-salah-1"})
    assert staff.post("/admin/login", data={"email": user.email, "password": PASSWORD}).status_code == 401
    listing = admin_client.get("/admin/pengguna").get_data(as_text=True)
    assert "terkunci s.d." in listing and "Buka kunci" in listing

    response = admin_client.post(f"/admin/pengguna/{user.id}/buka-kunci")
    assert response.status_code == 302
    assert staff.post("/admin/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    (row,) = audit_rows(app, "user.unlock")
    assert row.user_id == admin.id and row.object_id == str(user.id)


def test_expired_lock_is_not_shown_as_locked(app, client, login_as, make_user):
    login_as("admin")
    user = make_user("dumas")
    with app.app_context():
        db.session.get(User, user.id).locked_until = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert "terkunci" not in client.get("/admin/pengguna").get_data(as_text=True)


def test_unknown_user_is_404(client, login_as):
    login_as("admin")
    assert client.get("/admin/pengguna/9999").status_code == 404


def test_user_list_is_paginated(app, client, login_as, make_user):
    login_as("admin")
    for i in range(26):
        make_user("editor", email=f"editor{i:02d}@uji.example")
    first = client.get("/admin/pengguna").get_data(as_text=True)
    assert "Halaman 1 dari 2, 27 data" in first
    assert "editor25@uji.example" not in first
    assert "editor25@uji.example" in client.get("/admin/pengguna?page=2").get_data(as_text=True)


# --- CSRF on the admin forms ---------------------------------------------------------------------

def test_create_user_without_csrf_token_is_refused(app_factory, make_user):
    app = app_factory(WTF_CSRF_ENABLED=True)
    admin = make_user("admin")
    client = app.test_client()
    html = client.get("/admin/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    assert client.post("/admin/login", data={
        "email": admin.email, "password": PASSWORD, "csrf_token": token}).status_code == 302
    assert AuthActions(client).second_factor(admin.email).status_code == 302  # admin: TOTP step

    data = {"email": "tanpa-token@uji.example", "roles": ["dumas"], "password": NEW_PASSWORD, "active": "y"}
    response = client.post("/admin/pengguna/baru", data=data)
    assert response.status_code == 400
    assert "Sesi formulir kedaluwarsa atau tidak sah" in response.get_data(as_text=True)
    assert _user(app, "tanpa-token@uji.example") is None
    assert len(audit_rows(app, "user.create")) == 1  # only the admin made by the fixture

    html = client.get("/admin/pengguna/baru").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    assert client.post("/admin/pengguna/baru", data={**data, "csrf_token": token}).status_code == 302
    assert _user(app, "tanpa-token@uji.example") is not None


# --- who may open what ----------------------------------------------------------------------------

ADMIN_ONLY = ["/admin/pengguna", "/admin/pengguna/baru", "/admin/pengaturan"]


@pytest.mark.parametrize("role", ["dumas", "wbs", "editor", "pimpinan"])
@pytest.mark.parametrize("url", ADMIN_ONLY)
def test_admin_pages_are_forbidden_to_other_roles(client, login_as, role, url):
    login_as(role)
    response = client.get(url)
    assert response.status_code == 403
    assert "Anda tidak memiliki akses ke halaman ini." in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["dumas", "wbs", "editor", "pimpinan"])
def test_user_writes_are_forbidden_to_other_roles(app, client, login_as, make_user, role):
    target = make_user("editor")
    login_as(role)
    assert client.post("/admin/pengguna/baru", data={
        "email": "x@uji.example", "roles": ["admin"], "password": NEW_PASSWORD}).status_code == 403
    assert client.post(f"/admin/pengguna/{target.id}",
                       data={"name": "x", "roles": ["admin"], "active": "y"}).status_code == 403
    assert client.post(f"/admin/pengguna/{target.id}/buka-kunci").status_code == 403
    assert _user(app, "x@uji.example") is None and _user(app, target.email).roles == "editor"


@pytest.mark.parametrize("role, status", [
    ("admin", 200), ("pimpinan", 200), ("dumas", 403), ("wbs", 403), ("editor", 403),
])
def test_audit_log_is_for_admin_and_pimpinan_only(client, login_as, role, status):
    login_as(role)
    assert client.get("/admin/audit").status_code == status


@pytest.mark.parametrize("url", ADMIN_ONLY + ["/admin/audit", "/admin/"])
def test_anonymous_visitors_are_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login")


def test_admin_menu_shows_only_allowed_entries(client, login_as):
    login_as("editor")
    html = client.get("/admin/").get_data(as_text=True)
    assert "/admin/pengguna" not in html and "/admin/pengaturan" not in html and "/admin/audit" not in html


# --- audit log page and dashboard ------------------------------------------------------------------

def test_audit_log_shows_who_did_what_to_which_object(app_factory, make_user):
    app = app_factory(LOGIN_MAX_FAILURES=2)
    client = app.test_client()
    admin = make_user("admin", email="kepala@uji.example")
    victim = make_user("dumas", email="korban@uji.example")
    other = app.test_client()
    for _ in range(2):
        other.post("/admin/login", data={"email": victim.email, "password": "salah-salah-1"})
    client.post("/admin/login", data={"email": admin.email, "password": PASSWORD})
    AuthActions(client).second_factor(admin.email)  # admin: TOTP step
    client.post("/admin/pengguna/baru",
                data={"email": "baru@uji.example", "roles": ["editor"], "password": NEW_PASSWORD})
    client.post(f"/admin/pengguna/{victim.id}", data={"name": "Korban", "roles": ["dumas"], "active": "y"})

    with app.app_context():
        rows = list(db.session.execute(select(AuditLog.action, AuditLog.user_id, AuditLog.object_id)
                                       .order_by(AuditLog.id)))
        new_id = db.session.scalar(select(User.id).where(User.email == "baru@uji.example"))
    assert rows[2:] == [
        ("auth.login_failed", None, str(victim.id)),
        ("auth.lockout", None, str(victim.id)),
        ("auth.login", admin.id, str(admin.id)),
        ("auth.totp_ok", admin.id, str(admin.id)),
        ("user.create", admin.id, str(new_id)),
        ("user.update", admin.id, str(victim.id)),
    ]
    html = client.get("/admin/audit").get_data(as_text=True)
    for action in ["auth.login_failed", "auth.lockout", "auth.login", "user.create", "user.update"]:
        assert f"<code>{action}</code>" in html
    assert "kepala@uji.example" in html
    filtered = client.get("/admin/audit?action=user.").get_data(as_text=True)
    assert "<code>user.create</code>" in filtered and "<code>auth.login</code>" not in filtered


def test_dashboard_shows_your_account_panel(app, client, make_user, auth):
    user = make_user("dumas", "editor")
    auth.login(user.email)
    html = client.get("/admin/").get_data(as_text=True)
    assert "Akun Anda" in html
    assert "Petugas DUMAS (pengaduan masyarakat)" in html and "Editor konten" in html
    assert "Belum pernah (ini log-in pertama Anda)." in html
    auth.logout()
    auth.login(user.email)
    html = client.get("/admin/").get_data(as_text=True)
    assert "Masuk sebelumnya" in html and "Belum pernah" not in html
    assert re.search(r"\d{4}, \d{2}\.\d{2} WIB", html)


def test_user_management_is_the_accounts_feature_on_the_admin_blueprint(app):
    """The views live in portal/accounts/admin.py; endpoint names and URLs stay those of `admin`."""
    endpoints = ["admin.users", "admin.user_new", "admin.user_edit", "admin.user_unlock",
                 "admin.role_grant_approve", "admin.role_grant_reject", "admin.password"]
    for endpoint in endpoints:
        assert app.view_functions[endpoint].__module__ == "portal.accounts.admin", endpoint
    with app.test_request_context():
        from flask import url_for

        assert url_for("admin.users") == "/admin/pengguna"
        assert url_for("admin.password") == "/admin/akun/sandi"
