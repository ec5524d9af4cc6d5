"""WBS reporter side: guide, anonymous report, receipt shown once, tracking, replies, rate limits."""
from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from portal.extensions import db, limiter
from portal.wbs import get_cipher, service
from portal.wbs.models import WbsAttachment, WbsMessage, WbsReport
from tests.wbs_helpers import SECRET_TEXT, report_data, submit, track


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_guide_explains_protection_4w1h_and_anonymity(client):
    response = client.get("/wbs")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for text in ("Perlindungan bagi pelapor", "4W1H", "Siapa (Who)", "Bagaimana (How)", "Cara tetap anonim",
                 "bukan komputer atau ponsel kantor", "Gratifikasi", "Benturan kepentingan",
                 "Kami tidak menyimpan alamat IP"):
        assert text in html, text
    assert 'href="/wbs/lapor"' in html and 'href="/wbs/lacak"' in html


def test_report_form_lists_every_category_and_asks_no_identity(client):
    html = client.get("/wbs/lapor").get_data(as_text=True)
    for label in ("Korupsi", "Gratifikasi", "Benturan kepentingan", "Penyalahgunaan wewenang",
                  "Pelanggaran kode etik/disiplin", "Pengadaan barang/jasa", "Lainnya"):
        assert f">{label}</option>" in html
    for field in ("what", "who", "where", "when", "how", "contact", "files"):
        assert f'name="{field}"' in html
    assert 'name="name"' not in html and 'name="email"' not in html
    assert "Kontak (tidak wajib)" in html


def test_receipt_round_trip(app, client):
    response, receipt = submit(client)
    assert response.status_code == 200
    assert re.fullmatch(r"\d{4}-\d{4}-\d{4}-\d{4}", receipt)
    html = response.get_data(as_text=True)
    assert "Kode hanya ditampilkan sekali" in html
    assert response.headers["Cache-Control"].startswith("no-store")

    with app.app_context():
        report = db.session.scalars(select(WbsReport)).one()
        digits = receipt.replace("-", "")
        assert digits not in report.receipt_hash and len(report.receipt_hash) == 64
        assert report.receipt_hash == get_cipher().receipt_hash(digits)
        assert report.status == "diterima" and report.category == "gratifikasi"

    # the receipt opens the case, with or without separators
    for typed in (receipt, receipt.replace("-", ""), receipt.replace("-", " ")):
        page = track(client, typed)
        assert page.status_code == 200
        body = page.get_data(as_text=True)
        assert "Diterima" in body and SECRET_TEXT in body
    # never shown again: the form and the tracking page do not print it
    assert receipt not in client.get("/wbs/lacak").get_data(as_text=True)
    assert receipt.replace("-", "") not in client.get("/wbs/lapor").get_data(as_text=True)


def test_wrong_receipt_reveals_nothing(app, client):
    submit(client)
    for wrong in ("0000-0000-0000-0000", "1234", "abcd-efgh-ijkl-mnop", "1" * 17):
        response = track(client, wrong)
        assert response.status_code == 403
        html = response.get_data(as_text=True)
        assert "Kode laporan tidak dikenali" in html
        assert SECRET_TEXT not in html


def test_missing_fields_give_clear_messages_and_write_nothing(app, client):
    cases = [
        ({"category": ""}, "Pilih kategori laporan."),
        ({"category": "bukan-kategori"}, "Not a valid choice"),
        ({"what": "terlalu singkat"}, "Uraian antara 20 dan 10.000 karakter."),
        ({"good_faith": ""}, "Centang pernyataan itikad baik"),
        ({"what": "x" * 10001}, "Uraian antara 20 dan 10.000 karakter."),
    ]
    for overrides, message in cases:
        data = report_data(**overrides)
        if data.get("good_faith") == "":
            data.pop("good_faith")
        response = client.post("/wbs/lapor", data=data)
        assert response.status_code == 400, overrides
        assert message in response.get_data(as_text=True), overrides
    assert _count(app, WbsReport) == 0


def test_disguised_file_refused_and_nothing_written(app, client, tmp_path):
    response, receipt = submit(client, files=[("foto.jpg", b"MZ\x90\x00 bukan gambar sama sekali")])
    assert response.status_code == 400 and receipt is None
    assert "bukan PDF, JPG, PNG atau DOCX" in response.get_data(as_text=True)
    assert _count(app, WbsReport) == 0 and _count(app, WbsAttachment) == 0
    wbs_dir = tmp_path / "uploads" / "wbs"
    assert not wbs_dir.exists() or not any(wbs_dir.iterdir())


def test_too_many_files_refused(app_factory):
    app = app_factory(WBS_MAX_FILES=1)
    client = app.test_client()
    from tests.wbs_helpers import jpeg_with_gps

    response, receipt = submit(client, files=[("a.jpg", jpeg_with_gps()), ("b.jpg", jpeg_with_gps())])
    assert response.status_code == 400 and receipt is None
    assert "Maksimal 1 berkas" in response.get_data(as_text=True)


def _reply(client, receipt, body, files=(), environ_base=None):
    data = {"receipt": receipt, "body": body}
    if files:
        data["files"] = [(io.BytesIO(content), name) for name, content in files]
    return client.post("/wbs/lacak/balas", data=data, content_type="multipart/form-data",
                       environ_base=environ_base or {}, follow_redirects=True)  # POST-redirect-GET


def test_reporter_reply_and_files_reach_the_thread(app, client):
    from tests.wbs_helpers import jpeg_with_gps

    _, receipt = submit(client)
    response = _reply(client, receipt, "Tambahan: kejadian berulang pada 12 Januari.",
                      [("bukti.jpg", jpeg_with_gps())])
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Pesan Anda terkirim kepada Tim WBS." in html
    assert "Tambahan: kejadian berulang pada 12 Januari." in html
    with app.app_context():
        report = db.session.scalars(select(WbsReport)).one()
        assert report.unread is True
        (msg,) = report.entries
        assert msg.author_id is None and msg.kind == "pesan"
        (att,) = report.attachments
        assert att.message_id == msg.id and att.by_reporter

    empty = _reply(client, receipt, "   ")
    assert empty.status_code == 422
    assert "Tulis pesan atau lampirkan berkas." in empty.get_data(as_text=True)
    wrong = _reply(client, "1111-2222-3333-4444", "halo")
    assert wrong.status_code == 403
    assert _count(app, WbsMessage) == 1


def test_closed_report_takes_no_more_messages(app, client, make_user):
    _, receipt = submit(client)
    staff = make_user("wbs")
    with app.app_context():
        report = db.session.scalars(select(WbsReport)).one()
        user = db.session.get(type(staff), staff.id)
        service.transition(db.session, get_cipher(), report, user, "ditolak",
                           outcome="Bukan kewenangan kami.")
        db.session.commit()
    page = track(client, receipt).get_data(as_text=True)
    assert "Ditolak" in page and "Bukan kewenangan kami." in page
    assert 'action="/wbs/lacak/balas"' not in page
    response = _reply(client, receipt, "Masih ada yang ingin saya sampaikan")
    assert response.status_code == 422
    assert "sudah ditutup" in response.get_data(as_text=True)


def test_brute_force_receipts_are_refused(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True, WBS_RECEIPT_RATE_LIMIT="3 per minute")
    client = app.test_client()
    _, receipt = submit(client)
    me = {"REMOTE_ADDR": "198.51.100.20"}
    # successful look-ups do not count
    for _ in range(5):
        assert track(client, receipt, environ_base=me).status_code == 200
    for i in range(3):
        assert track(client, f"{i:04d}-0000-0000-0000", environ_base=me).status_code == 403
    blocked = track(client, receipt, environ_base=me)  # even the right code, until the window passes
    assert blocked.status_code == 429
    assert "Terlalu banyak permintaan" in blocked.get_data(as_text=True)
    assert SECRET_TEXT not in blocked.get_data(as_text=True)
    # the reply and download routes share the same counter
    assert _reply(client, receipt, "halo", environ_base=me).status_code == 429
    # another address is not blocked by someone else's guesses
    assert track(client, receipt, environ_base={"REMOTE_ADDR": "198.51.100.21"}).status_code == 200
    # the limiter keeps no raw address
    storage_dump = repr(vars(limiter.storage)) if hasattr(limiter.storage, "__dict__") else ""
    assert "198.51.100.20" not in storage_dump


def test_report_submissions_are_rate_limited(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True, WBS_POST_RATE_LIMIT="2 per hour")
    client = app.test_client()
    assert submit(client)[0].status_code == 200
    assert submit(client)[0].status_code == 200
    response, receipt = submit(client)
    assert response.status_code == 429 and receipt is None
    assert _count(app, WbsReport) == 2


def test_csrf_protects_the_report_form(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.post("/wbs/lapor", data=report_data())
    assert response.status_code == 400
    assert _count(app, WbsReport) == 0
    html = client.get("/wbs/lapor").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    response = client.post("/wbs/lapor", data={**report_data(), "csrf_token": token}, follow_redirects=True)
    assert response.status_code == 200 and _count(app, WbsReport) == 1


@pytest.mark.parametrize("path", ["/wbs", "/wbs/lapor", "/wbs/lacak"])
def test_wbs_pages_are_not_cached_nor_referred(client, path):
    response = client.get(path)
    assert response.headers["Cache-Control"].startswith("no-store")
    assert response.headers["Referrer-Policy"] in ("same-origin", "no-referrer")  # nothing to other sites
    if path == "/wbs":  # the guide is how a whistle-blower finds the WBS: search engines list it (issue 12)
        assert "X-Robots-Tag" not in response.headers
    else:
        assert "noindex" in response.headers["X-Robots-Tag"]
