"""Every path of the OpenAPI document called on the demo data, each answer validated against the document
(openapi-core) and checked for the naming rule; one error answer per endpoint family too. New fragments
(other features' endpoints) are covered as soon as they are merged."""
from __future__ import annotations

from urllib.parse import urlencode

from tests.api_helpers import ApiClient, naming_errors, resolve

MISSING = "999999"  # a path value that names nothing (and fits int and string routes alike)


def _operations(doc):
    for path, item in doc["paths"].items():
        operation = item.get("get")
        if operation is not None:
            listed = [*item.get("parameters", []), *operation.get("parameters", [])]
            params = [resolve(doc, p) for p in listed]
            yield path, operation, params


def _fill(path: str, params, values) -> str:
    for param in params:
        if param["in"] == "path":
            path = path.replace("{" + param["name"] + "}", str(values(param)))
    return path


def _example(param):
    return param["example"] if "example" in param else next(iter(param["examples"].values()))["value"]


def test_every_documented_get_answers_as_documented(demo_app):
    api = ApiClient(demo_app.test_client())
    doc = api.document
    called = []
    for path, operation, params in _operations(doc):
        url = _fill(path, params, _example)
        query = {p["name"]: _example(p) for p in params
                 if p["in"] == "query" and ("example" in p or "examples" in p)}
        english = url + "?" + urlencode({**query, "lang": "en"})  # labels in English validate too
        for target in [url] + ([url + "?" + urlencode(query)] if query else []) + [english]:
            response = api.get(target)  # validated against the document
            assert response.status_code == 200, (target, response.status_code)
            schema = api.schema_of(path)
            if not operation.get("x-naming-exempt"):
                assert naming_errors(response.get_json(), schema, doc) == [], target
            called.append(target)
    assert len(called) >= 2 * len(doc["paths"])


def test_one_error_answer_per_endpoint_family_is_documented(demo_app):
    """A path value that names nothing, or query values that mean nothing, get a documented 4xx answer (in
    the Error shape under /api/)."""
    api = ApiClient(demo_app.test_client())
    doc = api.document
    checked = []
    for path, operation, params in _operations(doc):
        errors = sorted(code for code in operation["responses"] if code.startswith("4"))
        if not errors:
            continue
        if any(p["in"] == "path" for p in params):
            url = _fill(path, params, lambda _p: MISSING)
        else:
            url = path + "?" + urlencode({p["name"]: "tidak-valid" for p in params if p["in"] == "query"})
        response = api.get(url)  # validated: the body has the shape documented for that status
        assert str(response.status_code) in errors, (url, response.status_code)
        if path.startswith("/api/"):  # the portal's Error shape (Open311 has its own error list)
            body = response.get_json()
            assert body["status"] == response.status_code and body["error"]
        checked.append(path)
    assert {"/api/v1/rencana-aksi", "/api/v1/rencana-aksi/progres",
            "/api/v1/rekap/dumas/{period_key}"} <= set(checked)


def test_bad_filter_answer_names_the_parameters(app):
    from portal.action_plan import service as action_plan
    from portal.extensions import db

    with app.app_context():
        action_plan.load_shipped_plans(db.session)
        db.session.commit()
    api = ApiClient(app.test_client())
    body = api.get("/api/v1/rencana-aksi?bulan=13&area=X").get_json()
    assert body["status"] == 400 and set(body["errors"]) == {"bulan", "area"}


def test_validation_catches_an_answer_that_breaks_the_document(app):
    """The check has teeth: an answer with a renamed field fails validation."""
    import pytest
    from openapi_core.validation.response.exceptions import InvalidData

    api = ApiClient(app.test_client())
    response = app.test_client().get("/api/v1/rekap/dumas")
    body = response.get_json()
    body["jumlah"] = body.pop("count")
    response.set_data(__import__("json").dumps(body))
    with pytest.raises(InvalidData):
        api.validate(response)
