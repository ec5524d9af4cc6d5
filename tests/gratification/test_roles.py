"""Who sees what in the gratification register, through HTTP: a `pegawai` files and sees only their own
reports; `upg` sees every report (a confidential reporter masked in the inbox); `pimpinan` reads the recap
only; other roles get 403; anonymous visitors go to the log-in page; the public sees numbers only."""
from __future__ import annotations

import io

import openpyxl
from freezegun import freeze_time

from tests.gratification.grt_helpers import client_for, count, file, filed_number, report

NOW = "2026-03-20 03:00:00"  # a Friday at 10.00 WIB (a holiday in the real calendar; no holidays loaded here)


@freeze_time(NOW)
def test_pegawai_files_and_sees_only_their_own(app, make_user):
    alice, bob = make_user("pegawai", name="Alice"), make_user("pegawai", name="Bob")
    a, b = client_for(app, alice), client_for(app, bob)
    with freeze_time(NOW):
        number = filed_number(file(a, reporter_name="Alice Pelapor", received_on="2026-03-16"))
    assert number == "GRT-2026-00001"
    page = a.get(f"/admin/gratifikasi/{number}")
    assert page.status_code == 200 and "PT Pemberi Rahasia" in page.get_data(as_text=True)
    assert number in a.get("/admin/gratifikasi").get_data(as_text=True)  # a pegawai's index is their own list
    assert number in a.get("/admin/gratifikasi/saya").get_data(as_text=True)
    # another pegawai: not in their list, the page and its files are 404, the UPG steps 403
    assert number not in b.get("/admin/gratifikasi").get_data(as_text=True)
    assert b.get(f"/admin/gratifikasi/{number}").status_code == 404
    assert b.get(f"/admin/gratifikasi/{number}/berkas/1").status_code == 404
    assert b.post(f"/admin/gratifikasi/{number}/langkah/diverifikasi").status_code == 403
    assert a.post(f"/admin/gratifikasi/{number}/langkah/diverifikasi").status_code == 403  # nor the reporter
    assert a.get("/admin/gratifikasi/rekap").status_code == 403
    dashboard = a.get("/admin/").get_data(as_text=True)
    assert "Pelaporan gratifikasi" in dashboard and "Laporan saya: 1 (1 masih diproses)." in dashboard
    assert "/admin/gratifikasi/lapor" in dashboard and "Terlambat:" not in dashboard  # no UPG figures
    assert report(app, number).status == "diterima"


@freeze_time(NOW)
def test_upg_sees_every_report_and_a_confidential_name_only_on_the_case_page(app, make_user):
    alice = make_user("pegawai")
    upg = client_for(app, make_user("upg"))
    a = client_for(app, alice)
    with freeze_time(NOW):
        open_number = filed_number(file(a, reporter_name="Nama Terbuka", giver_name="Pemberi Satu"))
        secret = filed_number(file(a, reporter_name="Nama Rahasia", giver_name="Pemberi Dua",
                                   confidential="y"))
    with freeze_time(NOW):
        inbox = upg.get("/admin/gratifikasi").get_data(as_text=True)
    assert open_number in inbox and secret in inbox
    assert "Nama Terbuka" in inbox and "Nama Rahasia" not in inbox
    assert "Identitas pelapor dirahasiakan" in inbox
    # searching by the confidential reporter's name finds nothing
    assert secret not in upg.get("/admin/gratifikasi?cari=Rahasia").get_data(as_text=True)
    case = upg.get(f"/admin/gratifikasi/{secret}").get_data(as_text=True)
    assert "Nama Rahasia" in case and "Langkah berikutnya" in case
    # the export follows the filters and masks the confidential reporter too
    export = upg.get("/admin/gratifikasi/daftar.xlsx")
    assert export.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(export.data)).worksheets[0].iter_rows(values_only=True))
    by_number = {row[0]: row for row in rows[1:]}
    assert by_number[secret][4:6] == ("[dirahasiakan]", "[dirahasiakan]")
    assert by_number[open_number][4] == "Nama Terbuka"
    assert "Nama Rahasia" not in repr(rows)
    assert client_for(app, alice).get("/admin/gratifikasi/daftar.xlsx").status_code == 403


@freeze_time(NOW)
def test_other_roles_are_refused_and_anonymous_visitors_log_in(app, client, make_user):
    paths = ["/admin/gratifikasi", "/admin/gratifikasi/lapor", "/admin/gratifikasi/saya",
             "/admin/gratifikasi/rekap", "/admin/gratifikasi/rekap.xlsx", "/admin/gratifikasi/GRT-2026-00001"]
    for role in ("dumas", "editor", "ppid"):
        other = client_for(app, make_user(role))
        for path in paths:
            assert other.get(path).status_code == 403, (role, path)
        assert other.post("/admin/gratifikasi/lapor", data={}).status_code == 403
    for path in paths:
        response = client.get(path)
        assert response.status_code == 302 and "/admin/login" in response.headers["Location"], path
    chief = client_for(app, make_user("pimpinan"))
    assert chief.get("/admin/gratifikasi").status_code == 403
    assert chief.get("/admin/gratifikasi/rekap").status_code == 200
    assert chief.get("/admin/gratifikasi/rekap.xlsx").status_code == 200


@freeze_time(NOW)
def test_wbs_role_is_refused(app, make_user, login_as, client):
    login_as("wbs")
    assert client.get("/admin/gratifikasi").status_code == 403
    assert client.get("/admin/gratifikasi/lapor").status_code == 403


@freeze_time(NOW)
def test_public_recap_and_api_carry_numbers_only(app, client, make_user):
    a = client_for(app, make_user("pegawai"))
    with freeze_time(NOW):
        filed_number(file(a, reporter_name="Nama Pelapor Unik", giver_name="Pemberi Unik Sekali",
                          value="123456789", reporter_nik="3305019876543210"))
        pages = [client.get("/rekap/gratifikasi/2026"), client.get("/rekap/gratifikasi/2026-T1"),
                 client.get("/api/v1/gratifikasi/rekap"), client.get("/api/v1/gratifikasi/rekap?tahun=2026"),
                 client.get("/rekap")]
    for response in pages:
        assert response.status_code == 200
        body = response.get_data(as_text=True)
        for secret in ("Nama Pelapor Unik", "Pemberi Unik", "123456789", "123.456.789", "3305019876543210",
                       "GRT-2026"):
            assert secret not in body
    section = pages[4].get_data(as_text=True)
    assert 'id="rekap-gratifikasi"' in section and "/rekap/gratifikasi/2026" in section
    data = pages[2].get_json()
    assert data["year"] == 2026
    year = data["periods"][-1]
    assert year["period_key"] == "2026" and year["reports"] == 1 and year["by_value_band"]["100jt_lebih"] == 1
    assert [p["period_key"] for p in data["periods"]] == ["2026-T1", "2026"]  # T2-T4 have not begun
    with freeze_time(NOW):
        assert client.get("/rekap/gratifikasi/2026-T2").status_code == 404
        assert client.get("/api/v1/gratifikasi/rekap?tahun=2027").status_code == 404
    assert count(app) == 1


@freeze_time(NOW)
def test_every_page_answers_in_english_too(app, client, make_user):
    a = client_for(app, make_user("pegawai"))
    upg = client_for(app, make_user("upg", "pimpinan"))
    number = filed_number(file(a))
    for c, path in ((a, "/admin/gratifikasi/lapor"), (a, f"/admin/gratifikasi/{number}"), (a, "/admin/"),
                    (upg, "/admin/gratifikasi"), (upg, f"/admin/gratifikasi/{number}"),
                    (upg, "/admin/gratifikasi/rekap"), (upg, "/admin/gratifikasi/rekap/cetak"),
                    (client, "/rekap/gratifikasi/2026-S1"), (client, "/rekap")):
        assert c.get(path + "?lang=en").status_code == 200, path
    assert client.get("/rekap/gratifikasi").status_code == 302
    assert client.get("/rekap/gratifikasi/2026-t1").status_code == 301
    assert client.get("/rekap/gratifikasi/2026-03").status_code == 404  # months are not published
