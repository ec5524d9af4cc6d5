"""The action plan and its progress in open formats (issue 12 §1): /rencana-aksi.csv and .xlsx (the rows
of the page, same filters), /rencana-aksi/progres.csv, /rencana-aksi/progres/area.csv and .xlsx."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from portal.action_plan import service as action_plan
from portal.extensions import db
from tests.action_plan.test_action_plan import CODES
from tests.open_formats_helpers import assert_open, csv_rows

PLAN_KEYS = ["code", "year", "sequence", "area_code", "area_title", "subgroup_code", "subgroup_title",
             "number", "component", "indicator", "action_step", "evidence", "schedule", "months",
             "responsible"]


@pytest.fixture
def loaded(app):
    with app.app_context():
        action_plan.load_shipped_plans(db.session)
        db.session.commit()
    return app


def test_plan_csv_has_every_row_with_english_keys(loaded, client):
    response = client.get("/rencana-aksi.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "rencana-aksi-2026.csv" in response.headers["Content-Disposition"]
    assert_open(response)
    rows = csv_rows(response)
    assert rows[0] == PLAN_KEYS
    assert [r[0] for r in rows[1:]] == CODES
    wbs = dict(zip(PLAN_KEYS, next(r for r in rows if r[0] == "V.2.1b"), strict=True))
    assert wbs == {
        "code": "V.2.1b", "year": "2026", "sequence": "18", "area_code": "V",
        "area_title": "PENGUATAN PENGAWASAN",
        "subgroup_code": "2", "subgroup_title": "Pelaksanaan Whistle Blowing System", "number": "1",
        "component": "Internalisasi Whistle Blowing System dan penerapannya",
        "indicator": "Whistle Blowing System telah diterapkan",
        "action_step": "Implementasi Whistle Blowing System",
        "evidence": "Laporan Hasil Rapat Whistle Blowing System internal", "schedule": "Per Triwulan",
        "months": "3 6 9 12", "responsible": "TIM PENGUATAN PENGAWASAN"}
    assert next(r for r in rows if r[0] == "II.1")[5:7] == ["", ""]
    etag = response.headers["ETag"]
    assert client.get("/rencana-aksi.csv", headers={"If-None-Match": etag}).status_code == 304


def test_plan_downloads_follow_the_page_filters(loaded, client):
    rows = csv_rows(client.get("/rencana-aksi.csv?area=V&bulan=3"))
    api = client.get("/api/v1/rencana-aksi?area=V&bulan=3").json
    assert [r[0] for r in rows[1:]] == [row["code"] for row in api["items"]] and len(rows) == 18
    assert client.get("/rencana-aksi.csv?bulan=abc").status_code == 400
    assert client.get("/rencana-aksi.xlsx?area=X").status_code == 400

    xlsx = client.get("/rencana-aksi.xlsx?tim=TIM+PENGUATAN+AKUNTABILITAS")
    book = load_workbook(io.BytesIO(xlsx.get_data()))
    assert len(book.sheetnames) == 1
    grid = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    assert grid[0][:3] == ["Kode", "Tahun", "Urutan"] and [g[0] for g in grid[1:]] == ["IV.1", "IV.2"]
    assert grid[1][1] == 2026

    page = client.get("/rencana-aksi?area=V").get_data(as_text=True)
    for url in ("/rencana-aksi.csv?area=V", "/rencana-aksi.xlsx?area=V", "/api/v1/rencana-aksi?area=V"):
        assert f'href="{url}' in page, url


def test_plan_csv_without_a_plan_is_a_header_only(client):
    rows = csv_rows(client.get("/rencana-aksi.csv"))
    assert rows == [PLAN_KEYS]


def test_progress_csv_per_row_and_per_area_and_xlsx(loaded, client):
    response = client.get("/rencana-aksi/progres.csv?tahun=2026")
    assert response.status_code == 200
    assert "progres-rencana-aksi-2026.csv" in response.headers["Content-Disposition"]
    assert_open(response)
    rows = csv_rows(response)
    assert rows[0] == ["year", "area_code", "code", "action_step", "responsible", "status", "status_label",
                       "period_count", "periods_accepted", "percent"]
    assert [r[2] for r in rows[1:]] == CODES
    assert all(r[5] == "belum" and r[8] == "0" for r in rows[1:])
    api = client.get("/api/v1/rencana-aksi/progres?tahun=2026").json
    assert sum(int(r[7]) for r in rows[1:]) == api["total"]["period_count"]

    areas = csv_rows(client.get("/rencana-aksi/progres/area.csv?tahun=2026"))
    assert areas[0] == ["year", "area_code", "area_title", "activity_count", "activities_done",
                        "period_count", "periods_accepted", "percent"]
    assert [a[1] for a in areas[1:]] == [a["code"] for a in api["areas"]]
    assert [int(a[3]) for a in areas[1:]] == [a["activity_count"] for a in api["areas"]]
    assert client.get("/rencana-aksi/progres/tidak-ada.csv").status_code == 404
    assert client.get("/rencana-aksi/progres.csv?tahun=1990").status_code == 404

    book = load_workbook(io.BytesIO(client.get("/rencana-aksi/progres.xlsx").get_data()))
    assert len(book.sheetnames) == 2
    assert len(list(book.worksheets[0].iter_rows())) == len(rows)

    page = client.get("/rencana-aksi/progres?tahun=2026").get_data(as_text=True)
    for url in ("/rencana-aksi/progres.csv?tahun=2026", "/rencana-aksi/progres.xlsx?tahun=2026",
                "/rencana-aksi/progres/area.csv?tahun=2026"):
        assert f'href="{url}"' in page, url
