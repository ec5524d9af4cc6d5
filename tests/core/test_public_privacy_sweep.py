"""Privacy sweep of every public answer (h7, issue 12 §1-2): a reporter's identity, contact, attachment, the
original text, an internal note and an officer's name planted in published, unpublished and confidential
complaints, and a WBS fact, then every public GET route of the URL map (pages, /api/v1, Open311, the open
CSV/XLSX/JSON downloads, sitemap, robots) read in both languages with and without the filters that could
reach them. None of the planted words may appear anywhere. A new public route is swept automatically."""
from __future__ import annotations

import zipfile
from datetime import timedelta
from io import BytesIO

import pytest

from portal.core.models.base import utcnow
from portal.extensions import db
from tests.public_list_helpers import SECRETS, planted_complaint, published_complaint
from tests.security_helpers import public_get_paths, seed

WBS_SECRET = "FAKTA WBS SANGAT RAHASIA Bendahara Sutikno"


def _text(response) -> str:
    data = response.get_data()
    if data[:2] == b"PK":  # XLSX: every part of the workbook
        with zipfile.ZipFile(BytesIO(data)) as book:
            return "".join(book.read(name).decode("utf-8", "replace") for name in book.namelist())
    return data.decode("utf-8", "replace")


@pytest.fixture
def planted(app, client):
    from tests.wbs_helpers import submit

    seeded = seed(app)
    with app.app_context():
        shown = published_complaint(received_at=utcnow() - timedelta(days=3))
        hidden = planted_complaint(consent=True)  # consented, never published
        secret = published_complaint(received_at=utcnow() - timedelta(days=2))
        secret.confidential = True  # became confidential after publication: the rule hides it
        refused = planted_complaint(consent=False)
        refused.published_at = utcnow()
        refused.public_summary = "Ringkasan yang tidak pernah disetujui oleh warga pelapor."
        db.session.commit()
        numbers = {"shown": shown.number, "hidden": hidden.number, "secret": secret.number,
                   "refused": refused.number}
    response, receipt = submit(client, what=WBS_SECRET)
    assert receipt, response.get_data(as_text=True)[:500]
    return seeded, numbers, receipt


def _assert_clean(text: str, where: str, receipt: str) -> None:
    for secret in (*SECRETS, WBS_SECRET, receipt):
        assert secret not in text, f"{where}: {secret!r}"


def test_no_public_answer_leaks_what_was_planted(app, planted):
    seeded, numbers, receipt = planted
    client = app.test_client()  # a fresh visitor: no session of the reporter's
    paths = public_get_paths(app, seeded)
    extra = [f"/pengaduan/daftar/{numbers['shown']}", "/pengaduan/daftar?status=open",
             f"/open311/v2/requests/{numbers['shown']}.json",
             "/open311/v2/requests.json?service_request_id=" + ",".join(numbers.values()),
             "/open311/v2/requests.json?status=open", "/open311/v2/requests.json?status=closed",
             "/open311/v2/requests.json?service_code=pelayanan"]
    swept = 0
    for path in paths + extra:
        for lang in ("id", "en"):
            glue = "&" if "?" in path else "?"
            response = client.get(f"{path}{glue}lang={lang}")
            if response.status_code >= 400:
                continue
            _assert_clean(_text(response), path, receipt)
            swept += 1
    assert swept >= 2 * len(paths) * 0.8
    # the published one is shown; the others are not found anywhere public
    assert client.get(f"/pengaduan/daftar/{numbers['shown']}").status_code == 200
    for key in ("hidden", "secret", "refused"):
        number = numbers[key]
        assert client.get(f"/pengaduan/daftar/{number}").status_code == 404, key
        assert client.get(f"/open311/v2/requests/{number}.json").status_code == 404, key
        listed = client.get("/open311/v2/requests.json?service_request_id=" + number).get_json()
        assert listed == [], key
        for path in ("/pengaduan/daftar", "/sitemap.xml", "/open311/v2/requests.json"):
            assert number not in client.get(path).get_data(as_text=True), (key, path)


def test_a_wbs_receipt_is_never_an_open311_or_public_list_id(app, planted):
    _seeded, _numbers, receipt = planted
    client = app.test_client()
    assert client.get(f"/open311/v2/requests/{receipt}.json").status_code == 404
    assert client.get(f"/pengaduan/daftar/{receipt}").status_code == 404
    assert client.get(f"/open311/v2/requests.json?service_request_id={receipt}").get_json() == []
