"""The recap's numbers against a hand-computed set (staff page, XLSX, public API), the value bands' edges,
and the V.1 evidence of the ZI monitoring (one artefact per quarter and semester that has ended)."""
from __future__ import annotations

import io
import json
import re
from datetime import date

import openpyxl
import pytest
from freezegun import freeze_time

from portal.accounts import service as accounts
from portal.core.models.base import utcnow
from portal.extensions import db
from portal.gratification.models import GratificationReport
from portal.gratification.recap import band_of
from portal.zi import evidence as zi_evidence
from portal.zi.periods import parse_key
from tests.gratification.grt_helpers import client_for
from tests.zi.test_evidence import Reader, card
from tests.zi_helpers import load_plan

# (filed_on, kind, value, handling, late, status, decided_by, decision, forwarded_on)
SET = [
    (date(2026, 1, 10), "uang", 500_000, "ditolak", False, "diterima", "", "", None),
    (date(2026, 2, 15), "barang", 1_000_000, "diserahkan_upg", True, "diteruskan_kpk", "", "",
     date(2026, 2, 20)),
    (date(2026, 3, 31), "makanan", 999_999, "disimpan", False, "ditetapkan_upg", "upg", "disalurkan_sosial",
     None),
    (date(2026, 4, 1), "uang", 10_000_000, "ditolak", False, "ditetapkan", "kpk", "milik_negara",
     date(2026, 4, 5)),
    (date(2026, 6, 30), "fasilitas", 99_999_999, "disimpan", False, "ditetapkan", "kpk", "milik_penerima",
     date(2026, 7, 2)),
    (date(2026, 7, 1), "voucher", 100_000_000, "ditolak", False, "tidak_diproses", "", "", None),
    (date(2026, 12, 31), "lainnya", 0, "disimpan", False, "diverifikasi", "", "", None),
    (date(2025, 12, 31), "uang", 5_000_000, "ditolak", False, "diterima", "", "", None),  # another year
]


def seed(app) -> None:
    with app.app_context():
        user = accounts.create_user(db.session, "rekap@uji.example", "rahasia-uji-123", ["pegawai"])
        db.session.flush()
        for i, (filed, kind, value, handling, late, status, by, decision, forwarded) in enumerate(SET, 1):
            db.session.add(GratificationReport(
                number=f"GRT-{filed.year}-{i:05d}", year=filed.year, seq=i, reporter_id=user.id,
                reporter_name="Nama Rahasia Rekap", reporter_position="Analis", reporter_unit="Teknis",
                giver_name="Pemberi Rahasia Rekap", giver_relation="Rekanan", occasion="Acara",
                place="Kantor",
                received_on=filed, kind=kind, value=value, chronology="Kronologi cukup panjang untuk uji.",
                handling=handling, status=status, filed_at=utcnow(), filed_on=filed, filed_late=late,
                decided_by=by, decision=decision, forwarded_on=forwarded))
        db.session.commit()


def test_value_bands_edges():
    assert [band_of(v) for v in (0, 999_999, 1_000_000, 9_999_999, 10_000_000, 99_999_999, 100_000_000)] == [
        "kurang_1jt", "kurang_1jt", "1jt_10jt", "1jt_10jt", "10jt_100jt", "10jt_100jt", "100jt_lebih"]


@freeze_time("2026-12-31 05:00:00")
def test_recap_numbers_against_the_hand_computed_set(app, client, make_user):
    seed(app)
    data = client.get("/api/v1/gratifikasi/rekap").get_json()
    periods = {p["period_key"]: p for p in data["periods"]}
    assert list(periods) == ["2026-T1", "2026-T2", "2026-T3", "2026-T4", "2026"]
    q1, q2, q3, q4, year = (periods[k] for k in periods)
    assert (q1["reports"], q1["refused"], q1["late"], q1["forwarded"], q1["not_processed"]) == (3, 1, 1, 1, 0)
    assert q1["by_value_band"] == {"kurang_1jt": 2, "1jt_10jt": 1, "10jt_100jt": 0, "100jt_lebih": 0}
    assert q1["decisions"]["upg_disalurkan_sosial"] == 1 and sum(q1["decisions"].values()) == 1
    assert {k: n for k, n in q1["by_kind"].items() if n} == {"uang": 1, "barang": 1, "makanan": 1}
    assert (q2["reports"], q2["refused"], q2["forwarded"]) == (2, 1, 2)
    assert q2["decisions"] == {"kpk_milik_negara": 1, "kpk_milik_penerima": 1, "upg_milik_penerima": 0,
                               "upg_disalurkan_sosial": 0}
    assert q2["by_value_band"]["10jt_100jt"] == 2
    assert (q3["reports"], q3["not_processed"], q3["by_value_band"]["100jt_lebih"]) == (1, 1, 1)
    assert (q4["reports"], q4["by_kind"]["lainnya"], q4["by_value_band"]["kurang_1jt"]) == (1, 1, 1)
    assert (year["reports"], year["refused"], year["late"], year["forwarded"], year["not_processed"]) \
        == (7, 3, 1, 3, 1)
    assert year["by_value_band"] == {"kurang_1jt": 3, "1jt_10jt": 1, "10jt_100jt": 2, "100jt_lebih": 1}
    assert year["by_handling"] == {"ditolak": 3, "disimpan": 3, "diserahkan_upg": 1}
    assert year["decisions"] == {"kpk_milik_negara": 1, "kpk_milik_penerima": 1, "upg_milik_penerima": 0,
                                 "upg_disalurkan_sosial": 1}
    assert client.get("/api/v1/gratifikasi/rekap?tahun=2025").get_json()["periods"][-1]["reports"] == 1
    # the staff page and its XLSX carry the same numbers, and no name, giver or value of a report
    upg = client_for(app, make_user("upg"))
    page = upg.get("/admin/gratifikasi/rekap?tahun=2026").get_data(as_text=True)
    assert "Nama Rahasia Rekap" not in page and "Pemberi Rahasia Rekap" not in page
    book = openpyxl.load_workbook(io.BytesIO(upg.get("/admin/gratifikasi/rekap.xlsx?tahun=2026").data))
    sheet = book.worksheets[0]
    rows = {row[1]: row[2:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Laporan gratifikasi"] == (3, 2, 1, 1, 7)
    assert rows["Gratifikasi yang ditolak"] == (1, 1, 1, 0, 3)
    assert rows["Rp100 juta atau lebih"] == (0, 0, 1, 0, 1)
    printed = upg.get("/admin/gratifikasi/rekap/cetak?tahun=2026")
    assert printed.status_code == 200 and "data-recap-print" in printed.get_data(as_text=True)
    public = client.get("/rekap/gratifikasi/2026").get_data(as_text=True)
    assert "Nama Rahasia Rekap" not in public and "Pemberi Rahasia Rekap" not in public
    # the chart beside the table: reports, refused and forwarded per quarter
    block = re.search(r'<script type="application/json" data-gratification-charts>(.*?)</script>', public,
                      re.DOTALL)
    chart = json.loads(block.group(1))["triwulan"]
    assert [s["data"] for s in chart["series"]] == [[3, 2, 1, 1], [1, 1, 1, 0], [1, 2, 0, 0]]


def provider() -> zi_evidence.Provider:
    return next(p for p in zi_evidence.PROVIDERS if p.name == "gratifikasi")


def test_v1_evidence_one_artefact_per_ended_quarter_and_semester(app):
    class Row:
        def __init__(self, code):
            self.code = code

    assert [c for c in ("V.1", "V.1.1", "V.1.2", "V.1.3", "V.2.1", "II.3") if provider().serves(Row(c))] == [
        "V.1.1", "V.1.2"]
    with app.app_context():  # no report filed in the year: an empty recap is no evidence
        assert zi_evidence.gratification_recaps(db.session, 2026, on=date(2026, 7, 1)) == []
    seed(app)
    with app.app_context():
        assert zi_evidence.gratification_recaps(db.session, 2026, on=date(2026, 3, 31)) == []
        july = zi_evidence.gratification_recaps(db.session, 2026, on=date(2026, 7, 1))
        after = zi_evidence.gratification_recaps(db.session, 2026, on=date(2027, 1, 1))
    assert [dict(a.params)["period_key"] for a in july] == ["2026-T1", "2026-T2", "2026-S1"]
    assert july[0].endpoint == "gratification_public.detail" and july[0].published_on == date(2026, 4, 1)
    assert [dict(a.params)["period_key"] for a in after][-1] == "2026"
    s1 = july[-1]
    assert provider().matches(s1, parse_key("2026-S1"))
    assert not provider().matches(july[0], parse_key("2026-S1"))


@pytest.fixture
def reader(app, client, auth, make_user):
    load_plan(app)
    return Reader(client, auth, make_user("pimpinan"))


def test_the_recap_shows_on_the_zi_page_of_v12(app, reader):
    seed(app)  # the register is in use: reports filed in 2026
    with freeze_time("2026-07-02 03:00:00"):
        s1 = card(reader, app, "V.1.2", "2026-S1")
    assert "Rekap laporan gratifikasi Semester 1 2026" in s1
    assert "/rekap/gratifikasi/2026-S1" in s1
