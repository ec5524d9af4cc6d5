"""Content pages: list, create, edit with preview, history, restore, publish, unpublish (role `editor`)."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.decorators import roles_required
from portal.content import service as content
from portal.content.forms import PageCreateForm, PageEditForm, PreviewForm
from portal.core.markdown_render import render_markdown
from portal.core.views import ConfirmForm, attempt
from portal.extensions import db, limiter

bp = Blueprint("admin_content", __name__)

# The editor's preview sits under the page's <h1>, the "Pratinjau" <h2> and the title's <h3>.
PREVIEW_HEADING_LEVEL = 4


def _preview(body: str | None):
    """The same sanitised render the public page shows (portal/core/markdown_render.py), headings moved
    down to fit the editor page."""
    return render_markdown(body or "", min_heading_level=PREVIEW_HEADING_LEVEL)


def _preview_limit() -> str:
    return current_app.config["PREVIEW_RATE_LIMIT"]


def _preview_key() -> str:
    return f"preview:{current_user.get_id()}"  # per editor, not per address


@bp.before_request
@roles_required("editor")
def require_editor():
    """Every URL of this blueprint is for editors only (403 for other roles, log-in for anonymous)."""


def _page_or_404(page_id: int):
    return content.get_page(db.session, page_id) or abort(404)


@bp.route("/")
def pages():
    page = db.paginate(content.pages_query(), per_page=25)
    latest = {p.id: content.latest_revision(db.session, p) for p in page.items}
    return render_template("admin/content/pages.html", page=page, latest=latest)


@bp.post("/pratinjau")
@limiter.limit(_preview_limit, key_func=_preview_key)
def preview():
    """The live preview: the Markdown posted (with the CSRF token) rendered and sanitised, as JSON."""
    form = PreviewForm()
    if not form.validate_on_submit():
        too_long = bool(form.body.errors)
        return jsonify(error=_("Teks terlalu panjang untuk pratinjau.") if too_long else
                       _("Pratinjau tidak dapat dibuat; muat ulang halaman.")), 413 if too_long else 400
    return jsonify(html=str(_preview(form.body.data)))


def _previewing(form) -> bool:
    """The no-JavaScript "Pratinjau" button was pressed: show the typed text, save nothing."""
    return form.is_submitted() and bool(form.preview.data)


@bp.route("/baru", methods=["GET", "POST"])
def page_new():
    form = PageCreateForm()
    if _previewing(form):
        return render_template("admin/content/page_new.html", form=form, preview=_preview(form.body.data),
                               previewed=True)
    if form.validate_on_submit():
        outcome = attempt(
            content.create_page, db.session, slug=form.slug.data or "", title=form.title.data,
            body=form.body.data, note=form.note.data or "", actor=current_user,
            publish=bool(form.save_publish.data), success=_created_message,
        )
        if outcome.ok:
            return redirect(url_for("admin_content.page_edit", page_id=outcome.value.id))
    status = 400 if form.is_submitted() else 200
    return render_template("admin/content/page_new.html", form=form, preview=_preview(form.body.data)), status


@bp.route("/<int:page_id>", methods=["GET", "POST"])
def page_edit(page_id: int):
    page = _page_or_404(page_id)
    latest = content.latest_revision(db.session, page)
    form = PageEditForm()
    if not form.is_submitted() and latest is not None:
        form.title.data = latest.title
        form.body.data = latest.body_markdown
        form.base_revision.data = str(latest.id)
    if _previewing(form):
        return render_template("admin/content/page_edit.html", page=page, latest=latest, form=form,
                               preview=_preview(form.body.data), previewed=True)
    if form.validate_on_submit():
        base = form.base_revision.data
        outcome = attempt(
            content.save_revision, db.session, page, title=form.title.data, body=form.body.data,
            note=form.note.data or "", actor=current_user, publish=bool(form.save_publish.data),
            base_revision_id=int(base) if base and base.isdecimal() and len(base) < 10 else None,
        )
        if outcome.ok:
            _flash_saved(outcome.value)
            return redirect(url_for("admin_content.page_edit", page_id=page.id))
    status = 400 if form.is_submitted() else 200
    return render_template("admin/content/page_edit.html", page=page, latest=latest, form=form,
                           preview=_preview(form.body.data)), status


def _created_message(page) -> str:
    return _("Halaman dibuat dan diterbitkan.") if page.is_published else _("Halaman disimpan sebagai draf.")


def _flash_saved(result: content.SaveResult) -> None:
    if result.revision is None:
        flash(_("Tidak ada perubahan; tidak ada revisi baru yang disimpan."), "info")
    elif result.published:
        flash(_("Revisi #%(n)s disimpan dan diterbitkan.", n=result.revision.number), "success")
    else:
        flash(_("Revisi #%(n)s disimpan sebagai draf. Halaman publik belum berubah sampai diterbitkan.",
                n=result.revision.number), "success")


@bp.route("/<int:page_id>/riwayat")
def history(page_id: int):
    page = _page_or_404(page_id)
    revisions = db.paginate(content.revisions_query(page), per_page=30)
    latest = content.latest_revision(db.session, page)
    return render_template("admin/content/history.html", page=page, revisions=revisions, latest=latest)


@bp.route("/<int:page_id>/revisi/<int:revision_id>")
def revision(page_id: int, revision_id: int):
    page = _page_or_404(page_id)
    rev = content.get_revision(db.session, page, revision_id) or abort(404)
    latest = content.latest_revision(db.session, page)
    return render_template(
        "admin/content/revision.html", page=page, rev=rev, latest=latest,
        preview=render_markdown(rev.body_markdown, min_heading_level=4),
    )


def _post_action(page_id: int, action, success: str):
    """A POST-only button on a page (CSRF token required): run `action(page)`, back to the editor."""
    page = _page_or_404(page_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    attempt(action, page, success=success)
    return redirect(url_for("admin_content.page_edit", page_id=page.id))


@bp.post("/<int:page_id>/revisi/<int:revision_id>/pulihkan")
def restore(page_id: int, revision_id: int):
    def do(page):
        rev = content.get_revision(db.session, page, revision_id) or abort(404)
        content.restore_revision(db.session, page, rev, actor=current_user)

    return _post_action(
        page_id, do, _("Revisi lama dipulihkan sebagai draf baru. Terbitkan bila sudah sesuai."),
    )


@bp.post("/<int:page_id>/revisi/<int:revision_id>/terbitkan")
def publish(page_id: int, revision_id: int):
    def do(page):
        rev = content.get_revision(db.session, page, revision_id) or abort(404)
        content.publish_revision(db.session, page, rev, actor=current_user)

    return _post_action(page_id, do, _("Revisi diterbitkan. Halaman publik sudah diperbarui."))


@bp.post("/<int:page_id>/tarik")
def unpublish(page_id: int):
    return _post_action(
        page_id, lambda page: content.unpublish(db.session, page, actor=current_user),
        _("Halaman ditarik dari publik dan kini berstatus draf."),
    )
