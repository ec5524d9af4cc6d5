"""portal/api/spec.py: the OpenAPI document assembled from the features' fragments (docs/api.md)."""
from __future__ import annotations

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from portal.api import spec
from portal.features import FEATURES


def test_assembled_document_is_valid_openapi_3_1(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.1")
    validate(doc)  # raises on any error (OpenAPI 3.1 schema and references)


def test_served_document_names_the_site_as_server(app_factory):
    app = app_factory(BASE_URL="https://zi.example.go.id")
    doc = app.test_client().get("/api/v1/openapi.json", base_url="https://zi.example.go.id").get_json()
    assert doc["servers"][0]["url"] == "https://zi.example.go.id"


def test_fragments_come_in_feature_order_sorted_by_name():
    files = spec.fragment_files(FEATURES)
    features = [path.parent.parent.name for path in files]
    assert features == sorted(features, key=FEATURES.index)
    for feature in set(features):
        names = [p.name for p in files if p.parent.parent.name == feature]
        assert names == sorted(names)
    assert spec.BASE not in files


def test_every_api_route_is_documented_and_every_path_is_a_route(app):
    doc = spec.assemble(FEATURES)
    documented = set(doc["paths"])
    assert documented - _openapi_paths(app) == set(), "documented paths without a route"
    assert _openapi_paths(app) - documented == set(), "/api or /open311 routes missing from the document"


def _openapi_paths(app) -> set[str]:
    import re

    paths = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(("/api/", "/open311/")):
            path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
            paths.add(path.rstrip("/") or "/")
    return paths


def test_a_path_defined_twice_is_an_error():
    base = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}
    one = {"paths": {"/api/v1/x": {"get": {"responses": {"200": {"description": "ok"}}}}}}
    with pytest.raises(spec.SpecError, match="/api/v1/x"):
        spec.merge(base, [("a.yaml", one), ("b.yaml", one)])


def test_a_component_defined_twice_is_an_error_even_against_base():
    base = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {"Error": {"type": "object"}}}}
    again = {"paths": {}, "components": {"schemas": {"Error": {"type": "string"}}}}
    with pytest.raises(spec.SpecError, match="Error"):
        spec.merge(base, [("c.yaml", again)])
    other = {"paths": {}, "components": {"parameters": {"Error": {"name": "e", "in": "query"}}}}
    merged = spec.merge(base, [("d.yaml", other)])  # another section: another name
    assert merged["components"]["parameters"]["Error"]["name"] == "e"


def test_unknown_top_level_key_is_an_error():
    base = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}
    with pytest.raises(spec.SpecError, match="info"):
        spec.merge(base, [("e.yaml", {"paths": {}, "info": {}})])


def test_real_fragments_define_nothing_twice():
    """Assembling the app's own fragments raises no SpecError (the merge test above shows it would)."""
    spec._assembled.cache_clear()
    doc = spec.assemble(FEATURES)
    assert "/api/v1" in doc["paths"] and "/api/v1/openapi.json" in doc["paths"]


def test_invalid_fragment_fails_validation():
    """The validator does catch a broken fragment (so the first test means something)."""
    broken = {"paths": {"/api/v1/bad": {"get": {"parameters": [{"name": "x"}]}}}}  # no `in`
    doc = spec.merge(spec._load(spec.BASE), [("bad.yaml", broken)])
    with pytest.raises(OpenAPIValidationError):
        validate(doc)


def test_every_path_parameter_has_an_example():
    doc = spec.assemble(FEATURES)
    missing = []
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, dict):
                continue
            for param in [*item.get("parameters", []), *operation.get("parameters", [])]:
                param = spec._resolve(doc, param)
                if param.get("in") == "path" and "example" not in param and "examples" not in param:
                    missing.append(f"{method.upper()} {path} {param.get('name')}")
    assert missing == []
