"""Open311 GeoReport v2, read side: discovery, services, a service definition, requests (filters and the
spec's limits, errors in the spec's format), one request; only published complaints, never the reporter's
identity, contact or attachment; open-data headers; the responses validate against
portal/open311/openapi/open311.yaml."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from freezegun import freeze_time

from portal.core.models.base import utcnow
from portal.dumas.workflow import Deadlines, transition
from portal.extensions import db
from tests.dumas_factories import wib
from tests.public_list_helpers import (
    PUBLIC_NOTE,
    SECRETS,
    SUMMARY,
    assert_no_secret,
    category,
    officer,
    planted_complaint,
    published_complaint,
)

SPEC = Path(__file__).resolve().parents[2] / "portal" / "open311" / "openapi" / "open311.yaml"


def _published(app, **kwargs) -> str:
    with app.app_context():
        number = published_complaint(**kwargs).number
        db.session.commit()
        return number


def test_discovery(client):
    response = client.get("/open311/v2/discovery.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = response.get_json()
    endpoint = body["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2") and endpoint["type"] == "production"
    assert endpoint["formats"] == ["application/json"]
    assert body["changeset"] and body["contact"]


def test_services_are_the_active_categories(app, client):
    with app.app_context():
        category("pelayanan", "Pelayanan")
        category("logistik", "Logistik").active = False
        db.session.commit()
    services = client.get("/open311/v2/services.json").get_json()
    assert [s["service_code"] for s in services] == ["pelayanan"]
    service = services[0]
    assert service == {"service_code": "pelayanan", "service_name": "Pelayanan", "description": "Pelayanan",
                       "metadata": False, "type": "realtime", "keywords": "pelayanan", "group": "pengaduan"}
    definition = client.get("/open311/v2/services/pelayanan.json")
    assert definition.get_json() == {"service_code": "pelayanan", "attributes": []}
    for code in ("logistik", "tidak-ada"):
        missing = client.get(f"/open311/v2/services/{code}.json")
        assert missing.status_code == 404
        assert missing.get_json()[0]["code"] == 404 and missing.get_json()[0]["description"]


def test_requests_only_published_with_the_public_fields(app, client):
    with app.app_context():
        shown = published_complaint()
        planted_complaint()
        secret = published_complaint()
        secret.confidential = True
        db.session.commit()
        number, due = shown.number, shown.resolve_due
    body = client.get("/open311/v2/requests.json").get_json()
    assert [r["service_request_id"] for r in body] == [number]
    request = body[0]
    assert request["status"] == "open" and request["description"] == SUMMARY
    assert request["status_notes"] == PUBLIC_NOTE
    assert request["service_code"] == "pelayanan" and request["service_name"] == "Pelayanan"
    assert request["agency_responsible"] == "KPU Kabupaten Kebumen"
    assert request["service_notice"] == "" and request["address"] == "" and "media_url" not in request
    assert request["expected_datetime"] == f"{due.isoformat()}T23:59:59+07:00"
    assert datetime.fromisoformat(request["requested_datetime"]).utcoffset() == timedelta(hours=7)
    assert datetime.fromisoformat(request["updated_datetime"]) >= datetime.fromisoformat(
        request["requested_datetime"])
    one = client.get(f"/open311/v2/requests/{number}.json")
    assert one.get_json() == [request]


def test_no_identity_contact_attachment_anywhere(app, client):
    number = _published(app)
    with app.app_context():
        transition(db.session, db.session.merge(planted_complaint()), "selesai", officer(),
                   Deadlines.from_config(app.config), final_answer="Sudah dijawab.")
        db.session.commit()
    paths = ["/open311/v2/discovery.json", "/open311/v2/services.json", "/open311/v2/services/pelayanan.json",
             "/open311/v2/requests.json", f"/open311/v2/requests/{number}.json",
             f"/open311/v2/requests.json?service_request_id={number}",
             "/open311/v2/requests.json?status=open",
             "/pengaduan/daftar", f"/pengaduan/daftar/{number}", "/pengaduan/daftar?lang=en", "/sitemap.xml"]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_no_secret(response.get_data(as_text=True))
    assert len(SECRETS) == 8


def test_closed_status_notes_is_the_final_answer(app, client):
    with app.app_context():
        complaint = published_complaint()
        transition(db.session, complaint, "selesai", officer(), Deadlines.from_config(app.config),
                   final_answer="Loket tambahan dibuka.")
        db.session.commit()
        number = complaint.number
    [request] = client.get(f"/open311/v2/requests/{number}.json").get_json()
    assert request["status"] == "closed" and request["status_notes"] == "Loket tambahan dibuka."
    assert request["expected_datetime"] is None
    assert client.get("/open311/v2/requests.json?status=closed").get_json()[0]["service_request_id"] == number
    assert client.get("/open311/v2/requests.json?status=open").get_json() == []


def test_filters_and_the_90_day_window(app, client):
    with freeze_time("2026-12-01 05:00:00"):
        old = _published(app, received_at=wib(date(2026, 7, 1)))
        recent = _published(app, received_at=wib(date(2026, 11, 20)))
        with app.app_context():
            category("logistik", "Logistik")
            db.session.commit()
        with app.app_context():
            other = published_complaint(received_at=wib(date(2026, 11, 21)), cat=category("logistik"))
            db.session.commit()
            other = other.number

        def ids(query: str = "") -> list[str]:
            response = client.get(f"/open311/v2/requests.json{query}")
            assert response.status_code == 200, response.get_json()
            return [r["service_request_id"] for r in response.get_json()]

        assert ids() == [other, recent]  # the last 90 days, newest first
        assert ids("?service_code=logistik") == [other]
        assert ids("?service_code=tidak-ada") == []
        assert ids("?start_date=2026-06-15T00:00:00%2B07:00&end_date=2026-07-15T00:00:00Z") == [old]
        assert ids("?start_date=2026-06-15T00:00:00Z") == [old]  # the 90 days after start_date
        assert ids("?end_date=2026-11-20T23:00:00%2B07:00") == [recent]  # the 90 days before end_date
        assert ids(f"?service_request_id={old},{recent},DUMAS-2026-99999&status=closed") == [recent, old]
        assert ids("?service_request_id=%3Cx%3E") == []


@pytest.mark.parametrize("query", [
    "status=selesai", "start_date=kemarin", "end_date=2026-13-01T00:00:00Z",
    "start_date=2026-11-01T00:00:00Z&end_date=2026-10-01T00:00:00Z",
    "start_date=2026-01-01T00:00:00Z&end_date=2026-12-01T00:00:00Z",
    "service_request_id=" + ",".join(f"DUMAS-2026-{n:05d}" for n in range(1, 102)),
])
def test_bad_parameters_are_400_in_the_spec_format(client, query):
    response = client.get(f"/open311/v2/requests.json?{query}")
    assert response.status_code == 400 and response.mimetype == "application/json"
    [error] = response.get_json()
    assert error["code"] == 400 and error["description"]


def test_unknown_request_is_404_in_the_spec_format(app, client):
    with app.app_context():
        hidden = planted_complaint().number
        db.session.commit()
    for number in (hidden, "DUMAS-2026-99999", "x"):
        response = client.get(f"/open311/v2/requests/{number}.json")
        assert response.status_code == 404 and response.get_json()[0]["code"] == 404


def test_at_most_1000_results(app, client, monkeypatch):
    from portal.open311 import service

    monkeypatch.setattr(service, "MAX_RESULTS", 2)
    for day in (2, 3, 4):
        _published(app, received_at=utcnow() - timedelta(days=day))
    assert len(client.get("/open311/v2/requests.json").get_json()) == 2


def test_open_data_headers(app, client):
    number = _published(app)
    response = client.get(f"/open311/v2/requests/{number}.json")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["ETag"] and "public" in response.headers["Cache-Control"]
    again = client.get(f"/open311/v2/requests/{number}.json",
                       headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    assert client.options("/open311/v2/services.json").headers["Access-Control-Allow-Origin"] == "*"


# --- the OpenAPI fragment --------------------------------------------------------------------------------

def _document() -> dict:
    fragment = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    return {"openapi": "3.1.0", "info": {"title": "Open311", "version": "2"}, **fragment}


def test_fragment_is_valid_openapi_with_prefixed_schemas_and_examples():
    from openapi_spec_validator import validate

    document = _document()
    validate(document)
    assert set(document) == {"openapi", "info", "paths", "components"}
    assert all(name.startswith("Open311") for name in document["components"]["schemas"])
    assert set(document["paths"]) == {
        "/open311/v2/discovery.json", "/open311/v2/services.json", "/open311/v2/services/{service_code}.json",
        "/open311/v2/requests.json", "/open311/v2/requests/{service_request_id}.json"}
    for path, item in document["paths"].items():
        for parameter in item.get("parameters", []) + item["get"].get("parameters", []):
            if parameter.get("in") == "path":
                assert "example" in parameter, path


def test_every_response_matches_the_fragment(app, client):
    from openapi_core import OpenAPI
    from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse

    number = _published(app)
    with app.app_context():
        closed = published_complaint()
        transition(db.session, closed, "ditolak", officer(), Deadlines.from_config(app.config),
                   reason="Bukan kewenangan kantor.")
        db.session.commit()
    spec = OpenAPI.from_dict(_document())
    paths = ["/open311/v2/discovery.json", "/open311/v2/services.json", "/open311/v2/services/pelayanan.json",
             "/open311/v2/services/tidak-ada.json", "/open311/v2/requests.json",
             "/open311/v2/requests.json?status=closed", "/open311/v2/requests.json?status=x",
             f"/open311/v2/requests/{number}.json", "/open311/v2/requests/DUMAS-2026-99999.json"]
    from werkzeug.test import EnvironBuilder
    from werkzeug.wrappers import Request

    for path in paths:
        response = client.get(path)
        request = Request(EnvironBuilder(path=path, base_url="http://localhost").get_environ())
        spec.validate_response(WerkzeugOpenAPIRequest(request), WerkzeugOpenAPIResponse(response))
        json.loads(response.get_data(as_text=True))
