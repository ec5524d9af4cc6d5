"""PPID first slice (issue 13): /ppid, the Daftar Informasi Publik (filters, search, pagination, detail),
the out-of-date mark for berkala entries, the exemption list, the staff area (roles, CSRF, bad input,
revision history, audit) and the JSON answers."""
from __future__ import annotations

import html as html_lib
import json
import re
from datetime import date

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from portal.core.models.audit import AuditLog
from portal.extensions import db
from portal.ppid import service as ppid
from portal.ppid.models import DipEntry, DipRevision, Exemption, ExemptionRevision
from tests.security_helpers import row_counts

TODAY = date(2026, 11, 20)


def text(response) -> str:
    return html_lib.unescape(response.get_data(as_text=True))


def dip_values(**overrides) -> dict:
    values = {
        "category": "berkala", "title": "Laporan Keuangan", "summary": "Realisasi anggaran semester I.",
        "holder": "Subbagian Keuangan", "responsible": "Sekretaris", "origin": "Kebumen, 2026",
        "formats": "Softcopy (PDF)", "retention": "10 tahun", "year": 2026, "updated_on": date(2026, 10, 1),
        "link_url": "",
    }
    values.update(overrides)
    return values


def form(values: dict) -> dict:
    return {key: (value.isoformat() if isinstance(value, date) else str(value))
            for key, value in values.items()}


def add_entry(app, **overrides) -> int:
    with app.app_context():
        entry = ppid.create_dip(db.session, dip_values(**overrides), None)
        db.session.commit()
        return entry.id


def exemption_values(**overrides) -> dict:
    values = {"title": "Data pribadi pemilih", "ground": "h", "legal_basis": "UU 27/2022",
              "consequence": "Penyalahgunaan identitas.", "period": "Selama tersimpan",
              "decided_on": date(2026, 1, 15)}
    values.update(overrides)
    return values


def add_exemption(app, **overrides) -> int:
    with app.app_context():
        item = ppid.create_exemption(db.session, exemption_values(**overrides), None)
        db.session.commit()
        return item.id


# --- the public pages -----------------------------------------------------------------------------------
def test_the_ppid_page_says_how_to_request_today_with_the_office_contacts(client):
    body = text(client.get("/ppid"))
    assert "segera tersedia" not in body.lower()
    for expected in ("Cara mengajukan permohonan informasi", "Cara mengajukan keberatan", "10 hari kerja",
                     "pengaduan@kpu-kebumenkab.go.id", "(0287) 381043", "Jl. Arungbinang No. 16",
                     "Senin–Kamis", ppid.PROFILE_DEFAULTS["ppid_officer"], "/ppid/dip", "/ppid/dikecualikan",
                     "/maklumat"):
        assert expected in body, expected
    assert "tidak dipungut biaya" in body


def test_the_ppid_page_links_the_ppid_standard_when_it_exists(app, client):
    from portal.standards import service as standards

    assert "/standar-pelayanan/layanan-informasi-publik" not in text(client.get("/ppid"))
    with app.app_context():
        standards.load_default_standards(db.session)
        db.session.commit()
    assert "/standar-pelayanan/layanan-informasi-publik" in text(client.get("/ppid"))


def test_copy_costs_and_officer_come_from_the_settings(app, client):
    from portal.core.models.setting import Setting

    with app.app_context():
        db.session.add(Setting(key="ppid_copy_cost", value="Salinan cetak Rp500 per lembar."))
        db.session.commit()
    assert "Salinan cetak Rp500 per lembar." in text(client.get("/ppid"))


def test_the_list_filters_by_category_year_and_search(app, client):
    add_entry(app, title="Laporan Keuangan 2026")
    add_entry(app, title="Profil kantor", category="setiap_saat", year=2025, summary="Struktur organisasi.")
    add_entry(app, title="Jadwal coklit", category="serta_merta", holder="Divisi Data")
    body = text(client.get("/ppid/dip"))
    assert all(t in body for t in ("Laporan Keuangan 2026", "Profil kantor", "Jadwal coklit"))
    body = text(client.get("/ppid/dip?kategori=setiap_saat"))
    assert "Profil kantor" in body and "Laporan Keuangan 2026" not in body
    body = text(client.get("/ppid/dip?tahun=2025"))
    assert "Profil kantor" in body and "Jadwal coklit" not in body
    body = text(client.get("/ppid/dip?cari=ORGANISASI"))  # in the summary, any case
    assert "Profil kantor" in body and "Laporan Keuangan 2026" not in body
    body = text(client.get("/ppid/dip?cari=divisi+data"))  # in the holder
    assert "Jadwal coklit" in body and "Profil kantor" not in body
    assert "Profil kantor" not in text(client.get("/ppid/dip?cari=100%25"))  # LIKE wildcards are literal


def test_a_bad_filter_is_a_400_that_says_so(client):
    assert client.get("/ppid/dip?tahun=%C2%B2%C2%B2%C2%B2%C2%B2").status_code == 400  # superscript digits
    response = client.get("/ppid/dip?kategori=rahasia&tahun=abc")
    assert response.status_code == 400
    assert "Saringan tidak valid" in text(response)


def test_the_list_is_paginated_with_halaman(app, client):
    for n in range(ppid.PER_PAGE + 3):
        add_entry(app, title=f"Informasi nomor {n:02d}")
    first = text(client.get("/ppid/dip"))
    second = text(client.get("/ppid/dip?halaman=2"))
    assert "Informasi nomor 00" in first and "Informasi nomor 22" not in first
    assert "Informasi nomor 22" in second and "Informasi nomor 00" not in second
    assert "halaman=2" in first
    assert "23 informasi" in first
    assert client.get("/ppid/dip?halaman=99").status_code == 200


def test_the_detail_page_shows_every_field_of_the_standard(app, client):
    entry_id = add_entry(app, link_url="https://contoh.example/lk.pdf")
    body = text(client.get(f"/ppid/dip/{entry_id}"))
    for expected in ("Ringkasan isi informasi", "Realisasi anggaran semester I.", "Subbagian Keuangan",
                     "Penanggung jawab", "Sekretaris", "Waktu dan tempat pembuatan", "Kebumen, 2026",
                     "Bentuk informasi yang tersedia", "Softcopy (PDF)", "Jangka waktu penyimpanan",
                     "10 tahun",
                     'href="https://contoh.example/lk.pdf"'):
        assert expected in body, expected
    assert client.get("/ppid/dip/999999").status_code == 404


def test_a_withdrawn_entry_leaves_the_public_pages_and_the_api(app, client):
    entry_id = add_entry(app, title="Informasi lama")
    with app.app_context():
        ppid.withdraw_dip(db.session, db.session.get(DipEntry, entry_id), None)
        db.session.commit()
    assert client.get(f"/ppid/dip/{entry_id}").status_code == 404
    assert "Informasi lama" not in text(client.get("/ppid/dip"))
    assert client.get(f"/api/v1/ppid/dip/{entry_id}").status_code == 404
    assert client.get("/api/v1/ppid/dip").get_json()["total"] == 0


def test_the_exemption_list_shows_the_consequence_test(app, client):
    add_exemption(app)
    body = text(client.get("/ppid/dikecualikan"))
    for expected in ("Data pribadi pemilih", "Pasal 17 huruf h", "mengungkap rahasia pribadi",
                     "Penyalahgunaan identitas.", "Selama tersimpan", "UU 27/2022"):
        assert expected in body, expected


def test_the_english_page_translates_the_pasal_17_grounds(app, client):
    add_exemption(app)
    body = client.get("/api/v1/ppid/dikecualikan?lang=en").get_json()
    assert body["count"] == 1 and body["items"][0]["ground"] == "h"


# --- out of date ----------------------------------------------------------------------------------------
def test_six_months_back_keeps_the_day_or_takes_the_last_of_the_month():
    assert ppid.months_before(date(2026, 11, 20), 6) == date(2026, 5, 20)
    assert ppid.months_before(date(2026, 8, 31), 6) == date(2026, 2, 28)
    assert ppid.months_before(date(2026, 3, 15), 6) == date(2025, 9, 15)


@freeze_time("2026-11-20 03:00:00")
def test_berkala_entries_past_six_months_are_marked_and_filtered_for_staff(app, client, login_as):
    stale = add_entry(app, title="Laporan usang", updated_on=date(2026, 5, 19))
    add_entry(app, title="Laporan terbaru", updated_on=date(2026, 5, 20))
    add_entry(app, title="Daftar setiap saat lama", category="setiap_saat", updated_on=date(2024, 1, 1))
    login_as("ppid")
    body = text(client.get("/admin/ppid/"))
    assert "1 informasi berkala belum diperbarui lebih dari enam bulan." in body
    assert body.count('dip-stale') == 1
    filtered = text(client.get("/admin/ppid/?terlambat=1"))
    assert "Laporan usang" in filtered and "Laporan terbaru" not in filtered
    assert "Daftar setiap saat lama" not in filtered
    assert "dip-stale" in text(client.get(f"/admin/ppid/dip/{stale}"))
    public = text(client.get("/ppid/dip"))
    assert "Laporan usang" in public and "dip-stale" not in public and "Perlu diperbarui" not in public


# --- staff: roles ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ["ppid", "editor"])
def test_ppid_and_editor_create_edit_and_withdraw(app, client, login_as, role):
    login_as(role)
    assert client.get("/admin/ppid/dip/baru").status_code == 200
    response = client.post("/admin/ppid/dip/baru", data=form(dip_values()))
    assert response.status_code == 302
    with app.app_context():
        entry = db.session.scalars(select(DipEntry)).one()
        entry_id = entry.id
    response = client.post(f"/admin/ppid/dip/{entry_id}/ubah",
                           data=form(dip_values(title="Laporan Keuangan v2")))
    assert response.status_code == 302
    assert client.post(f"/admin/ppid/dip/{entry_id}/tarik").status_code == 302
    with app.app_context():
        entry = db.session.get(DipEntry, entry_id)
        assert (entry.title, entry.status, entry.version) == ("Laporan Keuangan v2", "ditarik", 3)
        actions = list(db.session.scalars(select(AuditLog.action).order_by(AuditLog.id)))
    assert [a for a in actions if a.startswith("ppid.")] == ["ppid.dip.create", "ppid.dip.update",
                                                             "ppid.dip.withdraw"]


def test_pimpinan_reads_but_does_not_write(app, client, login_as):
    entry_id = add_entry(app)
    item_id = add_exemption(app)
    login_as("pimpinan")
    assert client.get("/admin/ppid/").status_code == 200
    assert client.get(f"/admin/ppid/dip/{entry_id}").status_code == 200
    assert client.get("/admin/ppid/dikecualikan").status_code == 200
    assert client.get(f"/admin/ppid/dikecualikan/{item_id}").status_code == 200
    assert "Tambah informasi" not in text(client.get("/admin/ppid/"))
    before = row_counts(app)
    for method, url in (("get", "/admin/ppid/dip/baru"), ("post", "/admin/ppid/dip/baru"),
                        ("get", f"/admin/ppid/dip/{entry_id}/ubah"),
                        ("post", f"/admin/ppid/dip/{entry_id}/tarik"),
                        ("get", "/admin/ppid/dikecualikan/baru"),
                        ("post", f"/admin/ppid/dikecualikan/{item_id}/tarik")):
        assert getattr(client, method)(url, data=form(dip_values())).status_code == 403, url
    assert row_counts(app) == before


@pytest.mark.parametrize("role", ["dumas", "wbs", "admin"])
def test_other_roles_get_403(client, login_as, role):
    login_as(role)
    assert client.get("/admin/ppid/").status_code == 403
    assert client.get("/admin/ppid/dikecualikan").status_code == 403


def test_the_ppid_role_does_not_open_wbs(client, login_as):
    login_as("ppid")
    assert client.get("/admin/wbs").status_code == 403


def test_anonymous_visitors_go_to_the_login_page(client):
    for url in ("/admin/ppid/", "/admin/ppid/dip/baru", "/admin/ppid/dikecualikan"):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_the_role_is_declared_with_a_label():
    from portal.accounts.models import PRIVILEGED_ROLES, ROLES

    assert "ppid" in ROLES and "ppid" not in PRIVILEGED_ROLES


# --- CSRF -----------------------------------------------------------------------------------------------
def test_writes_need_the_csrf_token(app_factory, make_user):
    app = app_factory(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    from portal.accounts import service as accounts
    from tests.conftest import PASSWORD

    with app.app_context():
        accounts.create_user(db.session, "ppid@uji.example", PASSWORD, ["ppid"])
        db.session.commit()
    page = client.get("/admin/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/admin/login", data={"email": "ppid@uji.example", "password": PASSWORD,
                                             "csrf_token": token}).status_code == 302
    before = row_counts(app)
    response = client.post("/admin/ppid/dip/baru", data=form(dip_values()))
    assert response.status_code == 400
    assert row_counts(app) == before
    page = client.get("/admin/ppid/dip/baru").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/admin/ppid/dip/baru", data={**form(dip_values()), "csrf_token": token})
    assert response.status_code == 302


# --- bad input ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("change", "message"), [
    ({"title": ""}, "Judul informasi wajib diisi."),
    ({"summary": "   "}, "Ringkasan isi informasi wajib diisi."),
    ({"category": "rahasia"}, "Not a valid choice"),
    ({"year": "20x6"}, "Tahun harus bilangan 2000 sampai 2100."),
    ({"year": "1999"}, "Tahun harus bilangan 2000 sampai 2100."),
    ({"updated_on": "31-31-2026"}, "Tanggal tidak valid"),
    ({"link_url": "javascript:alert(1)"}, "Tautan dokumen harus alamat web lengkap"),
    ({"title": "x" * 300}, "Isian terlalu panjang."),
])
def test_bad_input_is_refused_clearly_and_writes_nothing(app, client, login_as, change, message):
    login_as("ppid")
    before = row_counts(app, exclude=("audit_log",))
    response = client.post("/admin/ppid/dip/baru", data={**form(dip_values()), **change})
    assert response.status_code == 400
    body = text(response)
    assert message in body or (message == "Not a valid choice" and "is-invalid" in body), body[:2000]
    assert row_counts(app, exclude=("audit_log",)) == before


def test_a_bad_exemption_ground_is_refused(app, client, login_as):
    login_as("editor")
    data = form(exemption_values(ground="k"))
    response = client.post("/admin/ppid/dikecualikan/baru", data=data)
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count(Exemption.id))) == 0


def test_the_domain_refuses_what_the_form_would_too(app):
    from portal.core.errors import DomainError

    with app.app_context():
        with pytest.raises(DomainError) as err:
            ppid.create_dip(db.session, dip_values(responsible=""), None)
        assert "Penanggung jawab" in err.value.message
        with pytest.raises(DomainError):
            ppid.create_exemption(db.session, exemption_values(ground="z"), None)


# --- revision history -----------------------------------------------------------------------------------
def test_every_save_keeps_the_previous_version(app, client, login_as):
    entry_id = add_entry(app, title="Versi satu")
    login_as("ppid")
    client.post(f"/admin/ppid/dip/{entry_id}/ubah", data=form(dip_values(title="Versi dua")))
    client.post(f"/admin/ppid/dip/{entry_id}/ubah",
                data=form(dip_values(title="Versi tiga", retention="5 tahun")))
    with app.app_context():
        revisions = list(db.session.scalars(select(DipRevision).order_by(DipRevision.version)))
        assert [(r.version, r.values["title"]) for r in revisions] == [(1, "Versi satu"), (2, "Versi dua")]
        assert revisions[0].values["updated_on"] == "2026-10-01"
        assert revisions[1].author_id is not None
        changed = db.session.scalars(select(AuditLog).where(AuditLog.action == "ppid.dip.update")
                                     .order_by(AuditLog.id.desc())).first()
        assert json.loads(changed.detail)["changed"] == ["retention", "title"]
        assert changed.object_id == str(entry_id)
    body = text(client.get(f"/admin/ppid/dip/{entry_id}"))
    assert body.count('class="dip-revision"') == 2 and "Versi dua" in body


def test_a_save_without_changes_is_refused(app, client, login_as):
    entry_id = add_entry(app)
    login_as("ppid")
    response = client.post(f"/admin/ppid/dip/{entry_id}/ubah", data=form(dip_values()))
    assert response.status_code == 400 and "Tidak ada perubahan untuk disimpan." in text(response)
    with app.app_context():
        assert db.session.scalar(select(func.count(DipRevision.id))) == 0


def test_exemptions_are_edited_with_history_and_withdrawn(app, client, login_as):
    item_id = add_exemption(app)
    login_as("editor")
    response = client.post(f"/admin/ppid/dikecualikan/{item_id}/ubah",
                           data=form(exemption_values(period="5 tahun")))
    assert response.status_code == 302
    assert client.post(f"/admin/ppid/dikecualikan/{item_id}/tarik").status_code == 302
    with app.app_context():
        versions = list(db.session.scalars(
            select(ExemptionRevision.version).order_by(ExemptionRevision.version)))
        assert versions == [1, 2]
        assert db.session.get(Exemption, item_id).status == "ditarik"
    assert "Data pribadi pemilih" not in text(client.get("/ppid/dikecualikan"))
    assert 'class="exemption-revision"' in text(client.get(f"/admin/ppid/dikecualikan/{item_id}"))


def test_audit_details_hold_ids_and_codes_only(app):
    add_entry(app, title="Nama Rahasia Pejabat")
    add_exemption(app)
    with app.app_context():
        rows = list(db.session.scalars(select(AuditLog).where(AuditLog.action.like("ppid.%"))))
    assert rows and all("Rahasia" not in str(row.detail) for row in rows)
    assert all("[disaring]" not in str(row.detail) for row in rows)


# --- JSON -----------------------------------------------------------------------------------------------
def test_the_api_lists_filters_and_refuses_bad_filters(app, client):
    add_entry(app, title="Satu")
    entry_id = add_entry(app, title="Dua", category="setiap_saat")
    body = client.get("/api/v1/ppid/dip?kategori=setiap_saat").get_json()
    assert body["total"] == 1 and body["items"][0]["id"] == entry_id
    assert body["items"][0]["url"].endswith(f"/ppid/dip/{entry_id}")
    response = client.get("/api/v1/ppid/dip?kategori=x&halaman=0")
    assert response.status_code == 400 and set(response.get_json()["errors"]) == {"kategori", "halaman"}
    response = client.get(f"/api/v1/ppid/dip/{entry_id}")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.get_json()["category"] == "setiap_saat"


def test_the_demo_data_fills_the_three_categories(app):
    from portal.ppid.demo import demo_sample

    with app.app_context():
        line = demo_sample(db.session, "demo-sandi-panjang-1")
        db.session.commit()
        counts = dict(db.session.execute(
            select(DipEntry.category, func.count()).group_by(DipEntry.category)).all())
        assert sum(counts.values()) == 12 and set(counts) == {"berkala", "serta_merta", "setiap_saat"}
        assert db.session.scalar(select(func.count(Exemption.id))) == 3
        assert ppid.count_out_of_date(db.session, TODAY) >= 1
        assert "PPID" in line
        assert demo_sample(db.session, "x").startswith("PPID: sudah ada")
