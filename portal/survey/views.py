"""Public SKM pages: choose a service, answer the questionnaire (phone first, one screen), thanks,
published results per period and service, and a printable QR poster per service."""
from __future__ import annotations

import logging

from flask import abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from portal.core import clock, form_tokens, web_forms
from portal.core.links import external_url
from portal.core.views import attempt
from portal.extensions import db, limiter
from portal.survey import bp, ikm, qr_svg
from portal.survey import service as survey
from portal.survey.forms import SurveyForm

log = logging.getLogger("portal.survey")
FORM = "skm"


def _post_limit() -> str:
    return current_app.config["SKM_POST_RATE_LIMIT"]


def _token_limit() -> str:
    return current_app.config["SKM_TOKEN_RATE_LIMIT"]


def _no_token() -> bool:
    return not (request.args.get("t") or "").strip()


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


def _render_form(config: survey.ServiceConfig, form: SurveyForm, token: str, status: int = 200,
                 form_token: str | None = None):
    response = make_response(render_template(
        "survey/form.html", config=config, form=form, token=token,
        form_token=form_token or form_tokens.new_token(), today=clock.today(), fields=form.unsur_fields(),
    ), status)
    return _no_store(response)


def _token_refused(config: survey.ServiceConfig, message: str):
    return _no_store(make_response(render_template("survey/token_refused.html", config=config,
                                                   message=message), 409))


def _choose_service(slug: str):
    """The services taking answers; a 404 with a note when the one asked for is unknown or closed."""
    configs = survey.service_configs(db.session, open_only=True)
    if not slug:
        return render_template("survey/choose.html", configs=configs)
    flash(_("Layanan tidak ditemukan atau tidak sedang disurvei. Pilih layanan dari daftar."), "warning")
    return render_template("survey/choose.html", configs=configs), 404


def _gate(config: survey.ServiceConfig, token: str):
    """Before the questionnaire is shown: a card's token must still be good, and a service that takes
    answers only by card needs one. None when the form may be shown."""
    if token:
        state = survey.token_state(db.session, token, config.service)
        return None if state == survey.TOKEN_OK else _token_refused(config, survey.token_message(state))
    if config.require_token:
        return render_template("survey/token_required.html", config=config), 403
    return None


def _submit(config: survey.ServiceConfig, form: SurveyForm, token: str):
    """The POST: store the answers once (a re-sent form lands on the thanks page), or show what to fix."""
    thanks = url_for("survey.thanks", layanan=config.service.slug)
    if (form.website.data or "").strip():
        log.info("SKM honeypot field filled; submission discarded")
        return redirect(thanks)
    once = web_forms.posted_token()
    try:
        form_tokens.claim(db.session, once, FORM, clock.today())
    except form_tokens.AlreadySubmitted:  # a re-sent POST: the answers were recorded once
        return web_forms.already_sent(FORM, once, "survey.thanks", layanan=config.service.slug)
    try:
        outcome = attempt(survey.submit_response, db.session, config, request.form.to_dict(), token=token,
                          flash_error=False)
    except IntegrityError:
        db.session.rollback()
        return web_forms.already_sent(FORM, once, "survey.thanks", layanan=config.service.slug)
    if outcome.ok:
        return redirect(thanks)
    err = outcome.error
    if isinstance(err, survey.IncompleteSurvey):
        for name, message in err.errors.items():
            if name in form:
                form[name].errors = [message]
    elif token:
        return _token_refused(config, err.message)
    flash(err.message, "danger")
    return _render_form(config, form, token, 422, once)


@bp.route("", methods=["GET", "POST"])
@limiter.limit(_post_limit, methods=["POST"])
@limiter.limit(_token_limit, methods=["GET"], exempt_when=_no_token)  # a token check is a code check
def form():
    slug = (request.args.get("layanan") or "").strip()
    config = survey.find_open_service(db.session, slug) if slug else None
    if config is None:
        return _choose_service(slug)
    token = (request.values.get("t") or "").strip()[:64]
    if request.method == "GET":
        refusal = _gate(config, token)
        if refusal is not None:
            return refusal
    form = SurveyForm()
    form.setup(config, survey.categories(db.session))
    if token:
        form.t.data = token
    if request.method == "POST":
        return _submit(config, form, token)
    return _render_form(config, form, token)


@bp.route("/terima-kasih")
def thanks():
    config = survey.find_open_service(db.session, request.args.get("layanan", ""))
    return render_template("survey/thanks.html", config=config)


@bp.route("/hasil")
def results():
    publications = survey.published(db.session)
    key = (request.args.get("periode") or "").strip()[:20]
    publication = None
    if key:
        publication = next((p for p in publications if p.period_key == key), None)
        if publication is None:
            abort(404)
    elif publications:
        publication = publications[0]
    if publication is None:
        return render_template("survey/results.html", publication=None, publications=[])
    data = survey.publication_data(publication)
    slug = (request.args.get("layanan") or "").strip()[:80]
    result, entry = survey.scope_result(data, slug)
    if slug and entry is None:
        abort(404)
    return render_template(
        "survey/results.html", publication=publication, publications=publications, data=data, result=result,
        entry=entry, follow_ups=survey.scope_follow_ups(data, entry["slug"] if entry else ""),
        charts=chart_data(result, "publik"), period=survey.period_from_key(publication.period_key),
        period_labels={p.period_key: survey.period_from_key(p.period_key).label for p in publications},
    )


@bp.route("/poster/<slug>")
def poster(slug: str):
    config = survey.find_open_service(db.session, slug)
    if config is None:
        abort(404)
    url = external_url("survey.form", layanan=config.service.slug, shown_to_requester_only=True)
    return render_template("survey/poster.html", config=config, url=url,
                           qr=qr_svg(url, _("Kode QR survei %(s)s", s=config.service.name)))


def chart_data(result: dict, prefix: str) -> dict:
    """Data for static/js/survey-charts.js (NRR per unsur, then the four profile breakdowns)."""
    profile = result["profile"]
    data = {
        "targets": {name: f"{prefix}-grafik-{name}" for name in ("unsur", *ikm.PROFILE_BREAKDOWNS)},
        "unsur": {
            "labels": [f"{u.code} {u.label}" for u in ikm.UNSUR],
            "codes": [u.code for u in ikm.UNSUR],
            "data": [None if r["nrr"] is None else float(r["nrr"]) for r in result["unsur"]],
            "weakest": [r["weakest"] for r in result["unsur"]],
            "label": _("NRR (1–4)"),
        },
        "gender": {"labels": [str(survey.GENDERS[c]) for c, _n in profile["gender"]],
                   "data": [n for _c, n in profile["gender"]]},
    }
    for name in ("age", "education", "occupation"):
        data[name] = {"labels": [survey.profile_label(label) for label, _n in profile[name]],
                      "data": [n for _l, n in profile[name]], "label": _("Responden")}
    return data


@bp.app_template_global("skm_profile_label")
def profile_label(value: str) -> str:
    """A stored profile answer as the results pages show it (portal.survey.service.profile_label)."""
    return survey.profile_label(value)
