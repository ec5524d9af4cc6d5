"""Staff accounts: argon2id hashing, authentication with lockout, user management."""
from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import timedelta
from hashlib import sha256

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from portal.accounts import role_grants
from portal.accounts.models import ROLES, LoginFailure, User
from portal.core import audit
from portal.core.errors import DomainError
from portal.core.models.base import utcnow

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
        raise DomainError("Peran tidak dikenal: %(roles)s. Pilihan: %(choices)s.",
                          roles=", ".join(unknown), choices=", ".join(ROLES))
    if not items:
        raise DomainError("Pilih sekurang-kurangnya satu peran.")
    return " ".join(r for r in ROLES if r in items)


def check_password_strength(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise DomainError("Kata sandi minimal %(n)s karakter.", n=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        raise DomainError("Kata sandi maksimal %(n)s karakter.", n=MAX_PASSWORD_LENGTH)


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
    # Through the admin pages (an actor), `wbs`/`admin` are only requested: a second admin approves them.
    requested = role_grants.privileged_additions(None, role_string) if actor is not None else []
    role_string = " ".join(r for r in role_string.split() if r not in requested)
    user = User(
        email=email, name=(name or "").strip()[:120], password_hash=hash_password(password),
        roles=role_string, active=True, failed_logins=0, totp_failures=0, session_version=1,
    )
    session.add(user)
    session.flush()
    audit.record(session, actor, "user.create", user, roles=user.roles.split())
    for role in requested:
        role_grants.request_grant(session, user, role, actor=actor)
    return user


def update_user(
    session: Session, user: User, *, actor: User, name: str, roles: list[str] | str, active: bool,
    password: str | None = None,
) -> User:
    """Change name, roles, status and (optionally) password. Deactivating or a new password ends the
    user's sessions. An admin cannot take the admin role away from, or deactivate, their own account.
    A privileged role (`wbs`, `admin`) added here becomes a pending request
    (portal/accounts/role_grants.py)."""
    new_roles, requested = _roles_to_hold(user, actor, roles, active)
    if password:
        check_password_strength(password)
    name = (name or "").strip()[:120]
    changes = {key: value for key, value in (("name", name), ("roles", new_roles), ("active", active))
               if getattr(user, key) != value}
    end_sessions = bool(password) or (user.active and not active)
    if password:
        user.password_hash = hash_password(password)
        changes["password"] = "changed"
    user.name, user.roles, user.active = name, new_roles, active
    if end_sessions:
        user.session_version += 1  # every cookie carrying the old version is refused by the user loader
    if changes:
        audit.record(session, actor, "user.update", user, **{  # ids and kinds only: no name in the log
            k: (True if k == "name" else v.split() if k == "roles" else v) for k, v in changes.items()})
    for role in requested:
        role_grants.request_grant(session, user, role, actor=actor)
    return user


def _roles_to_hold(user: User, actor: User, roles: list[str] | str, active: bool) -> tuple[str, list[str]]:
    """The roles `user` holds after the edit, and the privileged ones only requested (never for oneself)."""
    new_roles = clean_roles(roles)
    if user.id == actor.id and ("admin" not in new_roles.split() or not active):
        raise DomainError("Anda tidak dapat mencabut peran admin atau menonaktifkan akun Anda sendiri.")
    requested = role_grants.privileged_additions(user, new_roles)
    if requested and user.id == actor.id:
        raise role_grants.self_grant_error()
    return " ".join(r for r in new_roles.split() if r not in requested), requested


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
    user.totp_failures = 0
    audit.record(session, actor, "user.unlock", user)
    return user


@dataclass
class LoginResult:
    user: User | None
    error: str | None = None


def _locked_message() -> str:
    return gettext("Akun terkunci sementara karena terlalu banyak percobaan gagal. Coba lagi nanti.")


# --- Attempt counters -------------------------------------------------------------------------------------
# A counter row (users for accounts, login_failures for unknown addresses) has `failed_logins` and
# `locked_until`. An attempt first *reserves* a slot with one conditional UPDATE, committed before the slow
# password hash is checked: parallel requests cannot all read "4 failures so far" and all be evaluated,
# at most `max_failures` attempts are ever evaluated before the lock.

def _not_locked(table, now):
    return or_(table.c.locked_until.is_(None), table.c.locked_until <= now)


def reserve_attempt(session: Session, table, where, *, column: str = "failed_logins", max_failures: int,
                    now) -> int | None:
    """Count one attempt if the row is neither locked nor at the limit; the new count, or None (refused)."""
    counter = table.c[column]
    row = session.execute(
        update(table).where(where, counter < max_failures, _not_locked(table, now))
        .values({column: counter + 1}).returning(counter)
    ).first()
    return None if row is None else int(row[0])


def lock_row(session: Session, table, where, *, column: str = "failed_logins", until,
             only_if_at: int | None = None, now=None) -> bool:
    """Start a lockout (the counter restarts at 0). `only_if_at`: only if the counter reached that limit and
    no lock is running (a refused attempt finishing the lock an evaluated attempt could not write)."""
    stmt = update(table).where(where)
    if only_if_at is not None:
        stmt = stmt.where(table.c[column] >= only_if_at, _not_locked(table, now))
    return session.execute(stmt.values({column: 0, "locked_until": until})).rowcount > 0


def _unknown_key(secret_key: str | bytes, email: str) -> str:
    """The counter key of a log-in name that is not an account: never the address itself."""
    key = secret_key.encode() if isinstance(secret_key, str) else secret_key
    sub_key = hmac.new(key, b"portal-login-failures", sha256).digest()
    return hmac.new(sub_key, (email or "").strip().lower().encode(), sha256).hexdigest()


def _ensure_unknown_row(session: Session, key: str) -> None:
    table = LoginFailure.__table__
    dialect = session.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
        else:
            from sqlalchemy.dialects.postgresql import insert
        row = insert(table).values(key=key, failed_logins=0)
        session.execute(row.on_conflict_do_nothing(index_elements=["key"]))
    elif session.get(LoginFailure, key) is None:  # pragma: no cover - other databases
        session.add(LoginFailure(key=key, failed_logins=0))
        session.flush()


def _prune_unknown_rows(session: Session, now) -> None:
    """A row whose lock has passed with no failure since is the same as no row: delete those."""
    table = LoginFailure.__table__
    session.execute(delete(table).where(table.c.failed_logins == 0, table.c.locked_until <= now))


def authenticate(session: Session, email: str, password: str, *, max_failures: int, lockout_minutes: int,
                 secret_key: str | bytes = b"") -> LoginResult:
    """Check a password; after `max_failures` wrong tries the account is locked for `lockout_minutes`.

    While locked, even the right password is refused. An unknown address is indistinguishable from an
    account: the same generic message, the same lockout after the same number of failures (counted under an
    HMAC of the address, keyed by `secret_key`), and exactly one password-hash verification on every path
    (against the dummy hash when there is no slot or no account). Every outcome leaves an audit row.

    The attempt is reserved and COMMITTED before the hash is checked (see reserve_attempt); the caller
    commits the outcome.
    """
    generic = gettext("E-mail atau kata sandi salah.")
    user = find_by_email(session, email)
    now = utcnow()
    until = now + timedelta(minutes=lockout_minutes)
    if user is None:
        table = LoginFailure.__table__
        key = _unknown_key(secret_key, email)
        where = table.c.key == key
        _ensure_unknown_row(session, key)
    else:
        table = User.__table__
        where = table.c.id == user.id
    slot = reserve_attempt(session, table, where, max_failures=max_failures, now=now)
    session.commit()  # the reservation is visible to parallel requests before the slow hash check

    if slot is None:  # locked, or the last slots are being evaluated right now
        verify_password(_DUMMY_HASH, password)  # the same work as an evaluated attempt
        lock_row(session, table, where, until=until, only_if_at=max_failures, now=now)
        if user is None:
            audit.record(session, None, "auth.login_failed", object_type="users", reason="unknown")
        else:
            audit.record(session, None, "auth.login_locked", user)
        return LoginResult(None, _locked_message())

    if user is None:
        verify_password(_DUMMY_HASH, password)  # same work as for a real account
        if slot >= max_failures:
            lock_row(session, table, where, until=until)
            _prune_unknown_rows(session, now)
        audit.record(session, None, "auth.login_failed", object_type="users", reason="unknown")
        return LoginResult(None, _locked_message() if slot >= max_failures else generic)

    if not verify_password(user.password_hash, password):
        if slot >= max_failures:
            lock_row(session, table, where, until=until)
            audit.record(session, None, "auth.lockout", user, minutes=lockout_minutes)
            return LoginResult(None, _locked_message())
        audit.record(session, None, "auth.login_failed", user, reason="password")
        return LoginResult(None, generic)
    if not user.active:
        audit.record(session, None, "auth.login_failed", user, reason="inactive")
        return LoginResult(None, gettext("Akun ini dinonaktifkan. Hubungi administrator."))
    # Success resets the password counter only: TOTP failures (users.totp_failures) and a lock that is still
    # running (set by the TOTP step meanwhile) stay.
    session.execute(update(table).where(where).values(failed_logins=0))
    session.execute(update(table).where(where, table.c.locked_until <= now).values(locked_until=None))
    session.refresh(user)
    user.last_login_at = now
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    audit.record(session, user, "auth.login", user)
    return LoginResult(user)
