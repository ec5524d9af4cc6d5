"""Demo gratification reports for `flask demo-data`: about 30 reports filed across the year in every state
(a few filed late, one overdue at the KPK deadline), the account upg@demo.example (role upg), and the
demo employees of portal/accounts/demo.py (DEMO_STAFF, role pegawai) as reporters. Deterministic (a fixed
seed); deadlines on the holiday table. Skipped when reports exist."""
from __future__ import annotations

import random
from datetime import date, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.accounts import service as accounts
from portal.accounts.demo import DEMO_STAFF, demo_staff
from portal.core import numbering
from portal.core.clock import local_moment, today
from portal.core.workdays import add_working_days, holidays_between
from portal.gratification.models import GratificationCounter, GratificationEvent, GratificationReport
from portal.gratification.workflow import WORKFLOW, Deadlines, set_deadlines

UPG_EMAIL = "upg@demo.example"
PEGAWAI_EMAIL = "pegawai@demo.example"
GIFTS = [  # (kind, giver, relation, occasion, place, description, value range)
    ("makanan", "CV Sumber Rejeki", "Rekanan penyedia logistik", "Hari raya Idulfitri",
     "Kantor KPU Kabupaten",
     "Parsel makanan dan minuman", (250_000, 900_000)),
    ("uang", "Panitia Seminar Universitas", "Penyelenggara kegiatan", "Honor narasumber di luar kedinasan",
     "Aula universitas", "Amplop berisi uang tunai", (500_000, 3_000_000)),
    ("barang", "PT Cetak Nusantara", "Rekanan pencetakan surat suara", "Kunjungan kerja ke percetakan",
     "Pabrik percetakan", "Jam tangan", (1_500_000, 12_000_000)),
    ("fasilitas", "Partai peserta pemilu", "Peserta pemilu", "Undangan rapat kerja partai",
     "Hotel di Kebumen", "Kamar hotel dan jamuan makan", (800_000, 4_000_000)),
    ("voucher", "Toko Elektronik Jaya", "Calon rekanan", "Peluncuran toko", "Kebumen",
     "Voucer belanja", (200_000, 2_000_000)),
    ("lainnya", "Tokoh masyarakat", "Masyarakat yang dilayani", "Ucapan terima kasih atas layanan data",
     "Rumah pelapor", "Cenderamata ukiran kayu", (100_000, 600_000)),
    ("uang", "Calon anggota legislatif", "Peserta pemilu", "Pertemuan di luar kantor", "Rumah makan",
     "Uang tunai dalam amplop", (5_000_000, 150_000_000)),
]
# Where each report ends up (30 in all).
ENDINGS = (["diterima"] * 4 + ["diverifikasi"] * 4 + ["diteruskan_kpk"] * 5 + ["ditetapkan"] * 9
           + ["ditetapkan_upg"] * 6 + ["tidak_diproses"] * 2)
SEED = 2026_14


def demo_sample(session: Session, password: str) -> str:
    if session.scalar(select(func.count()).select_from(GratificationReport)):
        return "Gratifikasi: sudah ada laporan, contoh tidak ditambahkan"
    upg = accounts.find_by_email(session, UPG_EMAIL) or accounts.create_user(
        session, UPG_EMAIL, password, ["upg", "pegawai"], name="Unit Pengendalian Gratifikasi")
    users = demo_staff(session, password)
    staff = [(users[email], name, jabatan, unit, email) for email, name, _nip, jabatan, unit in DEMO_STAFF]
    rng = random.Random(SEED)
    deadlines = Deadlines()
    on = today()
    start = date(on.year, 1, 5)
    span = max((on - start).days - 3, 30)
    days = sorted(start + timedelta(days=rng.randint(0, span)) for _ in ENDINGS)
    endings = list(ENDINGS)
    rng.shuffle(endings)
    # the most recent reports are still open
    endings.sort(key=lambda e: e not in ("ditetapkan", "ditetapkan_upg", "tidak_diproses"))
    for received, ending in zip(days, endings, strict=True):
        _one(session, rng, staff, upg, received, ending, deadlines, on)
    return f"Gratifikasi: {len(ENDINGS)} laporan, akun {UPG_EMAIL} dan {PEGAWAI_EMAIL}"


def _moment(day: date, rng: random.Random):
    return local_moment(day, time(rng.randint(8, 15), rng.randint(0, 59)))


def _later(session: Session, day: date, working: int, cap: date) -> date:
    result = add_working_days(day, working, holidays_between(session, day, day + timedelta(days=60)))
    return min(result, cap)


def _one(session, rng, staff, upg, received: date, ending: str, deadlines: Deadlines, on: date) -> None:
    user, name, position, unit, email = rng.choice(staff)
    kind, giver, relation, occasion, place, description, (low, high) = rng.choice(GIFTS)
    late = rng.random() < 0.15
    filed = _later(session, received, rng.randint(11, 14) if late else rng.randint(0, 6), on)
    handling = rng.choice(("ditolak", "ditolak", "diserahkan_upg", "disimpan"))
    report = GratificationReport(
        reporter_id=user.id, reporter_name=name, reporter_position=position, reporter_unit=unit,
        reporter_email=email, reporter_nik="", reporter_phone="", confidential=rng.random() < 0.2,
        giver_name=giver, giver_relation=relation, occasion=occasion, place=place, received_on=received,
        kind=kind, description=description, value=rng.randrange(low, high, 50_000), handling=handling,
        chronology=(f"Pada {received:%d-%m-%Y} saya menerima {description.lower()} dari {giver} dalam acara "
                    f"{occasion.lower()}. Gratifikasi "
                    f"{'saya tolak' if handling == 'ditolak' else 'saya laporkan'}."),
        status="diterima", filed_at=_moment(filed, rng), filed_on=filed)
    set_deadlines(session, report, deadlines)
    report.events.append(GratificationEvent(at=report.filed_at, actor_id=user.id, from_status="",
                                            to_status="diterima",
                                            public_note="Laporan gratifikasi diterima UPG."))
    seq = numbering.next_sequence(session, filed.year, GratificationCounter)
    report.number, report.year, report.seq = numbering.format_number("GRT", filed.year, seq), filed.year, seq
    session.add(report)
    session.flush()
    if ending == "diterima":
        return
    day = _later(session, filed, rng.randint(1, 3), on)
    if ending == "tidak_diproses":
        WORKFLOW.transition(session, report, "tidak_diproses", upg, at=_moment(day, rng),
                            reason="Laporan ganda atas penerimaan yang sama.")
        return
    WORKFLOW.transition(session, report, "diverifikasi", upg, at=_moment(day, rng))
    if ending == "diverifikasi":
        return
    if ending == "ditetapkan_upg":
        day = _later(session, day, rng.randint(1, 4), on)
        WORKFLOW.transition(session, report, "ditetapkan_upg", upg, at=_moment(day, rng),
                            decision="disalurkan_sosial" if kind == "makanan" else "milik_penerima",
                            reason="Gratifikasi tidak wajib dilaporkan ke KPK (Peraturan KPK 2/2019 "
                                   "Pasal 2 ayat 3).")
        return
    forwarded = _later(session, day, rng.randint(2, 12), on)
    WORKFLOW.transition(session, report, "diteruskan_kpk", upg, at=_moment(forwarded, rng),
                        forwarded_on=forwarded,
                        kpk_receipt_number=f"KPK-GRT/{forwarded:%Y%m%d}/{report.seq:04d}")
    if ending == "diteruskan_kpk":
        return
    decided = _later(session, forwarded, rng.randint(10, 30), on)
    WORKFLOW.transition(session, report, "ditetapkan", upg, at=_moment(decided, rng),
                        decision=rng.choice(("milik_negara", "milik_negara", "milik_penerima")),
                        decision_on=decided, decision_number=f"SK-{report.seq:03d}/GRAT/{decided.year}")
