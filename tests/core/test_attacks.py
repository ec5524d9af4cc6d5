"""The attack list: XSS payloads in every free-text field of DUMAS, WBS and SKM submissions, rendered on the
public pages and in the admin area; SQL-injection strings in every search/filter parameter and in the code
checks; hostile upload names, name/content disagreement, zip bombs and over-size bodies; missing and stale
CSRF tokens on every public form; staff session cookies replayed after log-out.

Already covered elsewhere (not repeated here):
- file name sanitising (unit): tests/core/test_attachments.py::test_display_name_sanitised;
  name/content disagreement and DOCX zip bomb through the DUMAS form:
  tests/core/test_attachments.py::test_bad_files_refused_with_message_and_nothing_written;
  a non-image named .jpg through the WBS form: tests/wbs/test_reporter.py
- missing CSRF token on /pengaduan, /wbs/lapor, /survei, /admin/login and several staff forms:
  tests/dumas/test_public.py, test_wbs_reporter.py, test_skm.py, test_auth.py, test_content.py, test_users.py
- a dumas officer's session cookie replayed after log-out: tests/accounts/test_auth.py
- Markdown/XSS in staff-written content: tests/core/test_markdown.py, test_content.py, test_standards.py
The browser check (no dialog, no script runs) is tests/e2e/test_xss_browser.py.
"""
from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from markupsafe import escape
from sqlalchemy import select

from portal.extensions import db
from tests.conftest import PASSWORD
from tests.dumas_public_helpers import docx_zip_bomb, pdf_bytes
from tests.security_helpers import XSS, csrf_token, public_rules, row_counts, seed, upload_files

# --- XSS ---------------------------------------------------------------------------------------------------

ALL_XSS = " ".join(XSS)


def xss_for(field_name: str, index: int, limit: int = 200) -> str:
    """A payload tagged with its field (so each place it shows up is checked), within the field's limit."""
    payload = f"[{field_name}] {XSS[index % len(XSS)]}"
    return payload[:limit]


def assert_escaped(html: str, payload: str, where: str) -> None:
    assert payload not in html or not re.search(r"[<>\"']", payload), f"{where}: unescaped {payload!r}"
    assert str(escape(payload)) in html, f"{where}: {payload!r} not shown (escaped) at all"


def assert_no_injected_markup(html: str, where: str) -> None:
    """No tag carries an event handler or a javascript: URL, and every <script> is ours (a static file or a
    JSON data block)."""
    for tag in re.findall(r"<[a-zA-Z][^>]*>", html):
        assert not re.search(r"\son[a-z]+\s*=", tag, re.IGNORECASE), f"{where}: event handler in {tag}"
        assert "javascript:" not in tag.lower(), f"{where}: javascript: URL in {tag}"
    for attrs, content in re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.DOTALL):
        if content.strip():
            assert 'type="application/json"' in attrs, f"{where}: inline script {content[:80]!r}"
        else:
            assert re.search(r'src="/static/', attrs), f"{where}: script from elsewhere {attrs}"


DUMAS_FIELDS = {"reporter_name": 120, "subject": 200, "event_place": 200}


@pytest.fixture
def xss_cases(app, client):
    """A DUMAS complaint (+ reporter addition), a WBS report (+ reporter reply) and an SKM response, every
    free-text field carrying a payload, all sent through the public forms."""
    from tests.dumas_public_helpers import load_categories, read_receipt
    from tests.wbs_helpers import RECEIPT_RE

    seeded = seed(app)
    cats = load_categories(app)
    dumas = {name: xss_for(name, i, limit) for i, (name, limit) in enumerate(DUMAS_FIELDS.items())}
    dumas["description"] = "[description] " + ALL_XSS
    response = client.post("/pengaduan", data={
        **dumas, "reporter_email": "warga@uji.example", "category_id": str(cats["pelayanan"]),
        "event_date": "2026-01-05", "consent": "y", "confidential": "",
    })
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    number, code = read_receipt(client)
    addition = "[addition] " + ALL_XSS
    response = client.post("/pengaduan/lacak/tambah", data={"number": number, "code": code, "text": addition},
                           follow_redirects=True)  # POST-redirect-GET (issue 10 F1)
    assert "telah kami terima" in response.get_data(as_text=True)
    dumas["addition"] = addition

    wbs = {"what": "[what] " + ALL_XSS, "who": xss_for("who", 1, 2000), "where": xss_for("where", 2, 1000),
           "when": xss_for("when", 4, 500), "how": "[how] " + ALL_XSS, "contact": xss_for("contact", 5, 500)}
    response = client.post("/wbs/lapor", data={**wbs, "category": "gratifikasi", "good_faith": "y"},
                           follow_redirects=True)
    receipt = RECEIPT_RE.search(response.get_data(as_text=True)).group(1)
    reply = "[reply] " + ALL_XSS
    response = client.post("/wbs/lacak/balas", data={"receipt": receipt, "body": reply},
                           follow_redirects=True)
    assert "Pesan Anda terkirim" in response.get_data(as_text=True)
    wbs["reply"] = reply

    from tests.survey.test_skm import answers

    suggestion = xss_for("suggestion", 1, 150)
    response = client.post(f"/survei?layanan={seeded.survey_slug}",
                           data=answers([4, 3, 3, 4, 3, 4, 4, 3, 3], suggestion=suggestion))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    from portal.wbs.models import WbsReport

    with app.app_context():
        report_id = db.session.scalars(select(WbsReport.id).order_by(WbsReport.id.desc())).first()
    return {"number": number, "code": code, "dumas": dumas, "receipt": receipt, "report_id": report_id,
            "wbs": wbs, "suggestion": suggestion, "seeded": seeded}


def test_xss_escaped_on_public_tracking_pages(client, xss_cases):
    html = client.post("/pengaduan/lacak", data={"number": xss_cases["number"], "code": xss_cases["code"]}
                       ).get_data(as_text=True)
    for name in ("subject", "description", "addition"):  # what the tracking page shows the reporter
        assert_escaped(html, xss_cases["dumas"][name], f"/pengaduan/lacak {name}")
    assert_no_injected_markup(html, "/pengaduan/lacak")

    html = client.post("/wbs/lacak", data={"receipt": xss_cases["receipt"]}).get_data(as_text=True)
    for name, value in xss_cases["wbs"].items():
        if name != "contact":  # the reporter's own contact is shown to the team only
            assert_escaped(html, value, f"/wbs/lacak {name}")
    assert_no_injected_markup(html, "/wbs/lacak")


def test_xss_escaped_in_the_dumas_admin(client, auth, make_user, xss_cases):
    officer = make_user("dumas")
    auth.login(officer.email)
    number = xss_cases["number"]
    html = client.get(f"/admin/pengaduan/{number}").get_data(as_text=True)
    for name, value in xss_cases["dumas"].items():
        assert_escaped(html, value, f"admin case {name}")
    assert_no_injected_markup(html, "admin case")
    inbox = client.get("/admin/pengaduan").get_data(as_text=True)
    assert_escaped(inbox, xss_cases["dumas"]["subject"], "admin inbox")
    assert_no_injected_markup(inbox, "admin inbox")


def test_xss_escaped_in_the_wbs_admin(client, login_as, xss_cases):
    login_as("wbs")
    html = client.get(f"/admin/wbs/{xss_cases['report_id']}").get_data(as_text=True)
    for name, value in xss_cases["wbs"].items():
        assert_escaped(html, value, f"WBS case {name}")
    assert_no_injected_markup(html, "WBS case")
    assert_no_injected_markup(client.get("/admin/wbs").get_data(as_text=True), "WBS inbox")


def test_xss_escaped_in_the_skm_responses_list(client, login_as, xss_cases):
    login_as("pimpinan")
    html = client.get("/admin/survei").get_data(as_text=True)
    assert_escaped(html, xss_cases["suggestion"], "SKM responses")
    assert_no_injected_markup(html, "SKM responses")


# --- SQL injection ------------------------------------------------------------------------------------------

SQLI = [
    "' OR '1'='1", "' OR 1=1 --", "\" OR \"\"=\"", "1 OR 1=1", "1; DROP TABLE complaint; --",
    "' UNION SELECT email, password_hash FROM \"user\" --", "%' OR '%'='", "1' AND SLEEP(5) --",
    "'; SELECT pg_sleep(5); --", "99999999999999999999", "-1", "0x7fffffff", "\\", "%", "_", "²", "zz\x00qq",
]


# one of each kind, for the many filter parameters (the search box gets the whole list)
SQLI_CORE = ["' OR '1'='1", "1 OR 1=1", "' UNION SELECT email, password_hash FROM \"user\" --",
             "99999999999999999999", "-1", "²", "zz\x00qq"]


def _recording_request_class(base, read: set[str]):
    """A Request whose query arguments note every name a view (or a form bound to request.args) looks up, so
    each page is attacked through exactly the parameters it reads, a new filter included."""
    from werkzeug.datastructures import ImmutableMultiDict
    from werkzeug.utils import cached_property

    class RecordingArgs(ImmutableMultiDict):
        def __getitem__(self, key):
            read.add(key)
            return super().__getitem__(key)

        def __contains__(self, key):
            read.add(key)
            return super().__contains__(key)

        def get(self, key, default=None, type=None):
            read.add(key)
            return super().get(key, default, type)

        def getlist(self, key, type=None):
            read.add(key)
            return super().getlist(key, type)

    class RecordingRequest(base):
        @cached_property
        def args(self):
            return RecordingArgs(base.args.fget(self))

    return RecordingRequest


def _listed(response) -> int:
    """How many records a list page shows: table rows / cards, or the JSON item count."""
    if response.mimetype == "application/json":
        body = response.get_json()
        if isinstance(body, dict):
            items = body.get("items", body.get("data", []))
            return len(items) if isinstance(items, list) else 0
        return len(body) if isinstance(body, list) else 0
    if response.mimetype == "text/csv":
        return response.get_data(as_text=True).count("\n")
    if not response.mimetype.startswith("text/"):
        return 0  # a spreadsheet: its numbers are checked by the recap tests
    html = response.get_data(as_text=True)
    return html.count("<tr") + html.count('class="card')


def test_sql_injection_in_every_filter_parameter(app, client, login_as, xss_cases):
    """Every public GET page and every admin list (as a user holding every role), with each query parameter
    the page reads set to each injection string: never a 5xx, never more records than a harmless value."""
    from tests.security_helpers import build_path

    login_as("admin", "dumas", "wbs", "editor", "pimpinan")
    seeded = xss_cases["seeded"]
    # admin pages without path arguments, every public page (arguments from the seeded data), the
    # questionnaire
    paths = [r.rule for r in app.url_map.iter_rules()
             if "GET" in r.methods and not r.arguments and r.rule.startswith("/admin")
             and r.endpoint not in ("auth.two_factor", "auth.two_factor_enrol", "auth.login")]
    paths += [build_path(app, r, seeded) for r in public_rules(app, "GET") if not r.rule.startswith("/admin")
              and r.endpoint != "static"]
    paths.append(f"/survei?layanan={seeded.survey_slug}")
    assert "/admin/pengaduan" in paths and "/api/v1/rencana-aksi" in paths
    read: set[str] = set()
    app.request_class = _recording_request_class(app.request_class, read)
    seen: dict[str, set[str]] = {}
    for path in paths:
        read.clear()
        assert client.get(path).status_code < 500, path
        seen[path] = set(read) | {"page"}
        if path.startswith("/survei?"):
            seen[path] -= {"layanan"}
    assert {"q", "status", "category"} <= seen["/admin/pengaduan"], seen["/admin/pengaduan"]
    assert "tahun" in seen["/rencana-aksi"], seen["/rencana-aksi"]
    in_source = set()
    for source in Path("portal").rglob("*.py"):
        in_source.update(re.findall(r"request\.args\.get\(\"(\w+)\"", source.read_text()))
    all_seen = set().union(*seen.values())
    assert in_source - {"next", "lang"} <= all_seen, in_source - all_seen
    checked = 0
    for path, names in seen.items():
        base, _sep, fixed = path.partition("?")
        query = dict(part.split("=", 1) for part in fixed.split("&") if part)
        for name in sorted(names):
            baseline = client.get(base, query_string={**query, name: "zzqqxx-tidak-ada"})
            assert baseline.status_code < 500, (path, name)
            for payload in (SQLI if name == "q" else SQLI_CORE):  # every string on the search box
                response = client.get(base, query_string={**query, name: payload})
                checked += 1
                assert response.status_code < 500, f"{path}?{name}={payload!r}: {response.status_code}"
                # ("%", "_" and "\\" match literally, and the seeded XSS texts contain them: no count check)
                # (an audit-log export adds its own audit.export row: the next one lists one more)
                if response.status_code == 200 and baseline.status_code == 200 and payload not in "%_\\" \
                        and base not in ("/admin/audit.csv", "/admin/audit.xlsx"):
                    assert _listed(response) <= _listed(baseline), f"{path}?{name}={payload!r} lists more"
    print(f"\nSQL injection: {checked} requests, {len(paths)} pages, {len(all_seen)} parameters")
    # the search itself: an injection string finds nothing (no complaint contains it)
    html = client.get("/admin/pengaduan", query_string={"q": "' OR '1'='1"}).get_data(as_text=True)
    assert xss_cases["number"] not in html


def test_sql_injection_in_code_checks_and_stored_verbatim(app, client, xss_cases):
    number, subject = xss_cases["number"], str(escape(xss_cases["dumas"]["subject"]))
    for code in ("' OR '1'='1", "' OR ''='", "x' --"):
        response = client.post("/pengaduan/lacak", data={"number": number, "code": code})
        assert response.status_code == 200 and subject not in response.get_data(as_text=True)
    for number_try in ("' OR '1'='1", f"{number}' OR '1'='1"):
        response = client.post("/pengaduan/lacak", data={"number": number_try, "code": xss_cases["code"]})
        assert str(escape(xss_cases["dumas"]["subject"])) not in response.get_data(as_text=True)
    for receipt in ("' OR 1=1 --", "1234-5678-9012-3456' OR '1'='1"):
        response = client.post("/wbs/lacak", data={"receipt": receipt})
        assert response.status_code in (400, 403)
        assert "[what]" not in response.get_data(as_text=True)
    response = client.post("/admin/login", data={"email": "' OR 1=1 --", "password": "' OR '1'='1"})
    assert response.status_code in (400, 401)
    # a submission made of injection strings is stored and shown verbatim (parameterised queries)
    text = "Uraian: '; DROP TABLE complaint; -- dan \" OR \"\"=\" serta 1' UNION SELECT 1 --"
    response = client.post("/pengaduan/lacak/tambah", data={"number": number, "code": xss_cases["code"],
                                                            "text": text}, follow_redirects=True)
    assert str(escape(text)) in response.get_data(as_text=True)


# --- uploads ------------------------------------------------------------------------------------------------

HOSTILE_NAMES = ["../../../../tmp/portal-evil.pdf", "..\\..\\windows\\evil.pdf", "bukti\x00.php.pdf",
                 "a" * 1000 + ".pdf", "/etc/passwd", "\u202egpj.pdf", "CON.pdf", ".htaccess"]


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())


def test_hostile_upload_names_through_the_dumas_form(app, client, login_as):
    from portal.dumas.models import ComplaintAttachment
    from tests.dumas_public_helpers import form_data, load_categories, post_complaint, read_receipt

    cats = load_categories(app)
    files = [(io.BytesIO(pdf_bytes()), name) for name in HOSTILE_NAMES[:5]]
    response = post_complaint(client, form_data(cats["pelayanan"]), files)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    number, _code = read_receipt(client)
    root = Path(app.config["UPLOAD_FOLDER"])
    stored = upload_files(app)
    assert len(stored) == 5 and all(_inside(p, root / "dumas") for p in stored)
    assert all(re.fullmatch(r"[0-9a-f]{32}\.pdf", p.name) for p in stored)
    assert not Path("/tmp/portal-evil.pdf").exists()
    with app.app_context():
        names = [a.original_name for a in db.session.scalars(select(ComplaintAttachment))]
    for name in names:
        assert "/" not in name and "\\" not in name and "\x00" not in name and ".." not in name, name
        assert len(name) <= 120 and name.endswith(".pdf"), name
    login_as("dumas")
    html = client.get(f"/admin/pengaduan/{number}").get_data(as_text=True)
    assert "a" * 200 not in html and "../" not in html


def test_hostile_upload_names_through_the_wbs_form(app, client, login_as):
    from portal.wbs import get_cipher
    from portal.wbs import service as wbs_service
    from portal.wbs.models import WbsAttachment, WbsReport
    from tests.wbs_helpers import submit

    seed(app)
    response, receipt = submit(client, files=[(name, pdf_bytes()) for name in HOSTILE_NAMES[:4]])
    assert receipt, response.get_data(as_text=True)[:2000]
    root = Path(app.config["UPLOAD_FOLDER"])
    assert all(_inside(p, root) for p in upload_files(app))
    with app.app_context():
        report = db.session.scalars(select(WbsReport).order_by(WbsReport.id.desc())).first()
        names = [wbs_service.attachment_name(get_cipher(), a) for a in
                 db.session.scalars(select(WbsAttachment).where(WbsAttachment.report_id == report.id))]
    assert len(names) == 4
    for name in names:
        assert "/" not in name and "\\" not in name and "\x00" not in name and len(name) <= 120, name


@pytest.mark.parametrize("name,content", [
    ("gambar.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'),
    ("laporan.pdf", b"<html><body><script>alert(1)</script></body></html>"),
    ("foto.jpg", b"GIF89a" + b"\0" * 40),
])
def test_name_and_content_disagree_on_the_wbs_form(app, client, name, content):
    from tests.wbs_helpers import submit

    seed(app)
    before = row_counts(app)
    response, receipt = submit(client, files=[(name, content)])
    assert response.status_code == 400 and receipt is None
    assert row_counts(app) == before and upload_files(app) == []


def test_zip_bomb_docx_refused_on_the_wbs_form(app, client):
    from tests.wbs_helpers import submit

    seed(app)
    before = row_counts(app)
    response, receipt = submit(client, files=[("laporan.docx", docx_zip_bomb())])
    assert response.status_code == 400 and receipt is None
    assert "zip bomb" in response.get_data(as_text=True)
    assert row_counts(app) == before and upload_files(app) == []


OVERSIZE_TARGETS = ["/pengaduan", "/pengaduan/lacak/tambah", "/wbs/lapor", "/wbs/lacak/balas", "/survei",
                    "/admin/login"]


@pytest.mark.parametrize("csrf", [False, True], ids=["csrf-off", "csrf-on"])
def test_oversize_body_gives_413_in_indonesian_and_writes_nothing(app_factory, csrf):
    app = app_factory(MAX_CONTENT_LENGTH=64 * 1024, WTF_CSRF_ENABLED=csrf)
    seeded = seed(app)
    before = row_counts(app)
    big = pdf_bytes(200 * 1024)
    for path in OVERSIZE_TARGETS + [f"/survei?layanan={seeded.survey_slug}"]:
        client = app.test_client()
        response = client.post(path, data={"subject": "x", "files": (io.BytesIO(big), "besar.pdf"),
                                           "attachments": (io.BytesIO(big), "besar.pdf")},
                               content_type="multipart/form-data")
        assert response.status_code == 413, (path, response.status_code)
        html = response.get_data(as_text=True)
        assert "Berkas atau isian terlalu besar" in html, path
        assert 'lang="id"' in html
    response = app.test_client().post("/pengaduan", data=b"x=" + b"a" * (100 * 1024),
                                      content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert row_counts(app) == before and upload_files(app) == []


def test_default_body_limit_fits_the_upload_policies(app):
    """MAX_CONTENT_LENGTH leaves room for the largest legitimate submission (all files at their maximum)."""
    from portal.core.attachments import UploadPolicy

    policy = UploadPolicy.from_config(app.config)
    wbs = app.config["WBS_MAX_FILES"] * app.config["WBS_MAX_FILE_BYTES"]
    assert app.config["MAX_CONTENT_LENGTH"] > max(policy.max_files * policy.max_size, wbs)
    assert app.config["MAX_CONTENT_LENGTH"] <= 64 * 1024 * 1024


# --- CSRF: missing and stale tokens on every public form ---------------------------------------------------

def _valid_posts(seeded, cats):
    from tests.dumas_public_helpers import form_data
    from tests.ppid.ppid_request_helpers import request_data
    from tests.survey.test_skm import answers
    from tests.wbs_helpers import report_data

    return {
        "dumas.form": ("/pengaduan", "/pengaduan", form_data(cats["pelayanan"])),
        "dumas.track": ("/pengaduan/lacak", "/pengaduan/lacak",
                        {"number": seeded.complaint_number, "code": seeded.complaint_code}),
        "dumas.add_info": ("/pengaduan/lacak/tambah", "/pengaduan/lacak",
                           {"number": seeded.complaint_number, "code": seeded.complaint_code,
                            "text": "Tambahan"}),
        "wbs.report": ("/wbs/lapor", "/wbs/lapor", report_data()),
        "wbs.track": ("/wbs/lacak", "/wbs/lacak", {"receipt": seeded.wbs_receipt}),
        "wbs.reply": ("/wbs/lacak/balas", "/wbs/lacak", {"receipt": seeded.wbs_receipt, "body": "Halo tim"}),
        "wbs.download": ("/wbs/lacak/berkas", "/wbs/lacak",
                         {"receipt": seeded.wbs_receipt, "attachment_id": "1"}),
        "ppid_requests.form": ("/ppid/permohonan", "/ppid/permohonan", request_data()),
        "ppid_requests.track": ("/ppid/lacak", "/ppid/lacak",
                                {"number": "PPID-2026-00001", "code": "ABCD-EFGH"}),
        "ppid_requests.download": ("/ppid/lacak/unduh", "/ppid/lacak",
                                   {"number": "PPID-2026-00001", "code": "ABCD-EFGH", "file_id": "1"}),
        "ppid_objections.form": ("/ppid/keberatan", "/ppid/keberatan",
                                 {"number": "PPID-2026-00001", "code": "ABCD-EFGH"}),
        "survey.form": (f"/survei?layanan={seeded.survey_slug}", f"/survei?layanan={seeded.survey_slug}",
                        answers([4, 4, 4, 4, 4, 4, 4, 4, 4])),
        "auth.login": ("/admin/login", "/admin/login", {"email": "admin@demo.example", "password": "x"}),
        "auth.two_factor": ("/admin/verifikasi", "/admin/login", {"code": "123456"}),
        "auth.two_factor_enrol": ("/admin/verifikasi/daftar", "/admin/login", {"code": "123456"}),
    }


def _assert_refused(response, app, before, files_before, where):
    assert response.status_code == 400, (where, response.status_code)
    html = response.get_data(as_text=True)
    assert "Sesi formulir kedaluwarsa atau tidak sah" in html, where
    assert row_counts(app) == before and upload_files(app) == files_before, f"{where}: written"


@pytest.fixture
def csrf_app(app_factory):
    from tests.dumas_public_helpers import load_categories

    app = app_factory(WTF_CSRF_ENABLED=True)
    seeded = seed(app)
    return app, seeded, _valid_posts(seeded, load_categories(app))


def test_every_public_post_is_covered_by_the_csrf_cases(csrf_app):
    app, _seeded, posts = csrf_app
    assert {r.endpoint for r in public_rules(app, "POST")} == set(posts)


def test_missing_csrf_token_refused_on_every_public_form(csrf_app):
    app, _seeded, posts = csrf_app
    before, files_before = row_counts(app), upload_files(app)
    for endpoint, (path, form_page, data) in posts.items():
        client = app.test_client()
        client.get(form_page)  # a session exists, only the token is missing
        _assert_refused(client.post(path, data=data), app, before, files_before, f"{endpoint} missing")


def test_token_from_another_session_refused_on_every_public_form(csrf_app):
    app, _seeded, posts = csrf_app
    before, files_before = row_counts(app), upload_files(app)
    donor = app.test_client()
    foreign = csrf_token(donor.get("/pengaduan").get_data(as_text=True))
    for endpoint, (path, form_page, data) in posts.items():
        victim = app.test_client()
        victim.get(form_page)
        response = victim.post(path, data={**data, "csrf_token": foreign})
        _assert_refused(response, app, before, files_before, f"{endpoint} foreign token")
        # and a token with no session at all (cookie dropped)
        bare = app.test_client()
        _assert_refused(bare.post(path, data={**data, "csrf_token": foreign}), app, before, files_before,
                        f"{endpoint} no session")


def test_expired_token_refused_on_every_public_form(csrf_app):
    from freezegun import freeze_time

    app, _seeded, posts = csrf_app
    before, files_before = row_counts(app), upload_files(app)
    limit = app.config["WTF_CSRF_TIME_LIMIT"]
    assert limit and limit <= 24 * 3600
    start = datetime.now(UTC)
    for endpoint, (path, form_page, data) in posts.items():
        client = app.test_client()
        with freeze_time(start):
            token = csrf_token(client.get(form_page).get_data(as_text=True))
        with freeze_time(start + timedelta(seconds=limit + 60)):
            response = client.post(path, data={**data, "csrf_token": token})
        _assert_refused(response, app, before, files_before, f"{endpoint} expired")


def test_fresh_token_is_accepted(csrf_app):
    """The control case: the same request with its own fresh token goes through."""
    app, _seeded, posts = csrf_app
    client = app.test_client()
    path, form_page, data = posts["dumas.form"]
    token = csrf_token(client.get(form_page).get_data(as_text=True))
    response = client.post(path, data={**data, "csrf_token": token})
    assert response.status_code == 302


# --- staff session replay -----------------------------------------------------------------------------------

def test_totp_staff_session_replayed_after_logout_is_refused(app, client, login_as):
    """A wbs officer (password + TOTP): a copy of the session cookie taken while logged in stops working at
    log-out, for reading and for writing (see tests/accounts/test_auth.py for a plain-password account)."""
    from tests.wbs_helpers import submit

    seed(app)
    login_as("wbs")
    _response, _receipt = submit(app.test_client())
    stolen = client.get_cookie("session").value
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/admin/wbs").status_code == 200
    assert client.post("/admin/logout").status_code == 302

    replay = app.test_client()
    replay.set_cookie("session", stolen)
    for path in ("/admin/wbs", "/admin/", "/admin/wbs/1"):
        response = replay.get(path)
        assert response.status_code == 302 and "/admin/login" in response.headers["Location"], path
    before = row_counts(app)
    response = replay.post("/admin/wbs/1/pesan", data={"body": "pesan dari pencuri sesi"})
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]
    assert row_counts(app) == before


def test_half_logged_in_session_replayed_after_logout_is_refused(app, make_user):
    """The cookie of the password step (TOTP still pending) is worthless once the user logs out."""
    user = make_user("wbs")
    first = app.test_client()
    assert first.post("/admin/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    pending = first.get_cookie("session").value
    from tests.conftest import AuthActions

    auth = AuthActions(first)
    assert auth.second_factor(user.email).status_code == 302
    assert first.post("/admin/logout").status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", pending)
    response = replay.post("/admin/verifikasi", data={"code": "000000"})
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]
    assert replay.get("/admin/").status_code == 302
