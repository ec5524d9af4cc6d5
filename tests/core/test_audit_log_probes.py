"""The audit log's filters and exports probed as an attacker and a careless reader would (h7, issue 12 §5):
dates at the calendar's edge, url_for's own names in the query of an export with a bad filter, and no view
handing the raw query string to url_for."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest

PORTAL = Path(__file__).resolve().parents[2] / "portal"
PATHS = ["/admin/audit", "/admin/audit.csv", "/admin/audit.xlsx"]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("query", ["sampai=9999-12-31", "dari=0001-01-01",
                                   "dari=0001-01-01&sampai=0001-01-01", "dari=9999-12-31&sampai=9999-12-31",
                                   "sampai=3000-01-01", "dari=1899-12-31"])
def test_reported_audit_dates_at_the_edge_of_the_calendar(client, login_as, path, query):
    """Reported (h7): /admin/audit?sampai=9999-12-31 (the day after it) and ?dari=0001-01-01 (its midnight in
    UTC) were a 500, on the page and both exports; the class: a date outside 1900-2999 is a bad filter."""
    login_as("admin")
    response = client.get(f"{path}?{query}")
    if path == "/admin/audit":
        assert response.status_code == 400, (query, response.status_code)
        assert "tidak valid" in response.get_data(as_text=True)
    else:  # an export with a bad filter goes back to the page that says so
        assert response.status_code == 302, (query, response.status_code)
        assert response.headers["Location"].startswith("/admin/audit?")


@pytest.mark.parametrize("path", PATHS[1:])
@pytest.mark.parametrize("name", ["endpoint", "_method", "_external", "_anchor", "_scheme", "values"])
def test_reported_export_with_a_bad_filter_and_url_for_names(client, login_as, path, name):
    """Reported (h7): /admin/audit.csv?dari=x&endpoint=y was a 500 (the redirect passed **request.args to
    url_for); `_external`/`_anchor` changed the redirect. The redirect keeps the filters and nothing else."""
    login_as("admin")
    response = client.get(f"{path}?dari=x&aksi=complaint&{name}=javascript%3Aalert(1)")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/admin/audit?") and "#" not in location and "javascript" not in location
    assert "aksi=complaint" in location and "dari=x" in location


def test_no_view_hands_the_raw_query_string_to_url_for():
    """The class of issue 10 D and of the audit export above: links and redirects are built with
    portal.core.routing.url_with_args, never url_for(..., **request.args)."""
    found = []
    for source in PORTAL.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        found += [f"{source.relative_to(PORTAL)}: {m[0]}"
                  for m in re.finditer(r"\*\*\s*request\.(args|values|form)\b(?!\.)", text)]
        found += [f"{source.relative_to(PORTAL)}: {m[0]}"
                  for m in re.finditer(r"\*\*\s*request\.(args|values)\.to_dict\(\)", text)]
    assert found == []


def test_a_valid_range_still_filters(client, login_as):
    login_as("admin")
    assert client.get("/admin/audit?dari=1900-01-01&sampai=2999-12-31").status_code == 200
    response = client.get("/admin/audit.csv?dari=" + quote("2026-01-01") + "&sampai=2026-12-31")
    assert response.status_code == 200


def test_audit_export_after_publication_holds_ids_only(app, client, login_as):
    """A complaint with a planted identity is published, its summary edited and withdrawn; pimpinan's CSV
    and XLSX exports of the log hold none of the planted words nor the summaries, and the export's own
    entry keeps codes and numbers only."""
    import json

    from sqlalchemy import select

    from portal.core.models.audit import AuditLog
    from portal.dumas import publication
    from portal.extensions import db
    from tests.public_list_helpers import SECRETS, SUMMARY, officer, published_complaint
    from tests.wbs_helpers import unzip_text

    with app.app_context():
        complaint = published_complaint()
        publication.update_summary(db.session, complaint, SUMMARY + " Diperbarui.", officer())
        publication.unpublish(db.session, complaint, officer())
        db.session.commit()
    login_as("pimpinan")
    csv_text = client.get("/admin/audit.csv?aksi=complaint").get_data(as_text=True)
    xlsx_text = unzip_text(client.get("/admin/audit.xlsx").get_data())
    assert "complaint.publish" in csv_text
    for text in (csv_text, xlsx_text):
        for secret in (*SECRETS[:-1], SUMMARY[:40]):  # (the officer's own name is the actor column's)
            assert secret not in text, secret
    with app.app_context():
        entries = db.session.scalars(select(AuditLog).where(AuditLog.action == "audit.export")).all()
        assert len(entries) == 2
        for entry in entries:
            detail = json.loads(entry.detail)
            assert set(detail) <= {"format", "total", "prefix", "user_id", "type", "date_from", "date_to"}
            assert "[disaring]" not in entry.detail
