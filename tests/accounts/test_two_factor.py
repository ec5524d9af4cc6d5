"""TOTP second factor: enrolment by a locally rendered QR code, the code step, replay, lockout, expiry,
sessions that lack the second factor, reset by command. Required for `wbs` and `admin`."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pyotp
from freezegun import freeze_time
from sqlalchemy import select

from portal.accounts import role_grants, two_factor
from portal.accounts.models import User
from portal.core.models.audit import AuditLog
from portal.extensions import db


def _user(app, user_id) -> User:
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
        return user


def _actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditLog.action).order_by(AuditLog.id)))


def _enrol_page_secret(html: str) -> str:
    return re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")


def test_enrolment_shows_a_local_qr_and_saves_the_secret_only_after_a_right_code(app, client, make_user,
                                                                                 auth):
    user = make_user("admin")
    response = auth.login(user.email)
    assert response.headers["Location"].endswith("/admin/verifikasi/daftar")
    html = client.get("/admin/verifikasi/daftar").get_data(as_text=True)
    assert '<img src="data:image/svg+xml' in html  # rendered here: no outside QR service
    assert "http://" not in html.split("data:image/svg+xml", 1)[1].split('"', 1)[0].replace(
        "http%3A%2F%2Fwww.w3.org", "")
    secret = _enrol_page_secret(html)
    again = client.get("/admin/verifikasi/daftar").get_data(as_text=True)
    assert _enrol_page_secret(again) == secret  # stable
    assert _user(app, user.id).totp_secret is None

    wrong = client.post("/admin/verifikasi/daftar", data={"code": "000000"})
    assert wrong.status_code == 401 and "Kode verifikasi salah" in wrong.get_data(as_text=True)
    assert _user(app, user.id).totp_secret is None

    ok = client.post("/admin/verifikasi/daftar", data={"code": pyotp.TOTP(secret).now()})
    assert ok.status_code == 302 and ok.headers["Location"].endswith("/admin/")
    assert _user(app, user.id).totp_secret == secret
    assert client.get("/admin/pengguna").status_code == 200
    assert _actions(app) == ["user.create", "auth.login", "auth.totp_failed", "auth.totp_enrol"]


def test_code_step_then_replay_refused(app, make_user):
    user = make_user("wbs")
    secret = pyotp.random_base32()
    with app.app_context():
        db.session.get(User, user.id).totp_secret = secret
        db.session.commit()
    code = pyotp.TOTP(secret).now()
    first = app.test_client()
    first.post("/admin/login", data={"email": user.email, "password": "rahasia-uji-123"})
    assert first.post("/admin/verifikasi", data={"code": code}).status_code == 302
    assert first.get("/admin/wbs").status_code == 200

    second = app.test_client()  # someone who saw the code over the shoulder
    second.post("/admin/login", data={"email": user.email, "password": "rahasia-uji-123"})
    replay = second.post("/admin/verifikasi", data={"code": code})
    assert replay.status_code == 401
    assert second.get("/admin/wbs").status_code == 302
    assert "auth.totp_failed" in _actions(app)


def test_wrong_codes_lock_the_account(app_factory, make_user):
    app = app_factory(LOGIN_MAX_FAILURES=3)
    user = make_user("wbs")
    with app.app_context():
        db.session.get(User, user.id).totp_secret = pyotp.random_base32()
        db.session.commit()
    client = app.test_client()
    client.post("/admin/login", data={"email": user.email, "password": "rahasia-uji-123"})
    for _ in range(2):
        assert client.post("/admin/verifikasi", data={"code": "123456"}).status_code == 401
    locked = client.post("/admin/verifikasi", data={"code": "123456"})
    assert locked.status_code == 302 and locked.headers["Location"].endswith("/admin/login")
    assert _user(app, user.id).is_locked()
    again = client.post("/admin/login", data={"email": user.email, "password": "rahasia-uji-123"})
    assert again.status_code == 401 and "Akun terkunci sementara" in again.get_data(as_text=True)
    assert "auth.lockout" in _actions(app)


def test_code_page_without_password_step_or_after_expiry(app, client, make_user, auth):
    assert client.get("/admin/verifikasi").headers["Location"].endswith("/admin/login")
    user = make_user("wbs")
    with freeze_time(datetime.now(UTC)) as frozen:
        auth.login(user.email)
        assert client.get("/admin/verifikasi/daftar").status_code == 200
        frozen.tick(timedelta(minutes=11))
        response = client.get("/admin/verifikasi/daftar")
        assert response.status_code == 302 and response.headers["Location"].endswith("/admin/login")


def test_session_of_a_user_who_gains_the_wbs_role_must_pass_totp(app, client, login_as, make_user):
    editor = login_as("editor")
    assert client.get("/admin/").status_code == 200
    with app.app_context():  # the command-line grant (an admin's request needs a second admin's approval)
        role_grants.grant_directly(db.session, db.session.get(User, editor.id), "wbs")
        db.session.commit()
    response = client.get("/admin/wbs")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]
    assert client.get("/admin/").status_code == 302  # logged out, not half-in


def test_optional_totp_for_other_roles_is_asked_once_enrolled(app, client, make_user, auth):
    user = make_user("dumas")
    assert auth.login(user.email).headers["Location"].endswith("/admin/")  # no TOTP needed
    auth.logout()
    with app.app_context():
        db.session.get(User, user.id).totp_secret = pyotp.random_base32()
        db.session.commit()
    assert auth.login(user.email).headers["Location"].endswith("/admin/verifikasi")


def test_reset_totp_command(app, make_user):
    user = make_user("wbs")
    with app.app_context():
        db.session.get(User, user.id).totp_secret = pyotp.random_base32()
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["reset-totp", user.email])
    assert result.exit_code == 0 and "dihapus" in result.output
    assert _user(app, user.id).totp_secret is None
    assert "auth.totp_reset" in _actions(app)
    missing = app.test_cli_runner().invoke(args=["reset-totp", "tidak-ada@uji.example"])
    assert missing.exit_code != 0


def test_matching_step_accepts_one_step_either_side():
    secret = pyotp.random_base32()
    now = datetime(2026, 5, 1, 3, 0, 15, tzinfo=UTC)
    step = int(now.timestamp()) // 30
    totp = pyotp.TOTP(secret)
    assert two_factor.matching_step(secret, totp.at(now), now=now) == step
    assert two_factor.matching_step(secret, totp.at(now - timedelta(seconds=30)), now=now) == step - 1
    assert two_factor.matching_step(secret, totp.at(now + timedelta(seconds=30)), now=now) == step + 1
    assert two_factor.matching_step(secret, totp.at(now - timedelta(seconds=90)), now=now) is None
    assert two_factor.matching_step(secret, "12 34 5", now=now) is None
    assert two_factor.matching_step(secret, "abcdef", now=now) is None
