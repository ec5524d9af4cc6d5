"""SKM follow-up plans: which unsur a new rencana tindak lanjut is proposed for (portal.survey.service,
request-free), which plans belong to a scope, and the staff results page that shows both."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.survey import service as survey
from portal.survey.models import SurveyFollowUp
from tests.survey.test_skm import HAND, make_service, post_survey


def _plan(unsur: str, scope: str = "") -> dict:
    return {"unsur": unsur, "scope": scope}


def test_the_first_weakest_unsur_without_a_plan_is_proposed():
    result = {"weakest": ["waktu", "sarana"]}
    assert survey.suggested_follow_up(result, []) == "waktu"
    assert survey.suggested_follow_up(result, [_plan("waktu")]) == "sarana"
    assert survey.suggested_follow_up(result, [_plan("sarana")]) == "waktu"


def test_when_every_weakest_unsur_has_a_plan_the_first_is_proposed_again():
    result = {"weakest": ["waktu", "sarana"]}
    assert survey.suggested_follow_up(result, [_plan("sarana"), _plan("waktu")]) == "waktu"


def test_without_answers_the_first_unsur_is_proposed():
    assert survey.suggested_follow_up({"weakest": []}, []) == "persyaratan"
    assert survey.suggested_follow_up({"weakest": []}, [_plan("waktu")]) == "persyaratan"


def test_plans_of_a_scope_are_those_of_that_service_or_of_the_office():
    data = {"follow_ups": [_plan("waktu"), _plan("sarana", "layanan-ppid"), _plan("biaya", "layanan-lain"),
                           _plan("produk")]}
    assert [f["unsur"] for f in survey.scope_follow_ups(data, "")] == ["waktu", "produk"]
    assert [f["unsur"] for f in survey.scope_follow_ups(data, None)] == ["waktu", "produk"]
    assert [f["unsur"] for f in survey.scope_follow_ups(data, "layanan-ppid")] == ["sarana"]
    assert survey.scope_follow_ups(data, "tidak-ada") == []


def test_staff_results_propose_the_weakest_unplanned_unsur_and_list_the_plans(app, client, login_as):
    make_service(app)
    for row in HAND:
        assert post_survey(client, "layanan-ppid", row).status_code == 302
    login_as("editor")
    period = survey.current_period()
    html = client.get(f"/admin/survei/hasil?periode={period.key}").get_data(as_text=True)
    assert 'value="waktu" selected' in html or 'selected value="waktu"' in html  # waktu is the weakest (2.50)

    response = client.post("/admin/survei/tindak-lanjut", data={
        "period_key": period.key, "scope": "", "unsur": "waktu",
        "action": "Tambah loket pada jam sibuk dan atur antrean.", "timeline": "Triwulan berikutnya",
        "responsible": "Kepala Subbagian Umum", "progress": ""})
    assert response.status_code == 302 and response.headers["Location"].endswith("#tindak-lanjut")
    html = client.get(f"/admin/survei/hasil?periode={period.key}").get_data(as_text=True)
    assert "Rencana tindak lanjut disimpan." in html
    assert "Tambah loket pada jam sibuk" in html
    with app.app_context():
        item_id = db.session.scalar(select(SurveyFollowUp.id))
    # each plan of the scope has its delete button (admin and editor write)
    assert f'action="/admin/survei/tindak-lanjut/{item_id}/hapus"' in html
    # every weakest unsur now has a plan: the form proposes it again, to revise it
    assert 'value="waktu" selected' in html or 'selected value="waktu"' in html

    response = client.post(f"/admin/survei/tindak-lanjut/{item_id}/hapus")
    assert response.status_code == 302
    assert "Rencana tindak lanjut dihapus." in client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(SurveyFollowUp.id)) is None


def test_a_plan_or_publication_for_an_unknown_period_goes_back_to_the_results(app, client, login_as):
    make_service(app)
    login_as("editor")
    for path, data in (("/admin/survei/tindak-lanjut", {"period_key": "2026-03", "unsur": "waktu",
                                                         "action": "Rencana yang cukup panjang."}),
                       ("/admin/survei/terbitkan", {"period_key": "bukan-periode"})):
        response = client.post(path, data=data)
        assert response.status_code == 302 and response.headers["Location"].endswith("/admin/survei/hasil")
        assert "Periode SKM adalah" in client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(SurveyFollowUp.id)) is None
