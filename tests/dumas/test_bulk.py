"""Bulk assign and bulk categorise from the DUMAS inbox (issue 12 §5): a POST with CSRF that works without
JS, each complaint changed through the single-case function (its follow-up and audit entry), one
transaction, back to the same filtered list with how many changed; closed cases refused and named."""
from __future__ import annotations

import json

from portal.dumas.models import ComplaintFollowUp
from portal.extensions import db
from tests.dumas.inbox_helpers import audit_rows, complaint, text


def _post(client, cases, keys, **data):
    return client.post("/admin/pengaduan/massal", data={
        "kasus": [str(cases.ids[k]) for k in keys], "kembali": "status=diterima&urut=nomor&halaman=1",
        **data})


def test_bulk_assign_two_cases(app, client, login_as, cases):
    login_as("dumas")
    response = _post(client, cases, ["new", "new2"], aksi="tugaskan", officer_id=str(cases.ani.id))
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/pengaduan?status=diterima&urut=nomor"
    for key in ("new", "new2"):
        assert complaint(app, cases.n[key]).assigned_to_id == cases.ani.id
    rows = audit_rows(app, "complaint.assign")
    assert [json.loads(r.detail)["number"] for r in rows] == [cases.n["new"], cases.n["new2"]]
    assert all(json.loads(r.detail)["via"] == "bulk" and json.loads(r.detail)["to_user"] == cases.ani.id
               for r in rows)
    page = text(client.get(response.headers["Location"]))
    assert "2 aduan ditugaskan." in page


def test_bulk_assign_refuses_closed_and_names_them(app, client, login_as, cases):
    login_as("dumas")
    response = _post(client, cases, ["new", "done", "rejected"], aksi="tugaskan",
                     officer_id=str(cases.ani.id))
    assert response.status_code == 302
    assert complaint(app, cases.n["new"]).assigned_to_id == cases.ani.id
    assert complaint(app, cases.n["done"]).assigned_to_id == cases.budi.id
    page = text(client.get(response.headers["Location"]))
    assert "1 aduan ditugaskan." in page
    assert f"Tidak diubah: {cases.n['done']} (Aduan yang sudah ditutup tidak dapat ditugaskan ulang.)" in page
    assert cases.n["rejected"] in page
    assert len(audit_rows(app, "complaint.assign")) == 1


def test_bulk_that_changes_nothing_changes_nothing(app, client, login_as, cases):
    login_as("dumas")
    with app.app_context():
        before = db.session.query(ComplaintFollowUp).count()
    response = _post(client, cases, ["done"], aksi="tugaskan", officer_id=str(cases.ani.id))
    page = text(client.get(response.headers["Location"]))
    assert "Tidak ada aduan yang diubah" in page
    with app.app_context():
        assert db.session.query(ComplaintFollowUp).count() == before
    assert audit_rows(app, "complaint.assign") == []


def test_bulk_assign_to_a_non_officer_is_refused(app, client, login_as, make_user, cases):
    editor = make_user("editor")
    login_as("dumas")
    response = _post(client, cases, ["new"], aksi="tugaskan", officer_id=str(editor.id))
    page = text(client.get(response.headers["Location"]))
    assert "Petugas yang dipilih bukan petugas DUMAS yang aktif." in page
    assert complaint(app, cases.n["new"]).assigned_to_id is None


def test_bulk_without_a_choice(client, login_as, cases):
    login_as("dumas")
    response = _post(client, cases, [], aksi="tugaskan", officer_id=str(cases.ani.id))
    assert "Centang sedikitnya satu aduan." in text(client.get(response.headers["Location"]))
    response = _post(client, cases, ["new"], aksi="tugaskan", officer_id="")
    assert "Pilih petugas yang menangani." in text(client.get(response.headers["Location"]))


def test_bulk_categorise(app, client, login_as, cases):
    login_as("dumas")
    response = _post(client, cases, ["new", "verified", "done"], aksi="kategorikan",
                     category_id=str(cases.cats["logistik"]))
    assert response.status_code == 302
    changed = complaint(app, cases.n["verified"])
    assert changed.category_id == cases.cats["logistik"] and changed.kind == "pengawasan"
    assert complaint(app, cases.n["new"]).category_id == cases.cats["logistik"]
    assert complaint(app, cases.n["done"]).category_id == cases.cats["pelayanan"]  # closed: refused
    rows = audit_rows(app, "complaint.recategorise")
    expected = sorted([cases.n["new"], cases.n["verified"]])
    assert sorted(json.loads(r.detail)["number"] for r in rows) == expected
    assert {json.loads(r.detail)["via"] for r in rows} == {"bulk"}
    page = text(client.get(response.headers["Location"]))
    assert "2 aduan dikategorikan ulang." in page
    assert cases.n["done"] in page


def test_bulk_redirect_stays_in_the_inbox(client, login_as, cases):
    login_as("dumas")
    response = client.post("/admin/pengaduan/massal", data={
        "kasus": [str(cases.ids["new"])], "aksi": "tugaskan", "officer_id": str(cases.ani.id),
        "kembali": "//evil.example/?x=1&status=diterima&next=http://evil.example"})
    assert response.headers["Location"] == "/admin/pengaduan?status=diterima"
    response = client.post("/admin/pengaduan/massal", data={
        "kasus": [str(cases.ids["new"])], "aksi": "tugaskan", "officer_id": str(cases.budi.id),
        "kembali": "https://evil.example/"})
    assert response.headers["Location"] == "/admin/pengaduan"


def test_bulk_needs_csrf(app, client, login_as, cases):
    login_as("dumas")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = _post(client, cases, ["new"], aksi="tugaskan", officer_id=str(cases.ani.id))
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    assert complaint(app, cases.n["new"]).assigned_to_id is None


def test_bulk_is_for_dumas_officers_only(app, client, login_as, cases):
    login_as("pimpinan")
    response = _post(client, cases, ["new"], aksi="tugaskan", officer_id=str(cases.ani.id))
    assert response.status_code == 403
    page = client.get("/admin/pengaduan").get_data(as_text=True)
    assert 'name="kasus"' not in page and "/admin/pengaduan/massal" not in page


def test_inbox_renders_the_bulk_form(client, login_as, cases):
    login_as("dumas")
    page = client.get("/admin/pengaduan?status=diterima").get_data(as_text=True)
    assert '<form method="post" action="/admin/pengaduan/massal"' in page
    assert 'name="kembali"' in page
    assert f'name="kasus" value="{cases.ids["new"]}"' in page
    label = f'<label class="visually-hidden" for="pilih-{cases.ids["new"]}">Pilih {cases.n["new"]}</label>'
    assert label in page
    assert 'value="status=diterima&amp;halaman=1"' in page
    assert 'name="aksi" value="tugaskan"' in page and 'name="aksi" value="kategorikan"' in page
