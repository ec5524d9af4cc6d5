"""robots.txt and sitemap.xml: search engines find the public pages and the WBS guide, never the staff area,
the WBS form, receipts or tracking pages (those also send `X-Robots-Tag: noindex`, portal/wbs/__init__.py)."""
from __future__ import annotations

from flask import Response, render_template, url_for
from sqlalchemy import select

from portal.content.models import Page
from portal.core.links import base_url, external_url
from portal.dumas import publication
from portal.dumas.models import Complaint
from portal.extensions import db
from portal.public import bp
from portal.recap import service as recaps
from portal.standards import service as standards

# Paths no search engine should list: staff pages, forms that file something, receipts, tracking.
PRIVATE_PATHS = ("/admin/", "/wbs/lapor", "/wbs/lacak", "/wbs/tanda-terima", "/pengaduan/lacak",
                 "/pengaduan/tanda-terima", "/survei/terima-kasih", "/api/")
# The public pages without parameters, in the order of the main menu.
PUBLIC_ENDPOINTS = ("public.home", "public.action_plan", "public.zi_progress", "public.standards",
                    "public.pledge", "dumas.form", "dumas.public_list", "wbs.guide", "survey.form",
                    "survey.results", "recap.index", "wbs.recap", "api.open_data", "ppid.index", "ppid.dip",
                    "ppid.exemptions")


@bp.route("/robots.txt")
def robots():
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in PRIVATE_PATHS)]
    root = base_url() or url_for("public.home", _external=True).rstrip("/")
    lines.append(f"Sitemap: {root}/sitemap.xml")
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


@bp.route("/sitemap.xml")
def sitemap():
    urls = [external_url(endpoint, shown_to_requester_only=True) for endpoint in PUBLIC_ENDPOINTS]
    urls += [external_url("public.standard_detail", shown_to_requester_only=True, slug=service.slug)
             for service in standards.list_services(db.session, active_only=True)]
    published = select(Page.slug).where(Page.status == "published", Page.published_revision_id.is_not(None))
    urls += [external_url("public.page", shown_to_requester_only=True, slug=slug)
             for slug in db.session.scalars(published) if slug != "maklumat"]
    urls += [external_url("recap.detail", shown_to_requester_only=True, period_key=snapshot.period_key)
             for snapshot in db.session.scalars(recaps.published_query("dumas"))]
    urls += [external_url("dumas.public_detail", shown_to_requester_only=True, number=number)
             for number in db.session.scalars(
                 publication.published_query().with_only_columns(Complaint.number))]
    body = render_template("public/sitemap.xml", urls=[url for url in urls if url])
    return Response(body, mimetype="application/xml")
