"""Public side of the gratification register: numbers only (seed V.1, "pengendalian gratifikasi telah
diimplementasikan"). The recap of a year or a quarter at /rekap/gratifikasi/<period> (blueprint
`gratification_public`), the section on the /rekap page (template global `gratification_public_recaps`) and
/api/v1/gratifikasi/rekap (portal/gratification/openapi/recap.yaml). Never a name, a giver or the value of
a single report: only the counts of portal/gratification/recap.py."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from portal.core import clock
from portal.core import periods as core_periods
from portal.core.errors import DomainError
from portal.core.open_data import open_data
from portal.core.validation import parse_int
from portal.extensions import db
from portal.gratification import recap

bp = Blueprint("gratification_public", __name__)
PUBLIC_TYPES = (core_periods.YEAR, core_periods.SEMESTER, core_periods.QUARTER)
api_bp = Blueprint("gratification_api", __name__)


def public_period(key: str) -> core_periods.Period | None:
    """A year, a semester or a quarter that has begun (a later one has no figures yet), else None."""
    try:
        period = core_periods.parse_period(key.upper(), allowed=PUBLIC_TYPES)
    except DomainError:
        return None
    return period if period.start <= clock.today() else None


def _recaps(period: core_periods.Period) -> list[recap.Recap]:
    if period.type == core_periods.YEAR:
        return recap.year_recaps(db.session, period.year)
    return [recap.compute(db.session, period)]


@bp.route("")
def index():
    return redirect(url_for("gratification_public.detail", period_key=str(clock.today().year)))


@bp.route("/<period_key>")
def detail(period_key: str):
    period = public_period(period_key)
    if period is None:
        abort(404)
    if period.key != period_key:
        return redirect(url_for("gratification_public.detail", period_key=period.key), 301)
    recaps = _recaps(period)
    today = clock.today()
    quarters = [core_periods.quarter_period(period.year, q) for q in range(1, 5)]
    return render_template("gratification/recap.html", period=period, recaps=recaps, rows=recap.rows(recaps),
                           sections=recap.SECTION_LABELS, today=today,
                           quarters=[q for q in quarters if q.start <= today],
                           years=recap.years(db.session, today.year))


@bp.app_template_global()
def gratification_public_recaps() -> list[recap.Recap]:
    """For the /rekap page: this year's quarters and the year (counts only)."""
    try:
        return recap.year_recaps(db.session, clock.today().year)
    except SQLAlchemyError:  # before the gratification tables exist
        db.session.rollback()
        return []


@bp.app_template_global()
def gratification_recap_rows(recaps):
    return recap.rows(recaps)


@bp.app_template_global()
def gratification_chart_data(recaps):
    return recap.chart_data(recaps)


@api_bp.route("/rekap")
@open_data
def api_recap():
    """The year's recap (`?tahun=`, this year by default): each quarter that has begun and the year."""
    today = clock.today()
    raw = request.args.get("tahun")
    low, high = core_periods.MIN_YEAR, core_periods.MAX_YEAR
    year = parse_int(raw, min_value=low, max_value=high) if raw else today.year
    if year is None:
        response = jsonify(error=_("Filter tidak valid."), status=400,
                           errors={"tahun": [_("Tahun harus antara %(a)s dan %(b)s.", a=low, b=high)]})
        response.status_code = 400
        return response
    if year > today.year:
        abort(404)
    recaps = [r for r in recap.year_recaps(db.session, year) if r.period.start <= today]
    return jsonify(year=year, periods=[r.as_dict() for r in recaps],
                   value_bands=[{"code": code, "min": low, "max": high, "label": str(label)}
                                for code, low, high, label in recap.VALUE_BANDS])
