"""One-time form tokens and the short-lived stash of files kept across a validation error.

Rows carry a hash of the token (never the token), the form name and the local day only: no address,
no user agent, no precise time. What a row must keep for a few minutes (the receipt shown after the
redirect, the expiry of a stashed file) is inside a sealed payload; rows are purged after a few days.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.models.base import Base


class FormToken(Base):
    """A used (or being used) form token: the unique hash makes a concurrent double submit file once."""

    __tablename__ = "form_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    form: Mapped[str] = mapped_column(String(20), nullable=False)
    day: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    # What the result page shows (receipt), sealed with a key derived from the token itself.
    result: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class FormStashFile(Base):
    """A file that passed validation on a submission that failed for another reason."""

    __tablename__ = "form_stash_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    day: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    payload: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
