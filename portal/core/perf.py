"""Request-time costs found with benchmarks/throughput.py (profiles in benchmarks/README.md) and their fixes.

1. Template `_()`: Flask-Babel's Jinja callables look up the domain, the locale and the translations through
   several werkzeug context-local proxies on every call (about 15 us); a table page calls `_()` hundreds of
   times. `fast_gettext` keeps the translations of the current locale on the request's Babel context and
   reuses them while the locale object is the same (force_locale()/refresh() change it, so they still work).
2. A cache of rarely changing values (the office settings read by every page): `LocalCache`, one per app,
   entries live `PORTAL_SETTINGS_CACHE_SECONDS` (default 30) and are dropped at once when this process
   commits a write. With PORTAL_REDIS_URL (several app servers) each entry also carries the cache
   generation it was built under (`SharedGeneration`: a number on Redis that every committed write, on any
   server, increments), so every server sees a write at once, not "within 30 s".
3. `PageCache`: a micro-cache of public pages (WSGI middleware inside ProxyFix). Only GET requests for the
   listed public paths, from visitors who send no cookie other than `lang` (so no session, no log-in, no
   pending message), and only 200 answers without Set-Cookie and without `no-store`/`private`. The key is
   scheme, host, path, query and the language of the `lang` cookie as the locale selector reads it: both use
   `cookie_language` (one parser; `lang=en; lang=` is English for both, never stored under "no cookie").
   Entries live PAGE_CACHE_SECONDS (portal/config.py, env PORTAL_PAGE_CACHE_SECONDS, default 10; 0 turns it
   off; off under TESTING unless configured). Without Redis they are kept per process and dropped when this
   process commits a write (another process shows a change after at most that many seconds); with
   PORTAL_REDIS_URL they are kept on Redis under the current generation (`{prefix}:page:{generation}:{hash}`,
   expiring by themselves), shared by every server and hidden from all of them by any server's write.
   Redis unreachable: both caches fall back to the per-process behaviour (a warning in the log, never a
   5xx) and ask Redis again after a few seconds. A replayed page carries an `Age` header. WBS, admin, forms
   and health checks are never cached.
   Public HTML may go out compressed (portal/core/assets.py), so the key holds the request's Accept-Encoding.
4. Static files and compressed HTML: portal/core/assets.py (WhiteNoise, fingerprinted names, Flask-Compress).
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, current_app, g, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

PUBLIC_PATHS = ("/", "/rencana-aksi", "/standar-pelayanan", "/maklumat", "/halaman/", "/rekap",
                "/survei/hasil", "/api/v1/", "/pengaduan/daftar", "/open311/")
CACHEABLE_TYPES = ("text/html", "application/json")


# --- 1. template gettext --------------------------------------------------------------------------------

def _translations():
    from flask_babel import get_translations

    try:
        babel_ctx = g._flask_babel
    except (AttributeError, RuntimeError):
        return get_translations()
    locale = getattr(babel_ctx, "babel_locale", None)
    cached = getattr(babel_ctx, "portal_translations", None)
    if cached is not None and locale is not None and cached[0] is locale:
        return cached[1]
    translations = get_translations()  # also sets babel_ctx.babel_locale
    babel_ctx.portal_translations = (getattr(babel_ctx, "babel_locale", None), translations)
    return translations


def install_fast_gettext(app: Flask) -> None:
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
    )


# --- 2. settings cache, per process or invalidated through Redis ------------------------------------------

class SharedGeneration:
    """The cache generation on Redis (REDIS_URL): every committed write bumps it (INCR), every cache read
    asks for it (one GET per request, kept in the WSGI environ), so an entry written under an older number is
    never read again, by any server. Redis down: `current()` answers None and the caches fall back to their
    per-process state for a few seconds before asking again; a write made meanwhile is bumped on the first
    answer, so no server keeps a page older than the outage."""

    RETRY_AFTER = 5.0  # seconds without asking Redis after it failed

    def __init__(self, client, prefix: str):
        self.client = client
        self.key = f"{prefix}:cache:gen"
        self.prefix = prefix
        self._down_until = 0.0
        self._owed_bump = False

    def _usable(self) -> bool:
        return time.monotonic() >= self._down_until

    def _failed(self, exc: Exception) -> None:
        import logging

        if self._usable():
            logging.getLogger("portal.perf").warning(
                "shared cache unreachable (%s): caching per process", type(exc).__name__)
        self._down_until = time.monotonic() + self.RETRY_AFTER

    def current(self, environ: dict | None = None) -> str | None:
        if environ is not None and "portal.cache_gen" in environ:
            return environ["portal.cache_gen"]
        if not self._usable():
            return None
        try:
            if self._owed_bump:
                self.client.incr(self.key)
                self._owed_bump = False
            value = self.client.get(self.key)
        except Exception as exc:  # noqa: BLE001 (any Redis trouble: per-process caches, never a 5xx)
            self._failed(exc)
            value = None
            generation = None
        else:
            generation = value.decode() if value is not None else "0"
        if environ is not None:
            environ["portal.cache_gen"] = generation
        return generation

    def bump(self) -> None:
        if not self._usable():
            self._owed_bump = True
            return
        try:
            self.client.incr(self.key)
        except Exception as exc:  # noqa: BLE001
            self._owed_bump = True
            self._failed(exc)

    # the page store (section 3)
    def get(self, key: str) -> bytes | None:
        if not self._usable():
            return None
        try:
            return self.client.get(key)
        except Exception as exc:  # noqa: BLE001
            self._failed(exc)
            return None

    def set(self, key: str, value: bytes, ttl: float) -> None:
        if not self._usable():
            return
        try:
            self.client.set(key, value, px=max(1, int(ttl * 1000)))
        except Exception as exc:  # noqa: BLE001
            self._failed(exc)


class LocalCache:
    """name -> value for `ttl` seconds; cleared when this process commits a write. With a `shared`
    generation (Redis) a value is also dropped as soon as any server has committed a write: it is kept with
    the generation it was built under and rebuilt when the number moved."""

    def __init__(self, ttl: float, shared: SharedGeneration | None = None):
        self.ttl = ttl
        self.shared = shared
        self._data: dict[str, tuple[float, str | None, Any]] = {}

    def get(self, name: str, build: Callable[[], Any]) -> Any:
        if self.ttl <= 0:
            return build()
        now = time.monotonic()
        generation = self.shared.current(_request_environ()) if self.shared is not None else None
        hit = self._data.get(name)
        if hit is not None and hit[0] > now and hit[1] == generation:
            return hit[2]
        value = build()
        self._data[name] = (now + self.ttl, generation, value)
        return value

    def clear(self) -> None:
        self._data.clear()


def _request_environ() -> dict | None:
    from flask import has_request_context, request

    return request.environ if has_request_context() else None


def local_cache() -> LocalCache | None:
    return current_app.extensions.get("portal_local_cache") if has_app_context() else None


# --- 3. page micro-cache, per process or shared through Redis ----------------------------------------------

LANGUAGES = ("id", "en")


def parse_cookies(cookie_header: str):
    """The request's cookies exactly as Flask's `request.cookies` reads them (werkzeug; first value wins)."""
    from werkzeug.http import parse_cookie

    return parse_cookie(cookie_header or "")


def cookie_language(cookie_header: str) -> str | None:
    """The language the `lang` cookie asks for ("id"/"en"), None if none or not a supported one.
    The one reading of that cookie: the locale selector and the page-cache key both call it."""
    lang = parse_cookies(cookie_header).get("lang")
    return lang if lang in LANGUAGES else None


class _Entry:
    __slots__ = ("body", "created", "expires", "headers", "status")

    def __init__(self, status: str, headers: list[tuple[str, str]], body: bytes, ttl: float,
                 created: float | None = None):
        self.status, self.headers, self.body = status, headers, body
        self.created = time.time() if created is None else created
        self.expires = self.created + ttl

    def dumps(self) -> bytes:
        import json

        head = json.dumps({"s": self.status, "h": self.headers, "c": self.created}, separators=(",", ":"))
        return head.encode() + b"\n" + self.body

    @classmethod
    def loads(cls, raw: bytes, ttl: float) -> _Entry | None:
        import json

        head, sep, body = raw.partition(b"\n")
        if not sep:
            return None
        try:
            meta = json.loads(head)
            return cls(meta["s"], [tuple(h) for h in meta["h"]], body, ttl, created=float(meta["c"]))
        except (ValueError, KeyError, TypeError):
            return None


class PageCache:
    """Public GET pages for cookie-less visitors (the rules in the module docstring). With `shared` (Redis)
    the entries live there, under the current generation: one server's render serves all, and one
    server's write hides every entry at once. Redis unreachable: the per-process store, as without it."""

    def __init__(self, wsgi_app, seconds: float, paths: Iterable[str] = PUBLIC_PATHS, max_entries: int = 256,
                 max_bytes: int = 1_000_000, shared: SharedGeneration | None = None):
        self.app = wsgi_app
        self.seconds = seconds
        self.paths = tuple(paths)
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.shared = shared
        self._entries: OrderedDict[tuple, _Entry] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def _path_allowed(self, path: str) -> bool:
        for allowed in self.paths:
            if allowed == "/":
                if path == "/":
                    return True
            elif path == allowed or path.startswith(allowed if allowed.endswith("/") else allowed + "/"):
                return True
        return False

    def _key(self, environ: dict) -> tuple | None:
        if environ.get("REQUEST_METHOD") != "GET" or environ.get("HTTP_AUTHORIZATION"):
            return None
        path = environ.get("PATH_INFO", "")
        if not self._path_allowed(path):
            return None
        header = environ.get("HTTP_COOKIE", "")
        if any(name != "lang" for name in parse_cookies(header)):
            return None  # a session (or any other cookie): the page may be personal
        return (environ.get("wsgi.url_scheme"), environ.get("HTTP_HOST"), path,
                environ.get("QUERY_STRING", ""),
                environ.get("HTTP_ACCEPT_ENCODING", ""),  # the page may be stored br- or gzip-compressed
                cookie_language(header) or "")

    def _shared_key(self, key: tuple, generation: str) -> str:
        import hashlib

        digest = hashlib.sha256(repr(key).encode("utf-8", "surrogateescape")).hexdigest()[:40]
        return f"{self.shared.prefix}:page:{generation}:{digest}"  # type: ignore[union-attr]

    def _lookup(self, key: tuple, environ: dict) -> tuple[_Entry | None, str | None]:
        """(entry, shared key to store under, None: store in this process)."""
        generation = self.shared.current(environ) if self.shared is not None else None
        if generation is not None:
            shared_key = self._shared_key(key, generation)
            raw = self.shared.get(shared_key)  # type: ignore[union-attr]
            entry = _Entry.loads(raw, self.seconds) if raw is not None else None
            return (entry if entry is not None and entry.expires > time.time() else None), shared_key
        now = time.time()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry.expires <= now:
                del self._entries[key]
                entry = None
        return entry, None

    def _store(self, key: tuple, shared_key: str | None, entry: _Entry) -> None:
        if shared_key is not None:
            self.shared.set(shared_key, entry.dumps(), self.seconds)  # type: ignore[union-attr]
            return
        with self._lock:
            self._entries[key] = entry
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def __call__(self, environ: dict, start_response):
        key = self._key(environ) if self.seconds > 0 else None
        if key is None:
            return self.app(environ, start_response)
        entry, shared_key = self._lookup(key, environ)
        if entry is not None:
            self.hits += 1
            age = max(0, int(time.time() - entry.created))
            start_response(entry.status, entry.headers + [("Age", str(age))])
            return [entry.body]
        self.misses += 1
        captured: dict[str, Any] = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return start_response(status, headers, exc_info)

        result = self.app(environ, capture)
        headers = captured.get("headers") or []
        if not self._storable(captured.get("status", ""), headers):
            return result
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        if len(body) <= self.max_bytes:
            self._store(key, shared_key, _Entry(captured["status"], list(headers), body, self.seconds))
        return [body]

    def _storable(self, status: str, headers: list[tuple[str, str]]) -> bool:
        if not status.startswith("200"):
            return False
        values = {name.lower(): value for name, value in headers}
        if "set-cookie" in values:
            return False
        cache_control = values.get("cache-control", "").lower()
        if any(word in cache_control for word in ("no-store", "private", "no-cache")):
            return False
        if not values.get("content-type", "").startswith(CACHEABLE_TYPES):
            return False
        length = values.get("content-length")
        return length is None or (length.isdigit() and int(length) <= self.max_bytes)


# --- wiring -------------------------------------------------------------------------------------------------

def _clear_caches() -> None:
    if not has_app_context():
        return
    for name in ("portal_local_cache", "portal_page_cache"):
        cache = current_app.extensions.get(name)
        if cache is not None:
            cache.clear()
    shared = current_app.extensions.get("portal_cache_generation")
    if shared is not None:
        shared.bump()  # every server: entries of the old generation are never read again


@event.listens_for(Session, "after_flush")
def _mark_write(session, flush_context) -> None:
    session.info["portal_wrote"] = True


@event.listens_for(Session, "after_commit")
def _after_commit(session) -> None:
    if session.info.pop("portal_wrote", False):
        _clear_caches()


@event.listens_for(Session, "after_rollback")
def _after_rollback(session) -> None:
    session.info.pop("portal_wrote", None)


def install(app: Flask) -> None:
    install_fast_gettext(app)
    shared = None
    if app.config.get("REDIS_URL"):
        from portal.core.jobs import redis_connection

        shared = SharedGeneration(redis_connection(app), app.config.get("REDIS_KEY_PREFIX") or "portal")
        app.extensions["portal_cache_generation"] = shared
    app.extensions["portal_local_cache"] = LocalCache(
        float(app.config["SETTINGS_CACHE_SECONDS"]), shared)
    seconds = float(app.config["PAGE_CACHE_SECONDS"])
    if seconds > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        holder = app.wsgi_app
        if isinstance(holder, ProxyFix):  # inside ProxyFix: the key sees the visitor's scheme and host
            cache = PageCache(holder.app, seconds, shared=shared)
            holder.app = cache
        else:
            cache = PageCache(app.wsgi_app, seconds, shared=shared)
            app.wsgi_app = cache  # type: ignore[method-assign]
        app.extensions["portal_page_cache"] = cache
