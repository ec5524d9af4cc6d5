"""/api/v1 (the index of the open API) and /data-terbuka (the same catalogue for people)."""
from __future__ import annotations

import re

from portal.api import spec
from portal.features import FEATURES


def test_index_lists_every_endpoint_of_the_document(client):
    for url in ("/api/v1", "/api/v1/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = client.get("/api/v1").get_json()
    assert body["office_name"] == "KPU Kabupaten Kebumen"
    assert body["openapi_url"] == "http://localhost/api/v1/openapi.json"
    assert body["documentation_url"] == "http://localhost/data-terbuka"
    doc = spec.assemble(FEATURES)
    gets = [path for path, item in doc["paths"].items() if "get" in item]
    assert [row["path"] for row in body["endpoints"]] == gets
    by_path = {row["path"]: row for row in body["endpoints"]}
    assert by_path["/api/v1/rencana-aksi"]["url"] == "http://localhost/api/v1/rencana-aksi"
    assert by_path["/api/v1"]["url"] == "http://localhost/api/v1"
    assert by_path["/api/v1/rencana-aksi"]["formats"] == ["application/json"]
    assert by_path["/api/v1/rekap/dumas/{period_key}"]["url"] is None
    for row in body["endpoints"]:
        if row["url"]:
            assert client.get(row["url"]).status_code == 200, row["url"]


def test_index_uses_the_base_url(app_factory):
    app = app_factory(BASE_URL="https://zi.example.go.id")
    body = app.test_client().get("/api/v1", base_url="https://zi.example.go.id").get_json()
    assert body["openapi_url"] == "https://zi.example.go.id/api/v1/openapi.json"
    site = "https://zi.example.go.id"
    assert all(row["url"] is None or row["url"].startswith((f"{site}/api/", f"{site}/open311/"))
               for row in body["endpoints"])


def test_open_data_page_lists_the_endpoints_with_links(client):
    response = client.get("/data-terbuka")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1 class=\"h3\">Data Terbuka</h1>" in html
    assert 'href="http://localhost/api/v1/openapi.json"' in html and 'href="http://localhost/api/v1"' in html
    assert 'href="http://localhost/api/v1/rencana-aksi">/api/v1/rencana-aksi</a>' in html
    assert "<code>/api/v1/rekap/dumas/{period_key}</code>" in html
    assert "Rencana aksi Zona Integritas" in html
    assert re.search(r'href="/data-terbuka"[^>]*>Data Terbuka<', html)  # in the public menu
    assert "Access-Control-Allow-Origin" not in response.headers  # a page, not an open endpoint


def test_open_data_page_in_english_keeps_the_links(client):
    html = client.get("/data-terbuka?lang=en").get_data(as_text=True)
    assert 'href="http://localhost/api/v1/openapi.json"' in html
    assert '<html lang="en">' in html
