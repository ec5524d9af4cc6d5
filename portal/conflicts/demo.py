"""Conflict-of-interest demo data for `flask demo-data`: six employee accounts (role `pegawai`, with staff
profiles), five of them with this year's declaration (two free of conflicts, three with a potential), two
rows of the identification register fed from declared potentials, and one handling case. The sixth,
`pegawai@demo.example`, has not declared (the list of who has not, and the browser journey). Does nothing
when declarations already exist."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.accounts import service as accounts
from portal.accounts.models import StaffProfile
from portal.conflicts import service, workflow
from portal.conflicts.models import KIND_FREE, KIND_POTENTIAL, CoiDeclaration
from portal.core import clock

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
POTENTIALS = {
    "budi.santoso@demo.example": (
        "Pengadaan logistik pemilihan (kotak dan bilik suara)",
        "Salah satu calon penyedia dimiliki oleh adik ipar saya",
        "Penyusunan HPS dan evaluasi penawaran"),
    "dewi.lestari@demo.example": (
        "Seleksi anggota badan ad hoc (PPK dan PPS)",
        "Sepupu saya mendaftar sebagai calon anggota PPS",
        "Penilaian berkas administrasi calon"),
    "agus.prasetyo@demo.example": (
        "Pembayaran honorarium badan ad hoc",
        "Istri saya anggota PPK di salah satu kecamatan",
        "Verifikasi dan pembayaran honorarium"),
}


def demo_sample(session: Session, password: str) -> str:
    if session.scalar(select(func.count()).select_from(CoiDeclaration)):
        return "benturan kepentingan: sudah ada pernyataan (dilewati)"
    year = clock.today().year
    users = {}
    for email, name, nip, jabatan, unit in DEMO_STAFF:
        user = accounts.find_by_email(session, email)
        if user is None:
            user = accounts.create_user(session, email, password, ["pegawai"], name=name)
        elif "pegawai" not in user.role_set:
            user.roles = accounts.clean_roles([*user.roles.split(), "pegawai"])
        if session.get(StaffProfile, user.id) is None:
            session.add(StaffProfile(user_id=user.id, nip=nip, jabatan=jabatan, unit=unit))
        users[email] = user
    session.flush()
    start = clock.utcnow() - timedelta(days=20)
    declared = {}
    for n, (email, *_rest) in enumerate(DEMO_STAFF[1:]):
        matter, parties, duty = POTENTIALS.get(email, ("", "", ""))
        declared[email] = service.sign_declaration(
            session, users[email], year=year, kind=KIND_POTENTIAL if matter else KIND_FREE, password=password,
            matter=matter, parties=parties, duty=duty, at=start + timedelta(days=n, hours=2))
    keeper = accounts.find_by_email(session, "admin@demo.example") or users["siti.rahmawati@demo.example"]
    for email in ("budi.santoso@demo.example", "dewi.lestari@demo.example"):
        values = service.prefill_from_declaration(declared[email])
        values.update(
            cause="Hubungan keluarga dengan pihak yang berkepentingan atas keputusan",
            procedure="Pegawai yang bersangkutan tidak dilibatkan dalam keputusan; tugas dialihkan oleh "
                      "atasan "
                      "langsung dan dicatat dalam berita acara",
            follow_up="Menyusun daftar periksa benturan kepentingan untuk setiap tim pengadaan dan seleksi",
            term="pendek" if email.startswith("budi") else "panjang")
        service.add_identification(session, keeper, year=year, declaration_id=declared[email].id, **values)
    case = workflow.open_from_declaration(
        session, keeper, declared["budi.santoso@demo.example"],
        summary="Potensi benturan kepentingan pada evaluasi penawaran pengadaan logistik")
    workflow.WORKFLOW.transition(session, case, "ditangani", keeper,
                                 measures="Pegawai dibebastugaskan dari Pokja evaluasi; digantikan oleh "
                                          "pegawai "
                                          "lain dengan surat tugas baru")
    return (f"benturan kepentingan: {len(users)} akun pegawai, {len(declared)} pernyataan {year}, "
            "2 baris identifikasi, 1 kasus")
