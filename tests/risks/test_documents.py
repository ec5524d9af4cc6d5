"""The three documents as print views (A4 landscape stylesheet) and XLSX: the Daftar Risiko, the Kartu
Kendali of a period (planned vs done per risk and quarter) and the Daftar Uji; the file's cells against
the hand-built set, formula-looking text kept as text, private downloads."""
from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from portal.extensions import db
from portal.risks import service as risks
from portal.risks.models import Risk
from tests.risks.helpers import BASE, make_risks, staff, text


def seed(app) -> list[int]:
    ids = make_risks(app, [
        {"code": "KEU-01", "unit": "Keuangan", "activity": "SPJ", "statement": "SPJ terlambat.",
         "cause": "Bukti kurang.", "cause_class": "method", "likelihood": 4, "impact": 5,
         "control_plan": "Daftar periksa.", "owner": "Bendahara", "due_on": date(2026, 6, 30),
         "realisation": "Daftar periksa dipakai.", "realised_on": date(2026, 6, 1), "occurred": True,
         "residual_likelihood": 2, "residual_impact": 2},
        {"code": "DAT-01", "unit": "Data", "activity": "Coklit", "statement": "=HYPERLINK(\"x\")",
         "cause_class": "environment", "likelihood": 1, "impact": 2},
        {"code": "OLD-01", "year": 2025, "unit": "Data", "activity": "Lama", "statement": "Tahun lalu."},
    ])
    with app.app_context():
        first, second = db.session.get(Risk, ids[0]), db.session.get(Risk, ids[1])
        risks.save_card(db.session, first, 1, {"planned": "Sosialisasi", "done": "Sosialisasi 3 Maret",
                                               "status": "terlaksana", "notes": ""}, None)
        risks.save_card(db.session, first, 2, {"planned": "Pemeriksaan", "done": "Sebagian",
                                               "status": "sebagian", "notes": "lanjut"}, None)
        risks.save_card(db.session, second, 3, {"planned": "Rapat", "done": "", "status": "belum",
                                                "notes": ""}, None)
        for statement in ("Satgas ditetapkan.", "Risiko dinilai."):
            risks.add_checklist_item(db.session, 2026, statement, None)
        item = risks.checklist(db.session, 2026)[0]
        risks.answer_checklist_item(db.session, item, {"answer": "ya", "evidence": "SK 12/2026"}, None)
        db.session.commit()
    return ids


def sheet(response):
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert "attachment" in response.headers["Content-Disposition"]
    assert "no-store" in response.headers.get("Cache-Control", "") or "private" in response.headers.get(
        "Cache-Control", "")
    book = load_workbook(io.BytesIO(response.data))
    ws = book.worksheets[0]
    return ws.title, [[c.value for c in row] for row in ws.iter_rows()]


def test_daftar_risiko_xlsx_and_print(app, make_user):
    seed(app)
    client = staff(app, make_user, "pimpinan")
    title, rows = sheet(client.get(f"{BASE}/daftar.xlsx?tahun=2026"))
    assert title == "Daftar Risiko 2026"
    head = rows[0]
    assert head[:4] == ["Kode", "Unit kerja", "Kegiatan", "Pernyataan risiko"]
    record = dict(zip(head, rows[2], strict=True))  # ordered by unit: Data, Keuangan
    assert record["Kode"] == "KEU-01" and record["Skor"] == 20 and record["Level risiko"] == "Tinggi"
    assert record["Kelompok penyebab"] == "Metode (method)" and record["Risiko terjadi"] == "Ya"
    assert record["Skor residual"] == 4 and record["Level residual"] == "Sangat Rendah"
    assert record["Tenggat"] == "30 Jun 2026"
    data = dict(zip(head, rows[1], strict=True))
    assert data["Kode"] == "DAT-01" and data["Pernyataan risiko"] == '=HYPERLINK("x")'  # text, not a formula
    assert data["Level risiko"] == "Sangat Rendah" and data["Skor residual"] is None
    assert len(rows) == 3  # the 2025 risk is not in the 2026 list
    html = text(client.get(f"{BASE}/daftar?tahun=2026"))
    assert "css/risks.css" in html and 'data-table="daftar_risiko"' in html and "KEU-01" in html
    assert "OLD-01" not in html
    _title, only = sheet(client.get(f"{BASE}/daftar.xlsx?tahun=2026&unit=Data"))
    assert [r[0] for r in only[1:]] == ["DAT-01"]


def test_kartu_kendali_per_period(app, make_user):
    seed(app)
    client = staff(app, make_user, "risiko")
    title, rows = sheet(client.get(f"{BASE}/kartu-kendali.xlsx?periode=2026-S1"))
    assert title == "Kartu Kendali Semester 1 2026"
    assert rows[0] == ["Kode", "Unit kerja", "Pernyataan risiko", "Level risiko", "Triwulan",
                       "Rencana pengendalian", "Pelaksanaan", "Status", "Catatan"]
    assert [(r[0], r[4], r[5], r[6], r[7], r[8]) for r in rows[1:]] == [
        ("DAT-01", 1, "", "", "Belum diisi", ""), ("DAT-01", 2, "", "", "Belum diisi", ""),
        ("KEU-01", 1, "Sosialisasi", "Sosialisasi 3 Maret", "Terlaksana", ""),
        ("KEU-01", 2, "Pemeriksaan", "Sebagian", "Terlaksana sebagian", "lanjut")]
    _title, rows = sheet(client.get(f"{BASE}/kartu-kendali.xlsx?periode=2026-T3"))
    assert [(r[0], r[4], r[7]) for r in rows[1:]] == [("DAT-01", 3, "Belum terlaksana"),
                                                       ("KEU-01", 3, "Belum diisi")]
    _title, rows = sheet(client.get(f"{BASE}/kartu-kendali.xlsx?tahun=2026"))
    assert len(rows) == 1 + 2 * 4  # the year: four quarters per risk
    html = text(client.get(f"{BASE}/kartu-kendali?periode=2026-T1"))
    assert "Kartu Kendali Triwulan I 2026" in html and "Sosialisasi 3 Maret" in html
    assert client.get(f"{BASE}/kartu-kendali?periode=2026-13").status_code == 404


def test_daftar_uji(app, make_user):
    seed(app)
    client = staff(app, make_user, "pimpinan")
    title, rows = sheet(client.get(f"{BASE}/daftar-uji.xlsx?tahun=2026"))
    assert title == "Daftar Uji SPIP 2026"
    assert rows == [["No.", "Pernyataan", "Jawaban", "Bukti / keterangan"],
                    [1, "Satgas ditetapkan.", "Ya", "SK 12/2026"],
                    [2, "Risiko dinilai.", "Belum dijawab", ""]]
    html = text(client.get(f"{BASE}/daftar-uji/cetak?tahun=2026"))
    assert 'data-table="daftar_uji"' in html and "SK 12/2026" in html

