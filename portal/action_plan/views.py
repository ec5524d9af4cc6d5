"""Rencana Aksi: the public, filterable action plan page and its JSON open-data twin."""
from __future__ import annotations

from flask import abort, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField

from portal.action_plan import export as plan_export
from portal.action_plan import service as action_plan
from portal.core import tables as open_tables
from portal.core.errors import DomainError
from portal.core.open_data import open_data
from portal.core.periods import parse_year
from portal.core.routing import url_with_args
from portal.extensions import db
from portal.public import bp

MONTHS = [_l("Januari"), _l("Februari"), _l("Maret"), _l("April"), _l("Mei"), _l("Juni"), _l("Juli"),
          _l("Agustus"), _l("September"), _l("Oktober"), _l("November"), _l("Desember")]


class PlanFilterForm(FlaskForm):
    """GET filters; read-only, so no CSRF token in the query string."""

    class Meta:
        csrf = False

    tahun = SelectField(_l("Tahun"), default="", validate_choice=True)
    area = SelectField(_l("Area"), default="", validate_choice=True)
    tim = SelectField(_l("Penanggung jawab"), default="", validate_choice=True)
    bulan = SelectField(_l("Bulan pelaksanaan"), default="", validate_choice=True)


def _build_form() -> tuple[PlanFilterForm, int | None]:
    """The filter form bound to the query string, with choices from the stored plan of the chosen year."""
    form = PlanFilterForm(formdata=request.args)
    years = action_plan.years(db.session)
    form.tahun.choices = [(str(y), str(y)) for y in years] or [("", "-")]
    raw_year = request.args.get("tahun", "").strip()
    year = years[0] if years else None
    try:
        wanted = parse_year(raw_year)
    except DomainError:
        wanted = None  # the form reports the unknown year (validate_choice) and the latest plan is shown
    if wanted in years:
        year = wanted
    if not raw_year and year is not None:
        form.tahun.data = str(year)
    form.area.choices = [("", _("Semua area"))] + [
        (code, f"{code}. {title}") for code, title in (action_plan.areas(db.session, year) if year else [])]
    form.tim.choices = [("", _("Semua tim"))] + [
        (team, team) for team in (action_plan.teams(db.session, year) if year else [])]
    form.bulan.choices = [("", _("Semua bulan"))] + [(str(i), str(name)) for i, name in enumerate(MONTHS, 1)]
    return form, year


def _filters(form: PlanFilterForm) -> tuple[dict, dict[str, list[str]]]:
    """Valid filter values, and a clear message per invalid filter (an invalid filter is ignored)."""
    messages = {
        "tahun": _("Tahun yang dipilih tidak tersedia."),
        "area": _("Area yang dipilih tidak dikenal. Pilih area dari daftar."),
        "tim": _("Tim penanggung jawab yang dipilih tidak dikenal. Pilih tim dari daftar."),
        "bulan": _("Bulan harus dipilih dari Januari sampai Desember."),
    }
    form.validate()
    errors = {name: [messages[name]] for name in messages if getattr(form, name).errors}
    for name, msgs in errors.items():
        getattr(form, name).errors = msgs
    values = {}
    for name, key in (("area", "area"), ("tim", "team"), ("bulan", "month")):
        data = getattr(form, name).data
        if name not in errors and data not in (None, ""):
            values[key] = int(data) if name == "bulan" else data
    return values, errors


@bp.route("/rencana-aksi", endpoint="action_plan")
def action_plan_page():
    form, year = _build_form()
    values, errors = _filters(form)
    items = action_plan.list_items(db.session, year, **values) if year else []
    total = action_plan.count(db.session, year) if year else 0
    month = values.get("month")
    return render_template(
        "public/action_plan.html",
        form=form,
        year=year,
        areas=action_plan.grouped(items),
        shown=len(items),
        total=total,
        filtered=bool(values),
        filter_errors=errors,
        month_name=str(MONTHS[month - 1]) if month else None,
    )


@bp.route("/api/v1/rencana-aksi", endpoint="action_plan_api")
@open_data
def action_plan_api():
    form, year = _build_form()
    values, errors = _filters(form)
    if errors:
        response = jsonify(error=_("Filter tidak valid."), errors=errors, status=400)
        response.status_code = 400
    else:
        items = action_plan.list_items(db.session, year, **values) if year else []
        from portal.core import site_settings

        response = jsonify(
            year=year,
            decree=site_settings.get_cached(db.session).get("zi_decree", ""),
            filters={"area": values.get("area"), "team": values.get("team"), "month": values.get("month")},
            count=len(items),
            total=action_plan.count(db.session, year) if year else 0,
            items=[action_plan.to_dict(item) for item in items],
        )
    return response



# ------------------------------------------------------------------------------------------- open data
# The rows of /rencana-aksi as CSV (one table) and XLSX, for the same filters as the page (issue 12 §1).
def _plan_table():
    form, year = _build_form()
    values, errors = _filters(form)
    if errors:
        abort(400)
    items = action_plan.list_items(db.session, year, **values) if year else []
    return plan_export.plan_table(items, year), year


PLAN_FILTERS = ("tahun", "area", "tim", "bulan")


def _plan_file(year: int | None, ext: str) -> str:
    return f"rencana-aksi-{year}.{ext}" if year else f"rencana-aksi.{ext}"


@bp.app_template_global("action_plan_open_links")
def plan_open_links() -> list[dict]:
    """The page's "open data" links, keeping its filters (tahun, area, tim, bulan)."""
    return [{"label": label, "url": url_with_args(endpoint, {}, keep=PLAN_FILTERS)}
            for label, endpoint in (("CSV", "public.action_plan_csv"), ("XLSX", "public.action_plan_xlsx"),
                                    ("JSON", "public.action_plan_api"))]


@bp.route("/rencana-aksi.csv", endpoint="action_plan_csv")
@open_data
def action_plan_csv():
    table, year = _plan_table()
    return open_tables.send(open_tables.to_csv(table), _plan_file(year, "csv"))


@bp.route("/rencana-aksi.xlsx", endpoint="action_plan_xlsx")
@open_data
def action_plan_xlsx():
    table, year = _plan_table()
    return open_tables.send(open_tables.to_xlsx([table]), _plan_file(year, "xlsx"))
