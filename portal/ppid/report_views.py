"""The public report of the information service (/ppid/laporan): live figures per year, semester, triwulan
or month (portal/ppid/report.py), charts beside the tables, a printable annual report, CSV/XLSX per table and
the JSON under /api/v1/ppid/laporan (portal/ppid/openapi/report.yaml). Aggregates only: nothing personal."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, redirect, render_template, url_for

from portal.core import tables as open_tables
from portal.core.clock import today
from portal.core.links import external_url
from portal.core.open_data import open_data
from portal.core.periods import Period
from portal.extensions import db
from portal.ppid import report

bp = Blueprint("ppid_report", __name__)
api_bp = Blueprint("ppid_report_api", __name__)


def _period_or_404(key: str) -> Period:
    """The period named by `key`; 404 for a key that is no report period, or a period not yet begun."""
    period = report.parse(key)
    if period is None:
        abort(404)
    return period


def _canonical(endpoint: str, period: Period, key: str, **args):
    """`2026-t1` answers at `2026-T1` (one period, one URL)."""
    if period.key != key:
        return redirect(url_for(endpoint, period=period.key, **args), 301)
    return None


def _filename(period: Period, ext: str, table_id: str | None = None) -> str:
    return f"laporan-ppid-{period.key}{'-' + table_id if table_id else ''}.{ext}"


def _open_links(period: Period, shown: list[report.ReportTable]) -> list[dict]:
    links = [{"label": "CSV", "url": url_for("ppid_report.download_csv", period=period.key)},
             {"label": "XLSX", "url": url_for("ppid_report.download_xlsx", period=period.key)},
             {"label": "JSON", "url": url_for("ppid_report_api.report", period=period.key)}]
    links += [{"label": "CSV", "title": rt.title,
               "url": url_for("ppid_report.download_table_csv", period=period.key, table_id=rt.id)}
              for rt in shown if rt.id != report.MAIN_TABLE]
    return links


def _render(template: str, period: Period, **context):
    data = report.build(db.session, period)
    shown = report.tables(data)
    return render_template(template, period=period, data=data, tables={rt.id: rt for rt in shown},
                           charts=report.chart_data(data, shown), open_links=_open_links(period, shown),
                           available=report.available_periods(db.session), today=today(), **context)


@bp.route("")
def index():
    """This year's report, and the years and quarters to choose from."""
    return _render("ppid/report.html", report.current_period(), is_index=True)


@bp.route("/<period>", endpoint="report")
def report_page(period: str):
    """The report of one period (endpoint `ppid_report.report`, linked from the ZI evidence)."""
    chosen = _period_or_404(period)
    return _canonical("ppid_report.report", chosen, period) or _render("ppid/report.html", chosen,
                                                                       is_index=False)


@bp.route("/<period>/cetak")
def print_view(period: str):
    """The numbers part of the annual report (laporan layanan informasi publik), for paper."""
    chosen = _period_or_404(period)
    return _canonical("ppid_report.print_view", chosen, period) or _render("ppid/report_print.html", chosen)


def _tables_of(period: Period) -> list[report.ReportTable]:
    return report.tables(report.build(db.session, period))


def _send(body: bytes, name: str):
    response = open_tables.send(body, name)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.route("/<period>.csv")
@open_data
def download_csv(period: str):
    """The main table (the summary) as CSV (portal/core/tables.py: BOM, CRLF, column keys)."""
    chosen = _period_or_404(period)
    if chosen.key != period:
        return redirect(url_for("ppid_report.download_csv", period=chosen.key), 301)
    table = open_tables.find([rt.table for rt in _tables_of(chosen)], report.MAIN_TABLE)
    return _send(open_tables.to_csv(table), _filename(chosen, "csv"))


@bp.route("/<period>/<table_id>.csv")
@open_data
def download_table_csv(period: str, table_id: str):
    chosen = _period_or_404(period)
    if table_id not in report.table_ids():
        abort(404)
    if chosen.key != period:
        return redirect(url_for("ppid_report.download_table_csv", period=chosen.key, table_id=table_id), 301)
    table = open_tables.find([rt.table for rt in _tables_of(chosen)], table_id)
    return _send(open_tables.to_csv(table), _filename(chosen, "csv", table_id))


@bp.route("/<period>.xlsx")
@open_data
def download_xlsx(period: str):
    """Every table on its own worksheet."""
    chosen = _period_or_404(period)
    if chosen.key != period:
        return redirect(url_for("ppid_report.download_xlsx", period=chosen.key), 301)
    return _send(open_tables.to_xlsx([rt.table for rt in _tables_of(chosen)]), _filename(chosen, "xlsx"))


def _summary(period: Period) -> dict:
    return {
        "period_key": period.key, "period_type": period.type, "label": period.label,
        "start": period.start.isoformat(), "end": period.end.isoformat(),
        "url": external_url("ppid_report.report", period=period.key),
        "json": external_url("ppid_report_api.report", period=period.key),
        "csv": external_url("ppid_report.download_csv", period=period.key),
        "xlsx": external_url("ppid_report.download_xlsx", period=period.key),
        "print_url": external_url("ppid_report.print_view", period=period.key),
    }


@api_bp.route("", endpoint="index")
@open_data
def api_index():
    """The periods with a report: every year from the first request received to this year, newest first,
    each followed by its quarters that hold requests."""
    items = []
    for year in report.available_periods(db.session):
        items.append(_summary(year["period"]))
        items += [_summary(q) for q in reversed(year["quarters"])]
    return jsonify(count=len(items), current=report.current_period().key, items=items)


@api_bp.route("/<period>", endpoint="report")
@open_data
def api_report(period: str):
    chosen = _period_or_404(period)
    if chosen.key != period:
        return redirect(url_for("ppid_report_api.report", period=chosen.key), 301)
    data = report.build(db.session, chosen)
    return jsonify(report.as_json(data, report.tables(data)))

