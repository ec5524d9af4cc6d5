"""One-time tokens for public forms, the result a form leaves for the page after the redirect, and the
short-lived stash of files that passed validation (issue 10 F1-F3). Free of Flask request objects.

- Every public form carries a random token (hidden field). A submission claims the token by inserting
  its hash in `form_tokens` inside the same transaction as the filing; the unique constraint makes a
  concurrent double submit file once, and a re-sent POST finds the used token and files nothing.
- The result (e.g. the DUMAS number and access code, the WBS receipt) is sealed with a key derived
  from the token itself (AES-GCM), which the database never holds: the browser that sent the form keeps
  the token in its session to read the result for a short time, after which it is unreadable.
- Files that passed validation are stashed under the token hash for the re-submission of the same form,
  optionally sealed (WBS: the WbsCipher), and are used once.

Rows hold the token hash, the form name and the local day only; expiry times are inside the sealed
payloads, so nothing stored tells more than the day. `purge` removes old rows.
"""
from __future__ import annotations

import hashlib
import json
import re
import secrets
import struct
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.core.models.form_token import FormStashFile, FormToken

FIELD = "form_token"
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")

Sealer = Callable[[bytes, str], bytes]  # (payload, token hash) -> sealed bytes (and the reverse to open)


def _now() -> float:
    return time.time()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def clean_token(value: Any) -> str | None:
    """The token sent with a form, or None when it is missing or malformed."""
    text = str(value or "").strip()
    return text if _TOKEN_RE.match(text) else None


def token_hash(token: str) -> str:
    return hashlib.sha256(b"portal-form-token|" + token.encode("ascii")).hexdigest()


def _result_key(token: str) -> bytes:
    return hashlib.sha256(b"portal-form-result|" + token.encode("ascii")).digest()


class AlreadySubmitted(Exception):
    """The token was used already (or is being used by a concurrent request): nothing new was filed."""

    def __init__(self, form: str):
        super().__init__(form)
        self.form = form


def find(session: Session, token: str) -> FormToken | None:
    return session.scalar(select(FormToken).where(FormToken.token_hash == token_hash(token)))


def claim(session: Session, token: str, form: str, today: date) -> FormToken:
    """Reserve `token` for one filing inside the caller's transaction (call before any other write).

    The row is flushed at once: a concurrent request with the same token waits on the unique index
    (PostgreSQL) or the write lock (SQLite) and then fails. Raises AlreadySubmitted (after a rollback)
    when the token was used; the caller's commit of the filing commits the claim with it.
    """
    if find(session, token) is not None:
        raise AlreadySubmitted(form)
    row = FormToken(token_hash=token_hash(token), form=form, day=today)
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise AlreadySubmitted(form) from None
    return row


def seal_result(token: str, data: dict, ttl_seconds: int) -> bytes:
    body = json.dumps({"exp": int(_now()) + int(ttl_seconds), "data": data}, separators=(",", ":")).encode()
    nonce = secrets.token_bytes(12)
    return nonce + AESGCM(_result_key(token)).encrypt(nonce, body, b"form-result")


def set_result(row: FormToken, token: str, data: dict, ttl_seconds: int) -> None:
    row.result = seal_result(token, data, ttl_seconds)


@dataclass(frozen=True)
class Result:
    state: str  # "ok" (data readable), "expired" (shown before, now gone), "pending", "unknown"
    data: dict | None = None
    form: str = ""


def read_result(session: Session, token: str | None, form: str, *, wait_seconds: float = 0.0) -> Result:
    """The result of the submission that used `token` on `form`. An expired result is erased."""
    if not token or clean_token(token) is None:
        return Result("unknown")
    deadline = _now() + wait_seconds
    while True:
        row = find(session, token)
        if row is None or row.form != form:
            return Result("unknown")
        if row.result is not None or _now() >= deadline:
            break
        # A concurrent request claimed the token and has not stored its result yet.
        session.rollback()
        time.sleep(0.2)
    if row.result is None:
        return Result("pending", form=form)
    try:
        blob = row.result
        body = AESGCM(_result_key(token)).decrypt(blob[:12], blob[12:], b"form-result")
        payload = json.loads(body)
    except (InvalidTag, ValueError):
        return Result("unknown")
    if int(payload.get("exp", 0)) <= _now():
        row.result = None
        session.commit()
        return Result("expired", form=form)
    return Result("ok", payload.get("data") or {}, form)


def purge(session: Session, today: date, keep_days: int) -> None:
    """Forget old tokens and stashed files; sealed results older than a day are erased. Caller commits."""
    session.execute(delete(FormToken).where(FormToken.day < today - timedelta(days=max(1, keep_days))))
    session.execute(update(FormToken)
                    .where(FormToken.day < today - timedelta(days=1), FormToken.result.isnot(None))
                    .values(result=None))
    session.execute(delete(FormStashFile).where(FormStashFile.day < today - timedelta(days=1)))


# --- stash of files that passed validation ------------------------------------------------------------

@dataclass
class Stashed:
    position: int
    item: Any  # the object rebuilt by the factory (PreparedFile, CleanFile ...)


def stash_files(session: Session, token: str, items: Iterable[Any], today: date, ttl_seconds: int,
                *, seal: Sealer | None = None, start: int = 1) -> list[int]:
    """Stash dataclass file objects (field `data` holds the bytes; the other fields must be JSON values).
    Returns their positions. Caller commits."""
    digest = token_hash(token)
    expires = int(_now()) + int(ttl_seconds)
    positions = []
    for offset, obj in enumerate(items):
        meta = {f.name: getattr(obj, f.name) for f in fields(obj) if f.name != "data"}
        header = json.dumps({"exp": expires, "meta": meta}, separators=(",", ":")).encode()
        payload = struct.pack(">I", len(header)) + header + bytes(obj.data)
        if seal is not None:
            payload = seal(payload, digest)
        position = start + offset
        session.add(FormStashFile(token_hash=digest, day=today, position=position, payload=payload))
        positions.append(position)
    return positions


def stashed_files(session: Session, token: str | None, factory: Callable[..., Any],
                  *, unseal: Sealer | None = None) -> list[Stashed]:
    """The files stashed for `token` that have not expired, in order; expired or unreadable ones are
    deleted (caller commits)."""
    if not token:
        return []
    digest = token_hash(token)
    rows = session.scalars(select(FormStashFile).where(FormStashFile.token_hash == digest)
                           .order_by(FormStashFile.position)).all()
    result = []
    for row in rows:
        try:
            payload = unseal(row.payload, digest) if unseal is not None else row.payload
            (size,) = struct.unpack(">I", payload[:4])
            header = json.loads(payload[4:4 + size])
            if int(header["exp"]) <= _now():
                raise ValueError("expired")
            item = factory(**header["meta"], data=payload[4 + size:])
        except (ValueError, TypeError, KeyError, struct.error):  # expired, tampered, other key or type
            session.delete(row)
            continue
        result.append(Stashed(row.position, item))
    return result


def drop_stash(session: Session, token: str | None, positions: Iterable[int] | None = None) -> None:
    """Delete the stash of `token` (or only the given positions). Caller commits."""
    if not token:
        return
    stmt = delete(FormStashFile).where(FormStashFile.token_hash == token_hash(token))
    if positions is not None:
        stmt = stmt.where(FormStashFile.position.in_(list(positions)))
    session.execute(stmt)
