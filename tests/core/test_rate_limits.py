"""Every public POST and every code/receipt/log-in check is rate-limited, on the in-memory storage and on this
machine's Redis (the production storage). The routes are enumerated from the URL map: a new public POST route
without a limit fails here.

Limits of single features are tested in their own files (log-in: tests/accounts/test_auth.py, also through
Redis; DUMAS per-number tracking: tests/dumas/test_public.py; WBS receipts: tests/wbs/test_reporter.py; SKM:
tests/survey/test_skm.py). This file checks that none is missing and that all of them work on Redis."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from portal.config import settings_from_env
from portal.extensions import limiter
from tests.security_helpers import public_rules

LOW = 3  # each limit set to LOW per minute: the request LOW + 1 is refused
REDIS_URI = os.environ.get("PORTAL_TEST_REDIS", "redis://127.0.0.1:6379/13")  # db 13: the tests' own

# What a guesser would send to each check (anything not listed gets an empty POST, which the limit counts
# too).
WRONG = {
    "dumas.track": {"number": "ADU-2026-00001", "code": "ABCD-EFGH-JKLM"},
    "dumas.add_info": {"number": "ADU-2026-00001", "code": "ABCD-EFGH-JKLM", "text": "tambahan"},
    "wbs.track": {"receipt": "1234-5678-9012-3456"},
    "wbs.reply": {"receipt": "1234-5678-9012-3456", "body": "halo"},
    "wbs.download": {"receipt": "1234-5678-9012-3456", "attachment_id": "1"},
    "auth.login": {"email": "siapa@uji.example", "password": "salah-sekali-123"},
    "auth.two_factor": {"code": "000000"},
    "auth.two_factor_enrol": {"code": "000000"},
}


def rate_limit_keys() -> list[str]:
    keys = [k for k in settings_from_env(Path("/nonexistent-instance-not-read")) if k.endswith("_RATE_LIMIT")]
    return sorted(keys)


def low_limits() -> dict[str, str]:
    return {key: f"{LOW} per minute" for key in rate_limit_keys()}


def _redis_or_skip():
    import redis

    server = redis.Redis.from_url(REDIS_URI, socket_connect_timeout=1)
    try:
        server.ping()
    except redis.exceptions.RedisError as err:
        reason = f"Redis at {REDIS_URI} unreachable ({err})"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run the rate-limit tests on Redis")
        print(f"\nSKIP: {reason}")
        pytest.skip(reason)
    return server


@pytest.fixture(params=["memory", "redis"])
def storage(request, monkeypatch):
    """(config overrides, redis client or None, key prefix). The Redis keys get a unique prefix; only those
    keys are deleted afterwards."""
    prefix = f"portal-ratetest-{uuid.uuid4().hex[:12]}"
    monkeypatch.setattr(limiter, "_key_prefix", "")  # the limiter keeps the first prefix it was given
    if request.param == "memory":
        yield {"RATELIMIT_STORAGE_URI": "memory://", "RATELIMIT_KEY_PREFIX": prefix}, None, prefix
        return
    server = _redis_or_skip()
    try:
        yield {"RATELIMIT_STORAGE_URI": REDIS_URI, "RATELIMIT_KEY_PREFIX": prefix,
               # no silent fallback: a Redis error must fail the test, not count in memory
               "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": False}, server, prefix
    finally:
        for key in server.scan_iter(match=f"*{prefix}*"):
            server.delete(key)
        server.close()


def _exercise(client, method: str, path: str, data: dict | None = None) -> list[int]:
    statuses = []
    for _ in range(LOW + 3):
        response = client.open(path, method=method, data=data or {})
        statuses.append(response.status_code)
        if response.status_code == 429:
            html = response.get_data(as_text=True)
            assert "Terlalu banyak permintaan" in html, path
            assert "Retry-After" in response.headers, path
            break
    return statuses


def test_every_public_post_and_code_check_is_limited(app_factory, storage):
    config, server, prefix = storage
    app = app_factory(RATELIMIT_ENABLED=True, LOGIN_MAX_FAILURES=1000, **config, **low_limits())
    rules = public_rules(app, "POST")
    assert len(rules) >= 11, [r.rule for r in rules]
    unlimited = {}
    for rule in rules:
        assert not rule.arguments, f"{rule.rule}: give it sample values for its arguments"
        # a fresh namespace for each route: the counts of one route never help another reach 429
        limiter._key_prefix = f"{prefix}:{rule.endpoint}"
        statuses = _exercise(app.test_client(), "POST", rule.rule, WRONG.get(rule.endpoint))
        if statuses[-1] != 429 or len(statuses) > LOW + 1:
            unlimited[rule.rule] = statuses
    assert not unlimited, f"public POST routes without a working rate limit: {unlimited}"
    if server is not None:  # the counts really lived in Redis
        keys = {k.decode() for k in server.scan_iter(match=f"*{prefix}*")}
        for rule in rules:
            assert any(f"{prefix}:{rule.endpoint}" in k for k in keys), f"no Redis key for {rule.rule}"


def test_survey_token_check_is_limited(app_factory, storage):
    """Opening the questionnaire with a QR token checks the token: a code check, limited even on GET;
    the plain questionnaire (no token) is not limited."""
    from tests.security_helpers import seed

    config, server, prefix = storage
    app = app_factory(RATELIMIT_ENABLED=True, **config, **low_limits())
    seeded = seed(app)
    client = app.test_client()
    limiter._key_prefix = prefix
    for _ in range(LOW + 2):
        assert client.get(f"/survei?layanan={seeded.survey_slug}").status_code == 200
    statuses = [client.get(f"/survei?layanan={seeded.survey_slug}&t=tebakan{i}").status_code
                for i in range(LOW + 1)]
    assert statuses == [409] * LOW + [429]
    if server is not None:
        assert any(True for _ in server.scan_iter(match=f"*{prefix}*"))


def test_limits_are_per_client_address(app_factory, storage):
    """One address using up its quota does not lock out another (same route, fresh counters)."""
    config, _server, prefix = storage
    app = app_factory(RATELIMIT_ENABLED=True, **config, **low_limits())
    limiter._key_prefix = prefix
    first = app.test_client()
    assert _exercise(first, "POST", "/pengaduan")[-1] == 429
    other = app.test_client()
    response = other.post("/pengaduan", data={}, environ_base={"REMOTE_ADDR": "10.9.8.7"})
    assert response.status_code == 422


def test_every_rate_limit_setting_is_configurable_from_the_environment(monkeypatch, tmp_path):
    for key in rate_limit_keys():
        monkeypatch.setenv("PORTAL_" + key, "7 per hour")
    settings = settings_from_env(tmp_path)
    assert {settings[k] for k in rate_limit_keys()} == {"7 per hour"}


def test_production_settings_default_to_redis(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_ENV", "production")
    for name in ("PORTAL_RATELIMIT_STORAGE", "PORTAL_RATELIMIT_ENABLED"):
        monkeypatch.delenv(name, raising=False)
    settings = settings_from_env(tmp_path)
    assert settings["RATELIMIT_STORAGE_URI"].startswith("redis://")
    assert settings["RATELIMIT_ENABLED"] is True
    monkeypatch.setenv("PORTAL_ENV", "development")
    assert settings_from_env(tmp_path)["RATELIMIT_STORAGE_URI"] == "memory://"


def test_production_app_uses_redis_storage(monkeypatch, tmp_path):
    """create_app under PORTAL_ENV=production binds the limiter to Redis (no test override of the storage)."""
    from limits.storage import RedisStorage

    from portal import create_app

    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.delenv("PORTAL_RATELIMIT_STORAGE", raising=False)
    monkeypatch.setattr(limiter, "_key_prefix", "")
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "INSTANCE_PATH": str(tmp_path / "instance"),
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}",
                      "UPLOAD_FOLDER": str(tmp_path / "uploads")})
    assert app.config["RATELIMIT_STORAGE_URI"].startswith("redis://")
    assert isinstance(limiter.storage, RedisStorage)
    assert limiter.enabled
