"""Public ZI progress (/rencana-aksi/progres): completion per area and per row of the action plan.

Shown: row codes and actions, period labels, done / not yet, and automatic links to pages that are public
anyway (published recaps, SKM results, standards); evidence that lives on a staff page (the SPIP risk
register's Daftar Risiko, Kartu Kendali, Daftar Uji) is named without a link. Never shown: uploaded files,
team links, notes, reviewer comments or who did what.
"""
from __future__ import annotations

from flask import abort, current_app, jsonify, render_template, request, url_for
from flask_babel import gettext, pgettext

from portal.core import periods
from portal.core import tables as open_tables
from portal.core.errors import DomainError
from portal.core.links import external_url
from portal.core.open_data import open_data
from portal.extensions import db
from portal.public import bp
from portal.zi import service as zi
from portal.zi.admin import grace_days


def _year() -> tuple[int | None, list[int]]:
    try:
        return zi.shown_year(db.session, request.args.get("tahun"))
    except DomainError:
        abort(404)


def progress_states() -> dict[str, str]:
    """A row's state as the public reads it beside its count, "Sebagian (1/2)": the words of an action
    plan's progress, which English names apart from a complaint's "Selesai" (context for the translator)."""
    return {"selesai": pgettext("progres rencana aksi", "Selesai"),
            "sebagian": pgettext("progres rencana aksi", "Sebagian"),
            "belum": pgettext("progres rencana aksi", "Belum")}


@bp.route("/rencana-aksi/progres", endpoint="zi_progress")
def zi_progress():
    year, years = _year()
    areas, total = zi.public_progress(db.session, year, grace_days=grace_days()) if year else ([], None)
    return render_template("public/zi_progress.html", year=year, years=years, areas=areas, total=total,
                           today=zi.today(), states=progress_states())


def _auto_url(auto) -> str | None:
    """The public address of an automatic evidence; None for a staff page (not `public`) or an endpoint
    that is not installed."""
    if not auto.public or auto.endpoint not in current_app.view_functions:
        return None
    return external_url(auto.endpoint, **auto.url_params) or None


@bp.route("/api/v1/rencana-aksi/progres", endpoint="zi_progress_api")
@open_data
def zi_progress_api():
    try:  # no year at all is the client's mistake (400, naming it); a year without a plan is a 404
        periods.parse_year(request.args.get("tahun"))
    except DomainError as err:
        response = jsonify(error=gettext("Filter tidak valid."), errors={"tahun": [err.message]}, status=400)
        response.status_code = 400
        return response
    year, _years = _year()
    if year is None:
        return jsonify(year=None, as_of=zi.today().isoformat(), total=None, areas=[])
    areas, total = zi.public_progress(db.session, year, grace_days=grace_days())

    def tally(t):
        return {"activity_count": t.rows, "activities_done": t.rows_done, "period_count": t.periods,
                "periods_accepted": t.accepted, "percent": round(t.percent, 1)}

    response = jsonify(
        year=year, as_of=zi.today().isoformat(), total=tally(total),
        areas=[{"code": a.code, "title": a.title, **tally(a.tally), "activities": [
            {"code": r.item.code, "action_step": r.item.langkah_aksi,
             "responsible": r.item.penanggung_jawab, "status": r.state, "percent": round(r.percent, 1),
             "periods": [{"key": p.key, "label": p.period.label, "due": p.period.due.isoformat(),
                          "accepted": p.accepted,
                          "auto_links": [{"title": x.title, "url": _auto_url(x)} for x in p.auto]}
                         for p in r.periods]}
            for r in a.rows]} for a in areas])
    return response


# ------------------------------------------------------------------------------------------- open data
# The progress of /rencana-aksi/progres as CSV (one table per file: per row, the main one, and per area)
# and XLSX (both), for the same year as the page (issue 12 §1). Codes, counts and states only, as the page.
PROGRESS_MAIN_TABLE = "kegiatan"


def progress_tables(year: int | None) -> list[open_tables.Table]:
    _ = gettext
    Column = open_tables.Column
    rows = open_tables.Table(PROGRESS_MAIN_TABLE, _("Progres per kegiatan"), [
        Column("year", _("Tahun"), 8), Column("area_code", _("Area"), 8), Column("code", _("Kode"), 10),
        Column("action_step", _("Langkah aksi"), 48), Column("responsible", _("Penanggung jawab"), 24),
        Column("status", _("Status"), 10), Column("status_label", _("Status"), 14),
        Column("period_count", _("Periode")), Column("periods_accepted", _("Periode diterima")),
        Column("percent", _("Persen"))])
    areas = open_tables.Table("area", _("Progres per area"), [
        Column("year", _("Tahun"), 8), Column("area_code", _("Area"), 8),
        Column("area_title", _("Judul area"), 36),
        Column("activity_count", _("Kegiatan")), Column("activities_done", _("Kegiatan selesai")),
        Column("period_count", _("Periode")), Column("periods_accepted", _("Periode diterima")),
        Column("percent", _("Persen"))])
    if year is not None:
        states = progress_states()
        found, _total = zi.public_progress(db.session, year, grace_days=grace_days())
        for area in found:
            t = area.tally
            areas.add(year, area.code, area.title, t.rows, t.rows_done, t.periods, t.accepted,
                      round(t.percent, 1))
            for r in area.rows:
                rows.add(year, r.item.area_code, r.item.code, r.item.langkah_aksi, r.item.penanggung_jawab,
                         r.state, states[r.state], r.total, r.accepted, round(r.percent, 1))
    return [rows, areas]


def _progress_file(year: int | None, table_id: str | None, ext: str) -> str:
    return f"progres-rencana-aksi{'-' + str(year) if year else ''}{'-' + table_id if table_id else ''}.{ext}"


@bp.app_template_global("zi_progress_open_links")
def zi_progress_open_links(year: int | None) -> list[dict]:
    return [{"label": "CSV", "url": url_for("public.zi_progress_csv", tahun=year)},
            {"label": "XLSX", "url": url_for("public.zi_progress_xlsx", tahun=year)},
            {"label": "JSON", "url": url_for("public.zi_progress_api", tahun=year)},
            {"label": "CSV", "title": gettext("Progres per area"),
             "url": url_for("public.zi_progress_table_csv", table_id="area", tahun=year)}]


@bp.route("/rencana-aksi/progres.csv", endpoint="zi_progress_csv")
@open_data
def zi_progress_csv():
    return _progress_csv(PROGRESS_MAIN_TABLE, suffix=False)


@bp.route("/rencana-aksi/progres/<table_id>.csv", endpoint="zi_progress_table_csv")
@open_data
def zi_progress_table_csv(table_id: str):
    return _progress_csv(table_id, suffix=True)


def _progress_csv(table_id: str, *, suffix: bool):
    year, _years = _year()
    table = open_tables.find(progress_tables(year), table_id)
    if table is None:
        abort(404)
    name = _progress_file(year, table_id if suffix else None, "csv")
    return open_tables.send(open_tables.to_csv(table), name)


@bp.route("/rencana-aksi/progres.xlsx", endpoint="zi_progress_xlsx")
@open_data
def zi_progress_xlsx():
    year, _years = _year()
    return open_tables.send(open_tables.to_xlsx(progress_tables(year)), _progress_file(year, None, "xlsx"))
