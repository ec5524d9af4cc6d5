"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), read side, over DUMAS.

- services: the active complaint categories; `service_code` is the category slug.
- requests: ONLY complaints published on the public list, through portal.dumas.publication (the one rule:
  the citizen's consent, not confidential, published by staff). `description` is the public summary,
  `status_notes` the latest public answer; never the reporter's identity, contact, attachments, the
  original text or an officer's name.
- status: `open` / `closed` from the case engine's closed states (selesai, ditolak, diteruskan).
- expected_datetime: the working-day deadline that applies now (verify_due while received, resolve_due
  afterwards: portal/dumas/workflow.py CLOCK) as the end of that day in the office's zone; null once closed.

Limits (the spec leaves them to the server; what this one does):
- without start_date/end_date: requests received in the last 90 days; with only one of them, the 90 days
  after start_date or before end_date; a window longer than 90 days is a 400;
- at most 1000 requests, newest first; service_request_id (a comma list, at most 100 ids) overrides every
  other filter, as the spec says;
- dates are W3C/ISO 8601 datetimes of the years 1900-2999; without an offset they are read in the office's
  zone.
Bad parameters raise DomainError (views: a 400 in the spec's error format, in the reader's language).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.core import clock
from portal.core.errors import DomainError
from portal.core.models.base import utcnow
from portal.core.validation import DAY_YEARS
from portal.dumas import publication
from portal.dumas.models import CLOSED_STATUSES, Category, Complaint

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-12-01T00:00:00Z"  # when this endpoint's behaviour last changed
WINDOW_DAYS = 90
MAX_RESULTS = 1000
MAX_IDS = 100
# The years a date filter may name: every moment between them survives the 90-day window arithmetic and the
# time-zone conversions (9999-12-31 + 90 days, or 0001-01-01+14:00 in UTC, were a 500).
MIN_YEAR, MAX_YEAR = DAY_YEARS
STATUSES = ("open", "closed")
NUMBER_RE = re.compile(r"^DUMAS-\d{4}-\d{5,}$")


def discovery(base: str, contact: str) -> dict:
    return {
        "changeset": CHANGESET,
        "contact": contact,
        "key_service": "No API key is needed: this endpoint is read-only.",
        "endpoints": [{
            "specification": SPECIFICATION, "url": base, "changeset": CHANGESET, "type": "production",
            "formats": ["application/json"],
        }],
    }


def _service(category: Category) -> dict:
    return {
        "service_code": category.slug, "service_name": category.name,
        "description": category.name, "metadata": False, "type": "realtime",
        "keywords": category.slug.replace("-", ","), "group": "pengaduan",
    }


def services(session: Session) -> list[dict]:
    query = select(Category).where(Category.active.is_(True)).order_by(Category.order, Category.name)
    return [_service(category) for category in session.scalars(query)]


def service_definition(session: Session, code: str) -> dict | None:
    """The definition of one active service; None for an unknown code."""
    category = session.scalar(select(Category).where(Category.slug == code[:64], Category.active.is_(True)))
    if category is None:
        return None
    return {"service_code": category.slug, "attributes": []}


def _moment(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(clock.zone()).replace(microsecond=0).isoformat()


def _end_of(day: date | None) -> str | None:
    if day is None:
        return None
    return datetime.combine(day, time(23, 59, 59), tzinfo=clock.zone()).isoformat()


def to_request(complaint: Complaint, agency: str) -> dict:
    view = publication.public_view(complaint)
    return {
        "service_request_id": view.number,
        "status": "closed" if view.closed else "open",
        "status_notes": view.latest_note,
        "service_name": view.category_name,
        "service_code": view.category_slug,
        "description": view.summary,
        "agency_responsible": agency,
        "service_notice": "",
        "requested_datetime": _moment(view.received_at),
        "updated_datetime": _moment(view.updated_at),
        "expected_datetime": _end_of(view.due),
        "address": "",
    }


def parse_datetime(name: str, value: str) -> datetime:
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text) if "T" in text or len(text) > 10 else None
        if moment is None:
            moment = datetime.combine(date.fromisoformat(text), time(0, 0))
    except ValueError:
        raise DomainError("%(name)s bukan tanggal-waktu W3C (contoh: 2026-11-01T00:00:00+07:00).",
                          name=name) from None
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise DomainError("Tahun harus antara %(a)s dan %(b)s.", a=MIN_YEAR, b=MAX_YEAR)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=clock.zone())
    return moment


@dataclass
class RequestQuery:
    ids: list[str]
    service_code: str
    status: str
    start: datetime
    end: datetime

    @classmethod
    def from_args(cls, args: Mapping[str, str], now: datetime | None = None) -> RequestQuery:
        now = now or utcnow()
        raw_ids = (args.get("service_request_id") or "").strip()
        ids = [part.strip().upper() for part in raw_ids.split(",") if part.strip()] if raw_ids else []
        if len(ids) > MAX_IDS:
            raise DomainError("Paling banyak %(max)s nilai service_request_id sekaligus.", max=MAX_IDS)
        status = (args.get("status") or "").strip().lower()
        if status and status not in STATUSES:
            raise DomainError("status harus open atau closed.")
        code = (args.get("service_code") or "").strip()
        if len(code) > 64:
            raise DomainError("service_code terlalu panjang.")
        start_text, end_text = args.get("start_date") or "", args.get("end_date") or ""
        start = parse_datetime("start_date", start_text) if start_text.strip() else None
        end = parse_datetime("end_date", end_text) if end_text.strip() else None
        window = timedelta(days=WINDOW_DAYS)
        if start is None and end is None:
            end, start = now, now - window
        elif start is None:
            start = end - window
        elif end is None:
            end = start + window
        if start > end:
            raise DomainError("start_date tidak boleh setelah end_date.")
        if end - start > window:
            raise DomainError("Rentang tanggal paling lama %(days)s hari.", days=WINDOW_DAYS)
        return cls(ids=ids, service_code=code, status=status, start=start, end=end)


def requests(session: Session, query: RequestQuery, agency: str) -> list[dict]:
    select_ = publication.published_query()
    if query.ids:
        select_ = select_.where(Complaint.number.in_([i for i in query.ids if NUMBER_RE.match(i)]))
    else:
        if query.service_code:
            select_ = select_.join(Category, Complaint.category_id == Category.id).where(
                Category.slug == query.service_code)
        if query.status:
            closed = Complaint.status.in_(CLOSED_STATUSES)
            select_ = select_.where(closed if query.status == "closed" else ~closed)
        select_ = select_.where(Complaint.received_at >= query.start, Complaint.received_at <= query.end)
    return [to_request(complaint, agency) for complaint in session.scalars(select_.limit(MAX_RESULTS))]


def one_request(session: Session, number: str, agency: str) -> list[dict] | None:
    """An array of one published request; None when that number is not published."""
    complaint = publication.find_published(session, number)
    if complaint is None:
        return None
    return [to_request(complaint, agency)]
