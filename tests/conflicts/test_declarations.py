"""Declarations through HTTP: signing by attestation (a wrong password signs nothing), a potential needs its
three descriptions (bad input writes nothing), a new declaration supersedes (history kept), the printable
letter, who sees what (pegawai only their own; other roles 403), the not-declared list and its CSV."""
from __future__ import annotations

import pytest

from portal.conflicts import service
from portal.core import clock
from portal.extensions import db
from tests.conflicts.helpers import declarations, login, make_keeper, sign
from tests.zi_helpers import load_plan

BASE = "/admin/benturan-kepentingan"


def test_pegawai_signs_and_prints_a_free_declaration(app, client, make_user):
    user = make_user("pegawai", name="Ani Pegawai")
    login(client, user)
    form = client.get(f"{BASE}/pernyataan/baru")
    assert form.status_code == 200 and 'name="password"' in form.get_data(as_text=True)
    response = sign(client)
    assert response.status_code == 302
    [d] = declarations(app, user.email)
    assert (d.kind, d.year, d.version, d.current) == ("bebas", clock.today().year, 1, True)
    assert response.headers["Location"].endswith(f"/pernyataan/{d.id}")
    page = client.get(f"{BASE}/pernyataan/{d.id}").get_data(as_text=True)
    assert "Surat Pernyataan Bebas Benturan Kepentingan" in page and "Ani Pegawai" in page
    assert d.content_hash in page and "ppid-notice.css" in page
    with app.app_context():
        assert service.hash_intact(db.session.get(type(d), d.id))


def test_wrong_password_signs_nothing(app, client, make_user):
    user = make_user("pegawai")
    login(client, user)
    response = sign(client, password="salah-sekali-123")
    assert response.status_code == 200
    assert "Kata sandi salah" in response.get_data(as_text=True)
    assert declarations(app) == []


@pytest.mark.parametrize("texts, message", [
    ({}, "Uraikan urusan"),
    ({"matter": "Pengadaan"}, "Sebutkan pihak"),
    ({"matter": "Pengadaan", "parties": "Adik"}, "Sebutkan tugas"),
    ({"matter": "x" * 2001, "parties": "Adik", "duty": "HPS"}, "terlalu panjang"),
])
def test_a_potential_without_its_description_writes_nothing(app, client, make_user, texts, message):
    user = make_user("pegawai")
    login(client, user)
    response = sign(client, kind="potensi", **texts)
    assert message in response.get_data(as_text=True)
    assert declarations(app) == []


def test_unknown_kind_writes_nothing(app, client, make_user):
    login(client, make_user("pegawai"))
    assert "Pilih jenis" in sign(client, kind="lain").get_data(as_text=True)
    assert declarations(app) == []


def test_a_new_declaration_supersedes_and_keeps_history(app, client, make_user):
    user = make_user("pegawai")
    login(client, user)
    sign(client)
    sign(client, kind="potensi", matter="Seleksi PPS", parties="Sepupu", duty="Penilaian berkas")
    first, second = declarations(app, user.email)
    assert (first.current, first.superseded_at is not None, first.version) == (False, True, 1)
    assert (second.current, second.kind, second.version) == (True, "potensi", 2)
    page = client.get(f"{BASE}/pernyataan/{first.id}").get_data(as_text=True)
    assert "sudah digantikan" in page
    assert "Surat Pernyataan Potensi Benturan Kepentingan" in client.get(
        f"{BASE}/pernyataan/{second.id}").get_data(as_text=True)


def test_pegawai_sees_only_their_own(app, client, make_user):
    other = make_user("pegawai", name="Pegawai Lain")
    login(client, other)
    sign(client)
    [theirs] = declarations(app, other.email)
    me = make_user("pegawai", name="Pegawai Saya")
    login(client, me)
    assert client.get(f"{BASE}/pernyataan/{theirs.id}").status_code == 403
    for path in ("/pernyataan", "/belum-menyatakan", "/belum-menyatakan.csv", "/identifikasi",
                 "/identifikasi/baru", "/kasus", "/laporan", "/laporan.xlsx", "/laporan/cetak",
                 f"/kasus/dari-pernyataan/{theirs.id}", "/kasus/dari-wbs"):
        assert client.get(BASE + path).status_code == 403, path
    index = client.get(f"{BASE}/").get_data(as_text=True)
    assert "Pernyataan saya" in index and other.name not in index


@pytest.mark.parametrize("role", ["dumas", "editor", "ppid", "atasan_ppid", "upg", "risiko"])
def test_other_roles_get_403(app, client, make_user, role):
    login(client, make_user(role))
    for path in ("/", "/pernyataan/baru", "/pernyataan", "/belum-menyatakan", "/identifikasi", "/laporan",
                 "/kasus"):
        assert client.get(BASE + path).status_code == 403, (role, path)


def test_a_reader_cannot_sign_nor_write(app, client, make_user):
    login(client, make_user("pimpinan"))
    assert client.get(f"{BASE}/pernyataan").status_code == 200
    assert client.get(f"{BASE}/pernyataan/baru").status_code == 403
    assert client.post(f"{BASE}/laporan", data={"procedure": "x"}).status_code == 403
    assert client.get(f"{BASE}/identifikasi/baru").status_code == 403


def test_anonymous_goes_to_login(client):
    response = client.get(f"{BASE}/")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_not_declared_list_and_csv(app, client, make_user):
    signed = make_user("pegawai", name="Sudah Menyatakan")
    waiting = make_user("pegawai", "dumas", name="Belum Menyatakan")
    make_user("editor", name="Bukan Pegawai")
    inactive = make_user("pegawai", name="Nonaktif Pegawai")
    with app.app_context():
        db.session.get(type(inactive), inactive.id).active = False
        db.session.commit()
    login(client, signed)
    sign(client)
    keeper = make_keeper(app, make_user)
    login(client, keeper)
    page = client.get(f"{BASE}/belum-menyatakan").get_data(as_text=True)
    assert "Belum Menyatakan" in page and "Sudah Menyatakan" not in page
    assert "Bukan Pegawai" not in page and "Nonaktif Pegawai" not in page
    assert "1 pegawai belum" in page
    csv = client.get(f"{BASE}/belum-menyatakan.csv")
    assert csv.status_code == 200 and csv.headers["Cache-Control"].startswith("private")
    lines = csv.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == "name,email,nip,jabatan,unit"
    assert len(lines) == 2 and waiting.email in lines[1]
    # another year: nobody has declared
    other_year = client.get(f"{BASE}/belum-menyatakan?tahun={clock.today().year - 1}").get_data(as_text=True)
    assert "2 pegawai belum" in other_year


def test_the_digest_reminds_the_zi_team(app, make_user):
    from portal.zi import service as zi

    load_plan(app)
    make_user("pegawai")
    keeper = make_keeper(app, make_user)
    with app.app_context():
        zi.ensure_teams(db.session)
        db.session.commit()
        on = clock.today()
        messages = zi.digest_messages(db.session, 2026, on=on, dashboard_url="https://zi.example/admin/zi")
        mine = [m for m in messages if keeper.email in m.recipients]
        assert mine and f"1 pegawai belum menandatangani pernyataan tahun {on.year}" in mine[0].body
        assert "https://zi.example/admin/benturan-kepentingan/belum-menyatakan" in mine[0].body


def test_the_not_declared_list_is_paged(app, client, make_user):
    from portal.accounts.models import User

    with app.app_context():
        for n in range(52):
            db.session.add(User(email=f"p{n:02d}@uji.example", name=f"Pegawai {n:02d}", password_hash="!x",
                                roles="pegawai", active=True, failed_logins=0, totp_failures=0,
                                session_version=1))
        db.session.commit()
    login(client, make_user("pimpinan"))
    first = client.get(f"{BASE}/belum-menyatakan").get_data(as_text=True)
    assert "52 pegawai belum" in first and first.count("@uji.example</td>") == 50
    assert "Halaman 1 dari 2" in first and "halaman=2" in first
    second = client.get(f"{BASE}/belum-menyatakan?halaman=2").get_data(as_text=True)
    assert second.count("@uji.example</td>") == 2 and "Pegawai 51" in second
    # a page past the end shows the last one
    assert "Pegawai 51" in client.get(f"{BASE}/belum-menyatakan?halaman=9").get_data(as_text=True)


def test_the_dashboard_panel_shows_to_who_has_something_here(app, client, make_user):
    pegawai = make_user("pegawai")
    login(client, pegawai)
    page = client.get("/admin/").get_data(as_text=True)
    assert 'data-panel="conflicts"' in page and f"Isi pernyataan {clock.today().year}" in page
    sign(client)
    page = client.get("/admin/").get_data(as_text=True)
    assert f"Pernyataan {clock.today().year} sudah ditandatangani" in page
    # a ZI team member without a reader role sees the figures; a DUMAS officer outside the team sees nothing
    keeper = make_keeper(app, make_user)
    login(client, keeper)
    page = client.get("/admin/").get_data(as_text=True)
    assert 'data-panel="conflicts"' in page and "Belum menyatakan: 0 dari 1" in page
    login(client, make_user("dumas"))
    assert 'data-panel="conflicts"' not in client.get("/admin/").get_data(as_text=True)
