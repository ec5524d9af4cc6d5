"""Security headers of every public page (enumerated from the URL map, so a new route is checked without
touching this file), and HSTS plus Secure/HttpOnly/SameSite cookies under the production settings.

See also tests/core/test_foundation.py::test_security_headers_present (the home page only)."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.security_helpers import PUBLIC_ADMIN_FORMS, public_get_paths, public_rules, seed

# Sources a CSP directive may name: keywords and our own origin only (no host, no scheme like https:).
ALLOWED_SOURCES = {"'self'", "'none'", "data:"}
FORM_PAGES = ["/pengaduan", "/pengaduan/lacak", "/wbs/lapor", "/wbs/lacak", "/admin/login"]


def parse_csp(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_strict_headers(response, path: str) -> None:
    csp_header = response.headers.get("Content-Security-Policy")
    assert csp_header, f"{path}: no Content-Security-Policy"
    if response.headers.get("Content-Disposition", "").startswith("attachment") and csp_header.startswith(
            "sandbox"):  # uploaded content (a published PPID document): send_user_file's stricter headers
        assert parse_csp(csp_header).get("default-src") == ["'none'"], (path, csp_header)
        assert response.headers.get("X-Content-Type-Options") == "nosniff", path
        assert response.headers.get("X-Frame-Options") == "DENY", path
        return
    assert "unsafe-inline" not in csp_header and "unsafe-eval" not in csp_header, (path, csp_header)
    csp = parse_csp(csp_header)
    for directive, sources in csp.items():
        foreign = [s for s in sources if s not in ALLOWED_SOURCES]
        assert not foreign, f"{path}: {directive} allows {foreign} (a third-party origin or a wildcard)"
    assert csp.get("default-src") == ["'self'"], (path, csp_header)
    assert csp.get("frame-ancestors") == ["'none'"], (path, csp_header)
    assert csp.get("object-src") == ["'none'"], (path, csp_header)
    assert "script-src" in csp or csp["default-src"] == ["'self'"]
    assert response.headers.get("X-Content-Type-Options") == "nosniff", path
    assert response.headers.get("Referrer-Policy") in ("same-origin", "no-referrer", "strict-origin"), path
    assert response.headers.get("X-Frame-Options") == "DENY", path


def assert_no_foreign_assets(html: str, path: str) -> None:
    """No script, stylesheet, image or frame loaded from another origin (the CSP would block it anyway:
    this catches a template that would break in production)."""
    for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
        for url in re.findall(rf"<{tag}\b[^>]*\s{attr}=\"([^\"]+)\"", html):
            parts = urlsplit(url)
            if tag == "link" and parts.netloc:
                # <link rel="alternate"/"canonical"> may point at our own absolute URL (localhost in tests)
                assert parts.hostname in ("localhost", "127.0.0.1"), f"{path}: <link href={url}>"
                continue
            assert not parts.netloc and not parts.scheme, f"{path}: <{tag} {attr}={url}> from another origin"
    assert "style=\"" not in html, f"{path}: inline style attribute (blocked by the CSP)"
    for body in re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.DOTALL):
        attrs, content = body
        if content.strip():
            assert 'type="application/json"' in attrs, f"{path}: inline <script> (blocked by the CSP)"


@pytest.fixture
def seeded_app(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    return app, seed(app)


def test_every_public_page_sends_strict_headers(seeded_app):
    app, seeded = seeded_app
    client = app.test_client()
    paths = public_get_paths(app, seeded)
    assert {"/", "/pengaduan", "/wbs/lapor", "/survei", "/api/v1/rencana-aksi"} <= set(paths)
    checked = []
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 301, 302), f"{path}: {response.status_code}"
        assert_strict_headers(response, path)
        if response.mimetype == "text/html":
            assert_no_foreign_assets(response.get_data(as_text=True), path)
        checked.append(path)
    # a second visit may be answered from the public page micro-cache (portal/core/perf.py): same headers
    for path in paths:
        again = app.test_client().get(path)
        assert_strict_headers(again, f"{path} (second visit)")
    # the survey questionnaire (a query argument) and the log-in forms too
    for path in [f"/survei?layanan={seeded.survey_slug}", "/admin/login"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_strict_headers(response, path)
        assert_no_foreign_assets(response.get_data(as_text=True), path)
    print(f"\nsecurity headers checked on {len(checked) + 2} public pages")


def test_error_pages_and_json_errors_carry_the_headers_too(client):
    for path in ["/tidak-ada", "/api/v1/tidak-ada", "/rekap/bukan-periode"]:
        response = client.get(path)
        assert response.status_code == 404
        assert_strict_headers(response, path)
    response = client.post("/")  # 405
    assert response.status_code == 405
    assert_strict_headers(response, "POST /")


def test_public_rule_enumeration_sees_every_form():
    """Guard for the enumeration itself: the forms the issue names are all found."""
    from portal import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    posts = {r.rule for r in public_rules(app, "POST")}
    assert {"/pengaduan", "/pengaduan/lacak", "/wbs/lapor", "/wbs/lacak", "/survei", "/admin/login",
            "/admin/verifikasi"} <= posts
    login_forms = ("/admin/login", "/admin/verifikasi", "/admin/verifikasi/daftar")
    assert not any(r.startswith("/admin/") and r.split("?")[0] not in login_forms for r in posts)
    admin_posts = {r.endpoint for r in public_rules(app, "POST") if r.rule.startswith("/admin")}
    assert admin_posts == set(PUBLIC_ADMIN_FORMS)


# --- production settings ----------------------------------------------------------------------------------

@pytest.fixture
def production_app(app_factory, monkeypatch):
    """The app as `PORTAL_ENV=production` configures it (FORCE_HTTPS, SESSION_COOKIE_SECURE, ProxyFix)."""
    monkeypatch.setenv("PORTAL_ENV", "production")
    for name in ("PORTAL_FORCE_HTTPS", "PORTAL_PROXY_FIX"):
        monkeypatch.delenv(name, raising=False)
    app = app_factory(WTF_CSRF_ENABLED=True)
    assert app.config["PORTAL_ENV"] == "production"
    assert app.config["FORCE_HTTPS"] and app.config["SESSION_COOKIE_SECURE"]
    return app


def _set_cookie_headers(response) -> dict[str, str]:
    return {h.split("=", 1)[0]: h for h in response.headers.getlist("Set-Cookie")}


def _assert_cookie_flags(header: str, where: str) -> None:
    attrs = {a.strip().split("=")[0].lower(): a.strip() for a in header.split(";")[1:]}
    assert "secure" in attrs, f"{where}: cookie without Secure: {header}"
    assert "httponly" in attrs, f"{where}: cookie without HttpOnly: {header}"
    assert attrs.get("samesite", "").lower() == "samesite=lax", f"{where}: SameSite not Lax: {header}"


def test_production_sends_hsts_over_https_and_redirects_plain_http(production_app):
    client = production_app.test_client()
    plain = client.get("/")
    assert plain.status_code in (301, 302)
    assert plain.headers["Location"].startswith("https://")
    secure = client.get("/", base_url="https://portal.example")
    assert secure.status_code == 200
    hsts = secure.headers.get("Strict-Transport-Security", "")
    max_age = int(re.search(r"max-age=(\d+)", hsts).group(1))
    assert max_age >= 180 * 24 * 3600, hsts
    assert "includeSubDomains" in hsts
    assert_strict_headers(secure, "https /")
    # behind the TLS-terminating proxy: X-Forwarded-Proto from nginx counts as HTTPS (ProxyFix)
    proxied = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert proxied.status_code == 200 and "Strict-Transport-Security" in proxied.headers


@pytest.mark.parametrize("path", FORM_PAGES + ["/survei?layanan=layanan-informasi-publik"])
def test_production_session_cookie_is_secure_httponly_lax(production_app, path):
    from portal.core import defaults
    from portal.extensions import db

    with production_app.app_context():
        defaults.load_all(db.session)
        db.session.commit()
    client = production_app.test_client()
    response = client.get(path, base_url="https://portal.example")
    assert response.status_code == 200, path
    cookies = _set_cookie_headers(response)
    assert "session" in cookies, f"{path}: the form GET set no session cookie (CSRF token)"
    _assert_cookie_flags(cookies["session"], path)


def test_production_language_cookie_is_secure_too(production_app):
    client = production_app.test_client()
    response = client.get("/?lang=en", base_url="https://portal.example")
    cookies = _set_cookie_headers(response)
    _assert_cookie_flags(cookies["lang"], "lang cookie")


def test_production_staff_session_cookie_after_login(production_app, make_user):
    from tests.conftest import PASSWORD
    from tests.security_helpers import csrf_token

    user = make_user("editor")
    client = production_app.test_client()
    html = client.get("/admin/login", base_url="https://portal.example").get_data(as_text=True)
    # over HTTPS Flask-WTF also checks the Referer (same origin); the Referrer-Policy same-origin keeps it
    response = client.post("/admin/login", base_url="https://portal.example", data={
        "email": user.email, "password": PASSWORD, "csrf_token": csrf_token(html)},
        headers={"Referer": "https://portal.example/admin/login"})
    assert response.status_code == 302
    cookies = _set_cookie_headers(response)
    _assert_cookie_flags(cookies["session"], "staff session")
