"""PPID demo data for `flask demo-data`: a PPID officer account, a dozen DIP entries in the three categories
(one berkala entry past its six-month update) and three exempted items; then a year of information requests
in every state, with their released files, objections and disputes at the Komisi Informasi.

The requests go through the real functions (intake.allocate_number + hash_access_code,
workflow.set_initial_deadline and workflow.transition with the officer as actor and `at=` moments in the
past, so days_to_answer and answered_on_time follow the same rules as live requests); objections are rows
with answer_due from portal/core/workdays.due_date. Deterministic (fixed random seed) apart from the access
codes; each part does nothing when its rows already exist, so running demo-data twice adds nothing."""
from __future__ import annotations

import io
import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import current_app
from PIL import Image, ImageDraw
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.accounts import service as accounts
from portal.core import attachments
from portal.core.clock import local_date, local_moment, today, utcnow
from portal.core.workdays import add_working_days, due_date, holidays_between, is_working_day
from portal.ppid import intake, workflow
from portal.ppid import service as ppid
from portal.ppid.models import (
    FILE_IDENTITY,
    FILE_RELEASED,
    STATUS_ACTIVE,
    DipEntry,
    Exemption,
    InfoRequest,
    InfoRequestEvent,
    InfoRequestFile,
    Objection,
)
from portal.ppid.workflow import Deadlines

OFFICER_EMAIL = "ppid@demo.example"
# The atasan PPID who answers objections; also in portal/accounts/demo.py DEMO_USERS (the demo staff).
SUPERIOR_EMAIL = "atasan.ppid@demo.example"
SUPERIOR_NAME = "Atasan PPID"
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
    """The DIP and the exemptions (unless a DIP exists), then a year of requests (unless requests exist)."""
    has_dip = bool(session.scalar(select(func.count()).select_from(DipEntry)))
    has_requests = bool(session.scalar(select(func.count()).select_from(InfoRequest)))
    if has_dip and has_requests:
        return "PPID: sudah ada Daftar Informasi Publik dan permohonan informasi, contoh tidak ditambahkan"
    officer = accounts.find_by_email(session, OFFICER_EMAIL)
    if officer is None:
        officer = accounts.create_user(session, OFFICER_EMAIL, password, ["ppid"], name="Petugas PPID")
    parts = ["sudah ada Daftar Informasi Publik, contoh DIP tidak ditambahkan" if has_dip
             else _dip_sample(session, officer)]
    if has_requests:
        parts.append("sudah ada permohonan informasi, contoh permohonan tidak ditambahkan")
    else:
        superior = accounts.find_by_email(session, SUPERIOR_EMAIL)
        if superior is None:
            superior = accounts.create_user(session, SUPERIOR_EMAIL, password, ["atasan_ppid"],
                                            name=SUPERIOR_NAME)
        parts.append(_request_sample(session, officer, superior))
    return "PPID: " + "; ".join(parts)


def _dip_sample(session: Session, officer) -> str:
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
    return (f"{len(DIP)} informasi publik, {len(EXEMPTIONS)} informasi dikecualikan, "
            f"akun {OFFICER_EMAIL}")


# --- information requests ------------------------------------------------------------------------------

SEED = 2026_13
RANDOM_COUNT = 84  # besides the dozen open (and one recent) requests placed around today
MIN_WINDOW_DAYS = 120  # before May the year so far is too short: the last 365 days are used instead

CHANNEL_WEIGHTS = {"website": 50, "email": 18, "surat": 14, "datang": 18}
# How each channel's applicants mostly want the information (DELIVERY_METHODS).
DELIVERY_WEIGHTS = {
    "website": {"unduh": 5, "email": 3, "lihat": 1, "salinan": 1},
    "email": {"email": 6, "unduh": 2, "salinan": 1},
    "surat": {"salinan": 4, "email": 3, "unduh": 1, "lihat": 1},
    "datang": {"lihat": 4, "salinan": 4, "email": 1},
}
# The random part's decisions (RANDOM_COUNT in all).
DECISION_COUNTS = {"dikabulkan": 44, "dikabulkan_sebagian": 16, "ditolak": 13, "tidak_dikuasai": 11}
# Which decisions each kind of topic gets, and the Pasal 17 ground it is refused / blacked out on.
KIND_DECISIONS = {
    "open": ("dikabulkan",), "map": ("dikabulkan",), "personal": ("dikabulkan_sebagian", "ditolak"),
    "internal": ("dikabulkan_sebagian", "ditolak"), "ethics": ("ditolak",), "elsewhere": ("tidak_dikuasai",),
}
KIND_GROUND = {"personal": "h", "internal": "i", "ethics": "a"}

PERSONS = [
    "Siti Rahmawati", "Budi Santoso", "Agus Prasetyo", "Dwi Lestari", "Slamet Riyadi", "Rina Kurniasari",
    "Teguh Wibowo", "Nur Hidayah", "Eko Purnomo", "Sri Wahyuni", "Joko Susilo", "Fitri Handayani",
    "Bambang Hermawan", "Ani Suryani", "Rudi Hartono", "Yuliana Pertiwi", "Ahmad Fauzi", "Wahyu Nugroho",
]
OCCUPATIONS = ["Mahasiswa", "Guru", "Wiraswasta", "Jurnalis", "Peneliti", "Karyawan swasta", "Petani", ""]
# (name, representative, occupation of the body)
BODIES = [
    ("Perkumpulan Pemantau Pemilu Kebumen", "Hendra Kusuma", "Lembaga pemantau pemilu"),
    ("Lembaga Bantuan Hukum Kebumen Berdaya", "Ratna Dewi", "Lembaga bantuan hukum"),
    ("Yayasan Jurnalis Muda Kebumen", "Lilis Maryati", "Yayasan"),
    ("Lembaga Kajian Demokrasi Banyumas", "Sutrisno", "Lembaga penelitian"),
]
ADDRESSES = [
    "Jl. Pemuda No. 12, Kebumen", "Desa Karanggayam RT 02/RW 01, Kec. Karanggayam",
    "Jl. Kaswari No. 5, Gombong", "Desa Ayah RT 01/RW 03, Kec. Ayah", "Jl. Kolopaking No. 40, Kebumen",
    "Kelurahan Panggel, Kec. Kebumen",
]


@dataclass(frozen=True)
class _Topic:
    kind: str  # KIND_DECISIONS
    information: str
    purpose: str
    file_name: str = ""  # the released document (a redacted copy when granted in part)
    redaction: str = ""  # granted in part: what is blacked out and why
    holding_body: str = ""  # not held: who holds it


TOPICS = [
    _Topic("open",
           ("Salinan Keputusan KPU Kabupaten Kebumen tentang penetapan hasil pemilihan 2024 beserta "
            "lampirannya."),
           "Bahan penulisan skripsi tentang partisipasi pemilih di Kabupaten Kebumen.",
           "keputusan-penetapan-hasil-2024.pdf"),
    _Topic("open",
           "Rekapitulasi jumlah pemilih tetap per kecamatan pada pemilihan terakhir (tanpa data pribadi).",
           "Penelitian lembaga pemantau tentang akurasi daftar pemilih.", "rekap-dpt-per-kecamatan.pdf"),
    _Topic("open", "Laporan realisasi anggaran hibah pemilihan tahun anggaran 2024.",
           "Kajian transparansi anggaran oleh organisasi masyarakat sipil.",
           "realisasi-anggaran-hibah-2024.pdf"),
    _Topic("open", "Daftar anggota PPK dan PPS yang dilantik beserta wilayah tugasnya.",
           "Liputan media lokal tentang rekrutmen badan ad hoc.", "daftar-anggota-ppk-pps.pdf"),
    _Topic("open", "Jadwal dan materi sosialisasi pendidikan pemilih untuk sekolah menengah tahun 2026.",
           "Perencanaan kegiatan OSIS dan guru PPKn.", "materi-sosialisasi-pemilih-pemula.pdf"),
    _Topic("open",
           "Salinan berita acara rapat pleno rekapitulasi hasil penghitungan suara tingkat kabupaten.",
           "Arsip organisasi dan bahan evaluasi saksi.", "berita-acara-rekapitulasi.pdf"),
    _Topic("map", "Peta pembagian daerah pemilihan (dapil) DPRD Kabupaten Kebumen.",
           "Bahan ajar mata kuliah geografi politik.", "peta-dapil-dprd-kebumen.png"),
    _Topic("map", "Infografis tingkat partisipasi pemilih per kecamatan.", "Materi diskusi karang taruna.",
           "infografis-partisipasi-pemilih.png"),
    _Topic("personal", "Salinan daftar pemilih tetap Desa Karanggayam lengkap dengan NIK dan nomor KK.",
           "Memeriksa anggota keluarga yang belum terdaftar sebagai pemilih.",
           "dpt-desa-karanggayam-disamarkan.pdf",
           redaction=("Kolom NIK dan nomor KK dihitamkan: data pribadi pemilih (Pasal 17 huruf h); nama, "
                      "jenis kelamin, usia dan alamat TPS diberikan.")),
    _Topic("personal", "Data pribadi dan alamat lengkap anggota KPPS di Kecamatan Gombong.",
           "Undangan kegiatan alumni penyelenggara pemilu.", "daftar-kpps-gombong-disamarkan.pdf",
           redaction=("Alamat rumah, NIK dan nomor telepon anggota KPPS dihitamkan (Pasal 17 huruf h); nama "
                      "dan TPS tempat bertugas diberikan.")),
    _Topic("internal",
           "Notulen dan memorandum internal rapat pembahasan rancangan keputusan penetapan lokasi TPS.",
           "Mengetahui alasan pemindahan TPS di desa kami.", "ringkasan-rapat-penetapan-tps.pdf",
           redaction=("Bagian memorandum yang memuat pertimbangan atas rancangan keputusan yang belum "
                      "ditetapkan dihitamkan (Pasal 17 huruf i); daftar hadir dan keputusan rapat "
                      "diberikan.")),
    _Topic("internal", "Telaah staf dan disposisi pimpinan atas usulan pengadaan logistik 2026.",
           "Kajian tata kelola pengadaan barang dan jasa.", "telaah-pengadaan-logistik-disamarkan.pdf",
           redaction=("Catatan pertimbangan pimpinan yang masih dibahas dihitamkan (Pasal 17 huruf i); "
                      "rincian kebutuhan dan anggaran diberikan.")),
    _Topic("ethics",
           "Berkas pemeriksaan dugaan pelanggaran kode etik anggota PPS Desa Ayah yang sedang berjalan.",
           "Memantau tindak lanjut laporan yang kami sampaikan."),
    _Topic("elsewhere", "Data jumlah penduduk per desa menurut kelompok umur tahun 2026.",
           "Perencanaan program posyandu lansia.",
           holding_body="Dinas Kependudukan dan Pencatatan Sipil Kabupaten Kebumen"),
    _Topic("elsewhere", "Laporan hasil pengawasan tahapan pemutakhiran data pemilih.",
           "Bahan advokasi hak pilih penyandang disabilitas.", holding_body="Bawaslu Kabupaten Kebumen"),
    _Topic("elsewhere",
           ("Rekapitulasi hasil pemilihan umum presiden tingkat nasional per provinsi dalam format "
            "spreadsheet."),
           "Analisis data untuk tugas akhir.", holding_body="Komisi Pemilihan Umum Republik Indonesia"),
]

EXTENSION_REASONS = [
    ("Informasi yang diminta tersebar di beberapa subbagian dan perlu dihimpun serta diuji "
     "konsekuensinya sebelum diberikan."),
    "Dokumen yang diminta berjumlah banyak dan sebagian masih berupa arsip cetak yang perlu dipindai.",
    "Sebagian informasi memuat data pribadi sehingga perlu diuji konsekuensi dan dihitamkan lebih dahulu.",
]
DELIVERY_NOTES = {
    "lihat": ("Informasi dapat dilihat dan dibaca langsung di ruang layanan PPID pada jam layanan, paling "
              "lambat lima hari kerja setelah pemberitahuan ini."),
    "email": "Salinan elektronik dikirim ke alamat e-mail pemohon pada hari pemberitahuan ini.",
    "unduh": "Dokumen dapat diunduh dari halaman lacak permohonan dengan nomor dan kode akses.",
    "salinan": ("Salinan cetak dapat diambil di loket PPID pada jam layanan dengan menunjukkan nomor "
                "permohonan."),
}
ANSWER_FORMATS = {"lihat": "Hardcopy (dilihat di tempat)", "email": "Softcopy melalui e-mail",
                  "unduh": "Softcopy (unduhan)", "salinan": "Hardcopy (fotokopi)"}
COPY_COST_PER_PAGE = 200  # Rupiah
INTERNAL_NOTES = [
    "Koordinasi dengan Subbagian Perencanaan, Data dan Informasi untuk menghimpun dokumen.",
    "Dokumen diminta dari arsip Subbagian Hukum dan SDM.",
    "Dibahas dalam rapat koordinasi PPID mingguan.",
]
RIGHT_TO_OBJECT = ("Apabila tidak puas dengan keputusan ini, pemohon dapat mengajukan keberatan kepada "
                   "atasan PPID paling lambat 30 hari kerja setelah pemberitahuan ini diterima.")

# Objections: the applicant's account (kasus posisi) per Pasal 35 ground.
OBJECTION_REASONS = {
    "a": ("Menurut kami informasi yang diminta tidak termasuk informasi yang dikecualikan karena sudah "
          "pernah diumumkan dan tidak ada lagi kepentingan yang dilindungi."),
    "c": ("Sudah lewat sepuluh hari kerja sejak permohonan kami ajukan, tetapi belum ada pemberitahuan "
          "tertulis dari PPID."),
    "d": ("Dokumen yang diberikan bukan dokumen yang kami minta; kami meminta data per kecamatan, bukan "
          "ringkasan kabupaten."),
    "f": "Biaya salinan yang dikenakan melebihi biaya fotokopi yang wajar dan tidak dijelaskan rinciannya.",
    "g": "Pemberitahuan tertulis kami terima melewati jangka waktu yang ditentukan undang-undang.",
}
# The atasan PPID's answer per (ground, outcome); a rejection states its reasons (Pasal 36 ayat 3).
OBJECTION_ANSWERS = {
    ("a", "diterima"): ("Keberatan diterima. Setelah uji konsekuensi ulang, bagian yang sudah diumumkan "
                        "tidak lagi dikecualikan; PPID diperintahkan memberikan informasi tersebut dalam "
                        "lima hari kerja."),
    ("a", "ditolak"): ("Keberatan ditolak. Atasan PPID menguatkan keputusan PPID: informasi tersebut "
                       "tercantum dalam Daftar Informasi yang Dikecualikan dan uji konsekuensinya masih "
                       "berlaku, karena membukanya menimbulkan akibat yang dilindungi Pasal 17."),
    ("d", "diterima"): ("Keberatan diterima. PPID diperintahkan memberikan data per kecamatan sesuai "
                        "permohonan."),
    ("d", "ditolak"): ("Keberatan ditolak. Data per kecamatan tidak dibuat oleh KPU Kabupaten Kebumen; yang "
                       "dikuasai dan telah diberikan adalah rekapitulasi tingkat kabupaten."),
    ("f", "diterima"): ("Keberatan diterima. Biaya salinan dihitung ulang sesuai biaya fotokopi yang berlaku "
                        "dan kelebihan pembayaran dikembalikan."),
    ("f", "ditolak"): ("Keberatan ditolak. Biaya yang dikenakan hanya biaya fotokopi Rp200 per lembar sesuai "
                       "standar layanan, dan rinciannya tercantum dalam pemberitahuan tertulis."),
    ("g", "diterima"): ("Keberatan diterima. Keterlambatan diakui; PPID diminta memperbaiki pemantauan "
                        "jangka waktu layanan."),
    ("g", "ditolak"): ("Keberatan ditolak. Pemberitahuan telah dikirim dalam jangka waktu, dihitung dengan "
                       "hari kerja dan hari libur nasional yang berlaku."),
    ("c", "diterima"): "Keberatan diterima. PPID diperintahkan segera menyampaikan pemberitahuan tertulis.",
    ("c", "ditolak"): ("Keberatan ditolak. Pemberitahuan tertulis telah disampaikan sebelum keberatan "
                       "diajukan."),
}
# Disputes at the Komisi Informasi Provinsi Jawa Tengah, (result, note), for the first rejected objections.
DISPUTES = [
    ("mediasi", ("Sengketa selesai melalui mediasi: para pihak sepakat informasi diberikan dengan data "
                 "pribadi dihitamkan.")),
    ("ditolak", "Majelis Komisioner menolak permohonan penyelesaian sengketa dan menguatkan keputusan PPID."),
]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


@dataclass
class _Plan:
    """One request to build: when it came, what it asks, and how far it has gone by today."""

    received: datetime
    topic: _Topic
    channel: str
    delivery: str
    applicant_type: str
    identity: bool
    outcome: str  # "diterima", "diperpanjang" (still open) or one of workflow.DECISIONS
    extend_after: int | None = None  # working days after receipt
    decide_after: int | None = None
    objection: str = ""  # an objection's Pasal 35 ground, or "" (none)
    sample: bool = False  # the one printed for /ppid/lacak


@dataclass
class _Days:
    """Working-day arithmetic on the office's holidays, and office-hour moments never later than `now`."""

    now: datetime
    today: date
    holidays: set[date]
    rng: random.Random

    def back(self, working_days: int) -> date:
        """The working day `working_days` before today (0: today, or the last working day before it)."""
        day = self.today
        while not is_working_day(day, self.holidays):
            day -= timedelta(days=1)
        while working_days > 0:
            day -= timedelta(days=1)
            if is_working_day(day, self.holidays):
                working_days -= 1
        return day

    def after(self, day: date, working_days: int) -> date:
        return add_working_days(day, working_days, self.holidays)

    def between(self, start: date, end: date) -> int:
        return sum(1 for n in range(1, (end - start).days + 1)
                   if is_working_day(start + timedelta(days=n), self.holidays))

    def at(self, day: date, earliest: datetime | None = None) -> datetime:
        moment = local_moment(day, time(self.rng.randint(8, 15), self.rng.randint(0, 59)))
        if earliest is not None and moment <= earliest:
            moment = earliest + timedelta(minutes=self.rng.randint(20, 90))
        return min(moment, self.now - timedelta(minutes=5))


def _request_sample(session: Session, officer, superior) -> str:
    exemptions = {e.ground: e for e in session.scalars(
        select(Exemption).where(Exemption.status == STATUS_ACTIVE).order_by(Exemption.id))}
    if not exemptions:
        return "belum ada Daftar Informasi yang Dikecualikan, contoh permohonan dilewati"
    deadlines = Deadlines.from_config(current_app.config)
    rng = random.Random(SEED)
    now = utcnow()
    on = local_date(now)
    start = date(on.year, 1, 2) if (on - date(on.year, 1, 2)).days >= MIN_WINDOW_DAYS else on - timedelta(365)
    holidays = holidays_between(session, start - timedelta(days=10), on + timedelta(days=120))
    days = _Days(now, on, holidays, rng)

    plans = sorted(_fixed_plans(days, deadlines) + _random_plans(days, deadlines, start),
                   key=lambda plan: plan.received)
    files = _Files()
    counts: Counter[str] = Counter()
    objections: list[Objection] = []
    sample = ("", "")
    key = intake.secret_key(current_app.config)
    for plan in plans:
        request, code = _create(session, plan, officer, deadlines, days, files, key)
        _advance(session, request, plan, officer, deadlines, days, files, exemptions)
        if plan.objection:
            objection = _object(session, request, plan.objection, deadlines, days)
            if objection is not None:
                objections.append(objection)
        counts[request.status] += 1
        if plan.sample or not sample[0]:  # the planned sample (the first request until it comes)
            sample = (request.number, code)
    _answer_objections(session, objections, superior, deadlines, days)
    disputes = _disputes(objections, deadlines, days)
    session.flush()

    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    answered = Counter(o.outcome for o in objections if o.status == "dijawab")
    return (f"{len(plans)} permohonan informasi contoh ({summary}), {len(objections)} keberatan "
            f"({answered['diterima']} diterima, {answered['ditolak']} ditolak, "
            f"{len(objections) - sum(answered.values())} belum dijawab), {disputes} sengketa di Komisi "
            f"Informasi, akun {SUPERIOR_EMAIL}; "
            f"coba /ppid/lacak dengan {sample[0]} dan kode akses {sample[1]}")


def _fixed_plans(days: _Days, deadlines: Deadlines) -> list[_Plan]:
    """The open requests around today, one per clock situation, and one recent partial grant (the printed
    sample): inside the deadline, nearly due, overdue (one with an objection that it was not answered),
    extended (far, nearly due, overdue). Channels, delivery methods and applicant types take turns."""
    notice, extension = deadlines.notice, deadlines.extension
    open_topics = [t for t in TOPICS if t.kind in ("open", "map", "personal", "internal")]
    # (working days back, outcome, extended after, objection)
    situations = [
        (0, "diterima", None, ""), (1, "diterima", None, ""), (3, "diterima", None, ""),
        (5, "diterima", None, ""),
        (notice - 1, "diterima", None, ""), (notice, "diterima", None, ""),  # nearly due (tomorrow, today)
        (notice + 3, "diterima", None, ""),  # overdue
        (notice + 5, "diterima", None, "c"),  # overdue, and the applicant objected
        (6, "diperpanjang", min(5, notice), ""),
        (notice + extension - 2, "diperpanjang", notice - 2, ""),  # extended, nearly due
        (notice + extension + 3, "diperpanjang", notice - 1, ""),  # extended and overdue
    ]
    channels = list(CHANNEL_WEIGHTS)
    deliveries = ("unduh", "email", "salinan", "lihat")
    plans = []
    for index, (back, outcome, extend_after, objection) in enumerate(situations):
        plans.append(_Plan(
            received=days.at(days.back(back)), topic=open_topics[index % len(open_topics)],
            channel=channels[index % len(channels)], delivery=deliveries[(index // 2) % len(deliveries)],
            applicant_type="badan_hukum" if index % 3 == 1 else "perorangan", identity=index % 2 == 0,
            outcome=outcome, extend_after=extend_after, objection=objection))
    personal = next(t for t in TOPICS if t.kind == "personal")
    plans.append(_Plan(received=days.at(days.back(7)), topic=personal, channel="website", delivery="unduh",
                       applicant_type="perorangan", identity=True, outcome="dikabulkan_sebagian",
                       decide_after=4, sample=True))
    return plans


def _random_plans(days: _Days, deadlines: Deadlines, start: date) -> list[_Plan]:
    """RANDOM_COUNT decided requests over the year, each decision with a topic that fits it; some extended
    first, a few answered late; objections where an applicant would object."""
    rng = days.rng
    last = days.back(3)
    working = [start + timedelta(days=n) for n in range((last - start).days + 1)
               if is_working_day(start + timedelta(days=n), days.holidays)]
    decisions = [d for d, n in DECISION_COUNTS.items() for _ in range(n)]
    rng.shuffle(decisions)
    channels, channel_weights = zip(*CHANNEL_WEIGHTS.items(), strict=True)
    plans = []
    for decision in decisions:
        topic = rng.choice([t for t in TOPICS if decision in KIND_DECISIONS[t.kind]])
        channel = rng.choices(channels, weights=channel_weights)[0]
        methods, weights = zip(*DELIVERY_WEIGHTS[channel].items(), strict=True)
        day = rng.choice(working)
        available = days.between(day, days.today)
        extend_after, late = None, rng.random() < 0.08
        if rng.random() < 0.2:
            extend_after = rng.randint(4, deadlines.notice)
            limit = deadlines.notice + deadlines.extension
            decide_after = limit + rng.randint(1, 3) if late else rng.randint(extend_after + 1, limit)
        else:
            decide_after = (deadlines.notice + rng.randint(1, 4) if late
                            else rng.choice((2, 3, 4, 5, 5, 6, 7, 8, 9, deadlines.notice)))
        decide_after = max(1, min(decide_after, available))
        if extend_after is not None and extend_after >= decide_after:
            extend_after = decide_after - 1 or None
        objection = _objection_ground(decision, topic, channel, late and decide_after > deadlines.notice, rng)
        plans.append(_Plan(
            received=days.at(day), topic=topic, channel=channel, delivery=rng.choices(methods, weights)[0],
            applicant_type="badan_hukum" if rng.random() < 0.25 else "perorangan",
            identity=channel == "website" and rng.random() < 0.5, outcome=decision, extend_after=extend_after,
            decide_after=decide_after, objection=objection))
    return plans


def _objection_ground(decision: str, topic: _Topic, channel: str, late: bool, rng: random.Random) -> str:
    draw = rng.random()
    if decision == "ditolak" and draw < 0.5 or decision == "dikabulkan_sebagian" and draw < 0.3:
        return "a"
    if late and draw < 0.6:
        return "g"
    if decision == "dikabulkan" and topic.kind == "open" and draw < 0.05:
        return "d"
    if decision == "dikabulkan" and channel in ("surat", "datang") and draw < 0.1:
        return "f"
    return ""


class _Files:
    """The demo's files, each checked and cleaned once like any upload (portal/core/attachments.py)."""

    def __init__(self) -> None:
        self._prepared: dict[str, attachments.PreparedFile] = {}

    def get(self, name: str) -> attachments.PreparedFile:
        if name not in self._prepared:
            data = _sample_png(len(self._prepared)) if name.endswith(".png") else _sample_pdf()
            policy = attachments.UploadPolicy.from_config(current_app.config)
            [self._prepared[name]] = attachments.prepare([attachments.Upload(name, data)], policy)
        return self._prepared[name]

    def attach(self, request: InfoRequest, kind: str, name: str, at: datetime) -> None:
        item = self.get(name)
        request.files.append(InfoRequestFile(
            kind=kind, original_name=item.display_name, content_type=item.content_type, size=item.size,
            sha256=item.sha256, data=item.data, uploaded_at=at))


def _sample_png(variant: int) -> bytes:
    """A tiny picture (a card for the identity scans, a chart for the released images)."""
    colours = [(41, 98, 160), (190, 70, 50), (60, 140, 90), (120, 90, 160)]
    image = Image.new("RGB", (96, 60), (245, 245, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((4, 4, 91, 55), outline=colours[variant % len(colours)], width=3)
    for n in range(4):
        draw.rectangle((14 + n * 18, 48 - (n + 1) * 8, 24 + n * 18, 48), fill=colours[(variant + n) % 4])
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _create(session: Session, plan: _Plan, officer, deadlines: Deadlines, days: _Days, files: _Files,
            key: str | bytes) -> tuple[InfoRequest, str]:
    rng = days.rng
    year = local_date(plan.received).year
    seq, number = intake.allocate_number(session, year)
    code = intake.new_access_code()
    if plan.applicant_type == "badan_hukum":
        name, representative, occupation = rng.choice(BODIES)
        identity_number = (f"AHU-{rng.randint(1000, 9999)}.AH.01.{rng.randint(1, 12):02d}."
                           f"{rng.randint(2015, 2024)}")
        login = "sekretariat." + name.split()[-1].lower()
    else:
        name, representative, occupation = rng.choice(PERSONS), "", rng.choice(OCCUPATIONS)
        identity_number = f"3305{rng.randint(10, 26):02d}{rng.randint(10**9, 10**10 - 1)}"
        login = name.lower().replace(" ", ".")
    by_staff = plan.channel != "website"
    email = f"{login}@contoh.id" if plan.channel in ("website", "email") or plan.delivery == "email" \
        or rng.random() < 0.4 else ""
    request = InfoRequest(
        number=number, year=year, seq=seq, access_code_hash=intake.hash_access_code(key, number, code),
        channel=plan.channel, applicant_type=plan.applicant_type, applicant_name=name,
        identity_number=identity_number, representative=representative, address=rng.choice(ADDRESSES),
        email=email, phone=f"08{rng.randint(11, 59)}{rng.randint(1000, 9999)}{rng.randint(1000, 9999)}",
        occupation=occupation, information=plan.topic.information, purpose=plan.topic.purpose,
        delivery=plan.delivery, status="diterima", received_at=plan.received,
        created_by_id=officer.id if by_staff else None,
        assigned_to_id=officer.id if local_date(plan.received) < days.today else None,
    )
    workflow.set_initial_deadline(session, request, deadlines)
    session.add(request)
    via = {"surat": "surat", "email": "e-mail", "datang": "kedatangan langsung"}.get(plan.channel)
    note = (f"Permohonan informasi diterima melalui {via} dan dicatat oleh petugas." if via
            else "Permohonan informasi diterima.")
    request.events.append(InfoRequestEvent(at=plan.received, actor_id=officer.id if by_staff else None,
                                           from_status="", to_status="diterima", public_note=note))
    if plan.identity:
        files.attach(request, FILE_IDENTITY, "akta-pendirian.png" if plan.applicant_type == "badan_hukum"
                     else "ktp-pemohon.png", plan.received)
    session.flush()
    return request, code


def _advance(session: Session, request: InfoRequest, plan: _Plan, officer, deadlines: Deadlines, days: _Days,
             files: _Files, exemptions: dict[str, Exemption]) -> None:
    """The real workflow steps, each at its moment in the past (the extension, then the written notice)."""
    rng = days.rng
    received_day = local_date(plan.received)
    last = plan.received
    if rng.random() < 0.25 and (plan.decide_after or 99) > 2 and received_day < days.today:
        note = workflow.add_note(session, request, officer, internal_note=rng.choice(INTERNAL_NOTES))
        note.at = last = days.at(days.after(received_day, 1), plan.received)
    if plan.extend_after is not None:
        at = days.at(days.after(received_day, plan.extend_after), last)
        workflow.transition(session, request, "diperpanjang", officer, deadlines, at=at,
                            reason=rng.choice(EXTENSION_REASONS))
        last = at
    if plan.decide_after is None:
        return
    at = days.at(days.after(received_day, plan.decide_after), last)
    workflow.transition(session, request, plan.outcome, officer, deadlines, at=at,
                        **_decision(plan, exemptions, rng))
    if plan.outcome in workflow.GRANTED and plan.delivery in ("email", "unduh") and plan.topic.file_name:
        files.attach(request, FILE_RELEASED, plan.topic.file_name, at)


def _decision(plan: _Plan, exemptions: dict[str, Exemption], rng: random.Random) -> dict:
    """The written notice's values for the plan's decision (Pasal 22 ayat 7)."""
    topic, outcome = plan.topic, plan.outcome
    if outcome == "tidak_dikuasai":
        return {"holding_body": topic.holding_body, "notice_text": RIGHT_TO_OBJECT,
                "reason": (f"Informasi tersebut tidak dibuat dan tidak dikuasai KPU Kabupaten Kebumen. "
                           f"Informasi berada di bawah penguasaan {topic.holding_body}; permohonan dapat "
                           f"diajukan ke PPID badan publik tersebut.")}
    exemption = exemptions.get(KIND_GROUND.get(topic.kind, ""), next(iter(exemptions.values())))
    if outcome == "ditolak":
        return {"exemption_id": exemption.id, "notice_text": RIGHT_TO_OBJECT,
                "reason": (f"Informasi yang diminta termasuk informasi yang dikecualikan "
                           f"({exemption.title}). {exemption.consequence}")}
    values = {"answer_format": ANSWER_FORMATS[plan.delivery], "delivery_note": DELIVERY_NOTES[plan.delivery]}
    if plan.delivery == "salinan" and rng.random() < 0.6:
        pages = rng.randint(10, 80)
        values.update(cost=pages * COPY_COST_PER_PAGE,
                      payment_note=f"Dibayar tunai di loket PPID saat pengambilan ({pages} lembar, "
                                   f"Rp{COPY_COST_PER_PAGE} per lembar).")
    if outcome == "dikabulkan_sebagian":
        values.update(exemption_id=exemption.id, redaction_note=topic.redaction, notice_text=RIGHT_TO_OBJECT)
    return values


def _object(session: Session, request: InfoRequest, ground: str, deadlines: Deadlines,
            days: _Days) -> Objection | None:
    """The applicant's objection a few working days after its ground arose (the notice, or for ground c the
    first working day past the deadline: filed two days later); None when that is still ahead."""
    rng = days.rng
    if ground == "c":
        arose = days.after(request.due, 1)
        filed_day = days.after(arose, 2)
    else:
        arose = local_date(request.closed_at)
        filed_day = days.after(arose, rng.randint(1, 10))
    if filed_day > days.today:
        return None
    answer_due = due_date(session, filed_day, deadlines.objection_answer)
    objection = Objection(ground=ground, reasons=OBJECTION_REASONS[ground], ground_arose_on=arose,
                          filed_at=days.at(filed_day, request.closed_at or request.received_at),
                          answer_due=answer_due, status="diajukan")
    request.objections.append(objection)
    return objection


def _answer_objections(session: Session, objections: list[Objection], superior, deadlines: Deadlines,
                       days: _Days) -> None:
    """Answered by the atasan PPID 5-25 working days after filing (now and then late), unless that is still
    ahead; the outcomes take turns (rejected first), so both occur."""
    rng = days.rng
    answered = 0
    for objection in sorted(objections, key=lambda o: o.filed_at):
        spend = rng.randint(5, 25) if rng.random() < 0.85 else deadlines.objection_answer + rng.randint(1, 4)
        day = days.after(local_date(objection.filed_at), spend)
        if day >= days.today:
            continue
        outcome = ("ditolak", "diterima")[answered % 2] if rng.random() < 0.8 else "ditolak"
        answered += 1
        objection.status = "dijawab"
        objection.outcome = outcome
        objection.answer = OBJECTION_ANSWERS[(objection.ground, outcome)]
        objection.answered_at = days.at(day, objection.filed_at)
        objection.answered_by_id = superior.id
        objection.answered_on_time = day <= objection.answer_due


def _disputes(objections: list[Objection], deadlines: Deadlines, days: _Days) -> int:
    """The first rejected objections old enough taken to the Komisi Informasi within the dispute period,
    each with a result."""
    rng = days.rng
    count = 0
    for objection in sorted(objections, key=lambda o: o.filed_at):
        if count == len(DISPUTES):
            break
        if objection.outcome != "ditolak":
            continue
        filed = days.after(local_date(objection.answered_at), rng.randint(2, deadlines.dispute))
        decided = days.after(filed, rng.randint(20, 35))
        if decided >= days.today:
            continue
        result, note = DISPUTES[count]
        count += 1
        objection.dispute_filed_on = filed
        objection.dispute_register = f"{count:03d}/REG-PSI/{ROMAN[filed.month - 1]}/{filed.year}"
        objection.dispute_result = result
        objection.dispute_decided_on = decided
        objection.dispute_note = note
    return count
