"""Tracking numbers DUMAS-<year>-<5 digits>: sequential per year, never duplicated, also under concurrency.

The counter row is incremented with one UPDATE ... RETURNING, which takes a row lock on PostgreSQL
(concurrent transactions queue on it) and is serialised by SQLite's single writer. The row for a new
year is created with INSERT ... ON CONFLICT DO NOTHING so two first-of-year submissions don't collide.
"""
from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from portal.dumas.models import ComplaintCounter


def next_sequence(session: Session, year: int) -> int:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(
        insert(ComplaintCounter).values(year=year, last_seq=0).on_conflict_do_nothing(index_elements=["year"])
    )
    return session.execute(
        update(ComplaintCounter)
        .where(ComplaintCounter.year == year)
        .values(last_seq=ComplaintCounter.last_seq + 1)
        .returning(ComplaintCounter.last_seq)
    ).scalar_one()


def format_number(prefix: str, year: int, seq: int) -> str:
    return f"{prefix}-{year}-{seq:05d}"
