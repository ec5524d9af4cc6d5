"""SPIP risk register demo data for `flask demo-data`: the account risiko@demo.example (role `risiko`),
fifteen risks of KPU Kabupaten Kebumen's activities this year (pemutakhiran data pemilih, logistik,
pelayanan informasi, keuangan/SPJ, ...), their Kartu Kendali for triwulan I-III, and the year's Daftar Uji
with every statement answered. Through the real functions (service.create_risk, save_card,
answer_checklist_item); the moments are then set in the past (risks registered in January, each quarter's
card filled in the first days after it), so the ZI evidence of rows V.4.x has realistic dates. Does nothing
when risks of the year exist."""
from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.accounts import service as accounts
from portal.core.clock import local_moment, today
from portal.risks import service as risks
from portal.risks.models import Risk

OFFICER_EMAIL = "risiko@demo.example"
OFFICER_NAME = "Pengelola Risiko SPIP"

SEKRETARIAT = "Sekretariat"
DATA = "Subbagian Perencanaan, Data dan Informasi"
KEUANGAN = "Subbagian Keuangan, Umum dan Logistik"
TEKNIS = "Subbagian Teknis Penyelenggaraan Pemilu dan Hubungan Masyarakat"
HUKUM = "Subbagian Hukum dan Sumber Daya Manusia"

# (unit, activity, statement, cause, cause class, likelihood, impact, control, owner, due (month, day),
#  realised (month, day) or None, occurred, residual (likelihood, impact) or None)
RISKS = [
    (DATA, "Pemutakhiran data pemilih berkelanjutan",
     "Pemilih yang sudah meninggal atau pindah domisili masih tercatat dalam daftar pemilih.",
     "Laporan kematian dan perpindahan penduduk dari desa terlambat diterima.", "method", 4, 5,
     "Koordinasi bulanan dengan Disdukcapil dan pencocokan data secara berkala.", "Kasubbag Perencanaan",
     (3, 31), (3, 28), False, (2, 4)),
    (DATA, "Pemutakhiran data pemilih berkelanjutan",
     "Pemilih pemula belum terdaftar karena data ulang tahun ke-17 tidak diperbarui.",
     "Belum ada jadwal rutin penarikan data pemilih pemula.", "method", 3, 4,
     "Jadwal triwulanan penarikan data pemilih pemula dari Disdukcapil.", "Kasubbag Perencanaan",
     (6, 30), (6, 20), False, (2, 3)),
    (DATA, "Pengelolaan aplikasi data pemilih",
     "Akun aplikasi data pemilih dipakai bersama sehingga perubahan data tidak dapat ditelusuri.",
     "Kesadaran keamanan informasi operator masih rendah.", "man", 4, 5,
     "Akun perorangan untuk setiap operator dan penggantian kata sandi berkala.", "Operator Sidalih",
     (5, 31), None, False, None),
    (KEUANGAN, "Pengadaan logistik pemilihan",
     "Logistik tiba terlambat di gudang sehingga distribusi ke PPK tertunda.",
     "Penyedia tidak memenuhi jadwal dalam kontrak.", "material", 3, 5,
     "Pemantauan jadwal produksi penyedia setiap minggu dan klausul denda keterlambatan.", "PPK Logistik",
     (8, 31), (8, 25), False, (2, 4)),
    (KEUANGAN, "Pengadaan logistik pemilihan",
     "Spesifikasi barang yang diterima tidak sesuai kontrak.",
     "Pemeriksaan barang di gudang hanya dengan sampel kecil.", "method", 2, 4,
     "Pemeriksaan barang oleh tim penerima dengan daftar periksa spesifikasi.", "Tim Pemeriksa Barang",
     (8, 31), (9, 5), False, (1, 3)),
    (KEUANGAN, "Penyimpanan logistik",
     "Surat suara dan kotak suara rusak karena gudang bocor.",
     "Atap gudang sewaan belum diperbaiki.", "environment", 2, 5,
     "Perbaikan atap dan pemakaian palet serta terpal di gudang.", "Kasubbag Keuangan, Umum dan Logistik",
     (4, 30), (4, 18), False, (1, 4)),
    (KEUANGAN, "Pengelolaan keuangan dan SPJ",
     "Pertanggungjawaban keuangan (SPJ) kegiatan terlambat disampaikan melewati batas waktu.",
     "Pelaksana kegiatan belum memahami kelengkapan bukti SPJ.", "man", 4, 4,
     "Bimbingan teknis SPJ dan daftar periksa kelengkapan bukti per jenis belanja.", "Bendahara Pengeluaran",
     (6, 30), None, True, None),
    (KEUANGAN, "Pengelolaan keuangan dan SPJ",
     "Kas tunai di brankas melebihi batas dan berisiko hilang.",
     "Pembayaran masih banyak dilakukan tunai.", "money", 2, 4,
     "Pembayaran non-tunai melalui kartu kredit pemerintah dan transfer.", "Bendahara Pengeluaran",
     (3, 31), (3, 15), False, (1, 3)),
    (KEUANGAN, "Pengelolaan barang milik negara",
     "Barang milik negara tidak tercatat atau tidak ditemukan saat inventarisasi.",
     "Pencatatan mutasi barang antarruang belum tertib.", "method", 3, 3,
     "Label barang dan inventarisasi semesteran dengan berita acara.", "Pengelola BMN",
     (7, 31), (7, 30), False, (2, 2)),
    (TEKNIS, "Pelayanan informasi publik",
     "Permohonan informasi tidak dijawab dalam 10 hari kerja.",
     "Petugas PPID merangkap tugas lain saat tahapan padat.", "man", 3, 4,
     "Pencatatan permohonan di portal dengan pengingat tenggat dan petugas pengganti.", "PPID Pelaksana",
     (2, 28), (2, 20), False, (1, 4)),
    (TEKNIS, "Pelayanan informasi publik",
     "Informasi yang dikecualikan ikut terbuka saat menjawab permohonan.",
     "Uji konsekuensi belum dilakukan untuk setiap jenis dokumen.", "method", 2, 5,
     "Daftar informasi yang dikecualikan ditetapkan dan dipakai saat menjawab permohonan.", "PPID",
     (5, 31), (5, 29), False, (1, 5)),
    (TEKNIS, "Sosialisasi dan pendidikan pemilih",
     "Sosialisasi tidak menjangkau pemilih disabilitas dan pemilih di daerah terpencil.",
     "Anggaran sosialisasi terbatas dan materi belum ramah disabilitas.", "money", 3, 3,
     "Kerja sama dengan organisasi disabilitas dan materi dalam format mudah dibaca.", "Kasubbag Teknis",
     (10, 31), None, False, None),
    (HUKUM, "Penanganan pengaduan dan sengketa",
     "Pengaduan masyarakat tidak ditindaklanjuti sampai selesai.",
     "Belum ada pemantauan status pengaduan secara berkala.", "method", 2, 4,
     "Pemantauan tenggat pengaduan di portal DUMAS dan rapat evaluasi bulanan.", "Kasubbag Hukum dan SDM",
     (4, 30), (4, 10), False, (1, 3)),
    (HUKUM, "Pengelolaan sumber daya manusia",
     "Pegawai menerima gratifikasi terkait layanan tanpa melapor.",
     "Pemahaman pegawai tentang kewajiban lapor gratifikasi belum merata.", "man", 2, 5,
     "Sosialisasi UPG dan saluran lapor gratifikasi di portal.", "Kasubbag Hukum dan SDM",
     (11, 30), None, False, None),
    (SEKRETARIAT, "Pengelolaan arsip dan persuratan",
     "Server arsip digital rusak dan data surat masuk hilang.",
     "Cadangan data belum dibuat secara otomatis.", "machine", 2, 4,
     "Cadangan otomatis harian ke media terpisah dan uji pemulihan triwulanan.", "Pengelola TI",
     (9, 30), None, False, None),
]

# What was done each quarter for a risk (planned from the control, done per status).
CARD_STATUS_BY_QUARTER = {1: "terlaksana", 2: "sebagian", 3: "terlaksana"}
DONE_TEXT = {"belum": "", "terlaksana": "Dilaksanakan sesuai rencana.",
             "sebagian": "Sebagian dilaksanakan; sisanya triwulan berikutnya."}


def demo_sample(session: Session, password: str) -> str:
    on = today()
    year = on.year
    if session.scalar(select(func.count()).select_from(Risk).where(Risk.year == year)):
        return "Risiko SPIP: sudah ada risiko tahun ini, contoh tidak ditambahkan"
    officer = accounts.find_by_email(session, OFFICER_EMAIL)
    if officer is None:
        officer = accounts.create_user(session, OFFICER_EMAIL, password, ["risiko"], name=OFFICER_NAME)
    registered = local_moment(date(year, 1, 20), time(9, 0))
    cards = 0
    for n, (unit, activity, statement, cause, cause_class, lk, im, control, owner, due, realised, occurred,
            residual) in enumerate(RISKS):
        due_on = date(year, *due)
        realised_on = date(year, *realised) if realised and date(year, *realised) <= on else None
        risk = risks.create_risk(session, {
            "year": year, "code": "", "unit": unit, "activity": activity, "statement": statement,
            "cause": cause, "cause_class": cause_class, "likelihood": lk, "impact": im,
            "control_plan": control, "owner": owner, "due_on": due_on,
            "realisation": f"Sudah dilaksanakan: {control[0].lower()}{control[1:]}" if realised_on else "",
            "realised_on": realised_on, "occurred": occurred,
            "residual_likelihood": residual[0] if residual and realised_on else None,
            "residual_impact": residual[1] if residual and realised_on else None,
        }, officer)
        risk.created_at = risk.updated_at = registered + timedelta(minutes=n)
        for quarter, status in CARD_STATUS_BY_QUARTER.items():
            quarter_end = date(year, quarter * 3, 1) + timedelta(days=31)
            filled_on = quarter_end.replace(day=5)
            if filled_on > on:
                continue
            state = "belum" if (n + quarter) % 5 == 0 else status
            card = risks.save_card(session, risk, quarter, {
                "planned": f"Triwulan {quarter}: {control}",
                "done": DONE_TEXT[state],
                "status": state,
                "notes": "" if state != "belum" else "Tertunda karena tahapan padat.",
            }, officer)
            card.created_at = card.updated_at = local_moment(filled_on, time(10, n % 50))
            cards += 1
    items = [risks.add_checklist_item(session, year, text, officer) for text in risks.DEFAULT_CHECKLIST]
    answered_day = min(on, date(year, 11, 28))
    for n, item in enumerate(items):
        item.created_at = registered
        answer = "sebagian" if n in (4, 7) else "ya"
        risks.answer_checklist_item(session, item, {
            "answer": answer, "evidence": "Dokumen pendukung tersimpan di Sekretariat (arsip SPIP)."},
            officer, now=local_moment(answered_day, time(14, n)))
    return (f"Risiko SPIP: {len(RISKS)} risiko {year}, {cards} baris kartu kendali, "
            f"{len(items)} pernyataan daftar uji, akun {OFFICER_EMAIL}")
