"""Evidence files are checked by content and cleaned (like DUMAS attachments) and read by the reporter and
the UPG only; a POST without the CSRF token is refused when CSRF is on."""
from __future__ import annotations

import io

from freezegun import freeze_time
from PIL import Image

from portal.extensions import db
from portal.gratification.models import GratificationFile
from tests.dumas_public_helpers import jpeg_with_gps
from tests.gratification.grt_helpers import client_for, count, form
from tests.security_helpers import csrf_token

NOW = "2026-04-20 03:00:00"


@freeze_time(NOW)
def test_evidence_is_cleaned_and_read_by_the_reporter_and_the_upg_only(app, make_user):
    a = client_for(app, make_user("pegawai"))
    data = form()
    data["files"] = [(io.BytesIO(jpeg_with_gps()), "foto-jam.jpg")]
    response = a.post("/admin/gratifikasi/lapor", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    number = response.headers["Location"].rsplit("/", 1)[-1]
    with app.app_context():
        stored = db.session.query(GratificationFile).one()
        file_id, body = stored.id, bytes(stored.data)
    assert b"KameraUji" not in body and b"rahasia" not in body
    assert not Image.open(io.BytesIO(body)).getexif()
    url = f"/admin/gratifikasi/{number}/berkas/{file_id}"
    assert a.get(url).status_code == 200
    assert client_for(app, make_user("upg")).get(url).status_code == 200
    assert client_for(app, make_user("pegawai")).get(url).status_code == 404


@freeze_time(NOW)
def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_written(app, make_user):
    a = client_for(app, make_user("pegawai"))
    data = form()
    data["files"] = [(io.BytesIO(b"MZ\x90\x00 not an image"), "foto.jpg")]
    response = a.post("/admin/gratifikasi/lapor", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "pilih ulang berkasnya" in response.get_data(as_text=True)  # the form asks for the files again
    assert count(app) == 0


@freeze_time(NOW)
def test_a_post_without_the_csrf_token_is_refused(app_factory, make_user):
    app = app_factory(WTF_CSRF_ENABLED=True)
    from portal.accounts import service as accounts

    with app.app_context():
        accounts.create_user(db.session, "csrf-pegawai@uji.example", "rahasia-uji-123456", ["pegawai"],
                             name="Pegawai CSRF")
        db.session.commit()
    client = app.test_client()
    token = csrf_token(client.get("/admin/login").get_data(as_text=True))
    assert client.post("/admin/login", data={"email": "csrf-pegawai@uji.example",
                                             "password": "rahasia-uji-123456",
                                             "csrf_token": token}).status_code == 302
    assert client.post("/admin/gratifikasi/lapor", data=form()).status_code == 400
    assert count(app) == 0
    token = csrf_token(client.get("/admin/gratifikasi/lapor").get_data(as_text=True))
    assert client.post("/admin/gratifikasi/lapor", data={**form(), "csrf_token": token}).status_code == 302
    assert count(app) == 1
