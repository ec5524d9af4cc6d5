"""Every route of the URL map with every method a client may send (h7, issue 12): OPTIONS, HEAD, the methods
the route does not take, and one no server knows, anonymously and as a staff member without the route's role.
Never a 5xx; staff URLs never answer with CORS headers; an anonymous visitor never gets a staff page's body.

Reported: an anonymous OPTIONS on any URL of a blueprint guarded by `@bp.before_request @roles_required(...)`
(/admin/konten/..., /admin/standar-pelayanan/..., /admin/zi/...) was a 500 — flask_login's login_required
lets OPTIONS through, and the role check then asked the anonymous user for its roles."""
from __future__ import annotations

import pytest
from werkzeug.routing import IntegerConverter

from tests.security_helpers import seed

METHODS = ["OPTIONS", "HEAD", "GET", "POST", "PUT", "DELETE", "PATCH", "PROPFIND"]


def _path(app, rule, seeded) -> str:
    from flask import url_for

    values = {}
    for name in rule.arguments:
        if isinstance(rule._converters[name], IntegerConverter):
            values[name] = 1
        elif name == "number":
            values[name] = seeded.complaint_number
        else:
            values[name] = seeded.endpoint_args.get(rule.endpoint, {}).get(name, seeded.args.get(name, "x"))
    with app.test_request_context():
        return url_for(rule.endpoint, **values)


@pytest.fixture
def routes(app):
    seeded = seed(app)
    rules = sorted((r for r in app.url_map.iter_rules() if not r.rule.startswith("/static")),
                   key=lambda r: r.rule)
    return [(rule, _path(app, rule, seeded)) for rule in rules]


def _sweep(client, routes, staff_only: bool = False) -> list[tuple]:
    failures = []
    for rule, path in routes:
        if staff_only and (not path.startswith("/admin") or rule.endpoint == "auth.logout"):
            continue  # (logging out would make the rest of the sweep anonymous)
        for method in METHODS:
            response = client.open(path, method=method, headers={"Origin": "https://lain.example"})
            if response.status_code >= 500:
                failures.append((method, path, response.status_code))
            if path.startswith("/admin") and "Access-Control-Allow-Origin" in response.headers:
                failures.append((method, path, "CORS on a staff URL"))
    return failures


def test_every_route_and_method_anonymous(app, routes):
    assert _sweep(app.test_client(), routes) == []


@pytest.mark.parametrize("role", ["pimpinan", "editor"])
def test_every_staff_route_and_method_as_a_role_without_it(app, routes, login_as, client, role):
    login_as(role)
    assert _sweep(client, routes, staff_only=True) == []


@pytest.mark.parametrize("path", ["/admin/konten/pratinjau", "/admin/konten/", "/admin/standar-pelayanan/"])
def test_reported_anonymous_options_on_a_guarded_blueprint(client, path):
    response = client.open(path, method="OPTIONS")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]
    assert "Access-Control-Allow-Origin" not in response.headers
