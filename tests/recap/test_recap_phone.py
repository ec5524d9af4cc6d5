"""/rekap on a phone (issue 12 §4): each table's title and note stand above its scrolling box (inside it
they were as wide as the table and cut at the screen's edge); the chart captions name the chart drawn for
the period (one month: bars per status; several: lines; categories and channels: bars)."""
from __future__ import annotations

import re

from portal.accounts import service as accounts
from portal.core import periods
from portal.extensions import db
from portal.recap import service as recaps
from tests.phone_helpers import english_app
from tests.recap.test_recaps import load_cases, publish


def _blocks(html: str) -> list[str]:
    return re.findall(r'<div class="recap-table-block">(.*?)<div class="table-responsive', html, re.DOTALL)


def test_titles_and_notes_stand_outside_the_scrolling_box(app, client, login_as):
    load_cases(app)
    login_as("admin")
    assert publish(client, "2026-T1").status_code == 302
    html = client.get("/rekap/2026-T1").get_data(as_text=True)
    blocks = _blocks(html)
    assert len(blocks) == 6
    assert all('<h3 class="h6 fw-semibold mb-1 recap-table-title">' in b for b in blocks)
    status = next(b for b in blocks if "Status aduan per bulan" in b)
    note = re.search(r'<p class="small mb-2 recap-table-note" id="(rekap-catatan-status_bulanan)">', status)
    assert note, status
    # the table keeps its name (caption) and points at the note it no longer holds
    assert ('<table class="table table-sm table-bordered table-hover align-middle recap-table" '
            'id="rekap-tabel-status_bulanan" aria-describedby="rekap-catatan-status_bulanan">') in html
    assert "<caption>Status aduan per bulan</caption>" in html
    css = client.get("/static/css/recap.css").get_data(as_text=True)
    assert ".recap-table > caption" in css and "position: sticky" in css


def test_chart_captions_follow_the_period(app, client, login_as):
    load_cases(app)
    login_as("admin")
    assert publish(client, "2026-T1").status_code == 302
    assert publish(client, "2026-02").status_code == 302
    several = client.get("/rekap/2026-T1").get_data(as_text=True)
    assert "Grafik garis: jumlah aduan per bulan menurut status" in several
    one = client.get("/rekap/2026-02").get_data(as_text=True)
    assert "Grafik batang: jumlah aduan menurut status" in one
    assert "Grafik garis" not in one
    for html in (several, one):
        assert "Grafik batang: aduan per kategori" in html and "Grafik batang: aduan per kanal" in html
        assert "donat" not in html and "bertumpuk" not in html


def test_chart_captions_in_english(app_factory, tmp_path):
    with english_app(app_factory, tmp_path / "en") as app:
        load_cases(app)
        client = app.test_client()
        with app.app_context():
            admin = accounts.create_user(db.session, "rekap-en@uji.example", "rahasia-uji-123", ["admin"])
            db.session.flush()
            recaps.publish(db.session, periods.month_period(2026, 2), admin)
            db.session.commit()
        html = client.get("/rekap/2026-02?lang=en").get_data(as_text=True)
    assert "Bar chart: complaints by status" in html and "Bar chart: complaints by channel" in html
    assert "Grafik" not in html
