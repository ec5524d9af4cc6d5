"""The SPIP risk register's staff area (/admin/risiko; the URL is a contract other tools rely on).

`risiko` edits; `pimpinan` and `admin` read. Pages: the register (filters tahun, unit, level, status;
`halaman`), a risk (its Kartu Kendali rows per quarter), add / edit / delete (a confirmation page first),
the 5x5 heat map, and the three documents as print views (A4 landscape) and XLSX: the Daftar Risiko
(/daftar), the Kartu Kendali (/kartu-kendali?periode=2026-T1) and the Daftar Uji (/daftar-uji)."""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.decorators import roles_required
from portal.core import periods as core_periods
from portal.core import tables as open_tables
from portal.core.clock import today
from portal.core.downloads import send_export
from portal.core.errors import DomainError
from portal.core.routing import query_int
from portal.core.validation import parse_int
from portal.core.views import ConfirmForm, attempt
from portal.extensions import db
from portal.risks import EDIT_ROLES, READ_ROLES, matrix
from portal.risks import export as documents
from portal.risks import service as risks
from portal.risks.forms import CardForm, ChecklistAnswerForm, ChecklistItemForm, RiskForm
from portal.risks.models import Risk, RiskChecklistItem

bp = Blueprint("admin_risks", __name__)


@bp.before_request
@roles_required(*READ_ROLES)
def require_reader():
    return None


def _require_editor() -> None:
    if not current_user.has_role(*EDIT_ROLES):
        abort(403)


def _status() -> int:
    return 400 if request.method == "POST" else 200


def _year_arg() -> int:
    """`tahun` of the documents and the heat map (this year when absent; 404 when not a year)."""
    raw = (request.args.get("tahun") or "").strip()
    if not raw:
        return today().year
    year = parse_int(raw, min_value=risks.MIN_YEAR, max_value=risks.MAX_YEAR)
    if year is None:
        abort(404)
    return year


def _unit_arg() -> str:
    return (request.args.get("unit") or "").strip()[:255]


def _context(**extra) -> dict:
    bands = matrix.current_bands()
    return {"bands": bands, "level_labels": matrix.LEVEL_LABELS, "cause_labels": risks.CAUSE_LABELS,
            "card_labels": risks.CARD_STATUS_LABELS, "answer_labels": risks.ANSWER_LABELS,
            "status_labels": risks.STATUS_LABELS, "can_edit": current_user.has_role(*EDIT_ROLES),
            "level_of": lambda value: matrix.level_of(value, bands), "today": today(), **extra}


def _risk(risk_id: int) -> Risk:
    return db.session.get(Risk, risk_id) or abort(404)


# --------------------------------------------------------------------------------------------- register
@bp.route("/")
def index():
    on = today()
    filters, errors = risks.parse_filters(request.args)
    bands = matrix.current_bands()
    page = db.paginate(risks.risk_query(filters, bands, on), page=query_int("halaman", min_value=1) or 1,
                       per_page=risks.PER_PAGE, error_out=False)
    return render_template("admin/risks/index.html", page=page, filters=filters, errors=errors,
                           years=risks.years(db.session), units=risks.units(db.session, filters.year),
                           control_state=lambda r: risks.control_state(r, on), **_context())


@bp.route("/baru", methods=["GET", "POST"])
def new():
    _require_editor()
    form = RiskForm()
    if request.method == "GET":
        form.year.data = today().year
    if form.validate_on_submit():
        outcome = attempt(risks.create_risk, db.session, form.values(), current_user,
                          success=lambda r: _("Risiko %(code)s dicatat.", code=r.code))
        if outcome.ok:
            return redirect(url_for("admin_risks.risk", risk_id=outcome.value.id))
    return render_template("admin/risks/form.html", form=form, risk=None, **_context()), _status()


@bp.route("/<int:risk_id>")
def risk(risk_id: int):
    item = _risk(risk_id)
    cards = {q: CardForm(prefix=f"tw{q}", obj=item.card(q)) for q in risks.QUARTERS}
    return render_template("admin/risks/risk.html", risk=item, cards=cards,
                           state=risks.control_state(item, today()), **_context())


@bp.route("/<int:risk_id>/ubah", methods=["GET", "POST"])
def edit(risk_id: int):
    _require_editor()
    item = _risk(risk_id)
    form = RiskForm()
    if request.method == "GET":
        form.fill(item)
    if form.validate_on_submit():
        outcome = attempt(risks.update_risk, db.session, item, form.values(), current_user,
                          success=lambda r: _("Perubahan risiko %(code)s disimpan.", code=r.code))
        if outcome.ok:
            return redirect(url_for("admin_risks.risk", risk_id=item.id))
    return render_template("admin/risks/form.html", form=form, risk=item, **_context()), _status()


@bp.route("/<int:risk_id>/hapus", methods=["GET", "POST"])
def delete(risk_id: int):
    """GET: the confirmation page (works without JavaScript); POST: delete the risk and its cards."""
    _require_editor()
    item = _risk(risk_id)
    form = ConfirmForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        code = item.code
        outcome = attempt(risks.delete_risk, db.session, item, current_user,
                          success=_("Risiko %(code)s dihapus.", code=code))
        if outcome.ok:
            return redirect(url_for("admin_risks.index"))
        return redirect(url_for("admin_risks.risk", risk_id=risk_id))
    return render_template("admin/risks/confirm_delete.html", risk=item, form=form, **_context())


@bp.route("/<int:risk_id>/kartu/<int:quarter>", methods=["POST"])
def card(risk_id: int, quarter: int):
    _require_editor()
    item = _risk(risk_id)
    if quarter not in risks.QUARTERS:
        abort(404)
    form = CardForm(prefix=f"tw{quarter}")
    if form.validate_on_submit():
        outcome = attempt(risks.save_card, db.session, item, quarter, form.values(), current_user,
                          success=_("Kartu kendali triwulan %(q)s disimpan.", q=quarter))
        if outcome.ok:
            return redirect(url_for("admin_risks.risk", risk_id=item.id, _anchor=f"tw{quarter}"))
    cards = {q: (form if q == quarter else CardForm(prefix=f"tw{q}", obj=item.card(q), formdata=None))
             for q in risks.QUARTERS}
    return render_template("admin/risks/risk.html", risk=item, cards=cards, open_card=quarter,
                           state=risks.control_state(item, today()), **_context()), 400


# --------------------------------------------------------------------------------------------- heat map
@bp.route("/peta")
def heat_map():
    year, unit = _year_arg(), _unit_arg()
    bands = matrix.current_bands()
    data = risks.heat_map(db.session, year, unit)
    return render_template("admin/risks/heat_map.html", year=year, unit=unit, data=data,
                           grid=matrix.grid(bands), years=_years_with(year),
                           units=risks.units(db.session, year),
                           inherent_levels=data.level_counts(data.inherent, bands),
                           residual_levels=data.level_counts(data.residual, bands),
                           likelihood_labels=matrix.LIKELIHOOD_LABELS, impact_labels=matrix.IMPACT_LABELS,
                           **_context())


def _years_with(year: int) -> list[int]:
    return sorted(set(risks.years(db.session)) | {year, today().year}, reverse=True)


# ------------------------------------------------------------------------------------------- documents
def _register(year: int, unit: str):
    return documents.register_table(risks.risks_of(db.session, year, unit), matrix.current_bands(), year)


def _file_name(stem: str, key, unit: str, ext: str = "xlsx") -> str:
    return f"{stem}-{key}{'-unit' if unit else ''}.{ext}"


@bp.route("/daftar")
def register():
    year, unit = _year_arg(), _unit_arg()
    return render_template("admin/risks/print_register.html", year=year, unit=unit,
                           table=_register(year, unit), years=_years_with(year),
                           units=risks.units(db.session, year), **_context())


@bp.route("/daftar.xlsx")
def register_xlsx():
    year, unit = _year_arg(), _unit_arg()
    return send_export(open_tables.to_xlsx([_register(year, unit)]), _file_name("daftar-risiko", year, unit))


def _period():
    try:
        return risks.kartu_period(request.args.get("periode"), _year_arg())
    except DomainError:
        abort(404)


def _cards(period, unit: str):
    rows = risks.risks_of(db.session, period.year, unit)
    return documents.card_table(rows, matrix.current_bands(), period)


@bp.route("/kartu-kendali")
def cards():
    period, unit = _period(), _unit_arg()
    return render_template("admin/risks/print_cards.html", period=period, unit=unit,
                           table=_cards(period, unit), periods=_period_choices(_years_with(period.year)),
                           quarters=risks.quarters_in(period), units=risks.units(db.session, period.year),
                           **_context())


def _period_choices(years: list[int]) -> list:
    """The Kartu Kendali's periods to choose from: each year, its semesters and its quarters (the labels
    of portal/core/periods.py, in the reader's language)."""
    choices = []
    for year in years:
        choices.append(core_periods.year_period(year))
        choices += [core_periods.semester_period(year, n) for n in (1, 2)]
        choices += [core_periods.quarter_period(year, q) for q in risks.QUARTERS]
    return choices


@bp.route("/kartu-kendali.xlsx")
def cards_xlsx():
    period, unit = _period(), _unit_arg()
    body = open_tables.to_xlsx([_cards(period, unit)])
    return send_export(body, _file_name("kartu-kendali", period.key, unit))


# ------------------------------------------------------------------------------------------- checklist
@bp.route("/daftar-uji")
def checklist():
    return _checklist_page(_year_arg())


def _answer_form(item: RiskChecklistItem, formdata=None) -> ChecklistAnswerForm:
    form = ChecklistAnswerForm(prefix=f"u{item.id}", formdata=formdata)
    if formdata is None:
        form.answer.data = item.answer or ""
        form.evidence.data = item.evidence
    return form


@bp.route("/daftar-uji/cetak")
def checklist_print():
    year = _year_arg()
    table = documents.checklist_table(risks.checklist(db.session, year), year)
    return render_template("admin/risks/print_checklist.html", year=year, table=table,
                           years=_years_with(year), **_context())


@bp.route("/daftar-uji.xlsx")
def checklist_xlsx():
    year = _year_arg()
    table = documents.checklist_table(risks.checklist(db.session, year), year)
    return send_export(open_tables.to_xlsx([table]), _file_name("daftar-uji-spip", year, ""))


def _checklist_page(year: int, status: int = 200, add_form=None, failed: RiskChecklistItem | None = None,
                    failed_form=None):
    items = risks.checklist(db.session, year)
    answers = {item.id: (failed_form if failed is not None and item.id == failed.id else _answer_form(item))
               for item in items}
    return render_template("admin/risks/checklist.html", year=year, items=items, answers=answers,
                           add_form=add_form or ChecklistItemForm(formdata=None), confirm=ConfirmForm(),
                           years=_years_with(year), **_context()), status


@bp.route("/daftar-uji/tambah", methods=["POST"])
def checklist_add():
    _require_editor()
    year = _year_arg()
    form = ChecklistItemForm()
    if form.validate_on_submit():
        outcome = attempt(risks.add_checklist_item, db.session, year, form.statement.data, current_user,
                          success=_("Pernyataan uji ditambahkan."))
        if outcome.ok:
            return redirect(url_for("admin_risks.checklist", tahun=year))
    return _checklist_page(year, 400, add_form=form)


@bp.route("/daftar-uji/baku", methods=["POST"])
def checklist_defaults():
    _require_editor()
    year = _year_arg()
    if not ConfirmForm().validate_on_submit():
        abort(400)
    attempt(risks.add_default_checklist, db.session, year, current_user,
            success=lambda n: _("%(n)s pernyataan baku ditambahkan.", n=n))
    return redirect(url_for("admin_risks.checklist", tahun=year))


def _item(item_id: int) -> RiskChecklistItem:
    return db.session.get(RiskChecklistItem, item_id) or abort(404)


@bp.route("/daftar-uji/<int:item_id>/jawab", methods=["POST"])
def checklist_answer(item_id: int):
    _require_editor()
    item = _item(item_id)
    form = ChecklistAnswerForm(prefix=f"u{item.id}")
    if form.validate_on_submit():
        outcome = attempt(risks.answer_checklist_item, db.session, item,
                          {"answer": form.answer.data, "evidence": form.evidence.data}, current_user,
                          success=_("Jawaban disimpan."))
        if outcome.ok:
            return redirect(url_for("admin_risks.checklist", tahun=item.year, _anchor=f"uji-{item.id}"))
    return _checklist_page(item.year, 400, failed=item, failed_form=form)


@bp.route("/daftar-uji/<int:item_id>/hapus", methods=["GET", "POST"])
def checklist_delete(item_id: int):
    _require_editor()
    item = _item(item_id)
    form = ConfirmForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        year = item.year
        attempt(risks.delete_checklist_item, db.session, item, current_user,
                success=_("Pernyataan uji dihapus."))
        return redirect(url_for("admin_risks.checklist", tahun=year))
    return render_template("admin/risks/confirm_delete_item.html", item=item, form=form, **_context())
