"""The content editor's preview: a JSON endpoint (POST /admin/konten/pratinjau, CSRF, editors only,
rate-limited per editor, size-limited) answering the same sanitised render the public page uses, for
portal/static/js/preview.js; and without JavaScript a "Pratinjau" button that shows the typed text on the
form page again, saving nothing and losing nothing."""
from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import func, select

from portal.content.models import Page, PageRevision
from portal.content.service import BODY_MAX
from portal.core.markdown_render import render_markdown
from portal.core.models.audit import AuditLog
from portal.extensions import db
from tests.conftest import PASSWORD, AuthActions
from tests.content.test_content import XSS_BODY, assert_no_xss, create_page, page_by_slug

URL = "/admin/konten/pratinjau"


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_preview_is_the_public_render_sanitised(client, login_as):
    login_as("editor")
    response = client.post(URL, data={"body": "## Jam\n\nSenin–Jumat, **08.00**."})
    assert response.status_code == 200 and response.is_json
    source = "## Jam\n\nSenin–Jumat, **08.00**."
    assert response.json["html"] == str(render_markdown(source, min_heading_level=4))
    assert "<h4>Jam</h4>" in response.json["html"] and "<strong>08.00</strong>" in response.json["html"]


def test_preview_never_carries_a_script(client, login_as):
    login_as("editor")
    body = XSS_BODY + "\n\n[tautan](javascript:alert(1))\n\n<img src=x onerror=alert(2)>\n"
    fragment = client.post(URL, data={"body": body}).json["html"]
    assert "Teks aman di awal." in fragment and "Teks aman di akhir." in fragment
    assert_no_xss(fragment)
    assert "<script" not in fragment.lower() and "javascript:" not in fragment.lower()
    assert "onerror" not in fragment.lower()


def test_empty_text_gives_an_empty_preview(client, login_as):
    login_as("editor")
    assert client.post(URL, data={"body": ""}).json == {"html": ""}


def test_preview_is_size_limited(client, login_as):
    login_as("editor")
    response = client.post(URL, data={"body": "a" * (BODY_MAX + 1)})
    assert response.status_code == 413 and "terlalu panjang" in response.json["error"]


@pytest.mark.parametrize("role", ["dumas", "pimpinan", "admin"])
def test_only_editors_preview(client, login_as, role):
    login_as(role)
    assert client.post(URL, data={"body": "x"}).status_code == 403


def test_anonymous_is_sent_to_log_in(client):
    response = client.post(URL, data={"body": "x"})
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def _token(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def test_preview_needs_the_csrf_token(app_factory, make_user):
    app = app_factory(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    user = make_user("editor")
    response = client.post("/admin/login", data={"email": user.email, "password": PASSWORD,
                                                 "csrf_token": _token(client, "/admin/login")})
    assert response.status_code == 302  # (editors have no second step)
    token = _token(client, "/admin/konten/baru")
    assert client.post(URL, data={"body": "x"}).status_code == 400
    response = client.post(URL, data={"body": "*x*", "csrf_token": token})
    assert response.status_code == 200 and response.json["html"] == "<p><em>x</em></p>"


def test_preview_is_rate_limited_per_editor(app_factory, make_user):
    app = app_factory(RATELIMIT_ENABLED=True, PREVIEW_RATE_LIMIT="3 per minute")
    client = app.test_client()
    user = make_user("editor")
    AuthActions(client).login(user.email)
    codes = [client.post(URL, data={"body": "x"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_the_button_without_javascript_shows_the_typed_text_and_saves_nothing(app, client, login_as):
    login_as("editor")
    create_page(client, "jadwal", title="Jadwal", body="Versi tersimpan.")
    page = page_by_slug(app, "jadwal")
    revisions, entries = _count(app, PageRevision), _count(app, AuditLog)
    response = client.post(f"/admin/konten/{page.id}", data={
        "title": "Jadwal <b>baru</b>", "body": "## Baru\n\nVersi **ketikan**.<script>alert(1)</script>",
        "note": "catatan saya", "base_revision": "1", "preview": "Pratinjau"})
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    preview = text.split('aria-label="Pratinjau"', 1)[1].split("Pratinjau menampilkan", 1)[0]
    assert "<h4>Baru</h4>" in preview and "<strong>ketikan</strong>" in preview
    assert "Jadwal &lt;b&gt;baru&lt;/b&gt;" in preview  # the title as text
    assert_no_xss(preview.split("</h3>", 1)[1])
    # nothing typed is lost: the fields hold what was sent
    assert 'value="Jadwal &lt;b&gt;baru&lt;/b&gt;"' in text and 'value="catatan saya"' in text
    assert html.escape("Versi **ketikan**.") in text
    # nothing saved, nothing audited
    assert (_count(app, PageRevision), _count(app, AuditLog)) == (revisions, entries)
    assert "Versi tersimpan." in client.get(f"/admin/konten/{page.id}").get_data(as_text=True)


def test_the_button_on_a_new_page_creates_nothing(app, client, login_as):
    login_as("editor")
    pages = _count(app, Page)
    response = client.post("/admin/konten/baru", data={
        "slug": "uji-baru", "title": "Uji", "body": "Teks *baru*.", "preview": "Pratinjau"})
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "<em>baru</em>" in text and 'value="uji-baru"' in text
    assert _count(app, Page) == pages


def test_the_editor_page_is_wired_for_the_live_preview(app, client, login_as):
    login_as("editor")
    create_page(client, "wired", title="Wired", body="Isi.")
    text = client.get(f"/admin/konten/{page_by_slug(app, 'wired').id}").get_data(as_text=True)
    assert 'data-preview-url="/admin/konten/pratinjau"' in text and 'data-preview-source="body"' in text
    assert '<script src="/static/js/preview.js' in text
    assert 'name="preview"' in text and "data-preview-button" in text
