"""PPID objections (keberatan, UU 14/2008 Pasal 35-36), the applicant's side through HTTP: reached with the
request's number + access code (a wrong code looks like an unknown number), the Pasal 35 ground checked
against the request's state, the 30 working-day filing window over the holiday table (frozen clock), one
open objection per request, one filing per form token, the result page, and the tracking-page partial."""
from __future__ import annotations

import html as html_lib
import re
from datetime import UTC, date, datetime

from freezegun import freeze_time
from sqlalchemy import func, select

from portal.core.models.calendar import Holiday
from portal.core.workdays import add_working_days
from portal.extensions import db
from portal.ppid import intake, objections, workflow
from portal.ppid import service as ppid
from portal.ppid.models import InfoRequest, Objection
from tests.security_helpers import row_counts

RECEIVED = datetime(2026, 10, 5, 2, 0, tzinfo=UTC)  # Monday 5 October 2026, 09:00 WIB
DECIDED = datetime(2026, 10, 9, 3, 0, tzinfo=UTC)  # Friday 9 October, 10:00 WIB
HOLIDAY = date(2026, 10, 20)  # a Tuesday inside the filing window
REASONS = "Informasi yang saya minta ditolak padahal tidak termasuk informasi yang dikecualikan."


def text(response) -> str:
    return html_lib.unescape(response.get_data(as_text=True))


def at(day: date, hour_utc: int = 3) -> str:
    """A moment of the office's `day` (10:00 WIB by default), for freeze_time."""
    return datetime(day.year, day.month, day.day, hour_utc, 0, tzinfo=UTC).isoformat()


def add_holiday(app, day: date = HOLIDAY, name: str = "Libur uji") -> None:
    with app.app_context():
        db.session.add(Holiday(day=day, name=name))
        db.session.commit()


def make_request(app, make_user, *, status: str = "diterima", received: datetime = RECEIVED,
                 decided: datetime = DECIDED, cost: int = 0, email: str = "") -> tuple[str, str]:
    """A request received at `received`, moved to `status` at `decided` by a PPID officer (the models and
    workflow.transition directly: the request forms are built elsewhere). Returns (number, access code)."""
    officer = make_user("ppid")
    with app.app_context():
        deadlines = workflow.Deadlines.from_config(app.config)
        seq, number = intake.allocate_number(db.session, received.year)
        code = intake.new_access_code()
        request = InfoRequest(
            number=number, year=received.year, seq=seq,
            access_code_hash=intake.hash_access_code(app.config["SECRET_KEY"], number, code),
            applicant_name="Rina Pemohon", email=email, information="Salinan kontrak pengadaan 2025.",
            purpose="Penelitian", received_at=received, status="diterima")
        db.session.add(request)
        workflow.set_initial_deadline(db.session, request, deadlines)
        db.session.flush()
        values: dict = {}
        if status in ("ditolak", "dikabulkan_sebagian"):
            exemption = ppid.create_exemption(db.session, {
                "title": "Dokumen penawaran", "ground": "b", "legal_basis": "UU 14/2008",
                "consequence": "Merugikan persaingan usaha.", "period": "5 tahun",
                "decided_on": date(2026, 1, 15)}, None)
            values.update(exemption_id=exemption.id, reason="Mengungkap rahasia dagang penyedia.",
                          redaction_note="Harga satuan dihitamkan.",
                          delivery_note="Diunduh dari laman lacak.")
        elif status == "dikabulkan":
            values.update(delivery_note="Diunduh dari laman lacak.", cost=cost,
                          payment_note="Transfer bank" if cost else "")
        elif status == "tidak_dikuasai":
            values.update(reason="Dikuasai badan publik lain.")
        if status == "diperpanjang":
            values.update(reason="Dokumen di arsip lain.")
        if status != "diterima":
            actor = db.session.get(type(officer), officer.id)
            workflow.transition(db.session, request, status, actor, deadlines, at=decided, **values)
        db.session.commit()
        return number, code


def token_of(page: str) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', page).group(1)


def open_form(client, number: str, code: str):
    return client.post("/ppid/keberatan", data={"number": number, "code": code})


def file(client, number: str, code: str, token: str, **fields):
    data = {"number": number, "code": code, "langkah": "ajukan", "form_token": token, "ground": "a",
            "reasons": REASONS, "arose_on": ""}
    data.update(fields)
    return client.post("/ppid/keberatan", data=data)


def objection_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Objection))


def only_objection(app) -> Objection:
    with app.app_context():
        objection = db.session.scalars(select(Objection)).one()
        db.session.expunge(objection)
        return objection


# --- reaching the form -----------------------------------------------------------------------------------

def test_get_asks_for_the_number_and_access_code_first(client):
    response = client.get("/ppid/keberatan?nomor=PPID-2026-00007")
    body = text(response)
    assert response.status_code == 200
    assert 'name="number"' in body and 'name="code"' in body and 'value="PPID-2026-00007"' in body
    assert 'name="ground"' not in body
    assert response.headers["Cache-Control"] == "no-store"


def test_the_right_code_opens_the_form_a_wrong_code_looks_like_an_unknown_number(app, client, make_user):
    number, code = make_request(app, make_user, status="ditolak")
    with freeze_time(at(date(2026, 10, 12))):
        wrong = text(open_form(client, number, "ZZZZ-ZZZZ"))
        unknown = text(open_form(client, "PPID-2026-09999", code))
        right = open_form(client, number, code.lower())
    message = "Nomor permohonan atau kode akses tidak cocok"
    assert message in wrong and message in unknown
    assert 'name="ground"' not in wrong and 'name="ground"' not in unknown
    body = text(right)
    assert right.status_code == 200 and 'name="ground"' in body and number in body
    assert "penolakan atas permintaan informasi berdasarkan alasan pengecualian sebagaimana dimaksud dalam " \
           "Pasal 17" in body
    # ground a fits a refused request (the decision day as its default); c does not (it was answered)
    assert re.search(r'<input[^>]*id="ground-0"[^>]*>', body) and "disabled" not in re.search(
        r'<input[^>]*id="ground-0"[^>]*>', body).group(0)
    assert "disabled" in re.search(r'<input[^>]*id="ground-2"[^>]*>', body).group(0)
    assert "9 Oktober 2026" in body


# --- filing ----------------------------------------------------------------------------------------------

def test_filing_once_with_a_result_page_and_the_answer_due_30_working_days_later(app, client, make_user):
    add_holiday(app)
    number, code = make_request(app, make_user, status="ditolak")
    filed_on = date(2026, 10, 12)
    with freeze_time(at(filed_on)):
        token = token_of(text(open_form(client, number, code)))
        response = file(client, number, code, token)
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/ppid/keberatan/tanda-terima")
        receipt = client.get("/ppid/keberatan/tanda-terima")
        again = file(client, number, code, token)  # the browser sends the same POST again
    due = add_working_days(filed_on, 30, {HOLIDAY})
    body = text(receipt)
    assert receipt.status_code == 200 and number in body and "Keberatan Anda telah diterima" in body
    assert again.status_code == 302 and again.headers["Location"].endswith("/ppid/keberatan/tanda-terima")
    assert objection_count(app) == 1
    objection = only_objection(app)
    assert (objection.ground, objection.status, objection.answer_due) == ("a", "diajukan", due)
    assert objection.ground_arose_on == date(2026, 10, 9)  # the decision day: the default for ground a
    assert objection.reasons == REASONS
    from portal.core.formatting import tanggal
    with app.test_request_context():
        assert tanggal(due) in body


def test_a_re_sent_post_after_the_filing_says_so_and_files_nothing(app, client, make_user):
    number, code = make_request(app, make_user, status="ditolak")
    with freeze_time(at(date(2026, 10, 12))):
        token = token_of(text(open_form(client, number, code)))
        assert file(client, number, code, token).status_code == 302
        again = file(client, number, code, token)
        page = text(client.get(again.headers["Location"]))
    assert "Formulir ini sudah dikirim" in page
    assert objection_count(app) == 1


def test_the_filing_window_counts_working_days_over_the_holiday_table(app, make_user):
    """Ground a arose on Friday 9 October; 30 working days later, with the holiday of 20 October, is Monday
    23 November (without the holiday it would be Friday 20 November). 24 November is one day too late."""
    add_holiday(app)
    number, code = make_request(app, make_user, status="ditolak")
    last_day = add_working_days(date(2026, 10, 9), 30, {HOLIDAY})
    assert last_day == date(2026, 11, 23)
    late = app.test_client()
    before = row_counts(app)
    with freeze_time(at(date(2026, 11, 24))):
        token = token_of(text(open_form(late, number, code)))
        refused = file(late, number, code, token)
    body = text(refused)
    assert refused.status_code == 422
    assert "paling lambat 30 hari kerja setelah alasan keberatan ditemukan" in body
    assert "2026-11-23" in body
    assert row_counts(app) == before
    in_time = app.test_client()
    with freeze_time(at(last_day)):
        token = token_of(text(open_form(in_time, number, code)))
        assert file(in_time, number, code, token).status_code == 302
    assert objection_count(app) == 1


def test_a_later_day_given_by_the_applicant_opens_the_window_again_but_never_a_future_day(app, make_user):
    number, code = make_request(app, make_user, status="ditolak")
    client = app.test_client()
    with freeze_time(at(date(2026, 11, 24))):
        token = token_of(text(open_form(client, number, code)))
        future = file(client, number, code, token, arose_on="2026-11-25")
        before_received = file(client, number, code, token, arose_on="2026-10-02")
        bad_date = file(client, number, code, token, arose_on="24/11/2026x")
        assert objection_count(app) == 0
        assert future.status_code == 422 and "tidak boleh setelah hari ini" in text(future)
        assert before_received.status_code == 422 and "sebelum permohonan diterima" in text(before_received)
        assert bad_date.status_code == 422 and "Tanggal tidak valid" in text(bad_date)
        accepted = file(client, number, code, token, arose_on="2026-11-02")
    assert accepted.status_code == 302
    assert only_objection(app).ground_arose_on == date(2026, 11, 2)


def test_the_ground_must_fit_the_request(app, make_user):
    granted, granted_code = make_request(app, make_user, status="dikabulkan")
    pending, pending_code = make_request(app, make_user, status="diterima")
    client = app.test_client()
    before = row_counts(app)
    with freeze_time(at(date(2026, 10, 12))):
        token = token_of(text(open_form(client, granted, granted_code)))
        refusal = file(client, granted, granted_code, token, ground="a")
        unanswered = file(client, granted, granted_code, token, ground="c")
        late = file(client, granted, granted_code, token, ground="g")  # answered on time
        cost = file(client, granted, granted_code, token, ground="f")  # no cost charged
        token = token_of(text(open_form(client, pending, pending_code)))
        too_early = file(client, pending, pending_code, token, ground="c")  # the deadline has not passed
        not_decided = file(client, pending, pending_code, token, ground="d")
        unknown = file(client, pending, pending_code, token, ground="z")
    assert "hanya untuk permohonan yang ditolak atau dikabulkan sebagian" in text(refusal)
    assert "belum ditanggapi setelah batas waktunya lewat" in text(unanswered)
    assert "ditanggapi melewati batas waktu" in text(late)
    assert "dikenai biaya" in text(cost)
    assert "belum ditanggapi setelah batas waktunya lewat" in text(too_early)
    assert "setelah permohonan ditanggapi" in text(not_decided)
    assert "Pilih alasan keberatan" in text(unknown)
    for response in (refusal, unanswered, late, cost, too_early, not_decided, unknown):
        assert response.status_code == 422
    assert row_counts(app) == before


def test_an_unanswered_request_past_its_deadline_may_be_objected_on_ground_c(app, make_user):
    """Received Monday 5 October: the notice is due 19 October (10 working days); "not answered" arises the
    next working day, 20 October, here a holiday, so 21 October."""
    add_holiday(app)
    number, code = make_request(app, make_user, status="diterima")
    client = app.test_client()
    with freeze_time(at(date(2026, 10, 22))):
        page = text(open_form(client, number, code))
        assert "disabled" not in re.search(r'<input[^>]*id="ground-2"[^>]*>', page).group(0)
        response = file(client, number, code, token_of(page), ground="c")
    assert response.status_code == 302
    objection = only_objection(app)
    assert objection.ground == "c" and objection.ground_arose_on == date(2026, 10, 21)


def test_a_late_answer_may_be_objected_on_ground_g(app, make_user):
    number, code = make_request(app, make_user, status="dikabulkan",
                                decided=datetime(2026, 10, 26, 3, 0, tzinfo=UTC))  # due 19 October
    client = app.test_client()
    with freeze_time(at(date(2026, 10, 27))):
        response = file(client, number, code, token_of(text(open_form(client, number, code))), ground="g")
    assert response.status_code == 302
    assert only_objection(app).ground_arose_on == date(2026, 10, 20)  # the day after the deadline


def test_one_open_objection_per_request(app, make_user):
    number, code = make_request(app, make_user, status="ditolak")
    first, second = app.test_client(), app.test_client()
    with freeze_time(at(date(2026, 10, 12))):
        token_one = token_of(text(open_form(first, number, code)))
        token_two = token_of(text(open_form(second, number, code)))
        assert file(first, number, code, token_one).status_code == 302
        refused = file(second, number, code, token_two, ground="d")
        page = text(open_form(second, number, code))
    assert refused.status_code == 422 and "masih memiliki keberatan yang belum dijawab" in text(refused)
    assert "masih memiliki keberatan yang belum dijawab" in page and 'name="reasons"' not in page
    assert objection_count(app) == 1


def test_bad_input_writes_nothing(app, make_user):
    number, code = make_request(app, make_user, status="ditolak")
    client = app.test_client()
    before = row_counts(app)
    with freeze_time(at(date(2026, 10, 12))):
        token = token_of(text(open_form(client, number, code)))
        responses = [
            file(client, number, code, token, reasons=""),
            file(client, number, code, token, reasons="pendek"),
            file(client, number, code, token, reasons="x" * 5001),
            file(client, number, code, token, ground=""),
            file(client, number, "ABCD-EFGH", token),  # the wrong code on the filing step
        ]
    assert [r.status_code for r in responses[:4]] == [422] * 4
    assert "Nomor permohonan atau kode akses tidak cocok" in text(responses[4])
    assert row_counts(app) == before


def test_the_tracking_partial_shows_ground_days_status_answer_and_dispute(app, make_user):
    from flask import render_template

    number, code = make_request(app, make_user, status="ditolak")
    client = app.test_client()
    with freeze_time(at(date(2026, 10, 12))):
        file(client, number, code, token_of(text(open_form(client, number, code))))
    with app.app_context():
        objection = db.session.scalars(select(Objection)).one()
        objection.status, objection.outcome, objection.answer = "dijawab", "ditolak", "Alasan tertulis uji."
        objection.answered_at = datetime(2026, 10, 20, 3, 0, tzinfo=UTC)
        objection.dispute_filed_on, objection.dispute_register = date(2026, 10, 26), "REG/KI/001"
        db.session.commit()
        deadlines = workflow.Deadlines.from_config(app.config)
        request = db.session.scalars(select(InfoRequest).where(InfoRequest.number == number)).one()
        with app.test_request_context():
            views = objections.public_views(db.session, request, deadlines)
            html = html_lib.unescape(render_template(
                "ppid/_objections.html", objection_views=views, objection_number=number, objection_code=code))
    for expected in ("huruf a", "12 Oktober 2026", "Dijawab", "20 Oktober 2026", "putusan PPID dikuatkan",
                     "Alasan tertulis uji.", "26 Oktober 2026", "REG/KI/001", 'name="code"'):
        assert expected in html, expected
