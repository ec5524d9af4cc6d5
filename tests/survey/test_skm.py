"""SKM (Survei Kepuasan Masyarakat): IKM arithmetic, mutu boundaries, questionnaire intake, one-time tokens,
results and publication with the follow-up plan, XLSX export, QR poster, permissions and audit."""
from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from portal.core.models.audit import AuditLog
from portal.extensions import db
from portal.standards import service as standards
from portal.standards.models import Service
from portal.survey import ikm
from portal.survey import service as survey
from portal.survey.models import SurveyFollowUp, SurveyPublication, SurveyResponse, SurveyToken

KEYS = ["persyaratan", "prosedur", "waktu", "biaya", "produk", "kompetensi", "perilaku", "pengaduan",
        "sarana"]

# Hand-computed data set: 4 respondents x 9 unsur.
HAND = [
    [4, 4, 3, 4, 3, 4, 4, 3, 3],
    [3, 3, 2, 4, 3, 3, 4, 3, 2],
    [4, 3, 3, 4, 4, 4, 4, 2, 3],
    [3, 4, 2, 4, 3, 3, 3, 3, 3],
]
# Column sums 14 14 10 16 13 14 15 11 11 = 118; NRR 3.50 3.50 2.50 4.00 3.25 3.50 3.75 2.75 2.75;
# IKM = 29.5 x 1/9 = 3.2778; konversi = 81.94 (B, Baik); weakest: waktu (2.50).
# (With the rounded weight 0.111 one would get 81.86, with 0.11 only 81.13.)


# --------------------------------------------------------------------------------------------- helpers
def make_service(app, slug="layanan-ppid", name="Layanan Informasi Publik (PPID)", **config):
    with app.app_context():
        service = standards.create_service(db.session, name=name, slug=slug)
        db.session.flush()
        if config:
            values = {"survey_open": True, "is_free": True, "biaya_mode": "tanya", "annual_population": None,
                      "require_token": False}
            values.update(config)
            survey.save_service_config(db.session, service, actor=None, **values)
        db.session.commit()
        return service.id


def answers(row, **extra):
    data = {
        "service_date": (survey.today() - timedelta(days=1)).isoformat(), "gender": "P", "age": "34",
        "education": "S1", "occupation": "Wirausaha", "suggestion": "",
    }
    data.update({key: str(value) for key, value in zip(KEYS, row) if value is not None})
    data.update(extra)
    return data


def post_survey(client, slug, row, **extra):
    return client.post(f"/survei?layanan={slug}", data=answers(row, **extra))


def count_responses(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(SurveyResponse))


def audit_actions(app):
    with app.app_context():
        return [a.action for a in db.session.scalars(select(AuditLog).order_by(AuditLog.id))]


# --------------------------------------------------------------------------------------------- arithmetic
def test_hand_computed_ikm_from_pure_functions():
    sums = [sum(r[i] for r in HAND) for i in range(9)]
    assert sums == [14, 14, 10, 16, 13, 14, 15, 11, 11]
    nrrs = [ikm.nrr(s, 4) for s in sums]
    assert [float(v) for v in nrrs] == [3.5, 3.5, 2.5, 4.0, 3.25, 3.5, 3.75, 2.75, 2.75]
    index = ikm.ikm(nrrs)
    assert index == Fraction(118, 36)
    assert ikm.round_half_up(index, 4) == Decimal("3.2778")
    assert ikm.konversi(index) == Decimal("81.94")
    assert ikm.mutu(ikm.konversi(index)).code == "B"
    assert str(ikm.mutu(ikm.konversi(index)).label) == "Baik"


def test_weight_is_exactly_one_ninth_so_a_perfect_score_is_100():
    assert ikm.konversi(ikm.ikm([Fraction(4)] * 9)) == Decimal("100.00")
    assert ikm.konversi(ikm.ikm([Fraction(1)] * 9)) == Decimal("25.00")
    # Eight unsur (biaya not asked on a free service): the mean of the eight, weight 1/8.
    assert ikm.ikm([Fraction(3)] * 8 + [None]) == Fraction(3)


@pytest.mark.parametrize("value, code", [
    ("100.00", "A"), ("88.31", "A"), ("88.30", "B"), ("76.61", "B"), ("76.60", "C"),
    ("65.00", "C"), ("64.99", "D"), ("25.00", "D"),
])
def test_every_mutu_boundary(value, code):
    assert ikm.mutu(Decimal(value)).code == code
    assert ikm.mutu(value).code == code


def test_mutu_is_read_from_the_rounded_konversi():
    # 3.5322 x 25 = 88.305 -> 88.31 -> A;  3.53219 x 25 = 88.30475 -> 88.30 -> B
    assert ikm.konversi(Fraction(35322, 10000)) == Decimal("88.31")
    assert ikm.mutu(ikm.konversi(Fraction(35322, 10000))).code == "A"
    assert ikm.konversi(Fraction(353219, 100000)) == Decimal("88.30")
    assert ikm.mutu(ikm.konversi(Fraction(353219, 100000))).code == "B"
    # 3.0644 x 25 = 76.61 (B); 3.064 x 25 = 76.60 (C); 2.6 x 25 = 65.00 (C); 2.5996 x 25 = 64.99 (D)
    nrrs = ("3.5324", "3.532", "3.0644", "3.064", "2.6", "2.5996")
    assert [ikm.unsur_category(Fraction(v)).code for v in nrrs] == ["A", "B", "B", "C", "C", "D"]


@pytest.mark.parametrize("population, sample", [
    (10, 10), (15, 14), (50, 44), (100, 80), (200, 132), (260, 155), (500, 217), (1000, 278), (3000, 341),
    (10_000, 370), (75_000, 382), (1_000_000, 384),
])
def test_krejcie_morgan_table(population, sample):
    assert ikm.krejcie_morgan(population) == sample


def test_period_population_from_annual_figure():
    assert ikm.period_population(1000, 3) == 250
    assert ikm.period_population(1001, 3) == 251  # rounded up
    assert ikm.period_population(None, 3) is None


# --------------------------------------------------------------------------------------------- intake
def test_form_pages_render_for_a_phone(app, client):
    make_service(app)
    page = client.get("/survei").get_data(as_text=True)
    assert "Layanan Informasi Publik (PPID)" in page and "/survei?layanan=layanan-ppid" in page
    response = client.get("/survei?layanan=layanan-ppid")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert 'name="viewport"' in html
    for unsur in ikm.UNSUR:  # each unsur its own question with its own four answers
        assert f'id="{unsur.key}"' in html
        for wording in unsur.answers:
            assert str(wording) in html
    assert html.count('type="radio"') == 9 * 4 + 2  # nine unsur + jenis kelamin
    assert 'class="hp-field" aria-hidden="true"' in html
    assert "style=" not in html
    assert client.get("/survei?layanan=tidak-ada").status_code == 404


def test_complete_questionnaire_is_stored(app, client):
    sid = make_service(app)
    response = post_survey(client, "layanan-ppid", HAND[0], suggestion="Ruang tunggu perlu kipas.")
    assert response.status_code == 302 and "/survei/terima-kasih" in response.headers["Location"]
    assert "Terima kasih" in client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        row = db.session.scalars(select(SurveyResponse)).one()
        assert row.service_id == sid and row.answers() == dict(zip(KEYS, HAND[0]))
        assert (row.gender, row.age, row.education, row.occupation) == ("P", 34, "S1", "Wirausaha")
        assert row.suggestion == "Ruang tunggu perlu kipas."
        assert row.submitted_on == survey.local_date(row.submitted_at)
        assert row.token_id is None


def test_incomplete_questionnaire_writes_nothing_and_says_what_is_missing(app, client):
    make_service(app)
    row = list(HAND[0])
    row[2] = None  # waktu unanswered
    row[8] = None  # sarana unanswered
    response = post_survey(client, "layanan-ppid", row, age="", occupation="")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Kuesioner belum lengkap" in html
    for label in ("umur", "pekerjaan", "Waktu Penyelesaian", "Sarana dan Prasarana"):
        assert label in html.split("Belum diisi:")[1].split("</div>")[0]
    assert 'id="waktu-error"' in html and 'id="sarana-error"' in html
    assert "Persyaratan" not in html.split("Belum diisi:")[1].split("</div>")[0]
    # What was answered is kept in the form.
    assert re.search(r'<input[^>]*checked[^>]*id="persyaratan-3"|<input[^>]*id="persyaratan-3"[^>]*checked',
                     html)
    assert count_responses(app) == 0


@pytest.mark.parametrize("extra, message", [
    ({"service_date": (date.today() + timedelta(days=3)).isoformat()}, "tidak boleh setelah hari ini"),
    ({"age": "7"}, "Umur harus 10 sampai 100 tahun"),
    ({"age": "tiga puluh"}, "Umur diisi dengan angka"),
    ({"persyaratan": "5"}, "Persyaratan"),
    ({"education": "Doktor kehormatan"}, "pendidikan"),
    ({"suggestion": "x" * 2001}, "Saran paling banyak 2000 karakter"),
])
def test_invalid_answers_are_refused(app, client, extra, message):
    make_service(app)
    response = post_survey(client, "layanan-ppid", HAND[1], **extra)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count_responses(app) == 0


def test_honeypot_pretends_success_and_stores_nothing(app, client):
    make_service(app)
    response = post_survey(client, "layanan-ppid", HAND[0], website="http://spam.example")
    assert response.status_code == 302 and "/survei/terima-kasih" in response.headers["Location"]
    assert count_responses(app) == 0


def test_rate_limit_on_submissions(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True, SKM_POST_RATE_LIMIT="2 per minute")
    client = app.test_client()
    make_service(app)
    assert post_survey(client, "layanan-ppid", HAND[0]).status_code == 302
    assert post_survey(client, "layanan-ppid", HAND[1]).status_code == 302
    third = post_survey(client, "layanan-ppid", HAND[2])
    assert third.status_code == 429
    assert "Terlalu banyak permintaan" in third.get_data(as_text=True)
    assert count_responses(app) == 2
    assert client.get("/survei?layanan=layanan-ppid").status_code == 200  # reading is not limited


def test_csrf_is_required_on_the_public_form(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    make_service(app)
    assert post_survey(client, "layanan-ppid", HAND[0]).status_code == 400
    html = client.get("/survei?layanan=layanan-ppid").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    assert post_survey(client, "layanan-ppid", HAND[0], csrf_token=token).status_code == 302
    assert count_responses(app) == 1


def test_free_service_biaya_asked_by_default_and_excluded_when_configured(app, client):
    make_service(app, "layanan-a", "Layanan A")
    make_service(app, "layanan-b", "Layanan B", biaya_mode="kecualikan")
    make_service(app, "layanan-c", "Layanan C", is_free=False, biaya_mode="kecualikan")
    def page(slug):
        return client.get(f"/survei?layanan={slug}").get_data(as_text=True)

    assert 'id="biaya"' in page("layanan-a")
    assert "Layanan ini tidak dipungut biaya" in page("layanan-a")
    assert 'id="biaya"' not in page("layanan-b")
    assert 'id="biaya"' in page("layanan-c")  # paid: always asked
    # Excluded: stored as NULL even if a value is posted; IKM over the eight unsur.
    assert post_survey(client, "layanan-b", [4, 4, 2, 1, 4, 4, 4, 4, 4]).status_code == 302
    with app.app_context():
        row = db.session.scalars(select(SurveyResponse)).one()
        assert row.biaya is None
        data = survey.compute(db.session, survey.current_period())
        b = next(s for s in data["services"] if s["slug"] == "layanan-b")
        assert b["unsur_used"] == 8 and b["ikm"] == "3.7500" and b["konversi"] == "93.75"
        assert next(u for u in b["unsur"] if u["key"] == "biaya")["count"] == 0
    # A free service where the respondent did not answer "Gratis" is flagged for staff.
    post_survey(client, "layanan-a", [4, 4, 4, 2, 4, 4, 4, 4, 4])
    with app.app_context():
        data = survey.compute(db.session, survey.current_period())
        assert next(s for s in data["services"] if s["slug"] == "layanan-a")["biaya_paid_on_free"] == 1


# --------------------------------------------------------------------------------------------- tokens
def _make_tokens(app, service_id, count=2, days=30):
    with app.app_context():
        service = db.session.get(Service, service_id)
        _batch, tokens, _exp = survey.create_tokens(db.session, service, count, days, None)
        db.session.commit()
        return tokens


def test_one_time_token_is_consumed_and_a_reused_token_is_refused(app, client):
    sid = make_service(app)
    token, other = _make_tokens(app, sid)
    page = client.get(f"/survei?layanan=layanan-ppid&t={token}")
    assert page.status_code == 200 and f'value="{token}"' in page.get_data(as_text=True)
    assert post_survey(client, "layanan-ppid", HAND[0], t=token).status_code == 302
    again = post_survey(client, "layanan-ppid", HAND[1], t=token)
    assert again.status_code == 409
    assert "sudah dipakai" in again.get_data(as_text=True)
    reopened = client.get(f"/survei?layanan=layanan-ppid&t={token}")
    assert reopened.status_code == 409 and "sudah dipakai" in reopened.get_data(as_text=True)
    assert count_responses(app) == 1
    with app.app_context():
        used = db.session.scalars(select(SurveyToken).where(SurveyToken.used_at.is_not(None))).all()
        assert len(used) == 1
        assert db.session.scalars(select(SurveyResponse)).one().token_id == used[0].id
        # Only the hash is stored.
        assert token not in {t.token_hash for t in db.session.scalars(select(SurveyToken))}
    assert post_survey(client, "layanan-ppid", HAND[1], t=other).status_code == 302
    assert count_responses(app) == 2


def test_unknown_expired_and_foreign_tokens_are_refused(app, client):
    sid = make_service(app)
    other_sid = make_service(app, "layanan-lain", "Layanan Lain")
    (foreign,) = _make_tokens(app, other_sid, 1)
    (expired,) = _make_tokens(app, sid, 1)
    with app.app_context():
        row = db.session.scalars(select(SurveyToken).where(SurveyToken.service_id == sid)).one()
        row.expires_at = datetime.now(UTC) - timedelta(minutes=1)
        db.session.commit()
    refused = ((foreign, "tidak dikenal"), ("bukan-token", "tidak dikenal"), (expired, "kedaluwarsa"))
    for token, text in refused:
        response = post_survey(client, "layanan-ppid", HAND[0], t=token)
        assert response.status_code == 409 and text in response.get_data(as_text=True)
    assert count_responses(app) == 0


def test_service_that_requires_a_token(app, client):
    sid = make_service(app, require_token=True)
    page = client.get("/survei?layanan=layanan-ppid")
    assert page.status_code == 403 and "kartu QR" in page.get_data(as_text=True)
    assert post_survey(client, "layanan-ppid", HAND[0]).status_code == 422
    (token,) = _make_tokens(app, sid, 1)
    assert post_survey(client, "layanan-ppid", HAND[0], t=token).status_code == 302
    assert count_responses(app) == 1


def test_staff_print_token_cards(app, client, login_as):
    make_service(app)
    login_as("editor")
    assert client.get("/admin/survei/kartu-qr").status_code == 200
    response = client.post("/admin/survei/kartu-qr",
                           data={"service": "layanan-ppid", "count": "3", "days": "14"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    urls = re.findall(r'<p class="skm-card-url" data-token-url>([^<]+)</p>', html)
    assert len(urls) == 3 and html.count("<svg") == 3
    token = urls[0].split("t=")[1]
    client.post("/admin/logout")
    assert post_survey(client, "layanan-ppid", HAND[0], t=token).status_code == 302
    login_as("editor")
    bad = client.post("/admin/survei/kartu-qr",
                      data={"service": "layanan-ppid", "count": "500", "days": "14"})
    assert bad.status_code == 422 and "Jumlah kartu harus 1 sampai 100" in bad.get_data(as_text=True)
    assert "survey.tokens.create" in audit_actions(app)


def test_poster_has_a_local_svg_qr_code_and_no_inline_style(app, client):
    make_service(app)
    response = client.get("/survei/poster/layanan-ppid")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert 'class="qr-svg"' in svg and "<path" in svg and "style" not in svg
    assert "http://localhost/survei?layanan=layanan-ppid" in html
    assert "style=" not in html and "<script>" not in html
    assert client.get("/survei/poster/tidak-ada").status_code == 404


# --------------------------------------------------------------------------------------------- results
def _submit_hand_set(client, slug="layanan-ppid"):
    for row in HAND:
        assert post_survey(client, slug, row).status_code == 302


def test_hand_computed_set_through_the_questionnaire_and_sql(app, client):
    make_service(app, annual_population=1000)
    _submit_hand_set(client)
    with app.app_context():
        data = survey.compute(db.session, survey.current_period())
    total = data["total"]
    assert total["respondents"] == 4
    assert [u["nrr"] for u in total["unsur"]] == ["3.500", "3.500", "2.500", "4.000", "3.250", "3.500",
                                                    "3.750", "2.750", "2.750"]
    assert (total["ikm"], total["konversi"], total["mutu"]) == ("3.2778", "81.94", "B")
    assert total["weakest"] == ["waktu"]
    assert [u["mutu"] for u in total["unsur"]] == ["B", "B", "D", "A", "B", "B", "A", "C", "C"]
    assert total["population"] == 250 and total["min_sample"] == 152 and total["sample_ok"] is False
    assert total["profile"]["gender"] == [["L", 0], ["P", 4]]
    assert ["30–39", 4] in total["profile"]["age"]


def test_results_follow_the_wib_date_of_submission(app):
    sid = make_service(app)
    with app.app_context():
        config = survey.config_for(db.session, db.session.get(Service, sid))
        # 31 March 2026, 23.30 WIB = 16.30 UTC: triwulan I; 1 April 00.30 WIB: triwulan II.
        for moment in (datetime(2026, 3, 31, 16, 30, tzinfo=UTC),
                       datetime(2026, 3, 31, 17, 30, tzinfo=UTC)):
            survey.submit_response(db.session, config, answers(HAND[0], service_date="2026-03-30"),
                                   now=moment)
        db.session.commit()
        q1 = survey.compute(db.session, survey.period_from_key("2026-T1"))
        q2 = survey.compute(db.session, survey.period_from_key("2026-T2"))
        s1 = survey.compute(db.session, survey.period_from_key("2026-S1"))
        assert [p["total"]["respondents"] for p in (q1, q2, s1)] == [1, 1, 2]
    with pytest.raises(survey.DomainError):
        survey.period_from_key("2026-03")  # months are not SKM periods


def test_publish_requires_the_follow_up_plan_then_public_page_shows_it(app, client, login_as):
    make_service(app, annual_population=40)
    make_service(app, "layanan-dpt", "Layanan Data Pemilih")
    period = survey.current_period()
    assert "Belum ada hasil survei yang dipublikasikan" in client.get("/survei/hasil").get_data(as_text=True)
    _submit_hand_set(client)
    login_as("editor")
    live = client.get(f"/admin/survei/hasil?periode={period.key}").get_data(as_text=True)
    assert "81,94" in live and "skm-weakest" in live and "Belum ada rencana tindak lanjut" in live

    refused = client.post("/admin/survei/terbitkan", data={"period_key": period.key}, follow_redirects=True)
    assert "Catat dahulu rencana tindak lanjut" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SurveyPublication)) == 0

    short = client.post("/admin/survei/tindak-lanjut", data={
        "period_key": period.key, "scope": "", "unsur": "waktu", "action": "cepat"}, follow_redirects=True)
    assert "minimal 10 karakter" in short.get_data(as_text=True)
    saved = client.post("/admin/survei/tindak-lanjut", data={
        "period_key": period.key, "scope": "", "unsur": "waktu",
        "action": "Menambah satu petugas loket pada jam sibuk dan memasang nomor antrean.",
        "timeline": "Januari 2027", "responsible": "Subbagian Umum", "progress": ""}, follow_redirects=True)
    assert "Rencana tindak lanjut disimpan" in saved.get_data(as_text=True)
    published = client.post("/admin/survei/terbitkan",
                            data={"period_key": period.key, "note": "Catatan analisis."},
                            follow_redirects=True)
    assert "dipublikasikan (versi 1)" in published.get_data(as_text=True)

    client.post("/admin/logout")
    html = client.get("/survei/hasil").get_data(as_text=True)
    assert period.label in html
    assert re.search(r'data-skm="respondents">4<', html)
    assert re.search(r'data-skm="konversi">81,94<', html)
    assert re.search(r'data-skm="mutu">B<', html) and "Baik" in html
    assert "Menambah satu petugas loket" in html and "Januari 2027" in html
    assert "Catatan analisis." in html
    assert "Sampel belum cukup" in html  # 4 of minimum 10 for population 40/4 = 10
    assert 'type="application/json" data-skm-charts' in html and "survey-charts.js" in html
    assert 'id="publik-tabel-gender"' in html and "Layanan Data Pemilih" in html
    per_service = client.get("/survei/hasil?layanan=layanan-ppid").get_data(as_text=True)
    assert re.search(r'data-skm="respondents">4<', per_service)
    assert client.get("/survei/hasil?layanan=tidak-ada").status_code == 404
    assert client.get("/survei/hasil?periode=1999-T1").status_code == 404

    # The published figures are frozen: a new answer moves them only after publishing again.
    assert post_survey(client, "layanan-ppid", [4] * 9).status_code == 302
    assert re.search(r'data-skm="respondents">4<', client.get("/survei/hasil").get_data(as_text=True))
    login_as("editor")
    client.post("/admin/survei/terbitkan", data={"period_key": period.key})
    client.post("/admin/logout")
    html = client.get("/survei/hasil").get_data(as_text=True)
    assert re.search(r'data-skm="respondents">5<', html)
    assert re.search(r'data-skm="konversi">85,56<', html)  # (118 + 36) / 45 x 25 = 85.56
    assert "pembaruan ke-1" in html
    actions = audit_actions(app)
    assert actions.count("survey.publish") == 2 and "survey.follow_up.create" in actions
    with app.app_context():
        assert db.session.scalars(select(SurveyPublication)).one().version == 2
        assert db.session.scalars(select(SurveyFollowUp)).one().author_id is not None


def test_publish_refuses_an_empty_period(app, client, login_as):
    make_service(app)
    login_as("editor")
    response = client.post("/admin/survei/terbitkan", data={"period_key": survey.current_period().key},
                           follow_redirects=True)
    assert "Belum ada responden" in response.get_data(as_text=True)
    bad = client.post("/admin/survei/terbitkan", data={"period_key": "2026-13"}, follow_redirects=True)
    assert "Periode" in bad.get_data(as_text=True)


def test_responses_list_and_delete(app, client, login_as):
    make_service(app)
    _submit_hand_set(client)
    post_survey(client, "layanan-ppid", HAND[0], suggestion="<b>tebal</b>")
    login_as("pimpinan")
    html = client.get("/admin/survei").get_data(as_text=True)
    assert "5 jawaban" in html and "&lt;b&gt;tebal&lt;/b&gt;" in html
    assert "/hapus" not in html  # only admin deletes
    with app.app_context():
        rid = db.session.scalars(select(SurveyResponse.id)).first()
    assert client.post(f"/admin/survei/{rid}/hapus").status_code == 403
    client.post("/admin/logout")
    login_as("admin")
    assert client.post(f"/admin/survei/{rid}/hapus").status_code == 302
    assert count_responses(app) == 4
    assert "survey.response.delete" in audit_actions(app)


@pytest.mark.parametrize("path", [
    "/admin/survei", "/admin/survei/hasil", "/admin/survei/ekspor.xlsx", "/admin/survei/kartu-qr",
    "/admin/survei/pengaturan",
])
def test_anonymous_goes_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["dumas", "wbs"])
def test_other_roles_get_403(app, client, login_as, role):
    login_as(role)
    for path in ("/admin/survei", "/admin/survei/hasil", "/admin/survei/ekspor.xlsx",
                 "/admin/survei/kartu-qr", "/admin/survei/pengaturan"):
        assert client.get(path).status_code == 403, path
    assert client.post("/admin/survei/terbitkan", data={"period_key": "2026-T1"}).status_code == 403


def test_pimpinan_reads_but_does_not_write(app, client, login_as):
    make_service(app)
    login_as("pimpinan")
    assert client.get("/admin/survei/hasil").status_code == 200
    assert "Publikasikan hasil" not in client.get("/admin/survei/hasil").get_data(as_text=True)
    period = survey.current_period().key
    assert client.post("/admin/survei/terbitkan", data={"period_key": period}).status_code == 403
    assert client.post("/admin/survei/tindak-lanjut", data={"period_key": period}).status_code == 403
    assert client.get("/admin/survei/kartu-qr").status_code == 403
    assert client.get("/admin/survei/pengaturan").status_code == 403


# --------------------------------------------------------------------------------------------- export
def test_xlsx_export_layout_read_back(app, client, login_as):
    make_service(app)
    make_service(app, "layanan-dpt", "Layanan Data Pemilih")
    _submit_hand_set(client)
    post_survey(client, "layanan-dpt", [3] * 9, suggestion="=HYPERLINK(\"http://x\")")
    login_as("editor")
    period = survey.current_period()
    response = client.get(f"/admin/survei/ekspor.xlsx?periode={period.key}")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    values = load_workbook(io.BytesIO(response.data), data_only=True)
    formulas = load_workbook(io.BytesIO(response.data))
    assert values.sheetnames == ["Rekap", "Layanan Informasi Publik (PP", "Layanan Data Pemilih"]
    sheet = values["Layanan Informasi Publik (PP"]
    header = [c.value for c in sheet[6]]
    assert header[:7] == ["No.", "Tanggal pengisian", "Tanggal layanan", "Jenis kelamin", "Umur",
                          "Pendidikan", "Pekerjaan"]
    assert header[7:16] == [f"U{i}" for i in range(1, 10)] and header[16] == "Saran"
    rows = [[c.value for c in sheet[r]][7:16] for r in range(7, 11)]
    assert rows == HAND  # one row per respondent, one column per unsur
    labels = {sheet.cell(row=r, column=1).value: r for r in range(11, 25)}
    nrr_row = labels["NRR per unsur"]
    assert [round(sheet.cell(row=nrr_row, column=c).value, 3) for c in range(8, 17)] == \
        [3.5, 3.5, 2.5, 4.0, 3.25, 3.5, 3.75, 2.75, 2.75]
    assert [sheet.cell(row=labels["Jumlah nilai per unsur"], column=c).value for c in range(8, 17)] == \
        [14, 14, 10, 16, 13, 14, 15, 11, 11]
    ikm_row = labels["IKM (nilai indeks) = jumlah NRR tertimbang"]
    assert round(sheet.cell(row=ikm_row, column=8).value, 4) == 3.2778
    assert sheet.cell(row=labels["IKM konversi = IKM × 25"], column=8).value == 81.94
    assert sheet.cell(row=labels["Mutu pelayanan"], column=8).value == "B"
    assert sheet.cell(row=labels["Kinerja unit pelayanan"], column=8).value == "Baik"
    # Real formulas an auditor can follow.
    fsheet = formulas["Layanan Informasi Publik (PP"]
    assert fsheet.cell(row=nrr_row, column=8).value.startswith("=")
    assert fsheet.cell(row=labels["IKM konversi = IKM × 25"], column=8).value.startswith("=ROUND(")
    # A suggestion that looks like a formula stays text.
    dpt = formulas["Layanan Data Pemilih"]
    assert dpt.cell(row=7, column=17).value == "=HYPERLINK(\"http://x\")"
    assert dpt.cell(row=7, column=17).data_type == "s"
    rekap = values["Rekap"]
    names = [rekap.cell(row=r, column=1).value for r in range(6, 9)]
    assert names == ["Layanan Informasi Publik (PPID)", "Layanan Data Pemilih", "Seluruh layanan"]
    assert rekap.cell(row=8, column=2).value == 5
    assert "survey.export" in audit_actions(app)
    one = client.get(f"/admin/survei/ekspor.xlsx?periode={period.key}&layanan=layanan-dpt")
    assert load_workbook(io.BytesIO(one.data)).sheetnames == ["Rekap", "Layanan Data Pemilih"]


# --------------------------------------------------------------------------------------------- settings
def test_admin_settings_population_and_categories(app, client, login_as):
    sid = make_service(app)
    login_as("admin")
    assert client.get("/admin/survei/pengaturan").status_code == 200
    prefix = f"s{sid}-"
    response = client.post(f"/admin/survei/pengaturan/layanan/{sid}", data={
        prefix + "survey_open": "y", prefix + "is_free": "y", prefix + "biaya_mode": "kecualikan",
        prefix + "annual_population": "1000"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "disimpan" in html and "Sampel minimum per tahun: 278 responden" in html
    bad = client.post(f"/admin/survei/pengaturan/layanan/{sid}", data={
        prefix + "survey_open": "y", prefix + "annual_population": "seribu"})
    assert bad.status_code == 422 and "angka bulat" in bad.get_data(as_text=True)
    with app.app_context():
        config = survey.config_for(db.session, db.session.get(Service, sid))
        assert (config.annual_population, config.biaya_mode, config.asks_biaya) == (1000, "kecualikan", False)
    cats = client.post("/admin/survei/pengaturan", data={
        "education": "SD\nSMP\nSMA\nPerguruan tinggi", "occupation": "ASN\nLainnya"}, follow_redirects=True)
    assert "Pilihan profil responden disimpan" in cats.get_data(as_text=True)
    form = client.get("/survei?layanan=layanan-ppid").get_data(as_text=True)
    assert "Perguruan tinggi" in form and 'id="biaya"' not in form
    dup = client.post("/admin/survei/pengaturan", data={"education": "SD\nsd", "occupation": "ASN\nLainnya"})
    assert dup.status_code == 422 and "tertulis dua kali" in dup.get_data(as_text=True)
    actions = audit_actions(app)
    assert "survey.settings.service" in actions and "survey.settings.categories" in actions
    # Closing a service removes it from the questionnaire.
    client.post(f"/admin/survei/pengaturan/layanan/{sid}", data={prefix + "is_free": "y",
                                                                 prefix + "biaya_mode": "tanya"})
    assert client.get("/survei?layanan=layanan-ppid").status_code == 404


def test_editor_cannot_change_settings(client, login_as):
    login_as("editor")
    assert client.get("/admin/survei/pengaturan").status_code == 403


def test_demo_sample_publishes_previous_quarter(app):
    from portal.core import defaults

    with app.app_context():
        defaults.load_all(db.session)
        line = survey.demo_sample(db.session)
        db.session.commit()
        assert "200 jawaban contoh" in line
        publications = survey.published(db.session)
        assert len(publications) <= 1
        assert survey.demo_sample(db.session).startswith("survei: sudah ada")


def test_dashboard_panel_shows_the_running_triwulan(app, client, login_as):
    make_service(app)
    _submit_hand_set(client)
    login_as("pimpinan")
    html = client.get("/admin/").get_data(as_text=True)
    assert 'id="panel-skm"' in html and survey.current_period().label in html
    assert "Responden: 4" in html and "IKM konversi: 81,94" in html
    assert "unsur terendah: Waktu Penyelesaian" in html
