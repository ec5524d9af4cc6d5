"""A constraint violation while filing a WBS report or reply that is NOT a concurrent submission of the
same form is a failure (500, nothing saved), never a "sent already" redirect to a receipt that does not
exist (the DUMAS forms do the same: portal/core/web_forms.py token_taken)."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from portal.core.models.setting import Setting
from portal.extensions import db
from portal.wbs import crypto as wbs_crypto
from portal.wbs import service
from portal.wbs.models import WbsMessage, WbsReport
from tests.wbs_helpers import report_data, submit


def _token(client, path: str) -> str:
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def _duplicate_setting_after(real):
    """Wrap a service call so that its transaction also holds a duplicate settings row (a real unique
    violation at commit that has nothing to do with the form token)."""
    def wrapped(*args, **kwargs):
        result = real(*args, **kwargs)
        db.session.add(Setting(key=wbs_crypto.FINGERPRINT_SETTING, value="duplikat"))
        return result
    return wrapped


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_unrelated_constraint_violation_on_report_is_a_failure_not_a_receipt(app, client, monkeypatch):
    submit(client)  # the key and its fingerprint exist now
    token = _token(client, "/wbs/lapor")
    monkeypatch.setattr(service, "submit_report", _duplicate_setting_after(service.submit_report))
    response = client.post("/wbs/lapor", data={**report_data(), "form_token": token})
    assert response.status_code == 500
    assert "/wbs/tanda-terima" not in (response.headers.get("Location") or "")
    assert _count(app, WbsReport) == 1


def test_unrelated_constraint_violation_on_reply_is_a_failure_not_a_notice(app, client, monkeypatch):
    _response, receipt = submit(client)
    client.post("/wbs/lacak", data={"receipt": receipt})
    html = client.get("/wbs/lacak").get_data(as_text=True)
    match = re.search(r'action="/wbs/lacak/balas".*?name="form_token" value="([^"]+)"', html, re.DOTALL)
    token = match.group(1) if match else ""
    before = _count(app, WbsMessage)
    monkeypatch.setattr(service, "reporter_reply", _duplicate_setting_after(service.reporter_reply))
    response = client.post("/wbs/lacak/balas", data={"receipt": receipt, "body": "Tambahan keterangan saya.",
                                                      "form_token": token})
    assert response.status_code == 500
    assert "/wbs/lacak/hasil" not in (response.headers.get("Location") or "")
    assert _count(app, WbsMessage) == before
