"""Zona Integritas monitoring: teams, evidence hand-in and review, progress per row, area and team, the
semester monev report, due lists and the e-mail digest. No Flask request in here.

Terms
* due period (periode): see portal.zi.periods; due on its last day.
* deadline (batas): due date + grace days (`ZI_GRACE_DAYS`, default 10 calendar days): a semester recap
  cannot be written before the semester ends, so evidence handed in within the grace counts as on time.
* live evidence: uploaded and not sent back (submitted or accepted), or an automatic link
  (portal.zi.evidence; counts as accepted).
* a period's review state: ``accepted`` (some accepted evidence or an automatic link), ``submitted``
  (live evidence waiting for review), ``returned`` (everything sent back), ``none``.
* a period's timeliness: ``on_time`` (first live evidence on or before the deadline), ``late`` (after it),
  ``missing`` (deadline passed, no live evidence), ``open`` (deadline not passed, nothing yet).
* a row is ``selesai`` when every due period of the year is accepted, ``sebagian`` (partly done) when some
  period has live evidence, ``belum`` otherwise; its completion is accepted periods / due periods.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session, selectinload

from portal.accounts.models import User
from portal.action_plan import service as action_plan
from portal.action_plan.models import ActionPlanItem
from portal.core import audit
from portal.core.attachments import PreparedFile, StoredFile, UploadPolicy, prepare, read_uploads
from portal.core.clock import local_date, today
from portal.core.errors import DomainError
from portal.core.formatting import tanggal
from portal.core.models.base import utcnow
from portal.core.periods import parse_year
from portal.zi import evidence as zi_evidence
from portal.zi.evidence import AutoEvidence
from portal.zi.models import (
    EVIDENCE_ACCEPTED,
    EVIDENCE_FILE,
    EVIDENCE_LINK,
    EVIDENCE_RETURNED,
    EVIDENCE_SUBMITTED,
    ZiEvidence,
    ZiReviewer,
    ZiTeam,
    ZiTeamMember,
)
from portal.zi.periods import DuePeriod, due_periods

UPLOAD_AREA = "zi"
DEFAULT_GRACE_DAYS = 10
DUE_SOON_DAYS = 30
MAX_NOTE = 2000
MAX_COMMENT = 2000
MAX_LINKS = 5
MAX_URL = 500

EVIDENCE_STATUS_LABELS = {
    EVIDENCE_SUBMITTED: _l("Menunggu reviu"),
    EVIDENCE_ACCEPTED: _l("Diterima"),
    EVIDENCE_RETURNED: _l("Dikembalikan"),
}
REVIEW_LABELS = {"accepted": _l("Diterima"), "submitted": _l("Menunggu reviu"),
                 "returned": _l("Dikembalikan"), "none": _l("Belum ada bukti")}
TIMELINESS_LABELS = {"on_time": _l("Tepat waktu"), "late": _l("Terlambat"),
                     "missing": _l("Belum ada (lewat batas)"), "open": _l("Belum jatuh tempo")}
ROW_STATE_LABELS = {"selesai": _l("Selesai"), "sebagian": _l("Sebagian"), "belum": _l("Belum")}


def shown_year(session: Session, raw: str | None) -> tuple[int | None, list[int]]:
    """The action-plan year a monitoring page shows for the query value `raw` (`?tahun=`), and the years
    there are: blank is this year (or the newest plan year); a value that is not a plan year raises
    DomainError (the views answer 404)."""
    years = action_plan.years(session)
    wanted = parse_year(raw)
    if wanted is not None:
        if wanted not in years:
            raise DomainError("Tahun rencana aksi tidak ditemukan.")
        return wanted, years
    this_year = today().year
    return (this_year if this_year in years else (years[0] if years else None)), years


# ============================================================================================== teams
def team_key(name: str) -> str:
    return re.sub(r"\s+", " ", (name or "").strip()).upper()


_SMALL_WORDS = {"DAN", "DI", "KE", "DARI", "UNTUK", "ATAS", "ATAU", "PADA", "YANG"}
_ACRONYMS = {"ZI", "SDM", "KPU", "PPID", "SPIP", "WBS", "WBK", "WBBM", "TI", "IT"}


def team_label(name: str) -> str:
    """"TIM PENGUATAN PENGAWASAN" -> "Tim Penguatan Pengawasan" (the decree writes teams in capitals)."""
    words = re.sub(r"\s+", " ", (name or "").strip()).split(" ")
    out = []
    for i, word in enumerate(words):
        upper = word.upper()
        if i and upper in _SMALL_WORDS:
            out.append(word.lower())
        elif upper in _ACRONYMS:
            out.append(upper)
        elif word.isupper() or word.islower():
            out.append(word.capitalize())
        else:
            out.append(word)
    return " ".join(out)


def ensure_teams(session: Session, actor: User | None = None) -> int:
    """A ZiTeam for every PENANGGUNG JAWAB of every stored plan year. Idempotent; returns how many it
    added."""
    names = session.scalars(select(ActionPlanItem.penanggung_jawab).distinct())
    known = set(session.scalars(select(ZiTeam.key)))
    added = 0
    for name in names:
        key = team_key(name)
        if key and key not in known:
            session.add(ZiTeam(name=re.sub(r"\s+", " ", name.strip()), key=key))
            known.add(key)
            added += 1
    session.flush()
    if added:
        audit.record(session, actor, "zi.team.sync", object_type="zi_teams", added=added)
    return added


def load_teams(session: Session) -> str:
    added = ensure_teams(session)
    return f"{added} tim ditambahkan" if added else "lengkap"


# ============================================================================================== demo
DEMO_MEMBERS = [
    ("editor@demo.example", "TIM MANAJEMEN PERUBAHAN"),
    ("editor@demo.example", "TIM PENINGKATAN KUALITAS PELAYANAN PUBLIK"),
    ("dumas@demo.example", "TIM PENGUATAN PENGAWASAN"),
    ("wbs@demo.example", "TIM PENGUATAN PENGAWASAN"),
]


def demo_sample(session: Session) -> str:
    """Demo: team members among the demo accounts, `pimpinan@demo.example` as reviewer, and two pieces of
    evidence (one accepted, one waiting) on the first rows of the latest plan. Only on an empty monitoring."""
    has_members = session.scalar(select(func.count()).select_from(ZiTeamMember))
    if has_members or action_plan.default_year(session) is None:
        return "monitoring ZI: sudah ada anggota tim atau rencana aksi belum dimuat (dilewati)"
    ensure_teams(session)
    teams = {t.key: t for t in session.scalars(select(ZiTeam))}
    users = {email: find_user(session, email) for email, _team in DEMO_MEMBERS}
    for email, team in DEMO_MEMBERS:
        if users[email] is not None and team in teams:
            session.add(ZiTeamMember(team_id=teams[team].id, user_id=users[email].id))
    reviewer = find_user(session, "pimpinan@demo.example")
    if reviewer is not None:
        session.add(ZiReviewer(user_id=reviewer.id))
    session.flush()
    year = action_plan.default_year(session)
    editor = users.get("editor@demo.example")
    for code, status in (("I.1", EVIDENCE_ACCEPTED), ("I.2", EVIDENCE_SUBMITTED)):
        item = session.scalar(select(ActionPlanItem).where(ActionPlanItem.year == year,
                                                           ActionPlanItem.code == code))
        if item is None or editor is None:
            continue
        period = periods_of(item)[0]
        accepted = status == EVIDENCE_ACCEPTED
        session.add(ZiEvidence(item_id=item.id, period_key=period.key, kind=EVIDENCE_LINK,
                               url=f"https://example.org/demo/zi/{code.lower()}", note="Contoh bukti (demo)",
                               uploaded_by_id=editor.id, status=status,
                               reviewed_by_id=reviewer.id if reviewer and accepted else None,
                               reviewed_at=utcnow() if accepted else None))
    session.flush()
    return "monitoring ZI: anggota tim demo, penilai pimpinan@demo.example, 2 contoh bukti"


def list_teams(session: Session) -> list[ZiTeam]:
    members = selectinload(ZiTeam.members).selectinload(ZiTeamMember.user)
    return list(session.scalars(select(ZiTeam).options(members).order_by(ZiTeam.id)))


def get_team(session: Session, team_id: int) -> ZiTeam | None:
    return session.get(ZiTeam, team_id)


def team_for_item(session: Session, item: ActionPlanItem) -> ZiTeam | None:
    return session.scalar(select(ZiTeam).where(ZiTeam.key == team_key(item.penanggung_jawab)))


def user_team_keys(session: Session, user: User | None) -> set[str]:
    if user is None or not getattr(user, "id", None):
        return set()
    return set(session.scalars(select(ZiTeam.key).join(ZiTeamMember, ZiTeamMember.team_id == ZiTeam.id)
                               .where(ZiTeamMember.user_id == user.id)))


def is_member(session: Session, user: User | None, item: ActionPlanItem) -> bool:
    return team_key(item.penanggung_jawab) in user_team_keys(session, user)


def is_reviewer(session: Session, user: User | None) -> bool:
    if user is None or not getattr(user, "id", None) or not user.active:
        return False
    if user.has_role("admin"):
        return True
    return bool(session.scalar(select(exists().where(ZiReviewer.user_id == user.id))))


def can_manage(user: User | None) -> bool:
    return user is not None and user.has_role("admin")


def _require_admin(actor: User) -> None:
    if not can_manage(actor):
        raise DomainError("Hanya administrator yang dapat mengatur tim dan penilai ZI.")


def _add(session: Session, actor: User, row: ZiTeamMember | ZiReviewer, action: str, subject) -> None:
    session.add(row)
    session.flush()
    audit.record(session, actor, action, subject if subject is not None else row, user_id=row.user_id)


def _remove(session: Session, actor: User, row: ZiTeamMember | ZiReviewer, action: str, subject) -> None:
    _require_admin(actor)
    audit.record(session, actor, action, subject, user_id=row.user_id)
    session.delete(row)
    session.flush()


def add_member(session: Session, actor: User, team: ZiTeam, user: User) -> ZiTeamMember:
    _require_admin(actor)
    if not user.active:
        raise DomainError("Akun ini tidak aktif; aktifkan dahulu sebelum dijadikan anggota tim.")
    existing = session.scalar(select(ZiTeamMember).where(ZiTeamMember.team_id == team.id,
                                                         ZiTeamMember.user_id == user.id))
    if existing is not None:
        raise DomainError("%(email)s sudah menjadi anggota %(team)s.", email=user.email,
                          team=team_label(team.name))
    member = ZiTeamMember(team_id=team.id, user_id=user.id, added_by_id=actor.id)
    _add(session, actor, member, "zi.team.member_add", team)
    return member


def remove_member(session: Session, actor: User, member: ZiTeamMember) -> None:
    _remove(session, actor, member, "zi.team.member_remove", member.team)


def list_reviewers(session: Session) -> list[ZiReviewer]:
    return list(session.scalars(select(ZiReviewer).options(selectinload(ZiReviewer.user))
                                .order_by(ZiReviewer.id)))


def add_reviewer(session: Session, actor: User, user: User) -> ZiReviewer:
    _require_admin(actor)
    if not user.active:
        raise DomainError("Akun ini tidak aktif; aktifkan dahulu sebelum dijadikan penilai.")
    if session.scalar(select(exists().where(ZiReviewer.user_id == user.id))):
        raise DomainError("%(email)s sudah menjadi penilai bukti ZI.", email=user.email)
    reviewer = ZiReviewer(user_id=user.id, added_by_id=actor.id)
    _add(session, actor, reviewer, "zi.reviewer.add", None)
    return reviewer


def remove_reviewer(session: Session, actor: User, reviewer: ZiReviewer) -> None:
    _remove(session, actor, reviewer, "zi.reviewer.remove", reviewer)


def find_user(session: Session, email: str) -> User | None:
    email = (email or "").strip().lower()
    return session.scalar(select(User).where(func.lower(User.email) == email)) if email else None


def staff_account(session: Session, email: str) -> User:
    """The staff account with this e-mail address (any case); raises DomainError when there is none."""
    user = find_user(session, email)
    if user is None:
        raise DomainError("Tidak ada akun staf dengan surel itu.")
    return user


def add_member_by_email(session: Session, actor: User, team_id: int, email: str) -> ZiTeamMember:
    team = get_team(session, team_id)
    if team is None:
        raise DomainError("Tim tidak ditemukan.")
    return add_member(session, actor, team, staff_account(session, email))


def add_reviewer_by_email(session: Session, actor: User, email: str) -> ZiReviewer:
    return add_reviewer(session, actor, staff_account(session, email))


# ============================================================================================ periods
def periods_of(item: ActionPlanItem) -> list[DuePeriod]:
    return due_periods(item.pelaksanaan, item.year, item.month_numbers)


def find_period(item: ActionPlanItem, key: str) -> DuePeriod:
    for period in periods_of(item):
        if period.key == (key or "").strip().upper():
            return period
    raise DomainError("Periode yang dipilih bukan periode pelaksanaan kegiatan %(code)s. "
                      "Pilih salah satu periode dari daftar.", code=item.code)


# ============================================================================================ evidence
@dataclass
class Submission:
    item: ActionPlanItem
    period: DuePeriod
    files: list[PreparedFile]
    links: list[str]
    note: str


def clean_link(raw: str) -> str:
    url = (raw or "").strip()
    if len(url) > MAX_URL:
        raise DomainError("Tautan paling panjang %(n)s karakter.", n=MAX_URL)
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
        raise DomainError("Tautan \u201c%(url)s\u201d tidak sah. Tulis alamat lengkap yang diawali "
                          "http:// atau https://, satu tautan per baris.", url=url[:80])
    return url


def validate_submission(session: Session, actor: User, item: ActionPlanItem, period_key: str, uploads: list,
                        links_text: str, note: str, policy: UploadPolicy) -> Submission:
    """Check everything (team, period, links, note, files) before anything is written. Raises DomainError."""
    if not is_member(session, actor, item):
        raise DomainError("Anda bukan anggota %(team)s; hanya anggota tim itu yang dapat mengunggah bukti "
                          "kegiatan %(code)s.", team=team_label(item.penanggung_jawab), code=item.code)
    period = find_period(item, period_key)
    note = (note or "").replace("\r\n", "\n").strip()
    if len(note) > MAX_NOTE:
        raise DomainError("Catatan paling banyak %(n)s karakter.", n=MAX_NOTE)
    lines = [line for line in (links_text or "").replace("\r\n", "\n").split("\n") if line.strip()]
    if len(lines) > MAX_LINKS:
        raise DomainError("Paling banyak %(n)s tautan per pengiriman.", n=MAX_LINKS)
    links = []
    for line in lines:
        url = clean_link(line)
        if url not in links:
            links.append(url)
    files = prepare(read_uploads(uploads, policy), policy)
    if not files and not links:
        raise DomainError("Lampirkan paling sedikit satu berkas atau satu tautan sebagai bukti.")
    return Submission(item=item, period=period, files=files, links=links, note=note)


def add_evidence(session: Session, actor: User, submission: Submission,
                 stored: list[StoredFile]) -> list[ZiEvidence]:
    """Create the evidence rows of a validated submission whose files are already written (`stored`)."""
    now = utcnow()
    rows = []
    base = {"item_id": submission.item.id, "period_key": submission.period.key, "note": submission.note,
            "uploaded_by_id": actor.id, "submitted_at": now, "status": EVIDENCE_SUBMITTED}
    for record in stored:
        rows.append(ZiEvidence(kind=EVIDENCE_FILE, stored_name=record.stored_name,
                               original_name=record.display_name, content_type=record.content_type,
                               size=record.size, sha256=record.sha256, **base))
    for url in submission.links:
        rows.append(ZiEvidence(kind=EVIDENCE_LINK, url=url, **base))
    session.add_all(rows)
    session.flush()
    audit.record(session, actor, "zi.evidence.submit", submission.item, code=submission.item.code,
                 period=submission.period.key, files=len(stored), links=len(submission.links),
                 evidence_ids=[r.id for r in rows])
    return rows


def get_evidence(session: Session, evidence_id: int) -> ZiEvidence | None:
    return session.get(ZiEvidence, evidence_id)


def review(session: Session, actor: User, evidence: ZiEvidence, decision: str, comment: str) -> ZiEvidence:
    if not is_reviewer(session, actor):
        raise DomainError("Hanya penilai bukti ZI (administrator atau penilai yang ditunjuk) yang dapat "
                          "mereviu bukti.")
    if evidence.uploaded_by_id == actor.id:
        raise DomainError("Bukti yang Anda unggah sendiri harus direviu oleh penilai lain.")
    if evidence.status != EVIDENCE_SUBMITTED:
        raise DomainError("Bukti ini sudah direviu (%(status)s).",
                          status=EVIDENCE_STATUS_LABELS[evidence.status].lower())
    comment = (comment or "").replace("\r\n", "\n").strip()
    if len(comment) > MAX_COMMENT:
        raise DomainError("Komentar paling banyak %(n)s karakter.", n=MAX_COMMENT)
    if decision == "accept":
        evidence.status = EVIDENCE_ACCEPTED
    elif decision == "return":
        if not comment:
            raise DomainError("Tulis alasan pengembalian agar tim tahu apa yang harus diperbaiki.")
        evidence.status = EVIDENCE_RETURNED
    else:
        raise DomainError("Keputusan reviu tidak dikenal.")
    evidence.review_comment = comment
    evidence.reviewed_by_id = actor.id
    evidence.reviewed_at = utcnow()
    session.flush()
    audit.record(session, actor, f"zi.evidence.{'accept' if decision == 'accept' else 'return'}", evidence,
                 code=evidence.item.code, period=evidence.period_key)
    return evidence


def withdraw(session: Session, actor: User, evidence: ZiEvidence) -> StoredFile | None:
    """The uploader takes back evidence not reviewed yet. Returns the file to delete after the commit."""
    if evidence.uploaded_by_id != actor.id or not is_member(session, actor, evidence.item):
        raise DomainError("Hanya pengunggah (anggota tim) yang dapat menarik bukti ini.")
    if evidence.status != EVIDENCE_SUBMITTED:
        raise DomainError("Bukti yang sudah direviu tidak dapat ditarik.")
    stored = None
    if evidence.is_file:
        stored = StoredFile(UPLOAD_AREA, evidence.stored_name, evidence.original_name, evidence.content_type,
                            evidence.size, evidence.sha256)
    audit.record(session, actor, "zi.evidence.withdraw", evidence, code=evidence.item.code,
                 period=evidence.period_key)
    session.delete(evidence)
    session.flush()
    return stored


def review_queue(session: Session, year: int | None = None):
    query = (select(ZiEvidence).join(ActionPlanItem, ActionPlanItem.id == ZiEvidence.item_id)
             .where(ZiEvidence.status == EVIDENCE_SUBMITTED)
             .options(selectinload(ZiEvidence.item), selectinload(ZiEvidence.uploaded_by))
             .order_by(ZiEvidence.submitted_at, ZiEvidence.id))
    if year:
        query = query.where(ActionPlanItem.year == year)
    return query


def pending_count(session: Session, year: int | None = None) -> int:
    query = select(func.count()).select_from(ZiEvidence).where(ZiEvidence.status == EVIDENCE_SUBMITTED)
    if year:
        query = (query.join(ActionPlanItem, ActionPlanItem.id == ZiEvidence.item_id)
                 .where(ActionPlanItem.year == year))
    return session.scalar(query) or 0


# ============================================================================================= progress
@dataclass
class PeriodStatus:
    period: DuePeriod
    deadline: date
    evidence: list[ZiEvidence] = field(default_factory=list)
    auto: list[AutoEvidence] = field(default_factory=list)
    review: str = "none"
    timeliness: str = "open"
    first_on: date | None = None  # local date of the first live evidence

    @property
    def key(self) -> str:
        return self.period.key

    @property
    def accepted(self) -> bool:
        return self.review == "accepted"

    @property
    def live(self) -> bool:
        return self.review in ("accepted", "submitted")

    @property
    def review_label(self) -> str:
        return REVIEW_LABELS[self.review]

    @property
    def timeliness_label(self) -> str:
        return TIMELINESS_LABELS[self.timeliness]


@dataclass
class RowStatus:
    item: ActionPlanItem
    periods: list[PeriodStatus]

    @property
    def total(self) -> int:
        return len(self.periods)

    @property
    def accepted(self) -> int:
        return sum(1 for p in self.periods if p.accepted)

    @property
    def percent(self) -> float:
        return 100.0 * self.accepted / self.total if self.total else 0.0

    @property
    def state(self) -> str:
        if self.total and self.accepted == self.total:
            return "selesai"
        if any(p.live for p in self.periods):
            return "sebagian"
        return "belum"

    @property
    def state_label(self) -> str:
        return ROW_STATE_LABELS[self.state]

    def period(self, key: str) -> PeriodStatus | None:
        return next((p for p in self.periods if p.key == key), None)


def _period_status(period: DuePeriod, evidence: list[ZiEvidence], auto: list[AutoEvidence], on: date,
                   grace_days: int) -> PeriodStatus:
    status = PeriodStatus(period=period, deadline=period.due + timedelta(days=grace_days),
                          evidence=sorted(evidence, key=lambda e: (e.submitted_at, e.id)), auto=auto)
    live = [e for e in evidence if e.is_live]
    if auto or any(e.status == EVIDENCE_ACCEPTED for e in evidence):
        status.review = "accepted"
    elif live:
        status.review = "submitted"
    elif evidence:
        status.review = "returned"
    days = [local_date(e.submitted_at) for e in live] + [a.published_on for a in auto]
    if days:
        status.first_on = min(days)
        status.timeliness = "on_time" if status.first_on <= status.deadline else "late"
    else:
        status.timeliness = "missing" if status.deadline < on else "open"
    return status


def row_statuses(session: Session, items: list[ActionPlanItem], *, on: date | None = None,
                 grace_days: int = DEFAULT_GRACE_DAYS, with_evidence: bool = True) -> list[RowStatus]:
    """Progress of each row (all of one year) as of `on`."""
    if not items:
        return []
    on = on or today()
    year = items[0].year
    periods = {item.id: periods_of(item) for item in items}
    by_key: dict[tuple[int, str], list[ZiEvidence]] = defaultdict(list)
    if with_evidence:
        query = (select(ZiEvidence).where(ZiEvidence.item_id.in_([i.id for i in items]))
                 .options(selectinload(ZiEvidence.uploaded_by), selectinload(ZiEvidence.reviewed_by)))
        for ev in session.scalars(query):
            by_key[(ev.item_id, ev.period_key)].append(ev)
    auto = zi_evidence.links(session, year, [(item, periods[item.id]) for item in items])
    return [RowStatus(item, [_period_status(p, by_key.get((item.id, p.key), []),
                                            auto.get((item.id, p.key), []), on, grace_days)
                             for p in periods[item.id]])
            for item in items]


def evidence_outside_periods(session: Session, item: ActionPlanItem) -> list[ZiEvidence]:
    """Evidence whose period is no longer a due period of the row (the plan's schedule was changed)."""
    keys = {p.key for p in periods_of(item)}
    return [e for e in session.scalars(select(ZiEvidence).where(ZiEvidence.item_id == item.id)
                                       .order_by(ZiEvidence.submitted_at)) if e.period_key not in keys]


@dataclass
class Tally:
    """Counts of due periods for a group of rows (an area, a team, everything)."""
    label: str
    rows: int = 0
    periods: int = 0
    due: int = 0  # deadline passed
    on_time: int = 0
    late: int = 0
    missing: int = 0
    accepted: int = 0
    submitted: int = 0
    returned: int = 0
    rows_done: int = 0
    rows_partly: int = 0

    def add(self, row: RowStatus, on: date) -> None:
        self.rows += 1
        self.rows_done += row.state == "selesai"
        self.rows_partly += row.state == "sebagian"
        for p in row.periods:
            self.periods += 1
            self.due += p.deadline < on
            self.on_time += p.timeliness == "on_time"
            self.late += p.timeliness == "late"
            self.missing += p.timeliness == "missing"
            self.accepted += p.review == "accepted"
            self.submitted += p.review == "submitted"
            self.returned += p.review == "returned"

    @property
    def percent(self) -> float:
        return 100.0 * self.accepted / self.periods if self.periods else 0.0


@dataclass
class DueEntry:
    item: ActionPlanItem
    status: PeriodStatus

    @property
    def team(self) -> str:
        return self.item.penanggung_jawab


@dataclass
class Dashboard:
    year: int
    on: date
    rows: list[RowStatus]
    areas: list[Tally]
    teams: list[Tally]
    total: Tally
    due_soon: dict[str, list[DueEntry]]  # team -> entries due in the next DUE_SOON_DAYS days
    overdue: dict[str, list[DueEntry]]  # team -> entries past the deadline without live evidence


def _due_lists(rows: list[RowStatus], on: date, days: int) -> tuple[dict, dict]:
    soon: dict[str, list[DueEntry]] = defaultdict(list)
    overdue: dict[str, list[DueEntry]] = defaultdict(list)
    horizon = on + timedelta(days=days)
    for row in rows:
        for p in row.periods:
            if p.live:
                continue
            if p.deadline < on:
                overdue[row.item.penanggung_jawab].append(DueEntry(row.item, p))
            elif p.period.due <= horizon:
                soon[row.item.penanggung_jawab].append(DueEntry(row.item, p))
    for lists in (soon, overdue):
        for entries in lists.values():
            entries.sort(key=lambda e: (e.status.period.due, e.item.seq))
    return dict(soon), dict(overdue)


def dashboard(session: Session, year: int, *, on: date | None = None, grace_days: int = DEFAULT_GRACE_DAYS,
              days: int = DUE_SOON_DAYS, area: str | None = None, team: str | None = None) -> Dashboard:
    on = on or today()
    items = action_plan.list_items(session, year)
    rows = row_statuses(session, items, on=on, grace_days=grace_days)
    areas: dict[str, Tally] = {}
    teams: dict[str, Tally] = {}
    total = Tally(_("Seluruh kegiatan"))
    for row in rows:
        areas.setdefault(row.item.area_code, Tally(row.item.area_label)).add(row, on)
        teams.setdefault(row.item.penanggung_jawab, Tally(team_label(row.item.penanggung_jawab))).add(row, on)
        total.add(row, on)
    shown = [r for r in rows
             if (not area or r.item.area_code == area) and (not team or r.item.penanggung_jawab == team)]
    soon, overdue = _due_lists(rows, on, days)
    return Dashboard(year=year, on=on, rows=shown, areas=list(areas.values()), teams=list(teams.values()),
                     total=total, due_soon=soon, overdue=overdue)


# ============================================================================================ monev report
SEMESTERS = {1: _l("Semester I (Januari\u2013Juni)"), 2: _l("Semester II (Juli\u2013Desember)")}


@dataclass
class MonevLine:
    row: RowStatus
    status: PeriodStatus


@dataclass
class MonevArea:
    code: str
    title: str
    lines: list[MonevLine]
    tally: Tally


def monev_report(session: Session, year: int, semester: int, *, on: date | None = None,
                 grace_days: int = DEFAULT_GRACE_DAYS) -> list[MonevArea]:
    """Laporan monev ZI: every due period whose due date falls in the semester, grouped by area."""
    if semester not in (1, 2):
        raise DomainError("Semester harus 1 atau 2.")
    on = on or today()
    rows = row_statuses(session, action_plan.list_items(session, year), on=on, grace_days=grace_days)
    areas: list[MonevArea] = []
    for row in rows:
        lines = [MonevLine(row, p) for p in row.periods if p.period.semester == semester]
        if not lines:
            continue
        if not areas or areas[-1].code != row.item.area_code:
            areas.append(MonevArea(row.item.area_code, row.item.area_title, [], Tally(row.item.area_label)))
        area = areas[-1]
        area.lines.extend(lines)
        area.tally.add(RowStatus(row.item, [line.status for line in lines]), on)
    return areas


def monev_total(areas: list[MonevArea]) -> Tally:
    total = Tally(_("Jumlah"))
    for area in areas:
        for name in ("rows", "periods", "due", "on_time", "late", "missing", "accepted", "submitted",
                     "returned", "rows_done", "rows_partly"):
            setattr(total, name, getattr(total, name) + getattr(area.tally, name))
    return total


# ============================================================================================ public view
@dataclass
class PublicArea:
    code: str
    title: str
    rows: list[RowStatus]
    tally: Tally


def public_progress(session: Session, year: int, *, on: date | None = None,
                    grace_days: int = DEFAULT_GRACE_DAYS) -> tuple[list[PublicArea], Tally]:
    """Completion per area for the public page. Callers show only codes, actions, period labels, the
    accepted / not-yet state and automatic links to public pages - never uploaded files, links or notes."""
    on = on or today()
    rows = row_statuses(session, action_plan.list_items(session, year), on=on, grace_days=grace_days)
    areas: list[PublicArea] = []
    total = Tally(_("Seluruh area"))
    for row in rows:
        if not areas or areas[-1].code != row.item.area_code:
            areas.append(PublicArea(row.item.area_code, row.item.area_title, [], Tally(row.item.area_label)))
        areas[-1].rows.append(row)
        areas[-1].tally.add(row, on)
        total.add(row, on)
    return areas, total


# ============================================================================================ digest
@dataclass
class DigestMessage:
    team: ZiTeam
    recipients: list[str]
    subject: str
    body: str


def digest_messages(session: Session, year: int, *, on: date | None = None,
                    grace_days: int = DEFAULT_GRACE_DAYS, days: int = DUE_SOON_DAYS, dashboard_url: str = "",
                    office_name: str = "") -> list[DigestMessage]:
    """One message per team that has something due in the next `days` days or overdue, to its active
    members."""
    on = on or today()
    board = dashboard(session, year, on=on, grace_days=grace_days, days=days)
    messages = []
    for team in list_teams(session):
        soon = _team_entries(board.due_soon, team)
        overdue = _team_entries(board.overdue, team)
        recipients = sorted({m.user.email for m in team.members if m.user.active and m.user.email})
        undeclared = _undeclared_reminder(session, team, on, dashboard_url)
        if not (soon or overdue or undeclared) or not recipients:
            continue
        label = team_label(team.name)
        body = _digest_body(label, year, on, soon, overdue, days=days, grace_days=grace_days,
                            dashboard_url=dashboard_url, office_name=office_name, extra=undeclared)
        subject = _("[ZI] %(team)s: %(soon)s jatuh tempo, %(overdue)s lewat batas", team=label,
                    soon=len(soon), overdue=len(overdue))
        messages.append(DigestMessage(team, recipients, subject, body))
    return messages


def _team_entries(lists: dict[str, list[DueEntry]], team: ZiTeam) -> list[DueEntry]:
    return [e for name, entries in lists.items() if team_key(name) == team.key for e in entries]


def _undeclared_reminder(session: Session, team: ZiTeam, on: date, dashboard_url: str) -> list[str]:
    """For the team that keeps the conflict-of-interest register (portal/conflicts/access.py): how many
    employees have not signed this year's declaration, with the link to the list."""
    from portal.conflicts import access as coi_access
    from portal.conflicts import service as coi_service

    if team.key != coi_access.ZI_TEAM_KEY:
        return []
    missing = coi_service.count_not_declared(session, on.year)
    if not missing:
        return []
    lines = [_("Benturan kepentingan: %(n)s pegawai belum menandatangani pernyataan tahun %(year)s.",
               n=missing, year=on.year)]
    if dashboard_url:
        base = dashboard_url.rsplit("/admin/", 1)[0]
        lines.append(_("Daftar yang belum menyatakan: %(url)s",
                       url=f"{base}/admin/benturan-kepentingan/belum-menyatakan?tahun={on.year}"))
    return lines


def _digest_body(label: str, year: int, on: date, soon: list[DueEntry], overdue: list[DueEntry], *, days: int,
                 grace_days: int, dashboard_url: str, office_name: str,
                 extra: list[str] | None = None) -> str:
    summary = _("Ringkasan pemantauan Rencana Aksi Zona Integritas %(year)s per %(day)s", year=year,
                day=tanggal(on))
    lines = [_("Yth. anggota %(team)s,", team=label), "",
             summary + (f" ({office_name})" if office_name else "") + ".", ""]
    for heading, entries in ((_("Jatuh tempo dalam %(days)s hari ke depan:", days=days), soon),
                             (_("Sudah lewat batas, belum ada bukti:"), overdue)):
        if entries:
            lines += [heading, *(_digest_line(e) for e in entries), ""]
    if extra:
        lines += [*extra, ""]
    lines.append(_("Batas unggah = akhir periode + %(days)s hari. Bukti yang sudah diterbitkan di "
                   "portal (rekap DUMAS, rekap WBS, hasil SKM, standar pelayanan) terhubung otomatis dan "
                   "tidak perlu diunggah lagi.", days=grace_days))
    if dashboard_url:
        lines += ["", _("Unggah bukti: %(url)s", url=dashboard_url)]
    lines += ["", _("Pesan ini dikirim otomatis oleh Portal Zona Integritas.")]
    return "\n".join(lines)


def _digest_line(entry: DueEntry) -> str:
    p = entry.status
    action = re.sub(r"\s+", " ", entry.item.langkah_aksi or entry.item.indikator).strip()
    if len(action) > 90:
        action = action[:87].rstrip() + "..."
    state = f" ({p.review_label.lower()})" if p.review == "returned" else ""
    evidence = re.sub(chr(10), " ", entry.item.bukti_fisik)[:120]
    return _("- %(code)s %(period)s: batas %(day)s%(state)s \u2014 %(action)s. Bukti: %(evidence)s",
             code=entry.item.code, period=p.period.label, day=tanggal(p.deadline), state=state, action=action,
             evidence=evidence)

