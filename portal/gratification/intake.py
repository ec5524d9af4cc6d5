"""Filing a gratification report (the fields of the KPK's report form, Peraturan KPK 2/2019): every field
checked first (InvalidReport, nothing written), then the number GRT-<year>-<5 digits>, both deadlines and
the evidence files (checked by content and cleaned by portal/core/attachments.py). Request-free: values and
a session in, never commits."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from portal.core import attachments, audit, clock, numbering
from portal.core.errors import DomainError, InvalidFields
from portal.core.models.base import utcnow
from portal.core.validation import FieldErrors as _Errors
from portal.core.validation import form_line as _line
from portal.core.validation import form_text as _text
from portal.core.validation import parse_day
from portal.gratification.models import (
    HANDLINGS,
    KINDS,
    GratificationCounter,
    GratificationEvent,
    GratificationFile,
    GratificationReport,
)
from portal.gratification.workflow import Deadlines, set_deadlines

NUMBER_PREFIX = "GRT"
NUMBER_RE = re.compile(r"^GRT-(\d{4})-(\d{5,})$")
FILER_ROLES = ("pegawai", "upg")
NAME_MAX = 160
LINE_MAX = 255
DESCRIPTION_MAX = 500
CHRONOLOGY_MIN, CHRONOLOGY_MAX = 20, 5000
EMAIL_MAX = 254
PHONE_MAX = 32
MAX_VALUE = 10**15  # Rupiah: above this is a typing error
MAX_AGE_DAYS = 366 * 2
NIK_RE = re.compile(r"^\d{16}$")
PHONE_RE = re.compile(r"^(\+62|62|0)[0-9]{7,13}$")
FILES_FIELD = "files"


class InvalidReport(InvalidFields):
    """Bad input in a gratification report (portal/core/errors.py InvalidFields)."""


@dataclass
class ReportFields:
    reporter_name: str = ""
    reporter_nik: str = ""
    reporter_position: str = ""
    reporter_unit: str = ""
    reporter_phone: str = ""
    reporter_email: str = ""
    confidential: bool = False
    giver_name: str = ""
    giver_relation: str = ""
    occasion: str = ""
    place: str = ""
    received_on: date | None = None
    kind: str = ""
    description: str = ""
    value: int = 0
    chronology: str = ""
    handling: str = ""


VALUE_RE = re.compile(r"[0-9]{1,16}", re.ASCII)


def _rupiah(raw: Any) -> int | None:
    """A whole number of Rupiah from "1500000", "1.500.000" or "Rp 1.500.000" (above the database's
    `integer`: a value is a BIGINT); None for anything else."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    text = re.sub(r"[\s.]", "", str(raw or ""))
    text = text[2:] if text[:2].lower() == "rp" else text
    return int(text) if VALUE_RE.fullmatch(text) else None


def _required_line(data, key: str, f: ReportFields, errors: _Errors, missing: Any, limit: int) -> None:
    value = _line(data, key)
    setattr(f, key, value)
    if len(value) < 2:
        errors.add(key, missing)
    elif len(value) > limit:
        errors.add(key, _l("Isian terlalu panjang (maksimal %(max)s karakter).", max=limit))


def _check_reporter(data: Mapping[str, Any], f: ReportFields, errors: _Errors) -> None:
    _required_line(data, "reporter_name", f, errors, _l("Nama pelapor wajib diisi."), NAME_MAX)
    _required_line(data, "reporter_position", f, errors, _l("Jabatan wajib diisi."), NAME_MAX)
    _required_line(data, "reporter_unit", f, errors, _l("Unit kerja wajib diisi."), NAME_MAX)
    nik = re.sub(r"[\s.-]", "", _line(data, "reporter_nik"))
    if nik and not NIK_RE.match(nik):
        errors.add("reporter_nik", _l("NIK terdiri atas 16 angka, sesuai KTP."))
    f.reporter_nik = nik
    email, phone = _line(data, "reporter_email"), _line(data, "reporter_phone")
    if len(email) > EMAIL_MAX:
        errors.add("reporter_email", _l("Alamat e-mail terlalu panjang."))
    elif email:
        try:
            f.reporter_email = validate_email(email, check_deliverability=False).normalized
        except EmailNotValidError:
            errors.add("reporter_email", _l("Alamat e-mail tidak valid. Contoh: nama@contoh.id"))
    compact = re.sub(r"[\s\-.()/]", "", phone)
    if phone and (len(phone) > PHONE_MAX or not PHONE_RE.match(compact)):
        errors.add("reporter_phone",
                   _l("Nomor telepon tidak valid. Contoh: 0812 3456 7890 atau +62 812 3456 7890."))
    elif phone:
        f.reporter_phone = compact
    f.confidential = data.get("confidential") in (True, "y", "1", "on", "true")


def _check_gift(data: Mapping[str, Any], f: ReportFields, errors: _Errors, today: date) -> None:
    _required_line(data, "giver_name", f, errors, _l("Nama pemberi wajib diisi."), NAME_MAX)
    _required_line(data, "giver_relation", f, errors, _l("Hubungan pemberi dengan pelapor wajib diisi."),
                   NAME_MAX)
    _required_line(data, "occasion", f, errors, _l("Peristiwa atau alasan pemberian wajib diisi."), LINE_MAX)
    _required_line(data, "place", f, errors, _l("Tempat penerimaan wajib diisi."), LINE_MAX)
    raw_day = data.get("received_on")
    day = raw_day if isinstance(raw_day, date) else parse_day(raw_day)
    if day is None:
        errors.add("received_on",
                   _l("Tanggal penerimaan atau penolakan wajib diisi dengan tanggal yang valid."))
    elif day > today:
        errors.add("received_on", _l("Tanggal penerimaan tidak boleh di masa depan."))
    elif (today - day).days > MAX_AGE_DAYS:
        errors.add("received_on", _l("Tanggal penerimaan lebih dari dua tahun yang lalu; periksa kembali."))
    else:
        f.received_on = day
    f.kind = _line(data, "kind")
    if f.kind not in KINDS:
        errors.add("kind", _l("Pilih jenis gratifikasi."))
    f.description = _line(data, "description")
    if len(f.description) > DESCRIPTION_MAX:
        errors.add("description",
                   _l("Isian terlalu panjang (maksimal %(max)s karakter).", max=DESCRIPTION_MAX))
    value = _rupiah(data.get("value"))
    if value is None or not 0 <= value <= MAX_VALUE:
        errors.add("value", _l("Perkiraan nilai diisi dengan bilangan bulat Rupiah (0 atau lebih), tanpa "
                               "koma."))
    else:
        f.value = value
    f.chronology = _text(data, "chronology")
    if len(f.chronology) < CHRONOLOGY_MIN:
        errors.add("chronology", _l("Tuliskan kronologi penerimaan (minimal %(min)s karakter).",
                                    min=CHRONOLOGY_MIN))
    elif len(f.chronology) > CHRONOLOGY_MAX:
        errors.add("chronology", _l("Kronologi terlalu panjang (maksimal %(max)s karakter).",
                                    max=CHRONOLOGY_MAX))
    f.handling = _line(data, "handling")
    if f.handling not in HANDLINGS:
        errors.add("handling",
                   _l("Pilih tindakan atas gratifikasi: ditolak, disimpan, atau diserahkan ke UPG."))


def validate_report(data: Mapping[str, Any], today: date | None = None) -> tuple[ReportFields, dict]:
    """Every field checked; (cleaned values, {field: [lazy messages]}) — empty errors when all is well."""
    errors = _Errors()
    f = ReportFields()
    _check_reporter(data, f, errors)
    _check_gift(data, f, errors, today or clock.today())
    return f, dict(errors)


def _check_files(uploads: Iterable[Any] | None, config: Mapping[str, Any],
                 errors: _Errors) -> list[attachments.PreparedFile]:
    policy = attachments.UploadPolicy.from_config(config)
    try:
        files = attachments.read_uploads(list(uploads or []), policy)
        return attachments.prepare(files, policy) if files else []
    except attachments.AttachmentError as exc:
        errors.setdefault(FILES_FIELD, []).extend(exc.errors)
        return []


def file_report(session: Session, actor: Any, data: Mapping[str, Any], uploads: Iterable[Any] | None,
                config: Mapping[str, Any]) -> GratificationReport:
    """File a report for `actor` (role pegawai or upg): validates every field and file first and raises
    InvalidReport (nothing written); then numbers it, sets both deadlines (a late report is marked late),
    stores the cleaned files and the "diterima" step, and audits it (ids only). Never commits."""
    if actor is None or not actor.has_role(*FILER_ROLES):
        raise DomainError("Hanya pegawai yang dapat melaporkan gratifikasi.")
    now = utcnow()
    today = clock.local_date(now)
    fields, errors = validate_report(data, today)
    errors = _Errors(errors)
    prepared = _check_files(uploads, config, errors)
    if errors:
        raise InvalidReport(dict(errors))
    report = GratificationReport(**vars(fields), reporter_id=actor.id, status="diterima", filed_at=now,
                                 filed_on=today)
    set_deadlines(session, report, Deadlines.from_config(config))
    for item in prepared:
        report.files.append(GratificationFile(original_name=item.display_name, content_type=item.content_type,
                                              size=item.size, sha256=item.sha256, data=item.data,
                                              uploaded_at=now))
    note = "Laporan gratifikasi diterima UPG." + (
        " Laporan disampaikan melewati batas waktu pelaporan ke UPG." if report.filed_late else "")
    report.events.append(GratificationEvent(at=now, actor_id=actor.id, from_status="", to_status="diterima",
                                            public_note=note))
    year = today.year
    seq = numbering.next_sequence(session, year, GratificationCounter)
    report.number, report.year, report.seq = numbering.format_number(NUMBER_PREFIX, year, seq), year, seq
    session.add(report)
    session.flush()
    audit.record(session, actor, "gratification.file", report, number=report.number, kind=report.kind,
                 files=len(prepared), late=report.filed_late)
    return report
