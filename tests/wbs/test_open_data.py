"""WBS quarterly counts in open formats (issue 12 §1): JSON, CSV and XLSX of the PUBLISHED quarters only,
numbers only."""
from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from portal.accounts.models import User
from portal.extensions import db
from portal.wbs import get_cipher, service
from portal.wbs.models import WBS_CATEGORIES, WBS_STATUSES
from tests.open_formats_helpers import assert_open, check_response, csv_rows, fragment_document

SECRET = "=Laporan rahasia tentang pejabat"


def publish(app, make_user, quarters=((2026, 1),)) -> None:
    staff_id = make_user("wbs").id
    with app.app_context():
        cipher = get_cipher()
        for category, day in (("gratifikasi", date(2026, 2, 3)), ("gratifikasi", date(2026, 3, 3)),
                              ("korupsi", date(2026, 3, 9)), ("pengadaan", date(2026, 5, 5))):
            service.submit_report(db.session, cipher, category=category, what=SECRET, today=day)
        staff = db.session.get(User, staff_id)
        for year, quarter in quarters:
            service.publish_quarter(db.session, staff, year, quarter)
        db.session.commit()


def test_the_fragment_is_a_valid_openapi_document():
    document = fragment_document("wbs")
    assert set(document["paths"]) == {"/api/v1/wbs/triwulan", "/api/v1/wbs/triwulan/{period_key}"}
    assert all(name.startswith("Wbs") for name in document["components"]["schemas"])


def test_json_has_the_published_quarters_only(app, client, make_user):
    empty = client.get("/api/v1/wbs/triwulan")
    assert empty.json["count"] == 0 and empty.json["items"] == []
    check_response("wbs", "/api/v1/wbs/triwulan", "/api/v1/wbs/triwulan", empty)
    publish(app, make_user)

    listing = client.get("/api/v1/wbs/triwulan")
    assert_open(listing)
    assert listing.headers["Last-Modified"] and "public" in listing.headers["Cache-Control"]
    check_response("wbs", "/api/v1/wbs/triwulan", "/api/v1/wbs/triwulan", listing)
    assert [q["period_key"] for q in listing.json["items"]] == ["2026-T1"]

    quarter = client.get("/api/v1/wbs/triwulan/2026-T1")
    assert_open(quarter)
    check_response("wbs", "/api/v1/wbs/triwulan/2026-T1", "/api/v1/wbs/triwulan/{period_key}", quarter,
                   {"period_key": "2026-T1"})
    data = quarter.json
    assert data["total"] == 3 and data["by_status"]["diterima"] == 3
    by_category = {row["category"]: row for row in data["by_category"]}
    assert set(by_category) == set(WBS_CATEGORIES)
    assert by_category["gratifikasi"]["total"] == 2
    assert by_category["gratifikasi"]["by_status"]["diterima"] == 2
    assert data["recommendations"] == {"by_status": {"belum": 0, "proses": 0, "selesai": 0}, "total": 0,
                                       "followup_percent": None}
    assert "Laporan rahasia" not in quarter.get_data(as_text=True)
    assert client.get("/api/v1/wbs/triwulan/2026-T1",
                      headers={"If-None-Match": quarter.headers["ETag"]}).status_code == 304

    for key in ("2026-T2", "2026", "2026-S1", "bukan", "2026-t1"):  # not published, or not a quarter
        missing = client.get(f"/api/v1/wbs/triwulan/{key}")
        assert missing.status_code == 404, key
    check_response("wbs", "/api/v1/wbs/triwulan/2026-T2", "/api/v1/wbs/triwulan/{period_key}",
                   client.get("/api/v1/wbs/triwulan/2026-T2"), {"period_key": "2026-T2"})


def test_csv_and_xlsx_count_each_published_quarter_by_category(app, client, make_user):
    publish(app, make_user, quarters=((2026, 1), (2026, 2)))
    response = client.get("/wbs/rekap.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert_open(response)
    assert "public" in response.headers["Cache-Control"]  # not the no-store of the WBS pages
    rows = csv_rows(response)
    assert rows[0] == ["period", "category", "category_label", *WBS_STATUSES, "total"]
    assert len(rows) == 1 + 2 * len(WBS_CATEGORIES)
    gratifikasi = next(r for r in rows if r[:2] == ["2026-T1", "gratifikasi"])
    assert gratifikasi[2] == "Gratifikasi" and gratifikasi[3] == "2" and gratifikasi[-1] == "2"
    assert next(r for r in rows if r[:2] == ["2026-T2", "pengadaan"])[-1] == "1"
    body = response.get_data(as_text=True)
    assert "rahasia" not in body

    recommendations = csv_rows(client.get("/wbs/rekap/rekomendasi.csv"))
    assert recommendations[0] == ["period", "belum", "proses", "selesai", "total", "followup_percent"]
    assert recommendations[1:] == [["2026-T2", "0", "0", "0", "0", ""], ["2026-T1", "0", "0", "0", "0", ""]]
    assert client.get("/wbs/rekap/jumlah.csv").get_data() == response.get_data()
    assert client.get("/wbs/rekap/tidak-ada.csv").status_code == 404

    xlsx = client.get("/wbs/rekap.xlsx")
    assert_open(xlsx)
    book = load_workbook(io.BytesIO(xlsx.get_data()))
    assert len(book.sheetnames) == 2
    grid = [list(r) for r in book[book.sheetnames[0]].iter_rows(values_only=True)]
    assert len(grid) == len(rows) and grid[1][:2] == ["2026-T2", "korupsi"]

    page = client.get("/wbs/rekap").get_data(as_text=True)
    for url in ("/wbs/rekap.csv", "/wbs/rekap.xlsx", "/api/v1/wbs/triwulan", "/wbs/rekap/rekomendasi.csv"):
        assert f'href="{url}"' in page, url
