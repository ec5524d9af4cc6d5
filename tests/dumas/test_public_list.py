"""/pengaduan/daftar and /pengaduan/daftar/<number>: only published complaints (consent, not confidential,
published by staff), filters (kategori, status, bulan), pagination (halaman), the empty state, the timeline,
live status, nothing identifying; the form's deadlines from the settings, the receipt's tracking link, the
sitemap and robots."""
from __future__ import annotations

import html
import re
from datetime import date

from sqlalchemy import select

from portal.dumas import publication
from portal.dumas.models import Complaint
from portal.dumas.workflow import Deadlines, transition
from portal.extensions import db
from tests.dumas_factories import wib
from tests.dumas_public_helpers import form_data, load_categories
from tests.public_list_helpers import (
    PUBLIC_NOTE,
    SUMMARY,
    assert_no_secret,
    category,
    officer,
    planted_complaint,
    published_complaint,
)


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _numbers(page: str) -> list[str]:
    return re.findall(r'href="/pengaduan/daftar/(DUMAS-\d{4}-\d+)"', page)


def test_empty_list_says_so(client):
    response = client.get("/pengaduan/daftar")
    assert response.status_code == 200
    page = _text(response)
    assert 'id="daftar-kosong"' in page and "Belum ada aduan yang dipublikasikan." in page
    assert "0 aduan dipublikasikan" in page


def test_only_published_consented_non_confidential_complaints_are_listed(app, client):
    with app.app_context():
        shown = published_complaint()
        planted_complaint()  # consent, not published
        planted_complaint(consent=False)
        secret = published_complaint()
        secret.confidential = True
        db.session.commit()
        shown_number, secret_number = shown.number, secret.number
    page = _text(client.get("/pengaduan/daftar"))
    assert _numbers(page) == [shown_number]
    assert "1 aduan dipublikasikan" in page and SUMMARY in page
    assert_no_secret(page)
    assert client.get(f"/pengaduan/daftar/{secret_number}").status_code == 404
    assert client.get("/pengaduan/daftar/DUMAS-2026-99999").status_code == 404


def test_detail_shows_summary_timeline_dates_and_no_identity(app, client):
    with app.app_context():
        complaint = published_complaint()
        number = complaint.number
        db.session.commit()
    response = client.get(f"/pengaduan/daftar/{number}")
    assert response.status_code == 200
    page = _text(response)
    assert SUMMARY in page and PUBLIC_NOTE in page and "Pelayanan" in page
    timeline = re.search(r"<ol[^>]*data-public-timeline.*?</ol>", page, re.DOTALL).group(0)
    # received, verified, in process (the reporter's own addition is not public)
    assert timeline.count("<li") == 3
    for label in ("Diterima", "Diverifikasi", "Tenggat"):
        assert label in page
    assert_no_secret(page)


def test_status_changes_after_publication_show_live(app, client):
    with app.app_context():
        complaint = published_complaint()
        number = complaint.number
        transition(db.session, complaint, "selesai", officer(), Deadlines.from_config(app.config),
                   final_answer="Loket tambahan dibuka setiap Senin dan Kamis.")
        db.session.commit()
    page = _text(client.get(f"/pengaduan/daftar/{number}"))
    assert "Selesai" in page and "Loket tambahan dibuka setiap Senin dan Kamis." in page
    assert "Ditutup" in page
    page = _text(client.get("/pengaduan/daftar?status=closed"))
    assert _numbers(page) == [number]
    assert _numbers(_text(client.get("/pengaduan/daftar?status=open"))) == []


def test_filters_category_status_month(app, client):
    with app.app_context():
        other = category("logistik", "Logistik")
        november = published_complaint(received_at=wib(date(2026, 11, 10)))
        october = published_complaint(received_at=wib(date(2026, 10, 5)), cat=other)
        db.session.commit()
        nov, octo = november.number, october.number
    assert set(_numbers(_text(client.get("/pengaduan/daftar")))) == {nov, octo}
    assert _numbers(_text(client.get("/pengaduan/daftar?kategori=logistik"))) == [octo]
    assert _numbers(_text(client.get("/pengaduan/daftar?bulan=2026-11"))) == [nov]
    assert _numbers(_text(client.get("/pengaduan/daftar?bulan=2026-11&kategori=logistik"))) == []
    assert _numbers(_text(client.get("/pengaduan/daftar?status=diproses"))) == [nov, octo]
    assert _numbers(_text(client.get("/pengaduan/daftar?status=selesai"))) == []
    filtered = _text(client.get("/pengaduan/daftar?bulan=2025-01"))
    assert "Tidak ada aduan publik yang sesuai dengan saringan ini." in filtered
    assert _numbers(_text(client.get("/pengaduan/daftar?kategori=%3Cb%3E"))) == []  # matches nothing
    # unknown values are dropped, not errors
    for query in ("bulan=2026-13", "bulan=x", "status=apa", "halaman=abc"):
        response = client.get(f"/pengaduan/daftar?{query}")
        assert response.status_code == 200
        assert len(_numbers(_text(response))) == 2, query


def test_month_follows_the_office_calendar(app):
    start, end = publication.month_bounds("2026-11")
    assert start.isoformat() == "2026-10-31T17:00:00+00:00" and end.isoformat() == "2026-11-30T17:00:00+00:00"
    start, end = publication.month_bounds("2026-12")
    assert end.isoformat() == "2026-12-31T17:00:00+00:00"


def test_pagination_with_halaman_keeps_filters(app, client, monkeypatch):
    from portal.dumas import views

    monkeypatch.setattr(views, "LIST_PER_PAGE", 2)
    with app.app_context():
        numbers = [published_complaint(received_at=wib(date(2026, 11, day))).number for day in (2, 3, 4)]
        db.session.commit()
    first = _text(client.get("/pengaduan/daftar?status=open"))
    assert _numbers(first) == [numbers[2], numbers[1]]  # newest first
    assert "halaman=2" in first and "status=open" in re.search(r'href="[^"]*halaman=2[^"]*"', first).group(0)
    assert _numbers(_text(client.get("/pengaduan/daftar?status=open&halaman=2"))) == [numbers[0]]
    assert _numbers(_text(client.get("/pengaduan/daftar?halaman=99"))) == []


def test_english_list_marks_office_text_as_indonesian(app, client):
    with app.app_context():
        number = published_complaint().number
        db.session.commit()
    page = _text(client.get(f"/pengaduan/daftar/{number}?lang=en"))
    assert f'<p class="pre-line" lang="id" data-public-summary>{SUMMARY}</p>' in page
    assert "Available in Indonesian only" in page or "Indonesian" in page


# --- the form and the receipt --------------------------------------------------------------------------

def test_form_says_how_long_each_step_takes_from_the_settings(app, client):
    load_categories(app)
    page = _text(client.get("/pengaduan"))
    card = re.search(r'id="lama-penanganan-card".*?</section>', page, re.DOTALL).group(0)
    assert "paling lama 3 hari kerja" in card
    for text in ("Permintaan informasi: 5 hari kerja", "Tidak berkadar pengawasan: 14 hari kerja",
                 "Berkadar pengawasan: 60 hari kerja"):
        assert text in card
    app.config["DUMAS_VERIFY_DAYS"] = 2
    app.config["DUMAS_RESOLVE_DAYS"] = {"informasi": 7, "non_pengawasan": 10, "pengawasan": 30}
    card = re.search(r'id="lama-penanganan-card".*?</section>', _text(client.get("/pengaduan")),
                     re.DOTALL).group(0)
    assert "paling lama 2 hari kerja" in card and "Permintaan informasi: 7 hari kerja" in card


def test_receipt_tracking_link_fills_the_number_never_the_code(app, client):
    cats = load_categories(app)
    assert client.post("/pengaduan", data=form_data(cats["pelayanan"])).status_code == 302
    receipt = _text(client.get("/pengaduan/tanda-terima"))
    number = re.search(r'id="nomor-pengaduan">([^<]+)<', receipt).group(1)
    code = re.search(r'id="kode-akses">([^<]+)<', receipt).group(1)
    link = re.search(r'href="(/pengaduan/lacak\?[^"]*)"', receipt).group(1)
    assert link == f"/pengaduan/lacak?nomor={number}" and code not in link
    track = _text(client.get(link))
    assert re.search(rf'<input[^>]*name="number"[^>]*value="{number}"', track)
    # anything that is not a number is not echoed back into the form
    track = _text(client.get("/pengaduan/lacak?nomor=%3Cscript%3E"))
    assert not re.search(r'<input[^>]*name="number"[^>]*value="[^"]', track)


# --- sitemap and robots ----------------------------------------------------------------------------------

def test_sitemap_lists_the_list_and_each_published_detail(app, client):
    with app.app_context():
        shown = published_complaint().number
        hidden = planted_complaint().number
        db.session.commit()
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert "/pengaduan/daftar</loc>" in sitemap
    assert f"/pengaduan/daftar/{shown}</loc>" in sitemap and hidden not in sitemap
    robots = client.get("/robots.txt").get_data(as_text=True)
    assert "Disallow: /pengaduan/daftar" not in robots


def test_list_pages_are_micro_cacheable(app):
    from portal.core.perf import PageCache

    cache = PageCache(None, 10)
    assert cache._path_allowed("/pengaduan/daftar")
    assert cache._path_allowed("/pengaduan/daftar/DUMAS-2026-00001")
    assert not cache._path_allowed("/pengaduan/lacak") and not cache._path_allowed("/pengaduan")
    assert cache._path_allowed("/open311/v2/requests.json")


def test_query_reads_one_rule(app):
    with app.app_context():
        complaint = published_complaint()
        db.session.commit()
        assert db.session.scalar(select(Complaint.id).where(publication.published_clause())) == complaint.id


def test_demo_data_publishes_samples_that_the_openapi_examples_name(app, client):
    from portal.core import defaults, demo

    with app.app_context():
        defaults.load_all(db.session)
        lines = demo.load(db.session, "demo-uji-2026!")
        db.session.commit()
        shown = [c.number for c in db.session.scalars(publication.published_query())]
        first = db.session.scalar(select(Complaint.number).order_by(Complaint.received_at, Complaint.id))
    assert any("daftar aduan publik" in line for line in lines)
    assert 1 <= len(shown) <= 2 and first in shown
    assert first.endswith("-00001")
    assert client.get(f"/open311/v2/requests/{first}.json").status_code == 200
    assert set(_numbers(_text(client.get("/pengaduan/daftar")))) == set(shown)
