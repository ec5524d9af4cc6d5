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
from portal.accounts.demo import DEMO_STAFF, demo_staff
from portal.conflicts import service, workflow
from portal.conflicts.models import KIND_FREE, KIND_POTENTIAL, CoiDeclaration
from portal.core import clock

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
    users = demo_staff(session, password)
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
