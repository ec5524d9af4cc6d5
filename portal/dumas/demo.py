"""Demo data for DUMAS (`flask --app portal demo-data`): about 60 complaints over the last six months.

Every channel and category, every status, follow-up notes (public and internal, and information added by
the reporter), a few cases past their deadline and a few close to it, so the staff inbox, the dashboard and
the live recap look like a working office. The last full month and the last full triwulan are then
published, so `/rekap` has content.

Cases go through the real workflow (`complaint_workflow.transition`, which checks every step and writes the
audit trail); only the clock is moved back afterwards: each follow-up gets the moment it would have
happened, and the deadlines, days-to-close and on-time flags are recomputed from those moments with the
same rules. Deterministic (fixed random seed), and does nothing when complaints already exist.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.accounts import service as accounts
from portal.core import numbering, periods
from portal.core.clock import local_date, local_moment
from portal.core.errors import DomainError
from portal.core.models.base import utcnow
from portal.core.workdays import add_working_days, holidays_between
from portal.dumas import publication
from portal.dumas import service as complaints
from portal.dumas import workflow as complaint_workflow
from portal.dumas.models import CHANNELS, Category, Complaint, ComplaintCounter, ComplaintFollowUp, indonesian
from portal.dumas.workflow import Deadlines
from portal.recap import service as recaps

COUNT = 60
DAYS_BACK = 182  # about six months
SEED = 20260

OFFICER_EMAIL = "dumas@demo.example"
ADMIN_EMAIL = "admin@demo.example"

# Channel weights: most complaints come by the website, hotline and WhatsApp.
CHANNEL_WEIGHTS = {"website": 34, "hotline": 12, "whatsapp": 14, "email": 10, "datang": 8, "surat": 6,
                   "medsos": 8, "lapor": 8}

NAMES = [
    "Siti Rahmawati", "Budi Santoso", "Agus Prasetyo", "Dwi Lestari", "Slamet Riyadi", "Rina Kurniasari",
    "Teguh Wibowo", "Nur Hidayah", "Eko Purnomo", "Sri Wahyuni", "Joko Susilo", "Fitri Handayani",
    "Bambang Hermawan", "Ani Suryani", "Rudi Hartono", "Yuliana Pertiwi", "Ahmad Fauzi", "Wahyu Nugroho",
    "Endang Susilowati", "Hendra Kusuma", "Lilis Maryati", "Mujiono", "Sutrisno", "Ratna Dewi",
]
PLACES = [
    "Kantor KPU Kabupaten Kebumen, loket PPID", "Kecamatan Gombong", "Desa Karanggayam, Kec. Karanggayam",
    "Kecamatan Petanahan", "Kelurahan Panggel, Kec. Kebumen", "Kecamatan Prembun", "Desa Ayah, Kec. Ayah",
    "Kecamatan Sruweng", "Gudang logistik KPU Kebumen", "Kecamatan Kutowinangun", "Kecamatan Alian", "",
]

# (category slug, subject, description) — what people in a regency actually write to the KPU office.
SAMPLES: list[tuple[str, str, str]] = [
    ("data-pemilih", "Nama orang tua yang sudah meninggal masih tercantum di daftar pemilih",
     ("Ayah saya meninggal dunia pada bulan Februari, tetapi namanya masih tercantum dalam daftar pemilih di "
     "RT kami. Akta kematian sudah kami urus di Disdukcapil. Mohon nama beliau dicoret dari daftar "
     "pemilih.")),
    ("data-pemilih", "Tidak terdaftar di cekdptonline padahal sudah berusia 17 tahun",
     ("Anak saya genap berusia 17 tahun bulan lalu dan sudah memiliki KTP elektronik, tetapi saat dicek di "
     "laman cek DPT namanya belum muncul. Bagaimana cara agar ia terdaftar sebagai pemilih pemula?")),
    ("data-pemilih", "Alamat di daftar pemilih tidak sesuai domisili baru",
     ("Saya sudah pindah domisili dari Kecamatan Pejagoan ke Kecamatan Kebumen dan KK sudah diperbarui. Di "
     "daftar pemilih saya masih tercatat di alamat lama. Mohon informasi cara memindahkan data pemilih.")),
    ("data-pemilih", "Dua nama ganda dalam satu keluarga di daftar pemilih",
     ("Dalam daftar pemilih di desa kami ada nama adik saya yang tercantum dua kali dengan NIK berbeda satu "
     "digit. Mohon dicek agar tidak terjadi data ganda.")),
    ("pelayanan", "Antrean layanan salinan dokumen terlalu lama",
     ("Saya datang pukul 08.30 untuk meminta salinan keputusan penetapan hasil, baru dilayani pukul 11.00. "
     "Tidak ada nomor antrean dan tidak ada informasi perkiraan waktu. Mohon sistem antrean diperbaiki.")),
    ("pelayanan", "Telepon kantor tidak pernah diangkat pada jam layanan",
     ("Sudah tiga hari berturut-turut saya menelepon nomor kantor pada jam kerja untuk menanyakan jadwal "
     "rekrutmen badan ad hoc, tetapi tidak pernah diangkat. Mohon disediakan petugas yang menjawab "
     "telepon.")),
    ("pelayanan", "Ruang tunggu tamu panas dan kursi kurang",
     ("Ketika mengurus surat keterangan di kantor, ruang tunggu sangat panas dan banyak tamu berdiri karena "
     "kursi tidak cukup. Mohon perhatian untuk kenyamanan pengunjung, terutama lansia.")),
    ("pelayanan", "Formulir pendaftaran badan ad hoc tidak dapat diunduh",
     ("Tautan formulir pendaftaran calon anggota PPS di laman resmi menampilkan pesan galat sejak kemarin. "
     "Batas pendaftaran tinggal beberapa hari. Mohon tautan diperbaiki atau formulir dikirim lewat "
     "WhatsApp.")),
    ("perilaku-petugas", "Petugas loket berbicara dengan nada kasar",
     ("Saat saya menanyakan kelengkapan berkas, petugas loket menjawab dengan nada tinggi dan menyuruh saya "
     "kembali besok tanpa penjelasan. Saya berharap petugas bersikap lebih sopan kepada masyarakat.")),
    ("perilaku-petugas", "Dugaan permintaan uang untuk mempercepat pengurusan surat",
     ("Seorang oknum yang mengaku petugas meminta uang Rp100.000 agar surat keterangan terdaftar sebagai "
     "pemilih bisa selesai hari itu juga. Saya tidak memberikan uang tersebut. Mohon ditindaklanjuti.")),
    ("perilaku-petugas", "Anggota PPS tidak netral di media sosial",
     ("Salah satu anggota PPS di desa kami sering membagikan unggahan dukungan kepada salah satu bakal calon "
     "di akun Facebook pribadinya. Menurut saya hal ini melanggar kode etik penyelenggara.")),
    ("pencalonan", "Syarat dukungan bakal calon perseorangan kurang jelas",
     ("Saya ingin mengetahui jumlah minimal dukungan dan sebaran kecamatan untuk bakal calon perseorangan, "
     "serta format surat pernyataan dukungan yang berlaku. Informasi di laman belum lengkap.")),
    ("pencalonan", "Nama saya dicatut sebagai pendukung bakal calon",
     ("Ketika mengecek di laman info pemilu, NIK saya tercantum sebagai pendukung bakal calon perseorangan, "
     "padahal saya tidak pernah memberikan dukungan atau fotokopi KTP. Mohon nama saya dihapus.")),
    ("logistik", "Kotak suara bekas disimpan di balai desa tanpa pengamanan",
     ("Di balai desa kami ada tumpukan kotak suara dan bilik bekas pemilu yang dibiarkan terbuka di teras. "
     "Sebagian sudah rusak terkena hujan. Mohon diambil atau disimpan dengan layak.")),
    ("logistik", "Pengembalian sisa logistik belum dijemput",
     ("Sisa surat suara rusak dan formulir dari TPS kami sudah dikemas sejak dua minggu lalu, tetapi belum "
     "dijemput petugas. Kami khawatir ada yang hilang. Mohon kepastian jadwal penjemputan.")),
    ("informasi-publik", "Permohonan salinan data rekapitulasi hasil per desa",
     ("Saya mahasiswa yang sedang menyusun skripsi. Mohon informasi cara memperoleh salinan data "
     "rekapitulasi perolehan suara per desa untuk Kabupaten Kebumen dalam format spreadsheet.")),
    ("informasi-publik", "Jadwal dan tahapan pemilihan belum diumumkan",
     ("Mohon informasi jadwal tahapan pemilihan tahun ini, terutama jadwal pemutakhiran data pemilih dan "
     "rekrutmen badan ad hoc, karena di laman resmi belum ada pengumuman terbaru.")),
    ("informasi-publik", "Permintaan dokumen anggaran hibah pemilihan",
     ("Saya dari lembaga pemantau ingin meminta ringkasan penggunaan anggaran hibah pemilihan sesuai UU "
     "Keterbukaan Informasi Publik. Ke mana permohonan ini harus diajukan?")),
    ("lainnya", "Baliho sosialisasi menutupi rambu lalu lintas",
     ("Baliho sosialisasi tahapan pemilihan di pertigaan dekat pasar menutupi rambu lalu lintas sehingga "
     "membahayakan pengendara. Mohon dipindahkan ke lokasi yang lebih aman.")),
    ("lainnya", "Honor anggota KPPS belum diterima",
     ("Saya bertugas sebagai anggota KPPS pada pemungutan suara ulang, tetapi honor belum kami terima sampai "
     "sekarang. Mohon informasi kapan honor dibayarkan dan ke mana harus menanyakan.")),
]

PUBLIC_NOTES = {
    "diverifikasi": [
        "Aduan Anda telah kami verifikasi dan diteruskan kepada petugas yang menangani.",
        "Terima kasih. Aduan telah diverifikasi; kami akan mengecek data dan menghubungi Anda bila perlu.",
    ],
    "diproses": [
        "Petugas sedang menindaklanjuti aduan ini dengan unit terkait.",
        "Kami telah berkoordinasi dengan PPK/PPS setempat untuk pengecekan lapangan.",
        "Tindak lanjut sedang berjalan; perkembangan akan kami sampaikan melalui halaman ini.",
    ],
}
ANSWERS = {
    "data-pemilih": "Data telah kami cek bersama PPS setempat dan diperbaiki dalam pemutakhiran data pemilih "
                    "berkelanjutan. Silakan cek kembali melalui laman cek DPT dalam tujuh hari.",
    "pelayanan": "Terima kasih atas masukannya. Kami telah menambah petugas pada jam sibuk, menyediakan "
                 "nomor antrean, dan menjadwalkan evaluasi layanan setiap bulan.",
    "perilaku-petugas": "Petugas yang bersangkutan telah dipanggil dan diberi pembinaan oleh atasan "
                        "langsung. Kami mengingatkan bahwa seluruh layanan KPU tidak dipungut biaya.",
    "pencalonan": "Informasi syarat dukungan telah kami lengkapi di laman resmi dan papan pengumuman. "
                  "Data dukungan atas nama Anda telah dinyatakan tidak memenuhi syarat dan dicoret.",
    "logistik": "Logistik telah dijemput dan disimpan di gudang KPU Kabupaten Kebumen sesuai prosedur.",
    "informasi-publik": "Informasi yang Anda minta telah kami kirim melalui e-mail. Permohonan informasi "
                        "berikutnya dapat diajukan melalui PPID KPU Kabupaten Kebumen.",
    "lainnya": "Aduan telah kami tindak lanjuti bersama instansi terkait. Terima kasih atas kepeduliannya.",
}
INTERNAL_NOTES = [
    "Sudah dikonfirmasi melalui telepon kepada pelapor.",
    "Koordinasi dengan Subbagian Perencanaan, Data dan Informasi.",
    "Perlu cek arsip berita acara di Subbagian Teknis.",
    "Dibahas dalam rapat koordinasi mingguan.",
]
REJECT_REASONS = [
    "Aduan tidak disertai keterangan yang cukup dan pelapor tidak dapat dihubungi untuk klarifikasi.",
    "Hal yang diadukan bukan kewenangan KPU Kabupaten Kebumen dan telah dijelaskan kepada pelapor.",
]
FORWARDS = [
    ("Bawaslu Kabupaten Kebumen",
     "Dugaan pelanggaran netralitas penyelenggara ad hoc menjadi kewenangan Bawaslu."),
    ("Inspektorat KPU RI", "Dugaan pungutan oleh oknum petugas diteruskan untuk pemeriksaan."),
    ("Dinas Kependudukan dan Pencatatan Sipil Kab. Kebumen",
     "Perbaikan data kependudukan menjadi kewenangan Disdukcapil."),
    ("Satpol PP Kabupaten Kebumen", "Penertiban alat peraga di ruang publik menjadi kewenangan Satpol PP."),
]
REPORTER_INFO = [
    "Saya tambahkan: kejadiannya hari Senin sekitar pukul 10 pagi, saksi ada dua orang.",
    "Berikut nomor RT/RW kami: RT 03 RW 02. Terima kasih atas tanggapannya.",
    "Apakah ada perkembangan? Saya belum menerima kabar sejak minggu lalu.",
]


@dataclass
class _Clock:
    """Office-hour moments on working days, never later than `now`."""

    now: datetime
    holidays: set[date]
    rng: random.Random

    def at(self, day: date) -> datetime:
        hour = self.rng.randint(8, 15)
        moment = local_moment(day, time(hour, self.rng.randint(0, 59)))
        return min(moment, self.now - timedelta(minutes=5))

    def after(self, start: datetime, working_days: int) -> datetime:
        """A moment `working_days` later; on the same day, later than `start` (by 20 minutes to 2 hours)."""
        moment = self.at(add_working_days(local_date(start), working_days, self.holidays))
        if moment <= start:
            moment = start + timedelta(minutes=self.rng.randint(20, 120))
        return moment


def demo_sample(session: Session) -> str:
    """About 60 complaints over the last six months, then the last full month and triwulan published."""
    if session.scalar(select(func.count()).select_from(Complaint)):
        return "DUMAS: sudah ada aduan, contoh tidak ditambahkan"
    officer = accounts.find_by_email(session, OFFICER_EMAIL)
    if officer is None:
        return f"DUMAS: akun {OFFICER_EMAIL} tidak ada, contoh dilewati"
    categories = {c.slug: c for c in session.scalars(select(Category).where(Category.active.is_(True)))}
    samples = [s for s in SAMPLES if s[0] in categories]
    if not samples:
        return "DUMAS: belum ada kategori aduan (jalankan `flask --app portal init`), contoh dilewati"

    config = current_app.config
    deadlines = Deadlines.from_config(config)
    rng = random.Random(SEED)
    now = utcnow()
    today = local_date(now)
    holidays = holidays_between(session, today - timedelta(days=DAYS_BACK + 10), today + timedelta(days=200))
    clock = _Clock(now, holidays, rng)

    # Receipt moments first, oldest first, so numbers follow the order of arrival. Two cases land in the
    # last working days on purpose (fresh, nearly due) and two a week back (verification overdue).
    # More of them recently (the office got busier), so the open cases fill the first inbox page.
    received = [clock.at(today - timedelta(days=1 + int((DAYS_BACK - 1) * rng.random() ** 1.3)))
                for _ in range(COUNT - 4)]
    received += [clock.at(today - timedelta(days=d)) for d in (9, 8)]
    received += [clock.at(today - timedelta(days=d)) for d in (1, 0)]
    received.sort()

    channels, weights = zip(*CHANNEL_WEIGHTS.items(), strict=True)
    first_code = ("", "")
    counts: dict[str, int] = {}
    for index, moment in enumerate(received):
        slug, subject, description = samples[index % len(samples)]
        category = categories[slug]
        channel = rng.choices(channels, weights=weights)[0]
        confidential = slug == "perilaku-petugas" and rng.random() < 0.6
        name = rng.choice(NAMES)
        complaint, code = _create(session, clock, moment, channel=channel, category=category, subject=subject,
                                  description=description, name=name, confidential=confidential,
                                  officer=officer, deadlines=deadlines, rng=rng)
        if not first_code[0]:
            first_code = (complaint.number, code)
        _advance(session, clock, complaint, officer, deadlines, rng,
                 age_days=(today - local_date(moment)).days)
        counts[complaint.status] = counts.get(complaint.status, 0) + 1
    session.flush()
    shown = _publish_samples(session, officer, rng)

    published = _publish_recent(session, today)
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    line = f"DUMAS: {len(received)} aduan contoh ({summary})"
    if shown:
        line += f"; daftar aduan publik: {', '.join(shown)}"
    if published:
        line += f"; rekap {' dan '.join(published)} diterbitkan"
    return line + f"; coba /pengaduan/lacak dengan {first_code[0]} dan kode akses {first_code[1]}"


def _create(session: Session, clock: _Clock, moment: datetime, *, channel: str, category: Category,
            subject: str, description: str, name: str, confidential: bool, officer, deadlines: Deadlines,
            rng: random.Random) -> tuple[Complaint, str]:
    year = local_date(moment).year
    seq = numbering.next_sequence(session, year, ComplaintCounter)
    number = numbering.format_number(complaints.NUMBER_PREFIX, year, seq)
    code = complaints.new_access_code()
    login = name.lower().replace(" ", ".")
    email = f"{login}@contoh.id" if channel in ("website", "email") or rng.random() < 0.4 else ""
    phone = (f"08{rng.randint(11, 59)}{rng.randint(1000, 9999)}{rng.randint(1000, 9999)}"
             if not email or rng.random() < 0.5 else "")
    by_staff = channel != "website"
    complaint = Complaint(
        number=number, year=year, seq=seq,
        access_code_hash=complaints.hash_access_code(current_app.config["SECRET_KEY"], number, code),
        channel=channel, external_id=f"{rng.randint(4_000_000, 4_999_999)}" if channel == "lapor" else "",
        reporter_name=name if channel != "medsos" else f"@{login.replace('.', '_')}",
        reporter_email=email, reporter_phone=phone, confidential=confidential,
        category_id=category.id if not by_staff or rng.random() < 0.7 else None,
        kind=category.default_kind, subject=subject, description=description,
        event_place=rng.choice(PLACES),
        event_date=local_date(moment) - timedelta(days=rng.randint(0, 10)) if rng.random() < 0.7 else None,
        status="diterima", received_at=moment, created_by_id=officer.id if by_staff else None,
    )
    complaint_workflow.set_initial_deadlines(session, complaint, deadlines)
    session.add(complaint)
    note = "Aduan diterima." if not by_staff else (
        f"Aduan diterima melalui kanal {indonesian(CHANNELS[channel])} dan dicatat oleh petugas.")
    session.add(ComplaintFollowUp(complaint=complaint, at=moment, actor_id=officer.id if by_staff else None,
                                  from_status="", to_status="diterima", public_note=note))
    session.flush()
    # Category was left empty on some cases registered by staff; the officer sets it when verifying.
    complaint.category = session.get(Category, complaint.category_id) if complaint.category_id else None
    return complaint, code


def _step(session: Session, complaint: Complaint, to_status: str, officer, deadlines: Deadlines,
          when: datetime, **kwargs) -> None:
    """A real workflow step, then moved back to `when` (follow-up time, deadlines, close figures)."""
    followup = complaint_workflow.transition(session, complaint, to_status, officer, deadlines, **kwargs)
    followup.at = when
    if to_status == "diverifikasi":
        complaint.verified_at = when
        complaint.resolve_due = add_working_days(local_date(when), deadlines.resolve_days(complaint.kind),
                                                 _holidays(session, when))
    if to_status in ("selesai", "ditolak", "diteruskan"):
        complaint_workflow._close(session, complaint, when)  # same rule, with the moment of closing


def _holidays(session: Session, when: datetime) -> set[date]:
    start = local_date(when)
    return holidays_between(session, start, start + timedelta(days=200))


def _advance(session: Session, clock: _Clock, complaint: Complaint, officer, deadlines: Deadlines,
             rng: random.Random, *, age_days: int) -> None:
    """Move the case as far as a real office would have by now (older cases mostly closed)."""
    if age_days <= 1 or (7 <= age_days <= 9 and rng.random() < 0.8):
        return  # fresh, or waiting past the 3-day verification deadline (overdue)
    category = complaint.category or session.get(Category, _fallback_category(session))
    slug = category.slug
    # Recent cases are mostly still open; a few old ones too (long investigations, or simply late).
    stays_open = rng.random() < (0.65 if age_days < 15 else 0.35 if age_days < 45 else 0.06)

    # Side exit before verification, now and then.
    if age_days > 20 and not stays_open and rng.random() < 0.1:
        _reject(session, clock, complaint, officer, deadlines, rng)
        return

    verify_when = _verify(session, clock, complaint, category, officer, deadlines, rng)
    if verify_when is None or age_days < 5 or (stays_open and rng.random() < 0.3):
        return

    if slug in ("perilaku-petugas", "lainnya") and age_days > 15 and not stays_open and rng.random() < 0.25:
        _forward(session, clock, complaint, officer, deadlines, rng, verify_when)
        return

    process_when = _process(session, clock, complaint, officer, deadlines, rng, verify_when)
    if process_when is None:
        return
    _resolve(session, clock, complaint, slug, officer, deadlines, rng, verify_when, process_when,
             stays_open=stays_open)


def _reject(session: Session, clock: _Clock, complaint: Complaint, officer, deadlines: Deadlines,
            rng: random.Random) -> None:
    """Rejected a few working days after receipt, before any verification."""
    when = clock.after(complaint.received_at, rng.randint(1, 3))
    _step(session, complaint, "ditolak", officer, deadlines, when, reason=rng.choice(REJECT_REASONS),
          internal_note=rng.choice(INTERNAL_NOTES))


def _verify(session: Session, clock: _Clock, complaint: Complaint, category: Category, officer,
            deadlines: Deadlines, rng: random.Random) -> datetime | None:
    """Verified (category and kind set, assigned) 1-4 working days after receipt; None if still ahead."""
    verify_when = clock.after(complaint.received_at, rng.choice((1, 1, 2, 2, 3, 3, 4)))
    if verify_when > clock.now:
        return None
    _step(session, complaint, "diverifikasi", officer, deadlines, verify_when, category_id=category.id,
          kind=category.default_kind, assigned_to=officer,
          public_note=rng.choice(PUBLIC_NOTES["diverifikasi"]),
          internal_note=rng.choice(INTERNAL_NOTES) if rng.random() < 0.5 else "")
    return verify_when


def _forward(session: Session, clock: _Clock, complaint: Complaint, officer, deadlines: Deadlines,
             rng: random.Random, verify_when: datetime) -> None:
    """Forwarded to the competent body a few working days after verification (unless that is still ahead)."""
    forwarded_to, reason = rng.choice(FORWARDS)
    when = clock.after(verify_when, rng.randint(1, 4))
    if when <= clock.now:
        _step(session, complaint, "diteruskan", officer, deadlines, when, forwarded_to=forwarded_to,
              reason=reason)


def _process(session: Session, clock: _Clock, complaint: Complaint, officer, deadlines: Deadlines,
             rng: random.Random, verify_when: datetime) -> datetime | None:
    """Taken up after verification, sometimes with a reporter's addition and an internal note; None if that
    is still ahead."""
    process_when = clock.after(verify_when, rng.randint(0, 2))
    if process_when > clock.now:
        return None
    _step(session, complaint, "diproses", officer, deadlines, process_when,
          public_note=rng.choice(PUBLIC_NOTES["diproses"]))
    if rng.random() < 0.25:  # the reporter adds something from the tracking page
        at = min(clock.after(process_when, 1), clock.now - timedelta(minutes=4))
        session.add(ComplaintFollowUp(complaint=complaint, at=at, actor_id=None, from_status="diproses",
                                      to_status="diproses", public_note=rng.choice(REPORTER_INFO)))
    if rng.random() < 0.3:
        at = min(clock.after(process_when, 2), clock.now - timedelta(minutes=3))
        note = complaint_workflow.add_note(session, complaint, officer,
                                           internal_note=rng.choice(INTERNAL_NOTES))
        note.at = at
    return process_when


def _resolve(session: Session, clock: _Clock, complaint: Complaint, slug: str, officer, deadlines: Deadlines,
             rng: random.Random, verify_when: datetime, process_when: datetime, *, stays_open: bool) -> None:
    """Closed with the category's answer, mostly within the deadline, unless the case stays open or that
    moment is still ahead (the closing moment is drawn either way, so the sequence of draws is kept)."""
    limit = deadlines.resolve_days(complaint.kind)
    # Most cases close within their deadline; about one in six runs late; some older ones are still open.
    spend = rng.randint(max(1, limit // 4), limit) if rng.random() < 0.83 else limit + rng.randint(2, 8)
    close_when = max(clock.after(verify_when, spend), clock.after(process_when, 3))
    if stays_open or close_when > clock.now - timedelta(minutes=2):
        return  # still in progress (overdue when its deadline has passed)
    _step(session, complaint, "selesai", officer, deadlines, close_when,
          final_answer=ANSWERS.get(slug, ANSWERS["lainnya"]))


# Public summaries staff write for the public list (/pengaduan/daftar, Open311): no names, no places that
# point at a person.
PUBLIC_SUMMARIES = {
    "data-pemilih": "Warga meminta perbaikan data pemilih keluarganya yang tidak sesuai dengan dokumen "
                    "kependudukan terbaru.",
    "pelayanan": "Warga menyampaikan bahwa layanan di kantor terlalu lama dan meminta perbaikan sistem "
                 "antrean serta informasi waktu layanan.",
    "perilaku-petugas": "Warga melaporkan sikap petugas yang dinilai tidak sesuai standar pelayanan.",
    "pencalonan": "Warga menanyakan atau mempersoalkan data dukungan dalam tahapan pencalonan.",
    "logistik": "Warga melaporkan logistik pemilihan yang belum tertangani dengan layak.",
    "informasi-publik": "Warga meminta informasi publik tentang data dan tahapan pemilihan.",
    "lainnya": "Warga menyampaikan hal lain terkait penyelenggaraan pemilihan di daerahnya.",
}


def _publish_samples(session: Session, officer, rng: random.Random) -> list[str]:
    """Some web complaints carry the reporter's consent; the first complaint (the OpenAPI example
    DUMAS-<year>-00001) and the most recent solved one are published with a summary."""
    cases = list(session.scalars(select(Complaint).order_by(Complaint.received_at, Complaint.id)))
    for complaint in cases:
        if complaint.channel == "website" and not complaint.confidential and rng.random() < 0.4:
            complaint.public_consent = True
    solved = [c for c in cases if c.status == "selesai" and not c.confidential]
    chosen = [c for c in (cases[:1] + solved[-1:]) if not c.confidential]
    shown = []
    for complaint in dict.fromkeys(chosen):
        complaint.public_consent = True
        slug = complaint.category.slug if complaint.category else "lainnya"
        publication.publish(session, complaint, PUBLIC_SUMMARIES.get(slug, PUBLIC_SUMMARIES["lainnya"]),
                            officer)
        shown.append(complaint.number)
    session.flush()
    return shown


def _fallback_category(session: Session) -> int:
    return session.scalar(select(Category.id).where(Category.slug == "lainnya")) or session.scalar(
        select(Category.id).order_by(Category.order).limit(1))


def _publish_recent(session: Session, today: date) -> list[str]:
    """Publish the last full month and the last full triwulan (as the admin), if not published yet."""
    admin = accounts.find_by_email(session, ADMIN_EMAIL)
    if admin is None:
        return []
    last_month = periods.containing(today.replace(day=1) - timedelta(days=1), periods.MONTH)
    last_quarter = periods.containing(periods.containing(today, periods.QUARTER).start - timedelta(days=1),
                                      periods.QUARTER)
    labels = []
    for period in (last_month, last_quarter):
        if recaps.get_snapshot(session, period.key) is not None:
            continue
        try:
            recaps.publish(session, period, admin)
        except DomainError:
            continue
        labels.append(period.label)
    return labels
