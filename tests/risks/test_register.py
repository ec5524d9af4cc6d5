"""The register through HTTP: adding a risk (automatic code R-2026-001, or the user's own, unique per
year), editing, deleting after a confirmation page, the Kartu Kendali rows and the Daftar Uji answers;
filters (tahun, unit, level, status) and pages; bad input gives a clear message and writes nothing; every
write is audited with ids and codes only (never the risk's text)."""
from __future__ import annotations

import json
import re

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from portal.core.models.audit import AuditLog
from portal.extensions import db
from portal.risks.models import Risk, RiskChecklistItem, RiskControlCard
from tests.risks.helpers import BASE, form, make_risks, staff, text
from tests.security_helpers import row_counts

NOW = "2026-07-15 03:00:00"  # 10.00 WIB


@pytest.fixture
def editor(app, make_user):
    return staff(app, make_user, "risiko")


def risks_in_db(app) -> list[Risk]:
    with app.app_context():
        rows = list(db.session.scalars(select(Risk).order_by(Risk.id)))
        for r in rows:
            db.session.expunge(r)
        return rows


def test_adding_risks_numbers_them_per_year_and_computes_the_score(app, editor):
    for year in ("2026", "2026", "2027"):
        response = editor.post(f"{BASE}/baru", data=form(year=year))
        assert response.status_code == 302
    rows = risks_in_db(app)
    assert [(r.year, r.code) for r in rows] == [(2026, "R-2026-001"), (2026, "R-2026-002"),
                                                (2027, "R-2027-001")]
    assert rows[0].inherent_score == 12 and rows[0].residual_score is None
    page = text(editor.get(response.headers["Location"]))
    assert "R-2027-001" in page and "Sedang" in page and "skor 12" in page


def test_a_user_given_code_is_kept_and_unique_per_year(app, editor):
    assert editor.post(f"{BASE}/baru", data=form(code="keu-01")).status_code == 302
    before = row_counts(app)
    response = editor.post(f"{BASE}/baru", data=form(code="KEU-01"))
    assert response.status_code == 400
    assert "Kode risiko KEU-01 sudah dipakai pada tahun 2026." in text(response)
    assert row_counts(app) == before
    assert editor.post(f"{BASE}/baru", data=form(code="KEU-01", year="2027")).status_code == 302
    assert [r.code for r in risks_in_db(app)] == ["KEU-01", "KEU-01"]
    # an automatic number skips a code a user already took
    assert editor.post(f"{BASE}/baru", data=form(code="R-2026-001")).status_code == 302
    assert editor.post(f"{BASE}/baru", data=form()).status_code == 302
    assert [r.code for r in risks_in_db(app)][-2:] == ["R-2026-001", "R-2026-002"]


@pytest.mark.parametrize("overrides,message", [
    ({"unit": ""}, "Unit kerja wajib diisi."),
    ({"statement": "  "}, "Pernyataan risiko wajib diisi."),
    ({"cause_class": "uang"}, "Pilih kelompok penyebab risiko."),
    ({"cause_class": ""}, "Pilih kelompok penyebab risiko."),
    ({"likelihood": "6"}, "Kemungkinan harus 1 sampai 5."),
    ({"likelihood": "tinggi"}, "Kemungkinan harus 1 sampai 5."),
    ({"residual_likelihood": "9", "residual_impact": "2"}, "Kemungkinan residual harus 1 sampai 5."),
    ({"impact": ""}, "Dampak harus 1 sampai 5."),
    ({"year": "20x6"}, "Tahun harus bilangan 2000 sampai 2100."),
    ({"year": "1999"}, "Tahun harus bilangan 2000 sampai 2100."),
    ({"due_on": "2026-02-30"}, "Tanggal tidak valid"),
    ({"code": "R 01!"}, "Kode risiko hanya boleh huruf, angka, titik, garis miring dan tanda hubung."),
    ({"realised_on": "2026-05-01"}, "Tanggal realisasi diisi: uraikan juga realisasi pengendaliannya."),
    ({"residual_likelihood": "2"}, "Risiko residual perlu kemungkinan dan dampak sekaligus"),
    ({"statement": "x" * 4001}, "Isian terlalu panjang."),
])
def test_bad_input_writes_nothing(app, editor, overrides, message):
    before = row_counts(app)
    response = editor.post(f"{BASE}/baru", data=form(**overrides))
    assert response.status_code == 400
    assert message in text(response)
    assert row_counts(app) == before


def test_editing_keeps_the_code_and_records_the_residual(app, editor):
    (risk_id,) = make_risks(app, [{"likelihood": 4, "impact": 5}])
    response = editor.post(f"{BASE}/{risk_id}/ubah", data=form(
        likelihood="4", impact="5", realisation="Akun per operator dibuat.", realised_on="2026-05-20",
        residual_likelihood="2", residual_impact="3", occurred="y"))
    assert response.status_code == 302
    (risk,) = risks_in_db(app)
    assert (risk.code, risk.inherent_score, risk.residual_score, risk.occurred) == ("R-2026-001", 20, 6, True)
    page = text(editor.get(f"{BASE}/{risk_id}"))
    assert "Tinggi" in page and "Rendah" in page
    before = row_counts(app)
    assert editor.post(f"{BASE}/{risk_id}/ubah", data=form(residual_impact="3")).status_code == 400
    assert row_counts(app) == before
    assert risks_in_db(app)[0].residual_score == 6


def test_deleting_asks_first_then_removes_the_risk_and_its_cards(app, editor):
    (risk_id,) = make_risks(app, [{}])
    editor.post(f"{BASE}/{risk_id}/kartu/1", data={"tw1-planned": "Rapat", "tw1-status": "belum"})
    page = editor.get(f"{BASE}/{risk_id}")
    assert f'href="{BASE}/{risk_id}/hapus"' in page.get_data(as_text=True)
    confirm = editor.get(f"{BASE}/{risk_id}/hapus")
    assert confirm.status_code == 200 and "Hapus risiko R-2026-001?" in text(confirm)
    assert f'action="{BASE}/{risk_id}/hapus"' in confirm.get_data(as_text=True)
    assert len(risks_in_db(app)) == 1  # the GET deleted nothing
    response = editor.post(f"{BASE}/{risk_id}/hapus")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.query(Risk).count() == 0 and db.session.query(RiskControlCard).count() == 0


def test_control_cards_per_quarter(app, editor):
    (risk_id,) = make_risks(app, [{}])
    before = row_counts(app)
    bad = editor.post(f"{BASE}/{risk_id}/kartu/2", data={"tw2-planned": "", "tw2-status": "terlaksana"})
    assert bad.status_code == 400 and "Rencana pengendalian triwulan ini wajib diisi." in text(bad)
    bad = editor.post(f"{BASE}/{risk_id}/kartu/2", data={"tw2-planned": "Rapat", "tw2-status": "terlaksana"})
    assert bad.status_code == 400 and "Uraikan pengendalian yang sudah dilaksanakan." in text(bad)
    assert editor.post(f"{BASE}/{risk_id}/kartu/5", data={"tw5-planned": "x"}).status_code == 404
    assert row_counts(app) == before
    ok = editor.post(f"{BASE}/{risk_id}/kartu/2", data={"tw2-planned": "Rapat", "tw2-done": "Rapat 2 Mei",
                                                         "tw2-status": "terlaksana"})
    assert ok.status_code == 302 and ok.headers["Location"].endswith("#tw2")
    again = editor.post(f"{BASE}/{risk_id}/kartu/2", data={"tw2-planned": "Rapat", "tw2-done": "Rapat 2 Mei",
                                                            "tw2-status": "sebagian", "tw2-notes": "lanjut"})
    assert again.status_code == 302
    with app.app_context():
        cards = list(db.session.scalars(select(RiskControlCard)))
        assert [(c.quarter, c.status, c.notes) for c in cards] == [(2, "sebagian", "lanjut")]


def test_the_checklist(app, editor):
    assert editor.post(f"{BASE}/daftar-uji/baku?tahun=2026").status_code == 302
    with app.app_context():
        items = list(db.session.scalars(select(RiskChecklistItem).order_by(RiskChecklistItem.position)))
        assert len(items) == 10
        first = items[0].id
    assert "sudah berisi pernyataan" in text(editor.post(f"{BASE}/daftar-uji/baku?tahun=2026",
                                                          follow_redirects=True))
    before = row_counts(app)
    bad = editor.post(f"{BASE}/daftar-uji/{first}/jawab", data={f"u{first}-answer": "ya"})
    assert bad.status_code == 400 and "Sebutkan bukti untuk jawaban ya atau sebagian." in text(bad)
    bad = editor.post(f"{BASE}/daftar-uji/{first}/jawab", data={f"u{first}-answer": "mungkin"})
    assert bad.status_code == 400
    bad = editor.post(f"{BASE}/daftar-uji/tambah?tahun=2026", data={"statement": ""})
    assert bad.status_code == 400 and "Pernyataan uji wajib diisi." in text(bad)
    assert row_counts(app) == before
    assert editor.post(f"{BASE}/daftar-uji/{first}/jawab", data={
        f"u{first}-answer": "ya", f"u{first}-evidence": "SK Satgas"}).status_code == 302
    added = editor.post(f"{BASE}/daftar-uji/tambah?tahun=2026", data={"statement": "Reviu SPIP."})
    assert added.status_code == 302
    assert "Hapus pernyataan uji?" in text(editor.get(f"{BASE}/daftar-uji/{first}/hapus"))
    assert editor.post(f"{BASE}/daftar-uji/{first}/hapus").status_code == 302
    with app.app_context():
        assert db.session.query(RiskChecklistItem).count() == 10


def _register_page(client, **args):
    query = "&".join(f"{k}={v}" for k, v in args.items())
    html = client.get(f"{BASE}/?{query}").get_data(as_text=True)
    return re.findall(r'data-risk="([^"]+)" data-state="(\w+)"', html), html


def test_filters_and_pages(app, make_user):
    rows = [  # (code, year, unit, likelihood, impact, due, realised)
        ("A1", 2026, "Keuangan", 5, 5, "2026-03-31", None),  # 25 sangat tinggi, overdue on 15 Jul
        ("A2", 2026, "Keuangan", 4, 4, "2026-09-30", None),  # 16 tinggi, open
        ("A3", 2026, "Data", 4, 5, "2026-05-31", "2026-05-20"),  # 20 tinggi, realised
        ("A4", 2026, "Data", 2, 3, None, None),  # 6 rendah, open (no due date)
        ("A5", 2025, "Data", 1, 1, "2025-12-31", None),  # 1 sangat rendah, overdue
    ]
    make_risks(app, [{"code": code, "year": year, "unit": unit, "likelihood": lk, "impact": im,
                      "due_on": _day(due), "realised_on": _day(done), "realisation": "x" if done else ""}
                     for code, year, unit, lk, im, due, done in rows])
    with freeze_time(NOW):
        client = staff(app, make_user, "risiko")  # logged in under the frozen clock
        found, _html = _register_page(client)
        assert [c for c, _s in found] == ["A1", "A3", "A2", "A4", "A5"]  # year desc, score desc
        assert dict(found) == {"A1": "terlambat", "A2": "terbuka", "A3": "terealisasi", "A4": "terbuka",
                               "A5": "terlambat"}
        assert [c for c, _ in _register_page(client, tahun=2026)[0]] == ["A1", "A3", "A2", "A4"]
        assert [c for c, _ in _register_page(client, unit="Data")[0]] == ["A3", "A4", "A5"]
        assert [c for c, _ in _register_page(client, level="tinggi")[0]] == ["A3", "A2"]
        assert [c for c, _ in _register_page(client, status="terlambat")[0]] == ["A1", "A5"]
        found, _html = _register_page(client, tahun=2026, status="terbuka", unit="Keuangan")
        assert [c for c, _ in found] == ["A2"]
        found, html = _register_page(client, level="kritis", status="x", tahun="abc")
        assert len(found) == 5 and "Saringan tidak valid" in html


def test_pagination(app, editor):
    make_risks(app, [{"code": f"P{n:02d}", "likelihood": 1 + n % 5} for n in range(30)])
    first, html = _register_page(editor, tahun=2026)
    assert len(first) == 25 and "halaman=2" in html and 'data-total="30"' in html
    second, _ = _register_page(editor, tahun=2026, halaman=2)
    assert len(second) == 5 and not set(first) & set(second)


def test_every_write_is_audited_with_ids_and_codes_only(app, editor):
    editor.post(f"{BASE}/baru", data=form(statement="Rahasia: nama pejabat X menerima uang."))
    (risk,) = risks_in_db(app)
    editor.post(f"{BASE}/{risk.id}/ubah", data=form(statement="Rahasia lain."))
    editor.post(f"{BASE}/{risk.id}/kartu/1", data={"tw1-planned": "Rapat rahasia", "tw1-status": "belum"})
    editor.post(f"{BASE}/daftar-uji/tambah?tahun=2026", data={"statement": "Pernyataan rahasia"})
    editor.post(f"{BASE}/{risk.id}/hapus")
    with app.app_context():
        entries = list(db.session.scalars(select(AuditLog).order_by(AuditLog.id)))
    actions = [e.action for e in entries if e.action.startswith("risk.")]
    assert actions == ["risk.create", "risk.update", "risk.card.save", "risk.checklist.create", "risk.delete"]
    for entry in entries:
        assert "ahasia" not in (entry.detail or "") and "[disaring]" not in (entry.detail or "")
    created = json.loads(next(e.detail for e in entries if e.action == "risk.create"))
    assert created == {"code": "R-2026-001", "score": 12, "year": 2026}


def _day(value):
    from datetime import date

    return date.fromisoformat(value) if value else None
