"""Reading the audit log (/admin/audit): the filters, the rows in words, and the export of a filtered log.

Request-free: the view passes the query arguments as a mapping and a session. Query names (the shared
vocabulary): `pengguna` (a user id), `aksi` (an action code or a prefix such as "user."; older links:
`action`), `objek` (an object type) and `id_objek`, `dari` and `sampai` (office days, YYYY-MM-DD, both
included), `halaman`.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload

from portal.accounts.models import User
from portal.core import audit, clock
from portal.core.models.audit import AuditLog
from portal.core.validation import parse_day, parse_int
from portal.core.xlsx import SafeWorkbook, csv_cell, set_widths

EXPORT_LIMIT = 20_000  # rows in one export; narrow the filters for more
FIELD_MAX = 64


# The years a date filter may name: every day between them has a following day and a UTC midnight
# (?sampai=9999-12-31 or ?dari=0001-01-01 were a 500).


@dataclass
class AuditFilters:
    user_id: int | None = None
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: date | None = None
    date_to: date | None = None
    errors: list[Any] = field(default_factory=list)  # lazy messages, shown above the list

    @classmethod
    def parse(cls, args: Mapping[str, str]) -> AuditFilters:
        def text(*names: str) -> str:
            for name in names:
                value = (args.get(name) or "").strip()
                if value:
                    return value[:FIELD_MAX]
            return ""

        found = cls(user_id=parse_int(args.get("pengguna"), min_value=1), action=text("aksi", "action"),
                    object_type=text("objek"), object_id=text("id_objek"))
        found.date_from = found._day(text("dari"),
                                     _l("Tanggal \"dari\" tidak valid; tulis seperti 2026-12-01."))
        found.date_to = found._day(text("sampai"),
                                   _l("Tanggal \"sampai\" tidak valid; tulis seperti 2026-12-31."))
        if found.date_from and found.date_to and found.date_from > found.date_to:
            found.errors.append(_l("Tanggal \"dari\" tidak boleh sesudah tanggal \"sampai\"."))
            found.date_from = found.date_to = None
        return found

    def _day(self, raw: str, message) -> date | None:
        if not raw:
            return None
        day = parse_day(raw)
        if day is None:
            self.errors.append(message)
            return None
        return day

    def args(self) -> dict[str, str]:
        """The filters as query arguments (for the export links and the pages)."""
        values = {"pengguna": str(self.user_id) if self.user_id else "", "aksi": self.action,
                  "objek": self.object_type, "id_objek": self.object_id,
                  "dari": self.date_from.isoformat() if self.date_from else "",
                  "sampai": self.date_to.isoformat() if self.date_to else ""}
        return {name: value for name, value in values.items() if value}

    def query(self) -> Select:
        query = select(AuditLog).options(joinedload(AuditLog.user)).order_by(AuditLog.id.desc())
        if self.user_id:
            query = query.where(AuditLog.user_id == self.user_id)
        if self.action:
            query = query.where(AuditLog.action.startswith(self.action, autoescape=True))
        if self.object_type:
            query = query.where(AuditLog.object_type == self.object_type)
        if self.object_id:
            query = query.where(AuditLog.object_id == self.object_id)
        if self.date_from:
            query = query.where(AuditLog.at >= clock.local_moment(self.date_from, time(0, 0)))
        if self.date_to:
            end = clock.local_moment(self.date_to + timedelta(days=1), time(0, 0))
            query = query.where(AuditLog.at < end)
        return query


@dataclass(frozen=True)
class Row:
    """One entry as a reader sees it."""

    entry: AuditLog
    action_label: Any  # None: a code without a label (shown as the code)
    object_label: Any
    object_shown: str  # what the id resolves to ("DUMAS-2026-00001"), else ""
    details: list[tuple[Any, Any]]

    @property
    def user_email(self) -> str:
        return self.entry.user.email if self.entry.user else ""


def rows(session: Session, labels: audit.Labels, entries: Iterable[AuditLog]) -> list[Row]:
    entries = list(entries)
    shown = audit.resolve_objects(session, labels, entries)
    return [Row(entry, labels.action(entry.action), labels.object_label(entry.object_type),
                shown.get((entry.object_type, entry.object_id), ""), audit.detail_items(entry.detail))
            for entry in entries]


def action_choices(labels: audit.Labels) -> list[tuple[str, list[tuple[str, Any]]]]:
    """The known codes grouped by their first part ("complaint", "wbs" ...), each group led by its prefix."""
    groups: dict[str, list[tuple[str, Any]]] = {}
    for code in labels.codes():
        groups.setdefault(code.split(".", 1)[0], []).append((code, labels.action(code)))
    return sorted(groups.items())


def users(session: Session) -> list[tuple[int, str]]:
    return [(user_id, email) for user_id, email in session.execute(select(User.id, User.email)
                                                                    .order_by(User.email))]


def value_text(value: Any) -> str:
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if isinstance(value, list):
        return ", ".join(value_text(item) for item in value)
    if value is None:
        return "–"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


# --- export ---------------------------------------------------------------------------------------------

def _table(session: Session, labels: audit.Labels, filters: AuditFilters) -> tuple[list[str], list[list]]:
    found = session.scalars(filters.query().limit(EXPORT_LIMIT)).unique()
    head = [_("Waktu"), _("Pengguna"), _("Aksi"), _("Kode aksi"), _("Objek"), _("ID objek"), _("Nomor"),
            _("Rincian")]
    body = []
    for row in rows(session, labels, found):
        entry = row.entry
        body.append([
            _moment(entry.at), row.user_email, str(row.action_label or entry.action), entry.action,
            str(row.object_label or entry.object_type), entry.object_id, row.object_shown,
            "; ".join(f"{label}: {value_text(value)}" for label, value in row.details),
        ])
    return head, body


def _moment(moment: datetime) -> str:
    return moment.astimezone(clock.zone()).strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def export(session: Session, labels: audit.Labels, filters: AuditFilters, actor: User,
           fmt: str) -> tuple[bytes | str, int]:
    """The filtered log as an XLSX or a CSV (UTF-8 with a BOM) body and its row count; the export itself is
    audited ("audit.export", with the filters)."""
    head, body = _table(session, labels, filters)
    audit.record(session, actor, "audit.export", object_type="audit_log", format=fmt, total=len(body),
                 prefix=filters.action or None, user_id=filters.user_id, type=filters.object_type or None,
                 date_from=filters.date_from, date_to=filters.date_to)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(head)
        writer.writerows([csv_cell(value) for value in line] for line in body)
        return "\ufeff" + out.getvalue(), len(body)
    book = SafeWorkbook()
    formats = book.house_formats()
    sheet = book.add_worksheet(_("Log audit"))
    sheet.write_row(0, 0, head, formats["head"])
    for number, line in enumerate(body, start=1):
        sheet.write_row(number, 0, line, formats["cell"])
    set_widths(sheet, [(0, 0, 20), (1, 1, 28), (2, 2, 36), (3, 3, 26), (4, 4, 24), (5, 6, 18), (7, 7, 60)])
    sheet.freeze_panes(1, 0)
    return book.to_bytes(), len(body)
