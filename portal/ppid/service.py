"""PPID rules, request-free: the Daftar Informasi Publik (DIP) and the list of exempted information.

Every save of an entry keeps the values it had before as a revision (`DipRevision`, `ExemptionRevision`)
and adds one audit row (ids, versions and codes only). Withdrawing hides an entry from the public pages and
the API; its history stays. A berkala entry whose information was last updated more than six months ago is
out of date (`is_out_of_date`, `out_of_date_clause`): staff see it marked and can filter on it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from portal.core import audit, site_settings
from portal.core.errors import DomainError
from portal.core.models.base import utcnow
from portal.core.tables import Column, Table
from portal.ppid.models import (
    CATEGORIES,
    PASAL_17_GROUNDS,
    STATUS_ACTIVE,
    STATUS_WITHDRAWN,
    DipDocument,
    DipEntry,
    DipRevision,
    Exemption,
    ExemptionRevision,
)

CATEGORY_LABELS = {
    "berkala": _l("Informasi berkala"),
    "serta_merta": _l("Informasi serta merta"),
    "setiap_saat": _l("Informasi tersedia setiap saat"),
}
CATEGORY_HINTS = {
    "berkala": _l("Diumumkan secara rutin, paling lambat setiap enam bulan sekali."),
    "serta_merta": _l("Diumumkan segera karena menyangkut hajat hidup orang banyak dan ketertiban umum."),
    "setiap_saat": _l("Tersedia setiap saat dan dapat dimohon oleh siapa pun."),
}
STATUS_LABELS = {STATUS_ACTIVE: _l("Terbit"), STATUS_WITHDRAWN: _l("Ditarik")}

# UU 14/2008 Pasal 17: the grounds on which information may be exempted, with their short descriptions.
PASAL_17 = {
    "a": _l("menghambat proses penegakan hukum"),
    "b": _l("mengganggu perlindungan hak atas kekayaan intelektual dan dari persaingan usaha tidak sehat"),
    "c": _l("membahayakan pertahanan dan keamanan negara"),
    "d": _l("mengungkapkan kekayaan alam Indonesia"),
    "e": _l("merugikan ketahanan ekonomi nasional"),
    "f": _l("merugikan kepentingan hubungan luar negeri"),
    "g": _l("mengungkapkan isi akta otentik yang bersifat pribadi dan kemauan terakhir atau wasiat "
            "seseorang"),
    "h": _l("mengungkap rahasia pribadi"),
    "i": _l("memorandum atau surat antar atau intra badan publik yang menurut sifatnya dirahasiakan"),
    "j": _l("informasi yang tidak boleh diungkapkan berdasarkan undang-undang"),
}
assert tuple(PASAL_17) == PASAL_17_GROUNDS

UPDATE_MONTHS = 6  # a berkala entry is published at least every six months (UU 14/2008 Pasal 9)
PER_PAGE = 20
MAX_TITLE = 255
MAX_LINE = 255
MAX_TEXT = 5000
MAX_URL = 500
MIN_YEAR, MAX_YEAR = 2000, 2100

DIP_FIELDS = ("category", "title", "summary", "holder", "responsible", "origin", "formats", "retention",
              "year", "updated_on", "link_url")
EXEMPTION_FIELDS = ("title", "ground", "legal_basis", "consequence", "period", "decided_on")
_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)


# --- dates ----------------------------------------------------------------------------------------------
def months_before(day: date, months: int) -> date:
    """`day` moved back `months` calendar months (the last day of a shorter month when needed)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def stale_before(today: date) -> date:
    """Berkala entries last updated before this day are out of date."""
    return months_before(today, UPDATE_MONTHS)


def is_out_of_date(entry: DipEntry, today: date) -> bool:
    return entry.category == "berkala" and entry.is_active and entry.updated_on < stale_before(today)


def out_of_date_clause(today: date):
    return (DipEntry.category == "berkala") & (DipEntry.status == STATUS_ACTIVE) & (
        DipEntry.updated_on < stale_before(today))


# --- the lists ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DipFilters:
    """The filters of the DIP lists (public and staff): `cari`, `kategori`, `tahun`, and for staff `status`
    and `terlambat` (out of date)."""

    search: str = ""
    category: str | None = None
    year: int | None = None
    status: str | None = STATUS_ACTIVE  # None: every status (staff)
    out_of_date: bool = False

    def to_args(self) -> dict[str, Any]:
        args: dict[str, Any] = {}
        if self.search:
            args["cari"] = self.search
        if self.category:
            args["kategori"] = self.category
        if self.year:
            args["tahun"] = self.year
        if self.out_of_date:
            args["terlambat"] = 1
        return args


def parse_filters(args: dict[str, str], *, staff: bool = False) -> tuple[DipFilters, list[str]]:
    """Filters from query arguments; the names of the arguments whose value means nothing."""
    errors = []
    search = (args.get("cari") or "").strip()[:100]
    category = (args.get("kategori") or "").strip() or None
    if category is not None and category not in CATEGORIES:
        errors.append("kategori")
        category = None
    year = None
    raw_year = (args.get("tahun") or "").strip()
    if raw_year:
        if re.fullmatch(r"[0-9]{4}", raw_year, re.ASCII) and MIN_YEAR <= int(raw_year) <= MAX_YEAR:
            year = int(raw_year)
        else:
            errors.append("tahun")
    status: str | None = STATUS_ACTIVE
    out_of_date = False
    if staff:
        status = (args.get("status") or "").strip() or None
        if status is not None and status not in (STATUS_ACTIVE, STATUS_WITHDRAWN):
            errors.append("status")
            status = None
        out_of_date = (args.get("terlambat") or "").strip() in ("1", "ya")
    return DipFilters(search, category, year, status, out_of_date), errors


def dip_query(filters: DipFilters, today: date) -> Select:
    stmt = select(DipEntry)
    if filters.status:
        stmt = stmt.where(DipEntry.status == filters.status)
    if filters.category:
        stmt = stmt.where(DipEntry.category == filters.category)
    if filters.year:
        stmt = stmt.where(DipEntry.year == filters.year)
    if filters.out_of_date:
        stmt = stmt.where(out_of_date_clause(today))
    if filters.search:
        escaped = filters.search.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        stmt = stmt.where(or_(*(func.lower(column).like(pattern, escape="\\") for column in (
            DipEntry.title, DipEntry.summary, DipEntry.holder))))
    return stmt.order_by(DipEntry.year.desc(), DipEntry.category, DipEntry.title, DipEntry.id)


def dip_years(session: Session) -> list[int]:
    return list(session.scalars(select(DipEntry.year).where(DipEntry.status == STATUS_ACTIVE)
                                .distinct().order_by(DipEntry.year.desc())))


def count_out_of_date(session: Session, today: date) -> int:
    return session.scalar(select(func.count(DipEntry.id)).where(out_of_date_clause(today))) or 0


def published_entry(session: Session, entry_id: int) -> DipEntry | None:
    entry = session.get(DipEntry, entry_id)
    return entry if entry is not None and entry.is_active else None


def exemptions(session: Session, *, include_withdrawn: bool = False) -> list[Exemption]:
    stmt = select(Exemption).order_by(Exemption.ground, Exemption.title, Exemption.id)
    if not include_withdrawn:
        stmt = stmt.where(Exemption.status == STATUS_ACTIVE)
    return list(session.scalars(stmt))


# --- checking values ------------------------------------------------------------------------------------
def _text(values: dict[str, Any], key: str, limit: int) -> str:
    value = str(values.get(key) or "").strip()
    if len(value) > limit:
        raise DomainError("Isian terlalu panjang: paling banyak %(n)s karakter.", n=limit)
    return value


def clean_dip(values: dict[str, Any]) -> dict[str, Any]:
    category = values.get("category")
    if category not in CATEGORIES:
        raise DomainError("Pilih kategori informasi: berkala, serta merta atau tersedia setiap saat.")
    year = values.get("year")
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise DomainError("Tahun harus antara %(low)s dan %(high)s.", low=MIN_YEAR, high=MAX_YEAR)
    updated_on = values.get("updated_on")
    if not isinstance(updated_on, date):
        raise DomainError("Tanggal pemutakhiran wajib diisi.")
    clean = {"category": category, "year": year, "updated_on": updated_on,
             "title": _text(values, "title", MAX_TITLE), "summary": _text(values, "summary", MAX_TEXT)}
    for key in ("holder", "responsible", "origin", "formats", "retention"):
        clean[key] = _text(values, key, MAX_LINE)
    clean["link_url"] = _text(values, "link_url", MAX_URL)
    if not clean["title"]:
        raise DomainError("Judul informasi wajib diisi.")
    if not clean["summary"]:
        raise DomainError("Ringkasan isi informasi wajib diisi.")
    if not clean["holder"]:
        raise DomainError("Unit atau pejabat yang menguasai informasi wajib diisi.")
    if not clean["responsible"]:
        raise DomainError("Penanggung jawab informasi wajib diisi.")
    if clean["link_url"] and not _URL.fullmatch(clean["link_url"]):
        raise DomainError("Tautan dokumen harus alamat web lengkap yang diawali http:// atau https://.")
    return clean


def clean_exemption(values: dict[str, Any]) -> dict[str, Any]:
    ground = values.get("ground")
    if ground not in PASAL_17_GROUNDS:
        raise DomainError("Pilih dasar pengecualian: salah satu huruf Pasal 17 (a sampai j).")
    decided_on = values.get("decided_on")
    if not isinstance(decided_on, date):
        raise DomainError("Tanggal penetapan wajib diisi.")
    clean = {"ground": ground, "decided_on": decided_on, "title": _text(values, "title", MAX_TITLE),
             "legal_basis": _text(values, "legal_basis", MAX_LINE),
             "consequence": _text(values, "consequence", MAX_TEXT), "period": _text(values, "period", 120)}
    if not clean["title"]:
        raise DomainError("Informasi yang dikecualikan wajib diisi.")
    if not clean["consequence"]:
        raise DomainError("Konsekuensi bila informasi dibuka wajib diisi.")
    if not clean["period"]:
        raise DomainError("Jangka waktu pengecualian wajib diisi.")
    return clean


def _snapshot(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    values = {}
    for name in (*fields, "status"):
        value = getattr(obj, name)
        values[name] = value.isoformat() if isinstance(value, date) else value
    return values


def _changed(obj: Any, clean: dict[str, Any]) -> list[str]:
    return sorted(name for name, value in clean.items() if getattr(obj, name) != value)


# --- writes ---------------------------------------------------------------------------------------------
def _add_documents(entry: DipEntry, prepared) -> int:
    """Attach files already checked and cleaned (core/attachments.py PreparedFile)."""
    for item in prepared:
        entry.documents.append(DipDocument(
            original_name=item.display_name, content_type=item.content_type, size=item.size,
            sha256=item.sha256, data=item.data))
    return len(prepared)


def create_dip(session: Session, values: dict[str, Any], actor, documents=()) -> DipEntry:
    """A new entry; `documents`: files already checked and cleaned (core/attachments.py PreparedFile)."""
    entry = DipEntry(**clean_dip(values), status=STATUS_ACTIVE, version=1)
    session.add(entry)
    added = _add_documents(entry, documents)
    session.flush()
    audit.record(session, actor, "ppid.dip.create", entry, category=entry.category, version=1, files=added)
    return entry


def _keep_revision(session: Session, obj: Any, revision_class, key: str, fields, actor) -> None:
    session.add(revision_class(**{key: obj.id}, version=obj.version, values=_snapshot(obj, fields),
                               author_id=getattr(actor, "id", None)))


def _new_version(session: Session, obj: Any, revision_class, key: str, fields, actor,
                 changes: dict[str, Any]) -> None:
    """Keep the current values as a revision, then apply `changes` as the next version (edit or withdraw)."""
    _keep_revision(session, obj, revision_class, key, fields, actor)
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.version += 1
    obj.changed_at = utcnow()


def update_dip(session: Session, entry: DipEntry, values: dict[str, Any], actor, documents=()) -> DipEntry:
    clean = clean_dip(values)
    changed = _changed(entry, clean) + (["documents"] if documents else [])
    if not changed:
        raise DomainError("Tidak ada perubahan untuk disimpan.")
    _new_version(session, entry, DipRevision, "entry_id", DIP_FIELDS, actor, clean)
    added = _add_documents(entry, documents)
    audit.record(session, actor, "ppid.dip.update", entry, version=entry.version, changed=changed,
                 files=added)
    return entry


def remove_document(session: Session, document: DipDocument, actor) -> DipDocument:
    """Hide a document from the public pages; the row and the file stay (history)."""
    if document.removed_at is not None:
        raise DomainError("Dokumen ini sudah dihapus dari daftar.")
    document.removed_at = utcnow()
    audit.record(session, actor, "ppid.dip.document_remove", document, entry_id=document.entry_id)
    return document


def public_document(session: Session, entry_id: int, document_id: int) -> DipDocument | None:
    document = session.get(DipDocument, document_id)
    if document is None or document.entry_id != entry_id or document.removed_at is not None:
        return None
    return document if document.entry.is_active else None


def withdraw_dip(session: Session, entry: DipEntry, actor) -> DipEntry:
    if not entry.is_active:
        raise DomainError("Informasi ini sudah ditarik.")
    _new_version(session, entry, DipRevision, "entry_id", DIP_FIELDS, actor, {"status": STATUS_WITHDRAWN})
    audit.record(session, actor, "ppid.dip.withdraw", entry, version=entry.version)
    return entry


def create_exemption(session: Session, values: dict[str, Any], actor) -> Exemption:
    item = Exemption(**clean_exemption(values), status=STATUS_ACTIVE, version=1)
    session.add(item)
    session.flush()
    audit.record(session, actor, "ppid.exemption.create", item, code=item.ground, version=1)
    return item


def update_exemption(session: Session, item: Exemption, values: dict[str, Any], actor) -> Exemption:
    clean = clean_exemption(values)
    changed = _changed(item, clean)
    if not changed:
        raise DomainError("Tidak ada perubahan untuk disimpan.")
    _new_version(session, item, ExemptionRevision, "exemption_id", EXEMPTION_FIELDS, actor, clean)
    audit.record(session, actor, "ppid.exemption.update", item, version=item.version, changed=changed)
    return item


def withdraw_exemption(session: Session, item: Exemption, actor) -> Exemption:
    if not item.is_active:
        raise DomainError("Pengecualian ini sudah ditarik.")
    _new_version(session, item, ExemptionRevision, "exemption_id", EXEMPTION_FIELDS, actor,
                 {"status": STATUS_WITHDRAWN})
    audit.record(session, actor, "ppid.exemption.withdraw", item, version=item.version)
    return item


# --- JSON -----------------------------------------------------------------------------------------------
def dip_to_dict(entry: DipEntry, detail_url: str, document_url) -> dict[str, Any]:
    return {
        "id": entry.id, "category": entry.category, "title": entry.title, "summary": entry.summary,
        "holder": entry.holder, "responsible": entry.responsible, "origin": entry.origin,
        "formats": entry.formats, "retention": entry.retention, "year": entry.year,
        "updated_on": entry.updated_on.isoformat(), "link_url": entry.link_url or None, "url": detail_url,
        "documents": [{"name": d.original_name, "content_type": d.content_type, "size": d.size,
                       "url": document_url(entry.id, d.id)} for d in entry.current_documents],
    }


def exemption_to_dict(item: Exemption) -> dict[str, Any]:
    return {
        "id": item.id, "title": item.title, "ground": item.ground,
        "ground_description": str(PASAL_17[item.ground]), "legal_basis": item.legal_basis,
        "consequence": item.consequence, "period": item.period, "decided_on": item.decided_on.isoformat(),
    }


# --- open formats (portal/core/tables.py) -------------------------------------------------------------
# /ppid/dip.csv|.xlsx (the entries the page lists for the same filters, every page of them) and
# /ppid/dikecualikan.csv|.xlsx. Published entries only: a withdrawn one is never in a file.
DIP_TABLE = "daftar_informasi_publik"
EXEMPTION_TABLE = "informasi_dikecualikan"


def dip_table(entries: list[DipEntry], detail_url, document_url) -> Table:
    """The DIP as an open table; `detail_url(entry)` and `document_url(entry_id, document_id)` give the
    absolute links (the view builds them). Codes stay codes; `category_label` follows the reader's
    language."""
    table = Table(DIP_TABLE, _l("Daftar Informasi Publik"), [
        Column("id", _l("ID"), 6), Column("category", _l("Kode kategori"), 12),
        Column("category_label", _l("Kategori"), 24), Column("title", _l("Judul informasi"), 40),
        Column("summary", _l("Ringkasan isi informasi"), 50),
        Column("holder", _l("Unit/pejabat yang menguasai informasi"), 28),
        Column("responsible", _l("Penanggung jawab"), 24),
        Column("origin", _l("Waktu dan tempat pembuatan"), 24),
        Column("formats", _l("Bentuk informasi yang tersedia"), 24),
        Column("retention", _l("Jangka waktu penyimpanan"), 20), Column("year", _l("Tahun"), 8),
        Column("updated_on", _l("Tanggal pemutakhiran"), 14), Column("link_url", _l("Tautan dokumen"), 30),
        Column("url", _l("Halaman informasi"), 30), Column("document_urls", _l("Dokumen"), 40)])
    for entry in entries:
        if not entry.is_active:  # never published in a file, whatever the caller passed
            continue
        table.add(entry.id, entry.category, CATEGORY_LABELS[entry.category], entry.title, entry.summary,
                  entry.holder, entry.responsible, entry.origin, entry.formats, entry.retention, entry.year,
                  entry.updated_on.isoformat(), entry.link_url or None, detail_url(entry),
                  " ".join(document_url(entry.id, d.id) for d in entry.current_documents) or None)
    return table


def exemption_table(items: list[Exemption]) -> Table:
    """The list of exempted information (items in force) as an open table."""
    table = Table(EXEMPTION_TABLE, _l("Informasi yang dikecualikan"), [
        Column("id", _l("ID"), 6), Column("title", _l("Informasi yang dikecualikan"), 40),
        Column("ground", _l("Pasal 17 huruf"), 10),
        Column("ground_description", _l("Dasar pengecualian"), 40),
        Column("legal_basis", _l("Dasar hukum lain"), 24),
        Column("consequence", _l("Konsekuensi bila dibuka"), 50),
        Column("period", _l("Jangka waktu pengecualian"), 20),
        Column("decided_on", _l("Tanggal penetapan"), 14)])
    for item in items:
        if not item.is_active:
            continue
        table.add(item.id, item.title, item.ground, PASAL_17[item.ground], item.legal_basis or None,
                  item.consequence, item.period, item.decided_on.isoformat())
    return table


# --- the /ppid page -------------------------------------------------------------------------------------
# The PPID's texts on /ppid: office settings (table `settings`), edited by an admin on /admin/pengaturan
# (portal/core/site_settings.py holds their labels, defaults and limits; the form audits every change).
PROFILE_KEYS = ("ppid_officer", "ppid_superior", "ppid_hours", "ppid_email", "ppid_copy_cost")
PROFILE_DEFAULTS = {key: site_settings.DEFAULTS[key][1] for key in PROFILE_KEYS}
# An empty PPID value that falls back on the office's own setting rather than on a default text.
PROFILE_FALLBACKS = {"ppid_hours": "office_hours", "ppid_email": "office_email"}


def profile(settings: dict[str, str]) -> dict[str, str]:
    """The /ppid page's configurable texts, from the office settings (`get_cached`): a saved value, else the
    office's own hours or e-mail (PROFILE_FALLBACKS), else the default."""
    result = {}
    for key in PROFILE_KEYS:
        value = (settings.get(key) or "").strip()
        if not value and key in PROFILE_FALLBACKS:
            value = (settings.get(PROFILE_FALLBACKS[key]) or "").strip()
        result[key] = value or PROFILE_DEFAULTS[key]
    return result
