"""The English scan (issue 12 §3): every public page and every staff page on ?lang=en, seen by a user with
every staff role on the demo data, holds no Indonesian interface word from the list below.

Text only: tags, scripts and styles are stripped, and so is any element marked lang="id" (office content that
exists only in Indonesian: page bodies, action plan rows, names from the database, demo complaint text).
Words are matched whole and case-sensitively. The pages: every GET route without a required argument, and one
instance of each detail page (a complaint, a WBS case, a standard, a page, a recap period ...); downloads and
JSON are not pages. `benchmarks/english_scan.py` prints the same count per page from the same collector.
"""
from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

from sqlalchemy import select

from portal.extensions import db

STAFF_ROLES = ("admin", "dumas", "wbs", "editor", "pimpinan")
# Indonesian interface words (months and weekdays that are the same in English left out: April, September,
# November). Maintained here: add a word when a new screen brings one.
MONTHS = ("Januari", "Februari", "Maret", "Mei", "Juni", "Juli", "Agustus", "Oktober", "Desember")
WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
STATUSES = ("Diterima", "Diverifikasi", "Diproses", "Selesai", "Ditolak", "Diteruskan", "Menunggu",
            "Terlambat", "Dikirim", "Disetujui")
PERIODS = ("Triwulan", "Semester", "Tahun", "Bulan", "Periode")
TABLE_WORDS = ("Sebagian", "Belum", "Sudah", "Jumlah", "Tanggal", "Halaman", "Kategori", "Saluran", "Jenis",
               "Pelapor", "Nomor", "Judul", "Keterangan", "Tindak", "Rekap", "Hasil", "Layanan", "Unduh",
               "Simpan", "Batal", "Hapus", "Ubah", "Kembali", "Cari", "Keluar", "Beranda", "Pengaduan")
WORDS = MONTHS + WEEKDAYS + STATUSES + PERIODS + TABLE_WORDS
WORD_RE = re.compile(r"(?<![\w-])(" + "|".join(WORDS) + r")(?![\w-])")

# ALLOWED (below): what an English page may still show, page by page, and why: office content that is
# not yet marked lang="id" (service names in staff lists, evidence names, the plan's timing text).
# What is left, page by page, and why; the full scan fails on a word not listed here AND on an entry no page
# shows any more, so this list can only shrink.
ALLOWED: dict[str, frozenset[str]] = {
    "*": frozenset(),
    "admin_dumas.holidays_page": frozenset({"Tahun"}),  # the joint decree's title, quoted in the help text
    # the service's name in the <title> (office content; a title cannot carry lang="id")
    "admin_standards.revision": frozenset({"Layanan"}),
    "admin_standards.revision_new": frozenset({"Layanan"}),
    "admin_standards.service": frozenset({"Layanan"}),
    "admin_wbs.case": frozenset({"Diteruskan"}),  # the team's message ("Diteruskan untuk ...")
    "public.standard_detail": frozenset({"Layanan"}),
    "survey.poster": frozenset({"Layanan"}),  # <title> and the QR image's text alternative
}

SKIPPED_TAGS = {"script", "style", "template", "noscript"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
             "wbr"}


class _Text(HTMLParser):
    """The visible text of a page, minus scripts, styles and anything inside an element with lang="id"."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden from the scan)
        self.parts: list[str] = []

    def _hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        if tag in VOID_TAGS:
            return
        hidden = self._hidden() or tag in SKIPPED_TAGS or dict(attrs).get("lang", "").lower().startswith("id")
        self.stack.append((tag, hidden))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):  # close up to the matching tag (forgiving HTML)
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if not self._hidden():
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return " ".join(parser.parts)


def indonesian_words(html: str) -> Counter[str]:
    """Indonesian interface words in the scanned text of `html`, with how often each occurs."""
    return Counter(WORD_RE.findall(visible_text(html)))


def allowed_on(endpoint: str) -> frozenset[str]:
    return ALLOWED["*"] | ALLOWED.get(endpoint, frozenset())


# --- the pages ------------------------------------------------------------------------------------------
NOT_PAGES = ("/static", "/api/", "/healthz")


def _sample_args(app, seeded) -> dict[str, dict[str, str]]:
    """Per endpoint, values for its URL arguments: one instance of each detail page."""
    from portal.accounts.models import User
    from portal.action_plan.models import ActionPlanItem
    from portal.content.models import Page, PageRevision
    from portal.standards.models import Service, ServiceStandardRevision
    from portal.wbs.models import WbsReport

    with app.app_context():
        first = db.session.scalars
        page = first(select(Page).order_by(Page.id)).first()
        revision = first(select(PageRevision).where(PageRevision.page_id == page.id)).first()
        service = first(select(Service).order_by(Service.id)).first()
        standard = first(select(ServiceStandardRevision).where(
            ServiceStandardRevision.service_id == service.id)).first()
        values = {
            "admin_dumas.case": {"number": seeded.complaint_number},
            "admin_wbs.case": {"report_id": first(select(WbsReport.id).order_by(WbsReport.id)).first()},
            "admin_content.page_edit": {"page_id": page.id},
            "admin_content.history": {"page_id": page.id},
            "admin_content.revision": {"page_id": page.id, "revision_id": revision.id if revision else 0},
            "admin.user_edit": {"user_id": first(select(User.id).order_by(User.id)).first()},
            "admin_zi.row": {"item_id": first(select(ActionPlanItem.id).order_by(ActionPlanItem.id)).first()},
        }
        for endpoint in ("admin_standards.service", "admin_standards.service_edit",
                         "admin_standards.revision_new", "public.standard_detail"):
            values[endpoint] = {"slug": service.slug}
        for endpoint in ("admin_standards.revision", "admin_standards.revision_edit"):
            values[endpoint] = {"slug": service.slug, "number": standard.number if standard else 1}
        values["public.page"] = {"slug": page.slug}
        values["recap.detail"] = {"period_key": seeded.recap_key}
        values["survey.poster"] = {"slug": seeded.survey_slug}
        values["dumas.public_detail"] = seeded.endpoint_args["dumas.public_detail"]
        values["admin_dumas_publication.page"] = seeded.endpoint_args["dumas.public_detail"]
        from portal.ppid.models import DipEntry, Exemption  # issue 13: one DIP entry, one exemption

        dip = {"entry_id": first(select(DipEntry.id).order_by(DipEntry.id)).first()}
        for endpoint in ("ppid.dip_detail", "admin_ppid.dip_entry", "admin_ppid.dip_edit"):
            values[endpoint] = dip
        exemption = {"item_id": first(select(Exemption.id).order_by(Exemption.id)).first()}
        for endpoint in ("admin_ppid.exemption", "admin_ppid.exemption_edit"):
            values[endpoint] = exemption
    return values


def page_paths(app, seeded) -> dict[str, str]:
    """endpoint -> ?lang=en path of every page to scan (public and staff)."""
    from flask import url_for

    samples = _sample_args(app, seeded)
    paths = {}
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            is_file = "." in rule.rule.rsplit("/", 1)[-1]  # .csv, .xlsx
            if "GET" not in rule.methods or rule.rule.startswith(NOT_PAGES) or is_file:
                continue
            args = samples.get(rule.endpoint, {}) if rule.arguments else {}
            if set(rule.arguments) - set(args):
                continue  # attachments and downloads: not pages
            paths[rule.endpoint] = url_for(rule.endpoint, **args, lang="en")
    return dict(sorted(paths.items(), key=lambda item: item[1]))


def scan(client, paths: dict[str, str]) -> dict[str, tuple[str, Counter[str]]]:
    """endpoint -> (path, words found) for every HTML page that answers 200 (the log-in page as a visitor)."""
    found = {}
    visitor = client.application.test_client()
    for endpoint, path in paths.items():
        response = (visitor if endpoint in ANONYMOUS else client).get(path)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        found[endpoint] = (path, indonesian_words(response.get_data(as_text=True)))
    return found


ANONYMOUS = ("auth.login",)  # pages a logged-in user is sent away from


def seed_and_log_in(app, client, make_user, auth) -> object:
    """Demo data (tests/security_helpers.py seed) and a user with every staff role, logged in (TOTP too)."""
    from tests.security_helpers import seed

    seeded = seed(app)
    user = make_user(*STAFF_ROLES)
    auth.login(user.email)
    auth.second_factor(user.email)
    return seeded


def report(found: dict[str, tuple[str, Counter[str]]]) -> str:
    lines = [f"{sum(words.values()):4d}  {path}  {dict(words.most_common())}"
             for path, words in found.values() if words]
    lines.append(f"{sum(sum(words.values()) for _path, words in found.values()):4d}  total "
                 f"({len(found)} pages)")
    return "\n".join(lines)


def unexpected_words(found: dict[str, tuple[str, Counter[str]]]) -> dict[str, list[str]]:
    """endpoint -> the words found there that ALLOWED does not excuse."""
    unexpected = {endpoint: sorted(set(words) - allowed_on(endpoint))
                  for endpoint, (_path, words) in found.items()}
    return {endpoint: words for endpoint, words in unexpected.items() if words}


def stale_allowances(found: dict[str, tuple[str, Counter[str]]]) -> dict[str, list[str]]:
    """ALLOWED entries no page shows any more (the lead removes them)."""
    stale = {}
    for endpoint, allowed in ALLOWED.items():
        pages = found.values() if endpoint == "*" else [found.get(endpoint, ("", Counter()))]
        seen = set().union(*(words for _path, words in pages))
        if allowed - seen:
            stale[endpoint] = sorted(allowed - seen)
    return stale


# --- tests ----------------------------------------------------------------------------------------------
def test_the_collector_strips_tags_scripts_and_indonesian_content():
    html = ('<html lang="en"><head><title>Recap Januari</title><script>var s = "Selesai";</script></head>'
            '<body><p>Status: Selesai</p><div lang="id"><p>Rapat <b>Triwulan</b> Desember</p></div>'
            '<p>Selesaikan<br>Belum<img alt="Tanggal"> pra-Jumlah</p>'
            '<span lang="id-ID">Kategori</span></body>')
    assert indonesian_words(html) == Counter({"Januari": 1, "Selesai": 1, "Belum": 1})


def test_every_page_in_english_has_no_indonesian_interface_word(app, client, make_user, auth):
    seeded = seed_and_log_in(app, client, make_user, auth)
    paths = page_paths(app, seeded)
    for endpoint in ("admin_dumas.case", "admin_wbs.case", "admin_standards.service", "public.page",
                     "recap.detail", "admin.dashboard", "public.home"):
        assert endpoint in paths
    found = scan(client, paths)
    assert len(found) >= 40, sorted(paths)  # the staff pages answered: the log-in worked
    print("\nEnglish scan, Indonesian interface words per page:\n" + report(found))
    assert unexpected_words(found) == {}
    assert stale_allowances(found) == {}, "ALLOWED entries no page shows any more: remove them"
