"""Background jobs that kept failing after every retry (portal/core/jobs.py): kept until an admin retries
or deletes them at /admin/antrean, never dropped.

A row holds what the job needs to run again (the registered job name and its JSON arguments: for an
e-mail, the recipient and the text), so only admins see the list, and it shows the kind, the times and the
error's type, not the arguments."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.models.base import Base, UTCDateTime, utcnow


class FailedJob(Base):
    __tablename__ = "failed_jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), nullable=False, index=True)
    arguments: Mapped[str] = mapped_column(Text, nullable=False, default="[]")
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    error: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    first_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False, index=True)


class ExportFile(Base):
    """A large export built by a job (more rows than EXPORT_INLINE_ROWS): the requester waits on
    /admin/unduhan/<token>, which any app server can answer (the file is in the database, not on one
    machine's disk). Only its requester may download it; rows older than a day are removed."""

    __tablename__ = "export_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    user_id: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    filename: Mapped[str] = mapped_column(String(120), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    body: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
