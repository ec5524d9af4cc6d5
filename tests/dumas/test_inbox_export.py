"""The DUMAS inbox's filtered list as XLSX, and the printable period report with the follow-ups (issue 12 §5;
the seed's "Laporan pengaduan masyarakat yang memuat lampiran tindak lanjut Aduan")."""
from __future__ import annotations

import io
import json
import re
from datetime import date

import openpyxl

from portal.core import clock, periods
from portal.dumas.models import ComplaintFollowUp
from portal.extensions import db
from tests.dumas.inbox_helpers import audit_rows, text
from tests.dumas_factories import wib


def _sheet(response):
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet = book.worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header_at = next(i for i, row in enumerate(rows) if row[0] in ("Nomor", "Number"))
    header = rows[header_at]
    return header, [dict(zip(header, row, strict=False)) for row in rows[header_at + 1:] if row[0]]


def test_export_has_the_same_filters_and_order(client, login_as, cases):
    login_as("dumas")
    response = client.get(f"/admin/pengaduan/ekspor.xlsx?kategori={cases.cats['pelayanan']}&urut=nomor")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "no-store" in response.headers["Cache-Control"]
    _header, rows = _sheet(response)
    assert [r["Nomor"] for r in rows] == [cases.n["new2"], cases.n["verified"], cases.n["done"]]
    assert rows[1]["Status"] == "Diverifikasi" and rows[1]["Petugas"] == "Budi"
    assert rows[0]["Diterima"] == "20 November 2026"


def test_export_link_carries_the_filters(client, login_as, cases):
    login_as("dumas")
    page = client.get("/admin/pengaduan?status=diterima&urut=nomor").get_data(as_text=True)
    assert 'href="/admin/pengaduan/ekspor.xlsx?status=diterima&amp;urut=nomor"' in page


def test_export_never_names_a_confidential_reporter(client, login_as, cases):
    for role in ("dumas", "pimpinan"):
        login_as(role)
        response = client.get("/admin/pengaduan/ekspor.xlsx")
        _header, rows = _sheet(response)
        secret = next(r for r in rows if r["Nomor"] == cases.n["new2"])
        assert secret["Nama pelapor"] == secret["E-mail pelapor"] == "Dirahasiakan"
        assert b"rahasia@contoh.example" not in response.data
        open_one = next(r for r in rows if r["Nomor"] == cases.n["new"])
        assert open_one["Nama pelapor"] == "Siti Aminah"


def test_export_is_formula_safe_and_audited(app, client, login_as, cases):
    login_as("dumas")
    response = client.get("/admin/pengaduan/ekspor.xlsx?status=ditolak")
    _header, rows = _sheet(response)
    assert rows[0]["Perihal"] == '=HYPERLINK("http://x")'
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert not any(cell.data_type == "f" for row in book.worksheets[0].iter_rows() for cell in row)
    entry = audit_rows(app, "complaint.export")[-1]
    assert json.loads(entry.detail) == {"format": "xlsx", "rows": 1, "status": "ditolak"}


def test_export_in_english(client, login_as, cases):
    login_as("dumas")
    header, rows = _sheet(client.get("/admin/pengaduan/ekspor.xlsx?lang=en&status=selesai"))
    assert header[:2] == ["Number", "Received"]
    assert rows[0]["Number"] == cases.n["done"] and rows[0]["Status"] == "Resolved"


def test_export_is_for_inbox_readers(client, login_as, cases):
    login_as("editor")
    assert client.get("/admin/pengaduan/ekspor.xlsx").status_code == 403


# --- the period report -------------------------------------------------------------------------------------

def test_report_of_a_month_with_the_follow_ups(app, client, login_as, cases):
    with app.app_context():
        db.session.add(ComplaintFollowUp(complaint_id=cases.ids["verified"], at=wib(date(2026, 11, 6)),
                                         actor_id=cases.budi.id, from_status="diterima",
                                         to_status="diverifikasi", public_note="Sedang kami periksa.",
                                         internal_note="Telepon kepala loket."))
        db.session.commit()
    login_as("pimpinan")
    response = client.get("/admin/pengaduan/laporan?periode=2026-11")
    assert response.status_code == 200
    page = text(response)
    assert "November 2026" in page
    for key in ("new", "new2", "verified", "process", "rejected"):
        assert cases.n[key] in page
    assert cases.n["done"] not in page  # received in October
    assert "Sedang kami periksa." in page and "Diterima → Diverifikasi" in page
    assert "Telepon kepala loket." not in page  # internal notes stay out
    assert "Siti Aminah" not in page and "Rahasia Sekali" not in page  # no reporter identity
    assert re.search(r'<th scope="row">Jumlah</th><td class="text-end fw-bold">5</td>', page)
    assert 'href="/static/css/dumas-report.css"' in page


def test_report_by_date_range_and_default_month(app, client, login_as, cases):
    login_as("dumas")
    page = text(client.get("/admin/pengaduan/laporan?dari=2026-10-01&sampai=2026-11-03"))
    assert cases.n["done"] in page and cases.n["new"] in page and cases.n["verified"] not in page
    with app.app_context():
        this_month = periods.containing(clock.today(), periods.MONTH)
    page = text(client.get("/admin/pengaduan/laporan"))
    assert f'value="{this_month.start.isoformat()}"' in page and str(this_month.label) in page


def test_report_refuses_a_wrong_period(client, login_as, cases):
    login_as("dumas")
    response = client.get("/admin/pengaduan/laporan?periode=2026-13")
    assert response.status_code == 400
    assert "Bulan harus 1 sampai 12." in text(response)
    response = client.get("/admin/pengaduan/laporan?dari=2026-11-10&sampai=2026-11-01")
    assert response.status_code == 400
    assert "Tanggal akhir tidak boleh sebelum tanggal awal." in text(response)


def test_report_in_english(client, login_as, cases):
    login_as("dumas")
    page = text(client.get("/admin/pengaduan/laporan?periode=2026-11&lang=en"))
    assert "Complaints received" in page or "complaints" in page.lower()
    assert "Diterima →" not in page
