"""SKM results in open formats (issue 12 §1): JSON under /api/v1/skm, CSV (one table per file, BOM) and
XLSX beside the public results page; only published periods."""
from __future__ import annotations

import io

from openpyxl import load_workbook

from portal.survey import service as survey
from tests.open_formats_helpers import assert_open, check_response, csv_rows, fragment_document
from tests.survey.test_skm import _submit_hand_set, make_service


def publish_hand_set(app, client, login_as) -> str:
    make_service(app, annual_population=40)
    make_service(app, "layanan-dpt", "=Layanan Data Pemilih")
    _submit_hand_set(client)
    period = survey.current_period()
    login_as("editor")
    client.post("/admin/survei/tindak-lanjut", data={
        "period_key": period.key, "scope": "", "unsur": "waktu",
        "action": "Menambah satu petugas loket pada jam sibuk dan memasang nomor antrean.",
        "timeline": "Januari 2027", "responsible": "Subbagian Umum", "progress": ""})
    assert client.post("/admin/survei/terbitkan", data={"period_key": period.key}).status_code == 302
    client.post("/admin/logout")
    return period.key


def test_the_fragment_is_a_valid_openapi_document():
    document = fragment_document("survey")
    assert set(document["paths"]) == {"/api/v1/skm", "/api/v1/skm/{period_key}"}
    assert all(name.startswith("Skm") for name in document["components"]["schemas"])


def test_json_lists_published_periods_and_gives_each_period_per_service_and_unsur(app, client, login_as):
    empty = client.get("/api/v1/skm")
    assert empty.json == {"count": 0, "items": []}
    check_response("survey", "/api/v1/skm", "/api/v1/skm", empty)
    key = publish_hand_set(app, client, login_as)

    listing = client.get("/api/v1/skm")
    assert_open(listing)
    check_response("survey", "/api/v1/skm", "/api/v1/skm", listing)
    assert listing.json["count"] == 1
    item = listing.json["items"][0]
    assert item["period_key"] == key and item["version"] == 1
    assert item["csv"].endswith(f"/survei/hasil/{key}.csv")
    assert item["xlsx"].endswith(f"/survei/hasil/{key}.xlsx")
    assert {t["id"]: t["csv"] for t in item["tables"]}["unsur"].endswith(f"/survei/hasil/{key}/unsur.csv")
    assert listing.headers["Last-Modified"]

    detail = client.get(f"/api/v1/skm/{key}")
    assert_open(detail)
    check_response("survey", f"/api/v1/skm/{key}", "/api/v1/skm/{period_key}", detail, {"period_key": key})
    total = detail.json["total"]
    assert (total["respondents"], total["ikm"], total["ikm_conversion"]) == (4, 3.2778, 81.94)
    assert total["mutu"] == "B"
    assert total["performance"] == "Baik"
    assert [u["code"] for u in total["unsur"]] == [f"U{i}" for i in range(1, 10)]
    assert [u["nrr"] for u in total["unsur"]] == [3.5, 3.5, 2.5, 4.0, 3.25, 3.5, 3.75, 2.75, 2.75]
    assert total["unsur"][2]["weakest"] and total["unsur"][2]["mutu"] == "D"
    services = {s["slug"]: s for s in detail.json["services"]}
    assert services["layanan-ppid"]["respondents"] == 4 and services["layanan-dpt"]["respondents"] == 0
    assert services["layanan-dpt"]["ikm"] is None

    etag = detail.headers["ETag"]
    assert client.get(f"/api/v1/skm/{key}", headers={"If-None-Match": etag}).status_code == 304
    english = client.get(f"/api/v1/skm/{key}?lang=en").json
    assert english["total"]["performance"] == "Good"
    assert english["total"]["unsur"][0]["label"] == "Requirements"


def test_csv_one_table_per_file_and_xlsx_with_the_same_rows(app, client, login_as):
    key = publish_hand_set(app, client, login_as)
    response = client.get(f"/survei/hasil/{key}.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert_open(response)
    assert f"hasil-skm-{key}.csv" in response.headers["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == ["service", "service_name", "respondents", "ikm", "ikm_conversion", "mutu",
                       "performance"]
    assert rows[1] == ["", "Seluruh layanan", "4", "3.2778", "81.94", "B", "Baik"]
    assert ["layanan-ppid", "Layanan Informasi Publik (PPID)", "4", "3.2778", "81.94", "B", "Baik"] in rows
    assert ["layanan-dpt", "'=Layanan Data Pemilih", "0", "", "", "", ""] in rows  # formula-safe
    assert len(rows) == 4

    unsur = csv_rows(client.get(f"/survei/hasil/{key}/unsur.csv"))
    assert unsur[0][:5] == ["service", "service_name", "unsur_code", "unsur_key", "unsur_label"]
    assert len(unsur) == 1 + 3 * 9
    assert unsur[3][:3] == ["", "Seluruh layanan", "U3"] and unsur[3][5:8] == ["10", "4", "2.5"]
    assert client.get(f"/survei/hasil/{key}/layanan.csv").get_data() == response.get_data()
    assert client.get(f"/survei/hasil/{key}/tidak-ada.csv").status_code == 404

    book = load_workbook(io.BytesIO(client.get(f"/survei/hasil/{key}.xlsx").get_data()))
    assert book.sheetnames == ["IKM per layanan", "NRR per unsur"]
    grid = [list(r) for r in book["IKM per layanan"].iter_rows(values_only=True)]
    assert grid[0][:3] == ["Kode", "Layanan", "Responden"]
    assert grid[1] == [None, "Seluruh layanan", 4, 3.2778, 81.94, "B", "Baik"]
    assert len(grid) == 4 and len(list(book["NRR per unsur"].iter_rows())) == 28

    page = client.get(f"/survei/hasil?periode={key}").get_data(as_text=True)
    for url in (f"/survei/hasil/{key}.csv", f"/survei/hasil/{key}.xlsx", f"/api/v1/skm/{key}",
                f"/survei/hasil/{key}/unsur.csv"):
        assert f'href="{url}"' in page, url
    # the header stays the same in English (the lang cookie stays on English from here)
    assert csv_rows(client.get(f"/survei/hasil/{key}.csv?lang=en"))[0] == rows[0]


def test_only_published_periods_are_open(app, client, login_as):
    key = publish_hand_set(app, client, login_as)
    for url in ("/api/v1/skm/1999-T1", "/survei/hasil/1999-T1.csv", "/survei/hasil/1999-T1.xlsx",
                "/survei/hasil/1999-T1/unsur.csv", "/api/v1/skm/bukan-periode"):
        assert client.get(url).status_code == 404, url
    missing = client.get("/api/v1/skm/1999-T1")
    check_response("survey", "/api/v1/skm/1999-T1", "/api/v1/skm/{period_key}", missing,
                   {"period_key": "1999-T1"})
    login_as("editor")
    assert client.post(f"/admin/survei/terbitkan/{key}/tarik").status_code == 302
    client.post("/admin/logout")
    for url in (f"/api/v1/skm/{key}", f"/survei/hasil/{key}.csv", f"/survei/hasil/{key}.xlsx",
                f"/survei/hasil/{key}/unsur.csv"):
        assert client.get(url).status_code == 404, url
    assert client.get("/api/v1/skm").json["count"] == 0
