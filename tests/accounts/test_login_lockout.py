"""Log-in lockout gaps (issue 10 C1-C3): TOTP failures counted apart from password failures, parallel wrong
passwords reserved atomically before the hash check, and unknown addresses indistinguishable from accounts."""
from __future__ import annotations

import re
import threading
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from freezegun import freeze_time
from sqlalchemy import select

from portal.accounts import service as accounts
from portal.accounts.models import User
from portal.core.models.audit import AuditLog
from portal.extensions import db
from tests.conftest import PASSWORD


def _fresh(app, user_id) -> User:
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
        return user


def _with_secret(app, user) -> str:
    secret = pyotp.random_base32()
    with app.app_context():
        db.session.get(User, user.id).totp_secret = secret
        db.session.commit()
    return secret


def _wrong_code(secret: str, moment: datetime) -> str:
    """A six-digit code that matches none of the three accepted time steps."""
    totp = pyotp.TOTP(secret)
    step = int(moment.timestamp()) // 30
    valid = {totp.at((step + d) * 30) for d in (-1, 0, 1)}
    return next(c for c in ("123456", "654321", "111111", "222222") if c not in valid)


def _password_step(client, email, password=PASSWORD):
    return client.post("/admin/login", data={"email": email, "password": password})


# --- C1: TOTP failures -------------------------------------------------------------------------------------

def test_wrong_totp_codes_over_several_password_rounds_lock_the_account(app_factory, make_user):
    """12 wrong codes over 3 rounds of (right password -> 4 wrong codes): the right password between the
    rounds must not reset the TOTP counter; the 5th wrong code locks, and then the right code is refused."""
    app = app_factory(LOGIN_MAX_FAILURES=5, LOGIN_LOCKOUT_MINUTES=15)
    user = make_user("wbs")
    secret = _with_secret(app, user)
    start = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
    with freeze_time(start) as frozen:
        outcomes, waiting = [], None
        for round_no in range(3):
            client = app.test_client()
            step = _password_step(client, user.email)
            outcomes.append(("password", step.status_code))
            if step.status_code != 302:
                continue
            assert step.headers["Location"].endswith("/admin/verifikasi")
            if round_no == 1:  # a second browser half-way through the log-in before the lock
                waiting = app.test_client()
                assert _password_step(waiting, user.email).status_code == 302
            for _ in range(4):
                frozen.tick(timedelta(seconds=1))
                response = client.post("/admin/verifikasi", data={"code": _wrong_code(secret, frozen())})
                outcomes.append(("code", response.status_code))
                if response.status_code == 302:  # locked: sent back to the log-in page
                    break
            if round_no == 0:
                assert _fresh(app, user.id).totp_failures == 4
        assert _fresh(app, user.id).is_locked(), outcomes
        # round 1: 4 x 401; round 2: password ok, 5th wrong code locks (302 to log-in); round 3: refused
        assert outcomes == [("password", 302)] + [("code", 401)] * 4 + [("password", 302), ("code", 302),
                                                                         ("password", 401)]
        again = _password_step(app.test_client(), user.email)
        assert again.status_code == 401 and "Akun terkunci sementara" in again.get_data(as_text=True)
        right = waiting.post("/admin/verifikasi", data={"code": pyotp.TOTP(secret).at(frozen())})
        assert right.status_code == 302 and right.headers["Location"].endswith("/admin/login")
        assert waiting.get("/admin/wbs").status_code == 302  # not logged in

        frozen.tick(timedelta(minutes=16))  # the lock has passed: password and the right code work again
        client = app.test_client()
        assert _password_step(client, user.email).status_code == 302
        ok = client.post("/admin/verifikasi", data={"code": pyotp.TOTP(secret).at(frozen())})
        assert ok.status_code == 302 and ok.headers["Location"].endswith("/admin/")
        assert client.get("/admin/wbs").status_code == 200
    assert _fresh(app, user.id).totp_failures == 0


def test_only_a_correct_code_resets_the_totp_counter(app_factory, make_user):
    app = app_factory(LOGIN_MAX_FAILURES=5)
    user = make_user("admin")
    secret = _with_secret(app, user)
    with freeze_time(datetime(2026, 3, 2, 2, 0, tzinfo=UTC)) as frozen:
        client = app.test_client()
        _password_step(client, user.email)
        for _ in range(3):
            assert client.post("/admin/verifikasi",
                               data={"code": _wrong_code(secret, frozen())}).status_code == 401
        assert _password_step(app.test_client(), user.email).status_code == 302
        fresh = _fresh(app, user.id)
        assert fresh.totp_failures == 3 and fresh.failed_logins == 0  # password ok: its own counter only
        assert client.post("/admin/verifikasi",
                           data={"code": pyotp.TOTP(secret).at(frozen())}).status_code == 302
    assert _fresh(app, user.id).totp_failures == 0


def test_totp_limit_has_its_own_setting(app_factory, make_user):
    app = app_factory(LOGIN_MAX_FAILURES=5, LOGIN_TOTP_MAX_FAILURES=2)
    user = make_user("wbs")
    secret = _with_secret(app, user)
    client = app.test_client()
    _password_step(client, user.email)
    now = datetime.now(UTC)
    assert client.post("/admin/verifikasi", data={"code": _wrong_code(secret, now)}).status_code == 401
    locked = client.post("/admin/verifikasi", data={"code": _wrong_code(secret, now)})
    assert locked.status_code == 302 and _fresh(app, user.id).is_locked()


# --- C2: parallel wrong passwords --------------------------------------------------------------------------

def test_simultaneous_wrong_passwords_cannot_slip_past_the_lockout(app_factory, make_user, monkeypatch):
    """24 wrong passwords at once, each from its own client (own app context and DB session): at most 5 are
    checked against the account's hash, and the account ends up locked."""
    app = app_factory(LOGIN_MAX_FAILURES=5, LOGIN_LOCKOUT_MINUTES=15)
    user = make_user("dumas")
    with app.app_context():
        real_hash = db.session.get(User, user.id).password_hash
    evaluated, lock = [], threading.Lock()
    original = accounts.verify_password

    def counting_verify(stored_hash, password):
        if stored_hash == real_hash:
            with lock:
                evaluated.append(password)
            threading.Event().wait(0.05)  # a slow hash widens the window in which parallel requests overlap
        return original(stored_hash, password)

    monkeypatch.setattr(accounts, "verify_password", counting_verify)
    n = 24
    barrier = threading.Barrier(n)
    statuses, errors = [], []

    def attempt(i):
        client = app.test_client()
        try:
            barrier.wait(timeout=10)
            response = _password_step(client, user.email, f"salah-sandi-{i:02d}")
            with lock:
                statuses.append(response.status_code)
        except Exception as exc:  # noqa: BLE001 - reported below
            with lock:
                errors.append(repr(exc))

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert statuses == [401] * n
    assert 1 <= len(evaluated) <= 5, f"{len(evaluated)} wrong passwords evaluated against a limit of 5"
    assert _fresh(app, user.id).is_locked()
    right = _password_step(app.test_client(), user.email)
    assert right.status_code == 401 and "Akun terkunci sementara" in right.get_data(as_text=True)


def test_a_correct_password_resets_the_reserved_count(app_factory, make_user):
    app = app_factory(LOGIN_MAX_FAILURES=3)
    user = make_user("editor")
    client = app.test_client()
    for password in ["salah-1-xxxx", "salah-2-xxxx"]:
        assert _password_step(client, user.email, password).status_code == 401
    assert _fresh(app, user.id).failed_logins == 2
    assert _password_step(client, user.email).status_code == 302
    assert _fresh(app, user.id).failed_logins == 0


# --- C3: unknown addresses look like accounts --------------------------------------------------------------

def _normalised(response, email: str) -> tuple:
    body = response.get_data(as_text=True).replace(email, "EMAIL")
    body = re.sub(r'(name="csrf_token" type="hidden" value=")[^"]+"', r'\1TOKEN"', body)
    cookies = sorted(re.sub(r"^([^=]+)=[^;]*", r"\1=VALUE", c)
                     for c in response.headers.getlist("Set-Cookie"))
    headers = sorted((k, v) for k, v in response.headers.items()
                     if k.lower() not in ("set-cookie", "content-length"))
    return response.status_code, body, cookies, headers


def _attempts_with_csrf(app, email: str, passwords: list[str]) -> list:
    client = app.test_client()
    out = []
    for password in passwords:
        html = client.get("/admin/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
        out.append(client.post("/admin/login",
                               data={"email": email, "password": password, "csrf_token": token}))
    return out


def test_locked_account_and_unknown_address_answer_identically(app_factory, make_user):
    app = app_factory(LOGIN_MAX_FAILURES=5, WTF_CSRF_ENABLED=True)
    user = make_user("dumas", email="petugas.nyata@uji.example")
    unknown = "petugas.palsu@uji.example"
    wrong = [f"salah-sandi-{i}" for i in range(5)]
    with freeze_time(datetime(2026, 3, 2, 3, 0, tzinfo=UTC)):
        known = _attempts_with_csrf(app, user.email, wrong + [PASSWORD, "lagi-salah-1"])
        ghost = _attempts_with_csrf(app, unknown, wrong + [PASSWORD, "lagi-salah-1"])
        assert _fresh(app, user.id).is_locked()
    for i, (a, b) in enumerate(zip(known, ghost, strict=True)):
        assert _normalised(a, user.email) == _normalised(b, unknown), f"attempt {i + 1} differs"
    texts = [r.get_data(as_text=True) for r in ghost]
    assert all("E-mail atau kata sandi salah." in t for t in texts[:4])
    assert all("Akun terkunci sementara" in t for t in texts[4:])  # the unknown address "locked" too
    # the unknown address is not stored in clear, neither in the counter table nor in the audit log
    from portal.accounts.models import LoginFailure  # here: the other tests also run against older code

    with app.app_context():
        rows = db.session.scalars(select(LoginFailure)).all()
        assert len(rows) == 1 and unknown not in rows[0].key and re.fullmatch(r"[0-9a-f]{64}", rows[0].key)
        details = " ".join(db.session.scalars(select(AuditLog.detail)))
        assert unknown not in details and "palsu" not in details


def test_unknown_address_lock_passes_like_an_account_lock(app_factory):
    app = app_factory(LOGIN_MAX_FAILURES=2, LOGIN_LOCKOUT_MINUTES=15)
    client = app.test_client()
    email = "tidak.ada@uji.example"
    with freeze_time(datetime(2026, 3, 2, 4, 0, tzinfo=UTC)) as frozen:
        texts = [_password_step(client, email, "salah-sandi-x").get_data(as_text=True) for _ in range(3)]
        assert "E-mail atau kata sandi salah." in texts[0]
        assert "Akun terkunci sementara" in texts[1] and "Akun terkunci sementara" in texts[2]
        frozen.tick(timedelta(minutes=16))
        page = _password_step(client, email, "salah").get_data(as_text=True)
        assert "E-mail atau kata sandi salah." in page


class _CountingHasher:
    def __init__(self, inner):
        self.inner, self.verify_calls = inner, 0

    def verify(self, stored_hash, password):
        self.verify_calls += 1
        return self.inner.verify(stored_hash, password)

    def __getattr__(self, name):
        return getattr(self.inner, name)


@pytest.mark.parametrize("case", ["known-wrong", "known-locked", "unknown", "unknown-locked", "known-right"])
def test_exactly_one_hash_verification_on_every_path(app_factory, make_user, monkeypatch, case):
    """Comparable time without timing: one argon2 verification whether the address exists, is locked or
    not."""
    app = app_factory(LOGIN_MAX_FAILURES=2)
    user = make_user("dumas")
    email = user.email if case.startswith("known") else "siapa.saja@uji.example"
    client = app.test_client()
    if case.endswith("locked"):
        for _ in range(2):
            _password_step(client, email, "salah-sandi-x")
    hasher = _CountingHasher(accounts._hasher)
    monkeypatch.setattr(accounts, "_hasher", hasher)
    response = _password_step(client, email, PASSWORD if case == "known-right" else "salah-sandi-y")
    assert response.status_code == (302 if case == "known-right" else 401)
    assert hasher.verify_calls == 1
