"""`flask --app portal demo-data` for WBS: sample reports at different stages (declared in
portal/wbs/__init__.py)."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from portal.accounts import service as accounts
from portal.wbs import service
from portal.wbs.crypto import format_receipt, load_cipher
from portal.wbs.models import WbsReport


def demo_sample(session) -> str:
    """`flask demo-data`: a few WBS reports at different stages, a thread, an Inspektorat recommendation."""
    if session.scalar(select(WbsReport.id).limit(1)) is not None:
        return "WBS: contoh sudah ada"
    team = accounts.find_by_email(session, "wbs@demo.example")
    if team is None:
        return "WBS: akun wbs@demo.example tidak ada, contoh dilewati"
    cipher = load_cipher(current_app.config, session)
    today = service.local_today()
    samples = [
        ("gratifikasi", 40, ("Seorang pegawai menerima parsel dan voucher belanja dari penyedia jasa "
                             "percetakan setelah penandatanganan kontrak."),
         "Pegawai bagian pengadaan", "Kantor sekretariat", "Akhir bulan lalu"),
        ("benturan_kepentingan", 20, "Anggota panitia seleksi badan ad hoc meloloskan kerabatnya sendiri.",
         "Anggota panitia seleksi", "Ruang rapat", "Saat seleksi PPK"),
        ("penyalahgunaan_wewenang", 3, "Kendaraan dinas dipakai untuk keperluan pribadi pada akhir pekan.",
         "", "Parkiran kantor", "Dua minggu terakhir"),
    ]
    receipts = []
    reports = []
    for category, days_ago, what, who, where, when in samples:
        report, receipt = service.submit_report(
            session, cipher, category=category, what=what, who=who, where=where, when=when,
            how="Disampaikan oleh pelapor yang melihat langsung.", today=today - timedelta(days=days_ago))
        receipts.append(format_receipt(receipt))
        reports.append(report)
    first, second, _third = reports
    service.transition(session, cipher, first, team, "diverifikasi", assigned_to=team)
    service.team_message(session, cipher, first, team, "Terima kasih. Apakah Anda mengetahui nilai voucher?")
    service.reporter_reply(session, cipher, first, "Sekitar satu juta rupiah.",
                           today=today - timedelta(days=30))
    service.transition(session, cipher, first, team, "diteruskan", forwarded_to="Inspektorat KPU RI",
                       outcome="Diteruskan untuk pemeriksaan oleh Inspektorat.")
    rec = service.add_recommendation(
        session, cipher, team, text="Pengembalian gratifikasi dan pembinaan pegawai.",
        issued_by="Inspektorat KPU RI", issued_on=today - timedelta(days=10),
        due_on=today + timedelta(days=20), responsible="Sekretaris", report=first)
    service.update_followup(session, cipher, rec, team, status="proses", note="Surat pembinaan disiapkan.")
    service.transition(session, cipher, second, team, "diverifikasi", assigned_to=team)
    service.transition(session, cipher, second, team, "diproses")
    service.add_recommendation(
        session, cipher, team, text="Sosialisasi WBS kepada seluruh pegawai tiap triwulan.",
        issued_by="Inspektorat KPU Provinsi", issued_on=today - timedelta(days=15),
        responsible="Tim Penguatan Pengawasan")
    first_day = today - timedelta(days=40)  # the quarter's counts published, for the open data (/wbs/rekap)
    service.publish_quarter(session, team, first_day.year, (first_day.month - 1) // 3 + 1)
    return f"WBS: 3 laporan contoh (kode laporan pertama untuk mencoba /wbs/lacak: {receipts[0]})"
