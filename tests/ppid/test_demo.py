"""`flask demo-data` for PPID requests: a year of information requests in every state, built through the
real numbering, access codes and workflow, with objections (both outcomes, some open) and disputes."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from portal.accounts import service as accounts
from portal.core import clock, defaults
from portal.core.workdays import DueWindow, due_date, holidays_between, local_date, working_days_between
from portal.extensions import db
from portal.ppid import demo as ppid_demo
from portal.ppid import intake, workflow
from portal.ppid.models import (
    APPLICANT_TYPES,
    DELIVERY_METHODS,
    REQUEST_CHANNELS,
    InfoRequest,
    InfoRequestFile,
    Objection,
)

DEMO_DAY = "2026-12-01 03:00:00"  # Tuesday 10.00 WIB, as tests/api use it
PASSWORD = "demo-uji-ppid-2026!"
SAMPLE_RE = re.compile(r"coba /ppid/lacak dengan (PPID-\d{4}-\d{5}) dan kode akses ([A-Z0-9]{4}-[A-Z0-9]{4})")


def _load(app) -> str:
    with app.app_context(), freeze_time(DEMO_DAY):
        defaults.load_all(db.session)
        line = ppid_demo.demo_sample(db.session, PASSWORD)
        db.session.commit()
    return line


def test_the_sampler_fills_every_request_state_on_the_clock(app):
    _load(app)
    with app.app_context(), freeze_time(DEMO_DAY):
        requests = db.session.scalars(select(InfoRequest).order_by(InfoRequest.received_at,
                                                                   InfoRequest.id)).all()
        assert 60 <= len(requests) <= 120
        assert {r.status for r in requests} == set(workflow.STATES)
        numbers = [r.number for r in requests]
        assert len(set(numbers)) == len(numbers)
        assert all(re.fullmatch(r"PPID-2026-\d{5}", n) for n in numbers), numbers
        assert [r.seq for r in requests] == list(range(1, len(requests) + 1))  # in order of arrival
        assert {r.channel for r in requests} == set(REQUEST_CHANNELS)
        assert {r.delivery for r in requests} == set(DELIVERY_METHODS)
        assert {r.applicant_type for r in requests} == set(APPLICANT_TYPES)
        assert all(r.representative for r in requests if r.applicant_type == "badan_hukum")

        today = clock.today()
        holidays = holidays_between(db.session, requests[0].received_at.date() - timedelta(days=5), today)
        for r in requests:
            received = local_date(r.received_at)
            assert received.year == 2026 and received <= today
            assert r.notice_due == due_date(db.session, received, app.config["PPID_NOTICE_DAYS"])
            moments = [e.at for e in r.events]
            assert moments == sorted(moments) and r.events[-1].to_status == r.status, r.number
            if r.status in workflow.DECISIONS:
                closed = local_date(r.closed_at)
                assert r.days_to_answer == working_days_between(received, closed, holidays), r.number
                assert r.answered_on_time is (closed <= r.due), r.number
            else:
                assert r.closed_at is None and r.days_to_answer is None
            if r.extended_at is not None:
                assert r.extension_reason and local_date(r.extended_at) <= r.notice_due
                assert r.extended_due == due_date(db.session, r.notice_due, app.config["PPID_EXTENSION_DAYS"])
        assert any(r.answered_on_time is False for r in requests), "a few answered late"

        # the open ones: inside the deadline, nearly due and overdue, extended or not
        window = DueWindow.build(db.session, app.config["PPID_NEARLY_DUE_DAYS"], today)
        marks = {(r.status, window.classify(r.due, True)) for r in requests if r.status in ("diterima",
                                                                                              "diperpanjang")}
        assert marks >= {("diterima", ""), ("diterima", "nearly_due"), ("diterima", "overdue"),
                         ("diperpanjang", ""), ("diperpanjang", "nearly_due"), ("diperpanjang", "overdue")}

        # each decision carries what its written notice says
        for r in requests:
            if r.status == "dikabulkan":
                assert r.delivery_note and r.answer_format and r.exemption_id is None
            elif r.status == "dikabulkan_sebagian":
                assert r.redaction_note and r.exemption is not None and r.delivery_note
            elif r.status == "ditolak":
                assert r.exemption is not None and r.exemption.ground in "ahi" and r.decision_reason
            elif r.status == "tidak_dikuasai":
                assert r.holding_body and r.decision_reason
        full = [r for r in requests if r.status == "dikabulkan" and r.released_files]
        assert full and any(r.cost > 0 and r.payment_note for r in requests)
        partial = [r for r in requests if r.status == "dikabulkan_sebagian" and r.released_files]
        assert partial
        released = db.session.scalars(select(InfoRequestFile).where(InfoRequestFile.kind == "dokumen")).all()
        assert {f.content_type for f in released} == {"application/pdf", "image/png"}
        assert all(f.data[:4] in (b"%PDF", b"\x89PNG") and f.size == len(f.data) for f in released)
        for r in requests:  # files released with a granted request sent by e-mail or download, not otherwise
            sent = r.status in workflow.GRANTED and r.delivery in ("email", "unduh")
            assert bool(r.released_files) is sent, r.number
            assert all(f.uploaded_at == r.closed_at for f in r.released_files)
        identity = db.session.scalars(
            select(InfoRequestFile).where(InfoRequestFile.kind == "identitas")).all()
        assert identity and all(f.content_type == "image/png" and f.data[:4] == b"\x89PNG" for f in identity)
        assert {f.request.applicant_type for f in identity} == set(APPLICANT_TYPES)  # KTP and akta scans


def test_the_sampler_records_objections_with_both_outcomes_and_a_dispute(app):
    line = _load(app)
    with app.app_context(), freeze_time(DEMO_DAY):
        objections = db.session.scalars(select(Objection).order_by(Objection.filed_at)).all()
        superior = accounts.find_by_email(db.session, ppid_demo.SUPERIOR_EMAIL)
        assert superior is not None and superior.has_role("atasan_ppid")
        answered = [o for o in objections if o.status == "dijawab"]
        assert {o.outcome for o in answered} == {"diterima", "ditolak"}
        assert any(o.status == "diajukan" and not o.outcome and o.answered_at is None for o in objections)
        for o in objections:
            filed = local_date(o.filed_at)
            assert o.ground_arose_on <= filed and o.reasons
            assert o.answer_due == due_date(db.session, filed, app.config["PPID_OBJECTION_ANSWER_DAYS"])
            if o.request.status in workflow.DECISIONS:
                assert o.filed_at > o.request.closed_at
        for o in answered:
            day = local_date(o.answered_at)
            assert o.answer and o.answered_by_id == superior.id and o.answered_at > o.filed_at
            assert o.answered_on_time is (day <= o.answer_due)
        # the one not answered at all is objected to on Pasal 35 huruf c, while still open
        assert any(o.ground == "c" and o.request.status == "diterima" for o in objections)
        assert {o.ground for o in objections if o.request.status == "ditolak"} <= {"a"}
        disputes = [o for o in objections if o.dispute_filed_on]
        assert 1 <= len(disputes) <= 2
        for o in disputes:
            assert o.outcome == "ditolak" and o.dispute_register and o.dispute_result and o.dispute_note
            answered_on = local_date(o.answered_at)
            assert answered_on < o.dispute_filed_on <= due_date(db.session, answered_on,
                                                                 app.config["PPID_DISPUTE_DAYS"])
            assert o.dispute_filed_on < o.dispute_decided_on < local_date(o.filed_at) + timedelta(days=400)
    assert f"{len(objections)} keberatan" in line and f"{len(disputes)} sengketa" in line


def test_the_printed_number_and_code_open_the_request(app):
    line = _load(app)
    number, code = SAMPLE_RE.search(line).groups()
    with app.app_context():
        key = intake.secret_key(app.config)
        found = intake.track(db.session, number, code, key)
        assert found is not None and found.number == number
        # the sample shows a decision with a released file, and can still be objected to
        assert found.status == "dikabulkan_sebagian" and found.released_files and not found.objections
        assert intake.track(db.session, number, "AAAA-AAAA", key) is None


@pytest.mark.parametrize("existing", ["nothing", "dip"])
def test_demo_data_twice_adds_nothing(app, runner, existing):
    with app.app_context():
        defaults.load_all(db.session)
        if existing == "dip":  # an office that already keeps its DIP still gets the sample requests
            ppid_demo._dip_sample(db.session, accounts.create_user(db.session, "ppid2@contoh.id", PASSWORD,
                                                                    ["ppid"]))
        db.session.commit()

    def counts():
        with app.app_context():
            return tuple(db.session.scalar(select(func.count()).select_from(model))
                         for model in (InfoRequest, Objection, InfoRequestFile))

    with freeze_time(DEMO_DAY):
        first = runner.invoke(args=["demo-data", "--password", PASSWORD])
        assert first.exit_code == 0, first.output
        once = counts()
        second = runner.invoke(args=["demo-data", "--password", PASSWORD])
        assert second.exit_code == 0, second.output
    assert once[0] >= 60 and once[1] and once[2]
    assert counts() == once
    assert SAMPLE_RE.search(first.output)
    assert "atasan.ppid@demo.example" in first.output
    [line] = [line for line in second.output.splitlines() if line.startswith("PPID:")]
    assert line.startswith("PPID: sudah ada Daftar Informasi Publik dan permohonan informasi")
