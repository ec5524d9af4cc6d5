"""portal/core/open_data.py: CORS, ETag and conditional answers on @open_data endpoints, none elsewhere."""
from __future__ import annotations

from portal.core.open_data import OPEN_DATA_ATTR

API = "/api/v1/rencana-aksi"


def test_open_endpoint_has_cors_etag_and_cache_control(client):
    response = client.get(API, headers={"Origin": "https://data.example.org"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response.headers["Access-Control-Allow-Methods"]
    assert response.headers["ETag"].startswith('"')
    assert response.headers["Cache-Control"].startswith("public, max-age=")


def test_same_etag_answers_304_without_body(client):
    etag = client.get(API).headers["ETag"]
    again = client.get(API, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    changed = client.get(API, headers={"If-None-Match": '"something-else"'})
    assert changed.status_code == 200 and changed.data


def test_preflight_is_answered_for_open_endpoints(client):
    response = client.options(API, headers={"Origin": "https://x.example",
                                            "Access-Control-Request-Method": "GET"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_pages_and_staff_are_not_open(client):
    for url in ("/", "/pengaduan", "/login"):
        response = client.get(url)
        assert "Access-Control-Allow-Origin" not in response.headers, url


def test_every_api_endpoint_is_marked(app):
    """Every route under /api/v1 and /open311 is open data (CORS, ETag); a new one cannot forget it."""
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(("/api/", "/open311/")):
            view = app.view_functions[rule.endpoint]
            assert getattr(view, OPEN_DATA_ATTR, None) is not None, rule.rule
