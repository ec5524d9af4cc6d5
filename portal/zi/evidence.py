"""Evidence the portal already holds: published artefacts that count for action-plan rows automatically.

No one uploads twice what the portal publishes itself. Each *provider* is a few lines: which row codes it
serves (a regular expression on `ActionPlanItem.code`) and a query that returns the artefacts published for
a year. The registry matches them to the rows' due periods:

* ``covers`` (a report about a period: a recap, survey results): counts for a due period when the period it
  reports on covers the whole due period (starts on or before the due period's first day and ends on or
  after its last day). A 2026-S1 DUMAS recap counts for S1 of a continuous row and, like the 2026 recap, for
  a row due in December only if it covers December (2026-S2, 2026-T4, 2026-12, 2026).
* ``within`` (a one-off act: a revised standard is published): counts for the due period in which it
  happened (its local publication date falls inside the due period).

The links are computed when a page is shown, so they appear as soon as the artefact is published and
disappear if it is withdrawn (an unpublished SKM result). An automatic link counts as accepted evidence;
its date for timeliness is the publication date.

Add a provider:

    @provider("maklumat", r"^VI\\.1b$", mode=WITHIN)
    def maklumat(session, year):
        return [AutoEvidence(...), ...]
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.action_plan.models import ActionPlanItem
from portal.core import periods as core_periods
from portal.core.clock import local_date, local_moment, today
from portal.ppid.models import STATUS_ACTIVE as DIP_ACTIVE
from portal.ppid.models import DipEntry, DipRevision
from portal.ppid.service import CATEGORY_LABELS as DIP_CATEGORY_LABELS
from portal.recap.models import RecapSnapshot
from portal.risks.models import Risk, RiskControlCard
from portal.risks.service import checklist_complete_at, replace_tz
from portal.standards.models import STATUS_PUBLISHED, Service, ServiceStandardRevision
from portal.survey.models import SurveyPublication
from portal.zi.periods import DuePeriod, parse_key

COVERS, WITHIN = "covers", "within"


@dataclass(frozen=True)
class AutoEvidence:
    source: str  # provider: dumas | wbs | skm | standar | ppid_* | gratifikasi | coi_* | risiko_*
    title: str  # "Rekap pengaduan Semester 1 2026"
    endpoint: str  # public endpoint of the artefact (the view builds the URL; hidden if not installed)
    params: tuple[tuple[str, object], ...]
    published_at: datetime
    start: date  # period reported on, or the day of the act (WITHIN)
    end: date

    @property
    def url_params(self) -> dict:
        return dict(self.params)

    @property
    def public(self) -> bool:
        """False for an artefact on a staff page (an `admin_*` endpoint: the conflict-of-interest registers,
        the SPIP risk register): the public progress page and its JSON name it without a link (a visitor
        would only reach a log-in page); staff pages link it."""
        return not self.endpoint.startswith("admin_")

    @property
    def published_on(self) -> date:
        return local_date(self.published_at)


@dataclass(frozen=True)
class Provider:
    name: str
    label: str
    codes: re.Pattern
    mode: str
    fetch: Callable[[Session, int], list[AutoEvidence]] = field(compare=False)

    def serves(self, item: ActionPlanItem) -> bool:
        return bool(self.codes.fullmatch(item.code))

    def matches(self, artefact: AutoEvidence, period: DuePeriod) -> bool:
        if self.mode == COVERS:
            return artefact.start <= period.start and artefact.end >= period.end
        return period.start <= artefact.start <= period.end


PROVIDERS: list[Provider] = []


def provider(name: str, codes: str, *, label: str, mode: str = COVERS):
    """Register `fn(session, year) -> [AutoEvidence]` for rows whose code fully matches `codes`."""

    def decorator(fn: Callable[[Session, int], list[AutoEvidence]]):
        PROVIDERS.append(Provider(name, label, re.compile(codes), mode, fn))
        return fn

    return decorator


def providers_for(item: ActionPlanItem) -> list[Provider]:
    return [p for p in PROVIDERS if p.serves(item)]


def links(session: Session, year: int, rows: Iterable[tuple[ActionPlanItem, list[DuePeriod]]]
          ) -> dict[tuple[int, str], list[AutoEvidence]]:
    """{(item id, period key): [automatic evidence]} for the given rows and their due periods.
    Each provider queries once, and only if one of the rows is its concern."""
    rows = list(rows)
    result: dict[tuple[int, str], list[AutoEvidence]] = {}
    for prov in PROVIDERS:
        served = [(item, periods) for item, periods in rows if prov.serves(item)]
        if not served:
            continue
        artefacts = prov.fetch(session, year)
        for item, periods in served:
            for period in periods:
                found = [a for a in artefacts if prov.matches(a, period)]
                if found:
                    result.setdefault((item.id, period.key), []).extend(found)
    for found in result.values():
        found.sort(key=lambda a: a.published_at)
    return result


# ------------------------------------------------------------------------------------------- helpers
def _year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _period_label(key: str) -> str:
    period = parse_key(key)
    return period.label if period else key


def _snapshots(session: Session, kind: str, year: int) -> list[RecapSnapshot]:
    first, last = _year_bounds(year)
    return list(session.scalars(
        select(RecapSnapshot).where(RecapSnapshot.kind == kind, RecapSnapshot.period_start <= last,
                                    RecapSnapshot.period_end >= first)
        .order_by(RecapSnapshot.period_end, RecapSnapshot.id)))


# ------------------------------------------------------------------------------------------ providers
@provider("dumas", r"V\.5\.(2|2b|2c|4)", label=_l("Rekap DUMAS yang diterbitkan"))
def dumas_recaps(session: Session, year: int) -> list[AutoEvidence]:
    """V.5.2 daftar/laporan aduan, V.5.2b and V.5.2c recap matrices (diproses / selesai), V.5.4 categorised
    follow-up with infographics: all in the published DUMAS recap (/rekap/<period>)."""
    return [AutoEvidence("dumas", _("Rekap pengaduan masyarakat %(period)s",
                                    period=_period_label(s.period_key)),
                         "recap.detail", (("period_key", s.period_key),), s.published_at, s.period_start,
                         s.period_end)
            for s in _snapshots(session, "dumas", year)]


@provider("wbs", r"V\.2\.1[bcd]", label=_l("Rekap triwulan WBS yang diterbitkan"))
def wbs_quarters(session: Session, year: int) -> list[AutoEvidence]:
    """V.2.1b-d (per triwulan): the quarterly WBS figures the WBS team publishes from /admin/wbs/triwulan
    (a RecapSnapshot of kind `wbs`, numbers only). Shown on /wbs/rekap."""
    return [AutoEvidence("wbs", _("Rekap WBS %(period)s", period=_period_label(s.period_key)), "wbs.recap",
                         (),
                         s.published_at, s.period_start, s.period_end)
            for s in _snapshots(session, "wbs", year)]


@provider("skm", r"VI\.3", label=_l("Hasil SKM yang dipublikasikan"))
def survey_results(session: Session, year: int) -> list[AutoEvidence]:
    """VI.3 publikasi hasil survei dan tindak lanjutnya: a published SKM period (SurveyPublication)."""
    first, last = _year_bounds(year)
    rows = session.scalars(select(SurveyPublication).where(
        SurveyPublication.period_start <= last, SurveyPublication.period_end >= first)
        .order_by(SurveyPublication.period_end))
    return [AutoEvidence("skm", _("Hasil SKM %(period)s", period=_period_label(p.period_key)),
                         "survey.results",
                         (("periode", p.period_key),), p.published_at, p.period_start, p.period_end)
            for p in rows]


@provider("standar", r"VI\.1c?", label=_l("Revisi standar pelayanan yang diterbitkan"), mode=WITHIN)
def standard_revisions(session: Session, year: int) -> list[AutoEvidence]:
    """VI.1 kebijakan standar pelayanan and VI.1c reviu dan publikasi standar layanan: a revision published
    (not a sample text) in the due period."""
    rows = session.execute(
        select(ServiceStandardRevision, Service)
        .join(Service, Service.id == ServiceStandardRevision.service_id)
        .where(ServiceStandardRevision.status == STATUS_PUBLISHED,
               ServiceStandardRevision.is_sample.is_(False),
               ServiceStandardRevision.published_at.is_not(None), Service.active.is_(True))
        .order_by(ServiceStandardRevision.published_at))
    result = []
    for revision, service in rows:
        day = local_date(revision.published_at)
        if day.year != year:
            continue
        title = _("Standar pelayanan %(service)s, revisi ke-%(number)s", service=service.name,
                  number=revision.number)
        result.append(AutoEvidence("standar", title, "public.standard_detail",
                                   (("slug", service.slug), ("revisi", revision.number)),
                                   revision.published_at, day, day))
    return result


@provider("ppid_dip", r"II\.3", label=_l("Daftar Informasi Publik yang diterbitkan"), mode=WITHIN)
def ppid_dip(session: Session, year: int) -> list[AutoEvidence]:
    """II.3 menerapkan kebijakan informasi publik (berkala, serta merta, tersedia setiap saat) pada laman
    unit kerja: the Daftar Informasi Publik published on /ppid/dip.

    The rule: an entry in force (not withdrawn) counts for the due period of each day, in `year` and in the
    office's time zone, on which the portal published it (its creation, version 1) or saved a new version
    of it (the moment its previous version was kept as a `DipRevision`; the link names the version saved).
    One link per entry and day (the last version saved that day). The dates staff type (`updated_on`,
    `year`) are not used: they may be set in the past, the portal's own moments cannot. A withdrawn entry
    counts nowhere (its page is gone), so its links disappear with it. Links: /ppid/dip/<id>, named by the
    category and the entry's number (the entry's own title is office content in Indonesian, and the ZI pages
    show evidence names as interface text)."""
    first, last = _year_bounds(year)
    # the year in UTC with a day's margin each side; the local day is checked below
    low = local_moment(first, time(0, 0)) - timedelta(days=1)
    high = local_moment(last, time(0, 0)) + timedelta(days=2)
    entries = {entry.id: entry for entry in session.scalars(
        select(DipEntry).where(DipEntry.status == DIP_ACTIVE, DipEntry.changed_at >= low,
                               DipEntry.created_at < high))}
    saves: list[tuple[int, int, datetime]] = [
        (entry.id, 1, entry.created_at) for entry in entries.values() if low <= entry.created_at < high]
    if entries:
        saves += [(entry_id, version + 1, moment) for entry_id, version, moment in session.execute(
            select(DipRevision.entry_id, DipRevision.version, DipRevision.created_at)
            .where(DipRevision.entry_id.in_(list(entries)), DipRevision.created_at >= low,
                   DipRevision.created_at < high))]
    by_day: dict[tuple[int, date], tuple[int, datetime]] = {}
    for entry_id, version, moment in saves:
        day = local_date(moment)
        if day.year != year:
            continue
        kept = by_day.get((entry_id, day))
        if kept is None or (version, moment) > kept:
            by_day[(entry_id, day)] = (version, moment)
    result = []
    for (entry_id, day), (version, moment) in sorted(by_day.items(), key=lambda item: item[1][1]):
        entry = entries[entry_id]
        category = DIP_CATEGORY_LABELS[entry.category]
        if version == 1:
            title = _("Daftar Informasi Publik: %(category)s, entri %(id)s", category=category, id=entry_id)
        else:
            title = _("Daftar Informasi Publik: %(category)s, entri %(id)s versi %(version)s",
                      category=category, id=entry_id, version=version)
        result.append(AutoEvidence("ppid_dip", title, "ppid.dip_detail", (("entry_id", entry_id),), moment,
                                   day, day))
    return result


PPID_REPORT_ENDPOINT = "ppid_report.report"


@provider("ppid_laporan", r"II\.3", label=_l("Laporan layanan informasi publik"))
def ppid_reports(session: Session, year: int, on: date | None = None) -> list[AutoEvidence]:
    """II.3 (monitoring dan evaluasi pelaksanaan kebijakan keterbukaan informasi publik): the public PPID
    report (/ppid/laporan, endpoint `ppid_report.report`, period key `2026-T1`).

    The report is computed from the requests themselves (nothing to publish), so it exists once its period
    is over: one artefact per quarter of `year` that has ended by `on` (today by default; a quarter ends
    after its last day), published at the start of the next day (office time), and the annual report
    (period `2026`) once the year has ended. COVERS: a quarter counts for a due period inside it; II.3's due
    periods are the semesters ("Januari - Desember"), which no single quarter covers, so for II.3 the annual
    report is what covers them. The link is hidden while the report's endpoint is not installed."""
    on = on or today()
    reports = [core_periods.quarter_period(year, q) for q in range(1, 5)] + [core_periods.year_period(year)]
    result = []
    for period in reports:
        if period.end >= on:
            continue
        published = local_moment(period.end + timedelta(days=1), time(0, 0))
        result.append(AutoEvidence("ppid_laporan", _("Laporan layanan informasi publik %(period)s",
                                                     period=period.label),
                                   PPID_REPORT_ENDPOINT, (("period", period.key),), published, period.start,
                                   period.end))
    return result


# ------------------------------------------------------------------ conflicts of interest (V.3.1-V.3.5)
# The registers of portal/conflicts are staff pages (/admin/benturan-kepentingan): the links open for staff.
def _conflicts():
    from portal.conflicts import models as coi

    return coi


@provider("coi_identifikasi", r"V\.3\.1", label=_l("Tabel identifikasi potensi benturan kepentingan"),
          mode=WITHIN)
def coi_identifications(session: Session, year: int) -> list[AutoEvidence]:
    """V.3.1: each row of the identification register of `year`, on the office day it was written."""
    coi = _conflicts()
    rows = session.scalars(select(coi.CoiIdentification).where(coi.CoiIdentification.year == year)
                           .order_by(coi.CoiIdentification.created_at))
    return [AutoEvidence("coi_identifikasi", _("Tabel identifikasi potensi benturan kepentingan %(year)s, "
                                               "baris %(n)s", year=year, n=n),
                         "admin_conflicts.identifications", (("tahun", year),), row.created_at,
                         local_date(row.created_at), local_date(row.created_at))
            for n, row in enumerate(rows, start=1)]


def _coi_report(session: Session, year: int):
    coi = _conflicts()
    return session.get(coi.CoiReport, year)


@provider("coi_sosialisasi", r"V\.3\.2", label=_l("Sosialisasi dalam Laporan Benturan Kepentingan"),
          mode=WITHIN)
def coi_socialisation(session: Session, year: int) -> list[AutoEvidence]:
    """V.3.2: the socialisation part of the year's report, on the day it was last saved."""
    report = _coi_report(session, year)
    if report is None or not (report.socialisation or "").strip() or report.updated_at is None:
        return []
    day = local_date(report.updated_at)
    return [AutoEvidence("coi_sosialisasi", _("Sosialisasi penanganan benturan kepentingan %(year)s",
                                              year=year),
                         "admin_conflicts.report_page", (("tahun", year),), report.updated_at, day, day)]


@provider("coi_pernyataan", r"V\.3\.3", label=_l("Surat pernyataan benturan kepentingan"), mode=WITHIN)
def coi_declarations(session: Session, year: int) -> list[AutoEvidence]:
    """V.3.3: the declarations in force for `year`, one link per office month in which some were signed
    (dated on the last signing of that month)."""
    coi = _conflicts()
    months: dict[tuple[int, int], list[datetime]] = {}
    for signed_at in session.scalars(select(coi.CoiDeclaration.signed_at).where(
            coi.CoiDeclaration.year == year, coi.CoiDeclaration.current.is_(True))):
        day = local_date(signed_at)
        months.setdefault((day.year, day.month), []).append(signed_at)
    result = []
    for (_y, _m), moments in sorted(months.items()):
        last = max(moments)
        result.append(AutoEvidence("coi_pernyataan", _("Surat pernyataan benturan kepentingan %(year)s: "
                                                       "%(n)s ditandatangani", year=year, n=len(moments)),
                                   "admin_conflicts.declarations", (("tahun", year),), last, local_date(last),
                                   local_date(last)))
    return result


@provider("coi_laporan", r"V\.3\.4", label=_l("Laporan Benturan Kepentingan"))
def coi_reports(session: Session, year: int) -> list[AutoEvidence]:
    """V.3.4 (monitoring and evaluation report): the year's Laporan Benturan Kepentingan once the ZI team
    has written its internal evaluation; it covers the whole year."""
    report = _coi_report(session, year)
    if report is None or report.updated_at is None or not (report.evaluation or "").strip():
        return []
    first, last = _year_bounds(year)
    return [AutoEvidence("coi_laporan", _("Laporan Benturan Kepentingan %(year)s", year=year),
                         "admin_conflicts.report_page", (("tahun", year),), report.updated_at, first, last)]


@provider("coi_tindak_lanjut", r"V\.3\.5", label=_l("Laporan tindak lanjut benturan kepentingan"))
def coi_follow_up(session: Session, year: int) -> list[AutoEvidence]:
    """V.3.5 (follow-up, short and long term): the year's follow-up table once the ZI team has written the
    follow-up part of the report; it covers the whole year."""
    report = _coi_report(session, year)
    if report is None or report.updated_at is None or not (report.follow_up or "").strip():
        return []
    first, last = _year_bounds(year)
    return [AutoEvidence("coi_tindak_lanjut", _("Laporan tindak lanjut benturan kepentingan %(year)s",
                                                year=year),
                         "admin_conflicts.follow_up_print", (("tahun", year),), report.updated_at, first,
                         last)]
# ------------------------------------------------------------------------- SPIP risk register (V.4)
# The register's documents are staff pages (/admin/risiko, roles risiko, pimpinan, admin): not `public`,
# so the public progress page names them without a link. Rows (portal/data/rencana_aksi_2026.json):
# V.4.1 (Kartu Kendali SPIP among its evidence) and V.4.3b (Kartu Kendali dan data dukungnya): the Kartu
# Kendali; V.4.2 (Daftar Resiko) and V.4.3 (Daftar Kegiatan Pengendalian Resiko dan Bentuk Pengendalian:
# the register's control columns): the Daftar Risiko; V.4.2b and V.4.4b (Daftar Uji Penyelenggaraan SPIP,
# due in December): the Daftar Uji. V.4.4 itself (undangan, daftar hadir, notulensi of a meeting) is not a
# document of the register and keeps its uploaded evidence.
RISK_REGISTER_ENDPOINT = "admin_risks.register"
RISK_CARDS_ENDPOINT = "admin_risks.cards"
RISK_CHECKLIST_ENDPOINT = "admin_risks.checklist_print"


@provider("risiko_daftar", r"V\.4\.[23]", label=_l("Daftar Risiko SPIP"))
def risk_register(session: Session, year: int) -> list[AutoEvidence]:
    """V.4.2 and V.4.3: the year's Daftar Risiko, once a risk of `year` is registered. It is the register of
    the whole year (COVERS every due period of it), published when its first risk was registered."""
    first = replace_tz(session.scalar(select(func.min(Risk.created_at)).where(Risk.year == year)))
    if first is None:
        return []
    start, end = _year_bounds(year)
    return [AutoEvidence("risiko_daftar", _("Daftar Risiko %(year)s", year=year), RISK_REGISTER_ENDPOINT,
                         (("tahun", year),), first, start, end)]


@provider("risiko_kartu", r"V\.4\.(1|3b)", label=_l("Kartu Kendali risiko SPIP"))
def risk_cards(session: Session, year: int) -> list[AutoEvidence]:
    """V.4.1 and V.4.3b: the Kartu Kendali of each quarter of `year` in which a control-card row was
    filled in (published when the quarter's first row was saved), and of each semester whose two quarters
    both have one (published when the later of them got its first row). COVERS: a semester's card counts
    for the rows' semester due periods ("Januari - Desember"), a quarter's for quarterly ones."""
    firsts = {quarter: replace_tz(moment) for quarter, moment in session.execute(
        select(RiskControlCard.quarter, func.min(RiskControlCard.created_at))
        .join(Risk, Risk.id == RiskControlCard.risk_id).where(Risk.year == year)
        .group_by(RiskControlCard.quarter))}
    result = []
    for quarter, moment in sorted(firsts.items()):
        period = core_periods.quarter_period(year, quarter)
        result.append(AutoEvidence("risiko_kartu", _("Kartu Kendali %(period)s", period=period.label),
                                   RISK_CARDS_ENDPOINT, (("periode", period.key),), moment, period.start,
                                   period.end))
    for semester, quarters in ((1, (1, 2)), (2, (3, 4))):
        if all(q in firsts for q in quarters):
            period = core_periods.semester_period(year, semester)
            result.append(AutoEvidence("risiko_kartu", _("Kartu Kendali %(period)s", period=period.label),
                                       RISK_CARDS_ENDPOINT, (("periode", period.key),),
                                       max(firsts[q] for q in quarters), period.start, period.end))
    return result


@provider("risiko_uji", r"V\.4\.[24]b", label=_l("Daftar Uji Penyelenggaraan SPIP"))
def risk_checklist(session: Session, year: int) -> list[AutoEvidence]:
    """V.4.2b and V.4.4b (due in December): the year's Daftar Uji once every statement of it is answered,
    published at its last answer. It reports on the year (COVERS December)."""
    done = checklist_complete_at(session, year)
    if done is None:
        return []
    start, end = _year_bounds(year)
    return [AutoEvidence("risiko_uji", _("Daftar Uji Penyelenggaraan SPIP %(year)s", year=year),
                         RISK_CHECKLIST_ENDPOINT, (("tahun", year),), done, start, end)]


GRATIFICATION_RECAP_ENDPOINT = "gratification_public.detail"


@provider("gratifikasi", r"V\.1\.[12]", label=_l("Rekap laporan gratifikasi yang dipublikasikan"))
def gratification_recaps(session: Session, year: int, on: date | None = None) -> list[AutoEvidence]:
    """V.1 (pengendalian gratifikasi: the public campaign, "pengendalian gratifikasi telah
    diimplementasikan"): the public recap of gratification reports (/rekap/gratifikasi/<period>, numbers
    only; portal/gratification/views.py). Computed from the reports themselves, like the PPID report: one
    artefact per quarter and semester of `year` that has ended by `on`, and the year once it has ended,
    each published at the start of the next day (office time). COVERS: V.1's due periods are the semesters
    of "Januari - Desember", so the semester recap (or the year) is what covers one; the quarters link the
    figures for the reader. Hidden while the endpoint is not installed. Only once the register is in use (a
    report filed in `year`): an empty recap is no evidence that gratification is controlled."""
    from portal.gratification.models import GratificationReport

    on = on or today()
    in_use = select(GratificationReport.id).where(GratificationReport.year == year).limit(1)
    if session.scalar(in_use) is None:
        return []
    candidates = ([core_periods.quarter_period(year, q) for q in range(1, 5)]
                  + [core_periods.semester_period(year, s) for s in (1, 2)]
                  + [core_periods.year_period(year)])
    result = []
    for period in candidates:
        if period.end >= on:
            continue
        published = local_moment(period.end + timedelta(days=1), time(0, 0))
        title = _("Rekap laporan gratifikasi %(period)s", period=period.label)
        result.append(AutoEvidence("gratifikasi", title,
                                   GRATIFICATION_RECAP_ENDPOINT, (("period_key", period.key),), published,
                                   period.start, period.end))
    return result
