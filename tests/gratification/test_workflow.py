"""The report through HTTP: the clock across holidays (a frozen day, hand-counted working days), a late
filing accepted and marked late, a holiday added recounting the open deadlines, the UPG's steps with their
rules, and bad input writing nothing."""
from __future__ import annotations

from datetime import date

from freezegun import freeze_time

from portal.core.holidays import HOLIDAYS_2026
from portal.core.models.calendar import Holiday
from portal.extensions import db
from tests.gratification.grt_helpers import client_for, count, file, filed_number, report


def _holidays(app) -> None:
    with app.app_context():
        db.session.add_all(Holiday(day=day, name=name) for day, name in HOLIDAYS_2026)
        db.session.commit()


# Received Monday 16 March 2026. Holidays: 18-24 March (Nyepi, Idulfitri and cuti bersama), 3 April (Wafat
# Yesus Kristus), 1 May (Hari Buruh). Ten working days: 17, 25, 26, 27, 30, 31 March, 1, 2, 6, 7 April ->
# 7 April. Thirty: ... 8-10, 13-17, 20-24, 27-30 April, 4, 5, 6 May -> 6 May.
UPG_DUE, KPK_DUE = date(2026, 4, 7), date(2026, 5, 6)


@freeze_time("2026-04-07 03:00:00")
def test_the_clock_counts_working_days_across_holidays(app, make_user):
    _holidays(app)
    a = client_for(app, make_user("pegawai"))
    number = filed_number(file(a, received_on="2026-03-16"))
    filed = report(app, number)
    assert (filed.upg_due, filed.kpk_due, filed.filed_late) == (UPG_DUE, KPK_DUE, False)
    page = a.get(f"/admin/gratifikasi/{number}").get_data(as_text=True)
    assert 'data-upg-due="2026-04-07"' in page and 'data-kpk-due="2026-05-06"' in page
    assert "data-late" not in page


@freeze_time("2026-04-08 03:00:00")
def test_a_late_report_is_accepted_and_marked_late(app, make_user):
    _holidays(app)
    a = client_for(app, make_user("pegawai"))
    response = file(a, received_on="2026-03-16")
    number = filed_number(response)
    assert report(app, number).filed_late is True
    page = a.get(f"/admin/gratifikasi/{number}").get_data(as_text=True)
    assert "data-late" in page and "melewati batas waktu" in page


@freeze_time("2026-03-16 03:00:00")
def test_without_holidays_ten_working_days_are_two_weeks(app, make_user):
    a = client_for(app, make_user("pegawai"))
    filed = report(app, filed_number(file(a, received_on="2026-03-16")))
    assert filed.upg_due == date(2026, 3, 30)


@freeze_time("2026-04-07 03:00:00")
def test_a_holiday_added_recounts_open_deadlines_only(app, make_user):
    _holidays(app)
    a = client_for(app, make_user("pegawai"))
    upg = client_for(app, make_user("upg"))
    open_number = filed_number(file(a, received_on="2026-03-16"))
    closed_number = filed_number(file(a, received_on="2026-03-16"))
    assert upg.post(f"/admin/gratifikasi/{closed_number}/langkah/tidak_diproses",
                    data={"tidak_diproses-reason": "Laporan ganda."}).status_code == 302
    staff = client_for(app, make_user("dumas"))
    holiday = {"day": "2026-04-20", "name": "Libur daerah"}
    assert staff.post("/admin/pengaduan/libur", data=holiday).status_code == 302
    assert report(app, open_number).kpk_due == date(2026, 5, 7)  # one working day later
    assert report(app, closed_number).kpk_due == KPK_DUE  # a closed report keeps its record


@freeze_time("2026-04-20 03:00:00")
def test_upg_verifies_forwards_and_records_the_kpk_decision(app, make_user):
    _holidays(app)
    alice = make_user("pegawai")
    a, upg = client_for(app, alice), client_for(app, make_user("upg"))
    number = filed_number(file(a, received_on="2026-03-16"))
    base = f"/admin/gratifikasi/{number}/langkah"
    # a KPK decision before forwarding is not an allowed move: nothing changes
    assert upg.post(f"{base}/ditetapkan", data={"ditetapkan-decision": "milik_negara",
                                                "ditetapkan-decision_on": "2026-04-20"}).status_code == 400
    assert upg.post(f"{base}/diverifikasi", data={"diverifikasi-public_note": "Lengkap."}).status_code == 302
    # forwarding needs the KPK receipt number, and a date not in the future
    refused = upg.post(f"{base}/diteruskan_kpk", data={"diteruskan_kpk-forwarded_on": "2026-04-17"})
    assert refused.status_code == 400
    assert "Nomor tanda terima KPK wajib diisi" in refused.get_data(as_text=True)
    future = upg.post(f"{base}/diteruskan_kpk", data={"diteruskan_kpk-forwarded_on": "2026-04-21",
                                                      "diteruskan_kpk-kpk_receipt_number": "TT-1"})
    assert future.status_code == 400
    assert report(app, number).status == "diverifikasi"
    assert upg.post(f"{base}/diteruskan_kpk", data={"diteruskan_kpk-forwarded_on": "2026-04-17",
                                                    "diteruskan_kpk-kpk_receipt_number": "TT-2026-001"}
                    ).status_code == 302
    forwarded = report(app, number)
    assert (forwarded.status, forwarded.forwarded_on, forwarded.kpk_receipt_number,
            forwarded.forwarded_late) == ("diteruskan_kpk", date(2026, 4, 17), "TT-2026-001", False)
    assert upg.post(f"{base}/ditetapkan", data={"ditetapkan-decision": "milik_negara",
                                                "ditetapkan-decision_on": "2026-04-20",
                                                "ditetapkan-decision_number": "SK-1/2026"}).status_code == 302
    decided = report(app, number)
    assert (decided.status, decided.decision, decided.decided_by, decided.closed_at is not None) \
        == ("ditetapkan", "milik_negara", "kpk", True)
    # the reporter reads the outcome and the public note, never the UPG's internal notes
    assert upg.post(f"/admin/gratifikasi/{number}/catatan",
                    data={"note-internal_note": "Catatan internal UPG", "note-public_note": ""}
                    ).status_code == 302
    page = a.get(f"/admin/gratifikasi/{number}").get_data(as_text=True)
    assert "Lengkap." in page and "Milik negara" in page and "Catatan internal UPG" not in page
    assert "Catatan internal UPG" in upg.get(f"/admin/gratifikasi/{number}").get_data(as_text=True)


@freeze_time("2026-04-20 03:00:00")
def test_upg_own_decision_needs_a_reason(app, make_user):
    a, upg = client_for(app, make_user("pegawai")), client_for(app, make_user("upg"))
    number = filed_number(file(a, received_on="2026-04-13", kind="makanan"))
    base = f"/admin/gratifikasi/{number}/langkah"
    upg.post(f"{base}/diverifikasi", data={})
    assert upg.post(f"{base}/ditetapkan_upg", data={"ditetapkan_upg-decision": "disalurkan_sosial"}
                    ).status_code == 400
    assert upg.post(f"{base}/ditetapkan_upg", data={"ditetapkan_upg-decision": "disalurkan_sosial",
                                                    "ditetapkan_upg-reason": "Makanan mudah rusak."}
                    ).status_code == 302
    assert report(app, number).status == "ditetapkan_upg"


@freeze_time("2026-04-20 03:00:00")
def test_overdue_reports_are_marked_in_the_inbox(app, make_user):
    a, upg = client_for(app, make_user("pegawai")), client_for(app, make_user("upg"))
    late = filed_number(file(a, received_on="2026-02-02"))  # KPK due 16 March (no holidays loaded)
    fresh = filed_number(file(a, received_on="2026-04-17"))
    overdue = upg.get("/admin/gratifikasi?tenggat=terlambat").get_data(as_text=True)
    assert late in overdue and fresh not in overdue
    dashboard = upg.get("/admin/").get_data(as_text=True)
    assert "Pelaporan gratifikasi" in dashboard and "Terlambat: 1" in dashboard


@freeze_time("2026-04-20 03:00:00")
def test_bad_input_writes_nothing(app, make_user):
    a = client_for(app, make_user("pegawai"))
    cases = [
        {"reporter_nik": "12345"}, {"value": "-5"}, {"value": "satu juta"}, {"received_on": "2026-04-21"},
        {"received_on": "kemarin"}, {"kind": "saham"}, {"handling": "dimakan"}, {"chronology": "pendek"},
        {"giver_name": ""}, {"reporter_email": "bukan-email"}, {"reporter_phone": "12"},
        {"occasion": "x" * 300},
    ]
    for changes in cases:
        response = file(a, **changes)
        assert response.status_code == 422, changes
        assert "Laporan belum terkirim" in response.get_data(as_text=True), changes
    assert count(app) == 0
    # a valid report with a formatted value and no NIK goes through
    number = filed_number(file(a, reporter_nik="", value="Rp 1.500.000"))
    assert report(app, number).value == 1_500_000
    # a value beyond the database's integer (Rp 5 miliar) is a BIGINT
    assert report(app, filed_number(file(a, value="5.000.000.000"))).value == 5_000_000_000
    assert file(a, value="1,5").status_code == 422 and count(app) == 2
