"""The WBS case page's next-step panel and timeline (issue 12 §5): the workflow's allowed moves from the
current state, the main move open and each other behind its own <details>, one form per move posting to
the one status endpoint (no JS); a refused move comes back open with its message; the history a timeline."""
from __future__ import annotations

import re

from sqlalchemy import select

from portal.extensions import db
from portal.wbs.models import WbsReport
from tests.wbs_helpers import SECRET_TEXT, submit


def _rid(app) -> int:
    with app.app_context():
        return db.session.scalar(select(WbsReport.id).order_by(WbsReport.id.desc()))


def _panel(page: str) -> str:
    return page.split('id="langkah"')[1].split('id="rekomendasi"')[0]


def _summaries(panel: str) -> list[str]:
    return [s.strip() for s in re.findall(r"<summary[^>]*>(.*?)</summary>", panel, re.DOTALL)]


def _open_part(panel: str) -> str:
    return re.sub(r"<details.*?</details>", "", panel, flags=re.DOTALL)


def test_received_report_offers_verification_first(app, client, login_as):
    submit(client)
    rid = _rid(app)
    login_as("wbs")
    panel = _panel(client.get(f"/admin/wbs/{rid}").get_data(as_text=True))
    shown = _open_part(panel)
    assert shown.count("<form") == 1
    assert '<input type="hidden" name="to_status" value="diverifikasi">' in shown
    assert 'id="diverifikasi-assigned_to"' in shown and 'for="diverifikasi-assigned_to"' in shown
    assert _summaries(panel) == ["Tolak laporan", "Teruskan ke instansi lain"]
    # the ids of the forms on the page never repeat
    ids = re.findall(r' id="([^"]+)"', panel)
    assert len(ids) == len(set(ids))


def test_moves_follow_the_workflow(app, client, login_as):
    submit(client)
    rid = _rid(app)
    me = login_as("wbs")
    response = client.post(f"/admin/wbs/{rid}/status", data={"to_status": "diverifikasi",
                                                               "assigned_to": str(me.id)})
    assert response.status_code == 302
    panel = _panel(client.get(f"/admin/wbs/{rid}").get_data(as_text=True))
    assert '<input type="hidden" name="to_status" value="diproses">' in _open_part(panel)
    assert _summaries(panel) == ["Nyatakan selesai", "Tolak laporan", "Teruskan ke instansi lain"]


def test_a_refused_move_comes_back_open_with_its_message(app, client, login_as):
    submit(client)
    rid = _rid(app)
    login_as("wbs")
    response = client.post(f"/admin/wbs/{rid}/status", data={"to_status": "ditolak", "outcome": ""})
    assert response.status_code == 400
    panel = _panel(response.get_data(as_text=True))
    opened = re.findall(r"<details[^>]* open>\s*<summary[^>]*>(.*?)</summary>", panel, re.DOTALL)
    assert [s.strip() for s in opened] == ["Tolak laporan"]
    assert "Alasan penolakan wajib diisi." in response.get_data(as_text=True)


def test_closed_report_offers_no_move(app, client, login_as):
    submit(client)
    rid = _rid(app)
    login_as("wbs")
    assert client.post(f"/admin/wbs/{rid}/status", data={
        "to_status": "ditolak", "outcome": "Bukan kewenangan kami."}).status_code == 302
    panel = _panel(client.get(f"/admin/wbs/{rid}").get_data(as_text=True))
    assert "sudah ditutup dengan status Ditolak" in panel and "<form" not in panel


def test_history_is_a_timeline(app, client, login_as):
    submit(client)
    rid = _rid(app)
    me = login_as("wbs")
    client.post(f"/admin/wbs/{rid}/status", data={"to_status": "diverifikasi", "assigned_to": str(me.id)})
    page = client.get(f"/admin/wbs/{rid}").get_data(as_text=True)
    thread = page.split('id="case-thread">')[1].split("</ol>")[0]
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\d">', thread)
    assert "Status: Diterima → Diverifikasi" in thread
    assert SECRET_TEXT in page  # the team reads the report (audited, as before)
