"""SKM (Survei Kepuasan Masyarakat): the public blueprint `survey` (/survei: questionnaire, results,
poster) in views.py and the staff blueprint `admin_survey` (/admin/survei) in admin.py.

Roles on the staff side: `admin`, `editor` and `pimpinan` see the responses and the live results and
download the XLSX; `admin` and `editor` record the follow-up plans, publish a period and print QR
cards with one-time tokens; `admin` alone changes the SKM settings and deletes a response.
"""
from __future__ import annotations

import io

import segno
from flask import Blueprint
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from portal.core.registry import Feature, MenuEntry, Mount, Panel

bp = Blueprint("survey", __name__)
admin_bp = Blueprint("admin_survey", __name__)

VIEW_ROLES = ("admin", "editor", "pimpinan")
WRITE_ROLES = ("admin", "editor")
SETTINGS_ROLES = ("admin",)

FEATURE = Feature(
    "survey",
    blueprints=(Mount("portal.survey.views:bp", "/survei"), Mount("portal.survey.admin:bp", "/admin/survei")),
    menu=(MenuEntry("survey.form", _l("Survei"), 60),),
    staff_menu=(MenuEntry("admin_survey.responses", _l("Survei (SKM)"), 30, VIEW_ROLES),),
    panels=(
        Panel("admin/survey/_dashboard_panel.html", "portal.survey.dashboard:dashboard_context", VIEW_ROLES),
    ),
    samplers=("portal.survey.service:demo_sample",),
)


def qr_svg(url: str, title: str, css_class: str = "qr-svg") -> Markup:
    """Inline SVG QR code rendered on the server (no style attributes: the CSP stays strict)."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        buffer, kind="svg", xmldecl=False, svgns=True, nl=False, scale=1, border=4, omitsize=True,
        svgclass=css_class, lineclass=None, title=title,
    )
    # bandit B704: the SVG is written by segno, which escapes the title (the only text in it)
    return Markup(buffer.getvalue().decode("utf-8"))  # nosec B704


def desimal(value, places: int | None = None) -> str:
    """'88.31' -> '88,31' (Indonesian decimal comma); None -> '–'."""
    if value is None or value == "":
        return "–"
    text = str(value) if places is None else f"{float(value):.{places}f}"
    return text.replace(".", ",")


@bp.record_once
def _template_helpers(state) -> None:
    from portal.survey import ikm
    from portal.survey import service as survey

    state.app.jinja_env.filters["desimal"] = desimal
    state.app.jinja_env.globals.update(
        SKM_UNSUR=ikm.UNSUR, SKM_UNSUR_BY_KEY=ikm.UNSUR_BY_KEY, SKM_MUTU=ikm.MUTU_BY_CODE,
        SKM_GENDERS=survey.GENDERS,
    )
