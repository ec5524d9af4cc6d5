"""Tracking numbers <PREFIX>-<year>-<5 digits> (DUMAS-2026-00001): sequential per year, never duplicated,
also under concurrency. Each case feature keeps its own counter table (a model with `year` as primary key
and `last_seq`, like DUMAS's counter) and passes it in.

The counter row is incremented with one UPDATE ... RETURNING, which takes a row lock on PostgreSQL
(concurrent transactions queue on it) and is serialised by SQLite's single writer. The row for a new
year is created with INSERT ... ON CONFLICT DO NOTHING so two first-of-year submissions don't collide.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def next_sequence(session: Session, year: int, counter: Any) -> int:
    """The next number of `year` in the counter table `counter` (a model: year primary key, last_seq)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(
        insert(counter).values(year=year, last_seq=0).on_conflict_do_nothing(index_elements=["year"])
    )
    return session.execute(
        update(counter)
        .where(counter.year == year)
        .values(last_seq=counter.last_seq + 1)
        .returning(counter.last_seq)
    ).scalar_one()


def format_number(prefix: str, year: int, seq: int) -> str:
    return f"{prefix}-{year}-{seq:05d}"
