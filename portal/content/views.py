"""Public content pages (`/halaman/<slug>`) and the maklumat pelayanan (`/maklumat`)."""
from __future__ import annotations

from flask import abort, render_template

from portal.content import service as content
from portal.core.markdown_render import render_markdown, to_plain_text
from portal.extensions import db
from portal.public import bp


def _published_or_404(slug: str):
    found = content.get_published(db.session, slug)
    if found is None:
        abort(404)
    return found


@bp.route("/halaman/<slug>")
def page(slug: str):
    page, revision = _published_or_404(slug)
    return render_template(
        "public/page.html", page=page, revision=revision,
        body=render_markdown(revision.body_markdown, min_heading_level=2),
        description=to_plain_text(revision.body_markdown, limit=160),
    )


@bp.route("/maklumat")
def pledge():
    page, revision = _published_or_404("maklumat")
    return render_template(
        "public/pledge.html", page=page, revision=revision,
        body=render_markdown(revision.body_markdown, min_heading_level=2),
    )
