"""The page and settings caches shared through Redis (portal/core/perf.py): two apps on one database and
one Redis stand for two app servers. A write on one is seen on the other at once; the cookie rules stay;
Redis down costs nothing but the sharing."""
from __future__ import annotations

from portal.core import site_settings
from portal.extensions import db
from tests.jobs.redis_helpers import free_port, scratch_redis


def _two_servers(app_factory, url: str, prefix: str, **extra):
    config = {"PAGE_CACHE_SECONDS": 60, "SETTINGS_CACHE_SECONDS": 60, "REDIS_URL": url,
              "REDIS_KEY_PREFIX": prefix, **extra}
    return app_factory(**config), app_factory(**config)


def _save_office(app, name: str) -> None:
    with app.app_context():
        site_settings.save(db.session, {"office_name": name})
        db.session.commit()


def test_a_write_on_one_server_is_seen_on_the_other_at_once(app_factory):
    with scratch_redis() as (url, prefix):
        one, two = _two_servers(app_factory, url, prefix)
        a, b = one.test_client(), two.test_client()
        assert "KPU Kabupaten Kebumen" in b.get("/").get_data(as_text=True)
        assert "Age" in b.get("/").headers
        assert "Age" in a.get("/").headers  # one render serves both servers
        _save_office(one, "KPU Kota Dua Server")
        fresh = b.get("/")
        assert "Age" not in fresh.headers and "KPU Kota Dua Server" in fresh.get_data(as_text=True)
        # the settings cache of the other server (a page never page-cached: a form) sees it too
        assert "KPU Kota Dua Server" in b.get("/pengaduan").get_data(as_text=True)
        with two.test_request_context("/"):
            assert site_settings.get_cached(db.session)["office_name"] == "KPU Kota Dua Server"


def test_the_cookie_rules_hold_on_the_shared_cache(app_factory):
    with scratch_redis() as (url, prefix):
        one, two = _two_servers(app_factory, url, prefix)
        one.test_client(use_cookies=False).get("/rencana-aksi", headers={"Cookie": "lang=en"})
        english = two.test_client(use_cookies=False).get("/rencana-aksi", headers={"Cookie": "lang=en"})
        assert "Age" in english.headers and '<html lang="en"' in english.get_data(as_text=True)
        plain = two.test_client(use_cookies=False).get("/rencana-aksi")
        assert "Age" not in plain.headers and '<html lang="id"' in plain.get_data(as_text=True)
        session_visitor = two.test_client(use_cookies=False)
        for _ in range(2):
            answer = session_visitor.get("/rencana-aksi", headers={"Cookie": "session=abc"})
            assert "Age" not in answer.headers  # a visitor with any other cookie is never served an entry


def test_redis_down_pages_and_writes_still_work_per_process(app_factory):
    closed = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there: Redis is down
    app = app_factory(PAGE_CACHE_SECONDS=60, SETTINGS_CACHE_SECONDS=60, REDIS_URL=closed,
                      RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=closed)
    client = app.test_client()
    for _ in range(2):  # a rate-limited POST is still answered (counted in memory), never a 5xx
        tracked = client.post("/pengaduan/lacak", data={"number": "DUMAS-2026-00001", "code": "SALAH"})
        assert tracked.status_code < 500
    assert client.get("/").status_code == 200
    assert "Age" in client.get("/").headers  # cached in this process instead
    _save_office(app, "KPU Tanpa Redis")
    fresh = client.get("/")
    assert fresh.status_code == 200 and "KPU Tanpa Redis" in fresh.get_data(as_text=True)
    assert client.get("/rencana-aksi").status_code == 200
