"""Staff side of DUMAS through HTTP: roles, inbox (filters, search, pagination, overdue), register from other
channels, case page actions with their audit trail, attachment download, e-mail at status change (real SMTP
server), holidays page and the dashboard panel."""
from __future__ import annotations

import html
import json
import re
import socket
import time as pytime
from datetime import date, timedelta
from email import message_from_bytes
from email import policy as email_policy

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from portal.core.models.audit import AuditLog
from portal.core.models.base import utcnow
from portal.core.models.calendar import Holiday
from portal.dumas.models import Category, Complaint, ComplaintFollowUp
from portal.extensions import db
from tests.dumas_factories import make_attachment, make_category, make_complaint, make_holidays, wib
from tests.dumas_public_helpers import pdf_bytes

PDF = pdf_bytes()  # well-formed: uploads pass the PDF cleaner (pikepdf)


# --- helpers -------------------------------------------------------------------------------------------

def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _audit(app, action: str) -> list[AuditLog]:
    with app.app_context():
        query = select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)
        rows = list(db.session.scalars(query))
        for row in rows:
            db.session.expunge(row)
        return rows


def _count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _get(app, number: str) -> Complaint:
    with app.app_context():
        complaint = db.session.scalar(select(Complaint).where(Complaint.number == number))
        db.session.expunge(complaint)
        return complaint


def _one(app, **kw) -> str:
    with app.app_context():
        category = db.session.scalar(select(Category)) or make_category(db.session)
        return make_complaint(db.session, category=category, commit=True, **kw).number


def _inbox_numbers(response) -> list[str]:
    return re.findall(r'<tr class="[^"]*" data-number="([^"]+)"', response.get_data(as_text=True))


# --- access control ------------------------------------------------------------------------------------

def _urls(number: str, attachment_id: int) -> list[tuple[str, str]]:
    base = f"/admin/pengaduan/{number}"
    return [
        ("GET", "/admin/pengaduan"), ("GET", "/admin/pengaduan/catat"), ("POST", "/admin/pengaduan/catat"),
        ("GET", base), ("POST", base + "/verifikasi"), ("POST", base + "/status/diproses"),
        ("POST", base + "/status/ditolak"), ("POST", base + "/catatan"), ("POST", base + "/petugas"),
        ("POST", base + "/kategori"), ("GET", f"{base}/lampiran/{attachment_id}"),
        ("GET", "/admin/pengaduan/libur"), ("POST", "/admin/pengaduan/libur"),
        ("POST", "/admin/pengaduan/libur/2026-08-17/hapus"),
    ]


@pytest.fixture
def case_with_file(app):
    with app.app_context():
        category = make_category(db.session)
        complaint = make_complaint(db.session, category=category)
        item = make_attachment(db.session, complaint, app.config["UPLOAD_FOLDER"], data=PDF)
        make_holidays(db.session, (date(2026, 8, 17), "Proklamasi Kemerdekaan"))
        db.session.commit()
        return complaint.number, item.id


@pytest.mark.parametrize("role", ["wbs", "editor", "admin"])
def test_other_roles_get_403_everywhere(app, client, login_as, case_with_file, role):
    login_as(role)
    number, attachment_id = case_with_file
    before = (_count(app, AuditLog), _count(app, ComplaintFollowUp), _count(app, Holiday))
    for method, url in _urls(number, attachment_id):
        if role == "admin" and "/libur" in url:
            continue  # the holidays page is for admin and dumas (checked below)
        response = client.open(url, method=method, data={})
        assert response.status_code == 403, (method, url)
        assert "Anda tidak memiliki akses ke halaman ini." in _text(response)
    # logging in wrote one audit row; nothing else was written
    assert (_count(app, AuditLog), _count(app, ComplaintFollowUp), _count(app, Holiday)) == before


def test_admin_may_manage_holidays(client, login_as, case_with_file):
    login_as("admin")
    assert client.get("/admin/pengaduan/libur?tahun=2026").status_code == 200
    response = client.post("/admin/pengaduan/libur", data={"day": "2026-11-10", "name": "Uji"})
    assert response.status_code == 302


def test_anonymous_goes_to_login(client, case_with_file):
    number, attachment_id = case_with_file
    for method, url in _urls(number, attachment_id):
        response = client.open(url, method=method, data={})
        assert response.status_code == 302, (method, url)
        assert "/admin/login" in response.headers["Location"]


def test_pimpinan_reads_but_cannot_write(app, client, login_as, case_with_file):
    login_as("pimpinan")
    number, attachment_id = case_with_file
    assert client.get("/admin/pengaduan").status_code == 200
    page = client.get(f"/admin/pengaduan/{number}")
    assert page.status_code == 200
    assert "<form method=\"post\" action=\"/admin/pengaduan/" not in page.get_data(as_text=True)
    assert "Siti Aminah" in _text(page)  # not confidential: pimpinan may see the reporter
    before = (_count(app, AuditLog), _count(app, ComplaintFollowUp))
    for method, url in _urls(number, attachment_id):
        if method == "POST" or url.endswith("/catat") or "/libur" in url:
            assert client.open(url, method=method, data={}).status_code == 403, (method, url)
    assert (_count(app, AuditLog), _count(app, ComplaintFollowUp)) == before
    assert _get(app, number).status == "diterima"


def test_confidential_identity_only_for_dumas(app, client, auth, make_user):
    with app.app_context():
        category = make_category(db.session)
        complaint = make_complaint(db.session, category=category, confidential=True,
                                   reporter_name="Rahmat Hidayat", reporter_email="rahmat@contoh.example")
        item = make_attachment(db.session, complaint, app.config["UPLOAD_FOLDER"], data=PDF,
                               name="ktp-rahmat.pdf")
        db.session.commit()
        number, attachment_id = complaint.number, item.id
    leader, officer = make_user("pimpinan"), make_user("dumas")

    auth.login(leader.email)
    page = _text(client.get(f"/admin/pengaduan/{number}"))
    assert "Rahmat Hidayat" not in page and "rahmat@contoh.example" not in page and "ktp-rahmat" not in page
    assert "Identitas pelapor dirahasiakan" in page and "Rahasia" in page
    assert client.get(f"/admin/pengaduan/{number}/lampiran/{attachment_id}").status_code == 403
    # a name search by pimpinan cannot reveal which case a confidential reporter filed
    assert _inbox_numbers(client.get("/admin/pengaduan?q=rahmat")) == []
    auth.logout()

    auth.login(officer.email)
    page = _text(client.get(f"/admin/pengaduan/{number}"))
    assert "Rahmat Hidayat" in page and "rahmat@contoh.example" in page and "ktp-rahmat.pdf" in page
    assert "Pelapor meminta identitasnya dirahasiakan" in page
    assert _inbox_numbers(client.get("/admin/pengaduan?q=rahmat")) == [number]


def test_unknown_case_is_404(client, login_as):
    login_as("dumas")
    assert client.get("/admin/pengaduan/DUMAS-2026-99999").status_code == 404


# --- inbox ---------------------------------------------------------------------------------------------

@pytest.fixture
def inbox_data(app, make_user):
    """Six cases spread over status, category, channel and officer; returns (numbers by key, officer)."""
    officer = make_user("dumas", name="Budi")
    other = make_user("dumas", name="Ani")
    with app.app_context():
        pelayanan = make_category(db.session, "pelayanan", "Pelayanan")
        logistik = make_category(db.session, "logistik", "Logistik")
        n = {}
        n["new"] = make_complaint(db.session, category=None, subject="Formulir rusak di TPS 5").number
        n["verified"] = make_complaint(db.session, category=pelayanan, status="diverifikasi",
                                       assigned_to_id=officer.id, channel="hotline",
                                       subject="Petugas tidak ramah").number
        n["process"] = make_complaint(db.session, category=logistik, status="diproses",
                                      assigned_to_id=other.id, channel="lapor", external_id="LAPOR-123456",
                                      subject="Kotak suara rusak").number
        n["done"] = make_complaint(db.session, category=pelayanan, status="selesai",
                                   assigned_to_id=officer.id, channel="surat", subject="Salinan DPT").number
        n["rejected"] = make_complaint(db.session, category=logistik, status="ditolak", channel="email",
                                       reporter_name="Joko Widodo", reporter_email="JOKO@contoh.example",
                                       subject="Spanduk 100% hilang").number
        n["forwarded"] = make_complaint(db.session, category=pelayanan, status="diteruskan", channel="medsos",
                                        subject="Dugaan politik uang").number
        db.session.commit()
        return n, officer, {"pelayanan": pelayanan.id, "logistik": logistik.id}


def test_inbox_lists_all_with_columns(client, login_as, inbox_data):
    n, _officer, _cats = inbox_data
    login_as("dumas")
    response = client.get("/admin/pengaduan")
    assert response.status_code == 200
    assert sorted(_inbox_numbers(response)) == sorted(n.values())
    text = _text(response)
    for label in ["Nomor", "Diterima", "Kanal", "Kategori", "Perihal", "Status", "Petugas", "Tenggat",
                  "SP4N-LAPOR!", "LAPOR-123456", "Hotline / telepon", "Budi", "belum ditugaskan", "Diproses"]:
        assert label in text


@pytest.mark.parametrize(("query", "keys"), [
    ("status=diterima", ["new"]),
    ("status=diproses", ["process"]),
    ("status=selesai", ["done"]),
    ("channel=hotline", ["verified"]),
    ("channel=lapor", ["process"]),
    ("channel=website", ["new"]),
    ("officer=none", ["new", "rejected", "forwarded"]),
    ("status=diverifikasi&channel=hotline", ["verified"]),
    ("status=diverifikasi&channel=surat", []),
    # an unknown value is ignored
    ("status=bogus", ["new", "verified", "process", "done", "rejected", "forwarded"]),
])
def test_inbox_filters_narrow(client, login_as, inbox_data, query, keys):
    n, _officer, _cats = inbox_data
    login_as("dumas")
    assert sorted(_inbox_numbers(client.get(f"/admin/pengaduan?{query}"))) == sorted(n[k] for k in keys)


def test_inbox_filter_by_category_and_officer(client, login_as, inbox_data):
    n, officer, cats = inbox_data
    login_as("dumas")
    got = _inbox_numbers(client.get(f"/admin/pengaduan?category={cats['logistik']}"))
    assert sorted(got) == sorted([n["process"], n["rejected"]])
    got = _inbox_numbers(client.get(f"/admin/pengaduan?officer={officer.id}"))
    assert sorted(got) == sorted([n["verified"], n["done"]])
    got = _inbox_numbers(client.get(f"/admin/pengaduan?officer={officer.id}&status=selesai"))
    assert got == [n["done"]]


@pytest.mark.parametrize(("old", "new"), [
    ("channel=hotline", "kanal=hotline"),
    ("officer=none", "petugas=belum"),
    ("officer={officer}", "petugas={officer}"),
    ("category={logistik}", "kategori={logistik}"),
    ("category={pelayanan}&channel=surat&status=selesai", "kategori={pelayanan}&kanal=surat&status=selesai"),
    ("q=kotak+suara", "cari=kotak+suara"),
])
def test_inbox_indonesian_query_names_and_the_old_ones_give_the_same_list(client, login_as, inbox_data,
                                                                          old, new):
    n, officer, cats = inbox_data
    login_as("dumas")
    values = {"officer": officer.id, **cats}
    by_old = _inbox_numbers(client.get("/admin/pengaduan?" + old.format(**values)))
    by_new = _inbox_numbers(client.get("/admin/pengaduan?" + new.format(**values)))
    assert by_old and by_old == by_new
    assert len(by_new) < len(n)


def test_inbox_filter_form_writes_the_indonesian_names(client, login_as, inbox_data):
    _n, officer, cats = inbox_data
    login_as("dumas")
    page = client.get(f"/admin/pengaduan?officer={officer.id}&category={cats['pelayanan']}&q=salinan"
                      "&due=overdue")
    text = page.get_data(as_text=True)
    for name in ("cari", "status", "kategori", "kanal", "petugas", "tenggat"):
        assert f'name="{name}"' in text, name
    for old in ("q", "category", "channel", "officer", "due"):
        assert f'name="{old}"' not in text, old
    # an old link shows its filters chosen in the new form
    assert re.search(rf'<option selected value="{officer.id}">', text)
    assert re.search(rf'<option selected value="{cats["pelayanan"]}">', text)
    assert '<option selected value="terlambat">' in text and 'value="salinan"' in text
    assert '<option value="belum">Belum ditugaskan</option>' in text
    assert '<option value="segera">' in text


@pytest.mark.parametrize(("term", "keys"), [
    ("kotak SUARA", ["process"]),          # subject, case-insensitive
    # description (the factory's text)
    ("tiga jam", ["new", "verified", "process", "done", "rejected", "forwarded"]),
    ("joko", ["rejected"]),                # reporter name
    ("joko@CONTOH", ["rejected"]),         # reporter e-mail, case-insensitive
    ("lapor-123", ["process"]),            # external ID
    ("100%", ["rejected"]),                # % matches literally
    ("100_", []),                          # _ matches literally
    ("tidak ada yang cocok", []),
])
def test_inbox_search(client, login_as, inbox_data, term, keys):
    n, _officer, _cats = inbox_data
    login_as("dumas")
    got = _inbox_numbers(client.get("/admin/pengaduan", query_string={"q": term}))
    assert sorted(got) == sorted(n[k] for k in keys)


def test_inbox_search_by_number(client, login_as, inbox_data):
    n, _officer, _cats = inbox_data
    login_as("dumas")
    number = n["done"]
    assert _inbox_numbers(client.get("/admin/pengaduan", query_string={"q": number.lower()})) == [number]


def test_inbox_pagination(app, client, login_as):
    login_as("dumas")
    with app.app_context():
        category = make_category(db.session)
        start = utcnow() - timedelta(days=40)
        numbers = [make_complaint(db.session, category=category,
                                  received_at=start + timedelta(hours=i)).number for i in range(30)]
        db.session.commit()
    first = client.get("/admin/pengaduan")
    second = client.get("/admin/pengaduan?page=2")
    assert _inbox_numbers(first) == list(reversed(numbers))[:25]  # newest first
    assert _inbox_numbers(second) == list(reversed(numbers))[25:]
    assert "Halaman 1 dari 2, 30 data" in _text(first)
    assert client.get("/admin/pengaduan?page=3").status_code == 404
    # filters are kept in the page links
    assert "page=2" in first.get_data(as_text=True)
    filtered = client.get("/admin/pengaduan?status=diterima")
    link = re.search(r'href="([^"]*page=2[^"]*)"', filtered.get_data(as_text=True)).group(1)
    assert "status=diterima" in link
    # `halaman` is the Indonesian name of `page`; a page link from such a URL goes where it says
    assert _inbox_numbers(client.get("/admin/pengaduan?halaman=2")) == _inbox_numbers(second)
    assert client.get("/admin/pengaduan?halaman=3").status_code == 404
    assert _inbox_numbers(client.get("/admin/pengaduan?halaman=2&page=1")) == _inbox_numbers(first)


def test_overdue_and_nearly_due_highlighting(app, client, login_as):
    # Today: Wednesday 15 July 2026 (WIB). DUMAS_NEARLY_DUE_DAYS = 2 -> nearly due up to Friday 17 July.
    with freeze_time("2026-07-15 03:00:00"):
        login_as("dumas")
        with app.app_context():
            category = make_category(db.session)
            mk = lambda **kw: make_complaint(db.session, category=category, **kw).number
            late_verify = mk(received_at=wib(date(2026, 7, 6)))         # verify_due Thu 9 July: overdue
            due_today = mk(received_at=wib(date(2026, 7, 10)))          # verify_due Wed 15 July: nearly due
            due_friday = mk(received_at=wib(date(2026, 7, 14)))         # verify_due Fri 17 July: nearly due
            fresh = mk(received_at=wib(date(2026, 7, 15)))              # verify_due Mon 20 July: fine
            # verified 1 June (informasi, 5 days -> due 8 June): overdue on resolution
            late_resolve = mk(received_at=wib(date(2026, 6, 1)), status="diproses", kind="informasi",
                              verified_at=wib(date(2026, 6, 1)))
            # a closed case is never overdue, however old
            closed = mk(received_at=wib(date(2026, 5, 4)), status="selesai", kind="informasi",
                        verified_at=wib(date(2026, 5, 4)))
            db.session.commit()
        response = client.get("/admin/pengaduan")
        body = response.get_data(as_text=True)
        rows = {number: cls for cls, number in re.findall(r'<tr class="([^"]*)" data-number="([^"]+)"', body)}
        assert rows[late_verify] == "overdue" and rows[late_resolve] == "overdue"
        assert rows[due_today] == "nearly-due" and rows[due_friday] == "nearly-due"
        assert rows[fresh] == "" and rows[closed] == ""
        # the state is in text too, not colour alone
        for number, label in [(late_verify, "Terlambat"), (due_today, "Segera jatuh tempo")]:
            row = re.search(rf'data-number="{number}">(.*?)</tr>', body, re.DOTALL).group(1)
            assert label in row
        late, soon = sorted([late_verify, late_resolve]), sorted([due_today, due_friday])
        assert sorted(_inbox_numbers(client.get("/admin/pengaduan?due=overdue"))) == late
        assert sorted(_inbox_numbers(client.get("/admin/pengaduan?due=nearly_due"))) == soon
        # the Indonesian names and values (as WBS) give the same lists
        assert sorted(_inbox_numbers(client.get("/admin/pengaduan?tenggat=terlambat"))) == late
        assert sorted(_inbox_numbers(client.get("/admin/pengaduan?tenggat=segera"))) == soon
        # dashboard panel: counts and links
        dash = _text(client.get("/admin/"))
        assert "Terlambat: 2" in dash and "Segera jatuh tempo: 2" in dash
        assert "/admin/pengaduan?tenggat=terlambat" in dash and "/admin/pengaduan?tenggat=segera" in dash
        assert f'/admin/pengaduan/{late_verify}' in dash and f'/admin/pengaduan/{due_friday}' in dash
        # case page: working days left
        assert "lewat 4 hari kerja" in _text(client.get(f"/admin/pengaduan/{late_verify}"))
        assert "2 hari kerja lagi" in _text(client.get(f"/admin/pengaduan/{due_friday}"))
        assert "jatuh tempo hari ini" in _text(client.get(f"/admin/pengaduan/{due_today}"))


def test_holiday_counts_in_overdue(app, client, login_as):
    # Received Thu 13 Aug 2026: Fri 14 (1), Mon 17 Proklamasi, Tue 18 (2), Wed 19 (3) -> due Wed 19.
    with freeze_time("2026-08-19 03:00:00"):
        login_as("dumas")
        with app.app_context():
            make_holidays(db.session, (date(2026, 8, 17), "Proklamasi Kemerdekaan"))
            number = make_complaint(db.session, received_at=wib(date(2026, 8, 13))).number
            db.session.commit()
        assert _get(app, number).verify_due == date(2026, 8, 19)
        assert _inbox_numbers(client.get("/admin/pengaduan?due=overdue")) == []
    with freeze_time("2026-08-20 03:00:00"):
        assert _inbox_numbers(client.get("/admin/pengaduan?due=overdue")) == [number]


def test_dashboard_panel_only_for_dumas_and_pimpinan(app, client, auth, make_user):
    _one(app)
    for role, visible in [("dumas", True), ("pimpinan", True), ("editor", False), ("admin", False)]:
        user = make_user(role)
        auth.login(user.email)
        text = _text(client.get("/admin/"))
        assert ("Buka kotak masuk" in text) is visible, role
        if visible:
            assert "Diterima" in text and "Aduan terbuka: 1" in text
        auth.logout()


# --- register from other channels ----------------------------------------------------------------------

def _register_data(category_id, **overrides):
    data = {
        "channel": "hotline", "external_id": "", "received_date": "2026-11-02",
        "reporter_name": "Dewi Lestari", "reporter_email": "dewi@contoh.example",
        "reporter_phone": "0812 3456 7890",
        "category_id": str(category_id), "subject": "Laporan via telepon",
        "description": "Pelapor menelepon hotline mengeluhkan jadwal layanan yang tidak sesuai pengumuman.",
        "event_place": "Kantor KPU", "event_date": "2026-10-30",
    }
    data.update(overrides)
    return data


@pytest.fixture
def category_id(app):
    with app.app_context():
        category = make_category(db.session)
        db.session.commit()
        return category.id


def test_register_from_hotline(app, client, login_as, category_id):
    with freeze_time("2026-11-04 03:00:00"):  # Wednesday
        officer = login_as("dumas")
        response = client.get("/admin/pengaduan/catat")
        assert response.status_code == 200 and 'value="2026-11-04"' in response.get_data(as_text=True)
        response = client.post("/admin/pengaduan/catat", data=_register_data(category_id, confidential="y"))
        assert response.status_code == 302, _text(response)[:3000]
        number = response.headers["Location"].rsplit("/", 1)[1]
        complaint = _get(app, number)
        assert complaint.channel == "hotline" and complaint.created_by_id == officer.id
        assert complaint.confidential is True and complaint.status == "diterima"
        # received 2 November (Monday) in the past: deadlines count from that day
        assert complaint.received_at.date() == date(2026, 11, 2) and complaint.verify_due == date(2026, 11, 5)
        (row,) = _audit(app, "complaint.register")
        assert row.user_id == officer.id and '"channel": "hotline"' in row.detail
        follow = client.get(response.headers["Location"])
        assert "Kode akses untuk pelapor" in _text(follow)


def test_register_from_lapor_needs_external_id(app, client, login_as, category_id):
    login_as("dumas")
    response = client.post("/admin/pengaduan/catat", data=_register_data(category_id, channel="lapor",
                                                                         received_date=""))
    assert response.status_code == 400
    assert "Nomor tiket SP4N-LAPOR! wajib diisi" in _text(response)
    assert _count(app, Complaint) == 0 and _audit(app, "complaint.register") == []
    response = client.post("/admin/pengaduan/catat", data=_register_data(
        category_id, channel="lapor", external_id="LAPOR-2026-778899", received_date=""))
    assert response.status_code == 302
    assert _get(app, response.headers["Location"].rsplit("/", 1)[1]).external_id == "LAPOR-2026-778899"


@pytest.mark.parametrize(("overrides", "message"), [
    ({"received_date": "2099-01-01"}, "Tanggal diterima tidak boleh di masa depan."),
    ({"channel": "website"}, "Aduan dari situs web masuk melalui formulir publik."),
    ({"channel": ""}, "Pilih kanal masuknya aduan."),
    ({"subject": ""}, "Perihal wajib diisi"),
    ({"reporter_email": "bukan-email"}, "Alamat e-mail tidak valid."),
])
def test_register_refuses_bad_input(app, client, login_as, category_id, overrides, message):
    login_as("dumas")
    response = client.post("/admin/pengaduan/catat", data=_register_data(category_id, **overrides))
    assert response.status_code == 400
    assert message in _text(response)
    assert _count(app, Complaint) == 0 and _count(app, AuditLog, AuditLog.action == "complaint.register") == 0


def test_register_with_attachment(app, client, login_as, category_id):
    import io

    login_as("dumas")
    data = _register_data(category_id, received_date="")
    data["attachments"] = [(io.BytesIO(PDF), "surat aduan.pdf")]
    response = client.post("/admin/pengaduan/catat", data=data, content_type="multipart/form-data")
    assert response.status_code == 302, _text(response)[:3000]
    number = response.headers["Location"].rsplit("/", 1)[1]
    page = _text(client.get(f"/admin/pengaduan/{number}"))
    assert "surat aduan.pdf" in page or "surat_aduan.pdf" in page or "surat-aduan.pdf" in page


# --- case page actions ---------------------------------------------------------------------------------

def test_case_page_shows_everything(app, client, login_as, make_user):
    officer = login_as("dumas")
    with app.app_context():
        category = make_category(db.session)
        complaint = make_complaint(db.session, category=category, status="diproses",
                                   assigned_to_id=officer.id, channel="lapor", external_id="LAPOR-55",
                                   reporter_phone="081234567890")
        complaint.event_place = "TPS 7 Desa Sruweng"
        db.session.add(ComplaintFollowUp(complaint=complaint, actor_id=None, from_status="diproses",
                                         to_status="diproses", public_note="Saya punya foto tambahan."))
        db.session.add(ComplaintFollowUp(complaint=complaint, actor_id=officer.id, from_status="diproses",
                                         to_status="diproses", internal_note="Konfirmasi ke PPK."))
        db.session.commit()
        number = complaint.number
    text = _text(client.get(f"/admin/pengaduan/{number}"))
    for expected in [number, "Antrean layanan terlalu lama", "Saya menunggu lebih dari tiga jam",
                     "SP4N-LAPOR!", "LAPOR-55", "Siti Aminah", "siti@contoh.example", "081234567890",
                     "TPS 7 Desa Sruweng", "Pelapor", "Saya punya foto tambahan.",
                     "Informasi tambahan pelapor", "Konfirmasi ke PPK.",
                     "Internal", "Tenggat (hari kerja)", "Nyatakan selesai", "Tolak aduan",
                     "Teruskan ke instansi lain"]:
        assert expected in text, expected
    body = client.get(f"/admin/pengaduan/{number}").get_data(as_text=True)
    # confirmation on closing actions, not on the others
    assert re.search(r'/status/selesai"[^>]*data-confirm=', body)
    assert re.search(r'/status/ditolak"[^>]*data-confirm=', body)
    assert re.search(r'/status/diteruskan"[^>]*data-confirm=', body)
    assert "/status/diverifikasi" not in body and "/status/diproses" not in body  # not allowed from diproses


def test_add_note_public_and_internal(app, client, login_as):
    officer = login_as("dumas")
    number = _one(app)
    response = client.post(f"/admin/pengaduan/{number}/catatan",
                           data={"public_note": "Kami hubungi Anda besok.",
                                 "internal_note": "Telepon 08.00."})
    assert response.status_code == 302
    with app.app_context():
        fu = db.session.scalar(select(ComplaintFollowUp).order_by(ComplaintFollowUp.id.desc()))
        assert (fu.public_note, fu.internal_note, fu.actor_id) == (
            "Kami hubungi Anda besok.", "Telepon 08.00.", officer.id)
    (row,) = _audit(app, "complaint.note")
    assert json.loads(row.detail)["public"] is True


def test_empty_note_refused(app, client, login_as):
    login_as("dumas")
    number = _one(app)
    before = _count(app, ComplaintFollowUp)
    response = client.post(f"/admin/pengaduan/{number}/catatan",
                           data={"public_note": "  ", "internal_note": ""})
    assert response.status_code == 400 and "Isi catatan publik atau catatan internal." in _text(response)
    assert _count(app, ComplaintFollowUp) == before and _audit(app, "complaint.note") == []


def test_assign_and_reassign(app, client, login_as, make_user):
    login_as("dumas")
    first, second = make_user("dumas", name="Petugas Satu"), make_user("dumas", name="Petugas Dua")
    number = _one(app)
    assert client.post(f"/admin/pengaduan/{number}/petugas", data={"officer_id": first.id}).status_code == 302
    response = client.post(f"/admin/pengaduan/{number}/petugas", data={"officer_id": second.id})
    assert response.status_code == 302
    assert _get(app, number).assigned_to_id == second.id
    rows = _audit(app, "complaint.assign")
    assert [json.loads(r.detail)["to_user"] for r in rows] == [first.id, second.id]
    # same officer again, and a non-dumas user, are refused without a write
    response = client.post(f"/admin/pengaduan/{number}/petugas", data={"officer_id": second.id})
    assert response.status_code == 400 and "sudah ditangani petugas tersebut" in _text(response)
    editor = make_user("editor")
    response = client.post(f"/admin/pengaduan/{number}/petugas", data={"officer_id": editor.id})
    assert response.status_code == 400 and "bukan petugas DUMAS" in _text(response)
    assert len(_audit(app, "complaint.assign")) == 2


def test_assign_closed_case_refused(app, client, login_as):
    officer = login_as("dumas")
    number = _one(app, status="selesai")
    response = client.post(f"/admin/pengaduan/{number}/petugas", data={"officer_id": officer.id})
    assert response.status_code == 400 and "sudah ditutup" in _text(response)


def test_recategorise_unchanged_refused(app, client, login_as):
    login_as("dumas")
    number = _one(app)
    complaint = _get(app, number)
    response = client.post(f"/admin/pengaduan/{number}/kategori",
                           data={"category_id": complaint.category_id, "kind": complaint.kind})
    assert response.status_code == 400 and "tidak berubah" in _text(response)
    assert _audit(app, "complaint.recategorise") == []


def test_csrf_is_enforced_on_case_actions(app_factory, make_user):
    app = app_factory(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    with app.app_context():
        from portal.accounts import service as accounts
        from tests.conftest import PASSWORD

        accounts.create_user(db.session, "csrf-dumas@uji.example", PASSWORD, ["dumas"], name="CSRF")
        category = make_category(db.session)
        number = make_complaint(db.session, category=category).number
        db.session.commit()
    login_page = client.get("/admin/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    assert client.post("/admin/login", data={"email": "csrf-dumas@uji.example", "password": PASSWORD,
                                             "csrf_token": token}).status_code == 302
    before = _count(app, ComplaintFollowUp)
    response = client.post(f"/admin/pengaduan/{number}/status/ditolak",
                           data={"ditolak-reason": "Tanpa token"})
    assert response.status_code == 400
    assert _count(app, ComplaintFollowUp) == before
    page = client.get(f"/admin/pengaduan/{number}").get_data(as_text=True)
    token = re.search(r'name="ditolak-csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(f"/admin/pengaduan/{number}/status/ditolak",
                           data={"ditolak-reason": "Dengan token", "ditolak-csrf_token": token})
    assert response.status_code == 302


# --- attachments ---------------------------------------------------------------------------------------

def test_attachment_download_is_streamed_and_audited(app, client, login_as, case_with_file):
    officer = login_as("dumas")
    number, attachment_id = case_with_file
    response = client.get(f"/admin/pengaduan/{number}/lampiran/{attachment_id}")
    assert response.status_code == 200
    assert response.data == PDF
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "bukti.pdf" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Type"] == "application/pdf"
    assert "no-store" in response.headers["Cache-Control"]
    (row,) = _audit(app, "complaint.attachment_download")
    assert row.user_id == officer.id and row.object_id == str(attachment_id)
    assert json.loads(row.detail)["number"] == number


def test_attachment_of_another_case_or_missing_file_is_404(app, client, login_as, case_with_file):
    login_as("dumas")
    number, attachment_id = case_with_file
    other = _one(app)
    assert client.get(f"/admin/pengaduan/{other}/lampiran/{attachment_id}").status_code == 404
    assert client.get(f"/admin/pengaduan/{number}/lampiran/999999").status_code == 404
    with app.app_context():
        from portal.dumas.models import ComplaintAttachment

        item = db.session.get(ComplaintAttachment, attachment_id)
        item.stored_name = "../../etc/passwd"
        db.session.commit()
    assert client.get(f"/admin/pengaduan/{number}/lampiran/{attachment_id}").status_code == 404
    assert _audit(app, "complaint.attachment_download") == []


# --- e-mail at status change (real SMTP server) --------------------------------------------------------

class _Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    handler = _Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, handler
    controller.stop()


def _wait_for(handler, count: int) -> None:
    deadline = pytime.monotonic() + 5
    while len(handler.messages) < count and pytime.monotonic() < deadline:
        pytime.sleep(0.05)


def test_status_change_emails_the_reporter(app_factory, make_user, smtp_server):
    controller, handler = smtp_server
    app = app_factory(MAIL_SERVER=controller.hostname, MAIL_PORT=controller.port,
                      MAIL_SENDER="dumas@kpu.example")
    client = app.test_client()
    from tests.conftest import AuthActions

    with app.app_context():
        from portal.accounts import service as accounts
        from tests.conftest import PASSWORD

        accounts.create_user(db.session, "mail-dumas@uji.example", PASSWORD, ["dumas"], name="Petugas Mail")
        category = make_category(db.session)
        number = make_complaint(db.session, category=category, status="diproses", assigned_to_id=None,
                                reporter_email="pelapor@contoh.example").number
        silent = make_complaint(db.session, category=category, status="diproses", reporter_email="").number
        db.session.commit()
    assert AuthActions(client).login("mail-dumas@uji.example").status_code == 302
    response = client.post(f"/admin/pengaduan/{number}/status/selesai", data={
        "selesai-final_answer": "Jadwal layanan sudah diperbaiki.",
        "selesai-internal_note": "RAHASIA-INTERNAL"})
    assert response.status_code == 302
    _wait_for(handler, 1)
    assert len(handler.messages) == 1
    envelope = handler.messages[0]
    assert envelope.mail_from == "dumas@kpu.example" and envelope.rcpt_tos == ["pelapor@contoh.example"]
    message = message_from_bytes(envelope.content, policy=email_policy.default)
    content = message.get_body().get_content()
    assert number in message["Subject"] and "Selesai" in message["Subject"]
    assert number in content and "Selesai" in content and "Jadwal layanan sudah diperbaiki." in content
    assert "RAHASIA-INTERNAL" not in content and "Petugas Mail" not in content
    # no address: nothing sent; a note (no status change) sends nothing either
    client.post(f"/admin/pengaduan/{silent}/status/ditolak", data={"ditolak-reason": "Tidak lengkap."})
    client.post(f"/admin/pengaduan/{number}/catatan", data={"internal_note": "arsip"})
    pytime.sleep(0.3)
    assert len(handler.messages) == 1


def test_status_change_survives_a_dead_smtp_server(app_factory):
    app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=_free_port())
    client = app.test_client()
    from tests.conftest import PASSWORD, AuthActions

    with app.app_context():
        from portal.accounts import service as accounts

        accounts.create_user(db.session, "dead-smtp@uji.example", PASSWORD, ["dumas"])
        number = make_complaint(db.session, category=make_category(db.session)).number
        db.session.commit()
    assert AuthActions(client).login("dead-smtp@uji.example").status_code == 302
    response = client.post(f"/admin/pengaduan/{number}/status/ditolak",
                           data={"ditolak-reason": "Bukan kewenangan."})
    assert response.status_code == 302
    assert _get(app, number).status == "ditolak"


# --- holidays page -------------------------------------------------------------------------------------

def test_holidays_list_add_delete(app, client, login_as):
    officer = login_as("dumas")
    with app.app_context():
        make_holidays(db.session, (date(2026, 8, 17), "Proklamasi Kemerdekaan"),
                      (date(2027, 1, 1), "Tahun Baru 2027 Masehi"))
        db.session.commit()
    page = _text(client.get("/admin/pengaduan/libur?tahun=2026"))
    assert "Proklamasi Kemerdekaan" in page and "Tahun Baru 2027" not in page and "SKB" in page
    page = client.get("/admin/pengaduan/libur?tahun=2026").get_data(as_text=True)
    assert re.search(r'data-confirm="Hapus', page)

    response = client.post("/admin/pengaduan/libur",
                           data={"day": "2026-12-31", "name": "Tambahan akhir tahun", "cuti_bersama": "y"})
    assert response.status_code == 302 and response.headers["Location"].endswith("tahun=2026")
    with app.app_context():
        assert db.session.get(Holiday, date(2026, 12, 31)).name == "Cuti bersama Tambahan akhir tahun"
    (row,) = _audit(app, "holiday.add")
    assert row.user_id == officer.id and row.object_id == "2026-12-31"
    assert "Cuti bersama" in _text(client.get("/admin/pengaduan/libur?tahun=2026"))

    # duplicate and empty name refused, nothing written
    response = client.post("/admin/pengaduan/libur", data={"day": "2026-08-17", "name": "Lagi"})
    assert response.status_code == 400 and "sudah tercatat" in _text(response)
    response = client.post("/admin/pengaduan/libur", data={"day": "2026-08-18", "name": ""})
    assert response.status_code == 400 and "Keterangan wajib diisi." in _text(response)
    assert len(_audit(app, "holiday.add")) == 1

    response = client.post("/admin/pengaduan/libur/2026-12-31/hapus")
    assert response.status_code == 302
    assert _count(app, Holiday) == 2 and len(_audit(app, "holiday.delete")) == 1
    response = client.post("/admin/pengaduan/libur/2026-12-30/hapus", follow_redirects=True)
    assert "Hari libur tidak ditemukan." in _text(response)
    assert client.post("/admin/pengaduan/libur/bukan-tanggal/hapus").status_code == 404


def test_adding_a_holiday_moves_open_deadlines(app, client, login_as):
    with freeze_time("2026-11-02 03:00:00"):  # Monday
        login_as("dumas")
        with app.app_context():
            category = make_category(db.session)
            open_case = make_complaint(db.session, category=category).number
            closed_case = make_complaint(db.session, category=category, status="ditolak").number
            db.session.commit()
        assert _get(app, open_case).verify_due == date(2026, 11, 5)
        before_closed = _get(app, closed_case).verify_due
        response = client.post("/admin/pengaduan/libur",
                               data={"day": "2026-11-04", "name": "Libur daerah uji"})
        assert response.status_code == 302
        assert _get(app, open_case).verify_due == date(2026, 11, 6)
        assert _get(app, closed_case).verify_due == before_closed
        (row,) = _audit(app, "holiday.add")
        assert json.loads(row.detail)["recomputed_cases"] == 1
        client.post("/admin/pengaduan/libur/2026-11-04/hapus")
        assert _get(app, open_case).verify_due == date(2026, 11, 5)
