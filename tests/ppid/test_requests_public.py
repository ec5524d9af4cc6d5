"""The public side of information requests (issue 13): /ppid/permohonan (form, receipt), /ppid/lacak
(status, written notice, released documents, the way to an objection), through HTTP."""
from __future__ import annotations

import io
import re
from datetime import date

import pytest
from PIL import Image
from sqlalchemy import select

from portal.accounts.models import User
from portal.core import clock, formatting
from portal.core.workdays import due_date
from portal.extensions import db
from portal.ppid import service as ppid
from portal.ppid import workflow
from portal.ppid.models import FILE_IDENTITY, FILE_RELEASED, InfoRequest, InfoRequestFile
from tests.core.test_downloads import assert_user_file_headers
from tests.ppid.ppid_request_helpers import (
    assert_nothing_written,
    counts,
    file_ok,
    jpeg_with_gps,
    ktp_file,
    post_request,
    read_receipt,
    request_data,
    track,
)

WRONG = "Nomor permohonan atau kode akses tidak cocok."


def _request(app, number: str) -> InfoRequest:
    with app.app_context():
        row = db.session.scalar(select(InfoRequest).where(InfoRequest.number == number))
        assert row is not None
        db.session.expunge(row)
        return row


def _decide(app, number: str, to_status: str, make_user, **values) -> None:
    staff = make_user("ppid")
    with app.app_context():
        row = db.session.scalar(select(InfoRequest).where(InfoRequest.number == number))
        workflow.transition(db.session, row, to_status, db.session.get(User, staff.id),
                            workflow.Deadlines.from_config(app.config), **values)
        db.session.commit()


# --- the form -----------------------------------------------------------------------------------------

def test_form_page_has_the_fields_honeypot_token_and_the_clock(client):
    html = client.get("/ppid/permohonan").get_data(as_text=True)
    for name in ("applicant_type", "applicant_name", "identity_number", "representative", "address", "email",
                 "phone", "occupation", "information", "purpose", "delivery", "identity_file"):
        assert f'name="{name}"' in html, name
    assert 'class="hp-field"' in html and 'name="form_token"' in html
    assert "10 hari kerja" in html and "7 hari kerja" in html
    assert 'enctype="multipart/form-data"' in html


def test_the_ppid_page_links_the_form_and_tracking(client):
    html = client.get("/ppid").get_data(as_text=True)
    assert 'href="/ppid/permohonan"' in html and 'href="/ppid/lacak"' in html


def test_happy_path_number_code_due_date_and_tracking(app, client):
    response = post_request(client, request_data())
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/ppid/permohonan/tanda-terima")
    number, code, html = read_receipt(client)
    year = clock.today().year
    assert re.fullmatch(rf"PPID-{year}-\d{{5}}", number), number
    assert number == f"PPID-{year}-00001"
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    row = _request(app, number)
    with app.app_context():
        expected_due = due_date(db.session, clock.today(), 10)
    assert row.notice_due == expected_due and row.status == "diterima" and row.channel == "website"
    assert row.access_code_hash and code not in row.access_code_hash
    with app.test_request_context():
        assert formatting.tanggal(expected_due) in html  # "15 Desember 2026", Babel in the reader's language
    assert 'id="batas-jawaban"' in html and "data-print" in html and "data-copy" in html
    assert client.get("/ppid/permohonan/tanda-terima").headers["Cache-Control"] == "no-store"

    status = track(client, number, code)
    body = status.get_data(as_text=True)
    assert status.status_code == 200 and number in body
    assert "Diterima" in body and "Permohonan informasi diterima." in body
    assert "Salinan DPT Kecamatan Kebumen" in body
    assert status.headers["Cache-Control"] == "no-store"
    assert client.get(f"/ppid/lacak?nomor={number}").get_data(as_text=True).count(f'value="{number}"') == 1


def test_the_english_receipt_formats_the_due_date_in_english(app, client):
    client.set_cookie("lang", "en")
    file_ok(client)
    _number, _code, html = read_receipt(client)
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        row = db.session.scalar(select(InfoRequest))
        due = row.notice_due
    month = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"][due.month - 1]
    assert f"{due.day} {month} {due.year}" in html


def test_wrong_code_and_unknown_number_look_the_same(app, client):
    number, code = file_ok(client)
    wrong = track(client, number, "AAAA-AAAA")
    unknown = track(client, "PPID-2026-99999", code)
    malformed = track(client, "bukan-nomor", code)
    bodies = [r.get_data(as_text=True) for r in (wrong, unknown, malformed)]
    assert wrong.status_code == unknown.status_code == malformed.status_code == 200
    assert all(WRONG in body for body in bodies)
    typed = [number, "PPID-2026-99999", "BUKAN-NOMOR"]
    normalised = [body.replace(f'value="{n}"', 'value="NOMOR"')
                  for body, n in zip(bodies, typed, strict=True)]
    assert normalised[0] == normalised[1] == normalised[2]
    assert all(code not in body for body in bodies)


def test_a_business_entity_with_phone_only_files(app, client):
    number, _code = file_ok(client, applicant_type="badan_hukum", applicant_name="CV Maju Jaya",
                            identity_number="AHU-0012345.AH.01.01 Tahun 2020", representative="Budi Santoso",
                            email="", phone="0812 3456 7890", delivery="salinan")
    row = _request(app, number)
    assert row.applicant_type == "badan_hukum" and row.representative == "Budi Santoso"
    assert row.phone == "081234567890" and row.email == ""


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"identity_number": "330501234567890"}, "identity_number", "NIK terdiri atas 16 angka"),
    ({"applicant_name": ""}, "applicant_name", "Nama wajib diisi"),
    ({"email": "", "phone": ""}, "email", "minimal salah satu"),
    ({"email": "", "phone": "081234567890", "delivery": "email"}, "email",
     "menerima salinan informasi melalui"),
    ({"email": "bukan-email"}, "email", "Alamat e-mail tidak valid"),
    ({"information": "DPT"}, "information", "Tuliskan rincian informasi"),
    ({"purpose": ""}, "purpose", "Tuliskan tujuan penggunaan"),
    ({"delivery": "fax"}, "delivery", "Pilih cara memperoleh informasi"),
    ({"applicant_type": "lainnya"}, "applicant_type", "Pilih jenis pemohon"),
    ({"applicant_type": "badan_hukum", "identity_number": "AHU-1"}, "representative", "kuasa atau wakil"),
    ({"address": ""}, "address", "Alamat wajib diisi"),
])
def test_bad_input_is_a_422_beside_the_field_and_writes_nothing(app, client, overrides, field, message):
    response = post_request(client, request_data(**overrides))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(rf'id="{field}-error"[^>]*>(.*?)</div>', html, re.DOTALL)
    assert error and message in error.group(1), html[:4000]
    assert_nothing_written(app)
    if overrides.get("information"):
        assert 'value="Siti Aminah"' in html  # what was typed is kept


def test_the_identity_scan_is_required_on_the_web_and_checked_by_content(app, client):
    response = post_request(client, request_data(), scan=False)
    assert response.status_code == 422 and "Unggah pindaian KTP" in response.get_data(as_text=True)
    response = post_request(client, request_data(), scan=(io.BytesIO(b"MZ\x90\x00" + b"\0" * 300), "ktp.jpg"))
    assert response.status_code == 422
    assert 'id="identity_file-error"' in response.get_data(as_text=True)
    assert_nothing_written(app)


def test_a_refused_submission_keeps_a_good_scan_for_the_corrected_form(app, client):
    html = client.get("/ppid/permohonan").get_data(as_text=True)
    token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    first = post_request(client, request_data(form_token=token, purpose=""))
    assert first.status_code == 422 and "ktp.jpg" in first.get_data(as_text=True)
    assert counts(app)["InfoRequest"] == 0
    again = post_request(client, request_data(form_token=token), scan=False)
    assert again.status_code == 302, again.get_data(as_text=True)[:3000]
    with app.app_context():
        [item] = db.session.scalars(select(InfoRequestFile)).all()
        assert item.kind == FILE_IDENTITY and item.original_name == "ktp.jpg"


def test_a_resent_post_files_nothing_twice(app, client):
    html = client.get("/ppid/permohonan").get_data(as_text=True)
    token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    first = post_request(client, request_data(form_token=token))
    second = post_request(client, request_data(form_token=token))
    assert first.status_code == second.status_code == 302
    assert second.headers["Location"].endswith("/ppid/permohonan/tanda-terima")
    page = client.get("/ppid/permohonan/tanda-terima").get_data(as_text=True)
    assert "sudah dikirim" in page
    assert counts(app)["InfoRequest"] == 1 and counts(app)["InfoRequestFile"] == 1


def test_honeypot_pretends_success_and_writes_nothing(app, client):
    response = post_request(client, request_data(website="http://spam.example"))
    assert response.status_code == 302
    number, _code, _html = read_receipt(client)
    assert number.startswith("PPID-")
    assert_nothing_written(app)


def test_metadata_is_stripped_from_an_uploaded_jpeg(app, client):
    original = jpeg_with_gps()
    assert b"KameraUji" in original and Image.open(io.BytesIO(original)).getexif()
    post = post_request(client, request_data(), scan=ktp_file(original))
    assert post.status_code == 302
    with app.app_context():
        item = db.session.scalar(select(InfoRequestFile))
        stored = item.data
    assert item.content_type == "image/jpeg" and item.size == len(stored)
    assert b"KameraUji" not in stored and b"Exif" not in stored
    assert not dict(Image.open(io.BytesIO(stored)).getexif())


# --- the identity scan is never public ----------------------------------------------------------------

def test_the_identity_scan_is_never_listed_or_served_on_the_public_side(app, client):
    number, code = file_ok(client)
    with app.app_context():
        scan = db.session.scalar(select(InfoRequestFile).where(InfoRequestFile.kind == FILE_IDENTITY))
        scan_id, scan_bytes = scan.id, scan.data
    page = track(client, number, code).get_data(as_text=True)
    assert "ktp.jpg" not in page and f'name="file_id" value="{scan_id}"' not in page
    response = client.post("/ppid/lacak/unduh", data={"number": number, "code": code, "file_id": scan_id})
    assert response.status_code == 404 and scan_bytes not in response.get_data()
    assert client.get("/ppid/lacak/unduh").status_code == 405
    # no public route names a request file at all
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/ppid"):
            assert "file" not in rule.rule and "berkas" not in rule.rule, rule.rule


def test_a_released_document_is_downloaded_with_number_and_code_by_post(app, client, make_user):
    number, code = file_ok(client)
    with app.app_context():
        row = db.session.scalar(select(InfoRequest).where(InfoRequest.number == number))
        item = InfoRequestFile(request=row, kind=FILE_RELEASED, original_name="salinan-dpt.pdf",
                               content_type="application/pdf", size=9, sha256="0" * 64, data=b"%PDF-1.4 x")
        db.session.add(item)
        db.session.commit()
        file_id = item.id
    _decide(app, number, "dikabulkan", make_user, delivery_note="Diunduh dari halaman lacak.",
            answer_format="PDF")
    page = track(client, number, code).get_data(as_text=True)
    assert "salinan-dpt.pdf" in page and f'name="file_id" value="{file_id}"' in page
    assert "/ppid/lacak/unduh" in page and "code=" not in page  # never the code in a URL
    response = client.post("/ppid/lacak/unduh", data={"number": number, "code": code, "file_id": file_id})
    assert response.get_data() == b"%PDF-1.4 x"
    assert_user_file_headers(response, "ppid_requests.download")
    wrong = client.post("/ppid/lacak/unduh", data={"number": number, "code": "AAAA-AAAA", "file_id": file_id})
    assert wrong.status_code == 200 and WRONG in wrong.get_data(as_text=True)
    assert b"%PDF-1.4 x" not in wrong.get_data()


# --- the written notice ---------------------------------------------------------------------------------

def test_a_partial_grant_shows_the_written_notice_with_the_exemption(app, client, make_user):
    number, code = file_ok(client)
    with app.app_context():
        exemption = ppid.create_exemption(db.session, {
            "title": "Data pribadi pemilih", "ground": "h", "legal_basis": "UU 27/2022",
            "consequence": "Penyalahgunaan identitas.", "period": "Selama tersimpan",
            "decided_on": date(2026, 1, 15)}, None)
        db.session.commit()
        exemption_id = exemption.id
    _decide(app, number, "dikabulkan_sebagian", make_user, exemption_id=exemption_id,
            redaction_note="NIK dan alamat pemilih dihitamkan.", delivery_note="Dikirim lewat e-mail.",
            answer_format="PDF", cost=5000, payment_note="Dibayar di loket PPID.",
            notice_text="Terima kasih atas permohonan Anda.")
    html = track(client, number, code).get_data(as_text=True)
    assert "Pemberitahuan tertulis" in html and "Dikabulkan sebagian" in html
    assert "Pasal 17 huruf h" in html and "Data pribadi pemilih" in html
    assert "NIK dan alamat pemilih dihitamkan." in html and "Dibayar di loket PPID." in html
    assert "Rp5.000" in html and "Terima kasih atas permohonan Anda." in html
    assert 'id="batas-jawaban"' not in html  # decided: no deadline shown


def test_an_extension_shows_its_new_date_and_reason(app, client, make_user):
    number, code = file_ok(client)
    _decide(app, number, "diperpanjang", make_user, reason="Dokumen berada di arsip kecamatan.")
    row = _request(app, number)
    html = track(client, number, code).get_data(as_text=True)
    assert 'id="perpanjangan"' in html and "Dokumen berada di arsip kecamatan." in html
    with app.test_request_context():
        assert formatting.tanggal(row.extended_due) in html


# --- the way to an objection ----------------------------------------------------------------------------

def test_the_objection_button_posts_number_and_code_when_the_form_exists(app_factory):
    app = app_factory()
    if "ppid_objections.form" not in app.view_functions:
        app.add_url_rule("/ppid/keberatan/", endpoint="ppid_objections.form", view_func=lambda: "ok",
                         methods=["GET", "POST"])
    client = app.test_client()
    number, code = file_ok(client)
    html = track(client, number, code).get_data(as_text=True)
    form = re.search(r'<form method="post" action="/ppid/keberatan/?">(.*?)</form>', html, re.DOTALL)
    assert form, html[-4000:]
    assert f'name="number" value="{number}"' in form.group(1)
    assert f'name="code" value="{code}"' in form.group(1)


def test_without_the_objection_form_no_button_is_shown(app, client):
    if "ppid_objections.form" in app.view_functions:
        pytest.skip("the objection form is installed")
    number, code = file_ok(client)
    assert "Ajukan keberatan" not in track(client, number, code).get_data(as_text=True)


# --- limits ---------------------------------------------------------------------------------------------

def test_wrong_codes_lock_the_number_for_a_while(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True, PPID_TRACK_RATE_LIMIT="100 per minute",
                      PUBLIC_POST_RATE_LIMIT="100 per minute")
    client = app.test_client()
    number, code = file_ok(client)
    statuses = [track(client, number, "AAAA-AAAA").status_code for _ in range(5)]
    assert statuses == [200] * 5
    locked = track(client, number, code)
    assert locked.status_code == 429 and "Retry-After" in locked.headers
    assert track(client, "PPID-2026-00077", "X").status_code == 200  # another number is not locked


def test_tracking_is_rate_limited_per_address(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True, PPID_TRACK_RATE_LIMIT="3 per minute")
    client = app.test_client()
    statuses = [track(client, f"PPID-2026-0000{i}", "X").status_code for i in range(4)]
    assert statuses == [200, 200, 200, 429]
