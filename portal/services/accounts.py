"""Staff accounts: argon2id hashing, authentication with lockout, user management."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
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


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def normalise_email(email: str) -> str:
    try:
        return validate_email(email.strip(), check_deliverability=False, globally_deliverable=False).normalized.lower()
    except EmailNotValidError as exc:
        raise DomainError("Alamat e-mail tidak valid.") from exc


def clean_roles(roles: list[str] | str) -> str:
    items = roles.split() if isinstance(roles, str) else list(roles)
    unknown = [r for r in items if r not in ROLES]
    if unknown:
        raise DomainError("Peran tidak dikenal: " + ", ".join(unknown))
    if not items:
        raise DomainError("Pilih sekurang-kurangnya satu peran.")
    return " ".join(r for r in ROLES if r in items)


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(f"Kata sandi minimal {MIN_PASSWORD_LENGTH} karakter.")


def find_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def create_user(
    session: Session, email: str, password: str, roles: list[str] | str, name: str = "",
    actor: User | None = None,
) -> User:
    email = normalise_email(email)
    if find_by_email(session, email):
        raise DomainError("Pengguna dengan e-mail ini sudah ada.")
    check_password_strength(password)
    user = User(email=email, name=name.strip(), password_hash=hash_password(password), roles=clean_roles(roles))
    session.add(user)
    session.flush()
    audit.record(session, actor, "user.create", user, email=email, roles=user.roles)
    return user


def update_user(
    session: Session, user: User, *, actor: User, name: str, roles: list[str] | str, active: bool,
    password: str | None = None,
) -> User:
    new_roles = clean_roles(roles)
    if user.id == actor.id and ("admin" not in new_roles.split() or not active):
        raise DomainError("Anda tidak dapat mencabut peran admin atau menonaktifkan akun Anda sendiri.")
    changes = {}
    if user.name != name.strip():
        changes["name"] = name.strip()
    if user.roles != new_roles:
        changes["roles"] = new_roles
    if user.active != active:
        changes["active"] = active
    user.name, user.roles, user.active = name.strip(), new_roles, active
    if password:
        check_password_strength(password)
        user.password_hash = hash_password(password)
        user.session_version += 1
        changes["password"] = "changed"
    if not active:
        user.session_version += 1
    audit.record(session, actor, "user.update", user, **changes)
    return user


@dataclass
class LoginResult:
    user: User | None
    error: str | None = None


def authenticate(session: Session, email: str, password: str, *, max_failures: int, lockout_minutes: int) -> LoginResult:
    """Check a password; after `max_failures` wrong tries the account is locked for `lockout_minutes`.

    The same generic message is given for an unknown e-mail and a wrong password.
    """
    generic = "E-mail atau kata sandi salah."
    user = find_by_email(session, email)
    now = utcnow()
    if user is None:
        verify_password(_DUMMY_HASH, password)
        return LoginResult(None, generic)
    if user.locked_until and user.locked_until > now:
        audit.record(session, None, "auth.login_locked", user)
        return LoginResult(None, "Akun terkunci sementara karena terlalu banyak percobaan gagal. Coba lagi nanti.")
    if not verify_password(user.password_hash, password):
        user.failed_logins += 1
        if user.failed_logins >= max_failures:
            user.locked_until = now + timedelta(minutes=lockout_minutes)
            user.failed_logins = 0
            audit.record(session, None, "auth.lockout", user)
            return LoginResult(None, "Akun terkunci sementara karena terlalu banyak percobaan gagal. Coba lagi nanti.")
        audit.record(session, None, "auth.login_failed", user)
        return LoginResult(None, generic)
    if not user.active:
        return LoginResult(None, "Akun ini dinonaktifkan.")
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    audit.record(session, user, "auth.login", user)
    return LoginResult(user)
