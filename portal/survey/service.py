"""SKM (Survei Kepuasan Masyarakat): questionnaire intake, one-time QR tokens, per-service settings,
period results (live for staff, frozen snapshots for the public) and the follow-up plans.

Rules kept here:
- A questionnaire is stored only when it is complete: service, date of service, the four profile
  answers and every unsur that is asked; otherwise nothing is written and the error names what is
  missing.
- A one-time token is consumed by a conditional UPDATE (`used_at IS NULL`) in the same transaction as
  the answer, so two submissions with one token cannot both succeed.
- Periods (triwulan, semester, tahun) follow the local (WIB) date the questionnaire was submitted.
- A period is published with its follow-up plan: every weakest unsur of the whole office needs a
  rencana tindak lanjut first. Publishing again replaces the snapshot (version + 1).
- Every staff write records an audit row.
"""
from __future__ import annotations

import hashlib
import json
import random
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.core import audit, periods
from portal.core.clock import local_date, today
from portal.core.errors import DomainError
from portal.core.models.base import utcnow
from portal.core.models.setting import Setting
from portal.core.periods import Period
from portal.standards.models import Service
from portal.survey import ikm
from portal.survey.models import (
    BIAYA_ASK,
    BIAYA_EXCLUDE,
    BIAYA_MODES,
    UNSUR_KEYS,
    SurveyFollowUp,
    SurveyPublication,
    SurveyResponse,
    SurveyServiceSetting,
    SurveyToken,
)

GENDERS: dict[str, object] = {"L": _l("Laki-laki"), "P": _l("Perempuan")}
# The default profile options: the stored value (Indonesian, as the regulation's questionnaire words it)
# and the label a page shows in the reader's language. Lists set by the office are shown as typed.
EDUCATION_OPTIONS: dict[str, object] = {
    "SD/sederajat": _l("SD/sederajat"), "SMP/sederajat": _l("SMP/sederajat"),
    "SMA/SMK/sederajat": _l("SMA/SMK/sederajat"), "D1–D4": _l("D1–D4"), "S1": _l("S1"), "S2": _l("S2"),
    "S3": _l("S3"),
}
# Occupations as they are in a rural kabupaten (most respondents farm, fish, trade or keep a house), not only
# the office-worker ones. A constant: an install that never saved its own list shows these at once.
OCCUPATION_OPTIONS: dict[str, object] = {
    "Petani/Pekebun": _l("Petani/Pekebun"), "Nelayan": _l("Nelayan"), "Pedagang": _l("Pedagang"),
    "Buruh": _l("Buruh"), "Ibu rumah tangga": _l("Ibu rumah tangga"), "Wirausaha": _l("Wirausaha"),
    "Pegawai swasta": _l("Pegawai swasta"), "PNS/ASN": _l("PNS/ASN"), "TNI/Polri": _l("TNI/Polri"),
    "Pelajar/Mahasiswa": _l("Pelajar/Mahasiswa"), "Pensiunan": _l("Pensiunan"),
    "Tidak bekerja": _l("Tidak bekerja"), "Lainnya": _l("Lainnya"),
}
DEFAULT_EDUCATION = list(EDUCATION_OPTIONS)
DEFAULT_OCCUPATION = list(OCCUPATION_OPTIONS)
SETTING_EDUCATION = "skm_pendidikan"
SETTING_OCCUPATION = "skm_pekerjaan"
MAX_CATEGORY_LENGTH = 60
MAX_SUGGESTION = 2000
MIN_AGE, MAX_AGE = 10, 100
MAX_SERVICE_AGE_DAYS = 366  # a service date more than a year back is refused
PERIOD_TYPES = ("triwulan", "semester", "tahun")  # SKM periods (no months, no date ranges)
TOKEN_MAX_BATCH = 100
TOKEN_MAX_DAYS = 180
MAX_FOLLOW_UP = 4000


def profile_label(value: str) -> str:
    """What a page shows for a stored profile answer: a default option in the reader's language, any
    other (an office's own option, an answer to an option since removed) as it was stored."""
    label = EDUCATION_OPTIONS.get(value) or OCCUPATION_OPTIONS.get(value)
    return str(label) if label is not None else value


# --------------------------------------------------------------------------------------------- settings
@dataclass
class ServiceConfig:
    service: Service
    survey_open: bool = True
    is_free: bool = True
    biaya_mode: str = BIAYA_ASK
    annual_population: int | None = None
    require_token: bool = False

    @property
    def asks_biaya(self) -> bool:
        return not (self.is_free and self.biaya_mode == BIAYA_EXCLUDE)

    @property
    def unsur(self) -> list[ikm.Unsur]:
        return [u for u in ikm.UNSUR if u.key != "biaya" or self.asks_biaya]


def _config(service: Service, row: SurveyServiceSetting | None) -> ServiceConfig:
    if row is None:
        return ServiceConfig(service)
    return ServiceConfig(service, row.survey_open, row.is_free, row.biaya_mode, row.annual_population,
                         row.require_token)


def service_configs(session: Session, *, open_only: bool = False) -> list[ServiceConfig]:
    """Every service (active ones; with `open_only`, only those taking answers) with its SKM settings."""
    rows = {r.service_id: r for r in session.scalars(select(SurveyServiceSetting))}
    services = session.scalars(select(Service).order_by(Service.order, Service.name))
    configs = [_config(s, rows.get(s.id)) for s in services]
    if open_only:
        configs = [c for c in configs if c.service.active and c.survey_open]
    return configs


def config_for(session: Session, service: Service) -> ServiceConfig:
    row = session.scalar(select(SurveyServiceSetting).where(SurveyServiceSetting.service_id == service.id))
    return _config(service, row)


def find_open_service(session: Session, slug: str) -> ServiceConfig | None:
    service = session.scalar(select(Service).where(Service.slug == (slug or "")[:80]))
    if service is None or not service.active:
        return None
    config = config_for(session, service)
    return config if config.survey_open else None


def _setting_values(row: SurveyServiceSetting) -> dict[str, Any]:
    return {"survey_open": row.survey_open, "is_free": row.is_free, "biaya_mode": row.biaya_mode,
            "annual_population": row.annual_population, "require_token": row.require_token}


def save_service_config(
    session: Session, service: Service, *, survey_open: bool, is_free: bool, biaya_mode: str,
    annual_population: int | None, require_token: bool, actor: User | None,
) -> None:
    if biaya_mode not in BIAYA_MODES:
        raise DomainError("Pilihan penanganan unsur biaya tidak dikenal.")
    if annual_population is not None and not (1 <= annual_population <= 100_000_000):
        raise DomainError("Populasi per tahun harus bilangan 1 sampai 100.000.000, atau dikosongkan.")
    row = session.scalar(select(SurveyServiceSetting).where(SurveyServiceSetting.service_id == service.id))
    if row is None:
        row = SurveyServiceSetting(service_id=service.id)
        session.add(row)
    before = _setting_values(row)
    row.survey_open, row.is_free, row.biaya_mode = bool(survey_open), bool(is_free), biaya_mode
    row.annual_population, row.require_token = annual_population, bool(require_token)
    changed = {k: v for k, v in _setting_values(row).items() if before.get(k) != v}
    if changed:
        session.flush()
        audit.record(session, actor, "survey.settings.service", service, **changed)


def categories(session: Session) -> dict[str, list[str]]:
    """Configurable profile lists (pendidikan, pekerjaan)."""
    result = {"education": list(DEFAULT_EDUCATION), "occupation": list(DEFAULT_OCCUPATION)}
    for key, name in ((SETTING_EDUCATION, "education"), (SETTING_OCCUPATION, "occupation")):
        row = session.get(Setting, key)
        if row is not None and row.value.strip():
            result[name] = [line.strip() for line in row.value.splitlines() if line.strip()]
    return result


def _clean_category_list(text: str, what: object) -> list[str]:
    """The options typed one per line (spaces tidied), or DomainError; `what` is the list's lazy label."""
    items: list[str] = []
    for line in (text or "").replace("\r\n", "\n").split("\n"):
        item = " ".join(line.split())
        if not item:
            continue
        if len(item) > MAX_CATEGORY_LENGTH:
            raise DomainError("Setiap pilihan %(what)s paling banyak %(n)s karakter.", what=what,
                              n=MAX_CATEGORY_LENGTH)
        if item.casefold() in (i.casefold() for i in items):
            raise DomainError("Pilihan %(what)s \u201c%(item)s\u201d tertulis dua kali.", what=what,
                              item=item)
        items.append(item)
    if not 2 <= len(items) <= 20:
        raise DomainError("Daftar %(what)s harus berisi 2 sampai 20 pilihan, satu per baris.", what=what)
    return items


def save_categories(session: Session, education_text: str, occupation_text: str, actor: User | None) -> None:
    education = _clean_category_list(education_text, _l("pendidikan"))
    occupation = _clean_category_list(occupation_text, _l("pekerjaan"))
    current = categories(session)
    changed = {}
    for key, name, items in ((SETTING_EDUCATION, "education", education),
                             (SETTING_OCCUPATION, "occupation", occupation)):
        if items == current[name]:
            continue
        row = session.get(Setting, key)
        if row is None:
            session.add(Setting(key=key, value="\n".join(items)))
        else:
            row.value = "\n".join(items)
        changed[name] = items
    if changed:
        audit.record(session, actor, "survey.settings.categories", object_type="settings",
                     object_id="skm", changed=sorted(changed))


# --------------------------------------------------------------------------------------------- tokens
def hash_token(token: str) -> str:
    return hashlib.sha256((token or "").strip().encode("utf-8")).hexdigest()


def create_tokens(session: Session, service: Service, count: int, days: int,
                  actor: User | None) -> tuple[str, list[str], datetime]:
    """A batch of one-time tokens for printed QR cards. Returns (batch, plain tokens, expiry); only the
    hashes are kept."""
    if not 1 <= int(count) <= TOKEN_MAX_BATCH:
        raise DomainError("Jumlah kartu harus 1 sampai %(n)s.", n=TOKEN_MAX_BATCH)
    if not 1 <= int(days) <= TOKEN_MAX_DAYS:
        raise DomainError("Masa berlaku harus 1 sampai %(n)s hari.", n=TOKEN_MAX_DAYS)
    batch = utcnow().strftime("%Y%m%d%H%M%S") + "-" + secrets.token_hex(3)
    expires = utcnow() + timedelta(days=int(days))
    tokens = [secrets.token_urlsafe(9) for _i in range(int(count))]
    for token in tokens:
        session.add(SurveyToken(token_hash=hash_token(token), service_id=service.id, batch=batch,
                                created_by_id=actor.id if actor else None, expires_at=expires))
    session.flush()
    audit.record(session, actor, "survey.tokens.create", service, batch=batch, count=len(tokens),
                 expires_at=expires.isoformat())
    return batch, tokens, expires


TOKEN_OK, TOKEN_USED, TOKEN_EXPIRED, TOKEN_INVALID = "ok", "used", "expired", "invalid"


def token_state(session: Session, token: str, service: Service) -> str:
    if not token or len(token) > 64:
        return TOKEN_INVALID
    row = session.scalar(select(SurveyToken).where(SurveyToken.token_hash == hash_token(token)))
    if row is None or row.service_id != service.id:
        return TOKEN_INVALID
    if row.used_at is not None:
        return TOKEN_USED
    if row.expires_at <= utcnow():
        return TOKEN_EXPIRED
    return TOKEN_OK


def token_refusal(state: str) -> DomainError:
    """Why a card's token is refused (`state` is not TOKEN_OK; an unknown state reads as used)."""
    if state == TOKEN_EXPIRED:
        return DomainError("Kode survei pada kartu ini sudah kedaluwarsa. Mintalah kartu baru kepada "
                           "petugas.")
    if state == TOKEN_INVALID:
        return DomainError("Kode survei tidak dikenal untuk layanan ini. Pindai ulang kode QR pada kartu "
                           "Anda.")
    return DomainError("Kode survei pada kartu ini sudah dipakai. Setiap kartu hanya berlaku untuk satu kali "
                       "pengisian.")


def token_message(state: str) -> str:
    """The refusal of `token_refusal` in the reader's language; empty for a valid token."""
    return "" if state == TOKEN_OK else token_refusal(state).message


def _consume_token(session: Session, token: str, service: Service) -> int:
    now = utcnow()
    result = session.execute(
        update(SurveyToken)
        .where(SurveyToken.token_hash == hash_token(token), SurveyToken.used_at.is_(None),
               SurveyToken.service_id == service.id, SurveyToken.expires_at > now)
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        state = token_state(session, token, service)
        raise token_refusal(state if state != TOKEN_OK else TOKEN_USED)
    return session.scalar(select(SurveyToken.id).where(SurveyToken.token_hash == hash_token(token)))


# --------------------------------------------------------------------------------------------- intake
class IncompleteSurvey(DomainError):
    """The questionnaire is incomplete or invalid: `errors` maps field name -> message (lazy, shown beside
    the field), `missing` lists the labels of what was not answered; nothing was written."""

    def __init__(self, errors: dict[str, object], missing: list[object]):
        self.errors = errors
        self.missing = missing
        if missing:
            summary = DomainError("Kuesioner belum lengkap, belum ada yang disimpan. Belum diisi: %(items)s.",
                                  items=", ".join(str(label) for label in missing))
        else:
            summary = DomainError("Periksa kembali isian kuesioner; belum ada yang disimpan.")
        super().__init__(summary.msgid, **summary.params)


class _Checks:
    """What a questionnaire check found: field -> message, and the labels of the answers missing."""

    def __init__(self) -> None:
        self.errors: dict[str, object] = {}
        self.missing: list[object] = []

    def need(self, field: str, label: object, message: object = None) -> None:
        self.missing.append(label)
        self.errors[field] = message or _l("Wajib diisi.")

    def refuse(self, field: str, message: object) -> None:
        self.errors[field] = message


def _answer(value: Any) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= 4 else None


def _service_date(checks: _Checks, raw: Any, local_today: date) -> date | None:
    """The date of service: given, a real date, not after today and at most a year back."""
    if isinstance(raw, str):
        try:
            raw = date.fromisoformat(raw.strip())
        except ValueError:
            checks.refuse("service_date", _l("Tanggal tidak sah."))
            return None
    if not isinstance(raw, date):
        checks.need("service_date", _l("tanggal layanan"))
        return None
    if raw > local_today:
        checks.refuse("service_date", _l("Tanggal layanan tidak boleh setelah hari ini."))
    elif (local_today - raw).days > MAX_SERVICE_AGE_DAYS:
        checks.refuse("service_date", _l("Tanggal layanan paling lama satu tahun yang lalu."))
    return raw


def _age(checks: _Checks, raw: Any) -> int | None:
    if raw in (None, ""):
        checks.need("age", _l("umur"))
        return None
    try:
        age = int(str(raw).strip())
    except ValueError:
        checks.refuse("age", _l("Umur diisi dengan angka tahun."))
        return None
    if not MIN_AGE <= age <= MAX_AGE:
        checks.refuse("age", _l("Umur harus %(a)s sampai %(b)s tahun.", a=MIN_AGE, b=MAX_AGE))
    return age


def _profile_answers(checks: _Checks, data: dict[str, Any], lists: dict[str, list[str]]) -> dict[str, Any]:
    """Jenis kelamin, umur, pendidikan and pekerjaan, each one of the options offered."""
    gender = (data.get("gender") or "").strip()
    if gender not in GENDERS:
        checks.need("gender", _l("jenis kelamin"))
    age = _age(checks, data.get("age"))
    education = (data.get("education") or "").strip()
    if education not in lists["education"]:
        checks.need("education", _l("pendidikan"))
    occupation = (data.get("occupation") or "").strip()
    if occupation not in lists["occupation"]:
        checks.need("occupation", _l("pekerjaan"))
    return {"gender": gender, "age": age, "education": education, "occupation": occupation}


def _unsur_answers(checks: _Checks, config: ServiceConfig, data: dict[str, Any]) -> dict[str, int | None]:
    """One answer 1..4 for every unsur asked; biaya is empty when the service does not ask it."""
    answers: dict[str, int | None] = {}
    for unsur in config.unsur:
        value = _answer(data.get(unsur.key))
        if value is None:
            checks.need(unsur.key, unsur.label, _l("Pilih salah satu jawaban."))
        answers[unsur.key] = value
    if not config.asks_biaya:
        answers["biaya"] = None
    return answers


def submit_response(session: Session, config: ServiceConfig, data: dict[str, Any], *, token: str = "",
                    now: datetime | None = None) -> SurveyResponse:
    """Validate a questionnaire and store it (and consume its token) in the caller's transaction."""
    now = now or utcnow()
    local_today = local_date(now)
    checks = _Checks()
    service_date = _service_date(checks, data.get("service_date"), local_today)
    profile = _profile_answers(checks, data, categories(session))
    answers = _unsur_answers(checks, config, data)
    suggestion = (data.get("suggestion") or "").replace("\r\n", "\n").strip()
    if len(suggestion) > MAX_SUGGESTION:
        checks.refuse("suggestion", _l("Saran paling banyak %(n)s karakter.", n=MAX_SUGGESTION))

    if config.require_token and not token:
        raise DomainError("Survei layanan ini diisi melalui kartu QR yang diberikan petugas. "
                          "Pindai kode QR pada kartu Anda.")
    if checks.errors:
        raise IncompleteSurvey(checks.errors, checks.missing)

    token_id = _consume_token(session, token, config.service) if token else None
    response = SurveyResponse(
        service_id=config.service.id, service_date=service_date, submitted_at=now, submitted_on=local_today,
        suggestion=suggestion, service_was_free=config.is_free, token_id=token_id, **profile, **answers,
    )
    session.add(response)
    session.flush()
    return response


# --------------------------------------------------------------------------------------------- periods
def period_from_key(key: str) -> Period:
    """`2026`, `2026-S1` or `2026-T3` -> Period; DomainError otherwise (the keys of the DUMAS recaps)."""
    return periods.parse_period(key, PERIOD_TYPES, what=_l("Periode SKM"))


def current_period(on: date | None = None) -> Period:
    return periods.containing(on or today(), periods.QUARTER)


def period_choices(years: list[int]) -> list[Period]:
    """Triwulan, semester and year periods of the given years, newest first."""
    result: list[Period] = []
    for year in sorted(set(years), reverse=True):
        result += [periods.quarter_period(year, q) for q in (4, 3, 2, 1)]
        result += [periods.semester_period(year, s) for s in (2, 1)]
        result.append(periods.year_period(year))
    return result


def years_with_data(session: Session) -> list[int]:
    first = session.scalar(select(func.min(SurveyResponse.submitted_on)))
    now = today().year
    start = first.year if first else now
    return list(range(max(start, now - 9), now + 1))


# --------------------------------------------------------------------------------------------- results
def _dec(value: Fraction | None, places: int) -> str | None:
    return None if value is None else str(ikm.round_half_up(value, places))


def _ordered_counts(counts: dict[str, int], order: list[str]) -> list[list[Any]]:
    rows = [[label, counts.get(label, 0)] for label in order]
    rows += [[label, n] for label, n in sorted(counts.items()) if label not in order]
    return rows


def _profile(raw: dict[str, dict[str, int]], lists: dict[str, list[str]]) -> dict[str, list[list[Any]]]:
    gender = raw.get("gender", {})
    return {
        "gender": [[code, gender.get(code, 0)] for code in GENDERS],
        "age": [[label, raw.get("age", {}).get(label, 0)] for label, _lo, _hi in ikm.AGE_BUCKETS],
        "education": _ordered_counts(raw.get("education", {}), lists["education"]),
        "occupation": _ordered_counts(raw.get("occupation", {}), lists["occupation"]),
    }


def _result(tally: ikm.Tally, profile: dict[str, Any], population: int | None) -> dict[str, Any]:
    nrrs = tally.nrr()
    index = ikm.ikm(nrrs.values())
    present = {k: v for k, v in nrrs.items() if v is not None}
    lowest = min(present.values()) if present else None
    weakest = [k for k, v in present.items() if v == lowest]
    unsur_rows = []
    for key in UNSUR_KEYS:
        value = nrrs[key]
        conv = ikm.konversi(value) if value is not None else None
        unsur_rows.append({
            "key": key, "sum": tally.sums[key], "count": tally.counts[key],
            "nrr": _dec(value, 3), "weighted": _dec(value / len(present), 4) if value is not None else None,
            "konversi": None if conv is None else str(conv),
            "mutu": None if conv is None else ikm.mutu(conv).code,
            "weakest": key in weakest,
        })
    conv = ikm.konversi(index) if index is not None else None
    min_sample = ikm.krejcie_morgan(population) if population else None
    return {
        "respondents": tally.respondents,
        "unsur": unsur_rows,
        "unsur_used": len(present),
        "ikm": _dec(index, 4),
        "konversi": None if conv is None else str(conv),
        "mutu": None if conv is None else ikm.mutu(conv).code,
        "weakest": weakest,
        "profile": profile,
        "population": population,
        "min_sample": min_sample,
        "sample_ok": None if min_sample is None else tally.respondents >= min_sample,
        "biaya_paid_on_free": tally.paid_on_free,
    }


def compute(session: Session, period: Period) -> dict[str, Any]:
    """Results of a period for every service and for the whole office (SQL aggregates; exact arithmetic)."""
    tallies = ikm.tally_by_service(session, period.start, period.end)
    profiles = ikm.profile_by_service(session, period.start, period.end)
    lists = categories(session)
    months = period.months
    services = []
    total = ikm.Tally.empty()
    total_profile: dict[str, dict[str, int]] = {}
    population_total = 0
    for config in service_configs(session):
        service = config.service
        tally = tallies.get(service.id)
        if tally is None and not (service.active and config.survey_open):
            continue
        tally = tally or ikm.Tally.empty()
        total.add(tally)
        raw = profiles.get(service.id, {})
        for name, counts in raw.items():
            bucket = total_profile.setdefault(name, {})
            for label, n in counts.items():
                bucket[label] = bucket.get(label, 0) + n
        population = ikm.period_population(config.annual_population, months)
        population_total += population or 0
        services.append({
            "id": service.id, "slug": service.slug, "name": service.name,
            "is_free": config.is_free, "asks_biaya": config.asks_biaya,
            "annual_population": config.annual_population,
            **_result(tally, _profile(raw, lists), population),
        })
    return {
        "period": period.as_dict(),
        "computed_at": utcnow().isoformat(),
        "services": services,
        "total": _result(total, _profile(total_profile, lists), population_total or None),
        "follow_ups": [follow_up_dict(f) for f in list_follow_ups(session, period.key)],
    }


def scope_result(data: dict[str, Any], slug: str | None) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """(result, service entry) for a service slug, or the whole office when slug is empty/unknown."""
    for entry in data.get("services", []):
        if slug and entry["slug"] == slug:
            return entry, entry
    return data["total"], None


# --------------------------------------------------------------------------------------------- follow-ups
def list_follow_ups(session: Session, period_key: str) -> list[SurveyFollowUp]:
    return list(session.scalars(
        select(SurveyFollowUp).where(SurveyFollowUp.period_key == period_key)
        .order_by(SurveyFollowUp.service_id.is_not(None), SurveyFollowUp.service_id, SurveyFollowUp.id)
    ))


def follow_up_dict(item: SurveyFollowUp) -> dict[str, Any]:
    return {
        "id": item.id, "scope": item.service.slug if item.service else "",
        "scope_name": item.service.name if item.service else "",
        "unsur": item.unsur, "action": item.action, "timeline": item.timeline,
        "responsible": item.responsible, "progress": item.progress,
        "updated_at": item.updated_at.isoformat() if item.updated_at else None,
    }


def save_follow_up(
    session: Session, period: Period, service: Service | None, unsur: str, *, action: str, timeline: str,
    responsible: str, progress: str, actor: User | None,
) -> SurveyFollowUp:
    """Record (or update) the rencana tindak lanjut of one unsur of a period, office-wide or per service."""
    if unsur not in UNSUR_KEYS:
        raise DomainError("Unsur tidak dikenal.")
    action = (action or "").replace("\r\n", "\n").strip()
    progress = (progress or "").replace("\r\n", "\n").strip()
    timeline = " ".join((timeline or "").split())
    responsible = " ".join((responsible or "").split())
    if len(action) < 10:
        raise DomainError("Tuliskan rencana tindak lanjut (minimal 10 karakter).")
    if len(action) > MAX_FOLLOW_UP or len(progress) > MAX_FOLLOW_UP:
        raise DomainError("Rencana dan realisasi masing-masing paling banyak %(n)s karakter.",
                          n=MAX_FOLLOW_UP)
    if len(timeline) > 120:
        raise DomainError("Waktu pelaksanaan paling banyak 120 karakter.")
    if len(responsible) > 160:
        raise DomainError("Penanggung jawab paling banyak 160 karakter.")
    query = select(SurveyFollowUp).where(SurveyFollowUp.period_key == period.key,
                                         SurveyFollowUp.unsur == unsur)
    query = query.where(SurveyFollowUp.service_id.is_(None) if service is None
                        else SurveyFollowUp.service_id == service.id)
    item = session.scalar(query)
    created = item is None
    if created:
        item = SurveyFollowUp(period_key=period.key, service_id=service.id if service else None, unsur=unsur,
                              author_id=actor.id if actor else None)
        session.add(item)
    item.action, item.timeline, item.responsible, item.progress = action, timeline, responsible, progress
    session.flush()
    audit.record(session, actor, "survey.follow_up." + ("create" if created else "update"), item,
                 period=period.key, service=service.slug if service else "", unsur=unsur)
    return item


def delete_follow_up(session: Session, item: SurveyFollowUp, actor: User | None) -> None:
    audit.record(session, actor, "survey.follow_up.delete", item, period=item.period_key, unsur=item.unsur)
    session.delete(item)


# --------------------------------------------------------------------------------------------- publishing
def get_publication(session: Session, period_key: str) -> SurveyPublication | None:
    return session.scalar(select(SurveyPublication).where(SurveyPublication.period_key == period_key))


def published(session: Session) -> list[SurveyPublication]:
    return list(session.scalars(
        select(SurveyPublication)
        .order_by(SurveyPublication.period_start.desc(), SurveyPublication.period_end)
    ))


def publication_data(publication: SurveyPublication) -> dict[str, Any]:
    return json.loads(publication.data)


def missing_follow_ups(data: dict[str, Any]) -> list[str]:
    """Weakest unsur of the whole office that have no office-wide follow-up plan yet."""
    planned = {f["unsur"] for f in data["follow_ups"] if not f["scope"]}
    return [key for key in data["total"]["weakest"] if key not in planned]


def scope_follow_ups(data: dict[str, Any], slug: str | None) -> list[dict[str, Any]]:
    """The follow-up plans of one scope of a period's results: a service (its slug) or the office ("")."""
    return [f for f in data["follow_ups"] if f["scope"] == (slug or "")]


def suggested_follow_up(result: dict[str, Any], follow_ups: list[dict[str, Any]]) -> str:
    """The unsur a new follow-up plan of this scope is proposed for: the first weakest unsur that has no
    plan yet; when every weakest one has a plan, the first weakest (to revise it); with no answers, U1."""
    planned = {f["unsur"] for f in follow_ups}
    unplanned = [key for key in result["weakest"] if key not in planned]
    return (unplanned or result["weakest"] or [UNSUR_KEYS[0]])[0]


def publish(session: Session, period: Period, actor: User | None, *, note: str = "") -> SurveyPublication:
    """Freeze the period's results with its follow-up plans for the public page (replacing an earlier one)."""
    note = (note or "").replace("\r\n", "\n").strip()
    if len(note) > MAX_FOLLOW_UP:
        raise DomainError("Ringkasan paling banyak %(n)s karakter.", n=MAX_FOLLOW_UP)
    if period.start > today():
        raise DomainError("Periode yang belum dimulai tidak dapat dipublikasikan.")
    data = compute(session, period)
    if data["total"]["respondents"] == 0:
        raise DomainError("Belum ada responden pada %(label)s; tidak ada yang dapat dipublikasikan.",
                          label=period.label)
    missing = missing_follow_ups(data)
    if missing:
        labels = ", ".join(str(ikm.UNSUR_BY_KEY[k].label) for k in missing)
        raise DomainError("Catat dahulu rencana tindak lanjut untuk unsur terendah (seluruh layanan): %(u)s.",
                          u=labels)
    publication = get_publication(session, period.key)
    if publication is None:
        publication = SurveyPublication(period_key=period.key, period_type=period.type,
                                        period_start=period.start, period_end=period.end, version=1)
        session.add(publication)
        before = None
    else:
        before = publication_data(publication)["total"]["respondents"]
        publication.version += 1
    publication.data = json.dumps(data, ensure_ascii=False, sort_keys=True)
    publication.note = note
    publication.published_at = utcnow()
    publication.published_by_id = actor.id if actor else None
    session.flush()
    audit.record(session, actor, "survey.publish", publication, period=period.key,
                 version=publication.version, respondents=data["total"]["respondents"],
                 respondents_before=before, konversi=data["total"]["konversi"])
    return publication


def unpublish(session: Session, publication: SurveyPublication, actor: User | None) -> None:
    audit.record(session, actor, "survey.unpublish", publication, period=publication.period_key)
    session.delete(publication)


# --------------------------------------------------------------------------------------------- admin list
def responses_query(period: Period | None, service_id: int | None):
    query = select(SurveyResponse).order_by(SurveyResponse.submitted_at.desc(), SurveyResponse.id.desc())
    if period is not None:
        query = query.where(SurveyResponse.submitted_on >= period.start,
                            SurveyResponse.submitted_on <= period.end)
    if service_id:
        query = query.where(SurveyResponse.service_id == service_id)
    return query


def delete_response(session: Session, response: SurveyResponse, actor: User | None) -> None:
    audit.record(session, actor, "survey.response.delete", response, service_id=response.service_id,
                 submitted_on=response.submitted_on.isoformat())
    session.execute(delete(SurveyResponse).where(SurveyResponse.id == response.id))


# --------------------------------------------------------------------------------------------- demo data
DEMO_POPULATION = {"layanan-informasi-publik": 480, "layanan-pengaduan": 160, "layanan-data-pemilih": 1500,
                   "layanan-konsultasi": 360}
# Likelihood of 1..4 for each unsur: waktu and sarana are the weak ones in the demo.
_DEMO_WEIGHTS = {key: (1, 4, 40, 55) for key in UNSUR_KEYS}
_DEMO_WEIGHTS.update(waktu=(3, 18, 52, 27), sarana=(2, 12, 50, 36), biaya=(0, 1, 4, 95))
_DEMO_SUGGESTIONS = [
    "", "", "", "Ruang tunggu perlu kipas angin tambahan.", "Pelayanan cepat dan ramah, terima kasih.",
    "Mohon informasi persyaratan dipasang di papan depan.", "", "Antrean pagi agak lama.",
]


def demo_sample(session: Session) -> str:
    """~200 questionnaires over the last nine months, populations for the sample services, and the
    previous triwulan published with its follow-up plan. Does nothing if answers already exist."""
    if session.scalar(select(func.count()).select_from(SurveyResponse)):
        return "survei: sudah ada jawaban, contoh tidak ditambahkan"
    configs = service_configs(session, open_only=True)
    if not configs:
        return "survei: belum ada layanan, contoh tidak ditambahkan"
    rng = random.Random(2026)
    lists = categories(session)
    for config in configs:
        population = DEMO_POPULATION.get(config.service.slug)
        if population:
            save_service_config(session, config.service, survey_open=True, is_free=config.is_free,
                                biaya_mode=config.biaya_mode, annual_population=population,
                                require_token=False, actor=None)
    now = utcnow()
    count = 0
    for _i in range(200):
        config = rng.choices(configs, weights=[(3, 1, 4, 2)[i % 4] for i in range(len(configs))])[0]
        moment = now - timedelta(days=rng.randint(0, 270), hours=rng.randint(0, 8))
        answers = {key: rng.choices((1, 2, 3, 4), weights=_DEMO_WEIGHTS[key])[0] for key in UNSUR_KEYS}
        if not config.asks_biaya:
            answers["biaya"] = None
        session.add(SurveyResponse(
            service_id=config.service.id, service_date=local_date(moment) - timedelta(days=rng.randint(0, 3)),
            submitted_at=moment, submitted_on=local_date(moment), gender=rng.choice("LP"),
            age=rng.randint(18, 70), education=rng.choice(lists["education"]),
            occupation=rng.choice(lists["occupation"]), suggestion=rng.choice(_DEMO_SUGGESTIONS),
            service_was_free=config.is_free, **answers,
        ))
        count += 1
    session.flush()
    previous = current_period(current_period().start - timedelta(days=1))
    line = f"survei: {count} jawaban contoh"
    data = compute(session, previous)
    if data["total"]["respondents"]:
        for key in data["total"]["weakest"]:
            save_follow_up(
                session, previous, None, key,
                action=f"Evaluasi unsur {ikm.UNSUR_BY_KEY[key].label} bersama petugas layanan dan perbaikan "
                       "yang diperlukan pada triwulan berikutnya.",
                timeline="Triwulan berikutnya", responsible="Tim Peningkatan Kualitas Pelayanan Publik",
                progress="", actor=None)
        publish(session, previous, None, note="Contoh publikasi hasil SKM (data demo).")
        line += f"; {previous.label} dipublikasikan"
    return line
