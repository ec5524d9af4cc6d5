"""Citizens on phones (issue 12 §4), in a real browser at 360 and 1280 px, with and without JavaScript: the
main menu opens without a script and buttons that need one are hidden; the home page's calls to action are
in the first screen; /rencana-aksi is short, its jump links open their area; /rekap shows its tables
whole and draws charts that fit one period and many; the survey's error summary takes the focus to each
field. Every state is checked with axe-core under the real CSP."""
from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import assert_accessible, both_widths, no_horizontal_scroll, shot, watch_console

pytestmark = pytest.mark.e2e

# /rencana-aksi at 360 px was 19,175 px tall with its 43 cards (December 2026); folded, 4,506 px.
PLAN_MAX_HEIGHT = 6000
RECAP_YEAR = 2024  # a year no other journey publishes


def _context(browser, viewport, js: bool):
    context = browser.new_context(viewport=viewport, locale="id-ID", timezone_id="Asia/Jakarta",
                                  java_script_enabled=js)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.console_log = watch_console(page)
    return context, page


def _scripts_blocked(browser, viewport):
    """A context whose pages load none of the portal's scripts (every .js request refused): the page is as
    without JavaScript (body.no-js stays, Bootstrap is absent) while axe can still run, which it cannot in
    a context with JavaScript switched off (its promise never settles there)."""
    context, page = _context(browser, viewport, js=True)
    context.route(re.compile(r"\.js(\?.*)?$"), lambda route: route.abort())
    return context, page


def _phone(page) -> bool:
    return page.viewport_size["width"] < 1200


# ------------------------------------------------------------------------------------------- menu, no JS
@both_widths
def test_menu_opens_without_javascript_and_print_buttons_hide(browser, live_server, viewport):
    context, page = _context(browser, viewport, js=False)
    try:
        page.goto(live_server("/maklumat"))
        menu = page.get_by_role("navigation", name="Navigasi utama")
        plan_link = menu.get_by_role("link", name="Rencana Aksi")
        if _phone(page):
            expect(plan_link).to_be_hidden()
            menu.get_by_role("link", name="Buka menu").click()  # a link to the menu without a script
            expect(plan_link).to_be_visible()
            assert page.evaluate("window.scrollY") == 0  # the header stays in view
            shot(page, "ponsel-menu-tanpa-js")
            menu.get_by_role("link", name="Tutup menu").click()
            expect(plan_link).to_be_hidden()
            menu.get_by_role("link", name="Buka menu").click()
        else:
            expect(menu.get_by_role("link", name="Buka menu")).to_be_hidden()
            expect(menu.get_by_role("link", name="Tutup menu")).to_be_hidden()
        expect(plan_link).to_be_visible()
        # buttons that need a script are not shown without one
        expect(page.get_by_role("button", name="Cetak")).to_be_hidden()
        plan_link.click()
        page.wait_for_url(re.compile(r"/rencana-aksi$"))
        expect(page.get_by_role("heading", level=1)).to_contain_text("Rencana Aksi")
        expect(page.get_by_role("button", name="Cetak")).to_be_hidden()
        no_horizontal_scroll(page)
    finally:
        context.close()


@both_widths
def test_menu_and_print_buttons_with_javascript(page, live_server):
    page.goto(live_server("/rencana-aksi"))
    menu = page.get_by_role("navigation", name="Navigasi utama")
    if _phone(page):
        toggle = menu.get_by_role("button", name="Buka menu")
        expect(toggle).to_have_attribute("aria-expanded", "false")
        toggle.focus()
        page.keyboard.press("Space")  # a button answers to the space bar as well
        expect(menu.get_by_role("link", name="Rencana Aksi")).to_be_visible()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        expect(menu.get_by_role("link", name="Tutup menu")).to_be_hidden()  # Bootstrap's button closes it
    expect(page.get_by_role("button", name="Cetak")).to_be_visible()
    assert page.console_log.errors() == [], page.console_log


# ------------------------------------------------------------------------------------------------- home
@both_widths
@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_home_calls_to_action_in_the_first_screen(browser, live_server, viewport, js):
    context, page = _context(browser, viewport, js=js)
    try:
        page.goto(live_server("/"))
        hero = page.get_by_role("list", name="Layanan utama")
        fold = viewport["height"]
        for name, path in [("Ajukan Pengaduan", "/pengaduan"), ("Laporkan Pelanggaran (WBS)", "/wbs"),
                           ("Isi Survei Kepuasan", "/survei")]:
            link = hero.get_by_role("link", name=name)
            expect(link).to_be_visible()
            box = link.bounding_box()
            bottom = box["y"] + box["height"]
            assert bottom <= fold, f"{name} ends at {bottom}px, below the first screen ({fold}px)"
            assert link.get_attribute("href") == path
        expect(page.get_by_text("Selesai dalam sekitar tiga menit.")).to_be_visible()
        no_horizontal_scroll(page)
        if js:
            assert_accessible(page, "beranda")
            shot(page, "ponsel-beranda")
        hero.get_by_role("link", name="Isi Survei Kepuasan").click()
        page.wait_for_url(re.compile(r"/survei$"))
        expect(page.get_by_text("Selesai dalam sekitar tiga menit.")).to_be_visible()
    finally:
        context.close()


# ------------------------------------------------------------------------------------------ action plan
@both_widths
@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_action_plan_is_short_and_jump_links_open_their_area(browser, live_server, viewport, js):
    context, page = _context(browser, viewport, js=js)
    try:
        page.goto(live_server("/rencana-aksi"))
        height = page.evaluate("document.documentElement.scrollHeight")
        if viewport["width"] == 360:
            assert height < PLAN_MAX_HEIGHT, f"/rencana-aksi is {height}px tall at 360 px"
        expect(page.get_by_label("Penanggung jawab")).to_have_count(0)  # no team filter on the page
        first_row = page.locator("#kegiatan-I\\.1")
        expect(first_row).to_be_visible()  # the first area is open
        target_row = page.locator("#kegiatan-V\\.1\\.1")
        expect(target_row).to_be_hidden()  # area V is folded
        if js:
            shot(page, "ponsel-rencana-aksi")
        jump = page.get_by_role("navigation", name="Daftar isi")
        jump.get_by_role("link", name=re.compile("PENGUATAN PENGAWASAN")).click()
        expect(page).to_have_url(re.compile(r"#rincian-area-V$"))
        expect(target_row).to_be_visible()  # the link opened its area
        expect(target_row).to_be_in_viewport()
        area = page.locator("section.plan-area", has=page.locator("#area-V"))
        expect(area.locator("details")).to_have_attribute("open", "")
        if js:
            assert_accessible(page, "rencana aksi, area V terbuka")
        # back to the top of the page, and a folded area opens with a tap on its heading
        area.get_by_role("link", name="Kembali ke atas").click()
        expect(page.get_by_role("heading", level=1)).to_be_in_viewport()
        page.locator("summary", has=page.locator("#area-II")).click()
        expect(page.locator("#kegiatan-II\\.1")).to_be_visible()
        no_horizontal_scroll(page)
    finally:
        context.close()


def test_action_plan_link_to_an_area_opens_it_on_arrival(browser, live_server):
    for js in (True, False):
        context, page = _context(browser, {"width": 360, "height": 780}, js=js)
        try:
            page.goto(live_server("/rencana-aksi#rincian-area-IV"))
            expect(page.locator("#kegiatan-IV\\.1")).to_be_visible()
            expect(page.locator("#kegiatan-IV\\.1")).to_be_in_viewport()
        finally:
            context.close()


# ------------------------------------------------------------------------------------------------ recap
@pytest.fixture(scope="module")
def recaps(live_server):
    """Complaints in every month of RECAP_YEAR; the year and its March published."""
    from portal.accounts import service as accounts
    from portal.core import periods
    from portal.dumas.models import Category, Complaint
    from portal.extensions import db
    from portal.recap import service as recap

    app = live_server.app
    with app.app_context():
        category = Category(slug="ponsel-uji", name="Pelayanan loket (uji ponsel)", order=95)
        db.session.add(category)
        db.session.flush()
        statuses = ["selesai", "diproses", "ditolak", "diterima", "selesai", "diteruskan"]
        for i in range(30):
            status = statuses[i % len(statuses)]
            closed = status in ("selesai", "ditolak", "diteruskan")
            db.session.add(Complaint(
                number=f"DUMAS-{RECAP_YEAR}-{70001 + i}", year=RECAP_YEAR, seq=70001 + i,
                access_code_hash="x",
                subject=f"Aduan ponsel {i}", description="Uraian", channel=["website", "hotline"][i % 2],
                status=status, category_id=category.id if i % 3 else None,
                days_to_close=(2 + i % 7) if closed else None,
                closed_on_time=(i % 5 != 0) if closed else None,
                received_at=datetime(RECAP_YEAR, 1 + i % 12, 5 + i % 20, 3, 0, tzinfo=UTC),
            ))
        admin = accounts.create_user(db.session, "rekap-ponsel@uji.example", "rahasia-uji-123", ["admin"],
                                     name="Admin rekap ponsel")
        db.session.flush()
        recap.publish(db.session, periods.year_period(RECAP_YEAR), admin, replace=True)
        recap.publish(db.session, periods.month_period(RECAP_YEAR, 3), admin, replace=True)
        db.session.commit()
        db.session.remove()
    return live_server


def _chart_kinds(page) -> list[list]:
    """[type, indexAxis] of each drawn chart, in page order."""
    return page.evaluate(
        "() => Array.from(document.querySelectorAll('figure[data-recap-chart] canvas'))"
        ".map(c => { const ch = window.Chart.getChart(c);"
        " return ch ? [ch.config.type, ch.options.indexAxis] : null; })")


def _clipped_text(page) -> list[str]:
    """Text in a recap table block that the screen cuts: a title or note running past the page's edge, or
    a cell whose text is wider than the cell."""
    return page.evaluate("""() => {
        const width = document.documentElement.clientWidth, out = [];
        document.querySelectorAll('.recap-table-title, .recap-table-note').forEach(e => {
            const r = e.getBoundingClientRect();
            if (r.right > width + 0.5 || e.scrollWidth > e.clientWidth + 1) out.push(e.textContent.trim());
        });
        document.querySelectorAll('.recap-table th, .recap-table td').forEach(c => {
            if (c.scrollWidth > c.clientWidth + 1) out.push(c.textContent.trim());
        });
        return out;
    }""")


def _overlaps(page) -> list[str]:
    """Figure captions that a chart's canvas runs into."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('figure[data-recap-chart]'))
        .filter(f => !f.classList.contains('d-none'))
        .filter(f => f.querySelector('canvas').getBoundingClientRect().bottom >
                     f.querySelector('figcaption').getBoundingClientRect().top + 0.5)
        .map(f => f.querySelector('figcaption').textContent.trim())""")


@both_widths
def test_recap_of_a_year_and_of_a_month(page, recaps):
    # A year: a line per status over the months; categories and channels as bars with their numbers.
    page.goto(recaps(f"/rekap/{RECAP_YEAR}"))
    expect(page.locator("figure[data-recap-chart]").first).to_be_visible()
    assert _chart_kinds(page) == [["line", "x"], ["bar", "y"], ["bar", "y"]]
    expect(page.get_by_text("Grafik garis: jumlah aduan per bulan menurut status")).to_be_visible()
    expect(page.get_by_role("table", name="Status aduan per bulan")).to_contain_text("Desember")
    assert _clipped_text(page) == []
    assert _overlaps(page) == []
    no_horizontal_scroll(page)
    assert_accessible(page, f"rekap {RECAP_YEAR}")
    shot(page, "ponsel-rekap-tahun")

    # One month: a bar per status with its number, not one lonely stacked column.
    page.goto(recaps(f"/rekap/{RECAP_YEAR}-03"))
    expect(page.locator("figure[data-recap-chart]").first).to_be_visible()
    assert _chart_kinds(page) == [["bar", "y"], ["bar", "y"], ["bar", "y"]]
    status_bars = page.evaluate("() => window.Chart.getChart(document.querySelector("
                                "'figure[data-recap-chart] canvas')).data.labels")
    assert status_bars == ["Diterima", "Diproses", "Selesai", "Ditolak", "Diteruskan"]
    assert _clipped_text(page) == []
    no_horizontal_scroll(page)
    assert_accessible(page, f"rekap {RECAP_YEAR}-03")
    shot(page, "ponsel-rekap-bulan")

    # On paper: no chart runs into its caption.
    page.goto(recaps(f"/rekap/{RECAP_YEAR}"))
    expect(page.locator("figure[data-recap-chart]").first).to_be_visible()
    page.emulate_media(media="print")
    page.evaluate("() => Object.values(window.Chart.instances).forEach(c => c.resize())")
    assert _overlaps(page) == []
    assert page.console_log.errors() == [], page.console_log


def test_recap_tables_whole_without_javascript(browser, recaps):
    context, page = _context(browser, {"width": 360, "height": 780}, js=False)
    try:
        page.goto(recaps(f"/rekap/{RECAP_YEAR}"))
        expect(page.locator("figure[data-recap-chart]").first).to_be_hidden()
        expect(page.get_by_role("table", name="Status aduan per triwulan")).to_be_visible()
        assert _clipped_text(page) == []
        expect(page.get_by_role("button", name="Cetak")).to_be_hidden()
    finally:
        context.close()


# ----------------------------------------------------------------------------------------------- survey
@both_widths
def test_survey_error_summary_links_focus_each_field(page, live_server):
    from portal.survey import service as survey

    page.goto(live_server("/survei"))
    page.locator("a.skm-service-link").first.click()
    page.wait_for_url(re.compile(r"/survei\?layanan="))
    date_field = page.get_by_label("Tanggal Anda menerima layanan")
    expect(date_field).to_have_value(survey.today().isoformat())  # today, the office's day
    page.get_by_label("Pekerjaan utama").select_option("Nelayan")
    date_field.fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim penilaian").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", name="Perbaiki isian berikut:")).to_be_visible()
    expect(page.get_by_label("Pekerjaan utama")).to_have_value("Nelayan")  # kept
    assert_accessible(page, "ringkasan kesalahan survei")
    shot(page, "ponsel-survei-kesalahan")

    summary.get_by_role("link", name="Tanggal Anda menerima layanan").click()
    expect(date_field).to_be_focused()
    expect(date_field).to_be_in_viewport()
    summary.get_by_role("link", name="Pendidikan terakhir").click()
    expect(page.get_by_label("Pendidikan terakhir")).to_be_focused()
    summary.get_by_role("link", name="Jenis kelamin").click()
    expect(page.get_by_label("Laki-laki")).to_be_focused()  # the first option of the group
    summary.get_by_role("link", name="Persyaratan").click()
    focused = page.evaluate("() => document.activeElement.closest('fieldset') && "
                            "document.activeElement.closest('fieldset').id")
    assert focused == "persyaratan"
    errors = [e for e in page.console_log.errors() if "status of 422" not in e]  # the refused answer's page
    assert errors == [], page.console_log


def test_survey_error_summary_links_work_without_javascript(browser, live_server):
    context, page = _context(browser, {"width": 360, "height": 780}, js=False)
    try:
        page.goto(live_server("/survei"))
        page.locator("a.skm-service-link").first.click()
        with page.expect_navigation():
            page.get_by_role("button", name="Kirim penilaian").click()
        summary = page.locator(".error-summary")
        expect(summary).to_be_visible()
        summary.get_by_role("link", name="Pekerjaan utama").click()
        expect(page).to_have_url(re.compile(r"#occupation$"))
        expect(page.get_by_label("Pekerjaan utama")).to_be_in_viewport()
    finally:
        context.close()


@both_widths
def test_pages_without_scripts_pass_axe(browser, live_server, viewport):
    """The no-JavaScript states (menu opened by its link, folded plan, survey summary) under axe."""
    context, page = _scripts_blocked(browser, viewport)
    try:
        page.goto(live_server("/"))
        if _phone(page):
            menu = page.get_by_role("navigation", name="Navigasi utama")
            menu.get_by_role("link", name="Buka menu").click()
            expect(page.get_by_role("link", name="Tutup menu")).to_be_visible()
        assert_accessible(page, "beranda tanpa skrip, menu terbuka")
        page.goto(live_server("/rencana-aksi#rincian-area-V"))
        expect(page.locator("#kegiatan-V\\.1\\.1")).to_be_visible()
        expect(page.get_by_role("button", name="Cetak")).to_be_hidden()
        assert_accessible(page, "rencana aksi tanpa skrip")
        page.goto(live_server("/survei"))
        page.locator("a.skm-service-link").first.click()
        with page.expect_navigation():
            page.get_by_role("button", name="Kirim penilaian").click()
        expect(page.locator(".error-summary")).to_be_visible()
        assert_accessible(page, "ringkasan kesalahan survei tanpa skrip")
    finally:
        context.close()
