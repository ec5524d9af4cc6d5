"""Staff SKM pages (/admin/survei): responses, live results with the follow-up plans and publishing,
XLSX export, QR cards with one-time tokens, settings. Roles: see portal/survey/__init__.py."""
from __future__ import annotations

from functools import partial

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from portal.accounts.decorators import roles_required
from portal.core import audit, site_settings
from portal.core.downloads import send_export
from portal.core.errors import DomainError
from portal.core.links import external_url
from portal.core.periods import Period
from portal.core.views import attempt
from portal.extensions import db
from portal.standards.models import Service
from portal.survey import SETTINGS_ROLES, VIEW_ROLES, WRITE_ROLES, ikm, qr_svg
from portal.survey import admin_bp as bp
from portal.survey import export as skm_export
from portal.survey import service as survey
from portal.survey.forms import (
    CategoriesForm,
    FollowUpForm,
    PeriodFilterForm,
    PublishForm,
    ServiceSettingForm,
    TokenForm,
    choices,
)
from portal.survey.models import SurveyFollowUp, SurveyResponse
from portal.survey.views import chart_data

PER_PAGE = 30


def _filters():
    """Period and service from the query string (defaults: current triwulan, all services), and whether
    the period asked for was refused (then flashed, and the current triwulan shown)."""
    form = PeriodFilterForm(formdata=request.args if request.args else None)
    periods = survey.period_choices(survey.years_with_data(db.session))
    form.periode.choices = choices((p.key, p.label) for p in periods)
    configs = survey.service_configs(db.session)
    # service names are office content (Indonesian only): marked lang="id" on English pages
    form.layanan.choices = choices([("", _("Semua layanan"))]) + [
        SelectChoice(c.service.slug, c.service.name, {"lang": "id"}) for c in configs]
    key = (request.args.get("periode") or "").strip()
    error = False
    period = survey.current_period()
    if key:
        try:
            period = survey.period_from_key(key)
        except DomainError as err:
            flash(err.message, "danger")
            error = True
    if all(choice.value != period.key for choice in form.periode.choices):
        form.periode.choices.insert(0, SelectChoice(period.key, period.label))
    form.periode.data = period.key
    slug = (request.args.get("layanan") or "").strip()
    service = next((c.service for c in configs if c.service.slug == slug), None) if slug else None
    form.layanan.data = service.slug if service else ""
    return form, period, service, error


@bp.route("", strict_slashes=False)
@roles_required(*VIEW_ROLES)
def responses():
    form, period, service, error = _filters()
    page = db.paginate(survey.responses_query(period, service.id if service else None), per_page=PER_PAGE,
                       error_out=False)
    return render_template("admin/survey/responses.html", form=form, period=period, service=service,
                           page=page), (400 if error else 200)


@bp.route("/hasil")
@roles_required(*VIEW_ROLES)
def results():
    form, period, service, error = _filters()
    data = survey.compute(db.session, period)
    result, entry = survey.scope_result(data, service.slug if service else "")
    publication = survey.get_publication(db.session, period.key)
    published_data = survey.publication_data(publication) if publication else None
    scope = service.slug if service else ""
    follow_ups = survey.scope_follow_ups(data, scope)
    follow_form = FollowUpForm(formdata=None, period_key=period.key, scope=scope,
                               unsur=survey.suggested_follow_up(result, follow_ups))
    publish_form = PublishForm(formdata=None, period_key=period.key,
                               note=publication.note if publication else "")
    return render_template(
        "admin/survey/results.html", form=form, period=period, service=service, data=data, result=result,
        entry=entry, publication=publication, published_data=published_data,
        can_write=current_user.has_role(*WRITE_ROLES), follow_form=follow_form, publish_form=publish_form,
        follow_ups=follow_ups, missing=survey.missing_follow_ups(data), charts=chart_data(result, "live"),
    ), (400 if error else 200)


def _posted_period(form: FollowUpForm | PublishForm) -> Period:
    """The period a staff form was posted for; an unknown one is flashed and sent back to the results."""
    try:
        return survey.period_from_key(form.period_key.data or "")
    except DomainError as err:
        flash(err.message, "danger")
        abort(redirect(url_for("admin_survey.results")))


def _back_to_follow_ups(period_key: str, scope: str | None):
    url = url_for("admin_survey.results", periode=period_key, layanan=scope or None)
    return redirect(url + "#tindak-lanjut")


@bp.route("/tindak-lanjut", methods=["POST"])
@roles_required(*WRITE_ROLES)
def save_follow_up():
    form = FollowUpForm()
    period = _posted_period(form)
    scope = (form.scope.data or "").strip()
    service = None
    if scope:
        service = db.session.scalar(select(Service).where(Service.slug == scope))
        if service is None:
            abort(404)
    # partial: the service's `action` keyword would collide with attempt's own first parameter
    attempt(partial(survey.save_follow_up, db.session, period, service, form.unsur.data or "",
                    action=form.action.data or "", timeline=form.timeline.data or "",
                    responsible=form.responsible.data or "", progress=form.progress.data or "",
                    actor=current_user),
            success=_("Rencana tindak lanjut disimpan."))
    return _back_to_follow_ups(period.key, scope)


@bp.route("/tindak-lanjut/<int:item_id>/hapus", methods=["POST"])
@roles_required(*WRITE_ROLES)
def delete_follow_up(item_id: int):
    item = db.session.get(SurveyFollowUp, item_id) or abort(404)
    period_key, scope = item.period_key, item.service.slug if item.service else None
    attempt(survey.delete_follow_up, db.session, item, current_user,
            success=_("Rencana tindak lanjut dihapus."))
    return _back_to_follow_ups(period_key, scope)


@bp.route("/terbitkan", methods=["POST"])
@roles_required(*WRITE_ROLES)
def publish():
    form = PublishForm()
    period = _posted_period(form)
    attempt(survey.publish, db.session, period, current_user, note=form.note.data or "",
            success=lambda publication: _("Hasil SKM %(label)s dipublikasikan (versi %(v)s) dan tampil di "
                                          "halaman publik.", label=period.label, v=publication.version))
    return redirect(url_for("admin_survey.results", periode=period.key))


@bp.route("/terbitkan/<period_key>/tarik", methods=["POST"])
@roles_required(*WRITE_ROLES)
def unpublish(period_key: str):
    publication = survey.get_publication(db.session, period_key[:20]) or abort(404)
    attempt(survey.unpublish, db.session, publication, current_user,
            success=_("Publikasi %(key)s ditarik dari halaman publik.", key=period_key))
    return redirect(url_for("admin_survey.results", periode=period_key))


@bp.route("/ekspor.xlsx")
@roles_required(*VIEW_ROLES)
def export():
    _form, period, service, error = _filters()
    if error:
        return redirect(url_for("admin_survey.responses"))
    office = site_settings.get_all(db.session)
    try:
        content = skm_export.build_workbook(db.session, period, office.get("office_name", ""),
                                            service.slug if service else None)
    except DomainError as err:
        flash(err.message, "danger")
        return redirect(url_for("admin_survey.responses", periode=period.key))
    audit.record(db.session, current_user, "survey.export", object_type="survey_period",
                 object_id=period.key, service=service.slug if service else "")
    db.session.commit()
    return send_export(content, f"skm-{period.key}" + (f"-{service.slug}" if service else "") + ".xlsx")


@bp.route("/<int:response_id>/hapus", methods=["POST"])
@roles_required(*SETTINGS_ROLES)
def delete_response(response_id: int):
    response = db.session.get(SurveyResponse, response_id) or abort(404)
    attempt(survey.delete_response, db.session, response, current_user, success=_("Jawaban survei dihapus."))
    return redirect(request.referrer if (request.referrer or "").startswith(request.host_url)
                    else url_for("admin_survey.responses"))


@bp.route("/kartu-qr", methods=["GET", "POST"])
@roles_required(*WRITE_ROLES)
def tokens():
    form = TokenForm()
    configs = survey.service_configs(db.session, open_only=True)
    form.service.choices = [SelectChoice(c.service.slug, c.service.name, {"lang": "id"}) for c in configs]
    if request.method == "POST":
        config = next((c for c in configs if c.service.slug == form.service.data), None)
        if config is None:
            flash(_("Pilih layanan yang sedang disurvei."), "danger")
            return render_template("admin/survey/tokens.html", form=form, configs=configs), 422
        outcome = attempt(survey.create_tokens, db.session, config.service, form.count.data or 0,
                          form.days.data or 0, current_user)
        if not outcome.ok:
            return render_template("admin/survey/tokens.html", form=form, configs=configs), 422
        batch, plain, expires = outcome.value
        cards = []
        for token in plain:
            url = external_url("survey.form", layanan=config.service.slug, t=token,
                               shown_to_requester_only=True)
            cards.append({"url": url, "qr": qr_svg(url, _("Kode QR survei %(s)s", s=config.service.name))})
        response = make_response(render_template("admin/survey/token_cards.html", config=config,
                                                 cards=cards, batch=batch, expires=expires))
        response.headers["Cache-Control"] = "no-store"
        return response
    return render_template("admin/survey/tokens.html", form=form, configs=configs)


def _settings_page(status: int = 200, categories_form: CategoriesForm | None = None,
                   failed: tuple[int, ServiceSettingForm] | None = None):
    configs = survey.service_configs(db.session)
    lists = survey.categories(db.session)
    if categories_form is None:
        categories_form = CategoriesForm(formdata=None, education="\n".join(lists["education"]),
                                         occupation="\n".join(lists["occupation"]))
    service_forms = []
    for c in configs:
        if failed and failed[0] == c.service.id:
            service_forms.append((c, failed[1]))
            continue
        service_forms.append((c, ServiceSettingForm(
            formdata=None, prefix=f"s{c.service.id}", service_id=str(c.service.id), survey_open=c.survey_open,
            is_free=c.is_free, biaya_mode=c.biaya_mode, annual_population=c.annual_population,
            require_token=c.require_token)))
    return render_template("admin/survey/settings.html", service_forms=service_forms,
                           categories_form=categories_form, krejcie=ikm.krejcie_morgan), status


@bp.route("/pengaturan", methods=["GET", "POST"])
@roles_required(*SETTINGS_ROLES)
def settings():
    if request.method == "GET":
        return _settings_page()
    form = CategoriesForm()
    outcome = attempt(survey.save_categories, db.session, form.education.data or "",
                      form.occupation.data or "", current_user,
                      success=_("Pilihan profil responden disimpan."))
    if not outcome.ok:
        return _settings_page(422, categories_form=form)
    return redirect(url_for("admin_survey.settings"))


def _service_settings_refused(service: Service, form: ServiceSettingForm, message: str):
    """The settings page again (422), the refusal (flashed already) shown beside the population field."""
    form.annual_population.errors = [message]
    return _settings_page(422, failed=(service.id, form))


@bp.route("/pengaturan/layanan/<int:service_id>", methods=["POST"])
@roles_required(*SETTINGS_ROLES)
def settings_service(service_id: int):
    service = db.session.get(Service, service_id) or abort(404)
    form = ServiceSettingForm(prefix=f"s{service.id}")
    raw_population = (request.form.get(form.annual_population.name) or "").strip()
    if raw_population and form.annual_population.data is None:  # typed, but not a whole number
        message = _("Populasi per tahun diisi dengan angka bulat, misalnya 1200.")
        flash(message, "danger")
        return _service_settings_refused(service, form, message)
    outcome = attempt(
        survey.save_service_config, db.session, service, survey_open=form.survey_open.data,
        is_free=form.is_free.data, biaya_mode=form.biaya_mode.data or "",
        annual_population=form.annual_population.data, require_token=form.require_token.data,
        actor=current_user, success=_("Pengaturan survei %(s)s disimpan.", s=service.name))
    if not outcome.ok:
        return _service_settings_refused(service, form, outcome.message)
    return redirect(url_for("admin_survey.settings") + f"#layanan-{service.id}")


def dashboard_context() -> dict:
    """Figures of the running triwulan for the staff dashboard (one aggregate query)."""
    period = survey.current_period()
    tallies = ikm.tally_by_service(db.session, period.start, period.end)
    total = ikm.Tally.empty()
    for tally in tallies.values():
        total.add(tally)
    nrrs = total.nrr()
    index = ikm.ikm(nrrs.values())
    konversi = ikm.konversi(index) if index is not None else None
    present = {k: v for k, v in nrrs.items() if v is not None}
    weakest = min(present, key=present.get) if present else None
    return {"skm_summary": {
        "period": period, "respondents": total.respondents, "konversi": konversi,
        "mutu": ikm.mutu(konversi) if konversi is not None else None,
        "weakest": ikm.UNSUR_BY_KEY[weakest] if weakest else None,
        "published": survey.get_publication(db.session, period.key) is not None,
    }}
