"""Public SKM pages: choose a service, answer the questionnaire (phone first, one screen), thanks,
published results per period and service, and a printable QR poster per service."""
from __future__ import annotations

import logging

from flask import (
    abort,
    current_app,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal.core import clock, form_tokens, web_forms
from portal.core import tables as open_tables
from portal.core.links import external_url
from portal.core.open_data import open_data
from portal.core.views import attempt
from portal.extensions import db, limiter
from portal.public import bp as public_bp
from portal.survey import bp, ikm, qr_svg
from portal.survey import export as survey_export
from portal.survey import service as survey
from portal.survey.forms import SurveyForm
from portal.survey.models import SurveyPublication

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
        open_links=_open_links(publication.period_key),
    )


# --------------------------------------------------------------------------------------------- open data
# The published results of a period in open formats (issue 12 §1): JSON under /api/v1/skm, CSV (one table
# per file) and XLSX beside the results page. Only published periods; a withdrawn one is a 404.
def _publication_or_404(period_key: str):
    publication = survey.get_publication(db.session, (period_key or "")[:20])
    if publication is None:
        abort(404)
    return publication


def _published_at():
    key = (request.view_args or {}).get("period_key")
    if key is None:
        return db.session.scalar(select(func.max(SurveyPublication.published_at)))
    publication = survey.get_publication(db.session, key[:20])
    return publication.published_at if publication is not None else None


def _open_links(period_key: str) -> list[dict]:
    links = [{"label": "CSV", "url": url_for("survey.results_csv", period_key=period_key)},
             {"label": "XLSX", "url": url_for("survey.results_xlsx", period_key=period_key)},
             {"label": "JSON", "url": url_for("public.skm_api_period", period_key=period_key)}]
    links.append({"label": "CSV", "title": _("NRR per unsur"),
                  "url": url_for("survey.results_table_csv", period_key=period_key, table_id="unsur")})
    return links


def _file_name(publication, ext: str, table_id: str | None = None) -> str:
    return f"hasil-skm-{publication.period_key}{'-' + table_id if table_id else ''}.{ext}"


@bp.route("/hasil/<period_key>.csv")
@open_data(last_modified=_published_at)
def results_csv(period_key: str):
    """The IKM per service of a published period, one table per CSV file."""
    return _table_csv(period_key, survey_export.MAIN_TABLE, suffix=False)


@bp.route("/hasil/<period_key>/<table_id>.csv")
@open_data(last_modified=_published_at)
def results_table_csv(period_key: str, table_id: str):
    return _table_csv(period_key, table_id, suffix=True)


def _table_csv(period_key: str, table_id: str, *, suffix: bool):
    publication = _publication_or_404(period_key)
    table = open_tables.find(survey_export.open_tables(survey.publication_data(publication)), table_id)
    if table is None:
        abort(404)
    name = _file_name(publication, "csv", table_id if suffix else None)
    return open_tables.send(open_tables.to_csv(table), name)


@bp.route("/hasil/<period_key>.xlsx")
@open_data(last_modified=_published_at)
def results_xlsx(period_key: str):
    publication = _publication_or_404(period_key)
    body = open_tables.to_xlsx(survey_export.open_tables(survey.publication_data(publication)))
    return open_tables.send(body, _file_name(publication, "xlsx"))


def _period_summary(publication) -> dict:
    period = survey.period_from_key(publication.period_key)
    key = publication.period_key
    return {
        "period_key": key, "period_type": publication.period_type, "label": period.label,
        "start": publication.period_start.isoformat(), "end": publication.period_end.isoformat(),
        "published_at": publication.published_at.isoformat(timespec="seconds"),
        "version": publication.version,
        "url": external_url("survey.results", periode=key),
        "json": external_url("public.skm_api_period", period_key=key),
        "csv": external_url("survey.results_csv", period_key=key),
        "xlsx": external_url("survey.results_xlsx", period_key=key),
        # each table's own CSV; ids are the portal's codes (values, not keys: docs/api.md)
        "tables": [{"id": t, "csv": external_url("survey.results_table_csv", period_key=key, table_id=t)}
                   for t in ("layanan", "unsur")],
    }


@public_bp.route("/api/v1/skm", endpoint="skm_api")
@open_data(last_modified=_published_at)
def skm_api():
    publications = survey.published(db.session)
    return jsonify(count=len(publications), items=[_period_summary(p) for p in publications])


@public_bp.route("/api/v1/skm/<period_key>", endpoint="skm_api_period")
@open_data(last_modified=_published_at)
def skm_api_period(period_key: str):
    publication = _publication_or_404(period_key)
    data = survey.publication_data(publication)
    return jsonify(
        period=_period_summary(publication),
        total=survey_export.open_result(data["total"]),
        services=[{"slug": e["slug"], "name": e["name"], **survey_export.open_result(e)}
                  for e in data["services"]],
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
