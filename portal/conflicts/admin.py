"""Staff pages of conflicts of interest (blueprint `admin_conflicts`, /admin/benturan-kepentingan).

Who sees what (portal/conflicts/access.py): a `pegawai` signs and reads their own declarations only (every
other declaration is 403 to them); the ZI team (Tim Penguatan Pengawasan members, `admin`) keeps the
register, the cases and the report; `pimpinan` reads them; `wbs` opens a case from a WBS report. Any other
account gets 403. Views parse the request, call service.py / workflow.py through attempt() and redirect."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from portal.conflicts import access, report, service, workflow
from portal.conflicts.forms import (
    CaseFromDeclarationForm,
    CaseFromWbsForm,
    CaseMoveForm,
    DeclarationForm,
    IdentificationForm,
    NarrativeForm,
)
from portal.conflicts.models import KIND_POTENTIAL, KINDS, CoiCase, CoiDeclaration, CoiIdentification
from portal.core import clock, site_settings
from portal.core.downloads import send_export
from portal.core.routing import query_int
from portal.core.tables import Column, Table, to_csv, to_xlsx
from portal.core.views import attempt
from portal.extensions import db, limiter

bp = Blueprint("admin_conflicts", __name__)
PER_PAGE = 50


def allowed(check: Callable[[], bool]):
    """Log-in required, then 403 unless `check()` holds for the signed-in user."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated or not check():
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def _keeper() -> bool:
    return access.can_keep(db.session, current_user)


def _reader() -> bool:
    return access.can_read(db.session, current_user)


def _anyone_here() -> bool:
    return access.can_declare(current_user) or access.can_open_from_wbs(current_user) or _reader()


def _case_reader() -> bool:
    return _reader() or access.can_open_from_wbs(current_user)


def _page_of(rows: list) -> tuple[list, int, int]:
    """One page (`halaman`) of a list of a year's rows: (rows, page, pages)."""
    pages = max(1, -(-len(rows) // PER_PAGE))
    page = min(query_int("halaman", 1, min_value=1), pages)
    return rows[(page - 1) * PER_PAGE:page * PER_PAGE], page, pages


def _year() -> int:
    return query_int("tahun", clock.today().year, min_value=service.MIN_YEAR, max_value=service.MAX_YEAR)


@bp.app_context_processor
def _globals() -> dict:
    return {"COI_CASE_STATUSES": workflow.STATUSES, "COI_TERMS": report.TERM_LABELS,
            "COI_SOURCES": report.SOURCE_LABELS}


# ------------------------------------------------------------------------------------------------ index
@bp.route("/")
@allowed(_anyone_here)
def index():
    year = _year()
    mine = service.own_declarations(db.session, current_user.id) if access.can_declare(current_user) else []
    current = next((d for d in mine if d.year == year and d.current), None)
    figures = report.figures(db.session, year) if _reader() else None
    return render_template("admin/conflicts/index.html", year=year, mine=mine, current=current,
                           figures=figures, can_keep=_keeper(), can_read=_reader(),
                           can_declare=access.can_declare(current_user),
                           can_wbs=access.can_open_from_wbs(current_user))


# ---------------------------------------------------------------------------------------- declarations
@bp.route("/pernyataan/baru", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])  # the password is checked here: no guessing at speed
@allowed(lambda: access.can_declare(current_user))
def declare():
    year = clock.today().year
    form = DeclarationForm()
    if form.validate_on_submit():
        outcome = attempt(service.sign_declaration, db.session, current_user, year=year,
                          kind=form.kind.data or "", password=form.password.data or "",
                          matter=form.matter.data, parties=form.parties.data, duty=form.duty.data,
                          success=_("Pernyataan ditandatangani."))
        if outcome.ok:
            return redirect(url_for(".letter", declaration_id=outcome.value.id))
    form.password.data = ""
    previous = service.current_declaration(db.session, current_user.id, year)
    return render_template("admin/conflicts/declare.html", form=form, year=year, previous=previous)


@bp.route("/pernyataan/<int:declaration_id>")
@login_required
def letter(declaration_id: int):
    declaration = db.session.get(CoiDeclaration, declaration_id)
    if declaration is None:
        abort(404)
    if declaration.user_id != current_user.id and not _reader():
        abort(403)
    history = [d for d in service.own_declarations(db.session, declaration.user_id)
               if d.year == declaration.year]
    return render_template("admin/conflicts/letter.html", d=declaration, history=history,
                           intact=service.hash_intact(declaration),
                           settings=site_settings.get_all(db.session), can_keep=_keeper())


@bp.route("/pernyataan")
@allowed(_reader)
def declarations():
    year = _year()
    kind = request.args.get("jenis", "")
    kind = kind if kind in KINDS else ""
    page = query_int("halaman", 1, min_value=1)
    rows, total = service.declarations(db.session, year, kind=kind, page=page, per_page=PER_PAGE)
    recorded, opened = service.followed_up([d.id for d in rows if d.kind == KIND_POTENTIAL], db.session)
    return render_template("admin/conflicts/declarations.html", year=year, kind=kind, rows=rows, total=total,
                           page=page, pages=max(1, -(-total // PER_PAGE)), can_keep=_keeper(),
                           recorded=recorded, opened=opened)


def _undeclared_table(year: int) -> Table:
    table = Table("belum_menyatakan", _("Pegawai yang belum menyatakan %(year)s", year=year), (
        Column("name", _("Nama"), 30), Column("email", _("E-mail"), 30), Column("nip", _("NIP"), 22),
        Column("jabatan", _("Jabatan"), 28), Column("unit", _("Unit"), 28)))
    for row in service.not_declared(db.session, year):
        table.add(row.name, row.email, row.nip, row.jabatan, row.unit)
    return table


@bp.route("/belum-menyatakan")
@allowed(_reader)
def undeclared():
    year = _year()
    everyone = service.not_declared(db.session, year)
    rows, page, pages = _page_of(everyone)
    return render_template("admin/conflicts/undeclared.html", year=year, total=len(everyone), rows=rows,
                           page=page, pages=pages)


@bp.route("/belum-menyatakan.csv")
@allowed(_reader)
def undeclared_csv():
    year = _year()
    return send_export(to_csv(_undeclared_table(year)), f"belum-menyatakan-benturan-kepentingan-{year}.csv")


# ------------------------------------------------------------------------------ identification register
@bp.route("/identifikasi")
@allowed(_reader)
def identifications():
    year = _year()
    rows, page, pages = _page_of(service.identifications(db.session, year))
    return render_template("admin/conflicts/identifications.html", year=year, rows=rows, page=page,
                           pages=pages, first=(page - 1) * PER_PAGE, can_keep=_keeper())


def _identification_values(form: IdentificationForm) -> dict:
    return {"description": form.description.data, "officials": form.officials.data, "cause": form.cause.data,
            "procedure": form.procedure.data, "follow_up": form.follow_up.data, "term": form.term.data}


@bp.route("/identifikasi/baru", methods=["GET", "POST"])
@allowed(_keeper)
def identification_new():
    declaration_id = query_int("pernyataan", None, min_value=1)
    declaration = db.session.get(CoiDeclaration, declaration_id) if declaration_id else None
    if declaration_id and (declaration is None or declaration.kind != KIND_POTENTIAL):
        abort(404)
    year = declaration.year if declaration else _year()
    form = IdentificationForm(data=service.prefill_from_declaration(declaration) if declaration else None)
    if form.validate_on_submit():
        outcome = attempt(service.add_identification, db.session, current_user, year=year,
                          declaration_id=declaration.id if declaration else None,
                          **_identification_values(form), success=_("Baris identifikasi disimpan."))
        if outcome.ok:
            return redirect(url_for(".identifications", tahun=year))
    return render_template("admin/conflicts/identification_form.html", form=form, year=year,
                           declaration=declaration, row=None)


@bp.route("/identifikasi/<int:row_id>", methods=["GET", "POST"])
@allowed(_keeper)
def identification_edit(row_id: int):
    row = db.session.get(CoiIdentification, row_id)
    if row is None:
        abort(404)
    form = IdentificationForm(obj=row)
    if form.validate_on_submit():
        outcome = attempt(service.update_identification, db.session, current_user, row,
                          **_identification_values(form), success=_("Baris identifikasi disimpan."))
        if outcome.ok:
            return redirect(url_for(".identifications", tahun=row.year))
    return render_template("admin/conflicts/identification_form.html", form=form, year=row.year,
                           declaration=row.declaration, row=row)


# ------------------------------------------------------------------------------------------------ cases
@bp.route("/kasus")
@allowed(_case_reader)
def cases():
    year = _year()
    rows = workflow.cases(db.session, year)
    if not _reader():  # the WBS team sees the cases it opened from WBS reports
        rows = [c for c in rows if c.source == "wbs"]
    rows, page, pages = _page_of(rows)
    return render_template("admin/conflicts/cases.html", year=year, rows=rows, page=page, pages=pages,
                           can_keep=_keeper(), can_wbs=access.can_open_from_wbs(current_user))


@bp.route("/kasus/dari-pernyataan/<int:declaration_id>", methods=["GET", "POST"])
@allowed(_keeper)
def case_from_declaration(declaration_id: int):
    declaration = db.session.get(CoiDeclaration, declaration_id)
    if declaration is None:
        abort(404)
    form = CaseFromDeclarationForm()
    if request.method == "GET":
        form.summary.data = declaration.matter
    if form.validate_on_submit():
        outcome = attempt(workflow.open_from_declaration, db.session, current_user, declaration,
                          summary=form.summary.data or "", success=_("Kasus dibuka."))
        if outcome.ok:
            return redirect(url_for(".case", case_id=outcome.value.id))
    return render_template("admin/conflicts/case_open.html", form=form, declaration=declaration)


@bp.route("/kasus/dari-wbs", methods=["GET", "POST"])
@allowed(lambda: access.can_open_from_wbs(current_user))
def case_from_wbs():
    form = CaseFromWbsForm()
    if request.method == "GET" and request.args.get("nomor"):
        form.reference.data = request.args.get("nomor", "")[:30]
    if form.validate_on_submit():
        outcome = attempt(workflow.open_from_wbs, db.session, current_user,
                          reference=form.reference.data or "",
                          summary=form.summary.data or "", success=_("Kasus dibuka."))
        if outcome.ok:
            return redirect(url_for(".case", case_id=outcome.value.id))
    return render_template("admin/conflicts/case_open.html", form=form, declaration=None)


@bp.route("/kasus/<int:case_id>", methods=["GET", "POST"])
@allowed(_case_reader)
def case(case_id: int):
    item = db.session.get(CoiCase, case_id)
    if item is None:
        abort(404)
    if not _reader() and item.source != "wbs":
        abort(403)
    form = CaseMoveForm()
    form.to.choices = [SelectChoice(code, workflow.STATUSES[code])
                       for code in workflow.WORKFLOW.allowed(item)]
    if request.method == "POST":
        if not _keeper():
            abort(403)
        if form.validate_on_submit():
            outcome = attempt(workflow.WORKFLOW.transition, db.session, item, form.to.data or "",
                              current_user,
                              measures=form.measures.data, outcome=form.outcome.data, note=form.note.data,
                              success=_("Langkah kasus disimpan."))
            if outcome.ok:
                return redirect(url_for(".case", case_id=item.id))
    return render_template("admin/conflicts/case.html", item=item, form=form, can_keep=_keeper(),
                           can_read=_reader())


# ----------------------------------------------------------------------------------------------- report
@bp.route("/laporan", methods=["GET", "POST"])
@allowed(_reader)
def report_page():
    year = _year()
    built = report.build(db.session, year)
    form = NarrativeForm(obj=built.narrative)
    if request.method == "POST":
        if not _keeper():
            abort(403)
        if form.validate_on_submit():
            outcome = attempt(service.save_report_narrative, db.session, current_user, year,
                              **{name: getattr(form, name).data for name in service.NARRATIVE_FIELDS},
                              success=_("Uraian laporan disimpan."))
            if outcome.ok:
                return redirect(url_for(".report_page", tahun=year))
    return render_template("admin/conflicts/report.html", year=year, r=built, form=form, can_keep=_keeper(),
                           follow_up=report.follow_up_table(built))


@bp.route("/laporan/cetak")
@allowed(_reader)
def report_print():
    year = _year()
    built = report.build(db.session, year)
    return render_template("admin/conflicts/report_print.html", year=year, r=built,
                           follow_up=report.follow_up_table(built), labels=report.NARRATIVE_LABELS,
                           fields=service.NARRATIVE_FIELDS, settings=site_settings.get_all(db.session))


@bp.route("/laporan.xlsx")
@allowed(_reader)
def report_xlsx():
    year = _year()
    built = report.build(db.session, year)
    return send_export(to_xlsx(report.tables(built)), f"laporan-benturan-kepentingan-{year}.xlsx")


@bp.route("/tindak-lanjut")
@allowed(_reader)
def follow_up_print():
    """The follow-up table of the year (V.3.5, Laporan Tindak Lanjut) on its own, printable on A4."""
    year = _year()
    built = report.build(db.session, year)
    return render_template("admin/conflicts/follow_up_print.html", year=year, r=built,
                           follow_up=report.follow_up_table(built),
                           settings=site_settings.get_all(db.session))


@bp.route("/tindak-lanjut.xlsx")
@allowed(_reader)
def follow_up_xlsx():
    year = _year()
    built = report.build(db.session, year)
    return send_export(to_xlsx([report.follow_up_table(built)]),
                       f"tindak-lanjut-benturan-kepentingan-{year}.xlsx")
