"""E-mail to the reporter when their gratification report changes state (verified, forwarded to the KPK,
decided by the KPK or the UPG, not processed). Sent to the reporter's ACCOUNT e-mail (not the contact
address typed in the form), after the commit, through portal/core/mailer.py `send_mail`, which never
raises: a failed send is logged and returns False, the step stays recorded.

The mail says only the report's number and its new status (and where to read it after logging in): never
the giver, the gift, its value, the chronology, a note or the officer's name — a mailbox is not the UPG's
register. The text is Indonesian (the office's language) through Flask-Babel, whatever language the
screen of the UPG member who made the step is in.

    mail.notify_status_change(config, report, case_url=..., office_name=...)
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _

from portal.core import mailer
from portal.gratification.models import GratificationReport
from portal.gratification.workflow import STATES

# The states whose entry the reporter is told about.
MAILED_STATES = ("diverifikasi", "diteruskan_kpk", "ditetapkan", "ditetapkan_upg", "tidak_diproses")


def status_mail(report: GratificationReport, *, case_url: str = "", office_name: str = "") -> tuple[str, str]:
    """(subject, body) of the mail about the report's current status, in Indonesian."""
    with force_locale("id"):
        status = str(STATES[report.status].label)
        name = (report.reporter.name if report.reporter is not None else "") or _("Pelapor")
        subject = _("Status laporan gratifikasi %(number)s: %(status)s", number=report.number, status=status)
        lines = [_("Yth. %(name)s,", name=name), "",
                 _("Status laporan gratifikasi Anda nomor %(number)s kini: %(status)s.",
                   number=report.number, status=status)]
        if case_url:
            lines += ["", _("Rincian dan catatan UPG dapat dilihat setelah masuk ke portal: %(url)s",
                            url=case_url)]
        office = f" {office_name}" if office_name else ""
        lines += ["", _("Hormat kami,"), _("Unit Pengendalian Gratifikasi (UPG)") + office,
                  _("(Pesan ini dikirim otomatis; mohon tidak membalas e-mail ini.)")]
    return subject, "\n".join(lines)


def notify_status_change(config: Mapping[str, Any], report: GratificationReport, *, case_url: str = "",
                         office_name: str = "") -> bool:
    """Tell the reporter the report's new status (call after the commit of the step). A state the reporter
    is not told about, or an account without an e-mail address -> False."""
    if report.status not in MAILED_STATES:
        return False
    to = report.reporter.email if report.reporter is not None else ""
    if not to:
        return False
    subject, body = status_mail(report, case_url=case_url, office_name=office_name)
    return mailer.send_mail(dict(config), to, subject, body)
