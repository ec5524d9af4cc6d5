"""The case engine (portal/core/cases.py) on its own, with a tiny fake workflow on the real database:
states and labels, a guarded transition, a refused one (nothing written), the stamps and the follow-up log
adapter, and the deadline rule as SQL (overdue, nearly due) and in Python."""
from __future__ import annotations

from datetime import date

import pytest
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from freezegun import freeze_time
from sqlalchemy import Date, ForeignKey, Integer, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from portal.core.cases import CaseClock, Move, Stamps, State, Workflow, max_length, required
from portal.core.errors import DomainError
from portal.core.models.calendar import Holiday
from portal.extensions import db


class FakeBase(DeclarativeBase):
    pass


class Request(FakeBase):
    """A PPID-like request: received, then answered (closed) or extended once."""

    __tablename__ = "test_case_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(20), default="masuk")
    received_on: Mapped[date] = mapped_column(Date)
    answer_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    extended_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    answer: Mapped[str] = mapped_column(String(200), default="")
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    last_activity_on: Mapped[date | None] = mapped_column(Date, nullable=True)


class Entry(FakeBase):
    __tablename__ = "test_case_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("test_case_requests.id"))
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(200), default="")


def _write_entry(move: Move) -> Entry:
    entry = Entry(request_id=move.case.id, from_status=move.from_state, to_status=move.to_state,
                  note=move.notice)
    move.session.add(entry)
    return entry


def _before_first_deadline(move: Move) -> None:
    if move.day > move.case.answer_due:
        raise DomainError("Perpanjangan hanya sebelum tenggat pertama (%(due)s).", due=move.case.answer_due)


def _extend(move: Move) -> None:
    move.case.extended_due = move.get("due")


WORKFLOW = Workflow(
    states={"masuk": State(_l("Diterima")), "diperpanjang": State(_l("Diproses")),
            "dijawab": State(_l("Selesai"), closed=True)},
    transitions={"masuk": ("diperpanjang", "dijawab"), "diperpanjang": ("dijawab",), "dijawab": ()},
    requires={"dijawab": (required("answer", "Jawaban wajib diisi."),
                          max_length("answer", 20, "Jawaban terlalu panjang (maksimal %(n)s karakter).")),
              "diperpanjang": (_before_first_deadline,)},
    effects={"dijawab": (lambda move: setattr(move.case, "answer", move.text("answer")),),
             "diperpanjang": (_extend,)},
    notices={"dijawab": lambda move: move.case.answer},
    log=_write_entry,
    stamps=Stamps(closed="closed_on", activity="last_activity_on", by_day=True),
)
CLOCK = CaseClock(Request, WORKFLOW, default="answer_due", phases={"diperpanjang": "extended_due"})


@pytest.fixture
def session(app):
    with app.app_context():
        FakeBase.metadata.create_all(db.engine)
        try:
            yield db.session
        finally:
            db.session.rollback()
            FakeBase.metadata.drop_all(db.engine)


def _request(session, **values) -> Request:
    values.setdefault("received_on", date(2026, 8, 13))
    values.setdefault("answer_due", date(2026, 8, 27))
    request = Request(**values)
    session.add(request)
    session.flush()
    return request


def _entries(session) -> list[tuple[str, str, str]]:
    return [(e.from_status, e.to_status, e.note) for e in session.scalars(select(Entry).order_by(Entry.id))]


def test_states_labels_and_table(session):
    assert list(WORKFLOW.labels) == ["masuk", "diperpanjang", "dijawab"]
    assert str(WORKFLOW.labels["dijawab"]) == "Selesai"
    assert WORKFLOW.open_states == ("masuk", "diperpanjang") and WORKFLOW.closed_states == ("dijawab",)
    request = _request(session)
    assert WORKFLOW.allowed(request) == ("diperpanjang", "dijawab") and WORKFLOW.is_open(request)


def test_a_guarded_transition_runs_effects_stamps_and_log(session):
    request = _request(session)
    with freeze_time("2026-08-20 03:00:00"):  # 10.00 WIB, Thursday
        move = WORKFLOW.transition(session, request, "dijawab", None, answer="  Terlampir.  ")
    assert (move.from_state, move.to_state, move.closes) == ("masuk", "dijawab", True)
    assert request.status == "dijawab" and request.answer == "Terlampir."
    assert request.closed_on == date(2026, 8, 20) and request.last_activity_on == date(2026, 8, 20)
    assert move.notice == "Terlampir." and isinstance(move.entry, Entry)
    session.flush()
    assert _entries(session) == [("masuk", "dijawab", "Terlampir.")]
    assert not WORKFLOW.is_open(request) and WORKFLOW.allowed(request) == ()


def test_the_callers_public_note_wins_over_the_default(session):
    request = _request(session)
    move = WORKFLOW.transition(session, request, "dijawab", None, answer="Ya.",
                               public_note=" Lihat lampiran. ")
    assert move.notice == "Lihat lampiran."


@pytest.mark.parametrize(("to_state", "values", "message"), [
    ("dijawab", {}, "Jawaban wajib diisi."),
    ("dijawab", {"answer": "   "}, "Jawaban wajib diisi."),
    ("dijawab", {"answer": "x" * 21}, "Jawaban terlalu panjang (maksimal 20 karakter)."),
    ("hilang", {}, "Status tujuan tidak dikenal."),
])
def test_a_broken_rule_changes_nothing(session, to_state, values, message):
    request = _request(session)
    with pytest.raises(DomainError) as err:
        WORKFLOW.transition(session, request, to_state, None, **values)
    assert err.value.message == message
    assert request.status == "masuk" and request.answer == "" and request.closed_on is None
    assert request.last_activity_on is None and _entries(session) == []


def test_a_move_the_table_does_not_allow_is_refused_with_both_labels(session, app):
    request = _request(session, status="dijawab")
    with pytest.raises(DomainError) as err:
        WORKFLOW.transition(session, request, "masuk", None)
    assert err.value.msgid == "Perubahan status dari '%(a)s' ke '%(b)s' tidak diizinkan."
    assert err.value.message == "Perubahan status dari 'Selesai' ke 'Diterima' tidak diizinkan."
    with app.test_request_context("/"), force_locale("en"):
        assert err.value.message == "Changing the status from 'Resolved' to 'Received' is not allowed."
    assert _entries(session) == []


def test_a_guard_reads_the_move_day(session):
    request = _request(session)
    with freeze_time("2026-08-28 03:00:00"), pytest.raises(DomainError) as err:
        WORKFLOW.transition(session, request, "diperpanjang", None, due=date(2026, 9, 7))
    assert err.value.params == {"due": date(2026, 8, 27)} and request.status == "masuk"
    with freeze_time("2026-08-26 03:00:00"):
        WORKFLOW.transition(session, request, "diperpanjang", None, due=date(2026, 9, 7))
    assert request.status == "diperpanjang" and request.extended_due == date(2026, 9, 7)
    assert request.closed_on is None  # an open state clears the closing stamp


def test_deadline_rule_in_sql_and_in_python(session):
    session.add(Holiday(day=date(2026, 8, 17), name="Proklamasi Kemerdekaan"))
    late = _request(session, answer_due=date(2026, 8, 13))
    soon = _request(session, answer_due=date(2026, 8, 18))  # from Fri 14: Mon 17 a holiday, Tue 18 day 1
    later = _request(session, answer_due=date(2026, 8, 20))
    extended = _request(session, status="diperpanjang", answer_due=date(2026, 8, 10),
                        extended_due=date(2026, 9, 1))
    closed = _request(session, status="dijawab", answer_due=date(2026, 8, 1))
    undated = _request(session, answer_due=None)
    session.flush()
    window = CLOCK.window(session, 2, on=date(2026, 8, 14))
    assert window.nearly_until == date(2026, 8, 19)

    def ids(clause):
        return set(session.scalars(select(Request.id).where(clause)))

    assert ids(CLOCK.overdue(window)) == {late.id}  # the extension's own date applies; closed is never late
    assert ids(CLOCK.nearly_due(window)) == {soon.id}
    assert ids(CLOCK.open_clause()) == {late.id, soon.id, later.id, extended.id, undated.id}
    assert [CLOCK.state(window, r) for r in (late, soon, later, extended, closed, undated)] == [
        "overdue", "nearly_due", "", "", "", ""]
    assert CLOCK.due_of(extended) == date(2026, 9, 1) and CLOCK.due_of(late) == date(2026, 8, 13)
    assert CLOCK.days_left(session, soon.answer_due, date(2026, 8, 14)) == 1
    assert CLOCK.days_left(session, late.answer_due, date(2026, 8, 14)) == -1
    assert CLOCK.days_left(session, None) is None


def test_window_defaults_to_the_office_day(session, app):
    app.config["PORTAL_TIMEZONE"] = "Asia/Jayapura"  # WIT, UTC+9
    with freeze_time("2026-08-13 16:30:00"):  # 23.30 WIB, already Friday 01.30 WIT
        assert CLOCK.window(session, 0).today == date(2026, 8, 14)
