"""Staff accounts: argon2id hashing, authentication with lockout, user management."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from portal.models import ROLES, User
from portal.models.base import utcnow
from portal.services import DomainError, audit

_hasher = PasswordHasher()  # argon2id, memory-hard (RFC 9106 low-memory profile: 64 MiB, t=3)
# A hash of a random password, verified when the e-mail is unknown so timing does not reveal accounts.
_DUMMY_HASH = _hasher.hash("not-a-real-password-0f3c")


def use_cheap_hashing_for_tests() -> None:
    """Tests only: argon2id with minimal cost so hundreds of accounts hash quickly."""
    global _hasher, _DUMMY_HASH
    from argon2 import profiles

    _hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
    _DUMMY_HASH = _hasher.hash("not-a-real-password-0f3c")


MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def normalise_email(email: str) -> str:
    try:
        return validate_email(
            (email or "").strip(), check_deliverability=False, globally_deliverable=False
        ).normalized.lower()
    except EmailNotValidError as exc:
        raise DomainError("Alamat e-mail tidak valid.") from exc


def clean_roles(roles: list[str] | str) -> str:
    items = roles.split() if isinstance(roles, str) else list(roles)
    unknown = [r for r in items if r not in ROLES]
    if unknown:
        raise DomainError(
            gettext("Peran tidak dikenal: %(roles)s. Pilihan: %(choices)s.",
                    roles=", ".join(unknown), choices=", ".join(ROLES))
        )
    if not items:
        raise DomainError("Pilih sekurang-kurangnya satu peran.")
    return " ".join(r for r in ROLES if r in items)


def check_password_strength(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise DomainError(gettext("Kata sandi minimal %(n)s karakter.", n=MIN_PASSWORD_LENGTH))
    if len(password) > MAX_PASSWORD_LENGTH:
        raise DomainError(gettext("Kata sandi maksimal %(n)s karakter.", n=MAX_PASSWORD_LENGTH))


def find_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == (email or "").strip().lower()))


def create_user(
    session: Session, email: str, password: str, roles: list[str] | str, name: str = "",
    actor: User | None = None,
) -> User:
    """Validate everything first, then add the account and its audit row (caller commits)."""
    email = normalise_email(email)
    if find_by_email(session, email):
        raise DomainError("Pengguna dengan e-mail ini sudah ada.")
    check_password_strength(password)
    role_string = clean_roles(roles)
    user = User(
        email=email, name=(name or "").strip()[:120], password_hash=hash_password(password), roles=role_string,
        active=True, failed_logins=0, session_version=1,
    )
    session.add(user)
    session.flush()
    audit.record(session, actor, "user.create", user, roles=user.roles.split())
    return user


def update_user(
    session: Session, user: User, *, actor: User, name: str, roles: list[str] | str, active: bool,
    password: str | None = None,
) -> User:
    """Change name, roles, status and (optionally) password. Deactivating or a new password ends the
    user's sessions. An admin cannot take the admin role away from, or deactivate, their own account."""
    new_roles = clean_roles(roles)
    if user.id == actor.id and ("admin" not in new_roles.split() or not active):
        raise DomainError("Anda tidak dapat mencabut peran admin atau menonaktifkan akun Anda sendiri.")
    if password:
        check_password_strength(password)
    name = (name or "").strip()[:120]
    changes: dict[str, object] = {}
    if user.name != name:
        changes["name"] = name
    if user.roles != new_roles:
        changes["roles"] = new_roles
    if user.active != active:
        changes["active"] = active
    end_sessions = False
    if password:
        user.password_hash = hash_password(password)
        changes["password"] = "changed"
        end_sessions = True
    if user.active and not active:
        end_sessions = True
    user.name, user.roles, user.active = name, new_roles, active
    if end_sessions:
        user.session_version += 1  # every cookie carrying the old version is refused by the user loader
    if changes:
        audit.record(session, actor, "user.update", user, **{  # ids and kinds only: no name in the log
            k: (True if k == "name" else v.split() if k == "roles" else v) for k, v in changes.items()})
    return user


def change_own_password(session: Session, user: User, *, current: str, new: str) -> User:
    """A staff member changes their own password: the current one must be right, the new one strong and
    different. Every other session of the user ends (the caller re-logs the current one in)."""
    if not verify_password(user.password_hash, current or ""):
        raise DomainError("Kata sandi saat ini salah.")
    check_password_strength(new)
    if new == current:
        raise DomainError("Kata sandi baru harus berbeda dari kata sandi saat ini.")
    user.password_hash = hash_password(new)
    user.session_version += 1
    audit.record(session, user, "user.password_change", user)
    return user


def unlock_user(session: Session, user: User, *, actor: User) -> User:
    """Lift a lockout before it expires (an admin has checked with the user)."""
    user.locked_until = None
    user.failed_logins = 0
    audit.record(session, actor, "user.unlock", user)
    return user


@dataclass
class LoginResult:
    user: User | None
    error: str | None = None


def _locked_message() -> str:
    return gettext("Akun terkunci sementara karena terlalu banyak percobaan gagal. Coba lagi nanti.")


def authenticate(session: Session, email: str, password: str, *, max_failures: int, lockout_minutes: int) -> LoginResult:
    """Check a password; after `max_failures` wrong tries the account is locked for `lockout_minutes`.

    While locked, even the right password is refused. The same generic message is given for an
    unknown e-mail and a wrong password. Every outcome leaves an audit row (caller commits).
    """
    generic = gettext("E-mail atau kata sandi salah.")
    user = find_by_email(session, email)
    now = utcnow()
    if user is None:
        verify_password(_DUMMY_HASH, password)  # same work as for a real account
        audit.record(session, None, "auth.login_failed", object_type="users", reason="unknown")
        return LoginResult(None, generic)
    if user.locked_until and user.locked_until > now:
        audit.record(session, None, "auth.login_locked", user)
        return LoginResult(None, _locked_message())
    if not verify_password(user.password_hash, password):
        # Atomic increment: parallel wrong guesses cannot slip past the limit.
        session.execute(
            update(User).where(User.id == user.id).values(failed_logins=User.failed_logins + 1)
            .execution_options(synchronize_session=False)
        )
        session.refresh(user, ["failed_logins"])
        if user.failed_logins >= max_failures:
            user.locked_until = now + timedelta(minutes=lockout_minutes)
            user.failed_logins = 0
            audit.record(session, None, "auth.lockout", user, minutes=lockout_minutes)
            return LoginResult(None, _locked_message())
        audit.record(session, None, "auth.login_failed", user, reason="password")
        return LoginResult(None, generic)
    if not user.active:
        audit.record(session, None, "auth.login_failed", user, reason="inactive")
        return LoginResult(None, gettext("Akun ini dinonaktifkan. Hubungi administrator."))
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    audit.record(session, user, "auth.login", user)
    return LoginResult(user)
