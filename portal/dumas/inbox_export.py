"""The DUMAS inbox's filtered list as an XLSX file (SafeWorkbook: text is never a formula), in the reader's
language. Reporter identity only of non-confidential cases, as the case page shows it to every reader of the
inbox; a confidential (rahasia) case's name, e-mail and telephone never leave the screen in a file, whoever
downloads it."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask_babel import gettext as _

from portal.core.formatting import tanggal
from portal.core.xlsx import SafeWorkbook, set_widths
from portal.dumas.models import CHANNELS, KINDS, OPEN_STATUSES, STATUSES, Complaint

MAX_ROWS = 20000  # one file; a longer list is cut here (the screen's filters narrow it)


def _headers() -> list[str]:
    return [_("Nomor"), _("Diterima"), _("Kanal"), _("ID eksternal"), _("Kategori"), _("Jenis"), _("Perihal"),
            _("Status"), _("Petugas"), _("Tenggat"), _("Ditutup"), _("Hari kerja"), _("Tepat waktu"),
            _("Nama pelapor"), _("E-mail pelapor"), _("Telepon pelapor")]


def _day(value) -> str:
    return "" if value is None else tanggal(value)


def _row(c: Complaint) -> list:
    due = c.verify_due if c.status == "diterima" else c.resolve_due
    if c.confidential:
        identity = [_("Dirahasiakan")] * 3
    else:
        identity = [c.reporter_name, c.reporter_email, c.reporter_phone]
    on_time = "" if c.closed_on_time is None else (_("Ya") if c.closed_on_time else _("Tidak"))
    return [
        c.number, _day(c.received_at), str(CHANNELS.get(c.channel, c.channel)), c.external_id,
        c.category.name if c.category else "", str(KINDS.get(c.kind, c.kind)), c.subject,
        str(STATUSES.get(c.status, c.status)),
        (c.assigned_to.name or c.assigned_to.email) if c.assigned_to else "",
        _day(due) if c.status in OPEN_STATUSES else "", _day(c.closed_at),
        c.days_to_close if c.days_to_close is not None else "", on_time, *identity,
    ]


def workbook(complaints: Iterable[Complaint], *, title: str, made_on: date) -> tuple[bytes, int]:
    """(the XLSX bytes, how many rows it holds)."""
    book = SafeWorkbook()
    formats = book.house_formats()
    sheet = book.add_worksheet(_("Aduan"))
    sheet.write(0, 0, title, formats["bold"])
    sheet.write(1, 0, _("Dibuat %(day)s", day=tanggal(made_on)))
    headers = _headers()
    for col, text in enumerate(headers):
        sheet.write(3, col, text, formats["head"])
    count = 0
    for count, complaint in enumerate(complaints, start=1):
        if count > MAX_ROWS:
            count -= 1
            break
        for col, value in enumerate(_row(complaint)):
            sheet.write(3 + count, col, value, formats["num"] if isinstance(value, int) else formats["cell"])
    sheet.freeze_panes(4, 1)
    sheet.autofilter(3, 0, 3 + max(count, 1), len(headers) - 1)
    set_widths(sheet, [(0, 0, 18), (1, 1, 14), (2, 5, 18), (6, 6, 40), (7, 10, 14), (11, 12, 10),
                       (13, 15, 22)])
    return book.to_bytes(), count
