"""Issue 10 E2: the page cache and the locale selector read the `lang` cookie with one parser, so a crafted
Cookie header cannot store a page in one language under the key of visitors who get the other one."""
from __future__ import annotations

import pytest


def _cached_app(app_factory):
    return app_factory(PAGE_CACHE_SECONDS=60, SETTINGS_CACHE_SECONDS=60)


def _lang_of(response) -> str:
    html = response.get_data(as_text=True)
    return "en" if '<html lang="en"' in html else "id" if '<html lang="id"' in html else "?"


# Flask's request.cookies (and so Babel's locale) takes the first value of a repeated cookie
@pytest.mark.parametrize(("cookie", "expected"), [("lang=en; lang=", "en"), ("lang=en; lang=xx", "en"),
                                                  ("lang=en;lang=id", "en"), ("lang=en; lang", "en"),
                                                  ("lang=; lang=en", "id")])
def test_duplicate_lang_cookie_does_not_poison_the_cache(app_factory, cookie, expected):
    app = _cached_app(app_factory)
    attacker = app.test_client(use_cookies=False)
    poisoned = attacker.get("/", headers={"Cookie": cookie})
    assert poisoned.status_code == 200
    served = _lang_of(poisoned)
    visitor = app.test_client(use_cookies=False).get("/")  # no cookie at all
    assert _lang_of(visitor) == "id", (cookie, served)
    # whatever the attacker was served is what the locale selector reads from that header
    assert served == expected
    again = app.test_client(use_cookies=False).get("/", headers={"Cookie": cookie})
    assert _lang_of(again) == served and "Age" in again.headers  # its own entry, replayed


def test_cookie_less_visitor_is_never_served_an_english_entry(app_factory):
    app = _cached_app(app_factory)
    for header in ("lang=en; lang=", "lang=en; lang=; lang=", " lang=en ;lang= "):
        app.test_client(use_cookies=False).get("/rencana-aksi", headers={"Cookie": header})
    for _ in range(2):
        assert _lang_of(app.test_client(use_cookies=False).get("/rencana-aksi")) == "id"


def test_one_parser_for_cache_key_and_locale(app_factory):
    app = _cached_app(app_factory)
    cache = app.extensions["portal_page_cache"]
    for header in ("lang=en; lang=", "lang=; lang=en", "lang=xx", "lang=en", 'lang="en"', "other=1; lang=en"):
        key = cache._key({"REQUEST_METHOD": "GET", "PATH_INFO": "/", "HTTP_COOKIE": header,
                          "wsgi.url_scheme": "http", "HTTP_HOST": "localhost"})
        with app.test_request_context("/", headers={"Cookie": header}):
            from flask_babel import get_locale

            locale = str(get_locale())
        if key is not None:
            assert (key[-1] or "id") == locale, (header, key, locale)
