"""PPID demo data for `flask demo-data`: a PPID officer account, a dozen DIP entries in the three categories
(one berkala entry past its six-month update) and three exempted items."""
from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.accounts import service as accounts
from portal.core import attachments
from portal.core.clock import today
from portal.ppid import service as ppid
from portal.ppid.models import DipEntry

OFFICER_EMAIL = "ppid@demo.example"
SITE = "https://kab-kebumen.kpu.go.id"
HOLDER = "Sekretariat KPU Kabupaten Kebumen"
RESPONSIBLE = "Sekretaris KPU Kabupaten Kebumen"

# (category, title, summary, holder, formats, retention, months since the last update)
DIP = [
    ("berkala", "Profil KPU Kabupaten Kebumen",
     "Kedudukan, tugas, fungsi, struktur organisasi dan alamat kantor.",
     HOLDER, "Softcopy (situs web), hardcopy", "Selama berlaku", 1),
    ("berkala", "Rencana Strategis KPU Kabupaten Kebumen",
     "Visi, misi, tujuan dan sasaran strategis lima tahun.",
     "Subbagian Perencanaan, Data dan Informasi", "Softcopy (PDF)", "5 tahun", 2),
    ("berkala", "Laporan Kinerja Instansi Pemerintah (LKjIP) 2025",
     "Capaian kinerja tahun 2025 dibanding target.",
     "Subbagian Perencanaan, Data dan Informasi", "Softcopy (PDF)", "5 tahun", 3),
    ("berkala", "Daftar Isian Pelaksanaan Anggaran (DIPA) 2026",
     "Ringkasan pagu anggaran dan program tahun 2026.",
     "Subbagian Keuangan, Umum dan Logistik", "Softcopy (PDF), hardcopy", "5 tahun", 4),
    ("berkala", "Laporan Keuangan Semester I", "Laporan realisasi anggaran dan neraca semester pertama.",
     "Subbagian Keuangan, Umum dan Logistik", "Softcopy (PDF)", "10 tahun", 8),
    ("berkala", "Laporan Layanan Informasi Publik 2025",
     "Jumlah permohonan, waktu layanan dan keberatan 2025.",
     "PPID KPU Kabupaten Kebumen", "Softcopy (PDF)", "5 tahun", 2),
    ("serta_merta", "Pengumuman jadwal pemutakhiran data pemilih berkelanjutan",
     "Jadwal dan lokasi layanan pemutakhiran data pemilih yang harus segera diketahui warga.",
     "Divisi Perencanaan, Data dan Informasi", "Softcopy (situs web, media sosial)", "1 tahun", 1),
    ("serta_merta", "Informasi keadaan darurat di kantor KPU",
     "Pemberitahuan penutupan layanan sementara karena keadaan darurat dan jalur evakuasi.",
     HOLDER, "Softcopy (situs web), papan pengumuman", "1 tahun", 0),
    ("serta_merta", "Pengumuman hasil rekapitulasi suara pemilihan",
     "Salinan berita acara dan sertifikat rekapitulasi hasil penghitungan suara.",
     "Divisi Teknis Penyelenggaraan", "Softcopy (PDF), hardcopy", "Permanen", 5),
    ("setiap_saat", "Daftar peraturan dan keputusan KPU Kabupaten Kebumen",
     "Keputusan yang ditetapkan beserta dasar hukumnya.", "Subbagian Hukum dan SDM",
     "Softcopy (PDF), hardcopy",
     "Permanen", 3),
    ("setiap_saat", "Standar operasional prosedur layanan",
     "SOP layanan informasi, pengaduan dan data pemilih.",
     "PPID KPU Kabupaten Kebumen", "Softcopy (PDF)", "Selama berlaku", 6),
    ("setiap_saat", "Daftar aset dan inventaris kantor", "Daftar barang milik negara yang dikelola kantor.",
     "Subbagian Keuangan, Umum dan Logistik", "Hardcopy", "10 tahun", 2),
]

EXEMPTIONS = [
    ("Data pribadi pemilih (NIK, nomor KK) dalam daftar pemilih", "h",
     "Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi",
     "Membuka NIK dan nomor KK memungkinkan penyalahgunaan identitas dan melanggar hak atas data pribadi.",
     "Selama data pribadi tersebut tersimpan"),
    ("Dokumen pemeriksaan dugaan pelanggaran kode etik yang sedang berjalan", "a", "",
     ("Membuka dokumen sebelum putusan dapat menghambat pemeriksaan dan mengungkap identitas pelapor "
      "dan saksi."),
     "Sampai putusan berkekuatan tetap"),
    ("Memorandum internal pembahasan rancangan keputusan", "i", "",
     "Membuka rancangan sebelum ditetapkan dapat mengganggu proses pengambilan keputusan yang bebas.",
     "Sampai keputusan ditetapkan"),
]


DOCUMENT_OF = "Laporan Layanan Informasi Publik 2025"  # the demo entry with an uploaded document


def _sample_pdf() -> bytes:
    """A one-page blank PDF (the demo's uploaded document), checked and cleaned like any upload."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
    body, offsets = b"%PDF-1.4\n", []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    xref = len(body)
    body += b"xref\n0 4\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return body + b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref


def _sample_documents():
    config = current_app.config
    policy = attachments.UploadPolicy.from_config(config)
    prepared = attachments.prepare([attachments.Upload("laporan-layanan-informasi-2025.pdf", _sample_pdf())],
                                   policy)
    return prepared


def demo_sample(session: Session, password: str) -> str:
    if session.scalar(select(func.count()).select_from(DipEntry)):
        return "PPID: sudah ada Daftar Informasi Publik, contoh tidak ditambahkan"
    officer = accounts.find_by_email(session, OFFICER_EMAIL)
    if officer is None:
        officer = accounts.create_user(session, OFFICER_EMAIL, password, ["ppid"], name="Petugas PPID")
    on = today()
    for category, title, summary, holder, formats, retention, months in DIP:
        updated = ppid.months_before(on, months)
        ppid.create_dip(session, {
            "category": category, "title": title, "summary": summary, "holder": holder,
            "responsible": RESPONSIBLE, "origin": f"Kebumen, {updated.year}", "formats": formats,
            "retention": retention, "year": updated.year, "updated_on": updated,
            "link_url": f"{SITE}/ppid" if "situs web" in formats else "",
        }, officer, documents=_sample_documents() if title == DOCUMENT_OF else ())
    for title, ground, basis, consequence, period in EXEMPTIONS:
        ppid.create_exemption(session, {
            "title": title, "ground": ground, "legal_basis": basis, "consequence": consequence,
            "period": period, "decided_on": date(on.year, 1, 15),
        }, officer)
    return (f"PPID: {len(DIP)} informasi publik, {len(EXEMPTIONS)} informasi dikecualikan, "
            f"akun {OFFICER_EMAIL}")
