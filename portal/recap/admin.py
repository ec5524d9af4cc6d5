"""Staff recap pages: live figures for any period (dumas, admin, pimpinan); publishing (admin only)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from portal.accounts.decorators import roles_required
from portal.core import periods
from portal.core.errors import DomainError
from portal.extensions import db
from portal.recap import service as recaps
from portal.recap.forms import PeriodForm, PublishForm

bp = Blueprint("admin_recap", __name__)

VIEW_ROLES = ("dumas", "admin", "pimpinan")
KIND = "dumas"


def _chosen_period(form: PeriodForm) -> tuple[periods.Period, str | None]:
    """The period from ?periode=KEY, else from the chooser fields, else the current year."""
    error = None
    key = request.args.get("periode", "").strip()
    if key:
        try:
            period = periods.parse_period(key)
            form.fill_from(period)
            return period, None
        except DomainError as err:
            error = err.message
    elif "period_type" in request.args:
        if form.validate():
            try:
                period = form.to_period()
                form.fill_from(period)
                return period, None
            except DomainError as err:
                error = err.message
        else:
            error = " ".join(errs[0] for errs in form.errors.values() if errs)
    period = periods.year_period(periods.current_year())
    if error is None:
        form.fill_from(period)
    return period, error


@bp.route("", strict_slashes=False)
@roles_required(*VIEW_ROLES)
def index():
    form = PeriodForm(formdata=request.args if request.args else None)
    period, error = _chosen_period(form)
    if error:
        flash(error, "danger")
    data = recaps.compute(db.session, period, KIND)
    snapshot = recaps.get_snapshot(db.session, period.key, KIND)
    publish_form = PublishForm(period_key=period.key)
    published = db.session.scalars(recaps.published_query(KIND).limit(50)).all()
    return render_template(
        "recap/admin.html", form=form, period=period, data=data, tables=recaps.tables(data),
        charts=recaps.chart_data(data, prefix="live"), snapshot=snapshot, publish_form=publish_form,
        published=published, can_publish=current_user.has_role("admin"),
    ), (400 if error else 200)


@bp.route("/terbitkan", methods=["POST"])
@roles_required("admin")
def publish():
    form = PublishForm()
    if not form.validate_on_submit():
        flash(_("Permintaan penerbitan tidak sah. Muat ulang halaman lalu coba lagi."), "danger")
        return redirect(url_for("admin_recap.index"))
    try:
        period = periods.parse_period(form.period_key.data)
        recaps.publish(db.session, period, current_user, kind=KIND, replace=form.replace.data)
        db.session.commit()
    except DomainError as err:
        db.session.rollback()
        flash(err.message, "danger")
        return redirect(url_for("admin_recap.index", periode=form.period_key.data.strip()[:20]))
    except IntegrityError:  # another admin published the same period a moment ago
        db.session.rollback()
        flash(_("Rekap periode ini baru saja diterbitkan oleh pengguna lain. Periksa lalu ulangi bila "
                "perlu."),
              "warning")
        return redirect(url_for("admin_recap.index", periode=period.key))
    flash(_("Rekap %(label)s diterbitkan dan tampil di halaman publik.", label=period.label), "success")
    return redirect(url_for("admin_recap.index", periode=period.key))
