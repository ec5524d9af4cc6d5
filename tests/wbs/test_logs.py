"""Issue 10 A6/A7: WBS pages send no Referer onward, no log line ties a client address to a WBS page, and the
WBS rate-limit key rests on a random secret that is never on disk."""
from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
import uuid
from datetime import date
from pathlib import Path

import pytest

from portal.wbs import limiter_key
from tests.conftest import make_test_config
from tests.wbs.gunicorn_log import access_lines

IP = "203.0.113.77"
UA = "Mozilla/5.0 (Linux; Android 14; KANARI-PHONE-9) Mobile"
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("path", ["/wbs", "/wbs/lapor", "/wbs/lacak", "/wbs/rekap", "/wbs/tidak-ada",
                                  "/admin/wbs", "/admin/wbs/1"])
def test_wbs_pages_send_no_referrer(client, path):
    response = client.get(path)
    assert response.headers["Referrer-Policy"] == "no-referrer", (path, response.status_code)


def test_other_pages_keep_same_origin(client):
    assert client.get("/").headers["Referrer-Policy"] == "same-origin"


def _gunicorn_lines(records: list[dict]) -> list[str]:
    return access_lines(records, ip=IP, ua=UA)


def test_gunicorn_access_filter_drops_every_line_tied_to_a_wbs_page(app):
    lines = _gunicorn_lines([
        {"path": "/wbs/lapor"}, {"path": "//wbs/lacak"}, {"path": "/admin/wbs/3"},
        {"path": "/static/css/portal.css", "referer": "https://portal.example/wbs/lapor"},
        {"path": "/static/js/portal.js", "referer": "https://portal.example/admin/wbs"},
        {"path": "/static/css/portal.css", "referer": "https://portal.example/pengaduan"},
        {"path": "/healthz"},
    ])
    assert len(lines) == 2, lines
    assert all(IP in line for line in lines)  # other requests keep the usual access log
    assert "/pengaduan" in lines[0] and "/healthz" in lines[1]
    assert not any("wbs" in line for line in lines)


def test_app_log_records_never_put_an_address_next_to_a_wbs_path(app, caplog):
    caplog.set_level(logging.INFO)
    with app.test_request_context("/wbs/lapor", environ_base={"REMOTE_ADDR": IP}):
        logging.getLogger("portal.wbs").warning("upload from %s refused", IP)
        logging.getLogger("flask-limiter").info(
            "ratelimit 10 per hour (%s) exceeded at endpoint: wbs.report", IP)
        app.logger.error("Unhandled error for %s", "2001:db8::7")
    with app.test_request_context("/static/css/portal.css", headers={"Referer": "http://localhost/wbs/lacak"},
                                  environ_base={"REMOTE_ADDR": IP}):
        logging.getLogger("portal").warning("static for %s", IP)
    logging.getLogger("portal.other").warning("client %s asked for /admin/wbs/4", IP)  # outside any request
    logging.getLogger("portal.other").warning("client %s asked for /pengaduan", IP)
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 6, messages
    for message in messages[:5]:
        assert IP not in message and "2001:db8::7" not in message, message
    assert IP in messages[5]  # no WBS page involved: untouched


def test_rate_limit_exceeded_line_on_wbs_has_no_address(app_factory, caplog):
    app = app_factory(RATELIMIT_ENABLED=True, WBS_RECEIPT_RATE_LIMIT="1 per minute",
                      RATELIMIT_KEY_PREFIX=f"t-{uuid.uuid4().hex[:8]}")
    caplog.set_level(logging.DEBUG)
    client = app.test_client()
    codes = [client.post("/wbs/lacak", data={"receipt": "1111-2222-3333-4444"},
                         environ_base={"REMOTE_ADDR": IP}).status_code for _ in range(3)]
    assert 429 in codes
    assert not [r.getMessage() for r in caplog.records if IP in r.getMessage()]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_real_gunicorn_access_log_has_no_line_tied_to_wbs(tmp_path):
    """gunicorn with its default access-log format (address, request, Referer, user agent) in front of the
    app: a WBS page, its static files (Referer = the WBS page), then other pages."""
    config = make_test_config(tmp_path, None)
    module = tmp_path / "wsgi_under_test.py"
    module.write_text(textwrap.dedent(f"""
        from portal import create_app
        from portal.extensions import db
        app = create_app({config!r})
        with app.app_context():
            db.create_all()
    """))
    port, access_log = _free_port(), tmp_path / "access.log"
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{tmp_path}"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "--access-logfile", str(access_log), "--error-logfile", str(tmp_path / "error.log"),
         "--chdir", str(tmp_path), "wsgi_under_test:app"], env=env, cwd=tmp_path)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        wbs_page = urllib.request.urlopen(
            urllib.request.Request(base + "/wbs/lapor", headers={"User-Agent": UA}))
        assert wbs_page.headers["Referrer-Policy"] == "no-referrer"
        wbs_page.read()
        for path, referer in (("/static/css/portal.css", base + "/wbs/lapor"), ("/wbs/lacak", ""),
                              ("/static/css/portal.css", base + "/admin/wbs/1"), ("/", "")):
            headers = {"User-Agent": UA, **({"Referer": referer} if referer else {})}
            try:
                urllib.request.urlopen(urllib.request.Request(base + path, headers=headers)).read()
            except urllib.error.HTTPError:
                pass
    finally:
        proc.terminate()
        proc.wait(10)
    lines = access_log.read_text().splitlines()
    assert any('"GET / HTTP/1.1"' in line and "127.0.0.1" in line for line in lines), lines  # the log works
    for line in lines:
        assert "wbs" not in line.lower(), line
        if "/static/" in line:
            raise AssertionError(f"a static file loaded by a WBS page was logged: {line}")


# --- A7: the limiter key ----------------------------------------------------------------------------------

def _key(app, address: str = IP) -> str:
    with app.test_request_context("/wbs/lacak", environ_base={"REMOTE_ADDR": address}):
        return limiter_key()


def test_limiter_key_does_not_come_from_the_wbs_key(app_factory, tmp_path):
    from portal.wbs.crypto import generate_master_key

    master = generate_master_key()
    one = app_factory(WBS_KEY=master)
    other = app_factory(WBS_KEY=master)
    assert _key(one) == _key(one) and _key(one) != _key(one, "203.0.113.78")
    assert _key(one) != _key(other)  # same master key, unrelated limiter keys
    assert IP not in _key(one)
    secret = one.extensions["portal_wbs_limiter_keys"].secret(date.today())
    for path in Path(one.instance_path).rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert secret not in data and secret.hex().encode() not in data, path


def test_limiter_secret_is_shared_through_redis_with_an_expiry(app_factory):
    import redis

    client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = f"test-{uuid.uuid4().hex[:10]}"
    try:
        one = app_factory(RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/0", RATELIMIT_KEY_PREFIX=prefix)
        two = app_factory(RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/0", RATELIMIT_KEY_PREFIX=prefix)
        apart = app_factory(RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/0",
                            RATELIMIT_KEY_PREFIX=prefix + "x")
        assert _key(one) == _key(two)  # every worker and server on that Redis counts one address together
        assert _key(one) != _key(apart)
        names = [n.decode() for n in client.scan_iter(f"{prefix}:wbs-limiter-secret:*")]
        assert len(names) == 1 and 0 < client.ttl(names[0]) <= 2 * 24 * 3600
        secret = client.get(names[0])
        assert len(secret) == 32
        for path in Path(one.instance_path).rglob("*"):
            if path.is_file():
                assert secret not in path.read_bytes(), path
    finally:
        for name in client.scan_iter(f"{prefix}*"):
            client.delete(name)


def test_wbs_forms_work_over_https_without_a_referer(app_factory, monkeypatch):
    """With no-referrer, a browser posts WBS forms without Referer (Origin: null): Flask-WTF's strict Referer
    check would refuse them; the same-origin check takes Sec-Fetch-Site / Origin / Referer instead."""
    from tests.security_helpers import csrf_token

    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("PORTAL_BASE_URL", "https://portal.example")
    app = app_factory(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    https = {"base_url": "https://portal.example"}
    token = csrf_token(client.get("/wbs/lacak", **https).get_data(as_text=True))
    data = {"receipt": "1111-2222-3333-4444", "csrf_token": token}
    no_referer = client.post("/wbs/lacak", data=data, headers={"Origin": "null"}, **https)
    assert no_referer.status_code == 403  # past the CSRF checks: an unknown receipt
    modern = client.post("/wbs/lacak", data=data,
                         headers={"Sec-Fetch-Site": "same-origin", "Origin": "null"}, **https)
    assert modern.status_code == 403
    for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"},
                    {"Referer": "https://evil.example/wbs/lacak"}):
        assert client.post("/wbs/lacak", data=data, headers=headers, **https).status_code == 400, headers
    login = csrf_token(client.get("/admin/login", **https).get_data(as_text=True))
    form = {"email": "x@uji.example", "password": "salah", "csrf_token": login}
    assert client.post("/admin/login", data=form, **https).status_code == 400  # no evidence of origin at all
    ok = client.post("/admin/login", data=form, headers={"Origin": "https://portal.example"}, **https)
    assert ok.status_code == 401  # past the CSRF checks: "wrong password"
