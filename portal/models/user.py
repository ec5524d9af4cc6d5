"""Staff accounts and roles."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.base import Base, UTCDateTime, utcnow

# Role name -> label (translated lazily, so the admin form shows it in the visitor's language).
ROLES: dict[str, str] = {
    "admin": _l("Administrator (pengguna, pengaturan)"),
    "dumas": _l("Petugas DUMAS (pengaduan masyarakat)"),
    "wbs": _l("Tim WBS (Tim Penguatan Pengawasan)"),
    "editor": _l("Editor konten"),
    "pimpinan": _l("Pimpinan (hanya baca dasbor)"),
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
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
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
        """True while a lockout after too many wrong passwords is running."""
        return self.locked_until is not None and self.locked_until > (now or utcnow())

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    def get_id(self) -> str:
        # Bumping session_version (log-out, password change) invalidates every old session cookie.
        return f"{self.id}:{self.session_version}"

    def __repr__(self) -> str:
        return f"<User {self.email}>"
