"""Issue 10 E1: every download of uploaded content carries its own strict headers on the REAL response
(flask-talisman used to overwrite the sandbox CSP with the page one). The routes are found in the URL map:
a new route that serves uploaded files must be added to DOWNLOADS below, or the enumeration test fails."""
from __future__ import annotations

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from portal.extensions import db
from portal.wbs.models import WbsReport
from tests.dumas_factories import make_attachment, make_category, make_complaint
from tests.wbs_helpers import jpeg_with_gps, submit
from tests.zi_helpers import PERUBAHAN, evidence, join_team, load_plan, pdf_upload
from tests.zi_helpers import submit as zi_submit

# endpoint -> (method, rule) of every route that sends a file someone uploaded
DOWNLOADS = {
    "admin_dumas.attachment": ("GET", "/admin/pengaduan/<number>/lampiran/<int:attachment_id>"),
    "admin_wbs.attachment": ("GET", "/admin/wbs/<int:report_id>/lampiran/<int:attachment_id>"),
    "wbs.download": ("POST", "/wbs/lacak/berkas"),
    "ppid_requests.download": ("POST", "/ppid/lacak/unduh"),  # released with the decision (number + code)
    "admin_zi.download": ("GET", "/admin/zi/bukti/<int:evidence_id>/unduh"),
    "ppid.document": ("GET", "/ppid/dip/<int:entry_id>/unduh/<int:document_id>"),  # a published DIP file
    # a request's identity scan (ppid role only) or released document (tests/ppid/test_requests_admin.py)
    "admin_ppid_requests.download": ("GET", "/admin/ppid/permohonan/<number>/berkas/<int:file_id>"),
    # a gratification report's evidence, for its reporter and the UPG
    "admin_gratification.download": ("GET", "/admin/gratifikasi/<number>/berkas/<int:file_id>"),
}
# views that call send_file for a workbook the portal builds itself (no uploaded content)
BUILT_EXPORTS = {"admin_wbs.quarterly_export", "admin_zi.report_xlsx", "admin_survey.export"}


def assert_user_file_headers(response, where: str) -> None:
    assert response.status_code == 200, (where, response.status_code)
    assert response.headers["Content-Disposition"].startswith("attachment"), where
    assert response.headers["X-Content-Type-Options"] == "nosniff", where
    csp = [p.strip() for p in response.headers["Content-Security-Policy"].split(";")]
    assert csp == ["sandbox", "default-src 'none'"], (where, response.headers["Content-Security-Policy"])
    assert len(response.headers.getlist("Content-Security-Policy")) == 1, where
    cache = response.headers["Cache-Control"]
    assert "no-store" in cache and "private" in cache and "public" not in cache, (where, cache)
    assert response.headers["Referrer-Policy"] == "no-referrer", where
    assert "ETag" not in response.headers and "Last-Modified" not in response.headers, where


def test_every_route_serving_uploaded_files_is_known(app):
    """Found from the URL map and the views' code: a view that sends a file either goes through
    portal.core.downloads.send_user_file (and is tested here) or is a workbook the portal builds itself."""
    import inspect

    helper_users, raw_senders = set(), set()
    for endpoint, view in app.view_functions.items():
        if endpoint == "static":
            continue
        source = inspect.getsource(inspect.unwrap(view))
        if "send_user_file(" in source:
            helper_users.add(endpoint)
        if "send_file(" in source.replace("send_user_file(", ""):
            raw_senders.add(endpoint)
    assert helper_users == set(DOWNLOADS), helper_users ^ set(DOWNLOADS)
    assert raw_senders <= BUILT_EXPORTS, (
        f"send_file outside portal/core/downloads.py: {raw_senders - BUILT_EXPORTS}")
    for endpoint, (method, rule) in DOWNLOADS.items():
        rules = list(app.url_map.iter_rules(endpoint))
        assert [r.rule for r in rules] == [rule] and method in rules[0].methods, endpoint


def test_dumas_attachment_download(app, client, login_as):
    with app.app_context():
        complaint = make_complaint(db.session, category=make_category(db.session))
        item = make_attachment(db.session, complaint, app.config["UPLOAD_FOLDER"])
        db.session.commit()
        number, attachment_id = complaint.number, item.id
    login_as("dumas")
    response = client.get(f"/admin/pengaduan/{number}/lampiran/{attachment_id}")
    assert_user_file_headers(response, "admin_dumas.attachment")
    assert response.data.startswith(b"%PDF")


def test_wbs_team_and_reporter_downloads(app, client, login_as):
    _, receipt = submit(client, files=[("foto.jpg", jpeg_with_gps())])
    assert receipt
    reporter = app.test_client()
    login_as("wbs")
    with app.app_context():
        report = db.session.scalars(select(WbsReport)).one()
        rid, att_id = report.id, report.attachments[0].id
    team = client.get(f"/admin/wbs/{rid}/lampiran/{att_id}")
    assert_user_file_headers(team, "admin_wbs.attachment")
    own = reporter.post("/wbs/lacak/berkas", data={"receipt": receipt, "attachment_id": att_id})
    assert_user_file_headers(own, "wbs.download")
    assert own.data == team.data and own.data[:2] == b"\xff\xd8"


@freeze_time("2026-06-20 03:00:00")
def test_zi_evidence_download(app, client, make_user, auth):
    load_plan(app)
    member = make_user("editor", name="Anggota Perubahan")
    join_team(app, member, PERUBAHAN)
    assert auth.login(member.email).status_code == 302
    assert zi_submit(client, app, "I.3", "2026-06", files=[pdf_upload("notulen.pdf")]).status_code == 302
    row = next(r for r in evidence(app, "I.3") if r.kind == "file")
    response = client.get(f"/admin/zi/bukti/{row.id}/unduh")
    assert_user_file_headers(response, "admin_zi.download")


@pytest.mark.parametrize("path", ["/", "/pengaduan"])
def test_pages_keep_the_page_policy(client, path):
    """The download headers are per response: pages still carry the site CSP (talisman's)."""
    response = client.get(path)
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "sandbox" not in response.headers["Content-Security-Policy"]


@freeze_time("2026-04-20 03:00:00")
def test_gratification_evidence_download(app, make_user):
    import io

    from portal.gratification.models import GratificationFile
    from tests.dumas_public_helpers import jpeg_with_gps
    from tests.gratification.grt_helpers import client_for, form

    reporter = client_for(app, make_user("pegawai"))
    data = form()
    data["files"] = [(io.BytesIO(jpeg_with_gps()), "foto.jpg")]
    number = reporter.post("/admin/gratifikasi/lapor", data=data,
                           content_type="multipart/form-data").headers["Location"].rsplit("/", 1)[-1]
    with app.app_context():
        file_id = db.session.scalar(select(GratificationFile.id))
    url = f"/admin/gratifikasi/{number}/berkas/{file_id}"
    assert_user_file_headers(reporter.get(url), "gratification, reporter")
    assert_user_file_headers(client_for(app, make_user("upg")).get(url), "gratification, upg")
