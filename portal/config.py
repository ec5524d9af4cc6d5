"""Settings read from the environment, with a SQLite default so a fresh clone runs with no server."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

# The default 5x5 risk-matrix bands (PORTAL_RISK_LEVEL_BANDS; portal/risks/matrix.py reads and checks them).
DEFAULT_RISK_LEVEL_BANDS = "1-5:sangat_rendah,6-10:rendah,11-15:sedang,16-20:tinggi,21-25:sangat_tinggi"


def instance_path_from_env() -> Path:
    """`PORTAL_INSTANCE_PATH`; else the checkout's `instance/` (beside pyproject.toml) when run from a clone,
    else `instance/` in the working directory (an installed wheel has no checkout around it)."""
    if os.environ.get("PORTAL_INSTANCE_PATH"):
        return Path(os.environ["PORTAL_INSTANCE_PATH"]).resolve()
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").is_file():
        return checkout / "instance"
    return Path.cwd() / "instance"


def normalise_database_url(url: str) -> str:
    """Accept the usual `postgres://` / `postgresql://` URLs and use the psycopg 3 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def load_or_create_secret(instance_path: Path, name: str = "secret_key") -> str:
    """Read a secret from `instance/<name>`, generating it on first run (mode 0600)."""
    path = instance_path / name
    if path.exists():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    value = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(value)
    return value


def normalise_base_url(url: str) -> str:
    """`https://portal.example.go.id` (optionally with a path prefix), without a trailing slash; "" if
    unset."""
    from urllib.parse import urlsplit

    url = (url or "").strip().rstrip("/")
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment \
            or parts.username or parts.password:
        raise RuntimeError(f"PORTAL_BASE_URL tidak valid: {url!r} (contoh: https://portal.kpu-kebumenkab.go.id)")
    return url


def trusted_hosts(base_url: str, extra: list[str]) -> list[str] | None:
    """Flask's TRUSTED_HOSTS: the base URL's host and PORTAL_TRUSTED_HOSTS; None (any host) if neither is
    set."""
    from urllib.parse import urlsplit

    hosts = [urlsplit(base_url).hostname] if base_url else []
    hosts += [h.strip() for h in extra if h.strip()]
    return list(dict.fromkeys(hosts)) or None


def _default_assets_folder() -> Path:
    from portal.core.assets import default_folder

    return default_folder()


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def settings_from_env(instance_path: Path) -> dict:
    """Everything configurable, from PORTAL_* variables, DATABASE_URL and SECRET_KEY."""
    db_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'portal.db'}"
    production = os.environ.get("PORTAL_ENV", "development") == "production"
    redis_url = os.environ.get("PORTAL_REDIS_URL", "").strip()
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY") or load_or_create_secret(instance_path),
        # The key came from the environment (not instance/secret_key): a restore must not replace it.
        "SECRET_KEY_FROM_ENV": bool(os.environ.get("SECRET_KEY")),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(db_url),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "PORTAL_ENV": "production" if production else "development",
        "UPLOAD_FOLDER": os.environ.get("PORTAL_UPLOAD_FOLDER", str(instance_path / "uploads")),
        "MAX_CONTENT_LENGTH": int(os.environ.get("PORTAL_MAX_CONTENT_LENGTH", str(55 * 1024 * 1024))),
        # Rate limiting: memory:// counts per process; production uses Redis so workers share counts.
        # Unset: PORTAL_REDIS_URL when set (several app servers count together), else Redis on localhost in
        # production and memory:// in development.
        "RATELIMIT_STORAGE_URI": os.environ.get(
            "PORTAL_RATELIMIT_STORAGE",
            redis_url or ("redis://127.0.0.1:6379/0" if production else "memory://"),
        ),
        "RATELIMIT_ENABLED": _bool("PORTAL_RATELIMIT_ENABLED", True),
        # Keys are namespaced so several portals (or test runs) can share one Redis.
        "RATELIMIT_KEY_PREFIX": os.environ.get("PORTAL_RATELIMIT_KEY_PREFIX", "portal"),
        # Redis down: count per process in memory instead of failing every limited request with a 500.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_HEADERS_ENABLED": True,
        "LOGIN_MAX_FAILURES": int(os.environ.get("PORTAL_LOGIN_MAX_FAILURES", "5")),
        "LOGIN_LOCKOUT_MINUTES": int(os.environ.get("PORTAL_LOGIN_LOCKOUT_MINUTES", "15")),
        # Wrong TOTP codes are counted apart from wrong passwords; unset: the same limit as for passwords.
        "LOGIN_TOTP_MAX_FAILURES": (int(os.environ["PORTAL_LOGIN_TOTP_MAX_FAILURES"])
                                    if os.environ.get("PORTAL_LOGIN_TOTP_MAX_FAILURES") else None),
        "LOGIN_RATE_LIMIT": os.environ.get("PORTAL_LOGIN_RATE_LIMIT", "20 per minute"),
        "PUBLIC_POST_RATE_LIMIT": os.environ.get("PORTAL_PUBLIC_POST_RATE_LIMIT", "10 per minute"),
        "SKM_POST_RATE_LIMIT": os.environ.get("PORTAL_SKM_POST_RATE_LIMIT", "10 per minute;60 per hour"),
        # The content editor's live preview (POST /admin/konten/pratinjau), per editor.
        "PREVIEW_RATE_LIMIT": os.environ.get("PORTAL_PREVIEW_RATE_LIMIT", "120 per minute"),
        # Opening the questionnaire with a one-time QR token (?t=...) checks the token: limited like a code.
        "SKM_TOKEN_RATE_LIMIT": os.environ.get("PORTAL_SKM_TOKEN_RATE_LIMIT", "30 per minute;200 per hour"),
        # DUMAS tracking: attempts per client; and per tracking number, WRONG codes only (whoever sends them):
        # after DUMAS_TRACK_NUMBER_MAX_FAILURES wrong codes within DUMAS_TRACK_NUMBER_LOCK_SECONDS the number
        # is refused for at most that many seconds (portal/dumas/tracking_limits.py has the arithmetic).
        "DUMAS_TRACK_RATE_LIMIT": os.environ.get("PORTAL_DUMAS_TRACK_RATE_LIMIT", "5 per minute;30 per hour"),
        "DUMAS_TRACK_NUMBER_MAX_FAILURES": int(os.environ.get("PORTAL_DUMAS_TRACK_NUMBER_MAX_FAILURES", "5")),
        "DUMAS_TRACK_NUMBER_LOCK_SECONDS": int(
            os.environ.get("PORTAL_DUMAS_TRACK_NUMBER_LOCK_SECONDS", "60")),
        "BABEL_DEFAULT_LOCALE": "id",
        # The office's time zone: every "today" and local date (portal/core/clock.py) and Babel's dates.
        "PORTAL_TIMEZONE": os.environ.get("PORTAL_TIMEZONE", "Asia/Jakarta"),
        "BABEL_DEFAULT_TIMEZONE": os.environ.get("PORTAL_TIMEZONE", "Asia/Jakarta"),
        "LANGUAGES": ["id", "en"],
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "FORCE_HTTPS": production and _bool("PORTAL_FORCE_HTTPS", True),
        "PROXY_FIX": _bool("PORTAL_PROXY_FIX", production),
        "WTF_CSRF_ENABLED": True,
        "WTF_CSRF_TIME_LIMIT": 4 * 3600,
        # Form posts over HTTPS must come from this site (Sec-Fetch-Site / Origin / Referer;
        # portal/core/security.py)
        "CSRF_ORIGIN_CHECK": _bool("PORTAL_CSRF_ORIGIN_CHECK", True),
        # Every absolute link (e-mails, digests, exports, QR codes) is built on this, never on the request's
        # Host header (portal/core/links.py); its host, plus PORTAL_TRUSTED_HOSTS (comma-separated), become
        # Flask's TRUSTED_HOSTS: any other Host header gets 400.
        "BASE_URL": os.environ.get("PORTAL_BASE_URL", ""),
        "EXTRA_TRUSTED_HOSTS": [
            h for h in os.environ.get("PORTAL_TRUSTED_HOSTS", "").split(",") if h.strip()],
        # DUMAS deadlines in working days (docs/architecture.md)
        "DUMAS_VERIFY_DAYS": int(os.environ.get("PORTAL_DUMAS_VERIFY_DAYS", "3")),
        "DUMAS_RESOLVE_DAYS": {
            "informasi": int(os.environ.get("PORTAL_DUMAS_DAYS_INFORMASI", "5")),
            "non_pengawasan": int(os.environ.get("PORTAL_DUMAS_DAYS_NON_PENGAWASAN", "14")),
            "pengawasan": int(os.environ.get("PORTAL_DUMAS_DAYS_PENGAWASAN", "60")),
        },
        "DUMAS_NEARLY_DUE_DAYS": int(os.environ.get("PORTAL_DUMAS_NEARLY_DUE_DAYS", "2")),
        # Mail (used by DUMAS notifications)
        "MAIL_SERVER": os.environ.get("PORTAL_MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("PORTAL_MAIL_PORT", "25")),
        "MAIL_USE_TLS": _bool("PORTAL_MAIL_USE_TLS", False),
        "MAIL_USERNAME": os.environ.get("PORTAL_MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("PORTAL_MAIL_PASSWORD", ""),
        "MAIL_SENDER": os.environ.get("PORTAL_MAIL_SENDER", "noreply@localhost"),
        # WBS (whistle-blowing): encryption key outside the database (docs/wbs-keys.md), retention, limits
        "WBS_KEY": os.environ.get("PORTAL_WBS_KEY") or None,
        "WBS_KEY_FILE": os.environ.get("PORTAL_WBS_KEY_FILE", str(instance_path / "wbs.key")),
        "WBS_RETENTION_DAYS": int(os.environ.get("PORTAL_WBS_RETENTION_DAYS", "730")),
        # Deadlines in working days: verification, then resolution (berkadar pengawasan)
        "WBS_VERIFY_DAYS": int(os.environ.get("PORTAL_WBS_VERIFY_DAYS", "3")),
        "WBS_RESOLVE_DAYS": int(os.environ.get("PORTAL_WBS_RESOLVE_DAYS", "60")),
        "WBS_NEARLY_DUE_DAYS": int(os.environ.get("PORTAL_WBS_NEARLY_DUE_DAYS", "2")),
        # PPID information requests (UU 14/2008), working days: the written notice after receipt (Pasal 22
        # ayat 7), the one extension (ayat 8), filing an objection after its ground arose (Pasal 36 ayat 1),
        # the atasan PPID's answer (ayat 2), taking it to the Komisi Informasi after that answer (Pasal 37)
        "PPID_NOTICE_DAYS": int(os.environ.get("PORTAL_PPID_NOTICE_DAYS", "10")),
        "PPID_EXTENSION_DAYS": int(os.environ.get("PORTAL_PPID_EXTENSION_DAYS", "7")),
        "PPID_OBJECTION_FILING_DAYS": int(os.environ.get("PORTAL_PPID_OBJECTION_FILING_DAYS", "30")),
        "PPID_OBJECTION_ANSWER_DAYS": int(os.environ.get("PORTAL_PPID_OBJECTION_ANSWER_DAYS", "30")),
        "PPID_DISPUTE_DAYS": int(os.environ.get("PORTAL_PPID_DISPUTE_DAYS", "14")),
        "PPID_NEARLY_DUE_DAYS": int(os.environ.get("PORTAL_PPID_NEARLY_DUE_DAYS", "2")),
        # Gratification (portal/gratification/workflow.py), working days from the day a gift was received:
        # the reporter to the UPG (the office's rule) and the report at the KPK (UU 20/2001 Pasal 12C: 30).
        "GRATIFICATION_UPG_DAYS": int(os.environ.get("PORTAL_GRATIFICATION_UPG_DAYS", "10")),
        "GRATIFICATION_KPK_DAYS": int(os.environ.get("PORTAL_GRATIFICATION_KPK_DAYS", "30")),
        "GRATIFICATION_NEARLY_DUE_DAYS": int(os.environ.get("PORTAL_GRATIFICATION_NEARLY_DUE_DAYS", "3")),
        "PPID_TRACK_RATE_LIMIT": os.environ.get("PORTAL_PPID_TRACK_RATE_LIMIT", "5 per minute;30 per hour"),
        "WBS_RECEIPT_RATE_LIMIT": os.environ.get(
            "PORTAL_WBS_RECEIPT_RATE_LIMIT", "5 per 10 minutes;20 per day"),
        "WBS_POST_RATE_LIMIT": os.environ.get("PORTAL_WBS_POST_RATE_LIMIT", "10 per hour"),
        "WBS_MAX_FILES": int(os.environ.get("PORTAL_WBS_MAX_FILES", "5")),
        "WBS_MAX_FILE_BYTES": int(os.environ.get("PORTAL_WBS_MAX_FILE_BYTES", str(10 * 1024 * 1024))),
        # Attachment processing (DUMAS, ZI; WBS has its own count and size above): files per submission and
        # bytes per file; per-image pixel cap checked before decoding, decoded pixels and seconds for ALL
        # files of one request, images per DOCX/PDF, DOCX parts, PDF objects (portal/core/attachments.py).
        "ATTACHMENT_MAX_FILES": int(os.environ.get("PORTAL_ATTACHMENT_MAX_FILES", "5")),
        "ATTACHMENT_MAX_SIZE": int(os.environ.get("PORTAL_ATTACHMENT_MAX_SIZE", str(10 * 1024 * 1024))),
        "ATTACHMENT_MAX_IMAGE_PIXELS": int(os.environ.get("PORTAL_ATTACHMENT_MAX_IMAGE_PIXELS", "25000000")),
        "ATTACHMENT_MAX_TOTAL_PIXELS": int(os.environ.get("PORTAL_ATTACHMENT_MAX_TOTAL_PIXELS", "50000000")),
        "ATTACHMENT_TIME_BUDGET": float(os.environ.get("PORTAL_ATTACHMENT_TIME_BUDGET", "10")),
        "ATTACHMENT_MAX_EMBEDDED_IMAGES": int(os.environ.get("PORTAL_ATTACHMENT_MAX_EMBEDDED_IMAGES", "100")),
        "ATTACHMENT_DOCX_MAX_PARTS": int(os.environ.get("PORTAL_ATTACHMENT_DOCX_MAX_PARTS", "1000")),
        "ATTACHMENT_PDF_MAX_OBJECTS": int(os.environ.get("PORTAL_ATTACHMENT_PDF_MAX_OBJECTS", "20000")),
        # Public forms (issue 10 F): how long a receipt survives a reload in the browser that sent the form,
        # how long files that passed validation are kept for the re-submission, and how many days a used
        # one-time form token is remembered (a re-sent POST within that time files nothing new).
        "DUMAS_RECEIPT_SECONDS": int(os.environ.get("PORTAL_DUMAS_RECEIPT_MINUTES", "30")) * 60,
        "WBS_RECEIPT_SECONDS": int(os.environ.get("PORTAL_WBS_RECEIPT_MINUTES", "10")) * 60,
        "FORM_STASH_SECONDS": int(os.environ.get("PORTAL_FORM_STASH_MINUTES", "30")) * 60,
        "FORM_TOKEN_KEEP_DAYS": int(os.environ.get("PORTAL_FORM_TOKEN_KEEP_DAYS", "2")),
        # SPIP risk register (portal/risks/matrix.py): the "besaran risiko" bands of the 5x5 matrix as
        # "low-high:level,..." over the score likelihood x impact (1-25). A configurable default (the ranges
        # common in BPKP-style 5x5 matrices), not a quoted regulation: an office sets its own here.
        "RISK_LEVEL_BANDS": os.environ.get("PORTAL_RISK_LEVEL_BANDS", DEFAULT_RISK_LEVEL_BANDS),
        # ZI evidence: days after a period's end before missing evidence counts as late (portal/zi/admin.py)
        "ZI_GRACE_DAYS": int(os.environ.get("PORTAL_ZI_GRACE_DAYS", "10")),
        # Caches (portal/core/perf.py): office settings per process, and public GET pages for anonymous
        # visitors; 0 turns a cache off. Off under TESTING unless a test sets them (TESTING_DEFAULTS).
        "SETTINGS_CACHE_SECONDS": float(os.environ.get("PORTAL_SETTINGS_CACHE_SECONDS", "30")),
        "PAGE_CACHE_SECONDS": float(os.environ.get("PORTAL_PAGE_CACHE_SECONDS", "10")),
        # Static files (portal/core/assets.py): the fingerprinted, precompressed build of portal/static
        # made by `flask --app portal assets` ("" = none: plain URLs); and public HTML compressed by the app
        # (br/gzip) for visitors without a session. Off only if a proxy compresses HTML with the same care.
        "ASSETS_FOLDER": os.environ.get("PORTAL_ASSETS_FOLDER") or str(_default_assets_folder()),
        "COMPRESS_HTML": _bool("PORTAL_COMPRESS_HTML", True),
        # Cache-Control max-age of open data (portal/core/open_data.py): the API and public downloads
        "OPEN_DATA_MAX_AGE": int(os.environ.get("PORTAL_OPEN_DATA_MAX_AGE", "300")),
        # Redis shared by every app server (docs/deploy.md): the job queue (portal/core/jobs.py) and the page
        # and settings caches (portal/core/perf.py). Unset: jobs run in a thread of the process after the
        # response and the caches are per process (the embedded default of `make run`).
        "REDIS_URL": redis_url,
        # The queue's Redis, if it is another one: the queue wants persistence (AOF) and the rate-limit
        # Redis must never write to disk (docs/deploy.md section 7). Unset: PORTAL_REDIS_URL.
        "JOBS_REDIS_URL": os.environ.get("PORTAL_JOBS_REDIS_URL", "").strip() or redis_url,
        # Keys in that Redis start with this (several portals, or test runs, can share one server).
        "REDIS_KEY_PREFIX": os.environ.get("PORTAL_REDIS_KEY_PREFIX", "portal"),
        # "auto": RQ on JOBS_REDIS_URL when set, else "thread"; "thread": in-process after the response;
        # "sync": at once, inside the request (the tests' default, TESTING_DEFAULTS).
        "JOBS_MODE": os.environ.get("PORTAL_JOBS_MODE", "auto"),
        "JOBS_QUEUE": os.environ.get("PORTAL_JOBS_QUEUE", "portal"),
        # Seconds between tries of a failing job (one more try per number); then it is kept as failed.
        "JOBS_RETRY_INTERVALS": tuple(
            int(part) for part in os.environ.get("PORTAL_JOBS_RETRY_INTERVALS", "30,120,600,3600").split(",")
            if part.strip()),
        # Seconds one job may run before the worker stops it.
        "JOBS_TIMEOUT": int(os.environ.get("PORTAL_JOBS_TIMEOUT", "600")),
        # An export of more rows than this is built by a job; the requester waits on a page (core/jobs.py).
        "EXPORT_INLINE_ROWS": int(os.environ.get("PORTAL_EXPORT_INLINE_ROWS", "5000")),
        # SMTP connect/read timeout of one try (seconds).
        "MAIL_TIMEOUT": float(os.environ.get("PORTAL_MAIL_TIMEOUT", "10")),
    }


# Applied before a test's own config when it sets TESTING: no cached page or setting outlives a test's write.
# Jobs run at once inside the request, so a test reads the e-mail it caused right after the response.
# No built assets either: pages show plain static URLs whether or not `make` built them
# (tests/core/test_assets.py builds its own).
TESTING_DEFAULTS = {"SETTINGS_CACHE_SECONDS": 0.0, "PAGE_CACHE_SECONDS": 0.0, "JOBS_MODE": "sync",
                    "ASSETS_FOLDER": ""}
