"""The audit log's filter has an Indonesian query name, `aksi` (the shared vocabulary of docs/architecture.md,
"Naming"); the older `action` of existing links gives the same list."""
from __future__ import annotations

import re

from portal.core import audit
from portal.extensions import db


def _actions(response) -> list[str]:
    return re.findall(r"<td><code>([^<]+)</code></td>", response.get_data(as_text=True))


def _seed(app, admin) -> None:
    with app.app_context():
        user = db.session.merge(admin)
        audit.record(db.session, user, "zz.uji.satu", object_type="uji", object_id="1")
        audit.record(db.session, user, "zz.uji.dua", object_type="uji", object_id="2")
        audit.record(db.session, user, "yy.lain", object_type="uji", object_id="3")
        db.session.commit()


def test_aksi_filters_the_audit_log_and_the_old_name_still_works(app, client, login_as):
    admin = login_as("admin")
    _seed(app, admin)
    by_indonesian = client.get("/admin/audit?aksi=zz.uji")
    assert by_indonesian.status_code == 200
    assert sorted(_actions(by_indonesian)) == ["zz.uji.dua", "zz.uji.satu"]
    assert _actions(client.get("/admin/audit?action=zz.uji")) == _actions(by_indonesian)
    assert "yy.lain" in _actions(client.get("/admin/audit"))


def test_the_filter_form_writes_the_indonesian_name(client, login_as):
    login_as("admin")
    page = client.get("/admin/audit?action=zz").get_data(as_text=True)
    assert 'name="aksi"' in page and 'value="zz"' in page
    assert 'name="action"' not in page
