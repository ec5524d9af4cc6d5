"""axe-core (vendored, tests/e2e/vendor/axe.min.js) on every public page and every staff page, at 360 px and
at 1280 px in Indonesian, and again at 360 px in English (`?lang=en`): zero violations of WCAG 2.0/2.1
level A and AA (every impact, not only serious ones), no console error (a CSP violation is one) and no
error status.

The pages are enumerated from the app's URL map, not listed by hand: a new GET page is checked as soon as
it exists, and a new page with URL arguments fails `SAMPLE_ARGS` until it gets sample values here. axe is
evaluated through the DevTools protocol (helpers.axe_check), so every page keeps its real CSP.
Every page also says the language it shows: `<html lang="id">`, or `"en"` for the English ones.
Pages reached only by a POST (receipts, tracking results) are checked inside the journeys.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.e2e.helpers import DESKTOP, MOBILE, axe_check, watch_console

pytestmark = pytest.mark.e2e

# Not HTML pages (files, JSON) or pages that need a state only a flow creates (checked in the journeys).
NOT_PAGES = {
    "static", "public.healthz", "public.robots", "public.sitemap",  # text and XML for crawlers, not pages
    # log-in steps: see test_totp_steps_pass_axe and the WBS journey
    "auth.two_factor", "auth.two_factor_enrol",
    "auth.logout",
}
EXPECTED_STATUS = {"/halaman/tidak-ada-halaman-ini": 404}
NOT_PAGE_SUFFIXES = (".csv", ".xlsx", ".json", ".pdf", ".zip")
NOT_PAGE_PARTS = ("/api/", "/lampiran/", "/unduh", "/berkas/")


def _first(session, stmt):
    value = session.scalar(stmt.limit(1))
    assert value is not None, f"no sample row for {stmt}"
    return value


def _risk(session):
    from sqlalchemy import select

    from portal.risks.models import Risk

    return {"risk_id": _first(session, select(Risk.id).order_by(Risk.id))}


def _checklist_item(session):
    from sqlalchemy import select

    from portal.risks.models import RiskChecklistItem

    return {"item_id": _first(session, select(RiskChecklistItem.id).order_by(RiskChecklistItem.id))}


def _gratification_report(session):
    from sqlalchemy import select

    from portal.gratification.models import GratificationReport

    return {"number": _first(session, select(GratificationReport.number).where(
        GratificationReport.status == "diteruskan_kpk").order_by(GratificationReport.id))}


def _failed_job(session):
    """The demo has no failed job: one is kept here, as a job that exhausted its retries would be."""
    from sqlalchemy import select

    from portal.core.models.job import FailedJob

    job_id = session.scalar(select(FailedJob.id).order_by(FailedJob.id).limit(1))
    if job_id is None:
        job = FailedJob(name="mail", arguments="[]", attempts=5, error="ConnectionRefusedError")
        session.add(job)
        session.commit()
        job_id = job.id
    return {"job_id": job_id}


def _coi_declaration(session):
    from sqlalchemy import select

    from portal.conflicts.models import CoiDeclaration

    return {"declaration_id": _first(session, select(CoiDeclaration.id).where(
        CoiDeclaration.kind == "potensi", CoiDeclaration.current.is_(True)).order_by(CoiDeclaration.id))}


def _coi_row(session):
    from sqlalchemy import select

    from portal.conflicts.models import CoiIdentification

    return {"row_id": _first(session, select(CoiIdentification.id).order_by(CoiIdentification.id))}


def _coi_case(session):
    from sqlalchemy import select

    from portal.conflicts.models import CoiCase

    return {"case_id": _first(session, select(CoiCase.id).order_by(CoiCase.id))}


def _args() -> dict[str, Callable]:
    """Sample URL arguments per endpoint, from the live server's demo data: fn(session) -> kwargs."""
    from sqlalchemy import select

    from portal.accounts.models import User
    from portal.action_plan.models import ActionPlanItem
    from portal.content.models import Page, PageRevision
    from portal.dumas.models import Complaint
    from portal.recap.models import RecapSnapshot
    from portal.standards.models import Service, ServiceStandardRevision
    from portal.wbs.models import WbsReport

    def standard(session):
        rev = _first(session, select(ServiceStandardRevision).order_by(ServiceStandardRevision.id))
        return {"slug": session.get(Service, rev.service_id).slug, "number": rev.number}

    def content_revision(session):
        rev = _first(session, select(PageRevision).order_by(PageRevision.id))
        return {"page_id": rev.page_id, "revision_id": rev.id}

    def open_complaint(session):
        return {"number": _first(session, select(Complaint.number).where(Complaint.status == "diproses")
                                 .order_by(Complaint.id))}

    def published_complaint(session):
        return {"number": _first(session, select(Complaint.number).where(Complaint.published_at.is_not(None))
                                 .order_by(Complaint.id))}

    def dip_entry(session):
        from portal.ppid.models import DipEntry

        return {"entry_id": _first(session, select(DipEntry.id).order_by(DipEntry.id))}

    def exemption(session):
        from portal.ppid.models import Exemption

        return {"item_id": _first(session, select(Exemption.id).order_by(Exemption.id))}

    def decided_request(session):
        from portal.ppid.models import InfoRequest

        partial = InfoRequest.status == "dikabulkan_sebagian"
        return {"number": _first(session, select(InfoRequest.number).where(partial).order_by(InfoRequest.id))}

    def objection(session):
        from portal.ppid.models import Objection

        return {"objection_id": _first(session, select(Objection.id).order_by(Objection.id))}

    def survey_slug(session):
        from portal.survey import service as survey

        return {"slug": survey.service_configs(session, open_only=True)[0].service.slug}

    return {
        "public.page": lambda s: {"slug": "gratifikasi"},
        "public.standard_detail": lambda s: {"slug": standard(s)["slug"]},
        "survey.poster": survey_slug,
        "recap.detail": lambda s: {"period_key": _first(s, select(RecapSnapshot.period_key)
                                                        .where(RecapSnapshot.kind == "dumas")
                                                        .order_by(RecapSnapshot.id))},
        "admin_content.page_edit": lambda s: {"page_id": _first(s, select(Page.id).order_by(Page.id))},
        "admin_content.history": lambda s: {"page_id": _first(s, select(Page.id).order_by(Page.id))},
        "admin_content.revision": content_revision,
        "admin_dumas.case": open_complaint,
        "dumas.public_detail": published_complaint,
        "admin_dumas_publication.page": published_complaint,
        "admin_standards.service": lambda s: {"slug": standard(s)["slug"]},
        "admin_standards.service_edit": lambda s: {"slug": standard(s)["slug"]},
        "admin_standards.revision": standard,
        "admin_standards.revision_edit": standard,
        "admin_standards.revision_new": lambda s: {"slug": standard(s)["slug"]},
        "admin.user_edit": lambda s: {
            "user_id": _first(s, select(User.id).where(User.email == "dumas@demo.example"))},
        "admin_wbs.case": lambda s: {"report_id": _first(s, select(WbsReport.id).order_by(WbsReport.id))},
        "admin_zi.row": lambda s: {
            "item_id": _first(s, select(ActionPlanItem.id).order_by(ActionPlanItem.id))},
        "ppid.dip_detail": dip_entry,
        "admin_ppid.dip_entry": dip_entry,
        "admin_ppid.dip_edit": dip_entry,
        "admin_ppid.exemption": exemption,
        "admin_ppid.exemption_edit": exemption,
        "ppid_report.report": lambda s: {"period": "2026"},
        "ppid_report.print_view": lambda s: {"period": "2026-T3"},
        "admin_ppid_requests.case": decided_request,
        "admin_ppid_requests.notice": decided_request,
        "admin_ppid_objections.case": objection,
        "admin_conflicts.letter": _coi_declaration,
        "admin_conflicts.case_from_declaration": _coi_declaration,
        "admin_conflicts.identification_edit": _coi_row,
        "admin_conflicts.case": _coi_case,
        "admin_risks.risk": _risk,
        "admin_risks.edit": _risk,
        "admin_risks.delete": _risk,
        "admin_risks.checklist_delete": _checklist_item,
        "admin.jobs_delete": _failed_job,
        "admin_gratification.case": _gratification_report,
        "gratification_public.detail": lambda s: {"period_key": "2026-T1"},
    }


def _extra_paths(session) -> dict[str, list[str]]:
    """More states of some pages: a questionnaire for one service, a closed case, a filtered inbox."""
    from sqlalchemy import select

    from portal.dumas.models import Complaint
    from portal.survey import service as survey

    service = survey.service_configs(session, open_only=True)[0].service.slug
    numbers = select(Complaint.number).order_by(Complaint.id)
    closed = _first(session, numbers.where(Complaint.status == "selesai"))
    waiting = _first(session, numbers.where(Complaint.status == "diterima"))
    return {
        # the latter: the 404 page
        "public": [f"/survei?layanan={service}", "/halaman/tidak-ada-halaman-ini"],
        "admin": [f"/admin/pengaduan/{closed}", f"/admin/pengaduan/{waiting}",
                  "/admin/pengaduan?due=overdue"],
    }


@dataclass
class Pages:
    public: list[str]
    admin: list[str]


@pytest.fixture(scope="module")
def pages(live_server) -> Pages:
    """Every GET page of the app with sample arguments filled in."""
    from flask import url_for

    from portal.extensions import db

    app = live_server.app
    resolvers = _args()
    public, admin, missing = [], [], []
    with app.app_context(), app.test_request_context():
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            if "GET" not in rule.methods or rule.endpoint in NOT_PAGES:
                continue
            if rule.rule.endswith(NOT_PAGE_SUFFIXES) or any(part in rule.rule for part in NOT_PAGE_PARTS):
                continue
            if rule.arguments:
                if rule.endpoint not in resolvers:
                    missing.append(f"{rule.endpoint} ({rule.rule})")
                    continue
                path = url_for(rule.endpoint, **resolvers[rule.endpoint](db.session))
            else:
                path = url_for(rule.endpoint)
            is_admin = path.startswith("/admin") and rule.endpoint != "auth.login"
            (admin if is_admin else public).append(path)
        extra = _extra_paths(db.session)
        db.session.remove()
    assert not missing, f"add sample URL arguments in test_accessibility._args() for: {missing}"
    return Pages(public=public + extra["public"], admin=admin + extra["admin"])


def with_lang(path: str, lang: str) -> str:
    """`path` asked for in `lang` (`?lang=en`, kept after any query string already there)."""
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"


def _scan(context, base_url: str, paths: list[str], sizes=(MOBILE, DESKTOP), lang: str | None = None
          ) -> list[str]:
    """Open each path once (in `lang` when given: `?lang=en`), check `<html lang>` names the language
    shown, run axe at each of `sizes`; return every problem found."""
    problems = []
    page = context.new_page()
    log = watch_console(page)
    try:
        for path in paths:
            log.clear()
            url = with_lang(path, lang) if lang else path
            page.set_viewport_size(sizes[0])
            response = page.goto(base_url + url)
            expected = EXPECTED_STATUS.get(path, 200)
            if response is None or response.status != expected:
                problems.append(f"{url}: HTTP {response.status if response else 'no response'}")
                continue
            content_type = response.headers.get("content-type", "")
            if not content_type.startswith("text/html"):
                problems.append(f"{url}: {content_type} is not a page; add it to NOT_PAGES")
                continue
            shown = page.evaluate("() => document.documentElement.lang")
            if shown != (lang or "id"):
                problems.append(f"{url}: <html lang={shown!r}>, expected {lang or 'id'!r}")
            for size in sizes:
                page.set_viewport_size(size)
                for violation in axe_check(page):
                    problems.append(f"{url} @{size['width']}px: {violation}")
            errors = [e for e in log.errors() if expected == 200 or f"status of {expected}" not in e]
            if errors:
                problems.append(f"{url}: console {errors}")
    finally:
        page.close()
    return problems


@dataclass
class Staff:
    context: object
    problems: list[str]


@pytest.fixture(scope="module")
def staff(browser, live_server):
    """One account with every staff role, TOTP enrolled, logged in once through the real form; the code
    entry step is checked with axe on the way."""
    import pyotp

    from portal.accounts import service as accounts
    from portal.extensions import db

    email = "axe-semua-peran@e2e.example"
    with live_server.app.app_context():
        roles = ["admin", "dumas", "wbs", "editor", "ppid", "atasan_ppid", "pegawai", "upg", "risiko"]
        user = accounts.create_user(db.session, email, live_server.password, roles,
                                    name="Pemeriksa Aksesibilitas")
        user.totp_secret = pyotp.random_base32()
        db.session.commit()
        db.session.remove()
    context = browser.new_context(viewport=MOBILE, locale="id-ID", timezone_id="Asia/Jakarta")
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems = []
    page.goto(live_server("/admin/login"))
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Kata sandi").fill(live_server.password)
    with page.expect_navigation():
        page.get_by_role("button", name="Masuk").click()
    assert "/admin/verifikasi" in page.url, page.url
    for size in (MOBILE, DESKTOP):
        page.set_viewport_size(size)
        problems += [f"/admin/verifikasi @{size['width']}px: {v}" for v in axe_check(page)]
    from tests.e2e.helpers import second_factor

    second_factor(page, live_server, email)
    assert page.url.endswith("/admin/"), page.url
    page.close()
    yield Staff(context=context, problems=problems)
    context.close()


def test_every_public_page_passes_axe(browser, live_server, pages):
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta")
    context.set_default_timeout(10_000)
    try:
        problems = _scan(context, live_server.url, pages.public)
    finally:
        context.close()
    assert len(pages.public) >= 20, pages.public
    assert problems == [], "\n".join(problems)


def test_every_staff_page_passes_axe(staff, live_server, pages):
    staff.context.clear_cookies(name="lang")
    problems = _scan(staff.context, live_server.url, pages.admin)
    assert len(pages.admin) >= 30, pages.admin
    assert problems == [], "\n".join(problems)


def test_every_public_page_in_english_passes_axe(browser, live_server, pages):
    """The same pages in English (`?lang=en`) at 360 px: `<html lang="en">`, office content marked
    `lang="id"`, and axe clean (English labels are longer: wrapping, contrast and names checked again)."""
    context = browser.new_context(locale="en-US", timezone_id="Asia/Jakarta")
    context.set_default_timeout(10_000)
    try:
        problems = _scan(context, live_server.url, pages.public, sizes=(MOBILE,), lang="en")
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


def test_every_staff_page_in_english_passes_axe(staff, live_server, pages):
    try:
        problems = _scan(staff.context, live_server.url, pages.admin, sizes=(MOBILE,), lang="en")
    finally:
        # `?lang=en` sticks in a cookie: the Indonesian scan sharing this session must not inherit it
        staff.context.clear_cookies(name="lang")
    assert problems == [], "\n".join(problems)


def test_totp_steps_pass_axe(staff):
    assert staff.problems == [], "\n".join(staff.problems)


def test_the_scan_covers_the_main_pages(pages):
    """The enumeration really reaches the pages the issue names (guards against a filter that drops them)."""
    for path in ["/", "/rencana-aksi", "/standar-pelayanan", "/maklumat", "/pengaduan", "/pengaduan/lacak",
                 "/wbs", "/wbs/lapor", "/wbs/lacak", "/survei", "/survei/hasil", "/rekap", "/admin/login"]:
        assert path in pages.public, path
    for path in ["/admin/", "/admin/pengaduan", "/admin/wbs", "/admin/survei", "/admin/konten/",
                 "/admin/standar-pelayanan/", "/admin/pengguna", "/admin/audit", "/admin/rekap"]:
        assert path in pages.admin, path
    assert any(p.startswith("/admin/pengaduan/DUMAS-") for p in pages.admin)
    assert any(p.startswith("/admin/wbs/") and p[len("/admin/wbs/"):].isdigit() for p in pages.admin)
    assert any(p.startswith("/rekap/") for p in pages.public)
