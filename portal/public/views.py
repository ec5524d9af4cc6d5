"""Public pages: home and health check. Feature pages live in their own modules of this package."""
from __future__ import annotations

from flask import jsonify, render_template
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portal.extensions import db
from portal.public import bp


@bp.route("/")
def home():
    return render_template("public/home.html")


@bp.route("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
        ok = True
    except SQLAlchemyError:
        db.session.rollback()
        ok = False
    return jsonify(status="ok" if ok else "degraded", database=ok), (200 if ok else 503)
