"""Public recap pages: published snapshots only (never live figures), with CSV, XLSX and JSON downloads."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for
from sqlalchemy import select

from portal.core import periods
from portal.core import tables as open_tables
from portal.core.errors import DomainError
from portal.core.links import external_url
from portal.core.open_data import open_data
from portal.core.routing import url_with_args
from portal.extensions import db
from portal.recap import export as recap_export
from portal.recap import service as recaps
from portal.recap.models import RecapSnapshot

bp = Blueprint("recap", __name__)

KIND = "dumas"


def _published_or_404(period_key: str) -> tuple[RecapSnapshot, dict]:
    try:
        period = periods.parse_period(period_key)
    except DomainError:
        abort(404)
    snapshot = recaps.get_snapshot(db.session, period.key, KIND)
    if snapshot is None:
        abort(404)
    return snapshot, recaps.snapshot_data(snapshot)


def _filename(snapshot: RecapSnapshot, ext: str, table_id: str | None = None) -> str:
    suffix = f"-{table_id}" if table_id else ""
    return f"rekap-{snapshot.kind}-{snapshot.period_key}{suffix}.{ext}"


def render_recap_page(template: str, data: dict, **context):
    return render_template(template, data=data, tables=recaps.tables(data),
                           charts=recaps.chart_data(data), **context)


@bp.route("/rekap")
def index():
    page = db.paginate(recaps.published_query(KIND), per_page=24)
    latest = db.session.scalar(recaps.published_query(KIND).limit(1))
    data = recaps.snapshot_data(latest) if latest is not None else None
    if data is None:
        return render_template("recap/index.html", page=page, snapshot=None, data=None)
    return render_recap_page("recap/index.html", data, page=page, snapshot=latest)


@bp.route("/rekap/<period_key>")
def detail(period_key: str):
    fmt = request.args.get("format", "").lower()
    if fmt == "csv":
        return download_csv(period_key)
    if fmt == "xlsx":
        return download_xlsx(period_key)
    if fmt == "json":
        return api_detail(period_key)
    snapshot, data = _published_or_404(period_key)
    if snapshot.period_key != period_key:
        return _redirect_canonical("recap.detail", snapshot)
    return render_recap_page("recap/detail.html", data, snapshot=snapshot)


def _redirect_canonical(endpoint: str, snapshot: RecapSnapshot):
    return redirect(url_with_args(endpoint, {"period_key": snapshot.period_key}), 301)


@bp.route("/rekap/<period_key>.csv")
@open_data(last_modified=lambda: _published_at())
def download_csv(period_key: str):
    """The main table (status per month) as CSV; `?tabel=<id>` (older links) moves to that table's own URL."""
    snapshot, data = _published_or_404(period_key)
    table_id = request.args.get("tabel") or None
    if table_id is not None:
        if table_id not in recap_export.table_ids(data):
            abort(404)
        return redirect(url_with_args("recap.download_table_csv", {"period_key": snapshot.period_key,
                                                                    "table_id": table_id}, tabel=None),
                        301)
    return _table_csv(snapshot, data, recap_export.MAIN_TABLE, suffix=False)


@bp.route("/rekap/<period_key>/<table_id>.csv")
@open_data(last_modified=lambda: _published_at())
def download_table_csv(period_key: str, table_id: str):
    """One table of the recap per CSV file (portal/core/tables.py: BOM, CRLF, column keys)."""
    snapshot, data = _published_or_404(period_key)
    return _table_csv(snapshot, data, table_id, suffix=True)


def _table_csv(snapshot: RecapSnapshot, data: dict, table_id: str, *, suffix: bool):
    table = open_tables.find(recap_export.open_tables(data), table_id)
    if table is None:
        abort(404)
    return _send(open_tables.to_csv(table), _filename(snapshot, "csv", table_id if suffix else None))


def _published_at():
    """When the recap asked for was published (Last-Modified of its downloads)."""
    key = (request.view_args or {}).get("period_key", "")
    try:
        key = periods.parse_period(key).key
    except DomainError:
        return None
    snapshot = recaps.get_snapshot(db.session, key, KIND)
    return snapshot.published_at if snapshot is not None else None


@bp.route("/rekap/<period_key>.xlsx")
@open_data(last_modified=lambda: _published_at())
def download_xlsx(period_key: str):
    snapshot, data = _published_or_404(period_key)
    return _send(recap_export.to_xlsx(data), _filename(snapshot, "xlsx"))


def _send(body: bytes | str, name: str):
    """Published open data (cacheable for five minutes); the file name quoted, as the recap always sent it."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    response = open_tables.send(data, name)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _summary(snapshot: RecapSnapshot) -> dict:
    period = periods.parse_period(snapshot.period_key)
    return {
        "period_key": snapshot.period_key, "period_type": snapshot.period_type, "label": period.label,
        "start": snapshot.period_start.isoformat(), "end": snapshot.period_end.isoformat(),
        "published_at": snapshot.published_at.isoformat(timespec="seconds"),
        "url": external_url("recap.detail", period_key=snapshot.period_key),
        "json": external_url("recap.api_detail", period_key=snapshot.period_key),
        "csv": external_url("recap.download_csv", period_key=snapshot.period_key),
        "xlsx": external_url("recap.download_xlsx", period_key=snapshot.period_key),
    }


def _last_published():
    """When the list last changed: the newest publication (Last-Modified of /api/v1/rekap/dumas)."""
    return db.session.scalar(select(RecapSnapshot.published_at).where(RecapSnapshot.kind == KIND)
                             .order_by(RecapSnapshot.published_at.desc()).limit(1))


def _period_published():
    """When the asked period was (re)published (Last-Modified of /api/v1/rekap/dumas/<period_key>)."""
    snapshot = recaps.get_snapshot(db.session, (request.view_args or {}).get("period_key", ""), KIND)
    return snapshot.published_at if snapshot is not None else None


@bp.route("/api/v1/rekap/dumas")
@open_data(last_modified=_last_published)
def api_list():
    snapshots = db.session.scalars(recaps.published_query(KIND)).all()
    return jsonify(kind=KIND, count=len(snapshots), items=[_summary(s) for s in snapshots])


@bp.route("/api/v1/rekap/dumas/<period_key>")
@open_data(last_modified=_period_published)
def api_detail(period_key: str):
    _snapshot, data = _published_or_404(period_key)
    data["tables"] = recaps.tables(data)
    return jsonify(data)


@bp.app_template_global("recap_open_links")
def recap_open_links(period_key: str, shown_tables: list[dict]) -> list[dict]:
    """The open-data links of a published recap: the main table, the workbook, the JSON, and each other
    table's own CSV file (one table per CSV)."""
    links = [{"label": "CSV", "url": url_for("recap.download_csv", period_key=period_key)},
             {"label": "XLSX", "url": url_for("recap.download_xlsx", period_key=period_key)},
             {"label": "JSON", "url": url_for("recap.api_detail", period_key=period_key)}]
    links += [{"label": "CSV", "title": t["title"],
               "url": url_for("recap.download_table_csv", period_key=period_key, table_id=t["id"])}
              for t in shown_tables if t["id"] != recap_export.MAIN_TABLE]
    return links


@bp.app_template_global("recap_period_label")
def recap_period_label(period_key: str) -> str:
    try:
        return periods.parse_period(period_key).label
    except DomainError:
        return period_key
