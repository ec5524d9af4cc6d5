"""Standar pelayanan (PermenPAN-RB 15/2014): services, revisions of their 14-component standards.

Rules kept here:
- A revision holds all 14 components as Markdown text, an effective date (tanggal berlaku), a note,
  its author and an `is_sample` flag. Drafts can be edited or deleted; published revisions are
  immutable history.
- The standard in force for a service on a day is its latest published revision whose effective
  date is on or before that day (ties: the higher revision number). A published revision with a
  future date waits until its day.
- A revision cannot be published with an effective date earlier than the latest already published
  one: it would never come into force and would make the history misleading.
- Every write records an audit row.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.core import audit
from portal.core.clock import today
from portal.core.errors import DomainError
from portal.core.models.base import utcnow
from portal.standards.models import (
    STATUS_DRAFT,
    STATUS_PUBLISHED,
    Service,
    ServiceStandardComponent,
    ServiceStandardRevision,
)

GROUP_DELIVERY = "penyampaian"
GROUP_MANUFACTURING = "pengelolaan"
GROUPS: tuple[tuple[str, str], ...] = (
    (GROUP_DELIVERY, _l("Penyampaian Pelayanan (service delivery)")),
    (GROUP_MANUFACTURING, _l("Pengelolaan Pelayanan (manufacturing)")),
)


@dataclass(frozen=True)
class Component:
    key: str
    label: str
    group: str
    required: bool = False
    hint: str = ""  # what the component holds (paraphrasing the regulation), shown under the form field


# The 14 components in the order of PermenPAN-RB 15/2014. Keys shared with the SKM unsur
# (persyaratan, prosedur, waktu, biaya, produk, pengaduan, sarana, kompetensi) on purpose.
# Required: the six delivery components, the part of the standard the public relies on.
COMPONENTS: tuple[Component, ...] = (
    Component(
        "persyaratan", _l("Persyaratan"), GROUP_DELIVERY, True,
        _l("Syarat dokumen atau hal lain yang harus dipenuhi untuk memperoleh layanan, "
           "baik teknis maupun administratif."),
    ),
    Component(
        "prosedur", _l("Sistem, mekanisme dan prosedur"), GROUP_DELIVERY, True,
        _l("Tata cara pelayanan yang dibakukan bagi pemberi dan penerima layanan, langkah demi langkah."),
    ),
    Component(
        "waktu", _l("Jangka waktu pelayanan"), GROUP_DELIVERY, True,
        _l("Waktu yang diperlukan untuk menyelesaikan seluruh proses pelayanan."),
    ),
    Component(
        "biaya", _l("Biaya/tarif"), GROUP_DELIVERY, True,
        _l("Ongkos yang dikenakan kepada penerima layanan; "
           "tulis \u201cTidak dipungut biaya (gratis)\u201d bila tidak ada."),
    ),
    Component(
        "produk", _l("Produk pelayanan"), GROUP_DELIVERY, True,
        _l("Hasil pelayanan yang diberikan dan diterima."),
    ),
    Component(
        "pengaduan", _l("Penanganan pengaduan, saran dan masukan"), GROUP_DELIVERY, True,
        _l("Tata cara menyampaikan dan menangani pengaduan, saran dan masukan, serta tindak lanjutnya."),
    ),
    Component(
        "dasar_hukum", _l("Dasar hukum"), GROUP_MANUFACTURING, False,
        _l("Peraturan perundang-undangan yang menjadi dasar penyelenggaraan pelayanan."),
    ),
    Component(
        "sarana", _l("Sarana dan prasarana dan/atau fasilitas"), GROUP_MANUFACTURING, False,
        _l("Peralatan dan fasilitas yang diperlukan, "
           "termasuk bagi penyandang disabilitas dan kelompok rentan."),
    ),
    Component(
        "kompetensi", _l("Kompetensi pelaksana"), GROUP_MANUFACTURING, False,
        _l("Kemampuan yang harus dimiliki pelaksana: pengetahuan, keahlian, keterampilan dan pengalaman."),
    ),
    Component(
        "pengawasan", _l("Pengawasan internal"), GROUP_MANUFACTURING, False,
        _l("Pengendalian oleh atasan langsung dan aparat pengawasan intern."),
    ),
    Component(
        "jumlah_pelaksana", _l("Jumlah pelaksana"), GROUP_MANUFACTURING, False,
        _l("Jumlah pelaksana sesuai beban kerja."),
    ),
    Component(
        "jaminan_pelayanan", _l("Jaminan pelayanan"), GROUP_MANUFACTURING, False,
        _l("Kepastian bahwa pelayanan dilaksanakan sesuai standar (misalnya maklumat pelayanan)."),
    ),
    Component(
        "jaminan_keamanan", _l("Jaminan keamanan dan keselamatan pelayanan"), GROUP_MANUFACTURING, False,
        _l("Kepastian rasa aman, bebas dari bahaya, risiko dan keragu-raguan, "
           "termasuk perlindungan data pribadi."),
    ),
    Component(
        "evaluasi", _l("Evaluasi kinerja pelaksana"), GROUP_MANUFACTURING, False,
        _l("Penilaian kinerja pelaksana dan kesesuaian pelayanan dengan standar "
           "(misalnya SKM dan reviu berkala)."),
    ),
)
COMPONENT_KEYS: tuple[str, ...] = tuple(c.key for c in COMPONENTS)
COMPONENTS_BY_KEY: dict[str, Component] = {c.key: c for c in COMPONENTS}
REQUIRED_KEYS: tuple[str, ...] = tuple(c.key for c in COMPONENTS if c.required)

MAX_COMPONENT_LENGTH = 20_000
MAX_NOTE_LENGTH = 1_000
MAX_NAME_LENGTH = 160
MAX_SLUG_LENGTH = 80
MIN_EFFECTIVE_DATE = date(2000, 1, 1)
MAX_EFFECTIVE_DATE = date(2100, 12, 31)
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Revision states as seen on a given day.
STATE_DRAFT = "draft"
STATE_CURRENT = "berlaku"
STATE_UPCOMING = "akan_berlaku"
STATE_SUPERSEDED = "tidak_berlaku"
STATE_LABELS = {
    STATE_DRAFT: _l("Draf"),
    STATE_CURRENT: _l("Berlaku"),
    STATE_UPCOMING: _l("Akan berlaku"),
    STATE_SUPERSEDED: _l("Tidak berlaku lagi"),
}


def grouped_components() -> list[tuple[str, str, list[Component]]]:
    """[(group key, group label, [components...]), ...] in regulation order."""
    return [(key, label, [c for c in COMPONENTS if c.group == key]) for key, label in GROUPS]


# ---------------------------------------------------------------------------------------------
# Services (jenis layanan)
# ---------------------------------------------------------------------------------------------

def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:MAX_SLUG_LENGTH].strip("-")


def get_service(session: Session, slug: str) -> Service | None:
    return session.scalar(select(Service).where(Service.slug == slug))


def list_services(session: Session, *, active_only: bool = False) -> list[Service]:
    query = select(Service).order_by(Service.order, Service.name)
    if active_only:
        query = query.where(Service.active.is_(True))
    return list(session.scalars(query))


def _clean_service_fields(name: str, description: str, order: int | None) -> tuple[str, str, int | None]:
    name = " ".join((name or "").split())
    if not name:
        raise DomainError("Nama layanan wajib diisi.")
    if len(name) > MAX_NAME_LENGTH:
        raise DomainError("Nama layanan paling banyak %(n)s karakter.", n=MAX_NAME_LENGTH)
    description = (description or "").replace("\r\n", "\n").strip()
    if len(description) > MAX_COMPONENT_LENGTH:
        raise DomainError("Deskripsi layanan terlalu panjang.")
    if order is not None and not (0 <= order <= 10_000):
        raise DomainError("Urutan harus bilangan 0 sampai 10000.")
    return name, description, order


def create_service(
    session: Session,
    *,
    name: str,
    slug: str | None = None,
    description: str = "",
    active: bool = True,
    order: int | None = None,
    actor: User | None = None,
) -> Service:
    name, description, order = _clean_service_fields(name, description, order)
    slug = (slug or "").strip().lower() or slugify(name)
    if not slug or not SLUG_RE.match(slug) or len(slug) > MAX_SLUG_LENGTH:
        raise DomainError(
            "Slug hanya boleh berisi huruf kecil, angka dan tanda hubung (contoh: layanan-ppid).")
    if get_service(session, slug) is not None:
        raise DomainError("Slug \u201c%(slug)s\u201d sudah dipakai layanan lain.", slug=slug)
    if order is None:
        order = (session.scalar(select(func.max(Service.order))) or 0) + 10
    service = Service(slug=slug, name=name, description=description, active=active, order=order)
    session.add(service)
    session.flush()
    audit.record(session, actor, "service.create", service, slug=slug, active=active, order=order)
    return service


def update_service(
    session: Session,
    service: Service,
    *,
    name: str,
    description: str = "",
    active: bool = True,
    order: int | None = None,
    actor: User | None = None,
) -> Service:
    """Change name, description, order, active. The slug stays: public links must not break."""
    name, description, order = _clean_service_fields(name, description, order)
    changed = {}
    for attr, value in (("name", name), ("description", description), ("active", active), ("order", order)):
        if value is None:
            continue
        if getattr(service, attr) != value:
            setattr(service, attr, value)
            changed[attr] = value
    if changed:
        audit.record(session, actor, "service.update", service, changed=sorted(changed),
                     **{k: v for k, v in changed.items() if k in ("active", "order")})
    return service


# ---------------------------------------------------------------------------------------------
# Revisions
# ---------------------------------------------------------------------------------------------

def clean_components(texts: dict[str, str | None]) -> dict[str, str]:
    """Normalise the 14 texts (line endings, outer blank space) and check the required ones."""
    cleaned = {}
    for key in COMPONENT_KEYS:
        value = (texts.get(key) or "").replace("\r\n", "\n").replace("\r", "\n").strip()
        if len(value) > MAX_COMPONENT_LENGTH:
            raise DomainError("Komponen \u201c%(label)s\u201d paling banyak %(n)s karakter.",
                              label=str(COMPONENTS_BY_KEY[key].label), n=MAX_COMPONENT_LENGTH)
        cleaned[key] = value
    unknown = set(texts) - set(COMPONENT_KEYS)
    if unknown:
        raise DomainError("Komponen tidak dikenal: %(keys)s", keys=", ".join(sorted(unknown)))
    missing = [str(COMPONENTS_BY_KEY[key].label) for key in REQUIRED_KEYS if not cleaned[key]]
    if missing:
        raise DomainError("Komponen wajib belum diisi: %(labels)s.", labels=", ".join(missing))
    return cleaned


def _check_effective_date(effective_date: date | None) -> date:
    if effective_date is None:
        raise DomainError("Tanggal berlaku wajib diisi.")
    if isinstance(effective_date, datetime) or not isinstance(effective_date, date):
        raise DomainError("Tanggal berlaku tidak valid.")
    if not (MIN_EFFECTIVE_DATE <= effective_date <= MAX_EFFECTIVE_DATE):
        raise DomainError("Tanggal berlaku di luar rentang yang wajar (tahun 2000 sampai 2100).")
    return effective_date


def _clean_note(note: str | None) -> str:
    note = (note or "").replace("\r\n", "\n").strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise DomainError("Catatan revisi paling banyak %(n)s karakter.", n=MAX_NOTE_LENGTH)
    return note


def _published(service: Service, *conditions):
    """The published revisions of `service` meeting `conditions` (a SELECT to order and limit)."""
    return select(ServiceStandardRevision).where(
        ServiceStandardRevision.service_id == service.id,
        ServiceStandardRevision.status == STATUS_PUBLISHED,
        *conditions,
    )


_LATEST_FIRST = (ServiceStandardRevision.effective_date.desc(), ServiceStandardRevision.number.desc())


def latest_published(session: Session, service: Service) -> ServiceStandardRevision | None:
    """The published revision with the latest effective date, whether or not it is in force yet."""
    return session.scalar(_published(service).order_by(*_LATEST_FIRST).limit(1))


def latest_revision(session: Session, service: Service) -> ServiceStandardRevision | None:
    """The most recently created revision (any status): the starting point of a new one."""
    return session.scalar(
        select(ServiceStandardRevision)
        .where(ServiceStandardRevision.service_id == service.id)
        .order_by(ServiceStandardRevision.number.desc())
        .limit(1)
    )


def current_revision(
    session: Session, service: Service, on: date | None = None,
) -> ServiceStandardRevision | None:
    """The standard in force on `on` (default today at the office, portal/core/clock.py)."""
    on = on or today()
    in_force = _published(service, ServiceStandardRevision.effective_date <= on)
    return session.scalar(in_force.order_by(*_LATEST_FIRST).limit(1))


def get_revision(session: Session, service: Service, number: int) -> ServiceStandardRevision | None:
    return session.scalar(
        select(ServiceStandardRevision).where(
            ServiceStandardRevision.service_id == service.id, ServiceStandardRevision.number == number,
        )
    )


def _check_publishable(session: Session, service: Service, effective_date: date) -> None:
    latest = latest_published(session, service)
    if latest is not None and effective_date < latest.effective_date:
        from portal.core.formatting import tanggal

        raise DomainError(
            "Tanggal berlaku tidak boleh lebih awal dari revisi yang sudah terbit "
            "(revisi ke-%(n)s, berlaku %(date)s).", n=latest.number, date=tanggal(latest.effective_date),
        )


def save_revision(
    session: Session,
    service: Service,
    *,
    components: dict[str, str | None],
    effective_date: date | None,
    note: str = "",
    is_sample: bool = False,
    publish: bool = False,
    actor: User | None = None,
) -> ServiceStandardRevision:
    """Create the next revision of `service` as a draft, or published straight away.

    Validates everything first; on a DomainError nothing has been added to the session.
    """
    texts = clean_components(components)
    effective_date = _check_effective_date(effective_date)
    note = _clean_note(note)
    if publish:
        _check_publishable(session, service, effective_date)
    # Serialise revision numbering per service (row lock on PostgreSQL; SQLite locks the database).
    session.execute(select(Service.id).where(Service.id == service.id).with_for_update())
    highest = select(func.max(ServiceStandardRevision.number)).where(
        ServiceStandardRevision.service_id == service.id)
    number = (session.scalar(highest) or 0) + 1
    revision = ServiceStandardRevision(
        service=service, number=number, effective_date=effective_date, status=STATUS_DRAFT, note=note,
        is_sample=bool(is_sample), author_id=actor.id if actor is not None else None,
        components=[ServiceStandardComponent(key=key, body=texts[key]) for key in COMPONENT_KEYS],
    )
    session.add(revision)
    session.flush()
    audit.record(
        session, actor, "standard.revision.create", revision, service=service.slug, number=number,
        effective_date=effective_date.isoformat(), is_sample=revision.is_sample,
    )
    if publish:
        _publish(session, revision, actor)
    return revision


def update_draft(
    session: Session,
    revision: ServiceStandardRevision,
    *,
    components: dict[str, str | None],
    effective_date: date | None,
    note: str = "",
    is_sample: bool = False,
    publish: bool = False,
    actor: User | None = None,
) -> ServiceStandardRevision:
    """Change a draft; with `publish` it is published at once (the same checks as `publish`)."""
    if revision.status != STATUS_DRAFT:
        raise DomainError("Revisi yang sudah terbit tidak dapat diubah. Buat revisi baru.")
    texts = clean_components(components)
    effective_date = _check_effective_date(effective_date)
    note = _clean_note(note)
    if publish:
        _check_publishable(session, revision.service, effective_date)
    old = revision.texts
    changed_keys = [key for key in COMPONENT_KEYS if old.get(key, "") != texts[key]]
    by_key = {c.key: c for c in revision.components}
    for key in COMPONENT_KEYS:
        if key in by_key:
            by_key[key].body = texts[key]
        else:
            revision.components.append(ServiceStandardComponent(key=key, body=texts[key]))
    revision.effective_date = effective_date
    revision.note = note
    revision.is_sample = bool(is_sample)
    audit.record(
        session, actor, "standard.revision.update", revision, service=revision.service.slug,
        number=revision.number, effective_date=effective_date.isoformat(), components=changed_keys,
    )
    if publish:
        _publish(session, revision, actor)
    return revision


def _publish(session: Session, revision: ServiceStandardRevision, actor: User | None) -> None:
    revision.status = STATUS_PUBLISHED
    revision.published_at = utcnow()
    audit.record(
        session, actor, "standard.publish", revision, service=revision.service.slug, number=revision.number,
        effective_date=revision.effective_date.isoformat(),
    )


def publish(
    session: Session, revision: ServiceStandardRevision, *, actor: User | None = None,
) -> ServiceStandardRevision:
    if revision.status == STATUS_PUBLISHED:
        raise DomainError("Revisi ini sudah terbit.")
    clean_components(revision.texts)  # a draft saved before a rule change must still be complete
    _check_publishable(session, revision.service, revision.effective_date)
    _publish(session, revision, actor)
    return revision


def delete_draft(session: Session, revision: ServiceStandardRevision, *, actor: User | None = None) -> None:
    if revision.status != STATUS_DRAFT:
        raise DomainError(
            "Revisi yang sudah terbit tidak dapat dihapus; revisi tetap tercatat sebagai riwayat.")
    audit.record(
        session, actor, "standard.revision.delete", revision, service=revision.service.slug,
        number=revision.number,
    )
    session.delete(revision)


# ---------------------------------------------------------------------------------------------
# Reading: history and the public overview
# ---------------------------------------------------------------------------------------------

@dataclass
class HistoryEntry:
    revision: ServiceStandardRevision
    state: str
    changed: list[str] = field(default_factory=list)  # component keys that differ from the previous revision

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def changed_labels(self) -> list[str]:
        return [str(COMPONENTS_BY_KEY[key].label) for key in self.changed]


def revision_state(
    revision: ServiceStandardRevision, current: ServiceStandardRevision | None, on: date,
) -> str:
    if revision.status != STATUS_PUBLISHED:
        return STATE_DRAFT
    if current is not None and revision.id == current.id:
        return STATE_CURRENT
    if revision.effective_date > on:
        return STATE_UPCOMING
    return STATE_SUPERSEDED


def changed_components(old: ServiceStandardRevision | None, new: ServiceStandardRevision) -> list[str]:
    """Keys of the components whose text differs between two revisions (all of them when `old` is None)."""
    new_texts = new.texts
    if old is None:
        return [key for key in COMPONENT_KEYS if new_texts.get(key)]
    old_texts = old.texts
    return [key for key in COMPONENT_KEYS if old_texts.get(key, "") != new_texts.get(key, "")]


def history(
    session: Session, service: Service, *, include_drafts: bool = False, on: date | None = None,
) -> list[HistoryEntry]:
    """Revisions newest first, each with its state on `on` and what changed since the revision before it."""
    on = on or today()
    query = select(ServiceStandardRevision).where(ServiceStandardRevision.service_id == service.id)
    if not include_drafts:
        query = query.where(ServiceStandardRevision.status == STATUS_PUBLISHED)
    revisions = list(session.scalars(query.order_by(ServiceStandardRevision.number)))
    current = current_revision(session, service, on)
    entries = []
    previous = None
    for revision in revisions:
        state = revision_state(revision, current, on)
        entries.append(HistoryEntry(revision, state, changed_components(previous, revision)))
        previous = revision
    entries.reverse()
    return entries


@dataclass
class ServiceOverview:
    service: Service
    current: ServiceStandardRevision | None
    upcoming: ServiceStandardRevision | None  # the next published revision not yet in force


def upcoming_revision(
    session: Session, service: Service, on: date | None = None,
) -> ServiceStandardRevision | None:
    """The next published revision not yet in force on `on` (the earliest date; ties: the higher number)."""
    on = on or today()
    waiting = _published(service, ServiceStandardRevision.effective_date > on)
    soonest_first = (ServiceStandardRevision.effective_date, ServiceStandardRevision.number.desc())
    return session.scalar(waiting.order_by(*soonest_first).limit(1))


def public_overview(session: Session, on: date | None = None) -> list[ServiceOverview]:
    """Active services with a published standard (in force or coming), in display order. Two queries
    whatever the number of services: the services, then all their published revisions (with their
    components), picked here by the same rules as `current_revision` and `upcoming_revision`."""
    on = on or today()
    services = list_services(session, active_only=True)
    if not services:
        return []
    revisions = session.scalars(
        select(ServiceStandardRevision).where(
            ServiceStandardRevision.service_id.in_([service.id for service in services]),
            ServiceStandardRevision.status == STATUS_PUBLISHED,
        )
    ).all()
    current: dict[int, ServiceStandardRevision] = {}
    upcoming: dict[int, ServiceStandardRevision] = {}
    for revision in revisions:
        sid, rank = revision.service_id, (revision.effective_date, revision.number)
        if revision.effective_date <= on:  # in force: the latest date, ties the higher number
            best = current.get(sid)
            if best is None or rank > (best.effective_date, best.number):
                current[sid] = revision
        else:  # coming: the earliest date, ties the higher number
            best = upcoming.get(sid)
            if best is None or (rank[0], -rank[1]) < (best.effective_date, -best.number):
                upcoming[sid] = revision
    return [ServiceOverview(service, current.get(service.id), upcoming.get(service.id))
            for service in services if service.id in current or service.id in upcoming]


def rendered_components(revision: ServiceStandardRevision) -> dict[str, object]:
    """Component key -> sanitised HTML (Markup). Headings in a text sit under the h2 of its group."""
    from portal.core.markdown_render import render_markdown

    texts = revision.texts
    return {key: render_markdown(texts.get(key, ""), min_heading_level=3) for key in COMPONENT_KEYS}


# ---------------------------------------------------------------------------------------------
# Default content: the services a KPU Kabupaten office gives the public, as sample text to edit
# ---------------------------------------------------------------------------------------------

SAMPLE_EFFECTIVE_DATE = date(2026, 1, 2)


def load_default_standards(session: Session) -> str:
    """Add the sample services and their standards (published, marked as sample) when missing."""
    from portal.core import site_settings
    from portal.standards.samples import SAMPLE_SERVICES

    office = site_settings.get_all(session)
    added = []
    for sample in SAMPLE_SERVICES:
        if get_service(session, sample["slug"]) is not None:
            continue
        service = create_service(
            session, name=sample["name"], slug=sample["slug"], description=sample["description"],
            order=sample["order"],
        )
        texts = {key: body.format(**office).strip() for key, body in sample["components"].items()}
        save_revision(
            session, service, components=texts, effective_date=SAMPLE_EFFECTIVE_DATE,
            note="Contoh awal dari sistem; sesuaikan dengan standar pelayanan yang ditetapkan.",
            is_sample=True, publish=True,
        )
        added.append(service.slug)
    if not added:
        return "sudah lengkap"
    return f"{len(added)} layanan contoh ditambahkan ({', '.join(added)})"
