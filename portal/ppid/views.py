"""PPID public pages (/ppid, /ppid/dip, /ppid/dip/<id>, /ppid/dikecualikan), their open formats
(/ppid/dip.csv and .xlsx for the page's filters, /ppid/dikecualikan.csv and .xlsx) and their JSON
(/api/v1/ppid/dip, /api/v1/ppid/dip/<id>, /api/v1/ppid/dikecualikan); the files and the JSON are open data."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from portal.core import site_settings
from portal.core import tables as open_tables
from portal.core.clock import today
from portal.core.downloads import send_user_file
from portal.core.open_data import open_data
from portal.core.routing import query_int
from portal.extensions import db
from portal.ppid import service as ppid

bp = Blueprint("ppid", __name__)
api_bp = Blueprint("ppid_api", __name__)

# Pages of other features the /ppid page links to, when they exist (by slug).
STANDARD_SLUG = "layanan-informasi-publik"


def _standard_link() -> str | None:
    from portal.standards import service as standards

    service = standards.get_service(db.session, STANDARD_SLUG)
    if service is None or not service.active:
        return None
    return url_for("public.standard_detail", slug=service.slug)


@bp.route("")
def index():
    settings = site_settings.get_cached(db.session)
    return render_template("ppid/index.html", profile=ppid.profile(settings), standard_url=_standard_link(),
                           counts={key: _count(key) for key in ppid.CATEGORY_LABELS},
                           exemption_count=len(ppid.exemptions(db.session)))


def _count(category: str) -> int:
    filters = ppid.DipFilters(category=category)
    return db.session.scalar(ppid.dip_query(filters, today()).with_only_columns(
        db.func.count(ppid.DipEntry.id)).order_by(None)) or 0


@bp.route("/dip")
def dip():
    filters, errors = ppid.parse_filters(request.args)
    page = db.paginate(ppid.dip_query(filters, today()), page=query_int("halaman", min_value=1) or 1,
                       per_page=ppid.PER_PAGE, error_out=False)
    return render_template("ppid/dip.html", page=page, filters=filters, errors=errors,
                           years=ppid.dip_years(db.session), labels=ppid.CATEGORY_LABELS,
                           hints=ppid.CATEGORY_HINTS,
                           open_links=_open_links("ppid.dip_csv", "ppid.dip_xlsx", "ppid_api.dip_api",
                                                  filters.to_args())), 400 if errors else 200


@bp.route("/dip/<int:entry_id>")
def dip_detail(entry_id: int):
    entry = ppid.published_entry(db.session, entry_id) or abort(404)
    return render_template("ppid/dip_detail.html", entry=entry, labels=ppid.CATEGORY_LABELS)


@bp.route("/dip/<int:entry_id>/unduh/<int:document_id>")
def document(entry_id: int, document_id: int):
    """A document of a published entry (a download, never shown inline)."""
    item = ppid.public_document(db.session, entry_id, document_id) or abort(404)
    return send_user_file(item.data, mimetype=item.content_type, download_name=item.original_name)


def _document_url(entry_id: int, document_id: int) -> str:
    return url_for("ppid.document", entry_id=entry_id, document_id=document_id, _external=True)


def _entry_dict(entry) -> dict:
    detail = url_for("ppid.dip_detail", entry_id=entry.id, _external=True)
    return ppid.dip_to_dict(entry, detail, _document_url)


@bp.route("/dikecualikan")
def exemptions():
    return render_template("ppid/exemptions.html", items=ppid.exemptions(db.session), grounds=ppid.PASAL_17,
                           open_links=_open_links("ppid.exemptions_csv", "ppid.exemptions_xlsx",
                                                  "ppid_api.exemptions_api", {}))


# --- open formats (portal/core/tables.py) ---------------------------------------------------------------
def _open_links(csv_endpoint: str, xlsx_endpoint: str, json_endpoint: str, args: dict) -> list[dict]:
    """The "Data terbuka" links of a page (`_open_formats.html`), with the page's (checked) filters."""
    return [{"label": label, "url": url_for(endpoint, **args)}
            for label, endpoint in (("CSV", csv_endpoint), ("XLSX", xlsx_endpoint), ("JSON", json_endpoint))]


def _dip_file_table():
    """The published entries matching the page's filters (every page), as a table; bad filters are a 400."""
    filters, errors = ppid.parse_filters(request.args)
    if errors:
        abort(400)
    entries = list(db.session.scalars(ppid.dip_query(filters, today()).options(
        selectinload(ppid.DipEntry.documents))))
    table = ppid.dip_table(
        entries, lambda entry: url_for("ppid.dip_detail", entry_id=entry.id, _external=True), _document_url)
    return table, filters


def _dip_file_name(filters: ppid.DipFilters, ext: str) -> str:
    parts = ["daftar-informasi-publik"]
    if filters.category:
        parts.append(filters.category.replace("_", "-"))
    if filters.year:
        parts.append(str(filters.year))
    return f"{'-'.join(parts)}.{ext}"


@bp.route("/dip.csv")
@open_data
def dip_csv():
    table, filters = _dip_file_table()
    return open_tables.send(open_tables.to_csv(table), _dip_file_name(filters, "csv"))


@bp.route("/dip.xlsx")
@open_data
def dip_xlsx():
    table, filters = _dip_file_table()
    return open_tables.send(open_tables.to_xlsx([table]), _dip_file_name(filters, "xlsx"))


@bp.route("/dikecualikan.csv")
@open_data
def exemptions_csv():
    table = ppid.exemption_table(ppid.exemptions(db.session))
    return open_tables.send(open_tables.to_csv(table), "informasi-dikecualikan.csv")


@bp.route("/dikecualikan.xlsx")
@open_data
def exemptions_xlsx():
    table = ppid.exemption_table(ppid.exemptions(db.session))
    return open_tables.send(open_tables.to_xlsx([table]), "informasi-dikecualikan.xlsx")


# --- JSON -----------------------------------------------------------------------------------------------
def _error(status: int, message: str, **extra):
    response = jsonify(error=message, status=status, **extra)
    response.status_code = status
    return response


@api_bp.route("/dip")
@open_data
def dip_api():
    filters, errors = ppid.parse_filters(request.args)
    raw_page = request.args.get("halaman")
    number = query_int("halaman", min_value=1)
    if raw_page not in (None, "") and number is None:
        errors.append("halaman")
    if errors:
        messages = {
            "kategori": _("Kategori harus berkala, serta_merta atau setiap_saat."),
            "tahun": _("Tahun harus bilangan 2000 sampai 2100."),
            "halaman": _("Halaman harus bilangan bulat positif."),
        }
        return _error(400, _("Filter tidak valid."), errors={name: [messages[name]] for name in errors})
    page = db.paginate(ppid.dip_query(filters, today()), page=number or 1, per_page=ppid.PER_PAGE,
                       error_out=False)
    return jsonify(
        filters={"search": filters.search or None, "category": filters.category, "year": filters.year},
        page=page.page, pages=page.pages, count=len(page.items), total=page.total,
        items=[_entry_dict(e) for e in page.items],
    )


@api_bp.route("/dip/<int:entry_id>")
@open_data
def dip_entry_api(entry_id: int):
    entry = ppid.published_entry(db.session, entry_id)
    if entry is None:
        return _error(404, _("Informasi tidak ditemukan."))
    return jsonify(_entry_dict(entry))


@api_bp.route("/dikecualikan")
@open_data
def exemptions_api():
    items = ppid.exemptions(db.session)
    return jsonify(count=len(items), items=[ppid.exemption_to_dict(item) for item in items])
