"""The SPIP risk register's rules: risks, their quarterly control-card rows (Kartu Kendali) and the yearly
SPIP test checklist (Daftar Uji). Values and a session in, models out, DomainError when a rule is broken;
never commits, never reads the request (docs/architecture.md).

Levels come from portal/risks/matrix.py with the bands passed in (`matrix.current_bands()` in the views).
Every write is audited with ids, codes and numbers only (never the risk's text)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from portal.core import audit, numbering
from portal.core import periods as core_periods
from portal.core.errors import DomainError
from portal.core.models.base import utcnow
from portal.core.validation import parse_int
from portal.risks import matrix
from portal.risks.models import MAX_CODE, MAX_LINE, Risk, RiskChecklistItem, RiskControlCard, RiskCounter

PER_PAGE = 25
MAX_TEXT = 4000
MIN_YEAR, MAX_YEAR = 2000, 2100
CODE_PREFIX = "R"

# The cause classes (5M+E) the BPKP's risk-management guidance uses, in Indonesian with the English word.
CAUSE_LABELS = {
    "man": _l("Manusia (man)"),
    "money": _l("Anggaran (money)"),
    "method": _l("Metode (method)"),
    "machine": _l("Sarana dan prasarana (machine)"),
    "material": _l("Bahan dan data (material)"),
    "environment": _l("Lingkungan (environment)"),
}
CARD_STATUS_LABELS = {
    "terlaksana": _l("Terlaksana"),
    "sebagian": _l("Terlaksana sebagian"),
    "belum": _l("Belum terlaksana"),
}
ANSWER_LABELS = {"ya": _l("Ya"), "sebagian": _l("Sebagian"), "tidak": _l("Tidak")}
# The status of a risk's planned control, as the register filters it (`status=`).
STATUS_LABELS = {
    "terbuka": _l("Pengendalian berjalan"),
    "terlambat": _l("Pengendalian melewati tenggat"),
    "terealisasi": _l("Pengendalian terealisasi"),
}
QUARTERS = (1, 2, 3, 4)

RISK_FIELDS = ("code", "year", "unit", "activity", "statement", "cause", "cause_class", "likelihood",
               "impact", "control_plan", "owner", "due_on", "realisation", "realised_on", "occurred",
               "residual_likelihood", "residual_impact")
CARD_FIELDS = ("planned", "done", "status", "notes")

# The default statements of a Daftar Uji Penyelenggaraan SPIP, one per element of PP 60/2008 (lingkungan
# pengendalian, penilaian risiko, kegiatan pengendalian, informasi dan komunikasi, pemantauan): a starting
# list the team edits, not a quoted instrument.
DEFAULT_CHECKLIST = (
    "Satuan tugas penyelenggaraan SPIP telah ditetapkan dengan surat keputusan.",
    "Kode etik dan aturan perilaku pegawai telah disosialisasikan kepada seluruh pegawai.",
    "Tujuan dan sasaran kegiatan setiap unit telah ditetapkan dan dikomunikasikan.",
    "Risiko setiap kegiatan utama telah diidentifikasi dan dicatat dalam Daftar Risiko.",
    "Setiap risiko telah dianalisis kemungkinan dan dampaknya dengan matriks 5x5.",
    "Setiap risiko tinggi dan sangat tinggi memiliki rencana pengendalian dan pemilik risiko.",
    "Pelaksanaan pengendalian dipantau setiap triwulan dalam Kartu Kendali.",
    "Pemisahan fungsi dalam pengelolaan keuangan dan pengadaan telah diterapkan.",
    "Informasi tentang risiko dan pengendalian dikomunikasikan kepada pimpinan dan pegawai.",
    "Hasil pemantauan dan evaluasi pengendalian ditindaklanjuti.",
)


# -------------------------------------------------------------------------------------------- filters
@dataclass(frozen=True)
class RiskFilters:
    year: int | None = None
    unit: str = ""
    level: str = ""
    status: str = ""

    def args(self) -> dict:
        """The query-string arguments that give these filters back (for links and the pager)."""
        out = {"tahun": self.year, "unit": self.unit, "level": self.level, "status": self.status}
        return {k: v for k, v in out.items() if v not in (None, "")}


def parse_filters(args: Mapping[str, str]) -> tuple[RiskFilters, list[str]]:
    """The register's filters from a query string (tahun, unit, level, status); unknown values are dropped
    and named in the errors (the page says so)."""
    errors: list[str] = []
    year = None
    raw_year = (args.get("tahun") or "").strip()
    if raw_year:
        year = parse_int(raw_year, min_value=MIN_YEAR, max_value=MAX_YEAR)
        if year is None:
            errors.append("tahun")
    level = (args.get("level") or "").strip()
    if level and level not in matrix.LEVEL_LABELS:
        errors.append("level")
        level = ""
    status = (args.get("status") or "").strip()
    if status and status not in STATUS_LABELS:
        errors.append("status")
        status = ""
    unit = (args.get("unit") or "").strip()[:MAX_LINE]
    return RiskFilters(year=year, unit=unit, level=level, status=status), errors


def status_clause(status: str, on: date):
    open_ = Risk.realised_on.is_(None)
    if status == "terealisasi":
        return Risk.realised_on.is_not(None)
    if status == "terlambat":
        return and_(open_, Risk.due_on.is_not(None), Risk.due_on < on)
    if status == "terbuka":
        return and_(open_, or_(Risk.due_on.is_(None), Risk.due_on >= on))
    raise ValueError(status)


def level_clause(column, level: str, bands):
    band = matrix.band_of(level, bands)
    if band is None:
        raise ValueError(level)
    return and_(column >= band.low, column <= band.high)


def risk_query(filters: RiskFilters, bands, on: date):
    query = select(Risk)
    if filters.year is not None:
        query = query.where(Risk.year == filters.year)
    if filters.unit:
        query = query.where(Risk.unit == filters.unit)
    if filters.level:
        query = query.where(level_clause(Risk.inherent_score, filters.level, bands))
    if filters.status:
        query = query.where(status_clause(filters.status, on))
    return query.order_by(Risk.year.desc(), Risk.inherent_score.desc(), Risk.code, Risk.id)


def control_state(risk: Risk, on: date) -> str:
    """The status code of one risk's planned control (the same rule as `status_clause`)."""
    if risk.realised_on is not None:
        return "terealisasi"
    if risk.due_on is not None and risk.due_on < on:
        return "terlambat"
    return "terbuka"


def years(session: Session) -> list[int]:
    found = set(session.scalars(select(Risk.year).distinct()))
    found |= set(session.scalars(select(RiskChecklistItem.year).distinct()))
    return sorted(found, reverse=True)


def units(session: Session, year: int | None = None) -> list[str]:
    query = select(Risk.unit).distinct().order_by(Risk.unit)
    if year is not None:
        query = query.where(Risk.year == year)
    return list(session.scalars(query))


def risks_of(session: Session, year: int, unit: str = "") -> list[Risk]:
    query = select(Risk).where(Risk.year == year)
    if unit:
        query = query.where(Risk.unit == unit)
    return list(session.scalars(query.order_by(Risk.unit, Risk.code, Risk.id)))


# ------------------------------------------------------------------------------------------- heat map
@dataclass
class HeatMap:
    """Counts per cell of the 5x5 matrix: {(likelihood, impact): n}, inherent and residual (risks without a
    residual assessment are left out of the residual map and counted in `unassessed`)."""

    inherent: dict[tuple[int, int], int]
    residual: dict[tuple[int, int], int]
    unassessed: int

    def level_counts(self, cells: dict[tuple[int, int], int], bands) -> dict[str, int]:
        out = dict.fromkeys(matrix.LEVEL_LABELS, 0)
        for (lk, im), n in cells.items():
            out[matrix.level(lk, im, bands)] += n
        return out


def heat_map(session: Session, year: int, unit: str = "") -> HeatMap:
    """Counted in SQL (GROUP BY over likelihood and impact)."""
    where = [Risk.year == year] + ([Risk.unit == unit] if unit else [])
    inherent = {(lk, im): n for lk, im, n in session.execute(
        select(Risk.likelihood, Risk.impact, func.count()).where(*where)
        .group_by(Risk.likelihood, Risk.impact))}
    residual = {(lk, im): n for lk, im, n in session.execute(
        select(Risk.residual_likelihood, Risk.residual_impact, func.count())
        .where(*where, Risk.residual_likelihood.is_not(None), Risk.residual_impact.is_not(None))
        .group_by(Risk.residual_likelihood, Risk.residual_impact))}
    total = session.scalar(select(func.count()).select_from(Risk).where(*where)) or 0
    return HeatMap(inherent, residual, total - sum(residual.values()))


# ------------------------------------------------------------------------------------------ dashboard
@dataclass
class DashboardSummary:
    total: int
    high: int
    high_overdue_total: int
    high_overdue: list[Risk]
    year: int


def dashboard_summary(session: Session, bands, on: date, limit: int = 5) -> DashboardSummary:
    """This year's risks, the high ones (Tinggi and above by the bands), and the high ones whose planned
    control is past its due date and not realised (the first few, oldest due date first)."""
    year = on.year
    lows = [b.low for b in bands if b.level in matrix.HIGH_LEVELS]
    high_from = min(lows) if lows else matrix.MAX_SCORE + 1
    base = [Risk.year == year]
    high = [*base, Risk.inherent_score >= high_from]
    overdue = [*high, status_clause("terlambat", on)]
    count = lambda conds: session.scalar(select(func.count()).select_from(Risk).where(*conds)) or 0
    rows = list(session.scalars(select(Risk).where(*overdue).order_by(Risk.due_on, Risk.id).limit(limit)))
    return DashboardSummary(count(base), count(high), count(overdue), rows, year)


def audit_codes(session: Session, ids) -> dict[int, str]:
    """The audit log's names of risks: their codes (R-2026-001), never their text."""
    ids = audit.int_ids(ids)
    if not ids:
        return {}
    return dict(session.execute(select(Risk.id, Risk.code).where(Risk.id.in_(ids))).all())


# ----------------------------------------------------------------------------------------------- risks
def _text(values: Mapping, name: str, limit: int) -> str:
    value = values.get(name)
    text = "" if value is None else str(value).strip()
    if len(text) > limit:
        raise DomainError("Isian terlalu panjang.")
    return text


def _on_scale(value) -> bool:
    return not isinstance(value, bool) and isinstance(value, int) and value in matrix.SCALE


def _clean(values: Mapping) -> dict:
    """The risk's values checked (the form checks them too; this is the rule)."""
    year = values.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise DomainError("Tahun harus bilangan 2000 sampai 2100.")
    code = _text(values, "code", MAX_CODE).upper()
    if code and not all(c.isalnum() or c in "-./" for c in code):
        raise DomainError("Kode risiko hanya boleh huruf, angka, titik, garis miring dan tanda hubung.")
    return {"year": year, "code": code, **_clean_texts(values), **_clean_scores(values)}


def _clean_texts(values: Mapping) -> dict:
    out = {"unit": _text(values, "unit", MAX_LINE), "activity": _text(values, "activity", MAX_LINE),
           "statement": _text(values, "statement", MAX_TEXT), "cause": _text(values, "cause", MAX_TEXT),
           "control_plan": _text(values, "control_plan", MAX_TEXT), "owner": _text(values, "owner", MAX_LINE),
           "realisation": _text(values, "realisation", MAX_TEXT), "due_on": values.get("due_on") or None,
           "realised_on": values.get("realised_on") or None, "occurred": bool(values.get("occurred")),
           "cause_class": values.get("cause_class") or ""}
    if not out["unit"]:
        raise DomainError("Unit kerja wajib diisi.")
    if not out["activity"]:
        raise DomainError("Kegiatan wajib diisi.")
    if not out["statement"]:
        raise DomainError("Pernyataan risiko wajib diisi.")
    if out["cause_class"] not in CAUSE_LABELS:
        raise DomainError("Pilih kelompok penyebab risiko.")
    if out["realised_on"] is not None and not out["realisation"]:
        raise DomainError("Tanggal realisasi diisi: uraikan juga realisasi pengendaliannya.")
    return out


def _clean_scores(values: Mapping) -> dict:
    likelihood, impact = values.get("likelihood"), values.get("impact")
    if not _on_scale(likelihood):
        raise DomainError("Kemungkinan harus 1 sampai 5.")
    if not _on_scale(impact):
        raise DomainError("Dampak harus 1 sampai 5.")
    rl, ri = values.get("residual_likelihood"), values.get("residual_impact")
    if (rl is None) != (ri is None):
        raise DomainError("Risiko residual perlu kemungkinan dan dampak sekaligus (atau keduanya kosong).")
    if rl is not None and not _on_scale(rl):
        raise DomainError("Kemungkinan residual harus 1 sampai 5.")
    if ri is not None and not _on_scale(ri):
        raise DomainError("Dampak residual harus 1 sampai 5.")
    return {"likelihood": likelihood, "impact": impact, "residual_likelihood": rl, "residual_impact": ri}


def _code_taken(session: Session, year: int, code: str, other_id: int | None = None) -> bool:
    query = select(Risk.id).where(Risk.year == year, func.upper(Risk.code) == code.upper())
    if other_id is not None:
        query = query.where(Risk.id != other_id)
    return session.scalar(query.limit(1)) is not None


def _next_code(session: Session, year: int) -> str:
    """R-<year>-<3 digits>, the next free one (a user-given code may already hold a number)."""
    while True:
        seq = numbering.next_sequence(session, year, RiskCounter)
        code = f"{CODE_PREFIX}-{year}-{seq:03d}"
        if not _code_taken(session, year, code):
            return code


def _apply(risk: Risk, clean: dict) -> None:
    for name, value in clean.items():
        setattr(risk, name, value)
    risk.inherent_score = matrix.score(risk.likelihood, risk.impact)
    risk.residual_score = (matrix.score(risk.residual_likelihood, risk.residual_impact)
                           if risk.residual_likelihood is not None else None)
    risk.updated_at = utcnow()


def create_risk(session: Session, values: Mapping, actor) -> Risk:
    clean = _clean(values)
    if clean["code"]:
        if _code_taken(session, clean["year"], clean["code"]):
            raise DomainError("Kode risiko %(code)s sudah dipakai pada tahun %(year)s.", code=clean["code"],
                              year=clean["year"])
    else:
        clean["code"] = _next_code(session, clean["year"])
    risk = Risk(created_by_id=actor.id if actor is not None else None)
    _apply(risk, clean)
    session.add(risk)
    session.flush()
    audit.record(session, actor, "risk.create", risk, code=risk.code, year=risk.year,
                 score=risk.inherent_score)
    return risk


def update_risk(session: Session, risk: Risk, values: Mapping, actor) -> Risk:
    clean = _clean(values)
    if not clean["code"]:
        clean["code"] = risk.code if clean["year"] == risk.year else _next_code(session, clean["year"])
    if _code_taken(session, clean["year"], clean["code"], risk.id):
        raise DomainError("Kode risiko %(code)s sudah dipakai pada tahun %(year)s.", code=clean["code"],
                          year=clean["year"])
    _apply(risk, clean)
    session.flush()
    audit.record(session, actor, "risk.update", risk, code=risk.code, year=risk.year,
                 score=risk.inherent_score, residual=risk.residual_score)
    return risk


def delete_risk(session: Session, risk: Risk, actor) -> None:
    audit.record(session, actor, "risk.delete", risk, code=risk.code, year=risk.year)
    session.delete(risk)
    session.flush()


# ------------------------------------------------------------------------------------ control cards
def save_card(session: Session, risk: Risk, quarter: int, values: Mapping, actor) -> RiskControlCard:
    """The Kartu Kendali row of `risk` for `quarter` (made on first save)."""
    if quarter not in QUARTERS:
        raise DomainError("Triwulan harus 1 sampai 4.")
    planned = _text(values, "planned", MAX_TEXT)
    done = _text(values, "done", MAX_TEXT)
    notes = _text(values, "notes", MAX_TEXT)
    status = values.get("status") or ""
    if status not in CARD_STATUS_LABELS:
        raise DomainError("Pilih status pelaksanaan pengendalian.")
    if not planned:
        raise DomainError("Rencana pengendalian triwulan ini wajib diisi.")
    if status != "belum" and not done:
        raise DomainError("Uraikan pengendalian yang sudah dilaksanakan.")
    card = risk.card(quarter)
    created = card is None
    if created:
        card = RiskControlCard(risk=risk, quarter=quarter)
        session.add(card)
    card.planned, card.done, card.status, card.notes = planned, done, status, notes
    card.updated_at = utcnow()
    session.flush()
    audit.record(session, actor, "risk.card.save", card, risk=risk.id, quarter=quarter, status=status)
    return card


def kartu_period(key: str | None, default_year: int) -> core_periods.Period:
    """A Kartu Kendali period: a quarter, a semester or a year (default: the year)."""
    if not key:
        return core_periods.year_period(default_year)
    return core_periods.parse_period(key, (core_periods.QUARTER, core_periods.SEMESTER, core_periods.YEAR),
                                     what="Periode Kartu Kendali")


def quarters_in(period: core_periods.Period) -> tuple[int, ...]:
    return tuple(q for q in QUARTERS if period.start.month <= q * 3 <= period.end.month)


# ---------------------------------------------------------------------------------------- checklist
def checklist(session: Session, year: int) -> list[RiskChecklistItem]:
    return list(session.scalars(select(RiskChecklistItem).where(RiskChecklistItem.year == year)
                                .order_by(RiskChecklistItem.position, RiskChecklistItem.id)))


def _year(year) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise DomainError("Tahun harus bilangan 2000 sampai 2100.")
    return year


def add_checklist_item(session: Session, year: int, statement: str, actor) -> RiskChecklistItem:
    year = _year(year)
    text = _text({"s": statement}, "s", MAX_TEXT)
    if not text:
        raise DomainError("Pernyataan uji wajib diisi.")
    position = (session.scalar(select(func.max(RiskChecklistItem.position))
                               .where(RiskChecklistItem.year == year)) or 0) + 1
    item = RiskChecklistItem(year=year, position=position, statement=text)
    session.add(item)
    session.flush()
    audit.record(session, actor, "risk.checklist.create", item, year=year)
    return item


def add_default_checklist(session: Session, year: int, actor) -> int:
    """The default statements for a year that has none yet; how many were added."""
    year = _year(year)
    if checklist(session, year):
        raise DomainError("Daftar uji tahun %(year)s sudah berisi pernyataan.", year=year)
    for statement in DEFAULT_CHECKLIST:
        add_checklist_item(session, year, statement, actor)
    return len(DEFAULT_CHECKLIST)


def answer_checklist_item(session: Session, item: RiskChecklistItem, values: Mapping, actor,
                          now: datetime | None = None) -> RiskChecklistItem:
    answer = values.get("answer") or ""
    if answer not in ANSWER_LABELS:
        raise DomainError("Pilih jawaban: ya, sebagian, atau tidak.")
    evidence = _text(values, "evidence", MAX_TEXT)
    if answer in ("ya", "sebagian") and not evidence:
        raise DomainError("Sebutkan bukti untuk jawaban ya atau sebagian.")
    item.answer, item.evidence, item.answered_at = answer, evidence, now or utcnow()
    session.flush()
    audit.record(session, actor, "risk.checklist.answer", item, year=item.year, status=answer)
    return item


def delete_checklist_item(session: Session, item: RiskChecklistItem, actor) -> None:
    audit.record(session, actor, "risk.checklist.delete", item, year=item.year)
    session.delete(item)
    session.flush()


def checklist_complete_at(session: Session, year: int) -> datetime | None:
    """When the year's Daftar Uji was completed (its last answer), or None while a statement is unanswered
    or there is none."""
    total, answered, last = session.execute(
        select(func.count(), func.count(RiskChecklistItem.answered_at),
               func.max(RiskChecklistItem.answered_at))
        .where(RiskChecklistItem.year == year)).one()
    if not total or answered != total:
        return None
    return replace_tz(last)


def replace_tz(moment: datetime | None) -> datetime | None:
    """An aggregate's datetime (SQLite gives it naive, in UTC) as an aware UTC datetime."""
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment

