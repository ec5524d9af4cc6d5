"""App factory, health check, home page, security basics."""
from sqlalchemy import select

from portal.core.models.audit import AuditLog
from portal.extensions import db


def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": True}


def test_home_shows_entry_points_and_office(client):
    html = client.get("/").get_data(as_text=True)
    for label in ["Ajukan Pengaduan", "Laporkan Pelanggaran (WBS)", "Isi Survei Kepuasan", "Rencana Aksi",
                  "Standar Pelayanan", "Maklumat", "Rekapitulasi"]:
        assert label in html
    assert "KPU Kabupaten Kebumen" in html
    assert "/static/vendor/bootstrap/bootstrap.min.css" in html
    assert "cdn" not in html.lower()


def test_office_name_comes_from_settings(app, client, login_as):
    login_as("admin")
    response = client.post("/admin/pengaturan", data={"office_name": "KPU Kota Contoh",
                                                      "office_long_name": "KPU Kota Contoh"})
    assert response.status_code == 302
    assert "KPU Kota Contoh" in client.get("/").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(AuditLog).where(AuditLog.action == "settings.update")) is not None


def test_unknown_page_is_friendly_404(client):
    response = client.get("/tidak-ada")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.get_data(as_text=True)


def test_security_headers_present(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
