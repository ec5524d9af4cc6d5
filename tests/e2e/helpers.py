"""Helpers for the browser tests: screenshots, log-in through the real form, axe-core checks."""
from __future__ import annotations

import os
import re
import uuid
from functools import cache
from pathlib import Path

import pytest

# Debian's chromium; PORTAL_E2E_CHROMIUM points elsewhere (e.g. /usr/bin/chromium-browser), never a
# downloaded one.
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
DESKTOP = {"width": 1280, "height": 900}
# Journeys run at both widths: `@both_widths` parametrises the `viewport` fixture (see conftest.py).
both_widths = pytest.mark.parametrize(
    "viewport", [pytest.param(MOBILE, id="360"), pytest.param(DESKTOP, id="1280")], indirect=True)
# axe-core rules checked: WCAG 2.0 and 2.1, levels A and AA (every impact counts).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


class ConsoleLog(list):
    """Console errors and page errors (a CSP violation shows up here)."""

    def errors(self) -> list[str]:
        return [entry for entry in self if entry.startswith(("error:", "pageerror:"))]


def watch_console(page) -> ConsoleLog:
    """A ConsoleLog that collects the page's console messages and page errors from now on."""
    log = ConsoleLog()
    page.on("console", lambda msg: log.append(f"{msg.type}: {msg.text}"))
    page.on("pageerror", lambda exc: log.append(f"pageerror: {exc}"))
    return log


def second_session(browser, viewport):
    """A separate browser session (its own cookies) at `viewport`, in Indonesian on Jakarta time, as the
    `page` fixture sets one up: (context, page, console log). The caller closes the context."""
    context = browser.new_context(viewport=viewport, locale="id-ID", timezone_id="Asia/Jakarta")
    page = context.new_page()
    return context, page, watch_console(page)


def fill_complaint(page, *, name: str, category: str, subject: str, description: str, email: str = "",
                   phone: str = "") -> None:
    """The DUMAS form (/pengaduan, already open): the reporter, the complaint and the declaration ticked;
    e-mail and telephone only when given."""
    page.get_by_label("Nama lengkap").fill(name)
    if email:
        page.get_by_label("E-mail").fill(email)
    if phone:
        page.get_by_label("Nomor telepon / WhatsApp").fill(phone)
    page.get_by_label("Kategori aduan").select_option(label=category)
    page.get_by_label("Perihal").fill(subject)
    page.get_by_label("Uraian aduan").fill(description)
    page.get_by_label(re.compile("Saya menyatakan isi pengaduan ini benar")).check()


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text)[:120]


def screenshot(page, name: str) -> Path:
    """Full-page screenshot to tests/e2e/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{slug(name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def login(page, live_server, email: str, password: str | None = None, at_second_step=None) -> None:
    """Log in through the real form (CSRF token and all); ends on the page the portal redirects to.
    `at_second_step(page)` is called on the TOTP page (enrolment or code entry), e.g. to run axe there."""
    page.goto(live_server("/admin/login"))
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Kata sandi").fill(password or live_server.password)
    with page.expect_navigation():
        page.get_by_role("button", name="Masuk").click()
    if "/admin/verifikasi" in page.url:  # wbs/admin accounts: TOTP second step
        if at_second_step is not None:
            at_second_step(page)
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
        from portal.accounts import service as accounts
        from portal.extensions import db

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


def width(page) -> int:
    return page.viewport_size["width"]


def shot(page, name: str) -> Path:
    """Screenshot named after the page's width: `<name>-360.png` / `<name>-1280.png`."""
    return screenshot(page, f"{name}-{width(page)}")


def no_horizontal_scroll(page) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width(page), f"{page.url} is {scroll}px wide at {width(page)}px: horizontal scrolling"


@cache
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def axe_check(page) -> list[dict]:
    """Run the vendored axe-core on the page as it is now (WCAG 2.0/2.1 A and AA, every impact).

    The script is evaluated through the DevTools protocol, which the page's CSP does not govern, so the
    page keeps its real, strict CSP (no `bypass_csp`) and any state reached in a journey can be checked.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    result = page.evaluate(
        "async (tags) => await axe.run(document, "
        "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS)
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [{"target": node["target"], "why": node.get("failureSummary", "")}
                   for node in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def assert_accessible(page, label: str = "") -> None:
    violations = axe_check(page)
    assert violations == [], f"axe: {label or page.url} at {width(page)}px: {violations}"


def axe_violations(browser, url: str, impacts=None, viewport=None) -> list[dict]:
    """Open `url` in a fresh context and run axe (see axe_check); `impacts` narrows the result."""
    context = browser.new_context(viewport=viewport or MOBILE, locale="id-ID")
    try:
        page = context.new_page()
        page.goto(url)
        return [v for v in axe_check(page) if impacts is None or v["impact"] in impacts]
    finally:
        context.close()


def new_staff_account(live_server, roles: list[str], name: str) -> str:
    """A fresh staff account on the live server (its first log-in enrols TOTP in the browser, no waiting
    for an unused time step as a second log-in of the same account within 30 s would need)."""
    from portal.accounts import service as accounts
    from portal.extensions import db

    email = f"{slug(name).lower()}-{uuid.uuid4().hex[:6]}@e2e.example"
    with live_server.app.app_context():
        accounts.create_user(db.session, email, live_server.password, roles, name=name)
        db.session.commit()
        db.session.remove()
    return email
