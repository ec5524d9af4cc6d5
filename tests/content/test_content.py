"""Content pages: default pages, public views, maklumat, editor workflow with revisions, permissions,
audit."""
import re

import pytest
from sqlalchemy import func, select

from portal.content import service as content
from portal.content.models import Page, PageRevision
from portal.core import defaults, registry, site_settings
from portal.core.formatting import tanggal
from portal.core.models.audit import AuditLog
from portal.extensions import db
from portal.features import FEATURES

DEFAULT_SLUGS = ["maklumat", "gratifikasi", "benturan-kepentingan", "pedoman-wbs", "prosedur-dumas",
                 "tentang"]
PLEDGE = ("Dengan ini, kami menyatakan sanggup menyelenggarakan pelayanan sesuai standar pelayanan yang "
          "telah ditetapkan dan apabila tidak menepati janji ini, kami siap menerima sanksi sesuai peraturan "
          "perundang-undangan yang berlaku.")


# ------------------------------------------------------------------ helpers

def load_defaults(app):
    with app.app_context():
        summary = content.load_default_pages(db.session)
        db.session.commit()
        return summary


def create_page(client, slug, title="Halaman Uji", body="Isi **awal**.", publish=False, note=""):
    data = {"slug": slug, "title": title, "body": body, "note": note}
    data["save_publish" if publish else "save_draft"] = "x"
    return client.post("/admin/konten/baru", data=data)


def page_by_slug(app, slug):
    with app.app_context():
        page = content.get_by_slug(db.session, slug)
        if page is not None:
            db.session.expunge(page)
        return page


def latest_rev(app, page_id):
    with app.app_context():
        rev = db.session.scalar(
            select(PageRevision).where(PageRevision.page_id == page_id)
            .order_by(PageRevision.number.desc()).limit(1)
        )
        db.session.expunge(rev)
        return rev


def edit_page(client, app, page_id, title, body, publish=False, note="", base=None):
    base = latest_rev(app, page_id).id if base is None else base
    data = {"title": title, "body": body, "note": note, "base_revision": str(base)}
    data["save_publish" if publish else "save_draft"] = "x"
    return client.post(f"/admin/konten/{page_id}", data=data)


def count(app, model, *where):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def audit_actions(app):
    with app.app_context():
        return [(a.action, a.user_id) for a in db.session.scalars(select(AuditLog).order_by(AuditLog.id))]


# ------------------------------------------------------------------ default content

def test_loader_is_registered_for_flask_init():
    loaders = registry.Registry.from_names(FEATURES).loaders()
    assert "portal.content.service:load_default_pages" in [loader.load for loader in loaders]
    assert content.load_default_pages in [registry.resolve(loader.load) for loader in loaders]


@pytest.mark.parametrize("slug", DEFAULT_SLUGS)
def test_every_default_page_renders(app, client, slug):
    load_defaults(app)
    response = client.get(f"/halaman/{slug}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    title = content.DEFAULT_PAGES[slug]
    assert f"<h1 class=\"h2\">{title}</h1>" in html
    assert "Diperbarui" in html
    assert "{office" not in html and "{zi_decree}" not in html  # every placeholder substituted
    body = html.split('<div class="prose">', 1)[1]
    assert "<h1" not in body.split("</article>")[0]  # the page title is the only h1
    assert len(re.sub(r"<[^>]+>", "", body)) > 100


def test_default_pages_content_facts(app, client):
    load_defaults(app)
    grat = client.get("/halaman/gratifikasi").get_data(as_text=True)
    assert "Pasal 12B" in grat and "Pasal 12C" in grat and "30 (tiga puluh) hari kerja" in grat
    assert "TOLAK GRATIFIKASI" in grat and 'href="https://gol.kpk.go.id"' in grat
    assert 'rel="noopener noreferrer"' in grat
    wbs = client.get("/halaman/pedoman-wbs").get_data(as_text=True)
    for word in ("Apa", "Siapa", "Di mana", "Kapan", "Bagaimana", "tidak menyimpan alamat IP", "16 angka"):
        assert word in wbs
    dumas = client.get("/halaman/prosedur-dumas").get_data(as_text=True)
    for word in ("SP4N-LAPOR!", "3 hari kerja", "5 hari kerja", "14 hari kerja", "60 hari kerja",
                 "(0287) 381043", "mailto:pengaduan@kpu-kebumenkab.go.id", "Datang langsung", "Surat"):
        assert word in dumas
    benturan = client.get("/halaman/benturan-kepentingan").get_data(as_text=True)
    assert "Nomor 37 Tahun 2012" in benturan and 'href="/wbs"' in benturan
    about = client.get("/halaman/tentang").get_data(as_text=True)
    assert "Keputusan KPU Kabupaten Kebumen Nomor 29 Tahun 2026" in about
    assert "Komisi Pemilihan Umum Kabupaten Kebumen" in about


def test_default_pages_use_office_settings(app, client):
    with app.app_context():
        site_settings.save(db.session,
                           {"office_name": "KPU Kota Contoh", "office_email": "aduan@contoh.go.id"})
        db.session.commit()
    load_defaults(app)
    html = client.get("/halaman/gratifikasi").get_data(as_text=True)
    assert "KPU Kota Contoh menolak gratifikasi" in html
    assert "mailto:aduan@contoh.go.id" in client.get("/halaman/prosedur-dumas").get_data(as_text=True)


def test_default_loader_is_idempotent_and_never_overwrites(app, client, login_as):
    assert "6 halaman ditambahkan" in load_defaults(app)
    assert count(app, Page) == 6 and count(app, PageRevision) == 6
    assert load_defaults(app).startswith("0 halaman")
    assert count(app, PageRevision) == 6

    login_as("editor")
    page = page_by_slug(app, "gratifikasi")
    edit_page(client, app, page.id, "Gratifikasi", "Isi yang sudah disunting editor.", publish=True)
    with app.app_context():  # a page removed by hand comes back; the edited one stays as edited
        db.session.delete(content.get_by_slug(db.session, "tentang"))
        db.session.commit()
    assert "1 halaman ditambahkan (tentang)" in load_defaults(app)
    assert "Isi yang sudah disunting editor." in client.get("/halaman/gratifikasi").get_data(as_text=True)
    assert client.get("/halaman/tentang").status_code == 200


def test_default_loader_runs_through_load_all(app):
    with app.app_context():
        lines = defaults.load_all(db.session)
        db.session.commit()
        assert any(line.startswith("halaman konten: 6 halaman") for line in lines)
        assert db.session.scalar(select(func.count()).select_from(Page)) == 6


# ------------------------------------------------------------------ public pages

def test_unknown_and_draft_only_pages_are_404(app, client, login_as):
    assert client.get("/halaman/tidak-ada").status_code == 404
    login_as("editor")
    create_page(client, "masih-draf", title="Masih Draf", body="rahasia draf")
    assert count(app, Page, Page.slug == "masih-draf") == 1
    response = client.get("/halaman/masih-draf")
    assert response.status_code == 404
    assert "rahasia draf" not in response.get_data(as_text=True)


def test_maklumat_shows_pledge_and_signature_block(app, client):
    load_defaults(app)
    response = client.get("/maklumat")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert PLEDGE in html
    assert "Dzakiatul Banat" in html and "Ketua KPU Kabupaten Kebumen" in html
    assert "Komisi Pemilihan Umum Kabupaten Kebumen" in html
    assert re.search(r"<button[^>]*data-print[^>]*>\s*Cetak\s*</button>", html)
    assert "/static/css/pledge.css" in html
    css = client.get("/static/css/pledge.css")
    assert b"size: A4 portrait" in css.data
    css.close()


def test_maklumat_head_comes_from_settings(app, client):
    load_defaults(app)
    with app.app_context():
        site_settings.save(db.session,
                           {"office_head_name": "Budi Santoso, S.H.",
                            "office_head_title": "Ketua KPU Kota Contoh"})
        db.session.commit()
    html = client.get("/maklumat").get_data(as_text=True)
    assert "Budi Santoso, S.H." in html and "Ketua KPU Kota Contoh" in html


def test_maklumat_404_when_not_published(client):
    assert client.get("/maklumat").status_code == 404


# ------------------------------------------------------------------ editor workflow

def test_editor_creates_draft_then_publishes(app, client, login_as):
    editor = login_as("editor")
    response = create_page(client, "layanan-informasi", title="Layanan Informasi",
                           body="## Jam\n\nSenin–Jumat.")
    assert response.status_code == 302
    page = page_by_slug(app, "layanan-informasi")
    assert response.headers["Location"].endswith(f"/admin/konten/{page.id}")
    assert page.status == "draft" and page.published_revision_id is None
    assert client.get("/halaman/layanan-informasi").status_code == 404

    edit = client.get(f"/admin/konten/{page.id}").get_data(as_text=True)
    assert "<h2>Jam</h2>" not in edit and "<h4>Jam</h4>" in edit  # preview of the saved revision, sanitised
    rev = latest_rev(app, page.id)
    response = client.post(f"/admin/konten/{page.id}/revisi/{rev.id}/terbitkan")
    assert response.status_code == 302
    html = client.get("/halaman/layanan-informasi").get_data(as_text=True)
    assert "Layanan Informasi" in html and "<h2>Jam</h2>" in html and "Senin–Jumat." in html
    assert ("page.publish", editor.id) in audit_actions(app)


def test_editor_creates_and_publishes_at_once(app, client, login_as):
    editor = login_as("editor")
    create_page(client, "kontak", title="Kontak", body="Hubungi kami.", publish=True, note="pertama")
    html = client.get("/halaman/kontak").get_data(as_text=True)
    assert "Hubungi kami." in html
    rev = latest_rev(app, page_by_slug(app, "kontak").id)
    assert rev.author_id == editor.id and rev.note == "pertama" and rev.number == 1
    assert f'datetime="{rev.created_at.isoformat()}"' in html and tanggal(rev.created_at) in html
    actions = audit_actions(app)
    assert ("page.create", editor.id) in actions and ("page.publish", editor.id) in actions


def test_draft_edit_does_not_leak_until_published(app, client, login_as):
    login_as("editor")
    create_page(client, "jadwal", title="Jadwal Lama", body="Versi publik pertama.", publish=True)
    page = page_by_slug(app, "jadwal")

    response = edit_page(client, app, page.id, "Jadwal Baru", "Versi draf kedua.", note="revisi jadwal")
    assert response.status_code == 302
    public = client.get("/halaman/jadwal").get_data(as_text=True)
    assert "Versi publik pertama." in public and "Jadwal Lama" in public
    assert "Versi draf kedua." not in public and "Jadwal Baru" not in public

    admin_page = client.get(f"/admin/konten/{page.id}").get_data(as_text=True)
    assert "Versi draf kedua." in admin_page  # preview and form show the draft
    assert "ada draf belum terbit" in admin_page
    assert "ada draf belum terbit" in client.get("/admin/konten/").get_data(as_text=True)

    response = edit_page(client, app, page.id, "Jadwal Baru", "Versi ketiga, terbit.", publish=True)
    assert response.status_code == 302
    public = client.get("/halaman/jadwal").get_data(as_text=True)
    assert "Versi ketiga, terbit." in public and "Jadwal Baru" in public
    assert count(app, PageRevision, PageRevision.page_id == page.id) == 3


def test_saving_unchanged_text_writes_no_revision(app, client, login_as):
    login_as("editor")
    create_page(client, "tetap", title="Tetap", body="Sama.")
    page = page_by_slug(app, "tetap")
    before = len(audit_actions(app))
    response = edit_page(client, app, page.id, "Tetap", "Sama.")
    assert response.status_code == 302
    assert count(app, PageRevision, PageRevision.page_id == page.id) == 1
    assert len(audit_actions(app)) == before
    follow = client.get(f"/admin/konten/{page.id}").get_data(as_text=True)
    assert "Tidak ada perubahan" in follow
    # "Simpan & terbitkan" without changes publishes the latest revision without a new one.
    edit_page(client, app, page.id, "Tetap", "Sama.", publish=True)
    assert count(app, PageRevision, PageRevision.page_id == page.id) == 1
    assert client.get("/halaman/tetap").status_code == 200


def test_stale_edit_is_refused(app, client, login_as):
    login_as("editor")
    create_page(client, "bersama", title="Bersama", body="Awal.")
    page = page_by_slug(app, "bersama")
    first = latest_rev(app, page.id)
    edit_page(client, app, page.id, "Bersama", "Suntingan rekan.", base=first.id)
    response = edit_page(client, app, page.id, "Bersama", "Suntingan saya dari versi lama.", base=first.id)
    assert response.status_code == 400
    assert "sudah diubah orang lain" in response.get_data(as_text=True)
    assert "Suntingan saya dari versi lama." in response.get_data(as_text=True)  # the text is not lost
    assert count(app, PageRevision, PageRevision.page_id == page.id) == 2


def test_history_lists_author_date_and_note(app, client, login_as, make_user, auth):
    first = make_user("editor", name="Siti Editor")
    auth.login(first.email)
    create_page(client, "riwayat", title="Riwayat", body="Satu.", note="isi awal")
    auth.logout()
    second = make_user("editor", name="Joko Penyunting")
    auth.login(second.email)
    page = page_by_slug(app, "riwayat")
    edit_page(client, app, page.id, "Riwayat", "Dua.", note="perbaikan ejaan")

    html = client.get(f"/admin/konten/{page.id}/riwayat").get_data(as_text=True)
    assert "Siti Editor" in html and "Joko Penyunting" in html
    assert "isi awal" in html and "perbaikan ejaan" in html
    with app.app_context():
        revs = db.session.scalars(select(PageRevision).where(PageRevision.page_id == page.id)).all()
        for rev in revs:
            assert tanggal(rev.created_at, True) in html
            assert f"#{rev.number}" in html
    listing = client.get("/admin/konten/").get_data(as_text=True)
    assert "Joko Penyunting" in listing and "#2" in listing


def test_revision_view_shows_markdown_and_rendered(app, client, login_as):
    login_as("editor")
    create_page(client, "lihat", title="Lihat", body="**tebal** <script>alert(9)</script>")
    page = page_by_slug(app, "lihat")
    rev = latest_rev(app, page.id)
    html = client.get(f"/admin/konten/{page.id}/revisi/{rev.id}").get_data(as_text=True)
    assert "<strong>tebal</strong>" in html
    assert "**tebal** &lt;script&gt;alert(9)&lt;/script&gt;" in html  # raw source, escaped
    assert "<script>alert(9)" not in html
    other = create_page(client, "lain", title="Lain", body="x")
    assert other.status_code == 302
    assert client.get(f"/admin/konten/{page_by_slug(app, 'lain').id}/revisi/{rev.id}").status_code == 404


def test_restore_old_revision_as_new_revision(app, client, login_as):
    editor = login_as("editor")
    create_page(client, "pulih", title="Judul Satu", body="Teks versi satu.", publish=True)
    page = page_by_slug(app, "pulih")
    edit_page(client, app, page.id, "Judul Dua", "Teks versi dua.", publish=True)
    with app.app_context():
        rev1 = db.session.scalar(select(PageRevision).where(PageRevision.page_id == page.id,
                                                            PageRevision.number == 1))
        rev1_id = rev1.id

    response = client.post(f"/admin/konten/{page.id}/revisi/{rev1_id}/pulihkan")
    assert response.status_code == 302
    restored = latest_rev(app, page.id)
    assert restored.number == 3
    assert restored.body_markdown == "Teks versi satu." and restored.title == "Judul Satu"
    assert restored.note == "Dipulihkan dari revisi #1" and restored.author_id == editor.id
    assert "Teks versi dua." in client.get("/halaman/pulih").get_data(as_text=True)  # restore is a draft

    client.post(f"/admin/konten/{page.id}/revisi/{restored.id}/terbitkan")
    html = client.get("/halaman/pulih").get_data(as_text=True)
    assert "Teks versi satu." in html and "Judul Satu" in html
    assert ("page.restore", editor.id) in audit_actions(app)
    # Restoring what is already the latest text is refused with a message, nothing written.
    response = client.post(f"/admin/konten/{page.id}/revisi/{rev1_id}/pulihkan", follow_redirects=True)
    assert "sama dengan revisi terbaru" in response.get_data(as_text=True)
    assert count(app, PageRevision, PageRevision.page_id == page.id) == 3


def test_unpublish_with_confirmation(app, client, login_as):
    editor = login_as("editor")
    create_page(client, "tarik", title="Tarik", body="Sementara.", publish=True)
    page = page_by_slug(app, "tarik")
    edit = client.get(f"/admin/konten/{page.id}").get_data(as_text=True)
    assert re.search(rf'<form method="post" action="/admin/konten/{page.id}/tarik"[^>]*data-confirm="[^"]+"',
                     edit)

    response = client.post(f"/admin/konten/{page.id}/tarik")
    assert response.status_code == 302
    assert client.get("/halaman/tarik").status_code == 404
    assert page_by_slug(app, "tarik").status == "draft"
    assert ("page.unpublish", editor.id) in audit_actions(app)
    again = client.post(f"/admin/konten/{page.id}/tarik", follow_redirects=True)
    assert "belum terbit" in again.get_data(as_text=True)


def test_get_on_post_only_actions_is_rejected(app, client, login_as):
    login_as("editor")
    create_page(client, "aksi", body="x", publish=True)
    page = page_by_slug(app, "aksi")
    assert client.get(f"/admin/konten/{page.id}/tarik").status_code == 405
    assert client.get("/halaman/aksi").status_code == 200


# ------------------------------------------------------------------ XSS through the admin form

XSS_BODY = """Teks aman di awal.

<script>alert('xss1')</script>

[klik saya](javascript:alert('xss2'))

[klik lagi](JaVaScRiPt:alert('xss3'))

<a href="&#106;avascript:alert('xss4')">entitas</a>

<img src=x onerror="alert('xss5')">

<svg onload="alert('xss6')"><circle r="5"/></svg>

<iframe src="https://evil.example/"></iframe>

[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzNycpPC9zY3JpcHQ+)

<p style="position:fixed;top:0">bergaya</p>

<div onclick="alert('xss8')">div berkejadian</div>

Teks aman di akhir.
"""


def assert_no_xss(fragment: str) -> None:
    low = fragment.lower()
    for bad in ("alert(", "javascript:", "onerror", "onload", "onclick", "<iframe", "<svg", "data:text",
                "style=", "<script>"):
        assert bad not in low, bad


def test_xss_saved_through_admin_never_reaches_public_page(app, client, login_as):
    login_as("editor")
    response = create_page(client, "uji-xss", title="<script>alert('judul')</script>Uji", body=XSS_BODY,
                           publish=True)
    assert response.status_code == 302
    public = client.get("/halaman/uji-xss").get_data(as_text=True)
    assert "Teks aman di awal." in public and "Teks aman di akhir." in public and "bergaya" in public
    body = public.split('<div class="prose">', 1)[1].split("</article>", 1)[0]
    assert_no_xss(body)
    link = re.search(r"<a([^>]*)>klik saya</a>", body)
    assert link and "href" not in link.group(1) and 'rel="noopener noreferrer"' in link.group(1)
    assert "&lt;script&gt;alert(&#39;judul&#39;)&lt;/script&gt;Uji" in public  # title escaped, never run
    assert "<script>alert" not in public
    assert not re.search(r"<script(?![^>]*\ssrc=\"/static/)", public)  # only our own static scripts

    # The editor's preview is sanitised the same way (the textarea holds the escaped source).
    edit = client.get(f"/admin/konten/{page_by_slug(app, 'uji-xss').id}").get_data(as_text=True)
    preview = edit.split('aria-label="Pratinjau"', 1)[1].split("Pratinjau menampilkan", 1)[0]
    preview = preview.split("</h3>", 1)[1]  # after the (escaped) title
    assert "Teks aman di akhir." in preview
    assert_no_xss(preview)


# ------------------------------------------------------------------ validation

@pytest.mark.parametrize("slug",
                         ["Halaman Baru", "HURUF-BESAR", "-awal", "akhir-", "dua--strip", "garis_bawah",
                                   "titik.html", "../etc", "ünïcode", "a" * 81])
def test_bad_slug_gives_indonesian_error_and_writes_nothing(app, client, login_as, slug):
    login_as("editor")
    before = len(audit_actions(app))
    response = create_page(client, slug, title="Judul", body="Isi.", publish=True)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Slug hanya boleh berisi huruf kecil" in html or "Slug paling panjang 80 karakter" in html
    assert count(app, Page) == 0 and count(app, PageRevision) == 0
    assert len(audit_actions(app)) == before
    assert 'value="Judul"' in html  # the editor's input is kept


def test_missing_slug_title_or_body(app, client, login_as):
    login_as("editor")
    assert "Slug wajib diisi." in create_page(client, "", title="Judul", body="Isi.").get_data(as_text=True)
    response = create_page(client, "tanpa-judul", title="  ", body="Isi.")
    assert response.status_code == 400 and "Judul wajib diisi." in response.get_data(as_text=True)
    response = create_page(client, "tanpa-isi", title="Judul", body="")
    assert response.status_code == 400 and "Isi halaman wajib diisi." in response.get_data(as_text=True)
    assert count(app, Page) == 0


def test_duplicate_slug_is_refused(app, client, login_as):
    login_as("editor")
    create_page(client, "ganda", body="pertama")
    response = create_page(client, "ganda", body="kedua")
    assert response.status_code == 400
    assert "Slug sudah dipakai" in response.get_data(as_text=True)
    assert count(app, Page) == 1 and count(app, PageRevision) == 1


def test_edit_with_empty_body_writes_nothing(app, client, login_as):
    login_as("editor")
    create_page(client, "kosong", body="ada isi", publish=True)
    page = page_by_slug(app, "kosong")
    response = edit_page(client, app, page.id, "Judul", "   ", publish=True)
    assert response.status_code == 400
    assert "Isi halaman wajib diisi." in response.get_data(as_text=True)
    assert count(app, PageRevision) == 1
    assert "ada isi" in client.get("/halaman/kosong").get_data(as_text=True)


def test_csrf_is_required_on_admin_forms(app_factory, make_user):
    app = app_factory(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    with app.app_context():
        from portal.accounts import service as accounts

        accounts.create_user(db.session, "ed@uji.example", "rahasia-uji-123", ["editor"])
        db.session.commit()
    login_page = client.get("/admin/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page) or re.search(
        r'name="csrf_token" value="([^"]+)"', login_page)
    client.post("/admin/login", data={"email": "ed@uji.example", "password": "rahasia-uji-123",
                                      "csrf_token": token.group(1)})
    response = client.post("/admin/konten/baru",
                           data={"slug": "tanpa-token", "title": "T", "body": "B", "save_draft": "x"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Page)) == 0


# ------------------------------------------------------------------ permissions

def admin_urls(page_id: int, revision_id: int) -> list[tuple[str, str]]:
    return [
        ("get", "/admin/konten/"),
        ("get", "/admin/konten/baru"),
        ("post", "/admin/konten/baru"),
        ("get", f"/admin/konten/{page_id}"),
        ("post", f"/admin/konten/{page_id}"),
        ("get", f"/admin/konten/{page_id}/riwayat"),
        ("get", f"/admin/konten/{page_id}/revisi/{revision_id}"),
        ("post", f"/admin/konten/{page_id}/revisi/{revision_id}/pulihkan"),
        ("post", f"/admin/konten/{page_id}/revisi/{revision_id}/terbitkan"),
        ("post", f"/admin/konten/{page_id}/tarik"),
    ]


@pytest.fixture
def sample_page(app):
    with app.app_context():
        page = content.create_page(db.session, slug="contoh", title="Contoh", body="Isi.", actor=None,
                                   publish=True)
        content.save_revision(db.session, page, title="Contoh", body="Isi draf.", actor=None)
        db.session.commit()
        return page.id, content.latest_revision(db.session, page).id


@pytest.mark.parametrize("role", ["admin", "dumas", "wbs", "pimpinan"])
def test_other_roles_get_403_everywhere(app, client, login_as, sample_page, role):
    login_as(role)
    before = count(app, AuditLog, AuditLog.action.startswith("page."))
    for method, url in admin_urls(*sample_page):
        response = getattr(client, method)(url,
                                           data={"slug": "x", "title": "x", "body": "x", "save_publish": "x"})
        assert response.status_code == 403, (role, method, url)
    assert count(app, PageRevision) == 2 and count(app, Page) == 1
    assert count(app, AuditLog, AuditLog.action.startswith("page.")) == before
    assert "Isi." in client.get("/halaman/contoh").get_data(as_text=True)


def test_anonymous_is_sent_to_login(app, client, sample_page):
    for method, url in admin_urls(*sample_page):
        response = getattr(client, method)(url)
        assert response.status_code == 302, (method, url)
        assert "/admin/login" in response.headers["Location"]


def test_menu_entry_only_for_editors(client, login_as, auth):
    login_as("editor")
    assert 'href="/admin/konten/"' in client.get("/admin/").get_data(as_text=True)
    auth.logout()
    login_as("dumas")
    assert 'href="/admin/konten/"' not in client.get("/admin/").get_data(as_text=True)


def test_audit_trail_of_every_write(app, client, login_as):
    editor = login_as("editor")
    create_page(client, "audit", title="Audit", body="satu")
    page = page_by_slug(app, "audit")
    edit_page(client, app, page.id, "Audit", "dua", note="ubah")
    rev2 = latest_rev(app, page.id)
    client.post(f"/admin/konten/{page.id}/revisi/{rev2.id}/terbitkan")
    with app.app_context():
        rev1_id = db.session.scalar(select(PageRevision.id).where(PageRevision.page_id == page.id,
                                                                  PageRevision.number == 1))
    client.post(f"/admin/konten/{page.id}/revisi/{rev1_id}/pulihkan")
    client.post(f"/admin/konten/{page.id}/tarik")
    with app.app_context():
        rows = db.session.scalars(select(AuditLog).where(AuditLog.action.startswith("page."))
                                  .order_by(AuditLog.id)).all()
        assert [r.action for r in rows] == ["page.create", "page.revise", "page.publish", "page.restore",
                                            "page.unpublish"]
        assert all(r.user_id == editor.id and r.object_type == "pages" and r.object_id == str(page.id)
                   for r in rows)
        assert '"slug": "audit"' in rows[0].detail
        assert '"note": true' in rows[1].detail and "ubah" not in rows[1].detail
        assert '"restored_from": 1' in rows[3].detail


def test_content_errors_are_literal_messages_with_parameters(app):
    """Translatable when read (portal/core/errors.py): the numbers are parameters, not part of the text."""
    from portal.core.errors import DomainError

    with app.app_context():
        with pytest.raises(DomainError) as long_slug:
            content.validate_slug("a" * (content.SLUG_MAX + 1))
        assert long_slug.value.msgid == "Slug paling panjang %(n)s karakter."
        assert long_slug.value.params == {"n": content.SLUG_MAX}
        with pytest.raises(DomainError) as long_body:
            content.create_page(db.session, slug="x", title="X", body="b" * (content.BODY_MAX + 1),
                                actor=None)
        assert long_body.value.message == "Isi halaman paling panjang 100.000 karakter."
