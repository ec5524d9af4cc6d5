"""/rekap in English: the channel rows and the channel doughnut's legend go through the catalogue (the DUMAS
channels are lazy labels, extracted from portal/dumas/models.py), the month and triwulan rows are named
again from their keys by portal.core.periods when shown (so the reader's language applies to a snapshot
published earlier), and the snapshot itself keeps Indonesian labels whatever the publisher's screen.

The marking catalogue of tests/recap/test_recap_translation.py (‹text› for every translated text on
?lang=en) keeps these checks independent of which English entries exist yet."""
from __future__ import annotations

import json
import re

from sqlalchemy import select

from portal.extensions import db
from portal.recap.models import RecapSnapshot
from tests.recap import test_recap_translation
from tests.recap.test_recaps import load_cases, publish

marked_english = test_recap_translation.marked_english  # the fixture


def _charts(page: str) -> dict:
    raw = re.search(r'<script type="application/json" id="rekap-chart-data"[^>]*>(.*?)</script>', page,
                    re.DOTALL)
    return json.loads(raw.group(1))


def _table(page: str, table_id: str) -> str:
    start = page.index(f'id="rekap-tabel-{table_id}"')
    return page[start:page.index("</table>", start)]


def _snapshot(app, key: str) -> RecapSnapshot:
    with app.app_context():
        return db.session.scalar(select(RecapSnapshot).where(RecapSnapshot.period_key == key))


def test_channel_rows_and_legend_go_through_the_catalogue(app, client, login_as, marked_english):
    load_cases(app)
    login_as("admin")
    assert publish(client, "2026-T1").status_code == 302
    page = client.get("/rekap/2026-T1?lang=en").get_data(as_text=True)
    channels = _table(page, "kanal")
    assert "‹Situs web (formulir daring)›" in channels and "‹Hotline / telepon›" in channels
    assert {"‹Situs web (formulir daring)›", "‹Hotline / telepon›"} <= set(_charts(page)["channel"]["labels"])
    indonesian = client.get("/rekap/2026-T1?lang=id").get_data(as_text=True)
    assert "Situs web (formulir daring)" in _table(indonesian, "kanal") and "‹" not in indonesian


def test_a_snapshot_published_from_an_english_screen_stores_indonesian_labels(app, client, login_as,
                                                                            marked_english):
    load_cases(app)
    login_as("admin")
    assert client.post("/admin/rekap/terbitkan?lang=en", data={"period_key": "2026-T1"}).status_code == 302
    data = json.loads(_snapshot(app, "2026-T1").data)
    assert [row["label"] for row in data["by_channel"]][:2] == ["Situs web (formulir daring)", "E-mail"]
    assert "‹" not in _snapshot(app, "2026-T1").data


def test_month_and_triwulan_rows_are_named_from_their_keys_when_shown(app, client, login_as):
    """A label stored in the snapshot is not shown as it is: the row's key names the period in the
    reader's language (portal.core.periods), a triwulan cut by the period with "(sebagian)" after it."""
    load_cases(app)
    login_as("admin")
    assert publish(client, "20260115-20260331").status_code == 302
    with app.app_context():
        snapshot = db.session.scalar(select(RecapSnapshot).where(RecapSnapshot.period_type == "rentang"))
        data = json.loads(snapshot.data)
        assert [row["key"] for row in data["status"]["months"]] == ["2026-01", "2026-02", "2026-03"]
        for row in data["status"]["months"] + data["status"]["quarters"]:
            row["label"] = "LABEL-TERSIMPAN" + (" (sebagian)" if row.get("partial") else "")
        snapshot.data = json.dumps(data)
        db.session.commit()
    page = client.get("/rekap/20260115-20260331").get_data(as_text=True)
    assert "LABEL-TERSIMPAN" not in page
    months = _table(page, "status_bulanan")
    assert all(name in months for name in ("Januari 2026", "Februari 2026", "Maret 2026"))
    assert "Triwulan I 2026 (sebagian)" in _table(page, "status_triwulan")
    assert _charts(page)["status"]["labels"] == ["Januari 2026", "Februari 2026", "Maret 2026"]


def test_a_snapshot_published_from_an_english_screen_stores_indonesian_period_labels(app, client, login_as):
    """Month and triwulan labels in a published snapshot are Indonesian, like every stored label, also when
    the staff member publishes from an English screen (the page names them from their keys when shown)."""
    load_cases(app)
    login_as("admin")
    response = client.post("/admin/rekap/terbitkan?lang=en", data={"period_key": "20260115-20260331"})
    assert response.status_code == 302
    with app.app_context():
        snapshot = db.session.scalar(select(RecapSnapshot).where(RecapSnapshot.period_type == "rentang"))
        data = json.loads(snapshot.data)
    months = [row["label"] for row in data["status"]["months"]]
    assert months == ["Januari 2026", "Februari 2026", "Maret 2026"]
    assert data["status"]["quarters"][0]["label"].startswith("Triwulan I 2026")
