"""Every query parameter the OpenAPI document declares, sent with values its schema refuses (h7, issue 12):
the answer is a 400 in the documented Error shape whose `errors` names the parameter (Open311: the spec's
error array), never a 200 that ignored it, a 404 "page not found" or a 5xx. Taken from the document, so a
new endpoint's parameters are swept as soon as its fragment is merged."""
from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.api_helpers import ApiClient, resolve

# values no integer parameter may take (schema: integer with bounds), and none a date-time or enum takes
NOT_AN_INTEGER = ["abc", "-1", "2147483648", "9" * 5000, "١٢", "2026.0", "0x7e6", "' OR 1=1--", "<b>"]
NOT_A_DATETIME = ["kemarin", "2026-02-30", "9999-99-99", "0001-01-01", "9999-12-31T23:59:59-12:00",
                  "2026-11-01T00:00:00+25:00"]
NOT_IN_ENUM = ["selesai", "terbuka", "<b>", "' OR 1=1--"]


def _bad_values(name: str, schema: dict) -> list[str]:
    if schema.get("type") == "integer":
        return NOT_AN_INTEGER
    if schema.get("format") == "date-time" or name.endswith("_date"):  # Open311's W3C datetimes
        return NOT_A_DATETIME
    if "enum" in schema:
        return NOT_IN_ENUM
    return []


def _cases(doc):
    for path, item in doc["paths"].items():
        operation = item.get("get")
        if operation is None or "{" in path:
            continue
        for raw in [*item.get("parameters", []), *operation.get("parameters", [])]:
            param = resolve(doc, raw)
            if param["in"] != "query":
                continue
            for value in _bad_values(param["name"], resolve(doc, param.get("schema", {}))):
                yield path, param["name"], value


def test_every_refused_query_value_is_a_documented_400(demo_app):
    api = ApiClient(demo_app.test_client())
    checked = set()
    for path, name, value in _cases(api.document):
        response = api.get(f"{path}?{name}={quote(value)}")  # validated against the document too
        assert response.status_code == 400, (path, name, value[:40], response.status_code)
        assert response.mimetype == "application/json"
        body = response.get_json()
        if path.startswith("/open311/"):
            [error] = body
            assert error["code"] == 400 and error["description"]
        else:
            assert body["status"] == 400 and body["error"] and name in body["errors"], (path, body)
        checked.add((path, name))
    assert {("/api/v1/rencana-aksi", "tahun"), ("/api/v1/rencana-aksi/progres", "tahun"),
            ("/open311/v2/requests.json", "start_date"), ("/open311/v2/requests.json", "status")} <= checked


@pytest.mark.parametrize("value", ["2099", "2000"])
def test_a_year_in_range_without_a_plan_is_not_found(demo_app, value):
    api = ApiClient(demo_app.test_client())
    for path in ("/api/v1/rencana-aksi/progres",):
        response = api.get(f"{path}?tahun={value}")
        assert response.status_code == 404, (path, response.status_code)
