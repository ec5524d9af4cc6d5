"""`flask --app portal import-staff FILE`: a good file creates `pegawai` accounts with staff profiles and
no usable password (none printed); bad lines are all reported in Indonesian and nothing is written; a second
run changes nothing; an existing account keeps its roles, gets `pegawai` and its name/profile updated."""
from __future__ import annotations

from sqlalchemy import func, select

from portal.accounts import service as accounts
from portal.accounts.models import StaffProfile, User
from portal.extensions import db

GOOD = (
    "nama,email,nip,jabatan,unit\n"
    "Siti Rahma,siti@kpu.example,198503152010012002,Kepala Subbagian,Teknis\n"
    "Budi Santoso,BUDI@kpu.example,,Staf,Umum\n"
    "Ketua KPU,ketua@kpu.example\n"
)


def _write(tmp_path, text, name="pegawai.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _users(app):
    with app.app_context():
        rows = {u.email: (u.name, u.roles, u.password_hash) for u in db.session.scalars(select(User))}
        profiles = {p.user.email: (p.nip, p.jabatan, p.unit)
                    for p in db.session.scalars(select(StaffProfile))}
        return rows, profiles


def test_good_file_creates_accounts_without_passwords(app, runner, tmp_path, caplog):
    result = runner.invoke(args=["import-staff", _write(tmp_path, GOOD)])
    assert result.exit_code == 0, result.output
    assert "3 akun baru, 0 diperbarui, 0 tidak berubah" in result.output
    assert "lupa kata sandi" in result.output and "/admin/pengguna" in result.output
    users, profiles = _users(app)
    assert set(users) == {"siti@kpu.example", "budi@kpu.example", "ketua@kpu.example"}
    assert all(roles == "pegawai" for _name, roles, _hash in users.values())
    assert profiles["siti@kpu.example"] == ("198503152010012002", "Kepala Subbagian", "Teknis")
    assert profiles["ketua@kpu.example"] == ("", "", "")
    with app.app_context():
        siti = accounts.find_by_email(db.session, "siti@kpu.example")
        assert not accounts.verify_password(siti.password_hash, "")
        assert siti.password_hash.startswith("!unusable:")
        assert siti.password_hash not in result.output and siti.password_hash not in caplog.text
    # an imported account cannot log in before an admin sets a password
    login = runner.app.test_client().post("/admin/login", data={"email": "siti@kpu.example", "password": ""})
    assert login.status_code != 302


def test_bad_lines_are_reported_and_nothing_is_written(app, runner, tmp_path):
    text = ("Siti Rahma,siti@kpu.example\n"
            "Tanpa Email,bukan-email\n"
            ",kosong@kpu.example\n"
            "Ganda,SITI@kpu.example\n"
            "NIP Huruf,nip@kpu.example,ABC\n"
            "Terlalu,banyak@kpu.example,1,2,3,4\n"
            "Satu kolom\n")
    result = runner.invoke(args=["import-staff", _write(tmp_path, text)])
    assert result.exit_code != 0
    out = result.output
    assert "Baris 2: Alamat e-mail tidak valid." in out
    assert "Baris 3: Nama wajib diisi." in out
    assert "Baris 4: E-mail ganda: sudah ada di baris 1." in out
    assert "Baris 5: NIP hanya berisi angka." in out
    assert "Baris 6: Kolom terlalu banyak" in out
    assert "Baris 7: Kolom kurang" in out
    assert "6 baris salah" in out
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_import_is_idempotent_and_keeps_existing_roles(app, runner, tmp_path, make_user):
    existing = make_user("dumas", email="ketua@kpu.example", name="Nama Lama")
    path = _write(tmp_path, GOOD)
    first = runner.invoke(args=["import-staff", path])
    assert "2 akun baru, 1 diperbarui, 0 tidak berubah" in first.output, first.output
    users, _profiles = _users(app)
    name, roles, password_hash = users["ketua@kpu.example"]
    assert (name, roles) == ("Ketua KPU", "dumas pegawai")
    with app.app_context():
        assert accounts.verify_password(password_hash, "rahasia-uji-123")  # the password is kept
    before = _users(app)
    second = runner.invoke(args=["import-staff", path])
    assert "0 akun baru, 0 diperbarui, 3 tidak berubah" in second.output, second.output
    assert "lupa kata sandi" not in second.output
    assert _users(app) == before
    assert existing.id
    # a changed profile line updates only that account
    third = runner.invoke(args=["import-staff", _write(tmp_path, GOOD.replace("Staf,Umum", "Staf,Logistik"),
                                                       "ubah.csv")])
    assert "0 akun baru, 1 diperbarui, 2 tidak berubah" in third.output
    assert _users(app)[1]["budi@kpu.example"] == ("", "Staf", "Logistik")


def test_semicolon_and_bom(app, runner, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffNama;E-mail\nDewi;dewi@kpu.example\n".encode())
    result = runner.invoke(args=["import-staff", str(path)])
    assert "1 akun baru" in result.output, result.output
    assert set(_users(app)[0]) == {"dewi@kpu.example"}


def test_empty_file(app, runner, tmp_path):
    result = runner.invoke(args=["import-staff", _write(tmp_path, "nama,email\n")])
    assert result.exit_code != 0 and "Berkas kosong" in result.output



def test_the_admin_sees_the_imported_profile_and_sets_the_first_password(app, runner, tmp_path, client,
                                                                          login_as):
    runner.invoke(args=["import-staff", _write(tmp_path, GOOD)])
    login_as("admin")
    with app.app_context():
        siti = accounts.find_by_email(db.session, "siti@kpu.example")
    page = client.get(f"/admin/pengguna/{siti.id}").get_data(as_text=True)
    assert "198503152010012002" in page and "Kepala Subbagian" in page
    saved = client.post(f"/admin/pengguna/{siti.id}", data={
        "name": "Siti Rahma", "roles": ["pegawai"], "active": "y", "password": "sandi-awal-siti-2026"})
    assert saved.status_code == 302, saved.get_data(as_text=True)[:500]
    client.post("/admin/logout")
    assert client.post("/admin/login", data={"email": "siti@kpu.example",
                                             "password": "sandi-awal-siti-2026"}).status_code == 302
