"""Staff accounts and roles."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.models.base import Base, UTCDateTime, utcnow

# Role name -> label (translated lazily, so the admin form shows it in the visitor's language).
ROLES: dict[str, str] = {
    "admin": _l("Administrator (pengguna, pengaturan)"),
    "dumas": _l("Petugas DUMAS (pengaduan masyarakat)"),
    "wbs": _l("Tim WBS (Tim Penguatan Pengawasan)"),
    "editor": _l("Editor konten"),
    "pimpinan": _l("Pimpinan (hanya baca dasbor)"),
    "ppid": _l("Petugas PPID (informasi publik)"),
    "atasan_ppid": _l("Atasan PPID (menjawab keberatan informasi)"),
    "pegawai": _l("Pegawai (melapor gratifikasi, menyatakan benturan kepentingan)"),
    "upg": _l("Unit Pengendalian Gratifikasi (UPG)"),
    "risiko": _l("Pengelola risiko SPIP"),
}


class User(UserMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    # Space-separated role names, e.g. "dumas editor". Least privilege: admin is not a superuser of cases.
    roles: Mapped[str] = mapped_column(String(120), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Wrong passwords since the last correct one (the password step). Wrong TOTP codes count separately in
    # totp_failures: a correct password never resets them, only a correct code does.
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    totp_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    totp_secret: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Last TOTP time step accepted: a code is never accepted twice (replay within its 30 s window).
    totp_last_step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    @property
    def role_set(self) -> set[str]:
        return set(self.roles.split())

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set.intersection(roles))

    def is_locked(self, now: datetime | None = None) -> bool:
        """True while a lockout after too many wrong passwords or TOTP codes is running."""
        return self.locked_until is not None and self.locked_until > (now or utcnow())

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    def get_id(self) -> str:
        # Bumping session_version (log-out, password change) invalidates every old session cookie.
        return f"{self.id}:{self.session_version}"

    def __repr__(self) -> str:
        return f"<User {self.email}>"


# Roles that open confidential data (WBS reports) or every account (admin): granted only with a second
# admin's approval or from the command line, never by the grantee, and announced to the WBS team.
PRIVILEGED_ROLES = ("wbs", "admin")
GRANT_STATUSES = ("pending", "approved", "rejected")


class RoleGrant(Base):
    """A request by one admin to give `role` (one of PRIVILEGED_ROLES) to a user; effective only once a
    different admin (neither the requester nor the grantee) approves it."""

    __tablename__ = "role_grants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])


class LoginFailure(Base):
    """Wrong-password counter and lockout for log-in names that are not accounts, so that an unknown address
    locks after the same number of failures as a real one. Keyed by an HMAC of the normalised e-mail (the
    address itself is never stored). Columns mirror User.failed_logins / User.locked_until."""

    __tablename__ = "login_failures"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)


class StaffProfile(Base):
    """An employee's staff details (NIP, position, unit), filled by `flask import-staff`; one per account."""

    __tablename__ = "staff_profiles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    nip: Mapped[str] = mapped_column(String(30), default="")
    jabatan: Mapped[str] = mapped_column(String(160), default="")
    unit: Mapped[str] = mapped_column(String(160), default="")

    user: Mapped[User] = relationship(foreign_keys=[user_id])
