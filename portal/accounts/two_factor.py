"""TOTP second factor (RFC 6238, pyotp): required for the `wbs` and `admin` roles, optional for others.

- Enrolment: a fresh secret is shown as a QR code rendered here (segno SVG as a data: URI, no outside
  service, CSP-safe) and as text; it is saved only once the user proves it with a valid code.
- Verification: the code of the current 30-second step or one step either side is accepted, each step
  at most once per user (replay protection). Wrong codes are counted apart from wrong passwords
  (users.totp_failures, reset only by a correct code) and lock the account like the password lockout.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pyotp
import segno
from flask_babel import gettext
from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from portal.accounts import service as accounts
from portal.accounts.models import User
from portal.core import audit
from portal.core.models.base import utcnow

REQUIRED_ROLES = ("wbs", "admin")
INTERVAL = 30


def required_for(user: User) -> bool:
    """TOTP is asked of every user who enrolled, and is mandatory for the WBS team and administrators."""
    return bool(user.totp_secret) or user.has_role(*REQUIRED_ROLES)


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str, issuer: str) -> str:
    return pyotp.TOTP(secret, interval=INTERVAL).provisioning_uri(name=email, issuer_name=issuer)


def qr_data_uri(uri: str) -> str:
    """The QR code as an SVG data: URI (the CSP allows data: images; nothing leaves the server)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def group_secret(secret: str) -> str:
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def _clean_code(code: str | None) -> str | None:
    code = "".join((code or "").split())
    return code if len(code) == 6 and code.isascii() and code.isdigit() else None


def matching_step(secret: str, code: str | None, *, now=None) -> int | None:
    """The time step (current, previous or next) whose code equals `code`, else None."""
    code = _clean_code(code)
    if code is None:
        return None
    totp = pyotp.TOTP(secret, interval=INTERVAL)
    moment = now or utcnow()
    current = int(moment.timestamp()) // INTERVAL
    for step in (current, current - 1, current + 1):
        if pyotp.utils.strings_equal(totp.at(step * INTERVAL), code):
            return step
    return None


@dataclass
class CheckResult:
    ok: bool
    error: str = ""
    locked: bool = False


def _locked_message() -> str:
    return gettext("Akun terkunci sementara karena terlalu banyak percobaan gagal. Coba lagi nanti.")


def _locked(session: Session, user: User, *, max_failures: int, lockout_minutes: int, now) -> CheckResult:
    # The counter may stand at the limit with no lock yet (a parallel request is evaluating the last slot):
    # finish the lock, so the refusal never depends on that request completing.
    table = User.__table__
    if accounts.lock_row(session, table, table.c.id == user.id, column="totp_failures",
                         until=now + timedelta(minutes=lockout_minutes), only_if_at=max_failures, now=now):
        _end_sessions(session, user)
    audit.record(session, None, "auth.login_locked", user, factor="totp")
    return CheckResult(False, _locked_message(), locked=True)


def _end_sessions(session: Session, user: User) -> None:
    session.execute(update(User).where(User.id == user.id).values(session_version=User.session_version + 1)
                    .execution_options(synchronize_session=False))
    session.refresh(user)


def check(session: Session, user: User, code: str | None, *, secret: str | None = None, max_failures: int,
          lockout_minutes: int, now=None) -> CheckResult:
    """Verify a code against the user's secret (or, while enrolling, the new `secret`). Caller commits.

    Wrong codes count in `users.totp_failures`, apart from wrong passwords: a correct password never resets
    them, only a correct code does. The attempt is reserved first with a conditional UPDATE (as for
    passwords), so parallel wrong codes cannot exceed `max_failures`; the limit reached locks the account
    like the password lockout (users.locked_until) and ends its sessions.
    """
    now = now or utcnow()
    secret = secret or user.totp_secret
    if not secret:
        return CheckResult(False, gettext("Verifikasi dua langkah belum diaktifkan untuk akun ini."))
    table = User.__table__
    where = table.c.id == user.id
    slot = accounts.reserve_attempt(session, table, where, column="totp_failures", max_failures=max_failures,
                                    now=now)
    if slot is None:
        return _locked(session, user, max_failures=max_failures, lockout_minutes=lockout_minutes, now=now)
    step = matching_step(secret, code, now=now)
    # Each time step is accepted once, atomically (two parallel requests with one code: one wins).
    accepted = step is not None and session.execute(
        update(table).where(where, or_(table.c.totp_last_step.is_(None), table.c.totp_last_step < step))
        .values(totp_last_step=step, totp_failures=0)
    ).rowcount > 0
    if not accepted:
        if slot >= max_failures:
            accounts.lock_row(session, table, where, column="totp_failures",
                              until=now + timedelta(minutes=lockout_minutes))
            _end_sessions(session, user)
            audit.record(session, None, "auth.lockout", user, minutes=lockout_minutes, factor="totp")
            return CheckResult(False, _locked_message(), locked=True)
        session.refresh(user)
        audit.record(session, None, "auth.totp_failed", user)
        return CheckResult(False, gettext(
            "Kode verifikasi salah atau sudah dipakai. Masukkan kode terbaru dari aplikasi autentikator."))
    session.refresh(user)
    return CheckResult(True)


def enrol(session: Session, user: User, secret: str, code: str | None, *, max_failures: int,
          lockout_minutes: int) -> CheckResult:
    result = check(session, user, code, secret=secret, max_failures=max_failures,
                   lockout_minutes=lockout_minutes)
    if result.ok:
        user.totp_secret = secret
        audit.record(session, user, "auth.totp_enrol", user)
    return result


def reset(session: Session, user: User, actor: User | None) -> None:
    """Remove a user's TOTP (lost phone); they enrol again at the next log-in. Ends their sessions."""
    user.totp_secret = None
    user.totp_last_step = None
    user.session_version += 1
    audit.record(session, actor, "auth.totp_reset", user)
