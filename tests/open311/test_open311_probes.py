"""Open311 probed as an attacker and a careless client would (issue 12, h7): dates at the edges of the
calendar, time zones, every parameter repeated, and the answers that must stay in the spec's error format."""
from __future__ import annotations

from urllib.parse import quote

import pytest

EDGE_DATES = ["0001-01-01", "0001-01-01T00:00:00+14:00", "9999-12-31", "9999-12-31T23:59:59-12:00",
              "1899-12-31T23:59:59Z", "3000-01-01T00:00:00Z", "2026-02-30", "9999-99-99",
              "2026-11-01T00:00:00+25:00", "2026-11-01T25:00:00Z", "٢٠٢٦-١١-٠١"]


@pytest.mark.parametrize("value", EDGE_DATES)
@pytest.mark.parametrize("names", [("start_date",), ("end_date",), ("start_date", "end_date")])
def test_reported_dates_at_the_edge_of_the_calendar_are_400(client, names, value):
    """Reported (h7): start_date=9999-12-31 or end_date=0001-01-01 was a 500 (OverflowError adding the 90-day
    window); the class: any moment outside the years a complaint can have is refused before arithmetic."""
    query = "&".join(f"{name}={quote(value)}" for name in names)
    response = client.get(f"/open311/v2/requests.json?{query}")
    assert response.status_code == 400, (query, response.status_code)
    assert response.mimetype == "application/json"
    [error] = response.get_json()
    assert error["code"] == 400 and error["description"]
    assert "Traceback" not in response.get_data(as_text=True)


@pytest.mark.parametrize("query", [
    "start_date=2026-11-01T00:00:00%2B07:00", "start_date=2026-11-01T00:00:00Z", "start_date=2026-11-01",
    "end_date=2026-11-01T00:00:00-12:00", "start_date=2026-11-01T00:00:00%2B14:00&end_date=2026-11-02",
    "start_date=1900-01-01T00:00:00Z", "end_date=2999-12-31T23:59:59Z",
])
def test_dates_with_zones_inside_the_calendar_are_accepted(client, query):
    response = client.get(f"/open311/v2/requests.json?{query}")
    assert response.status_code == 200, (query, response.get_data(as_text=True)[:300])
    assert response.get_json() == []


def test_repeated_parameters_read_the_first(client):
    response = client.get("/open311/v2/requests.json?status=open&status=bogus&service_code=a&service_code=b")
    assert response.status_code == 200


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
@pytest.mark.parametrize("path", ["/open311/v2/requests.json", "/open311/v2/services.json",
                                  "/open311/v2/discovery.json"])
def test_writes_are_405_in_the_spec_format(client, method, path):
    response = client.open(path, method=method)
    assert response.status_code == 405
    [error] = response.get_json()
    assert error["code"] == 405


@pytest.mark.parametrize("path", ["/open311/v2/tidak-ada.json", "/open311/v2/requests.xml", "/open311/v2/",
                                  "/open311/v2/requests/a/b.json"])
def test_unknown_paths_are_404_in_the_spec_format(client, path):
    """Reported (h7): a path the router cannot match under /open311/ answered the HTML error page (the
    blueprint's own handlers never see a routing error); the app's handlers now answer the spec's array."""
    response = client.get(path)
    assert response.status_code == 404 and response.mimetype == "application/json"
    [error] = response.get_json()
    assert error["code"] == 404 and error["description"]


def test_an_unexpected_error_is_a_500_in_the_spec_format(app, client, monkeypatch):
    from portal.open311 import service

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(service, "services", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/open311/v2/services.json")
    assert response.status_code == 500 and response.mimetype == "application/json"
    [error] = response.get_json()
    assert error["code"] == 500 and "boom" not in response.get_data(as_text=True)
