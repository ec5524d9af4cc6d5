"""Rencana Aksi: the seed parser, the month parser, the page, the JSON endpoint, the loader and the CLI
import."""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.action_plan import service as action_plan
from portal.action_plan.models import ActionPlanItem
from portal.action_plan.parser import ActionPlanParseError, parse_action_plan, parse_file, parse_months
from portal.core import registry
from portal.core.models.audit import AuditLog
from portal.core.models.setting import Setting
from portal.extensions import db
from portal.features import FEATURES

DATA = Path(__file__).resolve().parents[2] / "portal" / "data"
SEED = DATA / "rencana_aksi_2026_sumber.txt"
SHIPPED = DATA / "rencana_aksi_2026.json"

# Counted by hand from the seed (see the docstring of portal/action_plan/parser.py).
PER_AREA = {"I": 5, "II": 3, "III": 4, "IV": 2, "V": 24, "VI": 5}
CODES = [
    "I.1", "I.2", "I.3", "I.4", "I.4b",
    "II.1", "II.2", "II.3",
    "III.1", "III.2", "III.3", "III.4",
    "IV.1", "IV.2",
    "V.1.1", "V.1.2",
    "V.2.1", "V.2.1b", "V.2.1c", "V.2.1d",
    "V.3.1", "V.3.2", "V.3.3", "V.3.4", "V.3.5",
    "V.4.1", "V.4.2", "V.4.2b", "V.4.3", "V.4.3b", "V.4.4", "V.4.4b",
    "V.5.1", "V.5.2", "V.5.2b", "V.5.2c", "V.5.3", "V.5.4",
    "VI.1", "VI.1b", "VI.1c", "VI.2", "VI.3",
]
TEAMS = {
    "I": "TIM MANAJEMEN PERUBAHAN",
    "II": "TIM PENATAAN TATA LAKSANA",
    "III": "TIM PENATAAN SISTEM MANAJEMEN SUMBER DAYA MANUSIA",
    "IV": "TIM PENGUATAN AKUNTABILITAS",
    "V": "TIM PENGUATAN PENGAWASAN",
    "VI": "TIM PENINGKATAN KUALITAS PELAYANAN PUBLIK",
}
ALL_YEAR = list(range(1, 13))
# Every distinct PELAKSANAAN value in the seed, with the months it means.
SEED_SCHEDULES = {
    "Januari": [1],
    "Juni dan Desember": [6, 12],
    "Januari – Desember": ALL_YEAR,
    "Januari dan Desember": [1, 12],
    "Januari - Desember": ALL_YEAR,
    "Desember": [12],
    "Per Triwulan": [3, 6, 9, 12],
    "Januari - Desember Januari - Desember": ALL_YEAR,
    "Januari-Desember": ALL_YEAR,
}


@pytest.fixture(scope="module")
def plan():
    return parse_file(SEED)


@pytest.fixture(scope="module")
def rows(plan):
    return {row.code: row for row in plan.rows}


@pytest.fixture
def loaded(app):
    with app.app_context():
        action_plan.load_shipped_plans(db.session)
        db.session.commit()
    return app


def _count(app, **where) -> int:
    with app.app_context():
        query = select(func.count()).select_from(ActionPlanItem)
        for name, value in where.items():
            query = query.where(getattr(ActionPlanItem, name) == value)
        return db.session.scalar(query)


def _shown(html: str) -> tuple[int, int]:
    match = re.search(r'data-shown="(\d+)" data-total="(\d+)"', html)
    assert match, "count paragraph missing"
    assert html.count('class="plan-row"') == int(match.group(1))
    return int(match.group(1)), int(match.group(2))


# ------------------------------------------------------------------------------------------ the parser
def test_parser_finds_every_row_per_area(plan):
    assert plan.year == 2026
    assert plan.title.startswith("RENCANA AKSI PEMBANGUNAN ZONA INTEGRITAS")
    assert plan.title.endswith("TAHUN 2026")
    assert Counter(row.area_code for row in plan.rows) == PER_AREA
    assert len(plan.rows) == 43
    assert [row.code for row in plan.rows] == CODES
    assert [row.seq for row in plan.rows] == list(range(1, 44))
    assert plan.warnings == []


def test_area_titles_and_groups(plan):
    areas = {row.area_code: row.area_title for row in plan.rows}
    assert areas == {
        "I": "MANAJEMEN PERUBAHAN", "II": "PENATAAN TATA LAKSANA",
        "III": "PENATAAN SISTEM MANAJEMEN SUMBER DAYA MANUSIA", "IV": "PENGUATAN AKUNTABILITAS",
        "V": "PENGUATAN PENGAWASAN", "VI": "PENINGKATAN KUALITAS PELAYANAN PUBLIK",
    }
    groups = {(row.area_code, row.group_code, row.group_title) for row in plan.rows if row.group_title}
    assert groups == {
        ("I", "I", "Pembangunan Unit Kerja Untuk Memperoleh Predikat Menuju WBK/WBBM"),
        ("V", "1", "Pengendalian Gratifikasi"),
        ("V", "2", "Pelaksanaan Whistle Blowing System"),
        ("V", "3", "Pelaksanaan Pemantauan Benturan Kepentingan"),
        ("V", "4", "Pembangunan SPIP"),
        ("V", "5", "Penanganan Pengaduan Masyarakat"),
    }
    assert Counter(row.group_code for row in plan.rows if row.area_code == "V") == {
        "1": 2, "2": 4, "3": 5, "4": 7, "5": 6}


def test_subheadings_and_page_headers_are_not_rows(plan):
    headings = {"Pengendalian Gratifikasi", "Pelaksanaan Whistle Blowing System", "Pembangunan SPIP",
                "Pelaksanaan Pemantauan Benturan Kepentingan", "Penanganan Pengaduan Masyarakat",
                "Pembangunan Unit Kerja Untuk Memperoleh Predikat Menuju WBK/WBBM"}
    for row in plan.rows:
        assert row.komponen not in headings
        assert row.komponen and row.langkah_aksi and row.pelaksanaan, row.code
        text = f"{row.komponen} {row.indikator} {row.langkah_aksi} {row.bukti_fisik} {row.pelaksanaan}"
        assert "KOMPONEN" not in text and "INDIKATOR" not in text
        assert "<" not in text and ">" not in text, row.code  # markup stripped
        assert ", ," not in text


def test_continuations_across_page_breaks_are_merged(rows):
    i4 = rows["I.4"]
    assert i4.indikator == "Para Pimpinan berperan sebagai role model dalam pelaksanaan pembangunan WBK/WBBM"
    assert i4.langkah_aksi.endswith("berkontribusi dalam rapat pleno")
    assert i4.pelaksanaan == "Januari – Desember"
    assert i4.source_lines == [84, 88]
    assert rows["II.3"].indikator == ("Menerapkan kebijakan informasi publik (berkala, serta merta dan "
                                      "tersedia setiap saat) pada laman unit kerja")
    assert rows["V.2.1c"].langkah_aksi == ("KPU Kabupaten Kebumen berkoordinasi dengan Inspektorat terkait "
                                          "dengan implementasi Whistle Blowing System di lingkungan KPU "
                                          "Kabupaten Kebumen")
    assert rows["V.3.1"].bukti_fisik.endswith("dan prosedur penanganan/ pencegahan")
    assert ("dengan melampirkan hasil identifikasi, serta penanganan benturan kepentingan"
            in rows["V.3.5"].langkah_aksi)
    assert rows["V.5.2b"].langkah_aksi == ("Menyusun matriks rekapitulasi jumlah pengaduan yang tengah "
                                          "diproses")
    # Two continuation lines in one column: the wrapped sentence, then a second paragraph of the cell.
    assert rows["V.1.2"].bukti_fisik == (
        "Banner “Tolak Gratifikasi” dan tagline-tagline yang berbasis bebas korupsi dan pelayanan publik "
        "menggunakan media daring\nSosialisasi tentang Pencegahan Gratifikasi")
    assert rows["IV.2"].bukti_fisik == "Perjanjian Kinerja, SAKIP, LKjIP"


def test_unnumbered_lines_with_a_schedule_are_separate_rows(rows):
    wbs = [rows[c] for c in ("V.2.1", "V.2.1b", "V.2.1c", "V.2.1d")]
    assert [r.indikator for r in wbs] == [
        "Sosialisasi internal Whistle Blowing System dan inovasi sistem",
        "Whistle Blowing System telah diterapkan",
        "Evaluasi atas penerapan Whistle Blowing System sudah dilakukan",
        "Hasil evaluasi atas penerepan Whistle Blowing Systme telah ditindaklanjuti",
    ]
    assert {r.komponen for r in wbs} == {"Internalisasi Whistle Blowing System dan penerapannya"}
    assert {r.number for r in wbs} == {1}
    assert [r.pelaksanaan for r in wbs] == ["Januari - Desember", "Per Triwulan", "Per Triwulan",
                                            "Per Triwulan"]
    # SPIP: only LANGKAH AKSI, BUKTI FISIK and PELAKSANAAN filled -> komponen and indikator from the row
    # above.
    for code, komponen, indikator in [
        ("V.4.2b", "Penilaian resiko unit atas pelaksanaan kebijakan", "Menyusun peta resiko"),
        ("V.4.4b", "Informasi SPIP kepada seluruh pegawai",
         "Mengkomunikasikan dan mengimplementasikan SPIP kepada seluruh pegawai"),
    ]:
        row = rows[code]
        assert (row.komponen, row.indikator) == (komponen, indikator)
        assert row.langkah_aksi == "Menyusun Daftar Uji Penyelenggaraan SPIP"
        assert row.pelaksanaan == "Desember"
    assert rows["V.4.3b"].langkah_aksi == "Menyusun dan Melaporkan Kartu Kendali beserta data dukungnya"
    assert rows["I.4b"].komponen == "Perubahan Pola Pikir dan Budaya Kerja"
    assert rows["I.4b"].indikator.startswith("KPU Kabupaten Kebumen menjadi tim percontohan")
    assert rows["I.4b"].pelaksanaan == "Januari dan Desember"
    assert rows["V.5.2c"].indikator == "Jumlah pengaduan yang telah selesai ditindaklanjuti"
    assert [rows[c].indikator for c in ("VI.1", "VI.1b", "VI.1c")] == [
        "Terdapat kebijakan standar pelayanan", "Standar pelayanan telah dimaklumkan",
        "Reviu dan pemutakhiran atas standar pelayanan dan SOP Pelaksanaan"]


def test_every_row_has_its_areas_team(plan):
    for row in plan.rows:
        assert row.penanggung_jawab == TEAMS[row.area_code], row.code


def test_shipped_json_is_the_parser_output(plan):
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert shipped == json.loads(json.dumps(plan.to_dict(), ensure_ascii=False))
    assert shipped["count"] == 43


def test_parser_rejects_text_without_a_table():
    with pytest.raises(ActionPlanParseError) as err:
        parse_action_plan("KEPUTUSAN\nTidak ada tabel di sini.\n")
    assert "tabel rencana aksi tidak ditemukan" in err.value.message


def test_parser_requires_a_team_and_warns_about_stray_continuations():
    head = ("RENCANA AKSI CONTOH\nTAHUN 2027\n\n"
            "NO\tKOMPONEN\tINDIKATOR\tLANGKAH AKSI\tBUKTI FISIK\tPELAKSANAAN\tPENANGGUNG JAWAB\n")
    with pytest.raises(ActionPlanParseError) as err:
        parse_action_plan(head + "I. AREA\t\t\t\t\t\t\n1\tK\tInd\tLangkah\tBukti\tJanuari\t\n")
    assert err.value.line == 6 and "penanggung jawab" in err.value.message
    plan = parse_action_plan(head + "I. AREA\t\t\t\t\t\t\n1\tK\tInd\tLangkah\tBukti\tJanuari\tTIM A\n"
                             "\t\t\tlanjutan\t\t\t\n\t\tInd 2\tLangkah 2\tBukti 2\tMaret s.d. Mei\t\n")
    assert plan.year == 2027
    assert [(r.code, r.langkah_aksi, r.months) for r in plan.rows] == [
        ("I.1", "Langkah lanjutan", [1]), ("I.1b", "Langkah 2", [3, 4, 5])]
    assert len(plan.warnings) == 1 and "Baris 7" in plan.warnings[0]


# ------------------------------------------------------------------------------------------ the months
@pytest.mark.parametrize("text, months", sorted(SEED_SCHEDULES.items()))
def test_month_parser_on_every_seed_schedule(text, months):
    assert parse_months(text) == months


def test_seed_schedules_are_all_covered(plan):
    assert {row.pelaksanaan for row in plan.rows} == set(SEED_SCHEDULES)
    for row in plan.rows:
        assert row.months == SEED_SCHEDULES[row.pelaksanaan]


@pytest.mark.parametrize("text, months", [
    ("Oktober - Maret", [1, 2, 3, 10, 11, 12]),
    ("Triwulan II", [6]),
    ("Per Semester", [6, 12]),
    ("Semester I", [6]),
    ("Setiap bulan", ALL_YEAR),
    ("Maret, Juni dan September", [3, 6, 9]),
    ("Pebruari sampai dengan April", [2, 3, 4]),
    ("Jan—Des", ALL_YEAR),
    ("Menyesuaikan", []),
    ("", []),
])
def test_month_parser_other_forms(text, months):
    assert parse_months(text) == months


# ------------------------------------------------------------------------------------- loader and CLI
def test_loader_is_registered_and_idempotent(app):
    loaders = registry.Registry.from_names(FEATURES).loaders()
    assert "portal.action_plan.service:load_shipped_plans" in [loader.load for loader in loaders]
    assert ("rencana aksi", action_plan.load_shipped_plans) in [
        (loader.name, registry.resolve(loader.load)) for loader in loaders]
    with app.app_context():
        first = action_plan.load_shipped_plans(db.session)
        db.session.commit()
        ids = dict(db.session.execute(select(ActionPlanItem.code, ActionPlanItem.id)).all())
        second = action_plan.load_shipped_plans(db.session)
        db.session.commit()
        assert first == "2026: 43 kegiatan dimuat"
        assert second == "2026: sudah ada 43 kegiatan"
        assert dict(db.session.execute(select(ActionPlanItem.code, ActionPlanItem.id)).all()) == ids
        assert db.session.scalar(select(func.count()).select_from(AuditLog)
                                 .where(AuditLog.action == "action_plan.load")) == 1
    assert _count(app) == 43
    for area, n in PER_AREA.items():
        assert _count(app, area_code=area) == n


def test_stored_months_filter_in_sql(loaded):
    with loaded.app_context():
        item = db.session.scalar(select(ActionPlanItem).where(ActionPlanItem.code == "V.2.1b"))
        assert item.months == ",3,6,9,12," and item.month_numbers == [3, 6, 9, 12]
        counts = {m: db.session.scalar(select(func.count()).select_from(ActionPlanItem)
                                       .where(ActionPlanItem.active_in(m))) for m in range(1, 13)}
    # 26 all-year rows; + "Januari" (2) and "Januari dan Desember" (2); + quarters (3); + June/December rows.
    assert counts == {1: 30, 2: 26, 3: 29, 4: 26, 5: 26, 6: 31, 7: 26, 8: 26, 9: 29, 10: 26, 11: 26, 12: 41}


def test_import_command_loads_and_replaces_the_plan(app, runner, tmp_path):
    result = runner.invoke(args=["import-action-plan", str(SEED)])
    assert result.exit_code == 0, result.output
    assert "Rencana aksi 2026: 43 kegiatan (baru 43" in result.output
    assert "area V: 24 kegiatan" in result.output
    assert _count(app, year=2026) == 43
    with app.app_context():
        ids = dict(db.session.execute(select(ActionPlanItem.code, ActionPlanItem.id)).all())

    # A revised decree: one SPIP sub-row dropped, one schedule changed. Ids of kept rows do not change.
    text = SEED.read_text(encoding="utf-8")
    revised = text.replace("\t\t\tMenyusun dan Melaporkan Kartu Kendali beserta data dukungnya\t"
                           "Kartu Kendali dan data dukungnya\tJanuari - Desember\t\n", "")
    revised = revised.replace("Rapat evaluasi pembangunan ZI per semester\tUndangan rapat, daftar hadir, "
                              "lembar monev ZI, bukti pelaksanaan dan tindak lanjut\tJuni dan Desember",
                              "Rapat evaluasi pembangunan ZI per semester\tUndangan rapat, daftar hadir, "
                              "lembar monev ZI, bukti pelaksanaan dan tindak lanjut\tPer Semester")
    assert revised.count("\n") == text.count("\n") - 1
    path = tmp_path / "revisi.txt"
    path.write_text(revised, encoding="utf-8")
    result = runner.invoke(args=["import-action-plan", str(path)])
    assert result.exit_code == 0, result.output
    # Changed: I.3 (schedule) and the 13 rows after V.4.3b (seq 30), whose position moved up by one.
    assert "42 kegiatan (baru 0, diubah 14, tetap 28, dihapus 1)" in result.output
    with app.app_context():
        after = dict(db.session.execute(select(ActionPlanItem.code, ActionPlanItem.id)).all())
        assert "V.4.3b" not in after
        assert all(ids[code] == after[code] for code in after)
        i3 = db.session.scalar(select(ActionPlanItem).where(ActionPlanItem.code == "I.3"))
        assert (i3.pelaksanaan, i3.months) == ("Per Semester", ",6,12,")
        entries = db.session.scalars(select(AuditLog).where(AuditLog.action == "action_plan.import")).all()
        assert len(entries) == 2 and json.loads(entries[1].detail)["removed"] == 1


def test_import_command_year_option_and_dry_run(app, runner):
    result = runner.invoke(args=["import-action-plan", str(SEED), "--year", "2027", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "tidak ada yang disimpan" in result.output
    assert _count(app) == 0
    result = runner.invoke(args=["import-action-plan", str(SEED), "--year", "2027"])
    assert result.exit_code == 0, result.output
    assert _count(app, year=2027) == 43 and _count(app, year=2026) == 0


def test_import_command_bad_input_is_a_clear_error(app, runner, tmp_path):
    bad = tmp_path / "bukan-tabel.txt"
    bad.write_text("Surat biasa tanpa tabel.\n", encoding="utf-8")
    result = runner.invoke(args=["import-action-plan", str(bad)])
    assert result.exit_code != 0
    assert "Berkas rencana aksi tidak dapat dibaca" in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(args=["import-action-plan", str(tmp_path / "tidak-ada.txt")])
    assert result.exit_code != 0 and "Berkas tidak ditemukan" in result.output
    assert _count(app) == 0


# --------------------------------------------------------------------------------------------- the page
def test_page_shows_every_area_and_row(loaded, client):
    response = client.get("/rencana-aksi")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert _shown(html) == (43, 43)
    for code, title in [("I", "MANAJEMEN PERUBAHAN"), ("II", "PENATAAN TATA LAKSANA"),
                        ("III", "PENATAAN SISTEM MANAJEMEN SUMBER DAYA MANUSIA"),
                        ("IV", "PENGUATAN AKUNTABILITAS"),
                        ("V", "PENGUATAN PENGAWASAN"), ("VI", "PENINGKATAN KUALITAS PELAYANAN PUBLIK")]:
        assert f'id="area-{code}">{code}. {title}</h2>' in html
    for code in CODES:
        assert f'data-code="{code}"' in html
    assert "2. Pelaksanaan Whistle Blowing System</th>" in html
    assert "Keputusan KPU Kabupaten Kebumen Nomor 29 Tahun 2026" in html
    assert "Tidak ada kegiatan" not in html
    # Phone cards need the column names on each cell; print needs the stylesheet and the button.
    assert 'data-label="Langkah Aksi"' in html and 'scope="col"' in html
    assert "css/print-plan.css" in html and "data-print" in html
    assert re.search(r'<form method="get" action="/rencana-aksi"[^>]*d-print-none', html)
    assert '<button type="submit"' in html
    assert "<script>" not in html and 'style="' not in html


def test_print_stylesheet_is_a4_landscape(client):
    css = client.get("/static/css/print-plan.css").get_data(as_text=True)
    assert "@page { size: A4 landscape" in css
    assert ".plan-filters" in css and "max-width: 991.98px" in css


def test_decree_name_comes_from_settings(loaded, client):
    with loaded.app_context():
        db.session.add(Setting(key="zi_decree", value="Keputusan KPU Kota Contoh Nomor 7 Tahun 2026"))
        db.session.commit()
    html = client.get("/rencana-aksi").get_data(as_text=True)
    assert "Keputusan KPU Kota Contoh Nomor 7 Tahun 2026" in html


@pytest.mark.parametrize("query, shown, codes_in, codes_out", [
    ("area=V", 24, ["V.1.1", "V.5.4"], ["I.1", "VI.1"]),
    ("area=II", 3, ["II.1", "II.3"], ["I.1", "III.1"]),
    ("tim=TIM+PENATAAN+TATA+LAKSANA", 3, ["II.2"], ["V.1.1"]),
    ("tim=TIM+PENGUATAN+PENGAWASAN", 24, ["V.2.1d"], ["VI.3"]),
    ("bulan=1", 30, ["I.1", "I.4b", "IV.2"], ["I.3", "V.2.1b", "IV.1"]),
    ("bulan=3", 29, ["V.2.1b", "V.2.1c", "V.2.1d", "II.2"], ["I.1", "I.3", "IV.1"]),
    ("bulan=6", 31, ["I.3", "II.1", "V.2.1b"], ["I.1", "I.4b"]),
    ("bulan=12", 41, ["IV.1", "V.4.2b", "V.5.3"], ["I.1", "I.2"]),
    ("area=V&bulan=3", 17, ["V.2.1b", "V.4.1"], ["V.3.4", "II.2"]),
    ("area=IV&tim=TIM+PENGUATAN+AKUNTABILITAS&bulan=1", 1, ["IV.2"], ["IV.1"]),
])
def test_filters_narrow_the_page(loaded, client, query, shown, codes_in, codes_out):
    html = client.get(f"/rencana-aksi?{query}").get_data(as_text=True)
    assert _shown(html) == (shown, 43)
    assert f"Menampilkan {shown} dari 43 kegiatan" in html
    for code in codes_in:
        assert f'data-code="{code}"' in html
    for code in codes_out:
        assert f'data-code="{code}"' not in html


def test_month_filter_names_the_month_and_keeps_the_choice(loaded, client):
    html = client.get("/rencana-aksi?bulan=6").get_data(as_text=True)
    assert "yang dilaksanakan pada bulan Juni" in html
    assert '<option selected value="6">Juni</option>' in html


def test_filter_with_no_match_says_so(loaded, client):
    html = client.get("/rencana-aksi?area=I&bulan=2&tim=TIM+MANAJEMEN+PERUBAHAN").get_data(as_text=True)
    # Area I in February: only I.4 (Januari – Desember).
    assert _shown(html)[0] == 1
    html = client.get("/rencana-aksi?area=IV&bulan=2").get_data(as_text=True)
    assert _shown(html) == (0, 43)
    assert "Tidak ada kegiatan yang cocok dengan filter yang dipilih." in html
    assert "<h2" not in html.split("plan-empty", 1)[1]


def test_invalid_filters_are_reported_not_crashing(loaded, client):
    response = client.get("/rencana-aksi?area=VII&bulan=13&tim=TIM+SIAPA")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Area yang dipilih tidak dikenal" in html
    assert "Bulan harus dipilih dari Januari sampai Desember" in html
    assert "Tim penanggung jawab yang dipilih tidak dikenal" in html
    assert _shown(html) == (43, 43)  # invalid filters are ignored
    page = client.get("/rencana-aksi?tahun=1999").get_data(as_text=True)
    assert "Tahun yang dipilih tidak tersedia" in page


def test_page_without_a_plan(client):
    response = client.get("/rencana-aksi?bulan=5")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Rencana aksi belum dimuat" in html
    assert _shown(html) == (0, 0)


def test_year_choice_when_several_plans(loaded, runner, client):
    assert runner.invoke(args=["import-action-plan", str(SEED), "--year", "2025"]).exit_code == 0
    html = client.get("/rencana-aksi").get_data(as_text=True)
    assert "Tahun 2026" in html and '<select class="form-select form-select-sm" id="tahun"' in html
    html = client.get("/rencana-aksi?tahun=2025&area=IV").get_data(as_text=True)
    assert "Tahun 2025" in html and _shown(html) == (2, 43)


# -------------------------------------------------------------------------------------------- open data
def test_json_endpoint_lists_rows(loaded, client):
    response = client.get("/api/v1/rencana-aksi")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    data = response.json
    assert (data["year"], data["count"], data["total"]) == (2026, 43, 43)
    assert data["decree"] == "Keputusan KPU Kabupaten Kebumen Nomor 29 Tahun 2026"
    assert [row["code"] for row in data["items"]] == CODES
    wbs = next(row for row in data["items"] if row["code"] == "V.2.1b")
    assert wbs == {
        "code": "V.2.1b", "year": 2026, "sequence": 18, "number": 1,
        "area": {"code": "V", "title": "PENGUATAN PENGAWASAN"},
        "subgroup": {"code": "2", "title": "Pelaksanaan Whistle Blowing System"},
        "component": "Internalisasi Whistle Blowing System dan penerapannya",
        "indicator": "Whistle Blowing System telah diterapkan",
        "action_step": "Implementasi Whistle Blowing System",
        "evidence": "Laporan Hasil Rapat Whistle Blowing System internal",
        "schedule": "Per Triwulan", "months": [3, 6, 9, 12],
        "responsible": "TIM PENGUATAN PENGAWASAN",
    }
    assert next(row for row in data["items"] if row["code"] == "II.1")["subgroup"] is None


def test_json_endpoint_filters(loaded, client):
    data = client.get("/api/v1/rencana-aksi?area=V&bulan=3").json
    assert data["count"] == 17 and data["filters"] == {"area": "V", "team": None, "month": 3}
    assert all(3 in row["months"] and row["area"]["code"] == "V" for row in data["items"])
    data = client.get("/api/v1/rencana-aksi?tim=TIM+PENGUATAN+AKUNTABILITAS").json
    assert [row["code"] for row in data["items"]] == ["IV.1", "IV.2"]


def test_json_endpoint_rejects_bad_filters(loaded, client):
    response = client.get("/api/v1/rencana-aksi?bulan=abc&area=X")
    assert response.status_code == 400
    assert response.json["error"] == "Filter tidak valid."
    assert set(response.json["errors"]) == {"bulan", "area"}
    assert client.post("/api/v1/rencana-aksi").status_code == 405
