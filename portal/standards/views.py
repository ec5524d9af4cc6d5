"""Public pages: /standar-pelayanan (list) and /standar-pelayanan/<slug> (one service's standard)."""
from __future__ import annotations

from flask import abort, render_template, request

from portal.core.clock import today
from portal.core.validation import parse_int
from portal.extensions import db
from portal.public import bp
from portal.standards import service as standards


@bp.route("/standar-pelayanan", endpoint="standards")
def standards_index():
    on = today()
    return render_template("public/standards.html", rows=standards.public_overview(db.session, on), today=on)


@bp.route("/standar-pelayanan/<slug>", endpoint="standard_detail")
def standard_detail(slug: str):
    service = standards.get_service(db.session, slug)
    if service is None or not service.active:
        abort(404)
    on = today()
    current = standards.current_revision(db.session, service, on)
    upcoming = standards.upcoming_revision(db.session, service, on)
    shown = current or upcoming
    raw = (request.args.get("revisi") or "").strip()
    number = parse_int(raw, min_value=1)
    if raw and number is None:  # no such revision (0, negative, beyond a database integer, not a number)
        abort(404)
    if number is not None:
        shown = standards.get_revision(db.session, service, number)
        if shown is None or not shown.is_published:
            abort(404)
    if shown is None:
        abort(404)
    entries = standards.history(db.session, service, on=on)
    state = next(e.state for e in entries if e.revision.id == shown.id)
    return render_template(
        "public/standard_detail.html",
        service=service, revision=shown, state=state, current=current, upcoming=upcoming,
        history=entries, groups=standards.grouped_components(),
        rendered=standards.rendered_components(shown), today=on,
    )
