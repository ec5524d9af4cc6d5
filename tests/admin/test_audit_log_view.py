"""The audit log in words (/admin/audit): a label for every action code written anywhere in portal/, object
types named (a DUMAS complaint by its number; a WBS id never resolved), details as label: value; filters by
person, action, object and office days (validated), pagination (`halaman`) and the export of the filtered
log to XLSX and CSV, itself audited."""
from __future__ import annotations

import ast
import csv
import html
import io
import itertools
import pathlib
import re
from datetime import UTC, datetime

import pytest
from freezegun import freeze_time
from openpyxl import load_workbook
from sqlalchemy import select

import portal
from portal.core import audit
from portal.core.models.audit import AuditLog
from portal.extensions import db
from portal.features import FEATURES
from tests.dumas_factories import make_complaint

PORTAL = pathlib.Path(portal.__file__).parent


# --- every action code written in portal/ has a label ------------------------------------------------------

class Unresolved(Exception):
    pass


def _name(call: ast.Call) -> str | None:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None


def _values(node, function, calls) -> set[str]:
    """The strings an expression can be: literals, `+`, `x if c else y`, f-strings, and a parameter of the
    enclosing function (the literals its callers in the module pass)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        lefts, rights = _values(node.left, function, calls), _values(node.right, function, calls)
        return {a + b for a in lefts for b in rights}
    if isinstance(node, ast.IfExp):
        return _values(node.body, function, calls) | _values(node.orelse, function, calls)
    if isinstance(node, ast.JoinedStr):
        parts = [_values(part.value if isinstance(part, ast.FormattedValue) else part, function, calls)
                 for part in node.values]
        return {"".join(chosen) for chosen in itertools.product(*parts)}
    if isinstance(node, ast.Name) and function is not None:
        return _parameter_values(node.id, function, calls)
    raise Unresolved(ast.unparse(node))


def _parameter_values(name: str, function, calls) -> set[str]:
    """What the callers of `function` in its module pass as its parameter `name`."""
    params = [arg.arg for arg in function.args.posonlyargs + function.args.args]
    if name not in params and name not in [arg.arg for arg in function.args.kwonlyargs]:
        raise Unresolved(name)
    index = params.index(name) if name in params else None
    found: set[str] = set()
    for call, caller in calls.get(function.name, []):
        arg = next((kw.value for kw in call.keywords if kw.arg == name), None)
        if arg is None and index is not None and index < len(call.args):
            arg = call.args[index]
        if arg is None:
            raise Unresolved(f"{function.name}() called without {name}")
        found |= _values(arg, caller, calls)
    if not found:
        raise Unresolved(f"{function.name}() is never called in its module")
    return found


def _module_calls(tree) -> tuple[dict[int, ast.AST], dict[str, list]]:
    """Each call's innermost enclosing function, and the calls by the name called."""
    enclosing: dict[int, ast.AST] = {}
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    for function in sorted(functions, key=lambda f: f.lineno):  # a nested function comes after its parent
        for node in ast.walk(function):
            if isinstance(node, ast.Call):
                enclosing[id(node)] = function
    calls: dict[str, list] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name(node):
            calls.setdefault(_name(node), []).append((node, enclosing.get(id(node))))
    return enclosing, calls


def audit_codes() -> tuple[dict[str, str], list[str]]:
    """code -> where it is written, and the record() calls whose action could not be worked out."""
    codes: dict[str, str] = {}
    problems: list[str] = []
    for path in sorted(PORTAL.rglob("*.py")):
        if path == PORTAL / "core" / "audit.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        enclosing, calls = _module_calls(tree)
        for node, _function in calls.get("record", []):
            if len(node.args) < 3:
                continue
            where = f"{path.relative_to(PORTAL.parent)}:{node.lineno}"
            try:
                for code in _values(node.args[2], enclosing.get(id(node)), calls):
                    codes.setdefault(code, where)
            except Unresolved as err:
                problems.append(f"{where}: {err}")
    return codes, problems


def test_every_action_code_written_in_portal_has_a_label(app):
    codes, problems = audit_codes()
    assert not problems, "record() calls whose action code a reader cannot work out:\n" + "\n".join(problems)
    assert {"complaint.assign", "wbs.view", "survey.follow_up.update", "zi.evidence.return",
            "holiday.add", "audit.export"} <= set(codes)  # the scan sees literals, f-strings and parameters
    labels = audit.collect_labels(FEATURES)
    missing = sorted(f"{code} ({where})" for code, where in codes.items() if labels.action(code) is None)
    assert not missing, "audit codes without a label (add them to the feature's audit_labels.py):\n" + \
        "\n".join(missing)
    assert str(labels.action("complaint.assign")) == "Menugaskan petugas"


def test_wbs_objects_are_never_resolved():
    labels = audit.collect_labels(FEATURES)
    wbs_kinds = {code: kind for code, kind in labels.objects.items() if code.startswith("wbs")}
    assert wbs_kinds and all(kind.resolve is None for kind in wbs_kinds.values())


# --- the page -------------------------------------------------------------------------------------------

def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _rows(page: str) -> list[str]:
    body = page[page.index("<tbody"):page.index("</tbody>")]
    return re.findall(r"<tr>.*?</tr>", body, re.DOTALL)


def _seed(app, admin):
    with app.app_context():
        actor = db.session.merge(admin)
        complaint = make_complaint(db.session)
        with freeze_time("2026-11-30 03:00:00"):
            audit.record(db.session, actor, "complaint.assign", complaint, number=complaint.number,
                         to_user=7, from_status="diterima")
            db.session.flush()  # the moment is taken when the row is written
        with freeze_time("2026-12-01 03:00:00"):
            audit.record(db.session, actor, "wbs.view", object_type="wbs_reports", object_id="41")
            audit.record(db.session, None, "auth.login_failed", object_type="users", reason="unknown")
            db.session.flush()
        db.session.commit()
        return complaint.id, complaint.number


def test_entries_read_in_words(app, client, login_as):
    admin = login_as("admin")
    _complaint_id, number = _seed(app, admin)
    page = _text(client.get("/admin/audit"))
    assign = next(row for row in _rows(page) if "complaint.assign" in row)
    assert "Menugaskan petugas" in assign and "<code>complaint.assign</code>" in assign
    assert f"Pengaduan <span class=\"fw-semibold\">{number}</span>" in assign
    assert re.search(r"Ke petugas:</dt> <dd[^>]*>7</dd>", assign)
    assert re.search(r"Dari status:</dt> <dd[^>]*>diterima</dd>", assign)
    assert "{" not in assign  # no JSON
    wbs = next(row for row in _rows(page) if "wbs.view" in row)
    assert "Membuka laporan WBS" in wbs and "Laporan WBS" in wbs and "#41" in wbs
    assert "WBS-" not in wbs
    failed = next(row for row in _rows(page) if "auth.login_failed" in row)
    assert "Gagal masuk" in failed and re.search(r"Alasan:</dt> <dd[^>]*>unknown</dd>", failed)


def test_filters_by_person_action_object_and_days(app, client, login_as, make_user):
    admin = login_as("admin")
    complaint_id, _number = _seed(app, admin)

    def actions(query: str) -> list[str]:
        response = client.get("/admin/audit" + query)
        assert response.status_code == 200, query
        return re.findall(r"<td><code>([^<]+)</code></td>", response.get_data(as_text=True))

    assert "auth.login" in actions("")  # the admin's own log-in
    assert set(actions(f"?pengguna={admin.id}")) == {"auth.login", "auth.totp_ok", "complaint.assign",
                                                     "wbs.view"}
    assert actions("?aksi=complaint.") == ["complaint.assign"]
    assert actions("?aksi=wbs.view") == ["wbs.view"]
    assert actions(f"?objek=complaints&id_objek={complaint_id}") == ["complaint.assign"]
    assert actions("?objek=wbs_reports") == ["wbs.view"]
    assert actions("?dari=2026-11-30&sampai=2026-11-30") == ["complaint.assign"]
    assert actions("?dari=2026-12-01&sampai=2026-12-01&aksi=wbs.") == ["wbs.view"]
    # the form keeps what was chosen
    page = client.get("/admin/audit?aksi=complaint.&objek=complaints&dari=2026-11-30").get_data(as_text=True)
    assert '<option value="complaint." selected>' in page
    assert '<option value="complaints" selected>' in page and 'value="2026-11-30"' in page


@pytest.mark.parametrize("query, message", [
    ("?dari=30-11-2026", 'Tanggal "dari" tidak valid'),
    ("?sampai=kemarin", 'Tanggal "sampai" tidak valid'),
    ("?dari=2026-12-02&sampai=2026-12-01", 'Tanggal "dari" tidak boleh sesudah tanggal "sampai".'),
])
def test_bad_days_are_refused_in_indonesian(client, login_as, query, message):
    login_as("admin")
    response = client.get("/admin/audit" + query)
    assert response.status_code == 400
    page = _text(response)
    assert message in page and 'id="audit-errors"' in page
    assert "/admin/audit.xlsx" not in page  # no export of a filter that did not apply
    export = client.get("/admin/audit.csv" + query)
    assert export.status_code == 302 and "/admin/audit?" in export.headers["Location"]


def test_pages_are_named_halaman_and_keep_the_filters(app, client, login_as):
    admin = login_as("admin")
    with app.app_context():
        actor = db.session.merge(admin)
        for n in range(60):
            audit.record(db.session, actor, "page.publish", object_type="pages", object_id=str(1000 + n))
        db.session.commit()
    first = client.get("/admin/audit?aksi=page.").get_data(as_text=True)
    assert "halaman=2" in first and "aksi=page." in first
    second = client.get("/admin/audit?aksi=page.&halaman=2").get_data(as_text=True)
    assert len(re.findall(r"<td><code>page.publish</code></td>", second)) == 10
    assert client.get("/admin/audit?aksi=page.&halaman=99").status_code == 200  # past the end: empty page
    assert client.get("/admin/audit?halaman=abc").status_code == 200


def test_export_xlsx_and_csv_of_the_filtered_log_is_audited(app, client, login_as):
    admin = login_as("pimpinan")
    complaint_id, number = _seed(app, admin)
    with app.app_context():  # a value that looks like a formula stays text
        audit.record(db.session, None, "page.publish", object_type="pages", object_id="-1+1")
        db.session.commit()
    response = client.get("/admin/audit.xlsx?aksi=complaint.")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert "no-store" in response.headers["Cache-Control"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = list(sheet.values)
    assert values[0][:4] == ("Waktu", "Pengguna", "Aksi", "Kode aksi")
    assert len(values) == 2
    assert values[1][2:7] == ("Menugaskan petugas", "complaint.assign", "Pengaduan", str(complaint_id),
                              number)
    assert "Ke petugas: 7" in values[1][7]

    response = client.get("/admin/audit.csv?aksi=page.")
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(text[1:])))
    assert table[1][3] == "page.publish" and table[1][5] == "'-1+1"

    with app.app_context():
        exports = db.session.scalars(select(AuditLog).where(AuditLog.action == "audit.export")
                                     .order_by(AuditLog.id)).all()
        assert [(e.user_id, e.object_type) for e in exports] == [(admin.id, "audit_log")] * 2
        assert '"format": "xlsx"' in exports[0].detail and '"prefix": "complaint."' in exports[0].detail
        assert '"total": 1' in exports[0].detail


@pytest.mark.parametrize("role", ["dumas", "editor", "wbs"])
def test_other_roles_may_not_read_or_export(client, login_as, role):
    login_as(role)
    for path in ("/admin/audit", "/admin/audit.xlsx", "/admin/audit.csv"):
        assert client.get(path).status_code == 403, path


def test_export_moments_are_office_time(app, client, login_as):
    admin = login_as("admin")
    with app.app_context():
        entry = audit.record(db.session, db.session.merge(admin), "page.create", object_type="pages",
                             object_id="5")
        entry.at = datetime(2026, 12, 1, 17, 30, tzinfo=UTC)  # 00.30 WIB on 2 December
        db.session.commit()
    body = client.get("/admin/audit.csv?aksi=page.create").get_data(as_text=True)
    table = list(csv.reader(io.StringIO(body[1:])))
    assert table[1][0] == "2026-12-02 00:30:00"
    assert [row[3] for row in table[1:]] == ["page.create"]
    day = list(csv.reader(io.StringIO(
        client.get("/admin/audit.csv?aksi=page.create&dari=2026-12-02").get_data(as_text=True)[1:])))
    assert len(day) == 2
