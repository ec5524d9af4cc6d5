"""Staff screens in a real browser at 360 and 1280 px: the dashboard of each role opens with what to act on
today (DUMAS officer, WBS team, editor: drafts and SKM follow-ups), each figure leads to the filtered list;
the audit log reads in words; the content editor's preview follows the typing (JavaScript) and the
"Pratinjau" button does the same without JavaScript, losing nothing typed.
axe 0 violations on each page as reached."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (
    assert_accessible,
    both_widths,
    login,
    new_staff_account,
    no_horizontal_scroll,
    shot,
)

pytestmark = pytest.mark.e2e


@both_widths
def test_dumas_officer_dashboard_leads_to_the_overdue_list(page, live_server):
    login(page, live_server, "dumas@demo.example")
    expect(page).to_have_url(live_server("/admin/"))
    panel = page.locator("section[data-panel=dumas]")
    expect(panel).to_be_visible()
    overdue = panel.get_by_role("link", name=re.compile(r"^Terlambat: \d+$"))
    expect(overdue).to_be_visible()
    expect(panel.get_by_role("link", name=re.compile(r"^Baru sejak log-in terakhir: \d+$"))).to_be_visible()
    # what to act on comes first; "Akun Anda" after it, smaller
    panel_top = panel.bounding_box()["y"]
    account_top = page.locator("#akun-anda").bounding_box()["y"]
    if page.viewport_size["width"] < 1200:
        assert panel_top < account_top
    no_horizontal_scroll(page)
    assert_accessible(page, "dasbor DUMAS")
    shot(page, "dasbor-dumas")
    with page.expect_navigation():
        overdue.click()
    assert "tenggat=terlambat" in page.url
    assert page.console_log.errors() == [], page.console_log


@both_widths
def test_wbs_team_dashboard_shows_wbs_counts(page, live_server, viewport):
    email = new_staff_account(live_server, ["wbs"], f"Tim WBS dasbor {viewport['width']}")
    login(page, live_server, email)
    expect(page).to_have_url(live_server("/admin/"))
    panel = page.locator("section[data-panel=wbs]")
    expect(panel.get_by_role("heading", name="Whistle Blowing System (WBS)")).to_be_visible()
    expect(panel.get_by_role("link", name=re.compile(r"^Laporan terbuka: \d+$"))).to_be_visible()
    expect(panel).not_to_contain_text("WBS-20")  # counts only
    expect(page.locator("section[data-panel=dumas]")).to_have_count(0)
    no_horizontal_scroll(page)
    assert_accessible(page, "dasbor WBS")
    shot(page, "dasbor-wbs")
    with page.expect_navigation():
        panel.get_by_role("link", name=re.compile(r"^Terlambat: \d+$")).click()
    assert "/admin/wbs?tenggat=terlambat" in page.url


@both_widths
def test_editor_dashboard_shows_drafts_and_the_skm_follow_ups(page, live_server):
    login(page, live_server, "editor@demo.example")
    expect(page).to_have_url(live_server("/admin/"))
    editor = page.locator("section[data-panel=editor]")
    skm = page.locator("section[data-panel=skm]")
    expect(editor.get_by_role("link", name=re.compile(r"^Halaman berisi draf: \d+$"))).to_be_visible()
    expect(skm.get_by_role("link", name=re.compile(r"^Tindak lanjut terlambat: \d+$"))).to_be_visible()
    new_answers = re.compile(r"^Jawaban baru sejak log-in terakhir: \d+$")
    expect(skm.get_by_role("link", name=new_answers)).to_be_visible()
    expect(page.locator("section[data-panel=dumas]")).to_have_count(0)
    no_horizontal_scroll(page)
    assert_accessible(page, "dasbor editor")
    shot(page, "dasbor-editor")
    with page.expect_navigation():
        editor.get_by_role("link", name=re.compile(r"^Draf standar pelayanan: \d+$")).click()
    assert page.url.endswith("/admin/standar-pelayanan/")
    page.go_back()
    with page.expect_navigation():
        page.locator("section[data-panel=skm]").get_by_role(
            "link", name=re.compile(r"^Tindak lanjut belum terealisasi: \d+$")).click()
    assert "/admin/survei/hasil" in page.url and page.url.endswith("#tindak-lanjut")
    assert page.console_log.errors() == [], page.console_log


@both_widths
def test_audit_log_reads_in_words_and_filters(page, live_server):
    login(page, live_server, "pimpinan@demo.example")
    page.goto(live_server("/admin/audit"))
    table = page.get_by_role("table", name="Log audit")
    expect(table).to_contain_text("Masuk")  # auth.login in words
    page.get_by_label("Aksi").select_option("auth.login")
    page.get_by_label("Dari tanggal").fill("2020-01-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Saring").click()
    assert "aksi=auth.login" in page.url and "dari=2020-01-01" in page.url
    expect(page.get_by_role("link", name="Unduh XLSX")).to_be_visible()
    assert_accessible(page, "log audit")
    shot(page, "log-audit")
    page.goto(live_server("/admin/audit?dari=kemarin"))
    expect(page.get_by_role("alert")).to_contain_text('Tanggal "dari" tidak valid')
    assert_accessible(page, "log audit, tanggal salah")


def _open_editor(page, live_server) -> None:
    login(page, live_server, "editor@demo.example")
    page.goto(live_server("/admin/konten/"))
    page.get_by_role("link", name="Pengendalian Gratifikasi", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pengendalian Gratifikasi")


@both_widths
def test_live_preview_follows_the_typing(page, live_server, viewport):
    _open_editor(page, live_server)
    preview = page.locator("[data-live-preview]")
    expect(preview).to_have_attribute("data-preview-live", "1")
    expect(page.get_by_role("button", name="Pratinjau")).to_be_hidden()  # the live preview replaces it
    marker = f"Pratinjau langsung {viewport['width']}"
    body = page.get_by_label("Isi (Markdown)")
    body.fill(f"## {marker}\n\nTeks **tebal** dan [tautan jahat](javascript:alert(1)).\n\n"
              "<script>alert(2)</script>")
    page.get_by_label("Judul").fill("Judul baru <i>uji</i>")
    expect(preview).to_have_attribute("data-preview-state", "fresh")
    expect(preview.locator("h4")).to_have_text([marker])
    expect(preview.locator("strong")).to_have_text(["tebal"])
    expect(preview.locator("[data-preview-title]")).to_have_text("Judul baru <i>uji</i>")
    assert preview.locator("script").count() == 0
    assert "javascript:" not in (preview.locator("a", has_text="tautan jahat").get_attribute("href") or "")
    no_horizontal_scroll(page)
    assert_accessible(page, "editor konten, pratinjau langsung")
    shot(page, "editor-pratinjau-langsung")
    assert page.console_log.errors() == [], page.console_log


@both_widths
def test_preview_button_without_javascript(browser, live_server, viewport):
    context = browser.new_context(viewport=viewport, locale="id-ID", timezone_id="Asia/Jakarta",
                                  java_script_enabled=False)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        _open_editor(page, live_server)
        marker = f"Pratinjau tanpa JS {viewport['width']}"
        body = page.get_by_label("Isi (Markdown)")
        typed = f"## {marker}\n\nIsi *miring* yang diketik."
        body.fill(typed)
        page.get_by_label("Catatan perubahan").fill("catatan belum disimpan")
        with page.expect_navigation():
            page.get_by_role("button", name="Pratinjau").click()
        preview = page.locator("[data-live-preview]")
        expect(preview.locator("h4")).to_have_text([marker])
        assert "<em>miring</em>" in preview.inner_html()
        expect(page.get_by_label("Isi (Markdown)")).to_have_value(typed)  # nothing typed is lost
        expect(page.get_by_label("Catatan perubahan")).to_have_value("catatan belum disimpan")
        no_horizontal_scroll(page)
        # (axe needs JavaScript in the page: test_live_preview_follows_the_typing checks the same markup)
        shot(page, "editor-pratinjau-tanpa-js")
        page.goto(live_server("/halaman/gratifikasi"))
        expect(page.locator("main")).not_to_contain_text(marker)  # a preview saves nothing
    finally:
        context.close()
