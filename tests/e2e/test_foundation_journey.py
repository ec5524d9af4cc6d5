"""Foundation journey in a real browser at phone width: home -> Rencana Aksi filter -> staff log-in."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import MOBILE, login, screenshot

pytestmark = pytest.mark.e2e


def _no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= MOBILE["width"], f"page is {width}px wide at {MOBILE['width']}px: horizontal scrolling"


def test_visitor_filters_the_action_plan_then_staff_logs_in(page, live_server):
    # Home at 360 px
    page.goto(live_server("/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Portal Zona Integritas")
    expect(page.get_by_role("link", name="Lewati ke konten")).to_have_count(1)
    _no_horizontal_scroll(page)
    screenshot(page, "01-home-360")

    # The menu is collapsed on a phone; Bootstrap's script (no inline JS, strict CSP) opens it.
    menu = page.get_by_role("navigation", name="Navigasi utama")
    plan_link = menu.get_by_role("link", name="Rencana Aksi")
    expect(plan_link).to_be_hidden()
    menu.get_by_role("button", name="Buka menu").click()
    expect(plan_link).to_be_visible()
    plan_link.click()
    page.wait_for_url(re.compile(r"/rencana-aksi$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rencana Aksi")

    rows = page.locator("tr.plan-row")
    all_rows = rows.count()
    assert all_rows > 10, "the seed action plan should be loaded by the defaults"
    screenshot(page, "02-rencana-aksi-360")

    # Filter by one area (GET form): fewer rows, all of that area.
    area = page.get_by_label("Area")
    options = area.locator("option").all()
    value, label = options[1].get_attribute("value"), options[1].inner_text().strip()
    area.select_option(value)
    with page.expect_navigation():
        page.get_by_role("button", name="Terapkan filter").click()
    assert f"area={value}" in page.url
    expect(page.get_by_label("Area")).to_have_value(value)
    filtered = rows.count()
    assert 0 < filtered < all_rows, (filtered, all_rows)
    expect(page.locator("section.plan-area")).to_have_count(1)
    expect(page.locator("section.plan-area h2")).to_contain_text(label.split(". ", 1)[-1])
    expect(page.locator("#jumlah-kegiatan")).to_contain_text(f"Menampilkan {filtered} dari {all_rows}")
    _no_horizontal_scroll(page)
    screenshot(page, "03-rencana-aksi-area-360")

    # Staff log-in through the real form (CSRF on) and the dashboard.
    login(page, live_server, "admin@demo.example")
    expect(page).to_have_url(live_server("/admin/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Dasbor")
    panel = page.locator("section.account-panel")
    expect(panel).to_contain_text("Akun Anda")
    expect(panel).to_contain_text("admin@demo.example")
    expect(panel).to_contain_text("Administrator (pengguna, pengaturan)")
    _no_horizontal_scroll(page)
    screenshot(page, "04-dasbor-360")

    # Log out with the POST button; the dashboard is closed again.
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(re.compile(r"/admin/login$"))
    expect(page.get_by_role("status").first).to_contain_text("Anda telah keluar.")
    page.goto(live_server("/admin/"))
    expect(page).to_have_url(re.compile(r"/admin/login\?next="))

    assert page.console_log.errors() == [], page.console_log  # CSP violations and script errors land here


def test_wrong_password_shows_indonesian_error(page, live_server):
    login(page, live_server, "editor@demo.example", "bukan-kata-sandinya")
    expect(page.get_by_role("alert")).to_contain_text("E-mail atau kata sandi salah.")
    expect(page).to_have_url(live_server("/admin/login"))


def test_language_choice_sticks_across_pages(page, live_server):
    page.goto(live_server("/"))
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Portal services")).to_be_visible()
    page.goto(live_server("/admin/login"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff log-in")
    page.get_by_role("link", name="Bahasa Indonesia").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Masuk petugas")


def test_editor_edits_and_publishes_a_content_page(page, live_server):
    marker = "Kalimat uji e2e: laporkan gratifikasi paling lambat 30 hari kerja."
    login(page, live_server, "editor@demo.example")
    expect(page).to_have_url(live_server("/admin/"))
    menu = page.get_by_role("navigation", name="Menu admin")
    expect(menu.get_by_role("link", name="Pengguna")).to_have_count(0)  # not an admin
    menu.get_by_role("link", name="Konten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Halaman konten")

    page.get_by_role("link", name="Pengendalian Gratifikasi", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pengendalian Gratifikasi")
    body = page.get_by_label("Isi (Markdown)")
    body.fill(body.input_value() + "\n\n" + marker + "\n")
    page.get_by_label("Catatan perubahan").fill("Uji e2e: batas waktu pelaporan")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan & terbitkan").click()
    expect(page.get_by_role("status").first).to_contain_text("disimpan dan diterbitkan")
    expect(page.locator(".prose")).to_contain_text(marker)  # the preview shows the stored revision
    screenshot(page, "05-editor-konten-360")

    page.goto(live_server("/halaman/gratifikasi"))
    expect(page.locator("main")).to_contain_text(marker)
    _no_horizontal_scroll(page)
    screenshot(page, "06-halaman-gratifikasi-360")
    assert page.console_log.errors() == [], page.console_log

    # An editor may not open the admin-only pages.
    response = page.goto(live_server("/admin/pengguna"))
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_contain_text("Anda tidak memiliki akses")
