"""Content pages: create, revise, publish, unpublish, restore; default pages for `flask init`.

Rules:
- every save is a new revision with its author, time and note; revisions are never edited or deleted;
- the public page is the revision `Page.published_revision` points to; saving a draft does not move it;
- restoring an old revision copies it into a new (draft) revision, so history only grows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.content.models import Page, PageRevision
from portal.core import audit
from portal.core.errors import DomainError
from portal.core.formatting import angka
from portal.core.models.base import utcnow

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 80
TITLE_MAX = 200
NOTE_MAX = 255
BODY_MAX = 100_000


# ---------------------------------------------------------------- queries

def get_page(session: Session, page_id: int) -> Page | None:
    return session.get(Page, page_id)


def get_by_slug(session: Session, slug: str) -> Page | None:
    return session.scalar(select(Page).where(Page.slug == slug))


def get_published(session: Session, slug: str) -> tuple[Page, PageRevision] | None:
    """The page and its public revision, or None when the page is unknown or not published."""
    page = get_by_slug(session, slug)
    if page is None or not page.is_published or page.published_revision is None:
        return None
    return page, page.published_revision


def latest_revision(session: Session, page: Page) -> PageRevision | None:
    return session.scalar(revisions_query(page).limit(1))


def get_revision(session: Session, page: Page, revision_id: int) -> PageRevision | None:
    revision = session.get(PageRevision, revision_id)
    if revision is None or revision.page_id != page.id:
        return None
    return revision


def pages_query():
    return select(Page).order_by(Page.slug)


def revisions_query(page: Page):
    return select(PageRevision).where(PageRevision.page_id == page.id).order_by(PageRevision.number.desc())


# ---------------------------------------------------------------- validation

def validate_slug(slug: str) -> str:
    slug = (slug or "").strip()
    if not slug:
        raise DomainError("Slug wajib diisi.")
    if len(slug) > SLUG_MAX:
        raise DomainError("Slug paling panjang %(n)s karakter.", n=SLUG_MAX)
    if not SLUG_RE.match(slug):
        raise DomainError(
            "Slug hanya boleh berisi huruf kecil a–z, angka 0–9 dan tanda hubung (-), "
            "tidak diawali atau diakhiri tanda hubung, contoh: pedoman-wbs."
        )
    return slug


def _clean_fields(title: str, body: str, note: str) -> tuple[str, str, str]:
    title = (title or "").strip()
    body = (body or "").replace("\r\n", "\n").strip()
    note = (note or "").strip()
    if not title:
        raise DomainError("Judul wajib diisi.")
    if len(title) > TITLE_MAX:
        raise DomainError("Judul paling panjang %(n)s karakter.", n=TITLE_MAX)
    if not body:
        raise DomainError("Isi halaman wajib diisi.")
    if len(body) > BODY_MAX:
        raise DomainError("Isi halaman paling panjang %(n)s karakter.", n=angka(BODY_MAX))
    if len(note) > NOTE_MAX:
        raise DomainError("Catatan perubahan paling panjang %(n)s karakter.", n=NOTE_MAX)
    return title, body, note


# ---------------------------------------------------------------- writes

def _new_revision(
    session: Session, page: Page, title: str, body: str, note: str, actor: User | None,
) -> PageRevision:
    last = session.scalar(select(func.max(PageRevision.number)).where(PageRevision.page_id == page.id)) or 0
    revision = PageRevision(
        page=page, number=last + 1, title=title, body_markdown=body, note=note,
        author_id=actor.id if actor is not None else None, created_at=utcnow(),
    )
    session.add(revision)
    page.title = title
    page.updated_at = revision.created_at
    session.flush()
    return revision


def _same_text(revision: PageRevision | None, title: str, body: str) -> bool:
    return revision is not None and revision.title == title and revision.body_markdown == body


def _set_public_revision(session: Session, page: Page, revision: PageRevision | None) -> None:
    page.published_revision_id = revision.id if revision is not None else None
    session.flush()
    session.expire(page, ["published_revision"])  # view-only relationship: reload from the new id


def _check_own(page: Page, revision: PageRevision) -> None:
    if revision.page_id != page.id:
        raise DomainError("Revisi tidak ditemukan pada halaman ini.")


def _publish(session: Session, page: Page, revision: PageRevision) -> None:
    _check_own(page, revision)
    _set_public_revision(session, page, revision)
    page.status = "published"
    page.published_at = utcnow()


def create_page(
    session: Session, *, slug: str, title: str, body: str, note: str = "", actor: User | None,
    publish: bool = False,
) -> Page:
    slug = validate_slug(slug)
    title, body, note = _clean_fields(title, body, note)
    if get_by_slug(session, slug) is not None:
        raise DomainError("Slug sudah dipakai halaman lain. Pilih slug lain.")
    now = utcnow()
    page = Page(slug=slug, title=title, status="draft", created_at=now, updated_at=now)
    session.add(page)
    session.flush()
    revision = _new_revision(session, page, title, body, note or "Halaman dibuat", actor)
    audit.record(session, actor, "page.create", page, slug=slug, revision=revision.number)
    if publish:
        _publish(session, page, revision)
        audit.record(session, actor, "page.publish", page, slug=slug, revision=revision.number)
    return page


@dataclass
class SaveResult:
    revision: PageRevision | None  # None: nothing changed, nothing written
    published: bool


def save_revision(
    session: Session, page: Page, *, title: str, body: str, note: str = "", actor: User | None,
    publish: bool = False, base_revision_id: int | None = None,
) -> SaveResult:
    """Store an edit as a new revision; with `publish` it also becomes the public version.

    `base_revision_id` is the revision the editor started from: if someone saved in the meantime the
    edit is refused instead of silently overwriting their work.
    """
    title, body, note = _clean_fields(title, body, note)
    latest = latest_revision(session, page)
    if base_revision_id is not None and latest is not None and latest.id != base_revision_id:
        raise DomainError(
            "Halaman ini sudah diubah orang lain sejak Anda membukanya (revisi #%(n)s). "
            "Salin perubahan Anda, muat ulang halaman, lalu terapkan kembali.", n=latest.number,
        )
    if _same_text(latest, title, body):
        # Nothing new to store. "Simpan & terbitkan" still publishes the latest revision.
        if publish and page.published_revision_id != latest.id:
            _publish(session, page, latest)
            audit.record(session, actor, "page.publish", page, slug=page.slug, revision=latest.number)
            return SaveResult(latest, True)
        return SaveResult(None, False)
    revision = _new_revision(session, page, title, body, note, actor)
    audit.record(session, actor, "page.revise", page, slug=page.slug, revision=revision.number,
                 note=bool(note))
    if publish:
        _publish(session, page, revision)
        audit.record(session, actor, "page.publish", page, slug=page.slug, revision=revision.number)
    return SaveResult(revision, publish)


def publish_revision(session: Session, page: Page, revision: PageRevision, *, actor: User | None) -> None:
    _check_own(page, revision)
    if page.is_published and page.published_revision_id == revision.id:
        raise DomainError("Revisi ini sudah menjadi versi yang terbit.")
    _publish(session, page, revision)
    audit.record(session, actor, "page.publish", page, slug=page.slug, revision=revision.number)


def unpublish(session: Session, page: Page, *, actor: User | None) -> None:
    if not page.is_published:
        raise DomainError("Halaman ini memang belum terbit.")
    previous = page.published_revision.number if page.published_revision else None
    _set_public_revision(session, page, None)
    page.status = "draft"
    page.published_at = None
    audit.record(session, actor, "page.unpublish", page, slug=page.slug, revision=previous)


def restore_revision(
    session: Session, page: Page, revision: PageRevision, *, actor: User | None,
) -> PageRevision:
    """Copy an old revision into a new draft revision (history is kept; publish separately)."""
    _check_own(page, revision)
    latest = latest_revision(session, page)
    if _same_text(latest, revision.title, revision.body_markdown):
        raise DomainError("Isi revisi ini sama dengan revisi terbaru; tidak ada yang perlu dipulihkan.")
    note = f"Dipulihkan dari revisi #{revision.number}"  # stored with the revision, as written then
    restored = _new_revision(session, page, revision.title, revision.body_markdown, note, actor)
    audit.record(session, actor, "page.restore", page, slug=page.slug, revision=restored.number,
                 restored_from=revision.number)
    return restored


# ---------------------------------------------------------------- default pages

# slug -> title; the body is portal/data/halaman-<slug>.md with {office_name}-style placeholders.
DEFAULT_PAGES: dict[str, str] = {
    "maklumat": "Maklumat Pelayanan",
    "gratifikasi": "Pengendalian Gratifikasi",
    "benturan-kepentingan": "Penanganan Benturan Kepentingan",
    "pedoman-wbs": "Pedoman Whistle Blowing System (WBS)",
    "prosedur-dumas": "Prosedur Pengaduan Masyarakat (DUMAS)",
    "tentang": "Tentang Portal Zona Integritas",
}

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    """Replace `{office_name}`-style keys with site settings; unknown keys stay as written."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def default_page_text(slug: str, values: dict[str, str]) -> str:
    raw = (DATA_DIR / f"halaman-{slug}.md").read_text(encoding="utf-8")
    return fill_placeholders(raw, values).strip() + "\n"


def load_default_pages(session: Session) -> str:
    """Create the default pages that do not exist yet (published). Existing pages are never touched."""
    from portal.core import site_settings

    values = site_settings.get_all(session)
    values.setdefault("office_name", "")
    added = []
    for slug, title in DEFAULT_PAGES.items():
        if get_by_slug(session, slug) is not None:
            continue
        create_page(
            session, slug=slug, title=fill_placeholders(title, values), body=default_page_text(slug, values),
            note="Isi awal", actor=None, publish=True,
        )
        added.append(slug)
    return f"{len(added)} halaman ditambahkan" + (f" ({', '.join(added)})" if added else "")
