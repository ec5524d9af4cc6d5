"""robots.txt and sitemap.xml (issue 12 §4): search engines find the public pages and the WBS guide, never
the staff area, the WBS form, receipts or tracking pages."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from portal.extensions import db

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def loaded(app):
    from portal.core import defaults

    with app.app_context():
        defaults.load_all(db.session)
        db.session.commit()
    return app


def test_robots_keeps_staff_forms_and_tracking_out_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    for path in ("/admin/", "/wbs/lapor", "/wbs/lacak", "/wbs/tanda-terima", "/pengaduan/lacak",
                 "/pengaduan/tanda-terima", "/survei/terima-kasih"):
        assert f"Disallow: {path}" in lines
    assert "Disallow: /wbs" not in lines  # the guide stays findable
    assert any(line.startswith("Sitemap: ") and line.endswith("/sitemap.xml") for line in lines)


def test_sitemap_lists_the_public_pages_with_absolute_urls(loaded, client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    root = ET.fromstring(response.data)
    urls = [loc.text for loc in root.iter(f"{SITEMAP_NS}loc")]
    assert all(url.startswith(("http://", "https://")) for url in urls)
    paths = {url.split("://", 1)[1].split("/", 1)[1] if "/" in url.split("://", 1)[1] else "" for url in urls}
    for path in ("", "rencana-aksi", "standar-pelayanan", "maklumat", "pengaduan", "wbs", "survei", "rekap",
                 "data-terbuka"):
        assert path in paths, path
    assert any(p.startswith("standar-pelayanan/") for p in paths)  # each published standard
    assert not any(p.startswith(("admin", "wbs/lapor", "wbs/lacak", "pengaduan/lacak")) for p in paths)


def test_the_wbs_guide_may_be_indexed_but_not_the_form_or_tracking(client):
    assert "X-Robots-Tag" not in client.get("/wbs").headers
    for path in ("/wbs/lapor", "/wbs/lacak"):
        assert client.get(path).headers["X-Robots-Tag"] == "noindex, nofollow"
