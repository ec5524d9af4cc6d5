"""portal/core/perf.py: the public page micro-cache and the per-process settings cache (off under TESTING
unless configured, so these tests turn them on), and the template gettext fast path."""
from __future__ import annotations

import time

from sqlalchemy import create_engine, text

from portal.core import site_settings
from portal.extensions import db


def _cached_app(app_factory, **extra):
    return app_factory(**{"PAGE_CACHE_SECONDS": 60, "SETTINGS_CACHE_SECONDS": 60, **extra})


def test_public_page_is_replayed_with_its_security_headers(app_factory):
    app = _cached_app(app_factory)
    client = app.test_client()
    first = client.get("/rencana-aksi")
    assert first.status_code == 200 and "Age" not in first.headers
    second = client.get("/rencana-aksi")
    assert second.status_code == 200 and "Age" in second.headers
    assert second.get_data() == first.get_data()
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"):
        assert second.headers[header] == first.headers[header]
    other = client.get("/rencana-aksi?area=V")  # another query string is another entry
    assert "Age" not in other.headers


def test_a_write_in_this_process_drops_the_cached_pages(app_factory):
    app = _cached_app(app_factory)
    client = app.test_client()
    assert "KPU Kabupaten Kebumen" in client.get("/").get_data(as_text=True)
    assert "Age" in client.get("/").headers
    with app.app_context():
        site_settings.save(db.session, {"office_name": "KPU Kota Uji Cache"})
        db.session.commit()
    fresh = client.get("/")
    assert "Age" not in fresh.headers and "KPU Kota Uji Cache" in fresh.get_data(as_text=True)


def test_entries_expire(app_factory):
    app = app_factory(PAGE_CACHE_SECONDS=0.3)
    client = app.test_client()
    client.get("/")
    assert "Age" in client.get("/").headers
    time.sleep(0.4)
    assert "Age" not in client.get("/").headers


def test_visitors_with_a_session_and_private_pages_are_never_served_from_the_cache(app_factory, make_user,
                                                                                    auth):
    app = _cached_app(app_factory)
    client = app.test_client()
    for path in ("/wbs", "/wbs/lapor", "/pengaduan", "/healthz", "/admin/login"):
        client.get(path)
        assert "Age" not in client.get(path).headers, path
    anonymous = app.test_client()
    anonymous.get("/")
    assert "Age" in anonymous.get("/").headers
    # a logged-in member of staff (session cookie) always gets a freshly rendered page
    staff = app.test_client()
    user = make_user("editor")
    staff.post("/admin/login", data={"email": user.email, "password": "rahasia-uji-123"})
    page = staff.get("/")
    assert "Age" not in page.headers
    assert "Age" not in staff.get("/").headers


def test_language_cookie_gives_its_own_entry(app_factory):
    app = _cached_app(app_factory)
    client = app.test_client()
    switched = client.get("/?lang=en")  # sets the lang cookie: not stored
    assert "Set-Cookie" in switched.headers
    english = client.get("/")  # Cookie: lang=en
    assert "Age" in client.get("/").headers
    indonesian = app.test_client()
    id_page = indonesian.get("/")
    assert "Age" not in id_page.headers  # not the English entry
    assert english.get_data() != id_page.get_data()
    assert 'lang="en"' in english.get_data(as_text=True) and 'lang="id"' in id_page.get_data(as_text=True)


def test_post_and_errors_are_not_cached(app_factory):
    app = _cached_app(app_factory)
    client = app.test_client()
    client.get("/halaman/tidak-ada")
    assert "Age" not in client.get("/halaman/tidak-ada").headers  # 404
    assert client.post("/rencana-aksi").status_code == 405


def test_settings_cache_is_per_process_with_a_time_limit(app_factory, db_backend):
    """A change made elsewhere (another worker, psql) shows after the time limit; one made by this process at
    once. Without the cache (the default under TESTING) every request reads the table."""
    app = _cached_app(app_factory, PAGE_CACHE_SECONDS=0, SETTINGS_CACHE_SECONDS=3)
    client = app.test_client()
    assert "KPU Kabupaten Kebumen" in client.get("/").get_data(as_text=True)
    with app.app_context():
        site_settings.save(db.session, {"office_name": "Nama Pertama"})
        db.session.commit()
    assert "Nama Pertama" in client.get("/").get_data(as_text=True)
    other = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])  # "another worker": no ORM events here
    with other.begin() as conn:
        conn.execute(text("UPDATE settings SET value = 'Nama Dari Pekerja Lain' WHERE key = 'office_name'"))
    other.dispose()
    started = time.monotonic()
    assert "Nama Pertama" in client.get("/").get_data(as_text=True)  # within SETTINGS_CACHE_SECONDS
    time.sleep(max(0.0, 3.1 - (time.monotonic() - started)))
    assert "Nama Dari Pekerja Lain" in client.get("/").get_data(as_text=True)


def test_english_templates_through_the_fast_gettext(app, client):
    """The per-request translations are reused within a request and follow the visitor's language."""
    english = client.get("/?lang=en").get_data(as_text=True)
    assert ">Action Plan<" in english and ">Complaints<" in english
    indonesian = client.get("/?lang=id").get_data(as_text=True)
    assert ">Rencana Aksi<" in indonesian and ">Pengaduan<" in indonesian
    from flask_babel import force_locale

    with app.test_request_context("/?lang=en"):
        template = app.jinja_env.from_string("{{ _('Rencana Aksi') }}")
        assert template.render() == "Action Plan"
        with force_locale("id"):  # e-mails in the office language from an English request
            assert template.render() == "Rencana Aksi"
        assert template.render() == "Action Plan"
