"""The one helper every staff write (and every WBS read) goes through."""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from portal.models import AuditLog, User


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
    stored as JSON; never put a reporter's address or user agent here.
    """
    if obj is not None:
        object_type = object_type or getattr(obj, "__tablename__", type(obj).__name__)
        if object_id is None:
            object_id = getattr(obj, "id", None) or getattr(obj, "key", None)
    entry = AuditLog(
        user_id=actor.id if actor is not None else None,
        action=action,
        object_type=object_type or "",
        object_id="" if object_id is None else str(object_id),
        detail=json.dumps(detail, ensure_ascii=False, default=str, sort_keys=True) if detail else "",
    )
    session.add(entry)
    return entry
