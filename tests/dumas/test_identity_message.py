"""Issue 10 F5: "Rahasiakan identitas saya" ticked without a name gets a plain answer: a name is still
needed, only the DUMAS officers see it, and the WBS is the place for full anonymity (with a link)."""
from __future__ import annotations

import html as html_lib

import pytest

from tests.dumas_public_helpers import assert_nothing_written, form_data, load_categories, post_complaint


@pytest.fixture
def cats(app):
    return load_categories(app)


def test_confidential_without_name_explains_who_sees_it_and_points_to_wbs(app, client, cats):
    response = post_complaint(client, form_data(cats["pelayanan"], reporter_name="", confidential="y"))
    assert response.status_code == 422
    page = html_lib.unescape(response.get_data(as_text=True))
    assert "Bila ingin identitas dirahasiakan, centang pilihan rahasia" not in page  # the circular message
    assert "Nama tetap wajib diisi walaupun identitas dirahasiakan" in page
    assert "hanya dilihat oleh petugas pengelola pengaduan (DUMAS)" in page
    assert 'id="nama-rahasia-wbs"' in page and 'href="/wbs"' in page.split('id="nama-rahasia-wbs"')[1][:800]
    assert_nothing_written(app)


def test_missing_name_without_confidential_is_a_short_message(app, client, cats):
    response = post_complaint(client, form_data(cats["pelayanan"], reporter_name=""))
    page = html_lib.unescape(response.get_data(as_text=True))
    assert response.status_code == 422 and "Nama wajib diisi." in page
    assert "centang pilihan rahasia" not in page and 'id="nama-rahasia-wbs"' not in page


def test_name_field_carries_the_server_rules_as_html_attributes(client):
    page = client.get("/pengaduan").get_data(as_text=True)
    before, after = page.split('id="reporter_name"')[:2]
    name = before.rsplit("<input", 1)[1] + after[:200]
    assert "required" in name and 'minlength="2"' in name and 'maxlength="120"' in name
    assert 'minlength="20"' in page and 'maxlength="20000"' in page  # the description
