"""Public ZI progress (/rencana-aksi/progres): completion per area and per row of the action plan.

Shown: row codes and actions, period labels, done / not yet, and automatic links to pages that are public
anyway (published recaps, SKM results, standards). Never shown: uploaded files, team links, notes,
reviewer comments or who did what.
"""
from __future__ import annotations

from flask import abort, current_app, jsonify, render_template, request
from flask_babel import pgettext

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
    if auto.endpoint not in current_app.view_functions:
        return None
    return external_url(auto.endpoint, **auto.url_params) or None


@bp.route("/api/v1/rencana-aksi/progres", endpoint="zi_progress_api")
@open_data
def zi_progress_api():
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
