"""Static files cached for good, precompressed at build time, and HTML compressed (issue 15, part 2).

Build (`flask --app portal assets`, run by `make run`, `make test` and so CI): every file of portal/static is
copied under ASSETS_FOLDER/static/ with the first 12 hex digits of its SHA-256 in its name
(`css/portal.css` -> `css/portal.1a2b3c4d5e6f.css`), with a `.br` and a `.gz` beside each text file, and
ASSETS_FOLDER/manifest.json maps each source name to its hashed one. ASSETS_FOLDER (PORTAL_ASSETS_FOLDER) is
`build/assets` in a checkout (git-ignored: build output is never committed) and `instance/assets` for an
installed wheel.

Serving: WhiteNoise answers the hashed names before the app is reached, with
`Cache-Control: public, max-age=31536000, immutable` (a browser never asks again: a changed file has a new
name) and the .br or .gz file the browser accepts. WhiteNoise because it is well kept (Django's and Flask's
usual choice, releases every year), serves precompressed files itself with the right Content-Encoding, Vary
and ETag, and works in any WSGI server, so a bare `gunicorn` without nginx gets all of it; the hand-written
gzip of portal/core/perf.py (compressed per process on first request, no brotli, no fingerprint) is gone.

URLs: templates keep `url_for('static', filename=...)`; a `url_defaults` hook swaps in the hashed name from
the manifest. A name the manifest lacks (no build yet in a fresh clone, a file added or changed since the
build: its size and SHA-256 are checked when the app starts; and every file under `flask --debug run`) keeps
its plain URL, served by Flask's own static route as before (revalidated, `no-cache`); so a fresh clone works
before any build. A hashed name that is not in the build (an old or made-up hash) is not a file either: 404.
A new build while the server runs (the old folder is replaced) needs a reload of the server, as a code
upgrade does (docs/deploy.md section 9).

HTML: Flask-Compress (well kept, negotiates br/gzip and fixes Vary, Content-Length and ETag; WhiteNoise only
serves files, so it cannot compress a rendered page) brotli- or gzip-compresses pages when COMPRESS_HTML is on
(PORTAL_COMPRESS_HTML, default on: the embedded server and a bare gunicorn have no proxy to do it). BREACH: a
compressed page whose body holds a secret next to text an attacker can put in the request lets the attacker
guess the secret from the sizes. So only pages that carry no secret are compressed: GET/HEAD answers 200 in
HTML to a visitor who sends no cookie but `lang` (no session: no log-in, no receipt, no staff page), whose
answer sets no session, that generated no CSRF token and holds no POST form, and never a WBS page
(portal/core/privacy_logs.py WBS_PREFIXES). Everything else (forms, tracking answers, receipts, staff and WBS
pages) goes out uncompressed. Behind nginx, nginx must not gzip proxied HTML (docs/deploy.md).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
from pathlib import Path

import click
from flask import Flask, current_app, g, request, session
from flask.cli import with_appcontext

log = logging.getLogger("portal")

MANIFEST = "manifest.json"
HASH_LENGTH = 12
IMMUTABLE = "public, max-age=31536000, immutable"
# Text worth compressing; images such as PNG/JPEG are already compressed.
COMPRESSIBLE = (".css", ".js", ".svg", ".json", ".txt", ".map", ".html", ".xml", ".ico")
POST_FORM = re.compile(rb"<form\b[^>]*\bmethod\s*=\s*[\"']?post", re.IGNORECASE)


def default_folder() -> Path:
    """`build/assets` beside pyproject.toml in a checkout, else `assets` in the instance folder."""
    from portal.config import instance_path_from_env

    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "pyproject.toml").is_file():
        return checkout / "build" / "assets"
    return instance_path_from_env() / "assets"


def hashed_name(relative: str, digest: str) -> str:
    """`vendor/chartjs/chart.umd.min.js` -> `vendor/chartjs/chart.umd.min.<hash>.js`."""
    folder, _, name = relative.rpartition("/")
    stem, dot, ext = name.rpartition(".")
    hashed = f"{stem}.{digest}.{ext}" if dot and stem else f"{name}.{digest}"
    return f"{folder}/{hashed}" if folder else hashed


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _sources(static_root: Path):
    for path in sorted(static_root.rglob("*")):
        relative = path.relative_to(static_root).as_posix()
        if path.is_file() and not any(part.startswith(".") for part in relative.split("/")):
            yield relative, path


def build(static_root: Path | str, folder: Path | str) -> dict[str, dict]:
    """Fingerprinted and precompressed copies of `static_root` in `folder` (replaced whole, atomically enough
    for a running server: the new tree is written beside it and renamed in). Returns the manifest's files."""
    from whitenoise.compress import Compressor

    static_root, folder = Path(static_root), Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    work = folder.with_name(f".{folder.name}.new-{os.getpid()}")
    shutil.rmtree(work, ignore_errors=True)
    compressor = Compressor(quiet=True)
    files: dict[str, dict] = {}
    for relative, path in _sources(static_root):
        data = path.read_bytes()
        sha = _digest(data)
        target_name = hashed_name(relative, sha[:HASH_LENGTH])
        target = work / "static" / target_name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        if relative.lower().endswith(COMPRESSIBLE):
            compressor.compress(str(target))  # writes .br and .gz where they are smaller
        st = path.stat()
        files[relative] = {"hashed": target_name, "sha256": sha, "size": st.st_size,
                           "mtime_ns": st.st_mtime_ns}
    (work / MANIFEST).write_text(json.dumps({"version": 1, "files": files}, indent=1, sort_keys=True))
    old = folder.with_name(f".{folder.name}.old-{os.getpid()}")
    if folder.exists():
        folder.rename(old)
    work.rename(folder)
    shutil.rmtree(old, ignore_errors=True)
    return files


def load_manifest(static_root: Path | str, folder: Path | str | None) -> dict[str, str]:
    """source name -> hashed name, for the files that still match their build; {} without a build."""
    if not folder:
        return {}
    static_root, folder = Path(static_root), Path(folder)
    try:
        files = json.loads((folder / MANIFEST).read_text())["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    mapping: dict[str, str] = {}
    stale = []
    for relative, entry in files.items():
        source = static_root / relative
        try:
            st = source.stat()
            same = st.st_size == entry["size"] and (
                st.st_mtime_ns == entry["mtime_ns"] or _digest(source.read_bytes()) == entry["sha256"])
        except (OSError, KeyError, TypeError):
            same = False
        if same and (folder / "static" / entry["hashed"]).is_file():
            mapping[relative] = entry["hashed"]
        else:
            stale.append(relative)
    if stale:
        log.warning("static files changed since the last `flask --app portal assets` (served unversioned "
                    "until it runs again): %s", ", ".join(stale[:5]) + (" ..." if len(stale) > 5 else ""))
    return mapping


def _static_headers(headers, path, url) -> None:
    headers["Cache-Control"] = IMMUTABLE
    headers["X-Content-Type-Options"] = "nosniff"


def _install_static(app: Flask) -> None:
    folder = app.config.get("ASSETS_FOLDER")
    # `flask --debug run`: plain URLs, so an edited CSS or JS file shows on the next reload without a build.
    manifest = {} if app.debug else load_manifest(app.static_folder, folder)
    app.extensions["portal_assets"] = manifest
    if not manifest:
        return

    @app.url_defaults
    def _fingerprint(endpoint: str, values: dict) -> None:
        if endpoint == "static":
            hashed = manifest.get(values.get("filename"))
            if hashed is not None:
                values["filename"] = hashed

    from whitenoise import WhiteNoise

    # Only hashed copies are under folder/static: all of them immutable. Outermost, so a file never costs a
    # trip through the page cache, the proxy fix or Flask.
    wsgi = WhiteNoise(app.wsgi_app, root=str(Path(folder) / "static"), prefix=app.static_url_path,
                      max_age=None, allow_all_origins=False, add_headers_function=_static_headers)
    app.wsgi_app = wsgi  # type: ignore[method-assign]


# --- compressed HTML ---------------------------------------------------------------------------------------

def may_compress() -> bool:
    """Whether the current request's HTML may be compressed without a BREACH risk (module docstring)."""
    from portal.core.perf import parse_cookies
    from portal.core.privacy_logs import is_wbs_path

    if request.method not in ("GET", "HEAD") or is_wbs_path(request.path):
        return False
    if any(name != "lang" for name in parse_cookies(request.headers.get("Cookie", ""))):
        return False
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    return not (session.modified or session or field in g)


def _install_html_compression(app: Flask) -> None:
    if not app.config.get("COMPRESS_HTML"):
        return
    from flask_compress import Compress

    app.config.setdefault("COMPRESS_REGISTER", False)  # called below, only where may_compress() allows
    app.config.setdefault("COMPRESS_MIMETYPES", ["text/html"])
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_STREAMS", False)
    # brotli quality 5: /rencana-aksi (56 KB of HTML) in about 2 ms, 6 % smaller than the default 4; from 6 on
    # it costs 5-10 times more for under 1 % (benchmarks/README.md).
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    compress = Compress(app)

    def _compress_html(response):
        if (response.status_code == 200 and response.mimetype == "text/html" and not response.is_streamed
                and not response.direct_passthrough and "Content-Encoding" not in response.headers
                and may_compress() and not POST_FORM.search(response.get_data())):
            return compress.after_request(response)
        return response

    # First in the list: Flask runs after_request hooks last-registered first, so this one runs after every
    # other (headers, ETags and cookies are final when the body is compressed).
    app.after_request_funcs.setdefault(None, []).insert(0, _compress_html)


# --- CLI and wiring ----------------------------------------------------------------------------------------

@click.command("assets")
@with_appcontext
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Folder of the build (default: ASSETS_FOLDER, PORTAL_ASSETS_FOLDER).")
def assets_command(out: str | None) -> None:
    """Fingerprint and precompress portal/static (run after changing a static file)."""
    folder = Path(out or current_app.config.get("ASSETS_FOLDER") or default_folder())
    files = build(current_app.static_folder, folder)
    click.echo(f"{len(files)} berkas statis -> {folder}")


def install(app: Flask) -> None:
    """After the page cache is installed: WhiteNoise goes outermost."""
    app.cli.add_command(assets_command)
    _install_static(app)
    _install_html_compression(app)
