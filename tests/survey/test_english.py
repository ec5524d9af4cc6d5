"""SKM in English (?lang=en): refusals raised by the service are DomainErrors with an Indonesian message
id, translated only when read, in the reader's language; profile options and labels shown on pages are
translated where the catalogue has them, while the stored answers stay as they were given."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.core.errors import DomainError
from portal.extensions import db
from portal.standards.models import Service
from portal.survey import service as survey
from portal.survey.models import SurveyResponse
from tests.survey.test_skm import HAND, make_service, post_survey


def test_a_refusal_keeps_its_indonesian_message_id_and_is_read_in_english(app):
    make_service(app)
    with app.test_request_context("/survei?lang=en"):
        service = db.session.scalar(select(Service))
        with pytest.raises(DomainError) as caught:
            survey.save_service_config(db.session, service, survey_open=True, is_free=True, biaya_mode="x",
                                       annual_population=None, require_token=False, actor=None)
        assert caught.value.msgid == "Pilihan penanganan unsur biaya tidak dikenal."
        assert caught.value.message == "Unknown option for handling the cost element."
    with app.test_request_context("/survei"):
        assert caught.value.message == "Pilihan penanganan unsur biaya tidak dikenal."


def test_a_refusal_with_a_translated_label_as_parameter(app):
    with app.test_request_context("/admin/survei/pengaturan?lang=en"), pytest.raises(DomainError) as caught:
        survey.save_categories(db.session, "S1", "PNS/ASN\nLainnya", actor=None)
    assert caught.value.msgid == "Daftar %(what)s harus berisi 2 sampai 20 pilihan, satu per baris."
    with app.test_request_context("/admin/survei/pengaturan?lang=en"):
        assert caught.value.message == "The education list must have 2 to 20 choices, one per line."
    with app.test_request_context("/admin/survei/pengaturan"):
        assert caught.value.message == "Daftar pendidikan harus berisi 2 sampai 20 pilihan, satu per baris."


def test_a_refused_card_reads_in_english(app, client):
    make_service(app)
    response = client.get("/survei?layanan=layanan-ppid&t=bukan-token&lang=en")
    assert response.status_code == 409
    assert "Unknown survey code for this service. Scan the QR code on your card again." in response.get_data(
        as_text=True)
    posted = client.post("/survei?layanan=layanan-ppid&lang=en", data={**_answers(), "t": "bukan-token"})
    assert posted.status_code == 409
    assert "Unknown survey code for this service." in posted.get_data(as_text=True)


def test_an_incomplete_questionnaire_is_explained_in_english(app, client):
    make_service(app)
    row = list(HAND[0])
    response = client.post("/survei?layanan=layanan-ppid&lang=en", data={**_answers(row), "age": "",
                                                                           "occupation": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The questionnaire is incomplete; nothing has been saved. Not filled in: age, occupation." in html
    assert "Kuesioner belum lengkap" not in html


def test_profile_options_are_shown_in_the_readers_language_and_stored_as_given(app, client):
    make_service(app)
    html = client.get("/survei?layanan=layanan-ppid&lang=en").get_data(as_text=True)
    assert '<option value="Lainnya">Other</option>' in html
    indonesian = client.get("/survei?layanan=layanan-ppid&lang=id").get_data(as_text=True)
    assert '<option value="Lainnya">Lainnya</option>' in indonesian
    assert post_survey(client, "layanan-ppid", HAND[0], occupation="Lainnya").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(SurveyResponse.occupation)) == "Lainnya"
    assert survey.profile_label("Jabatan buatan kantor") == "Jabatan buatan kantor"  # an office's own option


def _answers(row=None):
    from tests.survey.test_skm import answers

    return answers(row or HAND[0])
