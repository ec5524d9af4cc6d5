"""Bulk staff accounts from a CSV (`flask --app portal import-staff FILE`): every employee gets an account
with the base role `pegawai` (the roles an account already holds are kept).

The file: a header row is optional; columns name, email[, nip, jabatan, unit] (UTF-8, a BOM is accepted,
comma or semicolon). Every line is checked first; when any line is wrong nothing is written and each error
is reported with its line number. Otherwise one transaction (the caller commits): a new e-mail gets an
account with an unusable password (no password is ever printed or logged: the employee is given one by an
admin at /admin/pengguna), an existing e-mail has its name and staff profile updated and `pegawai` added.
Running the same file twice changes nothing the second time."""
from __future__ import annotations

import csv
import io
import secrets
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from portal.accounts import service as accounts
from portal.accounts.models import ROLES, StaffProfile, User
from portal.core import audit
from portal.core.errors import DomainError

BASE_ROLE = "pegawai"
COLUMNS = ("name", "email", "nip", "jabatan", "unit")
HEADER_WORDS = {"name", "nama", "email", "e-mail", "surel"}
LIMITS = {"name": 120, "nip": 30, "jabatan": 160, "unit": 160}
# A hash no password ever matches (argon2 refuses it as malformed): the account cannot log in until an
# admin sets a password.
UNUSABLE_PREFIX = "!unusable:"


@dataclass
class StaffLine:
    line: int
    name: str
    email: str
    nip: str = ""
    jabatan: str = ""
    unit: str = ""


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


class ImportErrors(DomainError):
    """Every wrong line of the file: `lines` is [(line number, message)]."""

    def __init__(self, lines: list[tuple[int, str]]):
        summary = DomainError("Berkas tidak diimpor: %(n)s baris salah.", n=len(lines))  # extracted literal
        super().__init__(summary.msgid, **summary.params)
        self.lines = lines


def parse(text: str) -> tuple[list[StaffLine], list[tuple[int, str]]]:
    """The lines of the file and the errors found (line number, message in the reader's language)."""
    text = text.lstrip("\ufeff")
    delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    rows, errors, seen = [], [], {}
    for number, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        if number == 1 and cells[0].lower() in HEADER_WORDS:
            continue
        try:
            row = _line(number, cells)
        except DomainError as err:
            errors.append((number, err.message))
            continue
        if row.email in seen:
            errors.append((number, DomainError("E-mail ganda: sudah ada di baris %(line)s.",
                                               line=seen[row.email]).message))
            continue
        seen[row.email] = number
        rows.append(row)
    if not rows and not errors:
        errors.append((0, DomainError("Berkas kosong: tidak ada baris pegawai.").message))
    return rows, errors


def _line(number: int, cells: list[str]) -> StaffLine:
    if len(cells) < 2:
        raise DomainError("Kolom kurang: minimal nama dan e-mail.")
    if len(cells) > len(COLUMNS):
        raise DomainError("Kolom terlalu banyak: nama, e-mail, NIP, jabatan, unit.")
    values = dict(zip(COLUMNS, cells + [""] * (len(COLUMNS) - len(cells)), strict=True))
    if not values["name"]:
        raise DomainError("Nama wajib diisi.")
    for key, limit in LIMITS.items():
        if len(values[key]) > limit:
            raise DomainError("Isian %(column)s terlalu panjang (maksimal %(n)s karakter).",
                              column=key, n=limit)
    if values["nip"] and not values["nip"].replace(" ", "").isdigit():
        raise DomainError("NIP hanya berisi angka.")
    values["email"] = accounts.normalise_email(values["email"])
    values["nip"] = values["nip"].replace(" ", "")
    return StaffLine(number, **values)


def unusable_password() -> str:
    return UNUSABLE_PREFIX + secrets.token_hex(16)


def import_staff(session: Session, text: str) -> ImportResult:
    """Validate the whole file, then create or update every account (the caller commits). Raises
    ImportErrors (nothing written) when any line is wrong."""
    rows, errors = parse(text)
    if errors:
        raise ImportErrors(errors)
    assert BASE_ROLE in ROLES
    result = ImportResult()
    for row in rows:
        user = accounts.find_by_email(session, row.email)
        if user is None:
            user = User(email=row.email, name=row.name, password_hash=unusable_password(), roles=BASE_ROLE,
                        active=True, failed_logins=0, totp_failures=0, session_version=1)
            session.add(user)
            session.flush()
            session.add(StaffProfile(user_id=user.id, nip=row.nip, jabatan=row.jabatan, unit=row.unit))
            audit.record(session, None, "user.create", user, roles=[BASE_ROLE], via="import")
            result.created.append(row.email)
            continue
        changed = []
        if user.name != row.name:
            user.name = row.name
            changed.append("name")
        if BASE_ROLE not in user.role_set:
            user.roles = accounts.clean_roles([*user.roles.split(), BASE_ROLE])
            changed.append("roles")
        profile = session.get(StaffProfile, user.id)
        if profile is None:
            profile = StaffProfile(user_id=user.id, nip="", jabatan="", unit="")
            session.add(profile)
        for key in ("nip", "jabatan", "unit"):
            if getattr(profile, key) != getattr(row, key):
                setattr(profile, key, getattr(row, key))
                changed.append(key)
        if changed:
            audit.record(session, None, "user.update", user, changed="+".join(changed), via="import",
                         roles_added=[BASE_ROLE] if "roles" in changed else [])
            result.updated.append(row.email)
        else:
            result.unchanged.append(row.email)
    session.flush()
    return result
