"""Static files cached for good and compressed HTML (portal/core/assets.py, issue 15 part 2), through HTTP."""
from __future__ import annotations

import gzip
import re
from pathlib import Path

import brotli
import pytest

from portal.core import assets

STATIC = Path(assets.__file__).resolve().parents[1] / "static"
IMMUTABLE = "public, max-age=31536000, immutable"
ASSET_URL = re.compile(r'(?:href|src)="(/static/[^"]+)"')


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("assets") / "build"
    assets.build(STATIC, folder)
    return folder


@pytest.fixture
def hashed_client(app_factory, built):
    return app_factory(ASSETS_FOLDER=str(built)).test_client()


def _decoded(response) -> bytes:
    encoding = response.headers.get("Content-Encoding")
    data = response.get_data()
    if encoding == "br":
        return brotli.decompress(data)
    if encoding == "gzip":
        return gzip.decompress(data)
    assert encoding is None
    return data


def test_pages_link_fingerprinted_files_served_immutable_and_precompressed(hashed_client):
    html = hashed_client.get("/").get_data(as_text=True)
    urls = ASSET_URL.findall(html)
    css = next(u for u in urls if "bootstrap.min" in u)
    assert re.fullmatch(r"/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css", css)
    assert all(re.search(r"\.[0-9a-f]{12}\.\w+$", u) for u in urls), urls
    original = (STATIC / "vendor/bootstrap/bootstrap.min.css").read_bytes()

    br = hashed_client.get(css, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert br.status_code == 200 and br.headers["Content-Encoding"] == "br"
    assert br.headers["Cache-Control"] == IMMUTABLE
    assert "Accept-Encoding" in br.headers["Vary"] and br.headers["X-Content-Type-Options"] == "nosniff"
    assert br.headers["Content-Type"].startswith("text/css")
    assert brotli.decompress(br.get_data()) == original and len(br.get_data()) < len(original) / 4

    gz = hashed_client.get(css, headers={"Accept-Encoding": "gzip"})
    assert gz.headers["Content-Encoding"] == "gzip" and gzip.decompress(gz.get_data()) == original
    assert gz.headers["Cache-Control"] == IMMUTABLE

    plain = hashed_client.get(css)
    assert "Content-Encoding" not in plain.headers and plain.get_data() == original
    assert plain.headers["Cache-Control"] == IMMUTABLE

    again = hashed_client.get(css, headers={"If-None-Match": plain.headers["ETag"]})
    assert again.status_code == 304


def test_an_unknown_hash_is_404_and_the_plain_name_still_answers(hashed_client):
    assert hashed_client.get("/static/css/portal.0123456789ab.css").status_code == 404
    assert hashed_client.get("/static/css/portal.css.br").status_code == 404
    plain = hashed_client.get("/static/css/portal.css")  # Flask's static route: revalidated, never immutable
    assert plain.status_code == 200 and "immutable" not in plain.headers.get("Cache-Control", "")


def test_without_a_build_pages_use_plain_urls(app_factory, tmp_path):
    for folder in ("", str(tmp_path / "never-built")):
        client = app_factory(ASSETS_FOLDER=folder).test_client()
        html = client.get("/").get_data(as_text=True)
        assert 'href="/static/vendor/bootstrap/bootstrap.min.css"' in html
        assert 'src="/static/js/portal.js"' in html
        for url in ASSET_URL.findall(html):
            assert client.get(url).status_code == 200, url


def test_debug_server_uses_plain_urls_so_edits_show_at_once(app_factory, built):
    html = app_factory(ASSETS_FOLDER=str(built), DEBUG=True).test_client().get("/").get_data(as_text=True)
    assert 'src="/static/js/portal.js"' in html


def test_a_file_changed_since_the_build_keeps_its_plain_url(tmp_path):
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "a.css").write_text("a{color:red}")
    (static / "css" / "b.css").write_text("b{color:red}")
    assets.build(static, tmp_path / "build")
    assert set(assets.load_manifest(static, tmp_path / "build")) == {"css/a.css", "css/b.css"}
    (static / "css" / "a.css").write_text("a{color:blue}")
    (static / "css" / "c.css").write_text("c{}")  # new since the build: not in the manifest
    assert assets.load_manifest(static, tmp_path / "build") == {"css/b.css": assets.load_manifest(
        static, tmp_path / "build")["css/b.css"]}
    assert assets.load_manifest(static, tmp_path / "missing") == {}


def test_the_assets_command_builds_the_manifest(app, tmp_path):
    out = tmp_path / "out"
    result = app.test_cli_runner().invoke(args=["assets", "--out", str(out)])
    assert result.exit_code == 0, result.output
    manifest = assets.load_manifest(STATIC, out)
    hashed = manifest["js/portal.js"]
    assert re.fullmatch(r"js/portal\.[0-9a-f]{12}\.js", hashed)
    assert (out / "static" / (hashed + ".br")).is_file() and (out / "static" / (hashed + ".gz")).is_file()
    assert not (out / "static" / manifest["img/logo.svg"]).with_suffix(".png").exists()


@pytest.mark.parametrize(("accept", "expected"), [("gzip, deflate, br", "br"), ("gzip", "gzip"), ("", None),
                                                  ("br;q=0, gzip", "gzip")])
def test_public_html_is_compressed_as_negotiated(client, accept, expected):
    response = client.get("/rencana-aksi", headers={"Accept-Encoding": accept} if accept else {})
    assert response.status_code == 200 and response.headers.get("Content-Encoding") == expected
    assert "Accept-Encoding" in response.headers.get("Vary", "") or expected is None
    assert b"</html>" in _decoded(response)


def test_html_with_a_secret_is_never_compressed(app_factory, make_user):
    """BREACH: forms with a CSRF token, any visitor with a session, staff pages and WBS pages go out plain."""
    app = app_factory(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    accept = {"Accept-Encoding": "br, gzip"}
    form = client.get("/pengaduan", headers=accept)
    assert form.status_code == 200 and b"csrf_token" in form.get_data()
    assert "Content-Encoding" not in form.headers
    assert "Content-Encoding" not in client.get("/wbs", headers=accept).headers
    # the same public page once the visitor holds a session (the form above gave one)
    page = client.get("/rencana-aksi", headers=accept)
    assert page.status_code == 200 and "Content-Encoding" not in page.headers
    fresh = app.test_client()
    assert fresh.get("/rencana-aksi", headers=accept).headers.get("Content-Encoding") == "br"
    assert fresh.get("/rencana-aksi?lang=en", headers=accept).headers.get("Content-Encoding") == "br"


def test_a_post_form_without_a_token_is_not_compressed(client):
    # CSRF off in the test config: the DUMAS form has no token, but a POST form is never compressed anyway
    form = client.get("/pengaduan", headers={"Accept-Encoding": "br"})
    assert form.status_code == 200 and b'method="post"' in form.get_data().lower()
    assert "Content-Encoding" not in form.headers


def test_html_compression_can_be_turned_off(app_factory):
    client = app_factory(COMPRESS_HTML=False).test_client()
    assert "Content-Encoding" not in client.get("/", headers={"Accept-Encoding": "br, gzip"}).headers


def test_the_page_cache_keeps_each_encoding_apart(app_factory):
    client = app_factory(PAGE_CACHE_SECONDS=10).test_client()
    first = client.get("/rencana-aksi", headers={"Accept-Encoding": "br"})
    assert first.headers.get("Content-Encoding") == "br"
    plain = client.get("/rencana-aksi")
    assert "Content-Encoding" not in plain.headers and b"</html>" in plain.get_data()
    gz = client.get("/rencana-aksi", headers={"Accept-Encoding": "gzip"})
    assert gz.headers.get("Content-Encoding") == "gzip" and b"</html>" in gzip.decompress(gz.get_data())
    again = client.get("/rencana-aksi", headers={"Accept-Encoding": "br"})
    assert "Age" in again.headers and again.headers["Content-Encoding"] == "br"
    assert brotli.decompress(again.get_data()) == plain.get_data()


def test_chart_js_only_on_pages_with_charts(client):
    for path in ("/", "/rencana-aksi", "/standar-pelayanan", "/pengaduan", "/wbs"):
        assert b"chart.umd" not in client.get(path).get_data(), path
    templates = Path(assets.__file__).resolve().parents[1]
    for template in templates.rglob("*.html"):
        text = template.read_text()
        if "chart.umd.min.js" in text:  # every page that loads Chart.js draws charts with one of our scripts
            assert re.search(r"js/[\w-]*charts\.js", text), template


def test_purged_bootstrap_has_every_class_used():
    """scripts/vendor.sh purges Bootstrap against portal/: a Bootstrap class used since then must be in the
    purged file, else run scripts/vendor.sh again."""
    full = set((Path(__file__).parent / "bootstrap_classes.txt").read_text().split())
    purged = set(re.findall(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)",
                            (STATIC / "vendor/bootstrap/bootstrap.min.css").read_text()))
    portal = STATIC.parent
    words: set[str] = set()
    for pattern in ("**/templates/**/*.html", "static/js/*.js", "**/*.py"):
        for path in portal.glob(pattern):
            words.update(re.findall(r"[A-Za-z0-9_-]+", path.read_text(encoding="utf-8")))
    missing = sorted((words & full) - purged - NOT_ALONE)
    assert not missing, f"Bootstrap classes used but purged (run scripts/vendor.sh): {missing}"


# Bootstrap classes that exist only together with another class the portal does not use (PurgeCSS rightly
# drops those selectors): words that happen to be class names.
NOT_ALONE = {"collapsed"}  # only `.accordion-button:not(.collapsed)`; Collapse toggles it on the menu button
