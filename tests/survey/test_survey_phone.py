"""/survei on a phone (issue 12 §4): the service date starts at today (the office's day), the error summary
links to each field to fix, and the default occupations fit a rural kabupaten."""
from __future__ import annotations

import re
from datetime import UTC, datetime

from freezegun import freeze_time

from portal.extensions import db
from portal.standards import service as standards
from portal.survey import service as survey
from tests.phone_helpers import english_app

SLUG = "layanan-ppid"


def _service(app):
    with app.app_context():
        service = standards.create_service(db.session, name="Layanan Informasi Publik (PPID)", slug=SLUG)
        db.session.flush()
        survey.save_service_config(db.session, service, actor=None, survey_open=True, is_free=True,
                                   biaya_mode="tanya", annual_population=None, require_token=False)
        db.session.commit()


def test_service_date_starts_at_the_office_today(app, client):
    _service(app)
    # 20:30 UTC on 1 December is already 2 December in Jakarta (UTC+7)
    with freeze_time(datetime(2026, 12, 1, 20, 30, tzinfo=UTC)):
        html = client.get(f"/survei?layanan={SLUG}").get_data(as_text=True)
    field = re.search(r'<input[^>]*id="service_date"[^>]*>', html).group(0)
    assert 'value="2026-12-02"' in field


def test_error_summary_links_each_missing_field(app, client):
    _service(app)
    response = client.post(f"/survei?layanan={SLUG}", data={"service_date": "", "gender": "P", "age": "30"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    box = html[html.index('class="alert alert-danger error-summary"'):]
    box = box[:box.index("</div>")]
    assert "Perbaiki isian berikut:" in box
    targets = re.findall(r'<a href="#([\w-]+)">', box)
    assert targets[:3] == ["service_date", "education", "occupation"]
    assert "gender" not in targets and "age" not in targets  # answered
    assert "persyaratan" in targets and "sarana" in targets
    for target in targets:  # every link lands on an element of the page
        assert f'id="{target}"' in html
    assert 'tabindex="-1"' in html[html.index("error-summary") - 200:html.index("error-summary") + 200]


def test_no_error_summary_on_a_fresh_form(app, client):
    _service(app)
    assert "error-summary" not in client.get(f"/survei?layanan={SLUG}").get_data(as_text=True)


def test_rural_occupations_are_among_the_defaults(app, client):
    for occupation in ("Petani/Pekebun", "Nelayan", "Ibu rumah tangga", "Buruh", "Pedagang"):
        assert occupation in survey.DEFAULT_OCCUPATION
    assert survey.DEFAULT_OCCUPATION[-1] == "Lainnya"
    assert len(set(survey.DEFAULT_OCCUPATION)) == len(survey.DEFAULT_OCCUPATION) <= 20
    _service(app)
    html = client.get(f"/survei?layanan={SLUG}").get_data(as_text=True)
    assert '<option value="Nelayan">Nelayan</option>' in html

def test_new_occupations_read_in_english(app_factory, tmp_path):
    with english_app(app_factory, tmp_path / "en") as app:
        _service(app)
        english = app.test_client().get(f"/survei?layanan={SLUG}&lang=en").get_data(as_text=True)
    assert '<option value="Nelayan">Fisher</option>' in english
    assert '<option value="Ibu rumah tangga">Homemaker</option>' in english


def test_an_office_list_stays_as_the_office_saved_it(app, client):
    """The defaults are a constant: an install that never saved a list gets the new ones at once; one that
    saved its own list keeps it."""
    _service(app)
    with app.app_context():
        survey.save_categories(db.session, "SD\nS1", "ASN\nLainnya", actor=None)
        db.session.commit()
        assert survey.categories(db.session)["occupation"] == ["ASN", "Lainnya"]
    html = client.get(f"/survei?layanan={SLUG}").get_data(as_text=True)
    assert "Nelayan" not in html
