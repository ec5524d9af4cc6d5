"""DUMAS recaps: every matrix checked against a hand-counted data set, publishing, downloads, permissions."""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta, timezone

import openpyxl
import pytest
from sqlalchemy import func, select

from portal.core import periods
from portal.core.errors import DomainError
from portal.core.models.audit import AuditLog
from portal.dumas.models import Category, Complaint
from portal.extensions import db
from portal.recap import export as recap_export
from portal.recap import service as recaps
from portal.recap.models import RecapSnapshot

WIB = timezone(timedelta(hours=7))

# (received WIB, status, category slug or None, channel, days_to_close, closed_on_time)
# Hand count for 2026 (12 complaints; two more fall just outside the year):
#   Jan: #1 selesai, #2 selesai, #3 ditolak, #4 diterima (31 Jan 23.59 WIB = 16.59 UTC: still January)
#   Feb: #5 selesai (1 Feb 00.10 WIB = 31 Jan 17.10 UTC: February), #6 diproses, #7 diverifikasi,
#        #8 diteruskan
#   Mar: #9 selesai, #10 selesai, #11 ditolak (31 Mar 23.30 WIB = 16.30 UTC: March)
#   Apr: #12 selesai (1 Apr 00.30 WIB = 31 Mar 17.30 UTC: April)
CASES = [
    ((2026, 1, 5, 9, 0), "selesai", "pelayanan", "website", 4, True),
    ((2026, 1, 12, 10, 0), "selesai", "pelayanan", "email", 10, False),
    ((2026, 1, 20, 14, 0), "ditolak", "data-pemilih", "website", 2, True),
    ((2026, 1, 31, 23, 59), "diterima", None, "hotline", None, None),
    ((2026, 2, 1, 0, 10), "selesai", "data-pemilih", "website", 6, True),
    ((2026, 2, 14, 8, 0), "diproses", "logistik", "hotline", None, None),
    ((2026, 2, 20, 11, 0), "diverifikasi", "pelayanan", "email", None, None),
    ((2026, 2, 27, 15, 0), "diteruskan", "logistik", "email", 3, True),
    ((2026, 3, 3, 9, 30), "selesai", "logistik", "website", 15, False),
    ((2026, 3, 15, 13, 0), "selesai", "data-pemilih", "hotline", 7, True),
    ((2026, 3, 31, 23, 30), "ditolak", "pelayanan", "website", 1, False),
    ((2026, 4, 1, 0, 30), "selesai", "pelayanan", "email", 5, True),
    # outside 2026: 31 Dec 2025 23.00 WIB (16.00 UTC) and 1 Jan 2027 00.30 WIB (= 31 Dec 2026 17.30 UTC)
    ((2025, 12, 31, 23, 0), "selesai", "pelayanan", "website", 2, True),
    ((2027, 1, 1, 0, 30), "diterima", "logistik", "email", None, None),
]
CATEGORIES = [("pelayanan", "Pelayanan", 1), ("data-pemilih", "Data pemilih", 2), ("logistik", "Logistik", 3)]

STATUS_KEYS = ["diterima", "diproses", "selesai", "ditolak", "diteruskan"]


def add_complaint(session, seq, received_wib, status, category, channel, days=None, on_time=None,
                  categories=None):
    received = datetime(*received_wib, tzinfo=WIB)
    complaint = Complaint(
        number=f"DUMAS-{received.year}-{seq:05d}", year=received.year, seq=seq, access_code_hash="x",
        channel=channel, subject=f"Aduan {seq}", description="Uraian", status=status,
        category_id=categories[category].id if category else None, received_at=received,
        days_to_close=days, closed_on_time=on_time,
    )
    session.add(complaint)
    return complaint


def load_cases(app, extra_categories=()):
    with app.app_context():
        cats = {}
        for slug, name, order in list(CATEGORIES) + list(extra_categories):
            cats[slug] = Category(slug=slug, name=name, order=order)
            db.session.add(cats[slug])
        # an inactive category without complaints is not listed
        db.session.add(Category(slug="lama", name="Kategori lama", order=9, active=False))
        db.session.flush()
        for seq, (when, status, cat, channel, days, on_time) in enumerate(CASES, start=1):
            add_complaint(db.session, seq, when, status, cat, channel, days, on_time, cats)
        db.session.commit()


@pytest.fixture
def cases(app):
    load_cases(app)
    return app


def row_values(row):
    return [row["counts"][k] for k in STATUS_KEYS] + [row["total"]]


# ------------------------------------------------------------------------------------ hand-counted
def test_status_matrix_per_month_triwulan_and_year(cases):
    with cases.app_context():
        matrix = recaps.status_matrix(db.session, periods.year_period(2026))
    months = {row["key"]: row_values(row) for row in matrix["months"]}
    assert list(months) == [f"2026-{m:02d}" for m in range(1, 13)]
    assert months["2026-01"] == [1, 0, 2, 1, 0, 4]
    assert months["2026-02"] == [0, 2, 1, 0, 1, 4]  # diproses = 1 diverifikasi + 1 diproses
    assert months["2026-03"] == [0, 0, 2, 1, 0, 3]
    assert months["2026-04"] == [0, 0, 1, 0, 0, 1]
    for m in range(5, 13):
        assert months[f"2026-{m:02d}"] == [0, 0, 0, 0, 0, 0]
    quarters = {row["key"]: row_values(row) for row in matrix["quarters"]}
    assert quarters == {"2026-T1": [1, 2, 5, 2, 1, 11], "2026-T2": [0, 0, 1, 0, 0, 1],
                        "2026-T3": [0] * 6, "2026-T4": [0] * 6}
    assert next(row["label"] for row in matrix["quarters"]) == "Triwulan I 2026"
    assert row_values(matrix["total"]) == [1, 2, 6, 2, 1, 12]
    assert matrix["total"]["by_status"] == {"diterima": 1, "diverifikasi": 1, "diproses": 1, "selesai": 6,
                                          "ditolak": 2, "diteruskan": 1}
    assert matrix["months"][1]["by_status"]["diverifikasi"] == 1
    assert matrix["months"][1]["by_status"]["diproses"] == 1


def test_category_channel_and_followed_up_by_hand(cases):
    with cases.app_context():
        period = periods.year_period(2026)
        categories = {r["key"]: r["count"] for r in recaps.by_category(db.session, period)}
        channels = {r["key"]: r["count"] for r in recaps.by_channel(db.session, period)}
        followed = {r["key"]: [r["counts"]["selesai"], r["counts"]["ditolak"], r["counts"]["diteruskan"],
                               r["total"]]
                    for r in recaps.followed_up_by_category(db.session, period)}
    assert categories == {"pelayanan": 5, "data-pemilih": 3, "logistik": 3, "tanpa-kategori": 1}
    assert channels == {"website": 5, "email": 4, "hotline": 3, "whatsapp": 0, "surat": 0, "datang": 0,
                        "medsos": 0, "lapor": 0}
    assert followed == {"pelayanan": [3, 1, 0, 4], "data-pemilih": [2, 1, 0, 3], "logistik": [1, 0, 1, 2],
                        "tanpa-kategori": [0, 0, 0, 0]}


def test_median_and_on_time_share_by_hand(cases):
    with cases.app_context():
        year, t1 = periods.year_period(2026), periods.quarter_period(2026, 1)
        # selesai in 2026: 4, 5, 6, 7, 10, 15 -> (6 + 7) / 2; in T1: 4, 6, 7, 10, 15 -> 7
        assert recaps.median_days_to_resolve(db.session, year) == 6.5
        assert recaps.median_days_to_resolve(db.session, t1) == 7.0
        assert recaps.median_days_to_resolve(db.session, periods.month_period(2026, 6)) is None
        # closed in 2026: 9 (6 selesai, 2 ditolak, 1 diteruskan); late: #2, #9, #11
        assert recaps.on_time(db.session, year) == {"closed": 9, "on_time": 6, "late": 3,
                                                    "on_time_share": 66.7}
        assert recaps.on_time(db.session, t1) == {"closed": 8, "on_time": 5, "late": 3, "on_time_share": 62.5}
        assert recaps.on_time(db.session, periods.month_period(2026, 6))["on_time_share"] is None
        data = recaps.compute(db.session, year)
    assert data["totals"] == {"total": 12, "resolved": 6, "on_time_share": 66.7, "median_days": 6.5}
    assert data["resolution"]["resolved"] == 6
    json.dumps(data)  # plain JSON values only


def test_month_boundaries_are_in_wib(cases):
    with cases.app_context():
        march = recaps.status_matrix(db.session, periods.month_period(2026, 3))
        april = recaps.status_matrix(db.session, periods.month_period(2026, 4))
        january = recaps.status_matrix(db.session, periods.month_period(2026, 1))
        numbers = {c.seq: c.received_at for c in db.session.scalars(select(Complaint))}
    # 31 March 23.30 WIB is 16.30 UTC, 1 April 00.30 WIB is 31 March 17.30 UTC
    assert numbers[11] == datetime(2026, 3, 31, 16, 30, tzinfo=UTC)
    assert numbers[12] == datetime(2026, 3, 31, 17, 30, tzinfo=UTC)
    assert row_values(march["total"]) == [0, 0, 2, 1, 0, 3]  # #9, #10, #11
    assert row_values(april["total"]) == [0, 0, 1, 0, 0, 1]  # #12 only
    assert row_values(january["total"]) == [1, 0, 2, 1, 0, 4]  # #4 at 23.59 WIB stays in January
    assert april["quarters"][0]["label"] == "Triwulan II 2026 (sebagian)"


def test_custom_range_and_period_keys(cases):
    with cases.app_context():
        # 1 Feb .. 15 Mar: #5 #6 #7 #8 #9 #10
        period = periods.parse_period("20260201-20260315")
        matrix = recaps.status_matrix(db.session, period)
    assert period.type == "rentang" and period.label == "1 Februari 2026 – 15 Maret 2026"
    assert [row["key"] for row in matrix["months"]] == ["2026-02", "2026-03"]
    assert row_values(matrix["months"][1]) == [0, 0, 2, 0, 0, 2]
    assert row_values(matrix["total"]) == [0, 2, 3, 0, 1, 6]
    assert periods.parse_period("2026-t1").key == "2026-T1"
    assert periods.parse_period("2026-S2").end.isoformat() == "2026-12-31"
    assert periods.parse_period("2026-02").end.isoformat() == "2026-02-28"
    for bad in ["", "abc", "2026-13", "2026-T5", "1999", "20260231-20260301", "20260301-20260201"]:
        with pytest.raises(DomainError):
            periods.parse_period(bad)


def test_tables_add_up(cases):
    with cases.app_context():
        data = recaps.compute(db.session, periods.year_period(2026))
    tables = {t["id"]: t for t in recaps.tables(data)}
    assert list(tables) == ["status_bulanan", "status_triwulan", "kategori", "kanal", "penyelesaian",
                            "tindak_lanjut"]
    assert tables["status_bulanan"]["header"] == ["Bulan", "Diterima", "Diproses", "Selesai", "Ditolak",
                                                  "Diteruskan", "Jumlah"]
    assert tables["status_bulanan"]["footer"] == ["Jumlah", 1, 2, 6, 2, 1, 12]
    assert tables["kategori"]["footer"] == ["Jumlah", 12]
    assert tables["tindak_lanjut"]["footer"] == ["Jumlah", 6, 2, 1, 9]
    assert ["Median hari kerja penyelesaian (aduan selesai)", 6.5] in tables["penyelesaian"]["rows"]


# ------------------------------------------------------------------------------------ publishing
def publish(client, key, replace=False):
    data = {"period_key": key}
    if replace:
        data["replace"] = "y"
    return client.post("/admin/rekap/terbitkan", data=data)


def test_admin_publishes_and_public_page_shows_it(cases, client, login_as):
    assert "Belum ada rekapitulasi" in client.get("/rekap").get_data(as_text=True)
    admin = login_as("admin")
    response = publish(client, "2026-T1")
    assert response.status_code == 302 and "periode=2026-T1" in response.headers["Location"]
    with cases.app_context():
        snap = db.session.scalar(select(RecapSnapshot))
        assert (snap.kind, snap.period_type, snap.period_key) == ("dumas", "triwulan", "2026-T1")
        assert snap.published_by_id == admin.id
        assert (snap.period_start.isoformat(), snap.period_end.isoformat()) == ("2026-01-01", "2026-03-31")
        entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "recap.publish"))
        assert entry.user_id == admin.id and json.loads(entry.detail)["period"] == "2026-T1"
    html = client.get("/rekap").get_data(as_text=True)
    assert "Triwulan I 2026" in html and "/rekap/2026-T1" in html
    detail = client.get("/rekap/2026-T1")
    assert detail.status_code == 200
    page = detail.get_data(as_text=True)
    assert "Kategorisasi aduan yang telah ditindaklanjuti" in page
    assert '<th scope="col"' in page and "<caption>" in page
    # big-number tiles: total 11, selesai 5, 62,5% on time, median 7,0 working days
    assert re.search(r"Total aduan</p>\s*<p[^>]*>11<", page)
    assert re.search(r"Tepat waktu</p>\s*<p[^>]*>62,5%<", page)
    assert re.search(r"Median penyelesaian</p>\s*<p[^>]*>7,0<", page)
    # charts: vendored Chart.js, our script, data in a JSON block, no inline script
    assert "/static/vendor/chartjs/chart.umd.min.js" in page and "/static/js/recap-charts.js" in page
    blocks = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.DOTALL)
    inline = [attrs for attrs, body in blocks if body.strip() and 'type="application/json"' not in attrs]
    assert inline == []
    chart_json = next(body for attrs, body in blocks if 'id="rekap-chart-data"' in attrs)
    charts = json.loads(chart_json)
    assert charts["status"]["labels"] == ["Januari 2026", "Februari 2026", "Maret 2026"]
    assert charts["category"] == {"labels": ["Pelayanan", "Data pemilih", "Logistik", "Tanpa kategori"],
                                  "data": [4, 3, 3, 1]}
    assert 'id="rekap-grafik-status"' in page and 'aria-describedby="rekap-tabel-status_bulanan"' in page
    assert 'style="' not in page
    # lower-case key redirects to the canonical URL
    assert client.get("/rekap/2026-t1").headers["Location"].endswith("/rekap/2026-T1")


def test_published_recap_does_not_change_with_later_edits(cases, client, login_as):
    login_as("admin")
    publish(client, "2026")
    before = client.get("/api/v1/rekap/dumas/2026").json
    assert before["totals"] == {"total": 12, "resolved": 6, "on_time_share": 66.7, "median_days": 6.5}
    with cases.app_context():
        complaint = db.session.scalar(select(Complaint).where(Complaint.seq == 4))
        complaint.status, complaint.days_to_close, complaint.closed_on_time = "selesai", 30, False
        db.session.add(Complaint(number="DUMAS-2026-00099", year=2026, seq=99, access_code_hash="x",
                                 subject="Baru", description="Baru", channel="surat",
                                 received_at=datetime(2026, 5, 2, 3, 0, tzinfo=UTC)))
        db.session.commit()
    after = client.get("/api/v1/rekap/dumas/2026").json
    assert after["totals"] == before["totals"]
    assert after["status"] == before["status"]
    assert after["published_at"] == before["published_at"]
    page = client.get("/rekap/2026").get_data(as_text=True)
    assert re.search(r"Total aduan</p>\s*<p[^>]*>12<", page)
    # the staff live view has the new figures: 13 complaints, 7 selesai, median of 4,5,6,7,10,15,30 = 7
    live = client.get("/admin/rekap?periode=2026").get_data(as_text=True)
    assert re.search(r"Total aduan</p>\s*<p[^>]*>13<", live)
    assert re.search(r"Median penyelesaian</p>\s*<p[^>]*>7,0<", live)
    assert "sudah diterbitkan" in live


def test_republish_needs_explicit_confirmation_and_is_audited(cases, client, login_as):
    login_as("admin")
    publish(client, "2026-03")
    with cases.app_context():
        db.session.add(Complaint(number="DUMAS-2026-00077", year=2026, seq=77, access_code_hash="x",
                                 subject="Baru", description="Baru", channel="website",
                                 received_at=datetime(2026, 3, 10, 3, 0, tzinfo=UTC)))
        db.session.commit()
    response = publish(client, "2026-03")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "sudah diterbitkan pada" in page and "Centang konfirmasi" in page
    assert client.get("/api/v1/rekap/dumas/2026-03").json["totals"]["total"] == 3
    publish(client, "2026-03", replace=True)
    assert client.get("/api/v1/rekap/dumas/2026-03").json["totals"]["total"] == 4
    with cases.app_context():
        assert db.session.scalar(select(func.count()).select_from(RecapSnapshot)) == 1
        entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "recap.republish"))
        detail = json.loads(entry.detail)
        assert detail["previous_total"] == 3 and detail["total"] == 4


def test_future_period_cannot_be_published(cases, client, login_as):
    login_as("admin")
    response = publish(client, "2099")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "belum dimulai" in page
    assert client.get("/rekap/2099").status_code == 404


# ------------------------------------------------------------------------------------ downloads
def test_csv_xlsx_and_json_downloads_match(cases, client, login_as):
    login_as("admin")
    publish(client, "2026")
    with cases.app_context():
        snapshot = db.session.scalar(select(RecapSnapshot))
        expected = {t["id"]: t for t in recaps.tables(recaps.snapshot_data(snapshot))}

    # one table per CSV file (issue 12 §1): the main table (status per month) at the period's own URL
    response = client.get("/rekap/2026.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'filename="rekap-dumas-2026.csv"' in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf") and b"\r\n" in body
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    status_keys = [c["key"] for c in recaps.snapshot_data(snapshot)["status_columns"]]
    assert rows[0] == ["period", "label", *status_keys, "total"]
    assert rows[1] == ["2026-01", "Januari 2026", "1", "0", "2", "1", "0", "4"] and len(rows) == 13
    assert not any(row[0] in ("Jumlah", "Periode") for row in rows)  # no title, meta or total rows
    assert client.get("/rekap/2026?format=csv").get_data() == response.get_data()

    single = client.get("/rekap/2026/kanal.csv")
    assert 'filename="rekap-dumas-2026-kanal.csv"' in single.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(single.get_data().decode("utf-8-sig"))))
    assert rows[0] == ["channel", "label", "count"] and len(rows) == 9
    assert sum(int(r[2]) for r in rows[1:]) == 12
    assert ["Pelayanan", "3", "1", "0", "4"] == list(csv.reader(io.StringIO(
        client.get("/rekap/2026/tindak_lanjut.csv").get_data().decode("utf-8-sig"))))[1][1:]
    for table_id in expected:
        part = client.get(f"/rekap/2026/{table_id}.csv")
        assert part.status_code == 200 and part.get_data().startswith(b"\xef\xbb\xbf"), table_id
    # the older ?tabel= links move to the table's own URL
    moved = client.get("/rekap/2026.csv?tabel=kanal")
    assert moved.status_code == 301 and moved.headers["Location"].endswith("/rekap/2026/kanal.csv")
    assert client.get("/rekap/2026.csv?tabel=tidak-ada").status_code == 404
    assert client.get("/rekap/2026/tidak-ada.csv").status_code == 404

    response = client.get("/rekap/2026.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    assert book.sheetnames[0] == "Info" and len(book.sheetnames) == 1 + len(expected)
    sheet = book["Status per bulan"]
    grid = [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert grid[0] == expected["status_bulanan"]["header"]
    assert grid[1] == ["Januari 2026", 1, 0, 2, 1, 0, 4]
    assert grid[13] == ["Jumlah", 1, 2, 6, 2, 1, 12]
    grid = [list(r) for r in book["Penyelesaian"].iter_rows(min_row=4, max_row=9,
                                                                                 values_only=True)]
    assert grid == [[label, value if value is not None else None]
                    for label, value in expected["penyelesaian"]["rows"]]
    assert client.get("/rekap/2026?format=xlsx").status_code == 200

    listing = client.get("/api/v1/rekap/dumas").json
    assert listing["count"] == 1 and listing["items"][0]["period_key"] == "2026"
    assert listing["items"][0]["csv"].endswith("/rekap/2026.csv")
    detail = client.get("/api/v1/rekap/dumas/2026").json
    assert {t["id"]: t for t in detail["tables"]}["kategori"]["rows"] == expected["kategori"]["rows"]
    assert detail["by_channel"][0] == {"key": "website", "label": "Situs web (formulir daring)", "count": 5}
    assert client.get("/rekap/2026?format=json").json == detail


def test_formula_injection_is_neutralised(app, client, login_as):
    load_cases(app, extra_categories=[("jahat", '=HYPERLINK("http://contoh.invalid","klik")', 4)])
    with app.app_context():
        cat = db.session.scalar(select(Category).where(Category.slug == "jahat"))
        db.session.add(Complaint(number="DUMAS-2026-00050", year=2026, seq=50, access_code_hash="x",
                                 subject="A", description="B", channel="website", category_id=cat.id,
                                 received_at=datetime(2026, 2, 2, 3, 0, tzinfo=UTC)))
        db.session.commit()
    login_as("admin")
    publish(client, "2026")
    rows = list(csv.reader(io.StringIO(client.get("/rekap/2026/kategori.csv").get_data()
                                       .decode("utf-8-sig"))))
    assert ["'=HYPERLINK(\"http://contoh.invalid\",\"klik\")", "1"] in [row[1:] for row in rows]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    book = openpyxl.load_workbook(io.BytesIO(client.get("/rekap/2026.xlsx").get_data()))
    cells = [c for row in book["Per kategori"].iter_rows() for c in row if isinstance(c.value, str)]
    evil = [c for c in cells if "HYPERLINK" in c.value]
    assert evil and all(c.data_type == "s" and not c.value.startswith("=") for c in evil)
    assert all(c.data_type != "f" for sheet in book for row in sheet.iter_rows() for c in row)
    assert recap_export.safe_cell("-5 aduan") == "'-5 aduan" and recap_export.safe_cell(-5) == -5
    # the HTML page escapes it as text
    assert "=HYPERLINK(&#34;http://contoh.invalid&#34;" in client.get("/rekap/2026").get_data(as_text=True)


# ------------------------------------------------------------------------------------ access
def test_unpublished_or_invalid_period_is_404(cases, client, login_as):
    login_as("admin")
    publish(client, "2026-T1")
    for url in ["/rekap/2026-T2", "/rekap/2026-T2.csv", "/rekap/2026-T2.xlsx", "/rekap/2026-T2?format=csv",
                "/api/v1/rekap/dumas/2026-T2", "/rekap/bukan-periode", "/rekap/2026-T9.csv",
                "/api/v1/rekap/dumas/xyz"]:
        assert client.get(url).status_code == 404, url
    api = client.get("/api/v1/rekap/dumas/2026-T2")
    assert api.json == {"error": "Halaman tidak ditemukan.", "status": 404}


@pytest.mark.parametrize("role", ["dumas", "pimpinan", "admin"])
def test_staff_roles_see_live_figures(cases, client, login_as, role):
    login_as(role)
    page = client.get("/admin/rekap?periode=2026-T1")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Triwulan I 2026" in html and re.search(r"Total aduan</p>\s*<p[^>]*>11<", html)
    assert ("/admin/rekap/terbitkan" in html) == (role == "admin")
    assert 'data-confirm="' in html if role == "admin" else "Hanya administrator" in html
    assert "Rekapitulasi" in client.get("/admin/").get_data(as_text=True)


@pytest.mark.parametrize("role", ["dumas", "pimpinan", "editor", "wbs"])
def test_non_admin_cannot_publish(cases, client, login_as, role):
    login_as(role)
    assert publish(client, "2026-T1").status_code == 403
    with cases.app_context():
        assert db.session.scalar(select(func.count()).select_from(RecapSnapshot)) == 0


@pytest.mark.parametrize("role", ["editor", "wbs"])
def test_other_roles_cannot_see_live_recap(cases, client, login_as, role):
    login_as(role)
    assert client.get("/admin/rekap").status_code == 403


def test_anonymous_is_sent_to_login(cases, client):
    for response in [client.get("/admin/rekap"), publish(client, "2026")]:
        assert response.status_code == 302 and "/admin/login" in response.headers["Location"]
    with cases.app_context():
        assert db.session.scalar(select(func.count()).select_from(RecapSnapshot)) == 0


def test_period_chooser(cases, client, login_as):
    login_as("dumas")
    html = client.get("/admin/rekap?period_type=bulan&year=2026&month=4").get_data(as_text=True)
    assert "April 2026" in html and re.search(r"Total aduan</p>\s*<p[^>]*>1<", html)
    html = client.get("/admin/rekap?period_type=rentang&start=2026-02-01&end=2026-03-15").get_data(
        as_text=True)
    assert re.search(r"Total aduan</p>\s*<p[^>]*>6<", html)
    bad = client.get("/admin/rekap?period_type=rentang&start=2026-03-15&end=2026-02-01")
    assert bad.status_code == 400
    assert "Tanggal akhir tidak boleh sebelum tanggal awal" in bad.get_data(as_text=True)
    bad = client.get("/admin/rekap?periode=2026-T7")
    assert bad.status_code == 400 and "Periode tidak dikenal" in bad.get_data(as_text=True)
    bad = client.get("/admin/rekap?period_type=tahun&year=abc")
    assert bad.status_code == 400 and "Tahun harus berupa angka" in bad.get_data(as_text=True)
    bad = client.get("/admin/rekap?period_type=rentang&start=2026-02-30&end=2026-03-01")
    assert bad.status_code == 400 and "Tanggal tidak valid" in bad.get_data(as_text=True)
    assert "Not a valid" not in bad.get_data(as_text=True)


def test_publish_needs_csrf_token(cases, client, login_as):
    login_as("admin")
    cases.config["WTF_CSRF_ENABLED"] = True  # read per request by Flask-WTF
    response = client.post("/admin/rekap/terbitkan", data={"period_key": "2026"})
    assert response.status_code == 400
    with cases.app_context():
        assert db.session.scalar(select(func.count()).select_from(RecapSnapshot)) == 0
    page = client.get("/admin/rekap?periode=2026").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)[1]
    response = client.post("/admin/rekap/terbitkan", data={"period_key": "2026", "csrf_token": token})
    assert response.status_code == 302
    with cases.app_context():
        assert db.session.scalar(select(func.count()).select_from(RecapSnapshot)) == 1


def test_detail_page_links_each_table_to_its_own_csv(cases, client, login_as):
    """Issue 12 §1: one table per CSV file; the page links every table's file and the JSON."""
    login_as("admin")
    publish(client, "2026")
    page = client.get("/rekap/2026").get_data(as_text=True)
    for url in ("/rekap/2026.csv", "/rekap/2026.xlsx", "/api/v1/rekap/dumas/2026", "/rekap/2026/kanal.csv",
                "/rekap/2026/status_triwulan.csv", "/rekap/2026/tindak_lanjut.csv"):
        assert f'href="{url}"' in page, url
    response = client.get("/rekap/2026/kanal.csv")
    assert response.headers["Access-Control-Allow-Origin"] == "*" and response.headers["ETag"]
    assert response.headers["Last-Modified"]
    etag = response.headers["ETag"]
    assert client.get("/rekap/2026/kanal.csv", headers={"If-None-Match": etag}).status_code == 304
