"""Bytes over the wire of a first and a second page load (issue 15 part 2: `/` <= 40 KB, the next <= 10 KB).

    .venv/bin/python benchmarks/assets.py                       # / then /rencana-aksi, brotli
    .venv/bin/python benchmarks/assets.py --second /rekap --accept-encoding gzip
    .venv/bin/python benchmarks/assets.py --no-build            # plain static URLs (a clone before `make`)

In process, through the Flask test client, on a temporary SQLite file with the default and demo content
(`flask init` + `demo-data`), with the static files built as `make` builds them (portal/core/assets.py, into
a temporary folder). A visitor with an empty cache asks for the first page with `Accept-Encoding: br, gzip`
and then for every file the HTML references (stylesheets, scripts, icons, images; and url() inside the CSS),
as a browser does; then for the second page, where a file already fetched with an `immutable`
Cache-Control is taken from the cache (no request), any other one is revalidated (If-None-Match /
If-Modified-Since: a 304 costs a request but no body). The bytes counted are the response bodies as sent
(compressed), which is what the targets speak of; headers are left out (about 300 bytes a response).

Prints each request, then the totals; exit status 1 when a target is missed.
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FIRST_LIMIT = 40 * 1024
SECOND_LIMIT = 10 * 1024
HTML_ASSET = re.compile(r"<(?:link|script|img)\b[^>]*?\b(?:href|src)=\"([^\"]+)\"", re.IGNORECASE)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


@dataclass
class Browser:
    """A browser cache in a few lines: URL -> (validators, immutable)."""
    client: object
    accept_encoding: str
    cache: dict[str, tuple[dict[str, str], bool]] = field(default_factory=dict)

    def get(self, url: str) -> tuple[int, int, str, str]:
        """(status, body bytes, Content-Encoding, body decoded as text); (0, 0, "cache", "") when cached."""
        cached = self.cache.get(url)
        if cached is not None and cached[1]:
            return 0, 0, "cache", ""
        headers = {"Accept-Encoding": self.accept_encoding}
        if cached is not None:
            headers.update(cached[0])
        response = self.client.get(url, headers=headers)
        body = response.get_data()
        validators = {}
        if response.headers.get("ETag"):
            validators["If-None-Match"] = response.headers["ETag"]
        if response.headers.get("Last-Modified"):
            validators["If-Modified-Since"] = response.headers["Last-Modified"]
        if response.status_code == 200 and url.startswith("/static/"):
            self.cache[url] = (validators, "immutable" in response.headers.get("Cache-Control", ""))
        encoding = response.headers.get("Content-Encoding", "")
        return response.status_code, len(body), encoding or "identity", _decode(body, encoding)


def _decode(body: bytes, encoding: str) -> str:
    import gzip

    import brotli

    if encoding == "br":
        body = brotli.decompress(body)
    elif encoding == "gzip":
        body = gzip.decompress(body)
    return body.decode("utf-8", "replace")


def _local(base: str, ref: str) -> str | None:
    if ref.startswith(("data:", "#", "mailto:")):
        return None
    parts = urlsplit(urljoin(base, ref))
    if parts.netloc and parts.netloc != "localhost":
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def page_load(browser: Browser, path: str) -> list[tuple[str, int, int, str]]:
    """Every request of one page load: (url, status, bytes, encoding)."""
    rows = []
    status, size, encoding, html = browser.get(path)
    rows.append((path, status, size, encoding))
    queue = [u for u in (_local(path, ref) for ref in HTML_ASSET.findall(html)) if u]
    seen: set[str] = set()
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        status, size, encoding, text = browser.get(url)
        rows.append((url, status, size, encoding))
        if url.split("?")[0].endswith(".css") and text:
            queue += [u for u in (_local(url, ref) for ref in CSS_URL.findall(text)) if u]
    return rows


def make_app(build: bool, folder: Path):
    from portal import create_app
    from portal.core import assets, defaults, demo
    from portal.extensions import db

    if build:
        assets.build(Path(assets.__file__).resolve().parents[1] / "static", folder / "assets")
    app = create_app({
        "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
        "INSTANCE_PATH": str(folder / "instance"), "UPLOAD_FOLDER": str(folder / "uploads"),
        "ASSETS_FOLDER": str(folder / "assets") if build else "", "RATELIMIT_ENABLED": False,
        "PAGE_CACHE_SECONDS": 0, "SETTINGS_CACHE_SECONDS": 0,
    })
    with app.app_context():
        db.create_all()
        defaults.load_all(db.session)
        demo.load(db.session, "demo-portal-2026")
        db.session.commit()
        db.session.remove()
    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--first", default="/")
    parser.add_argument("--second", default="/rencana-aksi")
    parser.add_argument("--accept-encoding", default="br, gzip")
    parser.add_argument("--no-build", action="store_true", help="no fingerprinted build: plain static URLs")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-assets-") as tmp:
        app = make_app(not args.no_build, Path(tmp))
        browser = Browser(app.test_client(), args.accept_encoding)
        totals = []
        for label, path in (("first load", args.first), ("second page", args.second)):
            rows = page_load(browser, path)
            print(f"\n{label}: {path}   (Accept-Encoding: {args.accept_encoding})")
            for url, status, size, encoding in rows:
                print(f"  {status or '-':>4}  {size:>7,} B  {encoding:<8}  {url}")
            requests = sum(1 for r in rows if r[1])
            total = sum(r[2] for r in rows)
            print(f"  total {total:,} bytes ({total / 1024:.1f} KB) in {requests} requests")
            totals.append((label, path, total, requests))
        with app.app_context():
            from portal.extensions import db

            db.engine.dispose()
    print("\n| load | page | bytes | KB | requests | target |")
    print("| --- | --- | ---: | ---: | ---: | --- |")
    ok = True
    for (label, path, total, requests), limit in zip(totals, (FIRST_LIMIT, SECOND_LIMIT), strict=True):
        met = total <= limit
        ok &= met
        print(f"| {label} | `{path}` | {total:,} | {total / 1024:.1f} | {requests} | "
              f"<= {limit // 1024} KB: {'yes' if met else 'NO'} |")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
