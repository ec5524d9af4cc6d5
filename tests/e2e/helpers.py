"""Helpers for the browser tests: screenshots, log-in through the real form, axe-core checks."""
from __future__ import annotations

import re
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
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
