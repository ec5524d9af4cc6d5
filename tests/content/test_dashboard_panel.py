"""The editor panel of the staff dashboard (/admin/): content pages with a draft, draft revisions of the
service standards and published pages not changed for a year, counted and linked to their edit pages;
only for the editor role."""
from __future__ import annotations

import re
from datetime import date

import pytest
from freezegun import freeze_time

from portal.content import service as content
from portal.extensions import db
from portal.standards import service as standards
from tests.dashboard_helpers import has_link, page_text, panel_section

NOW = "2026-12-01 04:00:00"


def _panel(response, name="editor") -> str:
    return panel_section(page_text(response), name)


_link = has_link


def _texts(marker: str) -> dict[str, str]:
    return {key: f"{marker} {key}" for key in standards.COMPONENT_KEYS}


def _seed(app) -> dict[str, int]:
    """Pages: a new draft, a published one with a newer draft, a published one untouched since June 2025
    (stale), a fresh published one. Standards: one service with a draft revision, one published only."""
    ids = {}
    with app.app_context():
        with freeze_time("2025-06-02 03:00:00"):
            ids["stale"] = content.create_page(db.session, slug="kontak", title="Kontak Kantor",
                                               body="Alamat", actor=None, publish=True).id
        with freeze_time("2026-11-20 03:00:00"):
            ids["draft"] = content.create_page(db.session, slug="draf-baru", title="Draf Baru", body="Isi",
                                               actor=None).id
            edited = content.create_page(db.session, slug="maklumat-uji", title="Maklumat Uji", body="Lama",
                                         actor=None, publish=True)
            db.session.flush()
            ids["edited"] = edited.id
            content.save_revision(db.session, edited, title="Maklumat Uji", body="Baru", actor=None)
            content.create_page(db.session, slug="segar", title="Halaman Segar", body="Isi", actor=None,
                                publish=True)
            waiting = standards.create_service(db.session, name="Layanan Tunggu", slug="layanan-tunggu")
            standards.save_revision(db.session, waiting, components=_texts("A"), publish=True,
                                    effective_date=date(2026, 1, 1))
            standards.save_revision(db.session, waiting, components=_texts("B"),
                                    effective_date=date(2027, 1, 1))
            done = standards.create_service(db.session, name="Layanan Selesai", slug="layanan-selesai")
            standards.save_revision(db.session, done, components=_texts("C"), publish=True,
                                    effective_date=date(2026, 1, 1))
        db.session.commit()
    return ids


def test_drafts_and_stale_pages_are_counted_and_linked(app, client, login_as):
    with freeze_time(NOW):
        ids = _seed(app)
        login_as("editor")
        panel = _panel(client.get("/admin/"))
    assert _link(panel, "/admin/konten/", "Halaman berisi draf: 2")
    assert _link(panel, "/admin/standar-pelayanan/", "Draf standar pelayanan: 1")
    assert _link(panel, "/admin/konten/", "Halaman lama tidak diperbarui: 1")
    assert _link(panel, f"/admin/konten/{ids['draft']}", "Draf Baru")
    assert _link(panel, f"/admin/konten/{ids['edited']}", "Maklumat Uji")
    assert _link(panel, f"/admin/konten/{ids['stale']}", "Kontak Kantor")
    assert re.search(r'<a [^>]*href="/admin/standar-pelayanan/layanan-tunggu/revisi/2"', panel)
    assert "Layanan Selesai" not in panel and "Halaman Segar" not in panel
    # office content marked as Indonesian for English readers and screen readers
    assert 'lang="id">Draf Baru</a>' in panel


def test_publishing_the_draft_clears_it(app, client, login_as):
    with freeze_time(NOW):
        ids = _seed(app)
        with app.app_context():
            page = content.get_page(db.session, ids["edited"])
            content.publish_revision(db.session, page, content.latest_revision(db.session, page), actor=None)
            db.session.commit()
        login_as("editor")
        panel = _panel(client.get("/admin/"))
    assert "Halaman berisi draf: 1" in panel
    assert f"/admin/konten/{ids['edited']}\"" not in panel


def test_empty_panel(app, client, login_as):
    with freeze_time(NOW):
        login_as("editor")
        panel = _panel(client.get("/admin/"))
    assert "Halaman berisi draf: 0" in panel and "Draf standar pelayanan: 0" in panel
    assert "Halaman lama tidak diperbarui: 0" in panel


@pytest.mark.parametrize("roles, sees", [(("editor",), True), (("admin",), False), (("pimpinan",), False),
                                         (("dumas",), False), (("wbs",), False)])
def test_only_editors_see_the_panel(app, client, login_as, roles, sees):
    with freeze_time(NOW):
        _seed(app)
        login_as(*roles)
        page = client.get("/admin/").get_data(as_text=True)
    assert ('data-panel="editor"' in page) is sees
