"""Open311 GeoReport v2 endpoints (JSON): discovery, services, a service definition, requests, one request.
Every route is open data (`@open_data`: CORS, ETag, public caching). Errors are the spec's array
`[{"code": 400, "description": "..."}]`."""
from __future__ import annotations

from flask import Blueprint, jsonify, request, url_for
from flask_babel import gettext as _

from portal.core import site_settings
from portal.core.errors import DomainError
from portal.core.links import external_url
from portal.core.open_data import open_data
from portal.extensions import db
from portal.open311 import service

bp = Blueprint("open311", __name__)


def error_response(code: int, description: str):
    """The spec's error array; also what the app's error handlers answer under /open311/ (a 404 or 405 the
    router raises before this blueprint is known, a 500)."""
    response = jsonify([{"code": code, "description": description}])
    response.status_code = code
    return response


def _agency() -> str:
    return site_settings.get_cached(db.session).get("office_name", "")


@bp.errorhandler(404)
def _not_found(_err):
    return error_response(404, _("Tidak ditemukan."))


@bp.errorhandler(405)
def _not_allowed(_err):
    return error_response(405, _("Metode tidak diizinkan: API ini hanya untuk dibaca."))


@bp.route("/discovery.json")
@open_data
def discovery():
    settings = site_settings.get_cached(db.session)
    # an absolute URL on PORTAL_BASE_URL (the answer is cached publicly: never the request's own host)
    url = external_url("open311.discovery") or url_for("open311.discovery")
    base = url.rsplit("/", 1)[0]
    return jsonify(service.discovery(base, settings.get("office_email", "")))


@bp.route("/services.json")
@open_data
def services():
    return jsonify(service.services(db.session))


@bp.route("/services/<service_code>.json")
@open_data
def service_definition(service_code: str):
    definition = service.service_definition(db.session, service_code)
    if definition is None:
        return error_response(404, _("service_code tidak dikenal: %(code)s", code=service_code[:64]))
    return jsonify(definition)


@bp.route("/requests.json")
@open_data
def requests():
    try:
        query = service.RequestQuery.from_args(request.args)
    except DomainError as err:
        return error_response(400, err.message)
    return jsonify(service.requests(db.session, query, _agency()))


@bp.route("/requests/<service_request_id>.json")
@open_data
def one_request(service_request_id: str):
    found = service.one_request(db.session, service_request_id, _agency())
    if found is None:
        return error_response(404, _("Permintaan layanan %(id)s tidak ada atau tidak dipublikasikan.",
                             id=service_request_id[:40]))
    return jsonify(found)
