"""The register as ZI evidence (portal/zi/evidence.py) for rows V.4.x of the 2026 action plan: the Daftar
Risiko (V.4.2, V.4.3: the year, once a risk is registered), the Kartu Kendali (V.4.1, V.4.3b: a quarter
once a card row of it is saved, a semester once both its quarters are) and the Daftar Uji (V.4.2b, V.4.4b,
due in December: once every statement is answered); V.4.4 (meeting papers) gets none. The documents are
staff pages: the public progress page and its JSON name them without a link; the staff ZI page links them."""
from __future__ import annotations

from datetime import date

import pytest
from freezegun import freeze_time

from portal.extensions import db
from portal.risks import service as risks
from portal.risks.models import Risk
from portal.zi import evidence as zi_evidence
from tests.risks.helpers import make_risks, staff, values
from tests.zi_helpers import item_id, load_plan, text

CODES = ("V.1", "V.3.1", "V.4.1", "V.4.2", "V.4.2b", "V.4.3", "V.4.3b", "V.4.4", "V.4.4b", "V.5.2")


class Row:
    def __init__(self, code):
        self.code = code


def served(name: str) -> list[str]:
    prov = next(p for p in zi_evidence.PROVIDERS if p.name == name)
    return [c for c in CODES if prov.serves(Row(c))]


def test_which_rows_each_document_serves():
    assert served("risiko_daftar") == ["V.4.2", "V.4.3"]
    assert served("risiko_kartu") == ["V.4.1", "V.4.3b"]
    assert served("risiko_uji") == ["V.4.2b", "V.4.4b"]


def at(moment: str):
    return freeze_time(moment)


def seed(app):
    """A risk registered on 20 Jan 2026; Kartu Kendali rows for Q1 (3 Apr), Q2 (2 Jul), Q3 (5 Oct); a
    Daftar Uji of two statements, the second answered on 10 Dec."""
    with at("2026-01-20 02:00:00"):
        (risk_id,) = make_risks(app, [values()])
    moments = ((1, "2026-04-03 03:00:00"), (2, "2026-07-02 03:00:00"), (3, "2026-10-05 03:00:00"))
    for quarter, moment in moments:
        with at(moment), app.app_context():
            risks.save_card(db.session, db.session.get(Risk, risk_id), quarter,
                            {"planned": "Rapat", "done": "", "status": "belum", "notes": ""}, None)
            db.session.commit()
    with at("2026-11-02 03:00:00"), app.app_context():
        first = risks.add_checklist_item(db.session, 2026, "Satgas ditetapkan.", None)
        risks.add_checklist_item(db.session, 2026, "Risiko dinilai.", None)
        risks.answer_checklist_item(db.session, first, {"answer": "tidak", "evidence": ""}, None)
        db.session.commit()
    return risk_id


def answer_the_rest(app):
    with at("2026-12-10 03:00:00"), app.app_context():
        for item in risks.checklist(db.session, 2026):
            if item.answer is None:
                risks.answer_checklist_item(db.session, item, {"answer": "ya", "evidence": "Notulen"}, None)
        db.session.commit()


def progress(client) -> dict[str, dict[str, list]]:
    data = client.get("/api/v1/rencana-aksi/progres?tahun=2026").get_json()
    return {r["code"]: {p["key"]: [(x["title"], x["url"]) for x in p["auto_links"]] for p in r["periods"]}
            for a in data["areas"] for r in a["activities"] if r["code"].startswith("V.4")}


@pytest.fixture
def plan(app):
    load_plan(app)
    return app


def test_the_documents_count_per_period_and_stay_unlinked_in_public(plan, client):
    seed(plan)
    with at("2026-12-01 03:00:00"):
        found = progress(client)
    daftar = [("Daftar Risiko 2026", None)]
    assert found["V.4.2"] == {"2026-S1": daftar, "2026-S2": daftar}
    assert found["V.4.3"] == {"2026-S1": daftar, "2026-S2": daftar}
    card_s1 = [("Kartu Kendali Semester 1 2026", None)]
    assert found["V.4.1"] == {"2026-S1": card_s1, "2026-S2": []}  # Q4 not filled yet: S2 not covered
    assert found["V.4.3b"] == {"2026-S1": card_s1, "2026-S2": []}
    assert found["V.4.2b"] == {"2026-12": []}  # one statement unanswered
    assert found["V.4.4b"] == {"2026-12": []}
    assert found["V.4.4"] == {"2026-S1": [], "2026-S2": []}
    answer_the_rest(plan)
    with at("2026-12-11 03:00:00"):
        found = progress(client)
        html = text(client.get("/rencana-aksi/progres?tahun=2026"))
    uji = [("Daftar Uji Penyelenggaraan SPIP 2026", None)]
    assert found["V.4.2b"] == {"2026-12": uji} and found["V.4.4b"] == {"2026-12": uji}
    assert "/admin/risiko" not in html
    assert "Daftar Risiko 2026 (dokumen internal)" in html
    assert "Daftar Uji Penyelenggaraan SPIP 2026 (dokumen internal)" in html


def test_the_artefacts_and_their_dates(plan):
    seed(plan)
    with plan.app_context():
        (daftar,) = zi_evidence.risk_register(db.session, 2026)
        cards = zi_evidence.risk_cards(db.session, 2026)
        assert zi_evidence.risk_checklist(db.session, 2026) == []
        assert zi_evidence.risk_register(db.session, 2025) == []
    assert (daftar.published_on, daftar.start, daftar.end, daftar.public) == (
        date(2026, 1, 20), date(2026, 1, 1), date(2026, 12, 31), False)
    assert daftar.url_params == {"tahun": 2026}
    assert [(c.url_params["periode"], c.published_on) for c in cards] == [
        ("2026-T1", date(2026, 4, 3)), ("2026-T2", date(2026, 7, 2)), ("2026-T3", date(2026, 10, 5)),
        ("2026-S1", date(2026, 7, 2))]
    answer_the_rest(plan)
    with plan.app_context():
        (uji,) = zi_evidence.risk_checklist(db.session, 2026)
    assert uji.published_on == date(2026, 12, 10) and uji.endpoint == "admin_risks.checklist_print"


def test_the_staff_zi_page_links_the_documents(plan, make_user):
    seed(plan)
    with at("2026-12-01 03:00:00"):
        client = staff(plan, make_user, "pimpinan")
        html = text(client.get(f"/admin/zi/kegiatan/{item_id(plan, 'V.4.1')}"))
        assert 'href="/admin/risiko/kartu-kendali?periode=2026-S1"' in html
        html = text(client.get(f"/admin/zi/kegiatan/{item_id(plan, 'V.4.2')}"))
        assert 'href="/admin/risiko/daftar?tahun=2026"' in html
        # the link opens the document for a reader of the register
        assert client.get("/admin/risiko/kartu-kendali?periode=2026-S1").status_code == 200
