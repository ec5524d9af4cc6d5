"""Public SKM pages: choose a service, answer the questionnaire (phone first, one screen), thanks,
published results per period and service, and a printable QR poster per service."""
from __future__ import annotations

import logging

from flask import abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from portal.core import form_tokens, web_forms
from portal.core.errors import DomainError
from portal.core.links import external_url
from portal.extensions import db, limiter
from portal.survey import bp, qr_svg
from portal.survey import service as survey
from portal.survey.forms import SurveyForm

log = logging.getLogger("portal.survey")
FORM = "skm"


def _post_limit() -> str:
    return current_app.config.get("SKM_POST_RATE_LIMIT", "10 per minute;60 per hour")


def _token_limit() -> str:
    return current_app.config.get("SKM_TOKEN_RATE_LIMIT", "30 per minute;200 per hour")


def _no_token() -> bool:
    return not (request.args.get("t") or "").strip()


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


def _render_form(config: survey.ServiceConfig, form: SurveyForm, token: str, status: int = 200,
                 form_token: str | None = None):
    response = make_response(render_template(
        "survey/form.html", config=config, form=form, token=token, form_token=form_token or form_tokens.new_token(),
        today=survey.today(), fields=form.unsur_fields(),
    ), status)
    return _no_store(response)


@bp.route("", methods=["GET", "POST"])
@limiter.limit(_post_limit, methods=["POST"])
@limiter.limit(_token_limit, methods=["GET"], exempt_when=_no_token)  # a token check is a code check
def form():
    slug = (request.args.get("layanan") or "").strip()
    if not slug:
        configs = survey.service_configs(db.session, open_only=True)
        return render_template("survey/choose.html", configs=configs)
    config = survey.find_open_service(db.session, slug)
    if config is None:
        configs = survey.service_configs(db.session, open_only=True)
        flash(_("Layanan tidak ditemukan atau tidak sedang disurvei. Pilih layanan dari daftar."), "warning")
        return render_template("survey/choose.html", configs=configs), 404
    token = (request.values.get("t") or "").strip()[:64]

    if request.method == "GET":
        if token:
            state = survey.token_state(db.session, token, config.service)
            if state != survey.TOKEN_OK:
                return _no_store(make_response(render_template(
                    "survey/token_refused.html", config=config, message=survey.token_message(state)), 409))
        elif config.require_token:
            return render_template("survey/token_required.html", config=config), 403

    form = SurveyForm()
    form.setup(config, survey.categories(db.session))
    if token:
        form.t.data = token
    if request.method == "POST":
        if (form.website.data or "").strip():
            log.info("SKM honeypot field filled; submission discarded")
            return redirect(url_for("survey.thanks", layanan=config.service.slug))
        data = request.form.to_dict()
        once = web_forms.posted_token()
        try:
            form_tokens.claim(db.session, once, FORM, survey.today())
        except form_tokens.AlreadySubmitted:  # a re-sent POST: the answers were recorded once
            return web_forms.already_sent(FORM, once, "survey.thanks", layanan=config.service.slug)
        try:
            survey.submit_response(db.session, config, data, token=token)
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            return web_forms.already_sent(FORM, once, "survey.thanks", layanan=config.service.slug)
        except survey.IncompleteSurvey as err:
            db.session.rollback()
            for name, message in err.errors.items():
                if name in form:
                    form[name].errors = [message]
            flash(err.message, "danger")
            return _render_form(config, form, token, 422, once)
        except DomainError as err:
            db.session.rollback()
            if token:
                return _no_store(make_response(render_template(
                    "survey/token_refused.html", config=config, message=err.message), 409))
            flash(err.message, "danger")
            return _render_form(config, form, token, 422, once)
        return redirect(url_for("survey.thanks", layanan=config.service.slug))
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
        entry=entry, follow_ups=[f for f in data["follow_ups"] if f["scope"] == (entry["slug"] if entry else "")],
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
    from portal.survey import ikm

    profile = result["profile"]
    return {
        "targets": {"unsur": f"{prefix}-grafik-unsur", "gender": f"{prefix}-grafik-gender",
                    "age": f"{prefix}-grafik-age", "education": f"{prefix}-grafik-education",
                    "occupation": f"{prefix}-grafik-occupation"},
        "unsur": {
            "labels": [f"{u.code} {u.label}" for u in ikm.UNSUR],
            "codes": [u.code for u in ikm.UNSUR],
            "data": [None if r["nrr"] is None else float(r["nrr"]) for r in result["unsur"]],
            "weakest": [r["weakest"] for r in result["unsur"]],
            "label": _("NRR (1–4)"),
        },
        "gender": {"labels": [str(survey.GENDERS[c]) for c, _n in profile["gender"]],
                   "data": [n for _c, n in profile["gender"]]},
        "age": {"labels": [label for label, _n in profile["age"]], "data": [n for _l, n in profile["age"]],
                "label": _("Responden")},
        "education": {"labels": [label for label, _n in profile["education"]],
                      "data": [n for _l, n in profile["education"]], "label": _("Responden")},
        "occupation": {"labels": [label for label, _n in profile["occupation"]],
                       "data": [n for _l, n in profile["occupation"]], "label": _("Responden")},
    }
