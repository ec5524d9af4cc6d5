"""DUMAS intake: a citizen's complaint from the website, a case registered by staff from another channel,
tracking with number + access code, information added by the reporter, and the e-mails to the reporter.

Every write here is one transaction that this module commits itself, because uploaded files are written
to disk just before the commit and must be removed again if the commit fails (no orphan files, no rows
without their files). E-mails go out after the commit and never undo it.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.core import access_codes, attachments, audit, clock, mailer, numbering
from portal.core.errors import DomainError, InvalidFields
from portal.core.models.base import utcnow
from portal.core.validation import FieldErrors as _Errors
from portal.core.validation import form_line as _line
from portal.core.validation import form_text as _text
from portal.core.validation import parse_int
from portal.dumas.models import (
    CHANNELS,
    CLOSED_STATUSES,
    KINDS,
    STATUSES,
    Category,
    Complaint,
    ComplaintAttachment,
    ComplaintCounter,
    ComplaintFollowUp,
    indonesian,
)
from portal.dumas.workflow import Deadlines, set_initial_deadlines

log = logging.getLogger("portal.dumas")

AREA = "dumas"  # attachments live in UPLOAD_FOLDER/dumas/
NUMBER_PREFIX = "DUMAS"
NUMBER_RE = re.compile(r"^DUMAS-(\d{4})-(\d{5,})$")


NAME_MAX = 120
EMAIL_MAX = 254
PHONE_MAX = 32
SUBJECT_MIN, SUBJECT_MAX = 5, 200
DESCRIPTION_MIN, DESCRIPTION_MAX = 20, 20000
PLACE_MAX = 200
EXTERNAL_ID_MAX = 64
MAX_ID = 2**31 - 1  # largest primary key a form may name (PostgreSQL INTEGER)
INFO_MAX = 5000
MAX_ATTACHMENTS_PER_CASE = 25
PHONE_RE = re.compile(r"^(\+62|62|0)[0-9]{7,13}$")

DEFAULT_CATEGORIES: list[tuple[str, str, str]] = [
    # slug, name, default kind (the kind decides the resolution deadline: portal.dumas.workflow.Deadlines)
    ("pelayanan", "Pelayanan", "non_pengawasan"),
    ("perilaku-petugas", "Perilaku petugas", "pengawasan"),
    ("data-pemilih", "Data pemilih", "non_pengawasan"),
    ("pencalonan", "Pencalonan", "non_pengawasan"),
    ("logistik", "Logistik", "non_pengawasan"),
    ("informasi-publik", "Informasi publik", "informasi"),
    ("lainnya", "Lainnya", "non_pengawasan"),
]


class InvalidComplaint(InvalidFields):
    """Bad input in a complaint (portal/core/errors.py InvalidFields); `files`: the attachments checked on
    their own, or None when they were not checked one by one (too many for the case, or the budget spent)."""


@dataclass
class ComplaintFields:
    reporter_name: str = ""
    reporter_email: str = ""
    reporter_phone: str = ""
    confidential: bool = False
    public_consent: bool = False  # the public list (portal/dumas/publication.py); never with confidential
    category: Category | None = None
    kind: str = "non_pengawasan"
    subject: str = ""
    description: str = ""
    event_place: str = ""
    event_date: date | None = None
    channel: str = "website"
    external_id: str = ""
    received_date: date | None = None


@dataclass
class TimelineEntry:
    at: datetime
    status: str  # label of the state after this step
    status_changed: bool
    note: str
    by_reporter: bool
    attachment_names: list[str] = field(default_factory=list)


# --- small helpers --------------------------------------------------------------------------------------

def today() -> date:
    """Today at the office (portal.core.clock); kept for the views and tests that ask this module."""
    return clock.today()


def _parse_date(value: Any) -> date | None:
    """date, 'YYYY-MM-DD' (the date picker) or 'DD/MM/YYYY' / 'DD-MM-YYYY' (typed); '' -> None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return clock.local_date(value) if value.tzinfo else value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    try:
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(text) from None


def _bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "y", "yes", "on", "true", "ya"}
    return bool(value)


def normalise_phone(raw: str) -> str:
    return re.sub(r"[\s\-.()/]", "", raw)


def normalise_number(number: str) -> str:
    return access_codes.normalise_number(number)


def normalise_code(code: str) -> str:
    return access_codes.normalise_code(code)


def new_access_code() -> str:
    return access_codes.new_code()


ACCESS_PURPOSE = "dumas-access"


def hash_access_code(secret_key: str | bytes, number: str, code: str) -> str:
    """HMAC-SHA256 keyed by SECRET_KEY over the number and the normalised code (bound to that case)."""
    return access_codes.code_hash(secret_key, ACCESS_PURPOSE, number, code)


def _secret(config: Mapping[str, Any] | None) -> str | bytes:
    if config is not None and config.get("SECRET_KEY"):
        return config["SECRET_KEY"]
    from flask import current_app

    return current_app.config["SECRET_KEY"]


# --- validation -----------------------------------------------------------------------------------------

def validate_complaint(
    session: Session, data: Mapping[str, Any], *, by_staff: bool = False
) -> tuple[ComplaintFields, dict[str, list[Any]]]:
    """Check every field; returns the cleaned values and {field: [messages]} (empty when all is well).

    Website: name, and an e-mail or a phone number, are required, and consent must be given.
    Staff registration (letter, walk-in, hotline...): contact may be missing (then no e-mail is sent),
    the channel must not be `website`, SP4N-LAPOR! needs its ticket ID, consent is not asked.
    Messages are lazy (`lazy_gettext`): they are read in the language of whoever sees them.
    """
    errors = _Errors()
    f = ComplaintFields()
    f.reporter_name = _check_name(data, errors, by_staff)
    f.reporter_email, f.reporter_phone = _check_contact(data, errors, by_staff)
    f.confidential = _bool(data.get("confidential"))
    # A confidential complaint is never published: when both are ticked, confidentiality wins.
    f.public_consent = _bool(data.get("public_consent")) and not f.confidential
    f.category, f.kind = _check_category(session, data, errors, by_staff)
    _check_story(data, f, errors)
    if by_staff:
        _check_staff_fields(data, f, errors)
    elif not _bool(data.get("consent")):
        errors.add("consent", _l("Centang persetujuan agar aduan dapat kami proses."))
    return f, dict(errors)


def _check_name(data: Mapping[str, Any], errors: _Errors, by_staff: bool) -> str:
    name = _line(data, "reporter_name")
    if len(name) > NAME_MAX:
        errors.add("reporter_name", _l("Nama terlalu panjang (maksimal %(max)s karakter).", max=NAME_MAX))
    elif not by_staff and len(name) < 2:
        if _bool(data.get("confidential")):
            errors.add("reporter_name", _l(
                "Nama tetap wajib diisi walaupun identitas dirahasiakan: nama dan kontak Anda hanya dilihat "
                "oleh petugas pengelola pengaduan (DUMAS), tidak oleh pihak yang diadukan. Untuk melapor "
                "tanpa identitas sama sekali, gunakan WBS (/wbs)."))
        else:
            errors.add("reporter_name", _l("Nama wajib diisi. Tulis minimal 2 karakter."))
    return name


def _check_contact(data: Mapping[str, Any], errors: _Errors, by_staff: bool) -> tuple[str, str]:
    """(normalised e-mail, compact phone); the website form needs at least one of them."""
    email, phone = _line(data, "reporter_email"), _line(data, "reporter_phone")
    clean_email = clean_phone = ""
    if len(email) > EMAIL_MAX:
        errors.add("reporter_email", _l("Alamat e-mail terlalu panjang."))
    elif email:
        try:
            clean_email = validate_email(email, check_deliverability=False).normalized
        except EmailNotValidError:
            errors.add("reporter_email", _l("Alamat e-mail tidak valid. Contoh: nama@contoh.id"))
    compact = normalise_phone(phone)
    if phone and (len(phone) > PHONE_MAX or not PHONE_RE.match(compact)):
        errors.add("reporter_phone", _l(
            "Nomor telepon tidak valid. Contoh: 0812 3456 7890 atau +62 812 3456 7890."))
    elif phone:
        clean_phone = compact
    if not by_staff and not email and not phone:
        errors.add("reporter_email", _l("Isi alamat e-mail atau nomor telepon/WhatsApp (minimal salah satu) "
                                        "agar kami dapat menghubungi Anda."))
    return clean_email, clean_phone


def _check_category(session: Session, data: Mapping[str, Any], errors: _Errors,
                    by_staff: bool) -> tuple[Category | None, str]:
    """The chosen active category (optional for staff) and the kind (empty: the category's default)."""
    raw = data.get("category_id")
    category = None
    if raw not in (None, ""):
        # the one strict parser (portal/core/validation.py): beyond a database integer names no category
        category_id = parse_int(raw, min_value=1, max_value=MAX_ID)
        category = session.get(Category, category_id) if category_id else None
        if category is None or not category.active:
            errors.add("category_id", _l("Kategori yang dipilih tidak tersedia. Pilih kategori dari daftar."))
            category = None
    elif not by_staff:
        errors.add("category_id", _l("Pilih kategori aduan."))
    kind = _line(data, "kind")
    if kind and kind not in KINDS:
        errors.add("kind", _l("Jenis aduan tidak dikenal."))
    return category, kind if kind in KINDS else (category.default_kind if category else "non_pengawasan")


def _check_story(data: Mapping[str, Any], f: ComplaintFields, errors: _Errors) -> None:
    """Subject, description, place and date of the event."""
    f.subject = _line(data, "subject")
    if len(f.subject) < SUBJECT_MIN:
        errors.add("subject", _l("Perihal wajib diisi (minimal %(min)s karakter).", min=SUBJECT_MIN))
    elif len(f.subject) > SUBJECT_MAX:
        errors.add("subject", _l("Perihal terlalu panjang (maksimal %(max)s karakter).", max=SUBJECT_MAX))
    f.description = _text(data, "description")
    if len(f.description) < DESCRIPTION_MIN:
        errors.add("description", _l("Uraikan aduan Anda minimal %(min)s karakter: apa yang terjadi, siapa "
                                     "yang terlibat, dan apa yang Anda harapkan.", min=DESCRIPTION_MIN))
    elif len(f.description) > DESCRIPTION_MAX:
        errors.add("description", _l("Uraian terlalu panjang (maksimal %(max)s karakter).",
                                     max=DESCRIPTION_MAX))
    f.event_place = _line(data, "event_place")
    if len(f.event_place) > PLACE_MAX:
        errors.add("event_place", _l("Tempat kejadian terlalu panjang (maksimal %(max)s karakter).",
                                     max=PLACE_MAX))
    f.event_date = _past_date(data, "event_date", errors, invalid=_l(
        "Tanggal kejadian tidak valid. Gunakan format HH/BB/TTTT, misalnya 17/08/2026."),
        future=_l("Tanggal kejadian tidak boleh di masa depan."))
    if f.event_date is not None and f.event_date.year < 1950:
        errors.add("event_date", _l("Periksa kembali tahun tanggal kejadian."))


def _check_staff_fields(data: Mapping[str, Any], f: ComplaintFields, errors: _Errors) -> None:
    """Channel, external ticket and day of receipt of a complaint that staff register."""
    f.channel = _line(data, "channel")
    if f.channel not in CHANNELS:
        errors.add("channel", _l("Pilih kanal masuknya aduan."))
    elif f.channel == "website":
        errors.add("channel", _l("Aduan dari situs web masuk melalui formulir publik."))
    f.external_id = _line(data, "external_id")
    if len(f.external_id) > EXTERNAL_ID_MAX:
        errors.add("external_id", _l("ID eksternal terlalu panjang (maksimal %(max)s karakter).",
                                     max=EXTERNAL_ID_MAX))
    elif f.channel == "lapor" and not f.external_id:
        errors.add("external_id", _l(
            "Nomor tiket SP4N-LAPOR! wajib diisi untuk aduan dari kanal SP4N-LAPOR!."))
    f.received_date = _past_date(data, "received_date", errors, invalid=_l("Tanggal diterima tidak valid."),
                                 future=_l("Tanggal diterima tidak boleh di masa depan."))
    if f.received_date is not None and (clock.today() - f.received_date).days > 366:
        errors.add("received_date", _l("Tanggal diterima lebih dari setahun yang lalu; periksa kembali."))


def _past_date(data: Mapping[str, Any], key: str, errors: _Errors, *,
               invalid: Any, future: Any) -> date | None:
    """A date field that may be empty and may not lie after today; None when empty, invalid or future."""
    try:
        day = _parse_date(data.get(key))
    except ValueError:
        errors.add(key, invalid)
        return None
    if day is not None and day > clock.today():
        errors.add(key, future)
        return None
    return day


def _prepare_files(files: Iterable[Any] | None, config: Mapping[str, Any], errors: dict[str, list[Any]],
                   already: int = 0) -> attachments.Outcome | None:
    """Every file checked on its own under the request's one budget; problems go into `errors`. None when
    the files were refused as a whole (nothing of them may be kept)."""
    policy = attachments.UploadPolicy.from_config(config)
    uploads = attachments.read_uploads(files or [], policy)
    if already + len(uploads) > MAX_ATTACHMENTS_PER_CASE and len(uploads) <= policy.max_files:
        errors.setdefault("attachments", []).append(_l(
            "Satu aduan dapat memuat paling banyak %(max)s lampiran; sudah ada %(count)s.",
            max=MAX_ATTACHMENTS_PER_CASE, count=already))
        return None
    try:
        outcome = attachments.prepare_each(uploads, policy)
    except attachments.AttachmentError as exc:  # the budget of the request: refused as a whole
        errors.setdefault("attachments", []).extend(exc.errors)
        return None
    if outcome.errors:
        errors.setdefault("attachments", []).extend(outcome.errors)
    return outcome


# --- writing --------------------------------------------------------------------------------------------

def submit_complaint(
    session: Session,
    data: Mapping[str, Any],
    files: Iterable[Any] | None,
    config: Mapping[str, Any],
    *,
    tracking_url: str = "",
    office_name: str = "",
) -> tuple[Complaint, str]:
    """A citizen's complaint from the website form. Validates everything (fields and files) first, then
    numbers, stores and COMMITS in one transaction; sends the receipt e-mail after the commit.

    Returns (complaint, plain access code). Raises InvalidComplaint (nothing written) on bad input.
    """
    return _intake(session, data, files, config, None, tracking_url=tracking_url, office_name=office_name)


def register_by_staff(
    session: Session,
    data: Mapping[str, Any],
    files: Iterable[Any] | None,
    config: Mapping[str, Any],
    *,
    actor: User,
    tracking_url: str = "",
    office_name: str = "",
) -> tuple[Complaint, str]:
    """A complaint that came by hotline, e-mail, letter, walk-in, social media or SP4N-LAPOR!.

    `data` keys: channel, external_id, received_date (date or ISO string; default today), reporter_name,
    reporter_email, reporter_phone, confidential, category_id, kind (optional), subject, description,
    event_place, event_date. Contact may be missing (then no e-mail is sent). Commits like
    `submit_complaint`, with an audit row; the plain access code is returned so staff can hand it over.
    """
    if actor is None or not actor.has_role("dumas"):
        raise DomainError("Hanya petugas DUMAS yang dapat mencatat aduan.")
    return _intake(session, data, files, config, actor, tracking_url=tracking_url, office_name=office_name)


def _intake(session: Session, data: Mapping[str, Any], files: Iterable[Any] | None, config: Mapping[str, Any],
            actor: User | None, *, tracking_url: str, office_name: str) -> tuple[Complaint, str]:
    """Fields and files checked (the staff rules when `actor` is set), stored and committed, then the
    receipt e-mailed. Raises InvalidComplaint (nothing written) on bad input."""
    fields, errors = validate_complaint(session, data, by_staff=actor is not None)
    outcome = _prepare_files(files, config, errors)
    if errors:
        raise InvalidComplaint(errors, outcome)
    complaint, code = _create(session, fields, outcome.prepared if outcome else [], config, actor=actor)
    send_registration_mail(config, complaint, code, tracking_url=tracking_url, office_name=office_name)
    return complaint, code


def _received_at(fields: ComplaintFields, now: datetime) -> datetime:
    """Now, or midday at the office on the earlier day staff say the complaint arrived."""
    if fields.received_date is None or fields.received_date >= clock.local_date(now):
        return now
    return clock.local_moment(fields.received_date).astimezone(now.tzinfo)


def _create(
    session: Session, fields: ComplaintFields, prepared: list[attachments.PreparedFile],
    config: Mapping[str, Any], *, actor: User | None,
) -> tuple[Complaint, str]:
    now = utcnow()
    received_at = _received_at(fields, now)
    complaint = Complaint(
        channel=fields.channel if actor is not None else "website",
        external_id=fields.external_id,
        reporter_name=fields.reporter_name, reporter_email=fields.reporter_email,
        reporter_phone=fields.reporter_phone, confidential=fields.confidential,
        public_consent=fields.public_consent,
        category_id=fields.category.id if fields.category else None, kind=fields.kind,
        subject=fields.subject, description=fields.description,
        event_place=fields.event_place, event_date=fields.event_date,
        status="diterima", received_at=received_at,
        created_by_id=actor.id if actor is not None else None,
    )
    # Files and deadlines first: the counter row is locked from next_sequence until the commit, so
    # as little as possible happens while it is held (the concurrent-submission benchmark measures this).
    with _stored_and_committed(session, prepared, config) as stored:
        # the complaint is not added to the session yet
        set_initial_deadlines(session, complaint, Deadlines.from_config(config))
        year = clock.local_date(now).year
        seq = numbering.next_sequence(session, year, ComplaintCounter)
        number = numbering.format_number(NUMBER_PREFIX, year, seq)
        code = new_access_code()
        complaint.number, complaint.year, complaint.seq = number, year, seq
        complaint.access_code_hash = hash_access_code(_secret(config), number, code)
        session.add(complaint)
        note = "Aduan diterima." if actor is None else (
            f"Aduan diterima melalui kanal {indonesian(CHANNELS[fields.channel])} dan dicatat oleh petugas.")
        followup = ComplaintFollowUp(
            complaint=complaint, at=now, actor_id=actor.id if actor is not None else None,
            from_status="", to_status="diterima", public_note=note,
        )
        _add_with_files(session, followup, stored, by_staff=actor is not None)
        if actor is not None:
            audit.record(session, actor, "complaint.register", complaint, number=number,
                         channel=fields.channel, external_ref=bool(fields.external_id),
                         attachments=len(stored))
        else:
            audit.record(session, None, "complaint.submit", complaint, number=number,
                         attachments=len(stored))
    return complaint, code


@contextmanager
def _stored_and_committed(session: Session, prepared: list[attachments.PreparedFile],
                          config: Mapping[str, Any]) -> Iterator[list]:
    """The files written to disk, then the block's rows: committed together, or rolled back and the files
    removed again (no orphan files, no rows without their files)."""
    with attachments.store_for_transaction(prepared, config["UPLOAD_FOLDER"], AREA) as stored:
        try:
            yield stored
            session.commit()
        except BaseException:
            session.rollback()
            raise


def _add_with_files(session: Session, followup: ComplaintFollowUp, stored: list, *, by_staff: bool) -> None:
    """A follow-up and a row for each stored file attached to it (uploaded at the follow-up's moment)."""
    session.add(followup)
    session.flush()
    for item in stored:
        session.add(ComplaintAttachment(
            complaint=followup.complaint, followup_id=followup.id, original_name=item.display_name,
            stored_name=item.stored_name, content_type=item.content_type, size=item.size,
            sha256=item.sha256, uploaded_at=followup.at, by_staff=by_staff,
        ))


def track(session: Session, number: str, code: str,
          secret_key: str | bytes | None = None) -> Complaint | None:
    """The complaint for a number + access code, or None (portal/core/access_codes.py `lookup`)."""
    key = secret_key if secret_key is not None else _secret(None)
    return access_codes.lookup(session, Complaint, NUMBER_RE, key, ACCESS_PURPOSE, number, code)


def add_reporter_info(
    session: Session,
    complaint: Complaint,
    text: str,
    files: Iterable[Any] | None,
    config: Mapping[str, Any],
) -> ComplaintFollowUp:
    """Information the reporter adds from the tracking page (a follow-up with actor None), with files.
    Commits; raises InvalidComplaint (fields `text`, `attachments`) or DomainError, writing nothing."""
    if complaint.status in CLOSED_STATUSES:
        raise DomainError("Aduan ini sudah ditutup sehingga tidak dapat ditambah informasi. "
                          "Bila ada hal baru, silakan ajukan pengaduan baru.")
    errors: dict[str, list[Any]] = {}
    text = _text({"text": text}, "text")
    if len(text) > INFO_MAX:
        errors.setdefault("text", []).append(_l("Informasi terlalu panjang (maksimal %(max)s karakter).",
                                                max=INFO_MAX))
    existing = session.scalar(
        select(func.count()).select_from(ComplaintAttachment)
        .where(ComplaintAttachment.complaint_id == complaint.id)
    ) or 0
    outcome = _prepare_files(files, config, errors, already=existing)
    prepared = outcome.prepared if outcome and not errors else []
    if not errors and not text and not prepared:
        errors.setdefault("text", []).append(_l("Tuliskan informasi tambahan atau lampirkan berkas."))
    if errors:
        raise InvalidComplaint(errors)
    with _stored_and_committed(session, prepared, config) as stored:
        followup = ComplaintFollowUp(
            complaint=complaint, at=utcnow(), actor_id=None, from_status=complaint.status,
            to_status=complaint.status, public_note=text or "(Pelapor menambahkan lampiran.)",
        )
        _add_with_files(session, followup, stored, by_staff=False)
        audit.record(session, None, "complaint.reporter_info", complaint, number=complaint.number,
                     attachments=len(stored))
    return followup


# --- reading for the reporter ---------------------------------------------------------------------------

def public_timeline(complaint: Complaint) -> list[TimelineEntry]:
    """What the reporter may see: status changes and PUBLIC notes, with the names of the reporter's own
    files. Never internal notes, never who the officer is, never staff files."""
    names: dict[int, list[str]] = {}
    for item in complaint.attachments:
        if not item.by_staff and item.followup_id is not None:
            names.setdefault(item.followup_id, []).append(item.original_name)
    entries = []
    for fu in complaint.followups:
        changed = fu.from_status != fu.to_status
        note = fu.public_note.strip()
        if not changed and not note:
            continue  # internal-only entries (assignment, recategorisation, internal notes)
        entries.append(TimelineEntry(
            at=fu.at, status=STATUSES.get(fu.to_status, fu.to_status), status_changed=changed, note=note,
            # the first step is the office's receipt, not the reporter's
            by_reporter=fu.actor_id is None and fu.from_status != "",
            attachment_names=names.get(fu.id, []),
        ))
    return entries


# --- e-mails --------------------------------------------------------------------------------------------

def _signature(office_name: str) -> str:
    return f"\n\nHormat kami,\nPengelola Pengaduan Masyarakat{(' ' + office_name) if office_name else ''}\n" \
           "(Pesan ini dikirim otomatis; mohon tidak membalas e-mail ini.)"


def registration_mail(complaint: Complaint, code: str, *, tracking_url: str = "",
                      office_name: str = "") -> tuple[str, str]:
    subject = f"Pengaduan {complaint.number} telah kami terima"
    lines = [
        f"Yth. {complaint.reporter_name or 'Pelapor'},",
        "",
        "Terima kasih, pengaduan Anda telah kami terima dan akan ditindaklanjuti.",
        "",
        f"Nomor pengaduan : {complaint.number}",
        f"Kode akses      : {code}",
        f"Perihal         : {complaint.subject}",
        "",
        ("Simpan nomor dan kode akses ini. Kode akses hanya dikirim sekali dan diperlukan untuk melihat "
         "perkembangan pengaduan serta menambahkan informasi. Jangan berikan kode akses kepada orang lain."),
    ]
    if tracking_url:
        lines += ["", f"Pantau pengaduan Anda di: {tracking_url}"]
    if complaint.verify_due:
        due = _tanggal(complaint.verify_due)
        lines += ["", f"Pengaduan akan diverifikasi paling lambat {due} (hari kerja)."]
    return subject, "\n".join(lines) + _signature(office_name)


def send_registration_mail(config: Mapping[str, Any], complaint: Complaint, code: str, *,
                           tracking_url: str = "", office_name: str = "") -> bool:
    if not complaint.reporter_email:
        return False
    subject, body = registration_mail(complaint, code, tracking_url=tracking_url, office_name=office_name)
    return mailer.send_mail(dict(config), complaint.reporter_email, subject, body)


def status_mail(complaint: Complaint, followup: ComplaintFollowUp, *, tracking_url: str = "",
                office_name: str = "") -> tuple[str, str]:
    with force_locale("id"):  # the mail is Indonesian, whatever language the staff member's screen is in
        status = str(STATUSES.get(followup.to_status, followup.to_status))
    changed = followup.from_status != followup.to_status
    subject = (f"Status pengaduan {complaint.number}: {status}" if changed
               else f"Perkembangan pengaduan {complaint.number}")
    lines = [f"Yth. {complaint.reporter_name or 'Pelapor'},", ""]
    if changed:
        lines.append(f"Status pengaduan Anda nomor {complaint.number} kini: {status}.")
    else:
        lines.append(f"Ada perkembangan pada pengaduan Anda nomor {complaint.number}.")
    note = (followup.public_note or "").strip()
    if followup.to_status == "selesai" and complaint.final_answer:
        lines += ["", "Jawaban:", complaint.final_answer.strip()]
        if note and note != complaint.final_answer.strip():
            lines += ["", "Catatan:", note]
    elif note:
        lines += ["", "Catatan:", note]
    if followup.to_status == "diteruskan" and complaint.forwarded_to and complaint.forwarded_to not in note:
        lines += ["", f"Diteruskan kepada: {complaint.forwarded_to}"]
    if tracking_url:
        lines += ["", (f"Lihat perkembangan lengkap di {tracking_url} dengan nomor pengaduan dan kode akses "
                       "Anda.")]
    return subject, "\n".join(lines) + _signature(office_name)


def notify_status_change(config: Mapping[str, Any], complaint: Complaint, followup: ComplaintFollowUp, *,
                         tracking_url: str = "", office_name: str = "") -> bool:
    """E-mail the reporter about a status change (call after commit). Sends only the status and the PUBLIC
    note / final answer; never the internal note or the officer's name. No e-mail address -> False."""
    if not complaint.reporter_email:
        return False
    subject, body = status_mail(complaint, followup, tracking_url=tracking_url, office_name=office_name)
    return mailer.send_mail(dict(config), complaint.reporter_email, subject, body)


def _tanggal(day: date) -> str:
    from portal.core.formatting import tanggal

    return tanggal(day)


# --- default content ------------------------------------------------------------------------------------

def load_default_categories(session: Session) -> str:
    existing = set(session.scalars(select(Category.slug)))
    added = 0
    for order, (slug, name, kind) in enumerate(DEFAULT_CATEGORIES, start=1):
        if slug in existing:
            continue
        session.add(Category(slug=slug, name=name, default_kind=kind, active=True, order=order * 10))
        added += 1
    session.flush()
    return f"{added} ditambahkan" if added else "sudah lengkap"


def active_categories(session: Session) -> list[Category]:
    query = select(Category).where(Category.active.is_(True)).order_by(Category.order, Category.name)
    return list(session.scalars(query))
