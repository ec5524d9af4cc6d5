"""Staff log-in: passwords, lockout, rate limit (memory and Redis), CSRF, session replay, open redirects."""
from __future__ import annotations

import re
import uuid
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from portal.accounts.models import User
from portal.core.models.audit import AuditLog
from portal.extensions import db, limiter
from tests.conftest import PASSWORD

REDIS_URI = "redis://127.0.0.1:6379/15"


def _actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditLog.action).order_by(AuditLog.id)))


def _location_path(response) -> str:
    parts = urlsplit(response.headers["Location"])
    assert parts.netloc in ("", "localhost"), response.headers["Location"]
    return parts.path


def _csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the form"
    return match.group(1)


def test_login_page_is_indonesian_form(client):
    html = client.get("/admin/login").get_data(as_text=True)
    assert "Masuk petugas" in html
    assert 'autocomplete="current-password"' in html


def test_login_ok_redirects_to_dashboard_and_is_audited(app, client, make_user, auth):
    user = make_user("dumas", name="Sari")
    response = auth.login(user.email)
    assert response.status_code == 302
    assert _location_path(response) == "/admin/"
    html = client.get("/admin/").get_data(as_text=True)
    assert "Selamat datang, Sari." in html
    with app.app_context():
        row = db.session.scalar(select(AuditLog).where(AuditLog.action == "auth.login"))
        assert row.user_id == user.id and row.object_type == "users" and row.object_id == str(user.id)
        assert db.session.get(User, user.id).last_login_at is not None


def test_login_email_is_case_insensitive(client, make_user, auth):
    make_user("editor", email="Editor.Satu@uji.example")
    assert auth.login("EDITOR.SATU@uji.example").status_code == 302


def test_wrong_password_is_refused_with_indonesian_message(app, client, make_user, auth):
    user = make_user("dumas")
    response = auth.login(user.email, "salah-sama-sekali")
    assert response.status_code == 401
    assert "E-mail atau kata sandi salah." in response.get_data(as_text=True)
    assert client.get("/admin/").status_code == 302  # still anonymous
    with app.app_context():
        row = db.session.scalar(select(AuditLog).where(AuditLog.action == "auth.login_failed"))
        assert row.user_id is None and row.object_id == str(user.id)
        assert db.session.get(User, user.id).failed_logins == 1


def test_unknown_email_gets_the_same_message(app, client, auth):
    response = auth.login("tidak-ada@uji.example", "apa-saja-123")
    assert response.status_code == 401
    assert "E-mail atau kata sandi salah." in response.get_data(as_text=True)
    assert _actions(app) == ["auth.login_failed"]


def test_empty_form_is_a_clear_400(client):
    response = client.post("/admin/login", data={"email": "", "password": ""})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "E-mail wajib diisi." in html and "Kata sandi wajib diisi." in html


def test_wrong_passwords_lock_the_account_until_the_lock_passes(app_factory, make_user):
    app = app_factory(LOGIN_MAX_FAILURES=3, LOGIN_LOCKOUT_MINUTES=15)
    client = app.test_client()
    user = make_user("dumas")  # a role without TOTP: the password step alone logs in

    def login(password):
        return client.post("/admin/login", data={"email": user.email, "password": password})

    with freeze_time("2026-03-02 01:00:00") as frozen:
        for _ in range(2):
            response = login("bukan-sandinya")
            assert response.status_code == 401
            assert "E-mail atau kata sandi salah." in response.get_data(as_text=True)
        response = login("bukan-sandinya")  # the third wrong password locks
        assert response.status_code == 401
        assert "Akun terkunci sementara" in response.get_data(as_text=True)

        response = login(PASSWORD)  # even the right password is refused while locked
        assert response.status_code == 401
        assert "Akun terkunci sementara" in response.get_data(as_text=True)

        frozen.tick(timedelta(minutes=14))
        assert login(PASSWORD).status_code == 401

        frozen.tick(timedelta(minutes=2))
        response = login(PASSWORD)
        assert response.status_code == 302
        assert _location_path(response) == "/admin/"

    assert _actions(app) == [
        "user.create", "auth.login_failed", "auth.login_failed", "auth.lockout",
        "auth.login_locked", "auth.login_locked", "auth.login",
    ]
    with app.app_context():
        fresh = db.session.get(User, user.id)
        assert fresh.failed_logins == 0 and fresh.locked_until is None


def test_successful_login_resets_the_failure_count(app_factory, make_user):
    app = app_factory(LOGIN_MAX_FAILURES=3)
    client = app.test_client()
    user = make_user("editor")
    for password in ["salah-1-xxxx", "salah-2-xxxx", PASSWORD]:
        client.post("/admin/login", data={"email": user.email, "password": password})
    client.post("/admin/logout")
    for password in ["salah-3-xxxx", "salah-4-xxxx"]:
        response = client.post("/admin/login", data={"email": user.email, "password": password})
        assert response.status_code == 401 and "terkunci" not in response.get_data(as_text=True)


def test_login_rate_limit_gives_429_in_indonesian(app_factory, make_user):
    app = app_factory(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute", LOGIN_MAX_FAILURES=50)
    client = app.test_client()
    user = make_user("dumas")
    for _ in range(3):
        assert client.post("/admin/login",
                           data={"email": user.email, "password": "x-salah-123"}).status_code == 401
    response = client.post("/admin/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert "Terlalu banyak permintaan. Silakan tunggu sebentar lalu coba lagi." in html
    assert "Retry-After" in response.headers
    assert client.get("/admin/login").status_code == 200  # only POSTs are limited


def test_login_rate_limit_is_shared_through_redis(app_factory, make_user, monkeypatch):
    """Counts live in Redis, not in the process: a second app ("worker") sees the first one's hits."""
    import redis

    server = redis.Redis.from_url(REDIS_URI, socket_connect_timeout=1)
    try:
        server.ping()
    except redis.exceptions.RedisError as err:
        reason = f"Redis at {REDIS_URI} unreachable ({err}); shared rate-limit storage not tested"
        print(reason)
        pytest.skip(reason)
    prefix = f"portal-test-{uuid.uuid4().hex[:12]}"  # our own namespace: parallel runs never collide
    config = {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": REDIS_URI, "RATELIMIT_KEY_PREFIX": prefix,
                  "LOGIN_RATE_LIMIT": "3 per minute", "LOGIN_MAX_FAILURES": 50}
    try:
        monkeypatch.setattr(limiter, "_key_prefix", "")  # the limiter keeps the first prefix it was given
        worker_a = app_factory(**config)
        user = make_user("dumas")
        client_a = worker_a.test_client()
        for _ in range(3):
            response = client_a.post("/admin/login", data={"email": user.email, "password": "x-salah-123"})
            assert response.status_code == 401
        keys = [key.decode() for key in server.scan_iter(match=f"*{prefix}*")]
        assert keys, "no rate-limit key written to Redis"
        assert sum(int(server.get(key)) for key in keys) == 3

        monkeypatch.setattr(limiter, "_key_prefix", "")
        worker_b = app_factory(**config)  # fresh storage connection, no memory shared with worker A
        response = worker_b.test_client().post("/admin/login",
                                               data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 429
        assert "Terlalu banyak permintaan" in response.get_data(as_text=True)
    finally:
        for key in server.scan_iter(match=f"*{prefix}*"):
            server.delete(key)
        server.close()


def test_login_limit_falls_back_to_memory_when_redis_is_down(app_factory, make_user):
    """A dead Redis must not turn every log-in into a 500: the limiter counts in memory meanwhile."""
    app = app_factory(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0",
                      LOGIN_RATE_LIMIT="2 per minute", LOGIN_MAX_FAILURES=50)
    client = app.test_client()
    user = make_user("dumas")
    statuses = [client.post("/admin/login", data={"email": user.email, "password": "x-salah-123"}).status_code
                for _ in range(3)]
    assert statuses == [401, 401, 429]


def test_login_without_csrf_token_is_refused(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.post("/admin/login", data={"email": "siapa@uji.example", "password": "apa-saja-123"})
    assert response.status_code == 400
    assert "Sesi formulir kedaluwarsa atau tidak sah" in response.get_data(as_text=True)
    assert _actions(app) == []  # nothing written, not even a failed-login row


def test_login_with_csrf_token_works(app_factory, make_user):
    app = app_factory(WTF_CSRF_ENABLED=True)
    user = make_user("editor")
    client = app.test_client()
    token = _csrf_token(client.get("/admin/login").get_data(as_text=True))
    response = client.post("/admin/login",
                           data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302


def test_logout_needs_post_and_ends_the_session(client, login_as):
    login_as("editor")
    assert client.get("/admin/logout").status_code == 405
    response = client.post("/admin/logout")
    assert response.status_code == 302 and _location_path(response) == "/admin/login"
    assert client.get("/admin/").status_code == 302


def test_session_cookie_replayed_after_logout_is_refused(app, client, login_as):
    login_as("dumas")
    stolen = client.get_cookie("session").value
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/admin/").status_code == 200  # the copy works while the session lives

    assert client.post("/admin/logout").status_code == 302

    replay = app.test_client()
    replay.set_cookie("session", stolen)
    response = replay.get("/admin/")
    assert response.status_code == 302
    assert _location_path(response) == "/admin/login"


def test_anonymous_admin_request_goes_to_login_with_next(client):
    response = client.get("/admin/pengguna")
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/admin/login" and "next=%2Fadmin%2Fpengguna" in location.query


def test_next_path_on_this_site_is_followed(client, make_user, auth):
    user = make_user("admin")
    response = client.post("/admin/login", query_string={"next": "/admin/pengguna?page=1"},
                           data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    response = auth.second_factor(user.email)  # admin: TOTP step; `next` is kept through it
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/pengguna?page=1"


@pytest.mark.parametrize("target", [
    "//evil.example",
    "//evil.example/admin/",
    "https://evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",
    "/%0a/evil.example".replace("%0a", "\n"),
    "javascript:alert(1)",
    "evil.example",
])
def test_open_redirect_via_next_is_refused(client, make_user, target):
    user = make_user("dumas")
    response = client.post("/admin/login", query_string={"next": target},
                           data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"


def test_password_is_stored_as_argon2id(app, make_user):
    user = make_user("editor")
    with app.app_context():
        stored = db.session.get(User, user.id).password_hash
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_production_hasher_is_memory_hard():
    from argon2 import PasswordHasher

    default = PasswordHasher()
    assert default.memory_cost >= 64 * 1024 and default.time_cost >= 2  # the profile accounts.py uses


def test_logged_in_user_visiting_login_goes_to_dashboard(client, login_as):
    login_as("pimpinan")
    response = client.get("/admin/login")
    assert response.status_code == 302 and _location_path(response) == "/admin/"


def test_failed_logins_do_not_leak_which_accounts_exist(client, make_user, auth):
    user = make_user("dumas")
    known = auth.login(user.email, "salah-salah-1")
    unknown = auth.login("orang-lain@uji.example", "salah-salah-1")
    strip = lambda r: re.sub(r'value="[^"]*"', "", r.get_data(as_text=True))
    assert known.status_code == unknown.status_code == 401
    assert strip(known) == strip(unknown)


def test_audit_rows_for_login_outcomes_count_correctly(app, make_user, auth):
    user = make_user("dumas")
    auth.login(user.email, "salah-salah-1")
    auth.login(user.email)
    with app.app_context():
        counts = dict(db.session.execute(
            select(AuditLog.action, func.count()).group_by(AuditLog.action)).all())
    assert counts == {"user.create": 1, "auth.login_failed": 1, "auth.login": 1}
