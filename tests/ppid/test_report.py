"""The public PPID report (/ppid/laporan, /api/v1/ppid/laporan): its numbers against a hand-computed set of
requests in every state across the quarters of 2026 (extensions, refusals with Pasal 17 grounds, a holiday,
month boundaries in WIB), objections and disputes; the CSV/XLSX/JSON files, the periods, the open-data
headers, and that nothing personal is ever shown."""
from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from freezegun import freeze_time
from openpyxl import load_workbook

from portal.core.models.calendar import Holiday
from portal.extensions import db
from portal.ppid import intake, workflow
from portal.ppid import service as ppid
from portal.ppid.models import InfoRequest, Objection
from tests.open_formats_helpers import assert_open, csv_rows

TODAY = "2026-12-01 03:00:00"  # 10.00 WIB
DEADLINES = workflow.Deadlines()
WIB_0900 = 2  # 09.00 WIB = 02.00 UTC


def utc(day: str, hour: int = WIB_0900, minute: int = 0) -> datetime:
    y, m, d = (int(part) for part in day.split("-"))
    return datetime(y, m, d, hour, minute, tzinfo=UTC)


# (name, applicant type, channel, received (UTC), extended on, decision, decided on, exemption ground)
REQUESTS = [
    ("R1", "perorangan", "website", utc("2026-01-05"), None, "dikabulkan", "2026-01-09", None),  # 4 days
    ("R2", "badan_hukum", "surat", utc("2026-01-12"), "2026-01-20", "dikabulkan_sebagian", "2026-02-04",
     "h"),  # 17 days, on time by the extended deadline (4 Feb)
    ("R3", "perorangan", "email", utc("2026-02-02"), None, "ditolak", "2026-02-20", "a"),  # 13 days (17 Feb
    # is a holiday), late: due 16 Feb
    ("R4", "perorangan", "datang", utc("2026-03-02"), None, "tidak_dikuasai", "2026-03-03", None),  # 1 day
    ("R5", "perorangan", "website", utc("2026-03-30"), None, None, None, None),  # open
    ("R6", "badan_hukum", "website", utc("2026-04-06"), None, "ditolak", "2026-04-10", "c"),  # 4 days
    ("R7", "perorangan", "website", utc("2026-05-04"), "2026-05-06", None, None, None),  # extended, open
    ("R8", "perorangan", "email", utc("2026-06-30", 16, 30), None, "dikabulkan", "2026-07-02", None),
    # 30 June 23.30 WIB: June (Triwulan II); 2 days
    ("R9", "perorangan", "surat", utc("2026-06-30", 17, 30), None, "dikabulkan", "2026-07-03", None),
    # 1 July 00.30 WIB: July (Triwulan III); 2 days
    ("R10", "badan_hukum", "datang", utc("2026-08-03"), None, "dikabulkan_sebagian", "2026-08-07", "a"),
    ("R11", "perorangan", "website", utc("2026-10-05"), None, None, None, None),  # open
    ("R12", "perorangan", "website", utc("2025-12-22"), None, "dikabulkan", "2026-01-02", None),  # 2025
]
SECRET_NAME = "Sutrisno Rahasiawan"


def _decide_values(to: str, exemption_id: int | None) -> dict:
    values = {"reason": "Alasan keputusan.", "delivery_note": "Dikirim lewat e-mail.", "cost": 0}
    if to in ("ditolak", "dikabulkan_sebagian"):
        values["exemption_id"] = exemption_id
    if to == "dikabulkan_sebagian":
        values["redaction_note"] = "Data pribadi dihitamkan."
    return values


@pytest.fixture
def data(app, make_user):
    """The twelve requests and four objections; returns {name: request id}."""
    officer = make_user("ppid")
    with app.app_context():
        actor = db.session.merge(officer)
        db.session.add(Holiday(day=date(2026, 2, 17), name="Tahun Baru Imlek"))
        exemptions = {
            ground: ppid.create_exemption(db.session, {
                "ground": ground, "decided_on": date(2025, 12, 1), "title": f"Informasi huruf {ground}",
                "consequence": "Membahayakan.", "period": "5 tahun"}, actor)
            for ground in ("a", "c", "h")}
        db.session.flush()
        ids = {}
        for name, kind, channel, received, extended_on, decision, decided_on, ground in REQUESTS:
            seq, number = intake.allocate_number(db.session, received.year)
            request = InfoRequest(number=number, year=received.year, seq=seq,
                                  access_code_hash=intake.hash_access_code("k", number, "code"),
                                  channel=channel, applicant_type=kind, applicant_name=SECRET_NAME,
                                  identity_number="3305010101010001", email="rahasia@uji.example",
                                  information=f"Informasi {name}", purpose="Penelitian", received_at=received)
            db.session.add(request)
            workflow.set_initial_deadline(db.session, request, DEADLINES)
            db.session.flush()
            if extended_on:
                workflow.transition(db.session, request, "diperpanjang", actor, DEADLINES,
                                    at=utc(extended_on), reason="Dokumen tersebar di beberapa unit.")
            if decision:
                exemption_id = exemptions[ground].id if ground else None
                workflow.transition(db.session, request, decision, actor, DEADLINES, at=utc(decided_on),
                                    **_decide_values(decision, exemption_id))
            ids[name] = request
        db.session.flush()

        def objection(on: str, ground: str, filed: str, *, outcome: str = "", answered: str | None = None,
                      on_time: bool | None = None, dispute_on: str | None = None, result: str = ""):
            db.session.add(Objection(
                request=ids[on], ground=ground, reasons="Kasus posisi.", ground_arose_on=date(2026, 1, 1),
                filed_at=utc(filed), answer_due=None, status="dijawab" if outcome else "diajukan",
                outcome=outcome, answer="Jawaban." if outcome else "",
                answered_at=utc(answered) if answered else None, answered_on_time=on_time,
                dispute_filed_on=date.fromisoformat(dispute_on) if dispute_on else None,
                dispute_register="001/KI/2026" if dispute_on else "", dispute_result=result))

        objection("R3", "a", "2026-02-25", outcome="ditolak", answered="2026-03-10", on_time=True,
                  dispute_on="2026-03-20", result="dikabulkan_sebagian")
        objection("R6", "a", "2026-04-15", outcome="diterima", answered="2026-06-10", on_time=False)
        objection("R10", "a", "2026-08-12")
        objection("R8", "d", "2026-07-10", outcome="diterima", answered="2026-07-20", on_time=True,
                  dispute_on="2026-07-20")
        db.session.commit()
        return {name: request.id for name, request in ids.items()}


@pytest.fixture
def frozen():
    with freeze_time(TODAY):
        yield


def _by_key(rows: list[dict], field: str = "count") -> dict:
    return {row["key"]: row[field] for row in rows}


def test_year_report_numbers(client, data, frozen):
    report = client.get("/api/v1/ppid/laporan/2026").get_json()
    assert report["period"]["key"] == "2026"
    assert report["requests"] == {"received": 11, "decided": 8, "open": 3, "extended": 2}
    assert _by_key(report["by_applicant_type"]) == {"perorangan": 8, "badan_hukum": 3}
    assert _by_key(report["by_channel"]) == {"website": 5, "surat": 2, "email": 2, "datang": 2}
    assert _by_key(report["decisions"]) == {"dikabulkan": 3, "dikabulkan_sebagian": 2, "ditolak": 2,
                                            "tidak_dikuasai": 1, "belum_diputus": 3}
    assert _by_key(report["decisions"], "percent")["dikabulkan"] == 27.3
    grounds = {row["key"]: (row["refused"], row["granted_in_part"]) for row in report["refusal_grounds"]}
    assert grounds == {**{letter: (0, 0) for letter in "abcdefghij"}, "a": (1, 1), "c": (1, 0), "h": (0, 1)}
    # days: 4 + 17 + 13 + 1 + 4 + 2 + 2 + 4 = 47 over 8 answers; R3 late (13 days, due 16 Feb)
    assert report["timing"] == {"answered": 8, "average_working_days": 5.9, "longest_working_days": 17,
                                "answered_on_time": 7, "answered_late": 1, "on_time_percent": 87.5}
    months = {m["key"]: m["received"] for m in report["by_month"]}
    assert months == {"2026-01": 2, "2026-02": 1, "2026-03": 2, "2026-04": 1, "2026-05": 1, "2026-06": 1,
                      "2026-07": 1, "2026-08": 1, "2026-09": 0, "2026-10": 1, "2026-11": 0, "2026-12": 0}
    assert report["by_month"][0]["decisions"] == {"dikabulkan": 1, "dikabulkan_sebagian": 1, "ditolak": 0,
                                                  "tidak_dikuasai": 0, "belum_diputus": 0}
    objections = report["objections"]
    assert {k: v for k, v in objections.items() if k != "by_ground"} == {
        "filed": 4, "upheld": 2, "rejected": 1, "open": 1, "answered_on_time": 2, "answered_late": 1,
        "on_time_percent": 66.7}
    by_ground = {row["key"]: (row["filed"], row["upheld"], row["rejected"], row["open"])
                 for row in objections["by_ground"]}
    assert by_ground == {**{letter: (0, 0, 0, 0) for letter in "abcdefg"}, "a": (3, 1, 1, 1),
                         "d": (1, 1, 0, 0)}
    assert report["disputes"]["filed"] == 2
    assert {k: v for k, v in _by_key(report["disputes"]["by_result"]).items() if v} == {
        "dikabulkan_sebagian": 1, "berjalan": 1}


def test_quarter_reports_and_the_wib_month_boundary(client, data, frozen):
    q1 = client.get("/api/v1/ppid/laporan/2026-T1").get_json()
    assert q1["requests"] == {"received": 5, "decided": 4, "open": 1, "extended": 1}
    assert q1["timing"] == {"answered": 4, "average_working_days": 8.8, "longest_working_days": 17,
                            "answered_on_time": 3, "answered_late": 1, "on_time_percent": 75.0}
    assert [m["key"] for m in q1["by_month"]] == ["2026-01", "2026-02", "2026-03"]
    assert q1["objections"]["filed"] == 1 and q1["objections"]["rejected"] == 1
    assert q1["disputes"]["filed"] == 1
    # R8 (30 June 23.30 WIB) is Triwulan II, R9 (1 July 00.30 WIB, still 30 June in UTC) Triwulan III
    q2 = client.get("/api/v1/ppid/laporan/2026-T2").get_json()
    q3 = client.get("/api/v1/ppid/laporan/2026-T3").get_json()
    assert q2["requests"]["received"] == 3 and q3["requests"]["received"] == 2
    assert _by_key(q2["by_channel"])["email"] == 1 and _by_key(q3["by_channel"])["surat"] == 1
    assert q3["objections"]["filed"] == 2 and q3["objections"]["open"] == 1
    june = client.get("/api/v1/ppid/laporan/2026-06").get_json()
    assert june["requests"]["received"] == 1
    # the request received in December 2025 is in 2025 only
    assert client.get("/api/v1/ppid/laporan/2025").get_json()["requests"]["received"] == 1
    s1 = client.get("/api/v1/ppid/laporan/2026-S1").get_json()
    assert s1["requests"]["received"] == 8


def test_index_lists_years_and_quarters_with_counts(client, data, frozen):
    index = client.get("/api/v1/ppid/laporan")
    assert_open(index)
    body = index.get_json()
    assert body["current"] == "2026"
    keys = [item["period_key"] for item in body["items"]]
    assert keys == ["2026", "2026-T4", "2026-T3", "2026-T2", "2026-T1", "2025", "2025-T4"]
    assert body["items"][0]["csv"].endswith("/ppid/laporan/2026.csv")

    page = client.get("/ppid/laporan")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Tahun 2026" in html
    for key in ("2026-T1", "2026-T4", "2025", "2025-T4"):
        assert f'href="/ppid/laporan/{key}"' in html
    assert 'href="/ppid/laporan/2025-T3"' not in html  # no request in it
    assert 'href="/ppid/laporan/2026.csv"' in html and 'href="/ppid/laporan/2026/keberatan.csv"' in html
    assert 'href="/ppid/laporan/2026/cetak"' in html
    assert "Pasal 56" in html


def test_pages_show_the_numbers_and_nothing_personal(client, data, frozen):
    page = client.get("/ppid/laporan/2026-T1")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'aria-current="page">Triwulan I 2026' in html
    assert 'id="laporan-tabel-alasan_penolakan"' in html and "data-ppid-report-charts" in html
    assert "Pasal 17 huruf a" in html
    printed = client.get("/ppid/laporan/2026/cetak")
    assert printed.status_code == 200
    text = printed.get_data(as_text=True)
    assert "Laporan Layanan Informasi Publik" in text and "Rekomendasi dan rencana tindak lanjut" in text
    assert "data-ppid-report-charts" not in text  # paper: the tables
    tables = ("pemohon", "kanal", "keputusan", "alasan_penolakan", "bulanan", "keberatan", "sengketa")
    for url in ("/ppid/laporan/2026", "/ppid/laporan/2026/cetak", "/api/v1/ppid/laporan/2026",
                "/ppid/laporan/2026.csv", *(f"/ppid/laporan/2026/{t}.csv" for t in tables)):
        body = client.get(url).get_data(as_text=True)
        for secret in (SECRET_NAME, "3305010101010001", "rahasia@uji.example", "PPID-2026-", "Informasi R"):
            assert secret not in body, (url, secret)


def test_csv_files(client, data, frozen):
    main = client.get("/ppid/laporan/2026.csv")
    assert main.status_code == 200 and main.mimetype == "text/csv"
    assert_open(main)
    assert 'filename="laporan-ppid-2026.csv"' in main.headers["Content-Disposition"]
    rows = csv_rows(main)
    assert rows[0] == ["indicator", "label", "value"]
    values = {row[0]: row[2] for row in rows[1:]}
    assert values["received"] == "11" and values["refused"] == "2" and values["average_working_days"] == "5.9"
    assert values["objections_filed"] == "4" and values["disputes_filed"] == "2"

    grounds = csv_rows(client.get("/ppid/laporan/2026/alasan_penolakan.csv"))
    assert grounds[0] == ["ground", "label", "refused", "granted_in_part"]
    assert grounds[1][0] == "a" and grounds[1][2:] == ["1", "1"]
    monthly = csv_rows(client.get("/ppid/laporan/2026-T1/bulanan.csv"))
    assert monthly[0] == ["period", "label", "received", "dikabulkan", "dikabulkan_sebagian", "ditolak",
                          "tidak_dikuasai", "belum_diputus"]
    assert [row[0] for row in monthly[1:]] == ["2026-01", "2026-02", "2026-03"]
    english = csv_rows(client.get("/ppid/laporan/2026/pemohon.csv?lang=en"))
    assert english[0] == ["applicant_type", "label", "count"]
    assert client.get("/ppid/laporan/2026/tidak-ada.csv").status_code == 404


def test_xlsx_has_every_table(client, data, frozen):
    response = client.get("/ppid/laporan/2026.xlsx")
    assert response.status_code == 200
    assert_open(response)
    book = load_workbook(io.BytesIO(response.get_data()))
    assert len(book.sheetnames) == 8
    summary = book.worksheets[0]
    cells = {row[0].value: row[2].value for row in summary.iter_rows(min_row=2)}
    assert cells
    first = [c.value for c in next(summary.iter_rows(max_row=1))]
    assert first == ["Kode", "Uraian", "Nilai"]
    assert 11 in cells.values()


@pytest.mark.parametrize("key", ["2026-T5", "2026-13", "abc", "20260101-20260131", "2027", "2026-S3",
                                 "999999", "٢٠٢٦"])
def test_bad_or_future_period_is_404(client, frozen, key):
    for url in (f"/ppid/laporan/{key}", f"/ppid/laporan/{key}.csv", f"/ppid/laporan/{key}.xlsx",
                f"/ppid/laporan/{key}/cetak", f"/ppid/laporan/{key}/kanal.csv"):
        assert client.get(url).status_code == 404, url
    api = client.get(f"/api/v1/ppid/laporan/{key}")
    assert api.status_code == 404 and api.is_json and api.get_json()["status"] == 404


def test_lower_case_key_redirects_to_its_canonical_form(client, frozen):
    for url, target in (("/ppid/laporan/2026-t1", "/ppid/laporan/2026-T1"),
                        ("/ppid/laporan/2026-s2.csv", "/ppid/laporan/2026-S2.csv"),
                        ("/api/v1/ppid/laporan/2026-t3", "/api/v1/ppid/laporan/2026-T3")):
        response = client.get(url)
        assert response.status_code == 301 and response.headers["Location"].endswith(target)


def test_open_data_headers_and_conditional_get(client, data, frozen):
    for url in ("/api/v1/ppid/laporan/2026", "/ppid/laporan/2026/kanal.csv"):
        first = client.get(url)
        assert_open(first)
        assert first.headers["Cache-Control"].startswith("public")
        again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304
    options = client.options("/api/v1/ppid/laporan")
    assert options.headers["Access-Control-Allow-Origin"] == "*"


def test_empty_year_is_zero_not_an_error(client, frozen):
    report = client.get("/api/v1/ppid/laporan/2026").get_json()
    assert report["requests"]["received"] == 0
    assert report["timing"]["average_working_days"] is None and report["timing"]["on_time_percent"] is None
    assert client.get("/ppid/laporan").status_code == 200
    assert [i["period_key"] for i in client.get("/api/v1/ppid/laporan").get_json()["items"]] == ["2026"]


def test_english_labels(client, data, frozen):
    report = client.get("/api/v1/ppid/laporan/2026?lang=en").get_json()
    assert report["requests"]["received"] == 11  # numbers and codes never change
    table = next(t for t in report["tables"] if t["id"] == "ringkasan")
    assert [c["key"] for c in table["columns"]] == ["indicator", "label", "value"]
