"""Tracking numbers DUMAS-<year>-<5 digits>: format, sequence, the new-year restart (in WIB), no number
used up by a refused submission, and 20 concurrent transactions getting 20 distinct consecutive numbers."""
from __future__ import annotations

import threading

import pytest
from freezegun import freeze_time
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.core import numbering
from portal.dumas.models import Complaint, ComplaintCounter
from portal.extensions import db
from tests.dumas_public_helpers import form_data, load_categories, post_complaint, submit_ok


def test_format_number():
    assert numbering.format_number("DUMAS", 2026, 1) == "DUMAS-2026-00001"
    assert numbering.format_number("DUMAS", 2026, 99999) == "DUMAS-2026-99999"
    assert numbering.format_number("DUMAS", 2026, 123456) == "DUMAS-2026-123456"  # grows, never wraps


def test_sequence_and_new_year_restart(app, client):
    cats = load_categories(app)
    with freeze_time("2026-03-10 03:00:00"):
        assert submit_ok(client, cats["pelayanan"], event_date="")[0] == "DUMAS-2026-00001"
        assert submit_ok(client, cats["pelayanan"], event_date="")[0] == "DUMAS-2026-00002"
    # 31 December 23:59 WIB is still 2026 ...
    with freeze_time("2026-12-31 16:59:00"):
        assert submit_ok(client, cats["pelayanan"], event_date="")[0] == "DUMAS-2026-00003"
    # ... and 00:00:30 WIB on 1 January (still 31 December in UTC) is 2027: the sequence restarts.
    with freeze_time("2026-12-31 17:00:30"):
        assert submit_ok(client, cats["pelayanan"], event_date="")[0] == "DUMAS-2027-00001"
        assert submit_ok(client, cats["pelayanan"], event_date="")[0] == "DUMAS-2027-00002"
    with app.app_context():
        counters = {c.year: c.last_seq for c in db.session.scalars(select(ComplaintCounter))}
        assert counters == {2026: 3, 2027: 2}
        rows = db.session.scalars(select(Complaint).order_by(Complaint.id)).all()
        assert [(c.year, c.seq) for c in rows] == [(2026, 1), (2026, 2), (2026, 3), (2027, 1), (2027, 2)]


def test_refused_submission_uses_no_number(app, client):
    cats = load_categories(app)
    with freeze_time("2026-05-04 03:00:00"):
        assert post_complaint(client, form_data(cats["pelayanan"], consent=None)).status_code == 422
        assert submit_ok(client, cats["pelayanan"])[0] == "DUMAS-2026-00001"


def test_concurrent_transactions_get_distinct_consecutive_numbers(app, db_backend):
    """20 threads, each in its own session and transaction, take a number at the same moment.

    PostgreSQL: the UPDATE ... RETURNING row lock queues them. SQLite (file database): its single writer
    lock serialises them; each transaction's first statement is a write, so none has to upgrade a read lock
    and the 5 s busy timeout is plenty for 20 short transactions, so the test runs on both backends.
    """
    threads_count = 20
    year = 2031
    with app.app_context():
        engine = db.engine
        with Session(engine) as session:  # create the year's counter row first, as a normal day would
            numbering.next_sequence(session, year, ComplaintCounter)
            session.commit()
        barrier = threading.Barrier(threads_count)
        results: list[int] = []
        errors: list[BaseException] = []
        lock = threading.Lock()

        def worker():
            try:
                with Session(engine) as session:
                    barrier.wait(timeout=10)
                    seq = numbering.next_sequence(session, year, ComplaintCounter)
                    session.commit()
                with lock:
                    results.append(seq)
            except Exception as exc:  # noqa: BLE001 - any failure is reported by the assertion below
                with lock:
                    errors.append(exc)

        threads = [threading.Thread(target=worker) for _ in range(threads_count)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert not errors, errors
        assert sorted(results) == list(range(2, threads_count + 2))
        with Session(engine) as session:
            assert session.get(ComplaintCounter, year).last_seq == threads_count + 1


def test_concurrent_first_of_year_rows_do_not_collide(app, db_backend):
    """Two transactions creating the same new year's counter row: ON CONFLICT DO NOTHING lets both pass."""
    if db_backend != "postgres":
        pytest.skip("SQLite has one writer at a time, so two first-of-year inserts cannot race there")
    year = 2032
    with app.app_context():
        engine = db.engine
        barrier = threading.Barrier(8)
        results: list[int] = []

        def worker():
            with Session(engine) as session:
                barrier.wait(timeout=10)
                results.append(numbering.next_sequence(session, year, ComplaintCounter))
                session.commit()

        threads = [threading.Thread(target=worker) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert sorted(results) == list(range(1, 9))
