"""Information requests coming in: their numbers (PPID-<year>-<5 digits>) and access codes, and finding a
request again with both (the applicant's tracking page, the objection form). Request-free.

The filing itself (the public form and staff registration of letters, e-mails and visits) lives here too."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from portal.core import access_codes, attachments, audit, clock, numbering
from portal.core.errors import DomainError, InvalidFields
from portal.core.models.base import utcnow
from portal.core.validation import FieldErrors as _Errors
from portal.core.validation import form_line as _line
from portal.core.validation import form_text as _text
from portal.ppid.models import (
    APPLICANT_TYPES,
    DELIVERY_METHODS,
    FILE_IDENTITY,
    REQUEST_CHANNELS,
    InfoRequest,
    InfoRequestCounter,
    InfoRequestEvent,
    InfoRequestFile,
)
from portal.ppid.workflow import Deadlines, set_initial_deadline

NUMBER_PREFIX = "PPID"
NUMBER_RE = re.compile(r"^PPID-(\d{4})-(\d{5,})$")
ACCESS_PURPOSE = "ppid-access"


def secret_key(config: Mapping[str, Any]) -> str | bytes:
    return config["SECRET_KEY"]


def allocate_number(session: Session, year: int) -> tuple[int, str]:
    """The next (seq, number) of `year`; never repeated, also under concurrency (portal/core/numbering.py)."""
    seq = numbering.next_sequence(session, year, InfoRequestCounter)
    return seq, numbering.format_number(NUMBER_PREFIX, year, seq)


def new_access_code() -> str:
    return access_codes.new_code()


def hash_access_code(key: str | bytes, number: str, code: str) -> str:
    return access_codes.code_hash(key, ACCESS_PURPOSE, number, code)


def normalise_number(number: str) -> str:
    return access_codes.normalise_number(number)


def track(session: Session, number: str, code: str, key: str | bytes) -> InfoRequest | None:
    """The request for a number + access code, or None (an unknown number and a wrong code look the same)."""
    return access_codes.lookup(session, InfoRequest, NUMBER_RE, key, ACCESS_PURPOSE, number, code)


# --- filing: the web form and staff registration ----------------------------------------------------------

NAME_MAX = 160
IDENTITY_MAX = 64
ADDRESS_MIN, ADDRESS_MAX = 5, 300
EMAIL_MAX = 254
PHONE_MAX = 32
OCCUPATION_MAX = 120
INFORMATION_MIN, INFORMATION_MAX = 10, 5000
PURPOSE_MIN, PURPOSE_MAX = 5, 2000
NIK_RE = re.compile(r"^\d{16}$")
PHONE_RE = re.compile(r"^(\+62|62|0)[0-9]{7,13}$")
STAFF_CHANNELS = tuple(c for c in REQUEST_CHANNELS if c != "website")
IDENTITY_FIELD = "identity_file"
MAX_RECEIVED_AGE_DAYS = 366

# Stored in the office's language (the trail is a record, not a page).
_CHANNEL_WORDS = {"surat": "surat", "email": "e-mail", "datang": "kedatangan langsung"}


class InvalidRequest(InvalidFields):
    """Bad input in an information request (portal/core/errors.py InvalidFields); `files`: the identity scan
    checked on its own (kept for the corrected form when it passed), or None when it was not checked."""


@dataclass
class RequestFields:
    applicant_type: str = "perorangan"
    applicant_name: str = ""
    identity_number: str = ""
    representative: str = ""
    address: str = ""
    email: str = ""
    phone: str = ""
    occupation: str = ""
    information: str = ""
    purpose: str = ""
    delivery: str = ""
    channel: str = "website"
    received_date: date | None = None


def _check_applicant(data: Mapping[str, Any], f: RequestFields, errors: _Errors) -> None:
    """Who asks: a person (name, NIK) or a legal body (name, deed number, who acts for it)."""
    f.applicant_type = _line(data, "applicant_type")
    if f.applicant_type not in APPLICANT_TYPES:
        errors.add("applicant_type", _l("Pilih jenis pemohon: perorangan atau badan hukum."))
    f.applicant_name = _line(data, "applicant_name")
    if len(f.applicant_name) < 2:
        errors.add("applicant_name", _l("Nama wajib diisi. Tulis minimal 2 karakter."))
    elif len(f.applicant_name) > NAME_MAX:
        errors.add("applicant_name", _l("Nama terlalu panjang (maksimal %(max)s karakter).", max=NAME_MAX))
    _check_identity(data, f, errors)
    f.address = _line(data, "address")
    if len(f.address) < ADDRESS_MIN:
        errors.add("address", _l("Alamat wajib diisi."))
    elif len(f.address) > ADDRESS_MAX:
        errors.add("address", _l("Alamat terlalu panjang (maksimal %(max)s karakter).", max=ADDRESS_MAX))
    f.occupation = _line(data, "occupation")
    if len(f.occupation) > OCCUPATION_MAX:
        errors.add("occupation", _l("Pekerjaan terlalu panjang (maksimal %(max)s karakter).",
                                    max=OCCUPATION_MAX))


def _check_identity(data: Mapping[str, Any], f: RequestFields, errors: _Errors) -> None:
    """NIK for a person; the deed's number and the representative for a legal body."""
    identity = _line(data, "identity_number")
    if f.applicant_type == "badan_hukum":
        f.identity_number = identity
        if not identity:
            errors.add("identity_number", _l("Nomor akta pendirian atau pengesahan badan hukum wajib diisi."))
        elif len(identity) > IDENTITY_MAX:
            errors.add("identity_number", _l("Nomor identitas terlalu panjang (maksimal %(max)s karakter).",
                                             max=IDENTITY_MAX))
        f.representative = _line(data, "representative")
        if len(f.representative) < 2:
            errors.add("representative", _l("Nama kuasa atau wakil badan hukum wajib diisi."))
        elif len(f.representative) > NAME_MAX:
            errors.add("representative", _l("Nama terlalu panjang (maksimal %(max)s karakter).",
                                            max=NAME_MAX))
    elif f.applicant_type == "perorangan":
        f.identity_number = re.sub(r"[\s.-]", "", identity)
        if not NIK_RE.match(f.identity_number):
            errors.add("identity_number", _l("NIK terdiri atas 16 angka, sesuai KTP."))


def _check_contact(data: Mapping[str, Any], f: RequestFields, errors: _Errors) -> None:
    email, phone = _line(data, "email"), _line(data, "phone")
    if len(email) > EMAIL_MAX:
        errors.add("email", _l("Alamat e-mail terlalu panjang."))
    elif email:
        try:
            f.email = validate_email(email, check_deliverability=False).normalized
        except EmailNotValidError:
            errors.add("email", _l("Alamat e-mail tidak valid. Contoh: nama@contoh.id"))
    compact = re.sub(r"[\s\-.()/]", "", phone)
    if phone and (len(phone) > PHONE_MAX or not PHONE_RE.match(compact)):
        errors.add("phone", _l("Nomor telepon tidak valid. Contoh: 0812 3456 7890 atau +62 812 3456 7890."))
    elif phone:
        f.phone = compact
    if not email and not phone:
        errors.add("email", _l("Isi alamat e-mail atau nomor telepon/WhatsApp (minimal salah satu)."))


def _check_wish(data: Mapping[str, Any], f: RequestFields, errors: _Errors) -> None:
    """What information, what for, and how it is to be received."""
    f.information = _text(data, "information")
    if len(f.information) < INFORMATION_MIN:
        errors.add("information", _l("Tuliskan rincian informasi yang Anda minta (minimal %(min)s karakter).",
                                     min=INFORMATION_MIN))
    elif len(f.information) > INFORMATION_MAX:
        errors.add("information", _l("Rincian informasi terlalu panjang (maksimal %(max)s karakter).",
                                     max=INFORMATION_MAX))
    f.purpose = _text(data, "purpose")
    if len(f.purpose) < PURPOSE_MIN:
        errors.add("purpose", _l("Tuliskan tujuan penggunaan informasi (minimal %(min)s karakter).",
                                 min=PURPOSE_MIN))
    elif len(f.purpose) > PURPOSE_MAX:
        errors.add("purpose", _l("Tujuan penggunaan terlalu panjang (maksimal %(max)s karakter).",
                                 max=PURPOSE_MAX))
    f.delivery = _line(data, "delivery")
    if f.delivery not in DELIVERY_METHODS:
        errors.add("delivery", _l("Pilih cara memperoleh informasi."))
    elif f.delivery == "email" and not f.email and "email" not in errors:
        errors.add("email", _l("Isi alamat e-mail untuk menerima salinan informasi melalui e-mail."))


def _parse_day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return clock.local_date(value) if value.tzinfo else value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    try:
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise ValueError(text) from None


def _check_staff(data: Mapping[str, Any], f: RequestFields, errors: _Errors) -> None:
    f.channel = _line(data, "channel")
    if f.channel not in STAFF_CHANNELS:
        errors.add("channel", _l("Pilih cara permohonan diterima: surat, e-mail, atau datang langsung."))
    try:
        f.received_date = _parse_day(data.get("received_date"))
    except ValueError:
        errors.add("received_date", _l("Tanggal diterima tidak valid."))
        return
    today = clock.today()
    if f.received_date is not None and f.received_date > today:
        errors.add("received_date", _l("Tanggal diterima tidak boleh di masa depan."))
        f.received_date = None
    elif f.received_date is not None and (today - f.received_date).days > MAX_RECEIVED_AGE_DAYS:
        errors.add("received_date", _l("Tanggal diterima lebih dari setahun yang lalu; periksa kembali."))


def validate_request(data: Mapping[str, Any], *, by_staff: bool = False) -> tuple[RequestFields, dict]:
    """Every field checked; (cleaned values, {field: [lazy messages]}) — empty errors when all is well."""
    errors = _Errors()
    f = RequestFields()
    _check_applicant(data, f, errors)
    _check_contact(data, f, errors)
    _check_wish(data, f, errors)
    if by_staff:
        _check_staff(data, f, errors)
    return f, dict(errors)


def _check_identity_file(uploads: Iterable[Any] | None, config: Mapping[str, Any], errors: _Errors,
                         *, required_file: bool) -> attachments.Outcome | None:
    """The KTP / deed scan: one file, checked by content and cleaned (images re-encoded without metadata)."""
    policy = attachments.UploadPolicy.from_config(config, max_files=1)
    files = attachments.read_uploads(list(uploads or []), policy)
    if not files:
        if required_file:
            errors.add(IDENTITY_FIELD, _l("Unggah pindaian KTP (perorangan) atau akta badan hukum."))
        return None
    try:
        outcome = attachments.prepare_each(files, policy)
    except attachments.AttachmentError as exc:
        errors.setdefault(IDENTITY_FIELD, []).extend(exc.errors)
        return None
    if outcome.errors:
        errors.setdefault(IDENTITY_FIELD, []).extend(outcome.errors)
    return outcome


def _received_at(day: date | None, now: datetime) -> datetime:
    """Now, or midday at the office on the earlier day staff say the request arrived."""
    if day is None or day >= clock.local_date(now):
        return now
    return clock.local_moment(day).astimezone(now.tzinfo)


def submit_request(session: Session, data: Mapping[str, Any], uploads: Iterable[Any] | None,
                   config: Mapping[str, Any], *, channel: str = "website",
                   actor: Any = None) -> tuple[InfoRequest, str]:
    """File a request: from the website (`actor` None, the identity scan required) or registered by staff
    from a letter, an e-mail or a visit (`actor` set, `data["channel"]` or `channel` one of surat|email|
    datang, `received_date` may be an earlier day, the scan optional). Validates everything first and
    raises InvalidRequest (nothing written); then numbers the request, stores its access code's hash,
    the first deadline, the identity scan (kind "identitas") and the "diterima" step, and audits a staff
    registration. Returns (request, plain access code). Never commits."""
    by_staff = actor is not None
    if by_staff and not actor.has_role("ppid"):
        raise DomainError("Hanya petugas PPID yang dapat mencatat permohonan informasi.")
    if by_staff and not data.get("channel") and channel != "website":
        data = {**data, "channel": channel}
    fields, errors = validate_request(data, by_staff=by_staff)
    errors = _Errors(errors)
    outcome = _check_identity_file(uploads, config, errors, required_file=not by_staff)
    if errors:
        raise InvalidRequest(dict(errors), outcome)
    return _create(session, fields, outcome.prepared if outcome else [], config, actor)


def _create(session: Session, f: RequestFields, prepared: list[attachments.PreparedFile],
            config: Mapping[str, Any], actor: Any) -> tuple[InfoRequest, str]:
    now = utcnow()
    received_at = _received_at(f.received_date if actor is not None else None, now)
    request = InfoRequest(
        channel=f.channel if actor is not None else "website",
        applicant_type=f.applicant_type, applicant_name=f.applicant_name, identity_number=f.identity_number,
        representative=f.representative, address=f.address, email=f.email, phone=f.phone,
        occupation=f.occupation, information=f.information, purpose=f.purpose, delivery=f.delivery,
        status="diterima", received_at=received_at, created_by_id=actor.id if actor is not None else None,
    )
    set_initial_deadline(session, request, Deadlines.from_config(config))
    for item in prepared:
        request.files.append(InfoRequestFile(
            kind=FILE_IDENTITY, original_name=item.display_name, content_type=item.content_type,
            size=item.size, sha256=item.sha256, data=item.data, uploaded_at=now))
    note = "Permohonan informasi diterima." if actor is None else (
        f"Permohonan informasi diterima melalui {_CHANNEL_WORDS[f.channel]} dan dicatat oleh petugas.")
    request.events.append(InfoRequestEvent(at=now, actor_id=actor.id if actor is not None else None,
                                           from_status="", to_status="diterima", public_note=note))
    # the counter row is locked from here until the caller's commit: as little as possible after it
    year = clock.local_date(now).year
    seq, number = allocate_number(session, year)
    code = new_access_code()
    request.number, request.year, request.seq = number, year, seq
    request.access_code_hash = hash_access_code(secret_key(config), number, code)
    session.add(request)
    session.flush()
    if actor is not None:
        audit.record(session, actor, "ppid.request.register", request, number=number, channel=f.channel,
                     received_on=clock.local_date(received_at), files=len(prepared))
    return request, code
