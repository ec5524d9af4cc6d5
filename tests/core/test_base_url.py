"""Issue 10 E3: absolute links (e-mails first) come from PORTAL_BASE_URL, never from the request's Host
header, and Flask's TRUSTED_HOSTS answers an unknown Host with 400."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.dumas.models import Complaint
from portal.extensions import db
from tests.dumas_public_helpers import form_data, load_categories
from tests.smtp_server import body_text, running_smtp

BASE = "https://portal.example"


def _complaints(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Complaint))


def test_complaint_with_a_foreign_host_is_refused_and_sends_nothing(app_factory):
    with running_smtp() as smtp:
        app = app_factory(BASE_URL=BASE, MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
        assert app.config["TRUSTED_HOSTS"] == ["portal.example"]
        cats = load_categories(app)
        client = app.test_client()
        payload = dict(form_data(cats["pelayanan"], reporter_email="korban@contoh.example"))
        response = client.post("/pengaduan", data=payload, content_type="multipart/form-data",
                               base_url="http://evil.example")
        assert response.status_code == 400
        assert "Permintaan tidak dapat diproses." in response.get_data(as_text=True)
        assert client.get("/", base_url="http://evil.example").status_code == 400
        assert smtp.wait_for(1, timeout=0.5) == []
    assert _complaints(app) == 0


def test_forwarded_host_behind_the_proxy_is_checked_too(app_factory):
    app = app_factory(BASE_URL=BASE, PROXY_FIX=True)
    client = app.test_client()
    assert client.get("/", base_url=BASE).status_code == 200
    assert client.get("/", base_url=BASE, headers={"X-Forwarded-Host": "evil.example"}).status_code == 400


def test_mail_links_come_from_the_base_url_whatever_host_was_used(app_factory):
    """An extra trusted host (PORTAL_TRUSTED_HOSTS, e.g. the office's old address) is served, but the e-mail
    still links to the base URL only."""
    with running_smtp() as smtp:
        app = app_factory(BASE_URL=BASE + "/", EXTRA_TRUSTED_HOSTS=["alias.example"], MAIL_SERVER="127.0.0.1",
                          MAIL_PORT=smtp.port)
        cats = load_categories(app)
        client = app.test_client()
        form = form_data(cats["pelayanan"], reporter_email="warga@contoh.example")
        response = client.post("/pengaduan", data=form, content_type="multipart/form-data", base_url=BASE)
        assert response.status_code == 302 and _complaints(app) == 1
        form = form_data(cats["pelayanan"], reporter_email="warga@contoh.example")
        response = client.post("/pengaduan", data=form, content_type="multipart/form-data",
                               base_url="http://alias.example")
        assert response.status_code == 302 and _complaints(app) == 2
        messages = smtp.wait_for(2)
    assert len(messages) == 2
    for message in messages:
        body = body_text(message)
        assert f"{BASE}/pengaduan/lacak" in body, body
        assert "alias.example" not in body and "localhost" not in body


def test_production_without_base_url_never_puts_the_host_into_mail(app_factory, monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")
    for name in ("PORTAL_BASE_URL", "PORTAL_TRUSTED_HOSTS"):
        monkeypatch.delenv(name, raising=False)
    with running_smtp() as smtp:
        app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
        assert app.config["BASE_URL"] == "" and app.config["TRUSTED_HOSTS"] is None
        cats = load_categories(app)
        response = app.test_client().post(
            "/pengaduan", data=form_data(cats["pelayanan"], reporter_email="warga@contoh.example"),
            content_type="multipart/form-data", base_url="https://evil.example")
        assert response.status_code == 302
        [message] = smtp.wait_for(1)
    body = body_text(message)
    assert "evil.example" not in body and "http" not in body


def test_production_with_base_url_sets_trusted_hosts_from_the_environment(app_factory, monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("PORTAL_BASE_URL", "https://zi.kpu-kebumenkab.go.id")
    monkeypatch.setenv("PORTAL_TRUSTED_HOSTS", "www.zi.kpu-kebumenkab.go.id, ")
    app = app_factory()
    assert app.config["TRUSTED_HOSTS"] == ["zi.kpu-kebumenkab.go.id", "www.zi.kpu-kebumenkab.go.id"]
    client = app.test_client()
    assert client.get("/", base_url="https://zi.kpu-kebumenkab.go.id").status_code == 200
    assert client.get("/", base_url="https://evil.example").status_code == 400


@pytest.mark.parametrize("bad", ["portal.example", "javascript:alert(1)", "https://", "https://a.example/?x=1",
                                 "https://user:pw@a.example"])
def test_a_malformed_base_url_stops_the_start(app_factory, bad):
    with pytest.raises(RuntimeError, match="PORTAL_BASE_URL"):
        app_factory(BASE_URL=bad)


def test_open_data_and_zi_links_use_the_base_url(app_factory):
    from portal.core.links import external_url

    app = app_factory(BASE_URL="https://portal.example/zi")  # a path prefix is kept
    with app.test_request_context("/", base_url="http://localhost"):
        assert external_url("dumas.track") == "https://portal.example/zi/pengaduan/lacak"
        assert external_url("admin_zi.download", evidence_id=3) == "https://portal.example/zi/admin/zi/bukti/3/unduh"
    with app.app_context():  # no request at all (a CLI digest)
        assert external_url("public.home") == "https://portal.example/zi/"
