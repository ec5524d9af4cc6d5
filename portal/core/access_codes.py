"""Tracking numbers with an access code: what a citizen keeps to read their case again (DUMAS complaints,
PPID information requests). The code is shown once and stored only as an HMAC keyed by SECRET_KEY over the
case's number and the normalised code, so a code is bound to its case and a database copy does not reveal it.
Request-free.

    code = new_code()                                   # "ABCD-EFGH"
    row.access_code_hash = code_hash(key, "ppid-access", number, code)
    found = lookup(session, InfoRequest, NUMBER_RE, key, "ppid-access", number, code)
"""
from __future__ import annotations

import hmac
import re
import secrets
from hashlib import sha256
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

# 8 characters without look-alikes (no 0/O, 1/I/L), shown as ABCD-EFGH; ~40 bits.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 8
MAX_NUMBER = 20  # the number column's length
_DUMMY_HASH = "0" * 64


def normalise_number(number: str) -> str:
    return re.sub(r"\s+", "", number or "").upper()


def normalise_code(code: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", code or "").upper()


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def code_hash(secret_key: str | bytes, purpose: str, number: str, code: str) -> str:
    """HMAC-SHA256 over `purpose|number|code` (normalised): one purpose per feature."""
    key = secret_key.encode() if isinstance(secret_key, str) else secret_key
    message = f"{purpose}|{normalise_number(number)}|{normalise_code(code)}".encode()
    return hmac.new(key, message, sha256).hexdigest()


def lookup(session: Session, model: Any, number_re: re.Pattern, secret_key: str | bytes, purpose: str,
           number: str, code: str) -> Any | None:
    """The row of `model` (columns `number`, `access_code_hash`) for a number + code, or None. An unknown
    number and a wrong code look the same: both do the lookup and one HMAC, compared in constant time."""
    number = normalise_number(number)
    row = None
    if number_re.match(number) and len(number) <= MAX_NUMBER:
        row = session.scalar(select(model).where(model.number == number))
    expected = row.access_code_hash if row is not None else _DUMMY_HASH
    given = code_hash(secret_key, purpose, number, code[:64] if code else "")
    if hmac.compare_digest(given, expected) and row is not None:
        return row
    return None
