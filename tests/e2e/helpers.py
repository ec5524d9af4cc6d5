"""Helpers for the browser tests: screenshots, log-in through the real form, axe-core checks."""
from __future__ import annotations

import os
import re
from pathlib import Path

# Debian's chromium; PORTAL_E2E_CHROMIUM points elsewhere (e.g. /usr/bin/chromium-browser), never a downloaded one.
CHROMIUM = os.environ.get("PORTAL_E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
HERE = Path(__file__).resolve().parent
SCREENSHOTS = HERE / "screenshots"
AXE_JS = HERE / "vendor" / "axe.min.js"
DEMO_PASSWORD = "demo-e2e-2026!"
MOBILE = {"width": 360, "height": 780}


class ConsoleLog(list):
    """Console errors and page errors (a CSP violation shows up here)."""

    def errors(self) -> list[str]:
        return [entry for entry in self if entry.startswith(("error:", "pageerror:"))]


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text)[:120]


def screenshot(page, name: str) -> Path:
    """Full-page screenshot to tests/e2e/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{slug(name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def login(page, live_server, email: str, password: str | None = None) -> None:
    """Log in through the real form (CSRF token and all); ends on the page the portal redirects to."""
    page.goto(live_server("/admin/login"))
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Kata sandi").fill(password or live_server.password)
    with page.expect_navigation():
        page.get_by_role("button", name="Masuk").click()
    if "/admin/verifikasi" in page.url:  # wbs/admin accounts: TOTP second step
        second_factor(page, live_server, email)


def second_factor(page, live_server, email: str) -> None:
    """Pass the TOTP step in the browser: on the enrolment page read the key shown there, otherwise take
    the enrolled secret from the live server's database; use a time step not used yet."""
    import time

    import pyotp

    last = None
    if "/daftar" in page.url:
        secret = page.locator("#totp-secret").inner_text().replace(" ", "")
        button = "Aktifkan dan masuk"
    else:
        from portal.extensions import db
        from portal.services import accounts

        with live_server.app.app_context():
            user = accounts.find_by_email(db.session, email)
            secret, last = user.totp_secret, user.totp_last_step
            db.session.remove()
        button = "Verifikasi"
    now_step = int(time.time()) // 30
    step = max(now_step, (last if last is not None else -1) + 1)
    if step > now_step + 1:
        time.sleep((step - 1) * 30 - time.time() + 0.05)
    page.get_by_label("Kode verifikasi (6 angka)").fill(pyotp.TOTP(secret).at(step * 30))
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def axe_violations(browser, url: str, impacts=("critical", "serious")) -> list[dict]:
    """Run the vendored axe-core on `url` (own context: injecting the script needs the CSP bypassed)."""
    context = browser.new_context(viewport=MOBILE, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(url)
        page.add_script_tag(path=str(AXE_JS))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [
            {"id": v["id"], "impact": v["impact"], "help": v["help"],
             "targets": [node["target"] for node in v["nodes"]][:5]}
            for v in result["violations"] if v["impact"] in impacts
        ]
    finally:
        context.close()
