"""Who may use the risk register (/admin/risiko): `risiko` edits; `pimpinan` and `admin` read (every page
and file, no write); `pegawai`, `dumas`, `wbs` (and the other staff roles) get 403 on every page; a visitor
goes to the log-in page. The staff menu and the dashboard panel follow the same roles."""
from __future__ import annotations

import pytest

from portal.extensions import db
from portal.risks.models import Risk
from tests.risks.helpers import BASE, form, make_risks, staff, values
from tests.security_helpers import row_counts


@pytest.fixture
def one_risk(app):
    (risk_id,) = make_risks(app, [{"likelihood": 5, "impact": 4}])
    with app.app_context():
        from portal.risks import service as risks

        risk = db.session.get(Risk, risk_id)
        risks.add_checklist_item(db.session, 2026, "Satgas SPIP ditetapkan.", None)
        db.session.commit()
        return risk_id, risk.code


def read_urls(risk_id: int) -> list[str]:
    return [f"{BASE}/", f"{BASE}/{risk_id}", f"{BASE}/peta?tahun=2026", f"{BASE}/daftar?tahun=2026",
            f"{BASE}/daftar.xlsx?tahun=2026", f"{BASE}/kartu-kendali?periode=2026-T1",
            f"{BASE}/kartu-kendali.xlsx?periode=2026-T1", f"{BASE}/daftar-uji?tahun=2026",
            f"{BASE}/daftar-uji/cetak?tahun=2026", f"{BASE}/daftar-uji.xlsx?tahun=2026"]


def write_requests(risk_id: int, item_id: int) -> list[tuple[str, str, dict]]:
    return [("GET", f"{BASE}/baru", {}), ("POST", f"{BASE}/baru", form()),
            ("GET", f"{BASE}/{risk_id}/ubah", {}), ("POST", f"{BASE}/{risk_id}/ubah", form()),
            ("GET", f"{BASE}/{risk_id}/hapus", {}), ("POST", f"{BASE}/{risk_id}/hapus", {}),
            ("POST", f"{BASE}/{risk_id}/kartu/1", {"tw1-planned": "x", "tw1-status": "belum"}),
            ("POST", f"{BASE}/daftar-uji/tambah?tahun=2026", {"statement": "x"}),
            ("POST", f"{BASE}/daftar-uji/baku?tahun=2027", {}),
            ("POST", f"{BASE}/daftar-uji/{item_id}/jawab", {f"u{item_id}-answer": "tidak"}),
            ("GET", f"{BASE}/daftar-uji/{item_id}/hapus", {}),
            ("POST", f"{BASE}/daftar-uji/{item_id}/hapus", {})]


def _item_id(app) -> int:
    from portal.risks.models import RiskChecklistItem

    with app.app_context():
        return db.session.query(RiskChecklistItem.id).scalar()


@pytest.mark.parametrize("role", ["risiko", "pimpinan", "admin"])
def test_readers_open_every_page_and_file(app, make_user, one_risk, role):
    risk_id, code = one_risk
    client = staff(app, make_user, role)
    for url in read_urls(risk_id):
        response = client.get(url)
        assert response.status_code == 200, (role, url)
    assert code in client.get(f"{BASE}/").get_data(as_text=True)


@pytest.mark.parametrize("role", ["pimpinan", "admin"])
def test_readers_write_nothing(app, make_user, one_risk, role):
    risk_id, _code = one_risk
    client = staff(app, make_user, role)
    before = row_counts(app)
    for method, url, data in write_requests(risk_id, _item_id(app)):
        response = client.open(url, method=method, data=data)
        assert response.status_code == 403, (role, method, url)
    assert row_counts(app) == before
    html = client.get(f"{BASE}/{risk_id}").get_data(as_text=True)
    assert f"{BASE}/{risk_id}/ubah" not in html and f"{BASE}/baru" not in client.get(f"{BASE}/").get_data(
        as_text=True)


@pytest.mark.parametrize("role", ["pegawai", "dumas", "wbs", "editor", "ppid", "upg"])
def test_other_roles_get_403_everywhere(app, make_user, one_risk, role):
    risk_id, _code = one_risk
    client = staff(app, make_user, role)
    before = row_counts(app)
    for url in read_urls(risk_id):
        assert client.get(url).status_code == 403, (role, url)
    for method, url, data in write_requests(risk_id, _item_id(app)):
        assert client.open(url, method=method, data=data).status_code == 403, (role, method, url)
    assert row_counts(app) == before
    assert f"{BASE}/" not in client.get("/admin/").get_data(as_text=True)


def test_a_visitor_is_sent_to_log_in(client, app, one_risk):
    risk_id, _code = one_risk
    for url in read_urls(risk_id):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login" in response.headers["Location"], url


def test_the_risiko_role_edits(app, make_user):
    client = staff(app, make_user, "risiko")
    response = client.post(f"{BASE}/baru", data=form())
    assert response.status_code == 302
    with app.app_context():
        assert db.session.query(Risk).count() == 1


@pytest.mark.parametrize("role,sees", [("risiko", True), ("pimpinan", True), ("admin", True),
                                       ("dumas", False), ("pegawai", False)])
def test_menu_and_dashboard_panel_follow_the_roles(app, make_user, role, sees):
    make_risks(app, [values(likelihood=5, impact=5)])
    client = staff(app, make_user, role)
    html = client.get("/admin/").get_data(as_text=True)
    assert (f'href="{BASE}/"' in html) is sees
    assert ('data-panel="risiko"' in html) is sees
