"""The open API's own endpoints: `/api/v1` (the index), `/api/v1/openapi.json` (the assembled document) and
`/data-terbuka` (the same catalogue as a public page, links only)."""
from __future__ import annotations

from flask import Blueprint, jsonify, render_template
from flask_babel import lazy_gettext as _l

from portal.api import spec
from portal.core import site_settings
from portal.core.links import base_url, external_url
from portal.core.open_data import open_data
from portal.extensions import db

bp = Blueprint("api", __name__, template_folder="templates")

# What /data-terbuka calls each endpoint, by operationId, in the reader's language; an endpoint not named here
# shows the document's (English) summary.
TITLES = {
    "api_index": _l("Indeks API terbuka"),
    "openapi_document": _l("Dokumen OpenAPI 3.1"),
    "action_plan": _l("Rencana aksi Zona Integritas"),
    "action_plan_progress": _l("Progres rencana aksi"),
    "dumas_recap_list": _l("Daftar rekapitulasi pengaduan yang diterbitkan"),
    "dumas_recap": _l("Rekapitulasi pengaduan satu periode"),
}
FORMAT_NAMES = {"application/json": "JSON", "text/csv": "CSV",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX"}


def format_name(media_type: str) -> str:
    return FORMAT_NAMES.get(media_type.split(";")[0].strip(), media_type)


def catalogue() -> list[dict]:
    """Every GET endpoint of the document, with its absolute URL (None for a path with parameters)."""
    root = base_url()
    return [{**row, "url": (root + row["path"]) if root and not row["templated"] else None}
            for row in spec.endpoints(spec.assemble())]


@bp.route("/api/v1/", endpoint="index")  # the decorator nearest the function registers first: url_for
@bp.route("/api/v1", endpoint="index")   # builds /api/v1, and /api/v1/ answers the same (no redirect)
@open_data
def index():
    doc = spec.assemble()
    return jsonify(
        office_name=site_settings.get_cached(db.session).get("office_name", ""),
        api_version=str(doc["info"]["version"]),
        openapi_url=external_url("api.openapi_document"),
        documentation_url=external_url("api.open_data"),
        endpoints=[{key: row[key] for key in ("path", "operation_id", "summary", "tag", "url", "formats")}
                   for row in catalogue()],
    )


@bp.route("/api/v1/openapi.json", endpoint="openapi_document")
@open_data
def openapi_document():
    return jsonify(spec.document(base_url()))


@bp.route("/data-terbuka", endpoint="open_data")
def open_data_page():
    rows = [{**row, "title": TITLES.get(row["operation_id"])} for row in catalogue()]
    return render_template("api/open_data.html", endpoints=rows, format_name=format_name,
                           openapi_url=external_url("api.openapi_document"),
                           index_url=external_url("api.index"))
