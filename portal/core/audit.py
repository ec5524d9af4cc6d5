"""The one helper every staff write (and every WBS read) goes through.

Audit entries carry ids and kinds, never identifying content (issue 10, A8): the log is read by
`pimpinan`, who may not see a confidential DUMAS reporter's identity or anything a WBS reporter wrote.
`record` enforces it on the detail values:

- numbers, booleans, None and dates are kept under any key;
- a text value is kept only under a key of CODE_KEYS and only when it looks like a code (letters, digits
  and `_ . : / + -`, no space, no `@`, at most 64 characters): a status, a number such as
  DUMAS-2026-00001, a slug, a period key;
- anything else (a file name, a name, an e-mail address, free text, a text under an unknown key) is
  replaced by REDACTED and a warning is logged, so a new call that passes content is seen in tests and
  logs, and the content never reaches the table.
"""
from __future__ import annotations

import datetime as dt
import decimal
import json
import logging
import re
from typing import Any

from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.core.models.audit import AuditLog

log = logging.getLogger("portal.audit")

REDACTED = "[disaring]"
CODE_RE = re.compile(r"[A-Za-z0-9_.:/+-]{1,64}")
# Keys whose text values are codes (statuses, kinds, numbers, slugs, periods), never content.
CODE_KEYS = frozenset({
    "action", "batch", "category", "changed", "channel", "closed_on", "code", "components", "due",
    "effective_date", "expires_at", "factor", "format", "from_category", "from_kind", "from_status", "kind",
    "number", "password", "period", "previous_published_at", "reason", "report", "roles", "service",
    "slug", "source", "status", "submitted_on", "to_category", "to_kind", "to_status", "unsur", "biaya_mode",
    "type", "area", "role", "roles_added", "roles_removed", "konversi", "via",
})


def _clean(key: str, value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)  # a number (e.g. an SKM conversion value), stored as before
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return [_clean(key, item) for item in items]
    if isinstance(value, str) and (value == "" or (key in CODE_KEYS and CODE_RE.fullmatch(value))):
        return value
    log.warning("audit detail %r dropped: only ids, numbers and codes may be recorded", key)
    return REDACTED


def clean_detail(detail: dict[str, Any]) -> dict[str, Any]:
    """The detail as it will be stored: ids, numbers, dates and codes only (see the module docstring)."""
    return {str(key): _clean(str(key), value) for key, value in detail.items()}


def record(
    session: Session,
    actor: User | None,
    action: str,
    obj: Any = None,
    *,
    object_type: str | None = None,
    object_id: Any = None,
    **detail: Any,
) -> AuditLog:
    """Add an audit row to the session (committed with the change it describes).

    `obj` may be a model instance: its table name and primary key are taken. Detail values are
    stored as JSON after `clean_detail`: pass ids and kinds, never names, file names, e-mail addresses,
    a reporter's address or user agent, or any free text.
    """
    if obj is not None:
        object_type = object_type or getattr(obj, "__tablename__", type(obj).__name__)
        if object_id is None:
            object_id = getattr(obj, "id", None) or getattr(obj, "key", None)
    object_id = "" if object_id is None else str(object_id)
    if object_id and not CODE_RE.fullmatch(object_id):
        log.warning("audit object id of %s dropped: not an id or code", action)
        object_id = REDACTED
    cleaned = clean_detail(detail)
    entry = AuditLog(
        user_id=actor.id if actor is not None else None,
        action=action,
        object_type=object_type or "",
        object_id=object_id,
        detail=json.dumps(cleaned, ensure_ascii=False, default=str, sort_keys=True) if cleaned else "",
    )
    session.add(entry)
    return entry
