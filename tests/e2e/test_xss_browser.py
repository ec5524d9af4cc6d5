"""XSS payloads in every free-text field of a DUMAS complaint (and the reporter's addition), a WBS report (and
the reporter's reply) and an SKM response, opened in Chromium where they are shown: the public tracking pages
and the admin case pages, inboxes and the SKM response list. No dialog may open, the `window.__xss` sentinel
the payloads set must stay undefined, the CSP must have had nothing to block, and each payload must be visible
as plain text. (The same payloads through the forms and in the HTML source: tests/core/test_attacks.py.)"""
from __future__ import annotations

import pytest

from tests.e2e.helpers import MOBILE, login, new_staff_account, screenshot
from tests.security_helpers import XSS

pytestmark = pytest.mark.e2e

ALL = " ".join(XSS)


def tagged(name: str, index: int, limit: int) -> str:
    return f"[{name}] {XSS[index % len(XSS)]}"[:limit]


@pytest.fixture(scope="module")
def xss_data(live_server):
    """Submissions carrying the payloads, made through the services on the live server's database."""
    from sqlalchemy import select

    from portal.dumas import service as complaints
    from portal.dumas.models import Category
    from portal.extensions import db
    from portal.survey import service as survey
    from portal.wbs import get_cipher
    from portal.wbs import service as wbs_service

    app = live_server.app
    with app.app_context():
        category = db.session.scalars(select(Category).where(Category.active.is_(True))).first()
        dumas = {"reporter_name": tagged("nama", 0, 120), "subject": tagged("perihal", 1, 200),
                 "event_place": tagged("tempat", 5, 200), "description": "[uraian] " + ALL}
        complaint, code = complaints.submit_complaint(db.session, {
            **dumas, "reporter_email": "xss@e2e.example", "category_id": str(category.id), "consent": "y",
        }, [], app.config)
        dumas["addition"] = "[tambahan] " + ALL
        complaints.add_reporter_info(db.session, complaint, dumas["addition"], [], app.config)
        number = complaint.number

        cipher = get_cipher()
        wbs = {"what": "[apa] " + ALL, "who": tagged("siapa", 1, 2000), "where": tagged("dimana", 2, 1000),
               "when": tagged("kapan", 4, 500), "how": "[bagaimana] " + ALL,
               "contact": tagged("kontak", 5, 500)}
        report, receipt = wbs_service.submit_report(db.session, cipher, category="gratifikasi", **wbs)
        wbs["reply"] = "[balasan] " + ALL
        wbs_service.reporter_reply(db.session, cipher, report, wbs["reply"])
        db.session.commit()
        report_id = report.id

        config = survey.service_configs(db.session, open_only=True)[0]
        suggestion = tagged("saran", 1, 150)
        data = {"service_date": (survey.today()).isoformat(), "gender": "P", "age": "30", "education": "S1",
                "occupation": survey.categories(db.session)["occupation"][0], "suggestion": suggestion}
        data.update({key: "4" for key in ("persyaratan", "prosedur", "waktu", "biaya", "produk", "kompetensi",
                                           "perilaku", "pengaduan", "sarana")})
        survey.submit_response(db.session, config, data)
        db.session.commit()
        db.session.remove()
    from portal.wbs.crypto import format_receipt

    return {"number": number, "code": code, "dumas": dumas, "receipt": format_receipt(receipt),
            "report_id": report_id, "wbs": wbs, "suggestion": suggestion}


class Watch:
    """Dialogs, page errors and console errors (a CSP violation is one) of one browser page."""

    def __init__(self, page):
        self.page, self.dialogs, self.errors = page, [], []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(f"console: {msg.text}"))

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def check(self, where: str, shown: list[str]) -> None:
        page = self.page
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)  # an <img onerror> or <svg onload> would have fired by now
        assert self.dialogs == [], f"{where}: a dialog opened: {self.dialogs}"
        assert page.evaluate("() => typeof window.__xss === 'undefined'"), f"{where}: a payload ran"
        assert self.errors == [], f"{where}: {self.errors}"
        text = " ".join(page.locator("body").text_content().split())  # folded sections too
        for value in shown:
            assert " ".join(value.split()) in text, f"{where}: {value[:60]!r} not shown as text"
        assert page.locator("img[src='x'], svg[onload], img[onerror]").count() == 0, where
        screenshot(page, f"xss-{where}")


def _context(browser):
    context = browser.new_context(viewport=MOBILE, locale="id-ID", timezone_id="Asia/Jakarta")
    context.set_default_timeout(10_000)
    return context


def test_payloads_never_run_on_public_and_admin_pages(browser, page, live_server, xss_data):
    # 1. the reporter's tracking pages (anonymous)
    watch = Watch(page)
    page.goto(live_server("/pengaduan/lacak"))
    page.get_by_label("Nomor pengaduan").fill(xss_data["number"])
    page.get_by_label("Kode akses").fill(xss_data["code"])
    with page.expect_navigation():
        page.get_by_role("button", name="Lihat status").click()
    watch.check("dumas-lacak", [xss_data["dumas"][k] for k in ("subject", "description", "addition")])

    page.goto(live_server("/wbs/lacak"))
    page.get_by_label("Kode laporan (16 angka)").fill(xss_data["receipt"])
    with page.expect_navigation():
        page.get_by_role("button", name="Buka laporan").click()
    watch.check("wbs-lacak", [v for k, v in xss_data["wbs"].items() if k != "contact"])

    # 2. the DUMAS officer: case page and inbox
    officer = _context(browser).new_page()
    watch = Watch(officer)
    login(officer, live_server, "dumas@demo.example")
    officer.goto(live_server(f"/admin/pengaduan/{xss_data['number']}"))
    watch.check("admin-dumas-kasus", list(xss_data["dumas"].values()))
    officer.goto(live_server(f"/admin/pengaduan?q={xss_data['number']}"))
    watch.check("admin-dumas-kotak-masuk", [xss_data["dumas"]["subject"]])
    officer.context.close()

    # 3. the WBS team (password + TOTP): case page and inbox
    team = _context(browser).new_page()
    watch = Watch(team)
    login(team, live_server, new_staff_account(live_server, ["wbs"], "Tim WBS XSS"))
    team.goto(live_server(f"/admin/wbs/{xss_data['report_id']}"))
    watch.check("admin-wbs-kasus", list(xss_data["wbs"].values()))
    team.goto(live_server("/admin/wbs"))
    watch.check("admin-wbs-kotak-masuk", [])
    team.context.close()

    # 4. the SKM responses list
    head = _context(browser).new_page()
    watch = Watch(head)
    login(head, live_server, "pimpinan@demo.example")
    head.goto(live_server("/admin/survei"))
    watch.check("admin-skm-jawaban", [xss_data["suggestion"]])
    head.context.close()
