"""Standar pelayanan: public list and detail, effective dates, revisions, admin workflow, roles, audit,
XSS."""
from __future__ import annotations

import html as html_lib
import re
from datetime import date
from itertools import pairwise

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from portal.accounts import service as accounts
from portal.core import defaults
from portal.core.models.audit import AuditLog
from portal.extensions import db
from portal.standards import service as standards
from portal.standards.models import Service, ServiceStandardComponent, ServiceStandardRevision
from tests.conftest import PASSWORD

ADMIN_URL = "/admin/standar-pelayanan"
GROUP_LABELS = ["Penyampaian Pelayanan (service delivery)", "Pengelolaan Pelayanan (manufacturing)"]
COMPONENT_LABELS = [
    "Persyaratan", "Sistem, mekanisme dan prosedur", "Jangka waktu pelayanan", "Biaya/tarif",
    "Produk pelayanan", "Penanganan pengaduan, saran dan masukan", "Dasar hukum",
    "Sarana dan prasarana dan/atau fasilitas",
    "Kompetensi pelaksana", "Pengawasan internal", "Jumlah pelaksana", "Jaminan pelayanan",
    "Jaminan keamanan dan keselamatan pelayanan", "Evaluasi kinerja pelaksana",
]
SAMPLE_BADGE = "Contoh — teks ini masih perlu disesuaikan"


def page_text(response) -> str:
    return html_lib.unescape(response.get_data(as_text=True))


def texts(marker: str) -> dict[str, str]:
    return {key: f"{marker} {key}" for key in standards.COMPONENT_KEYS}


def form_data(marker: str = "Teks", effective: str = "2026-03-01", publish: bool = True, **extra) -> dict:
    data = {key: value for key, value in texts(marker).items()}
    data.update(effective_date=effective, note=f"catatan {marker}")
    data["publish" if publish else "save_draft"] = "1"
    data.update(extra)
    return data


@pytest.fixture
def loaded(app):
    with app.app_context():
        standards.load_default_standards(db.session)
        db.session.commit()
    return app


def make_service(app, slug="layanan-uji", *revisions: tuple[date, str, bool], active=True) -> None:
    """revisions: (effective_date, marker, publish)."""
    with app.app_context():
        service = standards.create_service(db.session, name=f"Layanan Uji {slug}", slug=slug, active=active)
        for effective, marker, publish in revisions:
            standards.save_revision(db.session, service, components=texts(marker), effective_date=effective,
                                    note=f"catatan {marker}", publish=publish)
        db.session.commit()


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def audit_actions(app) -> list[tuple[str, int | None]]:
    with app.app_context():
        return [(a.action, a.user_id) for a in db.session.scalars(select(AuditLog).order_by(AuditLog.id))]


# ---------------------------------------------------------------------------------------------
# Default content
# ---------------------------------------------------------------------------------------------

def test_default_loader_adds_four_sample_services_once(app):
    with app.app_context():
        first = standards.load_default_standards(db.session)
        db.session.commit()
        second = standards.load_default_standards(db.session)
        db.session.commit()
        assert "4 layanan contoh" in first and second == "sudah lengkap"
        services = list(db.session.scalars(select(Service).order_by(Service.order)))
        assert [s.slug for s in services] == [
            "layanan-informasi-publik", "layanan-pengaduan", "layanan-data-pemilih", "layanan-konsultasi"]
        revisions = list(db.session.scalars(select(ServiceStandardRevision)))
        assert len(revisions) == 4
        for revision in revisions:
            assert revision.is_sample and revision.is_published
            assert revision.effective_date == date(2026, 1, 2)
            assert set(revision.texts) == set(standards.COMPONENT_KEYS)
            assert all(revision.texts.values()), "every component has sample text"
            assert not any("{" in body or "}" in body for body in revision.texts.values())
        ppid = standards.get_service(db.session, "layanan-informasi-publik")
        ppid_texts = ppid.revisions[0].texts
        assert "10 (sepuluh) hari kerja" in ppid_texts["waktu"]
        assert "7 (tujuh) hari kerja" in ppid_texts["waktu"]
        assert "Undang-Undang Nomor 14 Tahun 2008" in ppid_texts["dasar_hukum"]
        assert "gratis" in ppid_texts["biaya"].lower()
        assert "KPU Kabupaten Kebumen" in ppid_texts["prosedur"]  # office name filled from settings
        complaint = standards.get_service(db.session, "layanan-pengaduan").revisions[0].texts["waktu"]
        for days in ("3 (tiga)", "5 (lima)", "14 (empat belas)", "60 (enam puluh)"):
            assert days in complaint
        voters = standards.get_service(db.session, "layanan-data-pemilih")
        assert "cekdptonline.kpu.go.id" in voters.revisions[0].texts["prosedur"]


def test_loader_is_registered_for_init(app):
    with app.app_context():
        lines = defaults.load_all(db.session)
        db.session.commit()
    assert any(line.startswith("standar pelayanan:") for line in lines)
    assert count(app, Service) == 4


# ---------------------------------------------------------------------------------------------
# Public pages
# ---------------------------------------------------------------------------------------------

@freeze_time("2026-03-01 09:00:00")
def test_list_shows_services_with_effective_date(loaded, client):
    response = client.get("/standar-pelayanan")
    assert response.status_code == 200
    text = page_text(response)
    for name in ["Layanan Informasi Publik (PPID)", "Layanan Pengaduan Masyarakat", "Layanan Data Pemilih",
                 "Layanan Konsultasi Kepemiluan"]:
        assert name in text
    assert "Berlaku sejak" in text and "2 Januari 2026" in text
    assert 'href="/standar-pelayanan/layanan-data-pemilih"' in text
    assert "Contoh" in text


def test_list_empty_is_friendly(client):
    response = client.get("/standar-pelayanan")
    assert response.status_code == 200
    assert "Belum ada standar pelayanan yang diterbitkan" in page_text(response)


@freeze_time("2026-03-01 09:00:00")
def test_detail_shows_14_components_in_two_groups_printable(loaded, client):
    response = client.get("/standar-pelayanan/layanan-informasi-publik")
    assert response.status_code == 200
    text = page_text(response)
    for label in COMPONENT_LABELS + GROUP_LABELS:
        assert label in text, label
    order = [text.index(GROUP_LABELS[0]), text.index("Persyaratan"), text.index(GROUP_LABELS[1]),
             text.index("Dasar hukum")]
    assert all(before < after for before, after in pairwise(order))
    assert SAMPLE_BADGE in text
    assert "Tanggal berlaku" in text and "2 Januari 2026" in text
    assert "data-print" in text and "Cetak" in text
    assert "/static/css/standards.css" in text
    assert "Riwayat revisi" in text
    assert "<strong>10 (sepuluh) hari kerja</strong>" in text  # Markdown rendered
    css = (client.get("/static/css/standards.css"))
    assert "size: A4" in css.get_data(as_text=True) and "@media print" in css.get_data(as_text=True)
    css.close()


def test_badge_absent_when_not_sample(app, client):
    make_service(app, "layanan-resmi", (date(2026, 1, 1), "Resmi", True))
    text = page_text(client.get("/standar-pelayanan/layanan-resmi"))
    assert "Resmi persyaratan" in text
    assert SAMPLE_BADGE not in text


def test_detail_404_for_unknown_inactive_or_unpublished(app, client):
    make_service(app, "hanya-draf", (date(2026, 1, 1), "Draf", False))
    make_service(app, "nonaktif", (date(2026, 1, 1), "Nonaktif", True), active=False)
    assert client.get("/standar-pelayanan/tidak-ada").status_code == 404
    assert client.get("/standar-pelayanan/hanya-draf").status_code == 404
    assert client.get("/standar-pelayanan/nonaktif").status_code == 404
    listing = page_text(client.get("/standar-pelayanan"))
    assert "hanya-draf" not in listing and "nonaktif" not in listing
    # A draft revision is never public, even by number.
    make_service(app, "terbit", (date(2026, 1, 1), "Satu", True), (date(2026, 1, 5), "RahasiaDraf", False))
    assert client.get("/standar-pelayanan/terbit?revisi=2").status_code == 404
    assert "RahasiaDraf" not in page_text(client.get("/standar-pelayanan/terbit"))


def test_future_revision_waits_until_its_effective_date(app, client):
    make_service(app, "layanan-uji", (date(2026, 1, 2), "Lama", True), (date(2026, 6, 1), "Baru", True))
    with freeze_time("2026-05-31 23:00:00"):  # 1 June 06.00 WIB is already the 1st in Indonesia
        text = page_text(client.get("/standar-pelayanan/layanan-uji"))
    assert "Baru persyaratan" in text and "Lama persyaratan" not in text

    with freeze_time("2026-05-31 10:00:00"):
        text = page_text(client.get("/standar-pelayanan/layanan-uji"))
        assert "Lama persyaratan" in text and "Baru persyaratan" not in text
        assert "Revisi ke-2 berlaku mulai 1 Juni 2026" in text
        assert "Akan berlaku" in text and "Berlaku" in text  # history states
        listing = page_text(client.get("/standar-pelayanan"))
        assert "Berlaku sejak" in listing and "2 Januari 2026" in listing and "1 Juni 2026" in listing
        upcoming = page_text(client.get("/standar-pelayanan/layanan-uji?revisi=2"))
        assert "Baru persyaratan" in upcoming and "Revisi ini baru berlaku mulai 1 Juni 2026" in upcoming

    with freeze_time("2026-06-02 10:00:00"):
        text = page_text(client.get("/standar-pelayanan/layanan-uji"))
        assert "Baru persyaratan" in text and "Lama persyaratan" not in text
        history = text[text.index("Riwayat revisi"):]
        assert "2 Januari 2026" in history and "1 Juni 2026" in history and "Tidak berlaku lagi" in history
        old = page_text(client.get("/standar-pelayanan/layanan-uji?revisi=1"))
        assert "Lama persyaratan" in old and "Revisi ini sudah tidak berlaku" in old


def test_only_future_revision_is_shown_with_its_start_date(app, client):
    make_service(app, "layanan-baru", (date(2026, 9, 1), "Mendatang", True))
    with freeze_time("2026-08-01 10:00:00"):
        listing = page_text(client.get("/standar-pelayanan"))
        assert "Berlaku mulai" in listing and "1 September 2026" in listing
        text = page_text(client.get("/standar-pelayanan/layanan-baru"))
        assert "Mendatang persyaratan" in text and "Revisi ini baru berlaku mulai 1 September 2026" in text


def test_service_functions_pick_current_revision_by_date(app):
    make_service(app, "layanan-uji", (date(2026, 1, 2), "A", True), (date(2026, 1, 2), "B", True),
                 (date(2026, 4, 1), "C", True), (date(2026, 5, 1), "D", False))
    with app.app_context():
        service = standards.get_service(db.session, "layanan-uji")
        assert standards.current_revision(db.session, service, date(2026, 1, 1)) is None
        # the same day: the later one
        assert standards.current_revision(db.session, service, date(2026, 1, 2)).number == 2
        assert standards.current_revision(db.session, service, date(2026, 3, 31)).number == 2
        # the draft is ignored
        assert standards.current_revision(db.session, service, date(2026, 12, 31)).number == 3
        entries = standards.history(db.session, service, include_drafts=True, on=date(2026, 2, 1))
        assert [(e.revision.number, e.state) for e in entries] == [
            (4, "draft"), (3, "akan_berlaku"), (2, "berlaku"), (1, "tidak_berlaku")]
        assert entries[1].changed == list(standards.COMPONENT_KEYS)


# ---------------------------------------------------------------------------------------------
# Admin: editor workflow
# ---------------------------------------------------------------------------------------------

@freeze_time("2026-03-01 09:00:00")
def test_editor_creates_new_revision_and_it_shows(loaded, client, login_as):
    editor = login_as("editor")
    slug = "layanan-informasi-publik"
    form = client.get(f"{ADMIN_URL}/{slug}/revisi/baru")
    assert form.status_code == 200
    form_text = page_text(form)
    assert "10 (sepuluh) hari kerja" in form_text  # prefilled from the current revision
    for label in COMPONENT_LABELS + GROUP_LABELS:
        assert label in form_text
    assert form_text.count("<fieldset") >= 2 and 'type="date"' in form_text
    # the sample flag is carried over
    assert re.search(r'<input[^>]* checked [^>]*name="is_sample"', response_html(form))

    data = form_data("Revisi Dua", effective="2026-03-01")
    response = client.post(f"{ADMIN_URL}/{slug}/revisi/baru", data=data)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{ADMIN_URL}/{slug}")

    public = page_text(client.get(f"/standar-pelayanan/{slug}"))
    assert "Revisi Dua persyaratan" in public and "10 (sepuluh) hari kerja" not in public
    assert SAMPLE_BADGE not in public
    history = public[public.index("Riwayat revisi"):]
    assert "ke-1" in history and "ke-2" in history and "Tidak berlaku lagi" in history

    admin_history = page_text(client.get(f"{ADMIN_URL}/{slug}"))
    assert editor.name in admin_history and "sistem" in admin_history
    assert "1 Maret 2026" in admin_history and "catatan Revisi Dua" in admin_history
    assert "Komponen diubah: Persyaratan" in admin_history

    actions = audit_actions(loaded)
    assert ("standard.revision.create", editor.id) in actions
    assert ("standard.publish", editor.id) in actions
    with loaded.app_context():
        revision = db.session.scalar(
            select(ServiceStandardRevision).where(ServiceStandardRevision.number == 2))
        assert revision.author_id == editor.id and revision.is_published and not revision.is_sample
        # Components are rows: one component is queryable across revisions.
        bodies = list(db.session.scalars(
            select(ServiceStandardComponent.body).where(ServiceStandardComponent.key == "biaya")))
        assert len(bodies) == 5 and "Revisi Dua biaya" in bodies


def response_html(response) -> str:
    return response.get_data(as_text=True)


def test_draft_is_private_until_published(app, client, login_as):
    make_service(app, "layanan-uji", (date(2026, 1, 2), "Lama", True))
    editor = login_as("editor")
    response = client.post(f"{ADMIN_URL}/layanan-uji/revisi/baru",
                           data=form_data("Draf", effective="2026-02-01", publish=False, is_sample="y"))
    assert response.status_code == 302
    assert "Draf persyaratan" not in page_text(client.get("/standar-pelayanan/layanan-uji"))
    admin_page = page_text(client.get(f"{ADMIN_URL}/layanan-uji"))
    assert "Draf" in admin_page and "Terbitkan" in admin_page
    preview = page_text(client.get(f"{ADMIN_URL}/layanan-uji/revisi/2"))
    assert "Draf persyaratan" in preview and SAMPLE_BADGE in preview

    # Edit the draft, then publish it.
    edit_form = page_text(client.get(f"{ADMIN_URL}/layanan-uji/revisi/2/ubah"))
    assert "Draf persyaratan" in edit_form and 'value="2026-02-01"' in edit_form
    response = client.post(f"{ADMIN_URL}/layanan-uji/revisi/2/ubah",
                           data=form_data("Draf Diubah", effective="2026-02-01", publish=False))
    assert response.status_code == 302
    assert client.post(f"{ADMIN_URL}/layanan-uji/revisi/2/terbitkan").status_code == 302
    public = page_text(client.get("/standar-pelayanan/layanan-uji"))
    assert "Draf Diubah persyaratan" in public
    assert SAMPLE_BADGE not in public  # the edit unticked "sample"
    actions = [a for a, uid in audit_actions(app) if uid == editor.id and a.startswith("standard.")]
    assert actions == ["standard.revision.create", "standard.revision.update", "standard.publish"]

    # Published revisions are immutable: no edit, no delete, no second publish.
    response = client.post(f"{ADMIN_URL}/layanan-uji/revisi/2/ubah",
                           data=form_data("Tamper", effective="2026-02-01"))
    assert response.status_code == 302
    assert "tidak dapat diubah" in page_text(client.get(f"{ADMIN_URL}/layanan-uji"))
    client.post(f"{ADMIN_URL}/layanan-uji/revisi/2/hapus", follow_redirects=False)
    assert count(app, ServiceStandardRevision) == 2
    assert "Tamper persyaratan" not in page_text(client.get("/standar-pelayanan/layanan-uji"))


def test_delete_draft(app, client, login_as):
    make_service(app, "layanan-uji", (date(2026, 1, 2), "Lama", True), (date(2026, 2, 2), "Draf", False))
    editor = login_as("editor")
    response = client.post(f"{ADMIN_URL}/layanan-uji/revisi/2/hapus")
    assert response.status_code == 302
    assert count(app, ServiceStandardRevision) == 1
    assert count(app, ServiceStandardComponent) == 14
    assert ("standard.revision.delete", editor.id) in audit_actions(app)


def test_editor_adds_and_edits_service(app, client, login_as):
    editor = login_as("editor")
    response = client.post(f"{ADMIN_URL}/layanan/baru",
                           data={"name": "Layanan Rumah Pintar Pemilu", "active": "y"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{ADMIN_URL}/layanan-rumah-pintar-pemilu/revisi/baru")
    # Duplicate slug: clear error, nothing added.
    response = client.post(f"{ADMIN_URL}/layanan/baru",
                           data={"name": "Lain", "slug": "layanan-rumah-pintar-pemilu"})
    assert response.status_code == 400 and "sudah dipakai" in page_text(response)
    response = client.post(f"{ADMIN_URL}/layanan/baru", data={"name": "", "slug": "Bad Slug!"})
    assert response.status_code == 400
    text = page_text(response)
    assert "Nama layanan wajib diisi." in text and "huruf kecil, angka dan tanda hubung" in text
    assert count(app, Service) == 1

    response = client.post(f"{ADMIN_URL}/layanan-rumah-pintar-pemilu/ubah",
                           data={"name": "Rumah Pintar Pemilu", "description": "Edukasi pemilih",
                                 "order": "5"})
    assert response.status_code == 302
    with app.app_context():
        service = standards.get_service(db.session, "layanan-rumah-pintar-pemilu")
        assert service.name == "Rumah Pintar Pemilu" and service.order == 5 and service.active is False
    actions = audit_actions(app)
    assert ("service.create", editor.id) in actions and ("service.update", editor.id) in actions
    index = page_text(client.get(f"{ADMIN_URL}/"))
    assert "Rumah Pintar Pemilu" in index and "nonaktif" in index


def test_admin_menu_links_standards_for_editor(client, login_as):
    login_as("editor")
    assert f'href="{ADMIN_URL}/"' in page_text(client.get("/admin/"))


# ---------------------------------------------------------------------------------------------
# Bad input: Indonesian errors, nothing written
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("change, message", [
    ({"effective_date": ""}, "Tanggal berlaku wajib diisi."),
    ({"effective_date": "2026-13-45"}, "Tanggal tidak valid"),
    ({"persyaratan": "   "}, "Komponen ini wajib diisi."),
    ({"prosedur": ""}, "Komponen ini wajib diisi."),
    ({"waktu": ""}, "Komponen ini wajib diisi."),
    ({"biaya": ""}, "Komponen ini wajib diisi."),
    ({"produk": ""}, "Komponen ini wajib diisi."),
    ({"biaya": "x" * 20_001}, "Teks terlalu panjang."),
    ({"effective_date": "1999-12-31"}, "rentang yang wajar"),
])
def test_bad_revision_input_writes_nothing(app, client, login_as, change, message):
    make_service(app, "layanan-uji", (date(2026, 1, 2), "Lama", True))
    login_as("editor")
    before = (count(app, ServiceStandardRevision), count(app, ServiceStandardComponent), count(app, AuditLog))
    response = client.post(f"{ADMIN_URL}/layanan-uji/revisi/baru", data=form_data("Baru", **change))
    assert response.status_code == 400
    text = page_text(response)
    assert message in text
    assert "Periksa kembali isian" in text or "alert-danger" in text
    assert "Traceback" not in text
    after = (count(app, ServiceStandardRevision), count(app, ServiceStandardComponent), count(app, AuditLog))
    assert after == before


def test_optional_components_may_be_empty(app, client, login_as):
    make_service(app, "layanan-uji")
    login_as("editor")
    data = form_data("Min", effective="2026-01-05", dasar_hukum="", evaluasi="")
    assert client.post(f"{ADMIN_URL}/layanan-uji/revisi/baru", data=data).status_code == 302
    text = page_text(client.get("/standar-pelayanan/layanan-uji"))
    assert "Belum diisi." in text and "Min persyaratan" in text


def test_cannot_publish_before_latest_published_date(app, client, login_as):
    make_service(app, "layanan-uji", (date(2026, 3, 1), "Lama", True))
    login_as("editor")
    before = count(app, AuditLog)
    response = client.post(f"{ADMIN_URL}/layanan-uji/revisi/baru",
                           data=form_data("Mundur", effective="2026-02-01"))
    assert response.status_code == 400
    assert "tidak boleh lebih awal" in page_text(response) and "1 Maret 2026" in page_text(response)
    assert count(app, ServiceStandardRevision) == 1 and count(app, AuditLog) == before
    # Saved as a draft it is kept, but publishing it later is refused the same way.
    assert client.post(f"{ADMIN_URL}/layanan-uji/revisi/baru",
                       data=form_data("Mundur", effective="2026-02-01", publish=False)).status_code == 302
    client.post(f"{ADMIN_URL}/layanan-uji/revisi/2/terbitkan")
    with app.app_context():
        assert db.session.scalar(
            select(ServiceStandardRevision.status).where(ServiceStandardRevision.number == 2)) == "draft"


def test_service_rejects_unknown_component_keys(app):
    with app.app_context(), pytest.raises(standards.DomainError):
        standards.clean_components({**texts("x"), "bogus": "y"})


# ---------------------------------------------------------------------------------------------
# Permissions
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["admin", "dumas", "wbs", "pimpinan"])
def test_other_roles_get_403(app, client, login_as, role):
    make_service(app, "layanan-uji", (date(2026, 1, 2), "Lama", True), (date(2026, 2, 2), "Draf", False))
    login_as(role)
    for url in [f"{ADMIN_URL}/", f"{ADMIN_URL}/layanan/baru", f"{ADMIN_URL}/layanan-uji",
                f"{ADMIN_URL}/layanan-uji/revisi/baru", f"{ADMIN_URL}/layanan-uji/revisi/2",
                f"{ADMIN_URL}/layanan-uji/revisi/2/ubah"]:
        assert client.get(url).status_code == 403, url
    before = count(app, AuditLog)
    assert client.post(f"{ADMIN_URL}/layanan/baru", data={"name": "Curang"}).status_code == 403
    assert client.post(f"{ADMIN_URL}/layanan-uji/revisi/baru", data=form_data("Curang")).status_code == 403
    assert client.post(f"{ADMIN_URL}/layanan-uji/revisi/2/terbitkan").status_code == 403
    assert client.post(f"{ADMIN_URL}/layanan-uji/revisi/2/hapus").status_code == 403
    assert count(app, ServiceStandardRevision) == 2 and count(app, Service) == 1
    assert count(app, AuditLog) == before
    assert f'href="{ADMIN_URL}/"' not in page_text(client.get("/admin/"))


def test_anonymous_is_sent_to_login(app, client):
    response = client.get(f"{ADMIN_URL}/")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]
    assert client.post(f"{ADMIN_URL}/layanan/baru", data={"name": "x"}).status_code == 302
    assert count(app, Service) == 0


def test_csrf_is_required_for_publish(app_factory, make_user):
    app = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        service = standards.create_service(db.session, name="Uji", slug="uji")
        standards.save_revision(db.session, service, components=texts("A"), effective_date=date(2026, 1, 1))
        db.session.commit()
    client = app.test_client()
    email = "editor-csrf@uji.example"
    with app.app_context():
        accounts.create_user(db.session, email, PASSWORD, ["editor"], name="Ed")
        db.session.commit()
    login_page = client.get("/admin/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    assert client.post("/admin/login",
                       data={"email": email, "password": PASSWORD, "csrf_token": token}).status_code == 302
    assert client.post(f"{ADMIN_URL}/uji/revisi/1/terbitkan").status_code == 400
    with app.app_context():
        assert db.session.scalar(select(ServiceStandardRevision.status)) == "draft"


# ---------------------------------------------------------------------------------------------
# XSS
# ---------------------------------------------------------------------------------------------

def test_script_in_component_does_not_reach_the_page(app, client, login_as):
    make_service(app, "layanan-uji")
    login_as("editor")
    payload = form_data(
        "Aman", effective="2026-01-05",
        persyaratan=('<script>alert("xss")</script>\n\n<img src="x" onerror="alert(1)">\n\n'
                     '[klik](javascript:alert(2))'),
        biaya='<a href="javascript:alert(3)" onclick="alert(4)">gratis</a> <iframe src="https://evil.example"></iframe>',
        note='<script>alert("note")</script>',
    )
    assert client.post(f"{ADMIN_URL}/layanan-uji/revisi/baru", data=payload).status_code == 302
    for url in ["/standar-pelayanan/layanan-uji", f"{ADMIN_URL}/layanan-uji/revisi/1",
                f"{ADMIN_URL}/layanan-uji"]:
        raw = client.get(url).get_data(as_text=True).lower()
        assert "<script>alert" not in raw, url
        assert "onerror" not in raw and "onclick" not in raw and "javascript:" not in raw, url
        assert "<iframe" not in raw, url
    raw = client.get("/standar-pelayanan/layanan-uji").get_data(as_text=True)
    assert "gratis" in raw and "Aman produk" in raw
    # The Markdown source is kept as typed (escaped in the edit form), only the output is sanitised.
    with app.app_context():
        stored = db.session.scalar(
            select(ServiceStandardComponent.body).where(ServiceStandardComponent.key == "persyaratan"))
        assert "<script>" in stored


# --- messages are literals with parameters (translated when read, portal/core/errors.py) --------------------

def test_standard_errors_are_literal_messages_with_parameters(app):
    from portal.core.errors import DomainError

    with app.app_context():
        standards.create_service(db.session, name="Layanan Satu", slug="layanan-satu")
        with pytest.raises(DomainError) as taken:
            standards.create_service(db.session, name="Layanan Dua", slug="layanan-satu")
        assert taken.value.msgid == "Slug \u201c%(slug)s\u201d sudah dipakai layanan lain."
        assert taken.value.params == {"slug": "layanan-satu"}
        with pytest.raises(DomainError) as long_name:
            standards.create_service(db.session, name="x" * (standards.MAX_NAME_LENGTH + 1))
        assert long_name.value.params == {"n": standards.MAX_NAME_LENGTH}
        with pytest.raises(DomainError) as missing:
            standards.clean_components({})
        assert missing.value.msgid == "Komponen wajib belum diisi: %(labels)s."
        assert missing.value.message.startswith("Komponen wajib belum diisi: Persyaratan, ")


@freeze_time("2026-03-01 12:00:00")  # 19.00 in Jakarta, already 2 March in Kiritimati (UTC+14)
def test_the_standard_in_force_follows_the_portal_time_zone(app):
    """Effective dates are office calendar days: the one clock (PORTAL_TIMEZONE), not a private WIB."""
    with app.app_context():
        service = standards.create_service(db.session, name="Layanan Zona", slug="layanan-zona")
        standards.save_revision(db.session, service, components=texts("Zona"),
                                effective_date=date(2026, 3, 2),
                                publish=True)
        app.config["PORTAL_TIMEZONE"] = "Pacific/Kiritimati"
        assert standards.today() == date(2026, 3, 2)
        assert standards.current_revision(db.session, service) is not None


def test_sample_texts_come_complete_from_the_data_files():
    """portal/data/standar-<slug>.md: the 14 components in regulation order, shared passages filled in."""
    from portal.standards.samples import SAMPLE_SERVICES

    for sample in SAMPLE_SERVICES:
        assert tuple(sample["components"]) == standards.COMPONENT_KEYS, sample["slug"]
        for body in sample["components"].values():
            assert body.strip() and "{channels}" not in body and "{survey}" not in body and "<!--" not in body
