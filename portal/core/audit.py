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
import importlib
import importlib.util
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
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
    "type", "area", "role", "roles_added", "roles_removed", "konversi", "via", "prefix",
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


# --- reading the log: labels ---------------------------------------------------------------------------
#
# The log stores codes; /admin/audit shows them in words. Each feature says what its codes mean in its own
# `portal/<feature>/audit_labels.py`: ACTIONS (action code -> lazy label) and OBJECTS (table name ->
# ObjectKind). Core collects them by that name for the features of the app (`labels()`), so core imports no
# feature. tests/admin/test_audit_log_view.py fails on any action code written in portal/ without a label.


@dataclass(frozen=True)
class ObjectKind:
    """How an object type reads in the log: its name, and optionally "module:fn" turning the ids of one page
    into what a reader may see (fn(session, ids) -> {id: "DUMAS-2026-00001"}). A kind whose ids must stay
    ids (WBS) has no resolver."""

    label: Any
    resolve: str | None = None


CORE_ACTIONS: dict[str, Any] = {
    "settings.update": _l("Mengubah pengaturan kantor"),
    "holiday.add": _l("Menambah hari libur"),
    "holiday.delete": _l("Menghapus hari libur"),
}
CORE_OBJECTS: dict[str, ObjectKind] = {
    "settings": ObjectKind(_l("Pengaturan")),
    "holidays": ObjectKind(_l("Hari libur")),
    "audit_log": ObjectKind(_l("Log audit")),
}

# Detail keys in words (the values stay as stored: ids, numbers, dates and codes).
DETAIL_LABELS: dict[str, Any] = {
    "action": _l("Aksi"), "added": _l("Ditambahkan"), "area": _l("Area"), "attachments": _l("Lampiran"),
    "batch": _l("Kelompok"), "biaya_mode": _l("Jenis biaya"), "category": _l("Kategori"),
    "changed": _l("Diubah"), "channel": _l("Kanal"), "closed_on": _l("Tanggal selesai"), "code": _l("Kode"),
    "components": _l("Komponen"), "count": _l("Jumlah"), "due": _l("Tenggat"),
    "effective_date": _l("Tanggal berlaku"), "evidence_ids": _l("Bukti"), "expires_at": _l("Berlaku sampai"),
    "external_ref": _l("Nomor rujukan"), "factor": _l("Faktor"), "files": _l("Berkas"),
    "format": _l("Format"), "forwarded": _l("Diteruskan"), "from_category": _l("Dari kategori"),
    "from_kind": _l("Dari jenis"), "from_status": _l("Dari status"), "from_user": _l("Dari petugas"),
    "internal": _l("Internal"), "is_sample": _l("Contoh"), "kind": _l("Jenis"),
    "konversi": _l("Nilai konversi"),
    "links": _l("Tautan"), "locked": _l("Terkunci"), "minutes": _l("Menit"), "note": _l("Catatan"),
    "number": _l("Nomor"), "order": _l("Urutan"), "page": _l("Halaman"), "password": _l("Kata sandi"),
    "period": _l("Periode"), "prefix": _l("Awalan aksi"), "previous_published_at": _l("Terbit sebelumnya"),
    "previous_total": _l("Jumlah sebelumnya"), "public": _l("Publik"), "reason": _l("Alasan"),
    "recomputed_cases": _l("Tenggat dihitung ulang"), "removed": _l("Dihapus"), "report": _l("Laporan"),
    "requested_by": _l("Diminta oleh"), "respondents": _l("Responden"),
    "respondents_before": _l("Responden sebelumnya"), "restored_from": _l("Dipulihkan dari"),
    "revision": _l("Revisi"), "role": _l("Peran"), "roles": _l("Peran"),
    "roles_added": _l("Peran ditambahkan"),
    "roles_removed": _l("Peran dicabut"), "rows": _l("Baris"), "service": _l("Layanan"),
    "service_id": _l("Layanan"), "slug": _l("Slug"), "source": _l("Sumber"), "status": _l("Status"),
    "submitted_on": _l("Tanggal kirim"), "to_category": _l("Ke kategori"), "to_kind": _l("Ke jenis"),
    "to_status": _l("Ke status"), "to_user": _l("Ke petugas"), "total": _l("Jumlah"), "type": _l("Jenis"),
    "unsur": _l("Unsur"), "updated": _l("Diperbarui"), "user_id": _l("Pengguna"), "version": _l("Versi"),
    "via": _l("Melalui"),
}


@dataclass(frozen=True)
class Labels:
    """The action and object labels of every feature of one app (and core's own)."""

    actions: dict[str, Any]
    objects: dict[str, ObjectKind]

    def action(self, code: str) -> Any:
        return self.actions.get(code)

    def codes(self) -> list[str]:
        return sorted(self.actions)

    def object_label(self, object_type: str) -> Any:
        kind = self.objects.get(object_type)
        return kind.label if kind is not None else None


def collect_labels(feature_names: Iterable[str]) -> Labels:
    """Core's labels and those of each `portal.<name>.audit_labels` that exists, in feature order."""
    actions, objects = dict(CORE_ACTIONS), dict(CORE_OBJECTS)
    for name in feature_names:
        module_name = f"portal.{name}.audit_labels"
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        actions.update(getattr(module, "ACTIONS", {}))
        objects.update(getattr(module, "OBJECTS", {}))
    return Labels(actions, objects)


def detail_items(detail: str) -> list[tuple[Any, Any]]:
    """A stored detail (JSON) as (label, value) pairs in key order; a key without a label shows as itself."""
    if not detail:
        return []
    try:
        data = json.loads(detail)
    except ValueError:
        return [(_l("Rincian"), detail)]
    if not isinstance(data, dict):
        return [(_l("Rincian"), detail)]
    return [(DETAIL_LABELS.get(key, key), value) for key, value in data.items()]


def resolve_objects(session: Session, labels: Labels,
                    entries: Iterable[AuditLog]) -> dict[tuple[str, str], str]:
    """What each (object type, id) of these entries reads as, for the kinds that have a resolver: one query
    per kind for the whole page."""
    wanted: dict[str, set[str]] = {}
    for entry in entries:
        kind = labels.objects.get(entry.object_type)
        if kind is not None and kind.resolve and entry.object_id and entry.object_id != REDACTED:
            wanted.setdefault(entry.object_type, set()).add(entry.object_id)
    shown: dict[tuple[str, str], str] = {}
    for object_type, ids in wanted.items():
        resolver = _resolve_ref(labels.objects[object_type].resolve)
        for object_id, text in resolver(session, sorted(ids)).items():
            shown[(object_type, str(object_id))] = text
    return shown


def _resolve_ref(ref: str):
    module_name, _, attribute = ref.partition(":")
    return getattr(importlib.import_module(module_name), attribute)


def int_ids(ids: Iterable[str]) -> list[int]:
    """The ids that are integers a database can hold (for resolvers)."""
    return [int(value) for value in ids if value.isdecimal() and len(value) < 10]
