"""Staff side of PPID information requests (issue 13): the inbox (filters, tabs, overdue), the case page, the
extension (refused after the first deadline), the decision with released files (a refusal needs a published
Pasal 17 exemption), the identity scan (PPID role only), the written notice on A4 and the dashboard panel.
The request is created with the model and intake functions (the public form is built separately)."""
from __future__ import annotations

import html as html_lib
import io
import re
from datetime import date

from freezegun import freeze_time
from sqlalchemy import func, select

from portal.core import clock
from portal.core.models.audit import AuditLog
from portal.core.models.calendar import Holiday
from portal.extensions import db
from portal.ppid import intake, workflow
from portal.ppid import service as ppid
from portal.ppid.models import FILE_IDENTITY, InfoRequest, InfoRequestEvent, InfoRequestFile
from tests.core.test_downloads import assert_user_file_headers
from tests.dashboard_helpers import has_link, page_text, panel_section
from tests.dumas_public_helpers import pdf_bytes
from tests.ppid.test_ppid import add_exemption
from tests.security_helpers import row_counts

BASE = "/admin/ppid/permohonan"
SCAN = b"%PDF-1.4 identity scan of the applicant"


def text(response) -> str:
    return html_lib.unescape(response.get_data(as_text=True))


def add_holidays(app, *days: date) -> None:
    with app.app_context():
        for day in days:
            db.session.add(Holiday(day=day, name=f"Libur uji {day.isoformat()}"))
        db.session.commit()


def make_request(app, *, scan: bool = False, **fields) -> str:
    """A request received now (freeze the clock around the call to choose the day); returns its number."""
    with app.app_context():
        received = clock.utcnow()
        seq, number = intake.allocate_number(db.session, clock.local_date(received).year)
        values = {"applicant_name": "Siti Aminah", "identity_number": "3305010101900001",
                  "address": "Jl. Pahlawan 1, Kebumen", "email": "", "phone": "0812000000",
                  "occupation": "Wiraswasta", "information": "Salinan DPA tahun 2026",
                  "purpose": "Penelitian skripsi", "delivery": "unduh"}
        values.update(fields)
        item = InfoRequest(number=number, year=clock.local_date(received).year, seq=seq,
                           access_code_hash=intake.hash_access_code(app.config["SECRET_KEY"], number,
                                                                    "KODE1234"),
                           received_at=received, **values)
        workflow.set_initial_deadline(db.session, item, workflow.Deadlines.from_config(app.config))
        db.session.add(item)
        db.session.add(InfoRequestEvent(request=item, at=received, from_status="", to_status="diterima"))
        if scan:
            item.files.append(InfoRequestFile(kind=FILE_IDENTITY, original_name="ktp-siti.pdf",
                                              content_type="application/pdf", size=len(SCAN),
                                              sha256="0" * 64, data=SCAN))
        db.session.commit()
        return number


def get_request(app, number: str) -> InfoRequest:
    with app.app_context():
        item = db.session.scalar(select(InfoRequest).where(InfoRequest.number == number))
        db.session.expunge(item)
        return item


def events(app, number: str) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(InfoRequestEvent).join(InfoRequest)
                                 .where(InfoRequest.number == number))


def decision_data(target: str, **values) -> dict:
    base = {"answer_format": "Salinan PDF", "cost": "0", "delivery_note": "Diunduh dari halaman lacak.",
            "reason": "", "redaction_note": "", "holding_body": "", "payment_note": "", "notice_text": "",
            "internal_note": "", "exemption_id": ""}
    base.update(values)
    return {f"{target}-{key}": value for key, value in base.items()}


# --- the journey -----------------------------------------------------------------------------------------
def test_request_extension_and_partial_grant_with_a_released_file_across_holidays(app, client, login_as):
    add_holidays(app, date(2026, 8, 17), date(2026, 8, 25))
    exemption_id = add_exemption(app)
    with freeze_time("2026-08-10 03:00:00"):  # Monday 10.00 WIB
        number = make_request(app)
        officer = login_as("ppid")
    item = get_request(app, number)
    # 10 working days: 11-14, (17 off) 18-21, 24, (25 off) 26
    assert item.notice_due == date(2026, 8, 26)

    with freeze_time("2026-08-21 03:00:00"):  # Friday, before the first deadline
        page = text(client.get(f"{BASE}/{number}"))
        assert "Perpanjang jangka waktu" in page and "Kabulkan sebagian" in page
        response = client.post(f"{BASE}/{number}/perpanjang",
                               data={"reason": "Dokumen tersimpan di arsip gudang.", "internal_note": ""})
        assert response.status_code == 302
    item = get_request(app, number)
    assert item.status == "diperpanjang"
    assert item.extended_due == date(2026, 9, 4)  # 7 working days after 26 Aug: 27, 28, 31, 1-4 Sep
    assert item.extension_reason == "Dokumen tersimpan di arsip gudang."

    with freeze_time("2026-09-03 03:00:00"):  # Thursday
        page = text(client.get(f"{BASE}/{number}"))
        assert "Perpanjang jangka waktu" not in page  # one extension only
        assert "1 hari kerja lagi" in page
        data = decision_data("dikabulkan_sebagian", exemption_id=str(exemption_id),
                             redaction_note="NIK pegawai dihitamkan (Pasal 17 huruf h).")
        data["dikabulkan_sebagian-files"] = [(io.BytesIO(pdf_bytes()), "dpa 2026.pdf")]
        response = client.post(f"{BASE}/{number}/keputusan/dikabulkan_sebagian", data=data,
                               content_type="multipart/form-data")
        assert response.status_code == 302, text(response)[:2000]
    item = get_request(app, number)
    assert item.status == "dikabulkan_sebagian"
    assert item.exemption_id == exemption_id
    assert item.days_to_answer == 16  # 10 Aug -> 3 Sep, without weekends and the two holidays
    assert item.answered_on_time is True
    with app.app_context():
        released = db.session.scalars(select(InfoRequestFile).where(InfoRequestFile.kind == "dokumen")).all()
        assert [f.content_type for f in released] == ["application/pdf"]
        actions = set(db.session.scalars(select(AuditLog.action)))
        assert {"ppid.request.transition", "ppid.request.file_release"} <= actions
        moves = db.session.scalars(select(InfoRequestEvent.to_status).order_by(InfoRequestEvent.id)).all()
    assert moves == ["diterima", "diperpanjang", "dikabulkan_sebagian"]

    with freeze_time("2026-09-03 04:00:00"):
        page = text(client.get(f"{BASE}/{number}"))
        notice = text(client.get(f"{BASE}/{number}/pemberitahuan"))
    assert "dpa_2026.pdf" in page or "dpa 2026.pdf" in page
    assert "16 hari kerja" in page and "tepat waktu" in page
    assert officer.id  # the officer made every move
    for expected in ("Pemberitahuan tertulis", number, "Siti Aminah", "diterima sebagian",
                     "Pasal 17 huruf h", "NIK pegawai dihitamkan", "Tidak dipungut biaya",
                     ppid.PROFILE_DEFAULTS["ppid_officer"], "Jl. Arungbinang No. 16", "ppid-notice.css"):
        assert expected in notice, expected
    assert [m for m in "abcdefg" if f'data-item="{m}"' in notice] == ["a", "c", "d", "e", "f", "g"]


def test_the_notice_page_is_there_only_once_decided(app, client, login_as):
    number = make_request(app)
    login_as("pimpinan")
    assert client.get(f"{BASE}/{number}/pemberitahuan").status_code == 404


def test_a_not_held_notice_names_the_body_holding_it(app, client, login_as):
    number = make_request(app)
    login_as("ppid")
    data = decision_data("tidak_dikuasai", reason="Dokumen dibuat dan disimpan KPU Provinsi.",
                         holding_body="KPU Provinsi Jawa Tengah")
    assert client.post(f"{BASE}/{number}/keputusan/tidak_dikuasai", data=data).status_code == 302
    notice = text(client.get(f"{BASE}/{number}/pemberitahuan"))
    assert "tidak berada di bawah penguasaan" in notice and "KPU Provinsi Jawa Tengah" in notice
    assert [m for m in "abcdefg" if f'data-item="{m}"' in notice] == ["a", "b", "c"]


# --- the rules, through HTTP: nothing is written when one is broken -------------------------------------
def test_an_extension_after_the_first_deadline_is_refused_and_nothing_changes(app, client, login_as):
    add_holidays(app, date(2026, 8, 17), date(2026, 8, 25))
    with freeze_time("2026-08-10 03:00:00"):
        number = make_request(app)
        login_as("ppid")
    before = row_counts(app)
    with freeze_time("2026-08-27 03:00:00"):  # the day after the first deadline (26 Aug)
        response = client.post(f"{BASE}/{number}/perpanjang", data={"reason": "Terlambat dicari."})
    assert response.status_code == 400
    assert "sebelum tenggat pertama" in text(response)
    assert row_counts(app) == before
    item = get_request(app, number)
    assert (item.status, item.extended_due, item.extension_reason) == ("diterima", None, "")


def test_an_extension_without_reasons_is_refused(app, client, login_as):
    number = make_request(app)
    login_as("ppid")
    before = row_counts(app)
    response = client.post(f"{BASE}/{number}/perpanjang", data={"reason": "  "})
    assert response.status_code == 400
    assert "Alasan perpanjangan waktu wajib diisi." in text(response)
    assert row_counts(app) == before


def test_a_refusal_without_a_pasal_17_ground_is_refused(app, client, login_as):
    number = make_request(app)
    login_as("ppid")
    before = row_counts(app)
    response = client.post(f"{BASE}/{number}/keputusan/ditolak",
                           data=decision_data("ditolak", reason="Dokumen rahasia."))
    assert response.status_code == 400
    assert "Pilih dasar pengecualian (Pasal 17)" in text(response)
    assert row_counts(app) == before
    assert get_request(app, number).status == "diterima"


def test_a_refusal_on_a_withdrawn_exemption_is_refused(app, client, login_as):
    exemption_id = add_exemption(app)
    with app.app_context():
        from portal.ppid.models import Exemption

        ppid.withdraw_exemption(db.session, db.session.get(Exemption, exemption_id), None)
        db.session.commit()
    number = make_request(app)
    login_as("ppid")
    page = text(client.get(f"{BASE}/{number}"))
    assert "Data pribadi pemilih (Pasal 17" not in page  # a withdrawn exemption is not offered
    before = row_counts(app)
    response = client.post(f"{BASE}/{number}/keputusan/ditolak",
                           data=decision_data("ditolak", reason="Data pribadi.",
                                              exemption_id=str(exemption_id)))
    assert response.status_code == 400
    assert "Pilih dasar pengecualian (Pasal 17)" in text(response)
    assert row_counts(app) == before


def test_a_refusal_on_an_active_exemption_closes_the_request(app, client, login_as):
    exemption_id = add_exemption(app)
    number = make_request(app)
    login_as("ppid")
    page = text(client.get(f"{BASE}/{number}"))
    assert "Data pribadi pemilih (Pasal 17 huruf h)" in page
    response = client.post(f"{BASE}/{number}/keputusan/ditolak",
                           data=decision_data("ditolak", reason="Membuka data pribadi pemilih.",
                                              exemption_id=str(exemption_id)))
    assert response.status_code == 302
    item = get_request(app, number)
    assert (item.status, item.exemption_id, item.cost) == ("ditolak", exemption_id, 0)
    notice = text(client.get(f"{BASE}/{number}/pemberitahuan"))
    assert "ditolak" in notice and "mengajukan keberatan" in notice


def test_a_file_with_a_refusal_and_a_disguised_file_write_nothing(app, client, login_as):
    exemption_id = add_exemption(app)
    number = make_request(app)
    login_as("ppid")
    before = row_counts(app)
    data = decision_data("ditolak", reason="Data pribadi.", exemption_id=str(exemption_id))
    data["ditolak-files"] = [(io.BytesIO(pdf_bytes()), "a.pdf")]
    response = client.post(f"{BASE}/{number}/keputusan/ditolak", data=data,
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Berkas hanya dapat dilampirkan" in text(response)
    data = decision_data("dikabulkan")
    data["dikabulkan-files"] = [(io.BytesIO(b"MZ\x90\x00 not a pdf"), "dpa.pdf")]
    response = client.post(f"{BASE}/{number}/keputusan/dikabulkan", data=data,
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert 'id="dikabulkan-files-error"' in response.get_data(as_text=True)
    response = client.post(f"{BASE}/{number}/keputusan/dikabulkan",
                           data=decision_data("dikabulkan", cost="-5"))
    assert response.status_code == 400
    assert row_counts(app) == before
    assert get_request(app, number).status == "diterima"


def test_pimpinan_reads_but_cannot_act_and_other_roles_are_kept_out(app, client, login_as, auth):
    number = make_request(app)
    login_as("pimpinan")
    page = text(client.get(f"{BASE}/{number}"))
    assert "Salinan DPA tahun 2026" in page and "Langkah berikutnya" not in page
    assert client.post(f"{BASE}/{number}/perpanjang", data={"reason": "x"}).status_code == 403
    assert client.post(f"{BASE}/{number}/catatan", data={"public_note": "x"}).status_code == 403
    auth.logout()
    login_as("editor")
    assert client.get(BASE).status_code == 403
    assert client.get(f"{BASE}/{number}").status_code == 403


def test_assign_and_note_are_audited(app, client, login_as, make_user):
    number = make_request(app)
    colleague = make_user("ppid", name="Rina PPID")
    login_as("ppid")
    assert client.post(f"{BASE}/{number}/petugas", data={"officer_id": str(colleague.id)}).status_code == 302
    assert get_request(app, number).assigned_to_id == colleague.id
    dumas = make_user("dumas")
    assert client.post(f"{BASE}/{number}/petugas", data={"officer_id": str(dumas.id)}).status_code == 400
    assert client.post(f"{BASE}/{number}/catatan", data={"public_note": "Sedang dicari."}).status_code == 302
    empty = {"public_note": "", "internal_note": ""}
    assert client.post(f"{BASE}/{number}/catatan", data=empty).status_code == 400
    with app.app_context():
        actions = list(db.session.scalars(select(AuditLog.action).where(AuditLog.action.like("ppid.%"))
                                          .order_by(AuditLog.id)))
    assert actions == ["ppid.request.assign", "ppid.request.note"]
    assert "Rina PPID" in text(client.get(f"{BASE}?petugas={colleague.id}"))


# --- the identity scan ------------------------------------------------------------------------------------
def _scan_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(InfoRequestFile.id).where(InfoRequestFile.kind == FILE_IDENTITY))


def test_the_identity_scan_is_served_to_the_ppid_role_only(app, client, login_as, auth):
    number = make_request(app, scan=True)
    scan_id = _scan_id(app)
    url = f"{BASE}/{number}/berkas/{scan_id}"
    assert client.get(url).status_code == 302  # anonymous: to the log-in page
    login_as("ppid")
    assert "ktp-siti.pdf" in text(client.get(f"{BASE}/{number}"))
    response = client.get(url)
    assert response.data == SCAN
    assert_user_file_headers(response, "admin_ppid_requests.download")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditLog)
                                 .where(AuditLog.action == "ppid.request.file_download")) == 1
    for role in ("pimpinan", "editor", "dumas", "atasan_ppid"):
        auth.logout()
        login_as(role)
        response = client.get(url)
        assert response.status_code in (403, 404), role
        assert SCAN not in response.data
        if role == "pimpinan":
            page = text(client.get(f"{BASE}/{number}"))
            assert "ktp-siti.pdf" not in page and f"berkas/{scan_id}" not in page
    auth.logout()
    login_as("ppid")
    other = make_request(app)
    assert client.get(f"{BASE}/{other}/berkas/{scan_id}").status_code == 404  # not this request's file


# --- the inbox ----------------------------------------------------------------------------------------------
def test_the_overdue_filter_tabs_and_search(app, client, login_as):
    with freeze_time("2026-10-01 03:00:00"):
        late = make_request(app, applicant_name="Budi Santoso", information="Daftar pemilih tetap")
    with freeze_time("2026-11-02 03:00:00"):
        soon = make_request(app, information="Laporan keuangan")
    with freeze_time("2026-11-13 03:00:00"):
        fresh = make_request(app, information="Renstra 2025-2029")
        login_as("ppid")
        page = text(client.get(f"{BASE}?tenggat=terlambat"))
        assert late in page and soon not in page and fresh not in page
        assert text(client.get(f"{BASE}?tenggat=lewat")).count('data-number="') == 1
        page = text(client.get(f"{BASE}?tenggat=segera"))
        assert soon in page and late not in page and fresh not in page
        page = text(client.get(BASE))
        assert re.search(rf'class="overdue" data-number="{late}"', page)
        assert re.search(rf'class="nearly-due" data-number="{soon}"', page)
        assert "Terlambat</span>" in page
        page = text(client.get(f"{BASE}?cari=budi"))
        assert late in page and fresh not in page
        page = text(client.get(f"{BASE}?cari=renstra&tahun=2026"))
        assert fresh in page and late not in page
        assert text(client.get(f"{BASE}?tahun=2025")).count('data-number="') == 0
        page = text(client.get(f"{BASE}?tenggat=terlambat&status=diterima"))
        assert re.search(r"Semua <span[^>]*>1</span>", page)
        assert text(client.get(f"{BASE}?petugas=saya")).count('data-number="') == 0
        page = text(client.get(f"{BASE}?urut=nomor"))
        assert page.index(late) < page.index(soon) < page.index(fresh)
        # nonsense in the URL is ignored, never an error
        nonsense = f"{BASE}?tenggat=x&tahun=99999999999&petugas=abc&urut=zz&halaman=-1"
        assert client.get(nonsense).status_code == 200


def test_the_inbox_pages_by_twenty(app, client, login_as):
    for _ in range(21):
        make_request(app)
    login_as("pimpinan")
    assert text(client.get(BASE)).count('data-number="') == 20
    assert text(client.get(f"{BASE}?halaman=2")).count('data-number="') == 1


# --- a holiday added on the DUMAS holidays page moves open PPID deadlines -----------------------------------
def test_a_new_holiday_moves_the_deadline_of_open_requests(app, client, login_as):
    with freeze_time("2026-10-05 03:00:00"):  # Monday
        number = make_request(app)
        assert get_request(app, number).notice_due == date(2026, 10, 19)
        login_as("dumas")
        response = client.post("/admin/pengaduan/libur", data={"day": "2026-10-12", "name": "Libur daerah"})
        assert response.status_code == 302
    assert get_request(app, number).notice_due == date(2026, 10, 20)


# --- the dashboard panel ------------------------------------------------------------------------------------
def test_the_dashboard_panel_counts_what_to_act_on(app, client, login_as, auth):
    with freeze_time("2026-10-01 03:00:00"):
        make_request(app)
    with freeze_time("2026-11-12 03:00:00"):
        make_request(app)
        login_as("ppid")
        panel = panel_section(page_text(client.get("/admin/")), "ppid")
        assert has_link(panel, "/admin/ppid/permohonan?tenggat=terlambat", "Terlambat: 1")
        assert has_link(panel, "/admin/ppid/permohonan?tenggat=segera", "Segera jatuh tempo: 0")
        assert has_link(panel, "/admin/ppid/permohonan", "Permohonan terbuka: 2")
        assert "Baru sejak log-in terakhir" in panel
        auth.logout()
        login_as("dumas")
        assert 'data-panel="ppid"' not in page_text(client.get("/admin/"))
