"""Demo staff accounts for `flask --app portal demo-data`: one per role, all with the password given, and
the demo employees (role `pegawai`, with a staff profile) whom the gratification and conflict-of-interest
demos have report and declare: one list, so both registers name the same people."""
from __future__ import annotations

from sqlalchemy.orm import Session

from portal.accounts import service as accounts
from portal.accounts.models import StaffProfile

DEMO_USERS = [
    ("admin@demo.example", "Admin Portal", ["admin"]),
    ("dumas@demo.example", "Petugas DUMAS", ["dumas"]),
    ("wbs@demo.example", "Tim WBS", ["wbs"]),
    ("editor@demo.example", "Editor Konten", ["editor"]),
    ("pimpinan@demo.example", "Pimpinan", ["pimpinan"]),
    ("atasan.ppid@demo.example", "Atasan PPID", ["atasan_ppid"]),
]

# (e-mail, name, NIP, jabatan, unit): pegawai@demo.example is the one the browser journey signs in as.
DEMO_STAFF = [
    ("pegawai@demo.example", "Pegawai Demo", "199001012015031001", "Pengadministrasi Umum", "Subbagian Umum"),
    ("siti.rahmawati@demo.example", "Siti Rahmawati", "198503152010012002", "Kepala Subbagian Teknis",
     "Subbagian Teknis Penyelenggaraan Pemilu"),
    ("budi.santoso@demo.example", "Budi Santoso", "198807202012121001", "Pengelola Pengadaan Barang/Jasa",
     "Subbagian Keuangan, Umum dan Logistik"),
    ("dewi.lestari@demo.example", "Dewi Lestari", "199102102019032003", "Analis SDM Aparatur",
     "Subbagian Perencanaan, Data dan Informasi"),
    ("agus.prasetyo@demo.example", "Agus Prasetyo", "198212012009011004", "Bendahara Pengeluaran",
     "Subbagian Keuangan, Umum dan Logistik"),
    ("rina.wulandari@demo.example", "Rina Wulandari", "199306062020122005", "Pranata Humas",
     "Subbagian Partisipasi Masyarakat dan SDM"),
]


def demo_staff(session: Session, password: str) -> dict[str, object]:
    """The demo employees (created when missing, given `pegawai` and a profile): e-mail -> User."""
    users = {}
    for email, name, nip, jabatan, unit in DEMO_STAFF:
        user = accounts.find_by_email(session, email)
        if user is None:
            user = accounts.create_user(session, email, password, ["pegawai"], name=name)
        elif "pegawai" not in user.role_set:
            user.roles = accounts.clean_roles([*user.roles.split(), "pegawai"])
        session.flush()
        if session.get(StaffProfile, user.id) is None:
            session.add(StaffProfile(user_id=user.id, nip=nip, jabatan=jabatan, unit=unit))
        users[email] = user
    session.flush()
    return users


def demo_accounts(session: Session, password: str) -> list[str]:
    """Create the missing demo accounts; one line per account created."""
    lines = []
    for email, name, roles in DEMO_USERS:
        if accounts.find_by_email(session, email) is None:
            accounts.create_user(session, email, password, roles, name=name)
            lines.append(f"akun demo: {email} ({' '.join(roles)})")
    return lines
