"""Plain-text e-mail over SMTP (settings MAIL_*), sent as a job (portal/core/jobs.py): never inside the
request. `send_mail` queues one message and returns at once; the job (`deliver`) tries the SMTP server, a
failure raises and the queue tries again later (JOBS_RETRY_INTERVALS), and a message that never goes out is
kept as a failed job for the admin. Call it after commit: a queued message never loses a submission."""
from __future__ import annotations

import logging
import smtplib
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from flask_babel import lazy_gettext as _l

from portal.core import jobs

log = logging.getLogger("portal.mail")

SETTINGS = ("MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_SENDER",
            "MAIL_TIMEOUT")


def send_mail(config: Mapping[str, Any], to: str, subject: str, body: str) -> bool:
    """Queue one message. True when it is queued (in the tests' "sync" mode: when the SMTP server accepted
    it); no server configured or no recipient -> False. Never raises for the SMTP server."""
    if not config.get("MAIL_SERVER") or not to:
        return False
    settings = {key: config[key] for key in SETTINGS if key in config}
    # The settings go along in-process only (a test's config); a worker reads its own, never from Redis.
    written = formatdate(localtime=True)
    return bool(jobs.enqueue("mail", to, subject, body, written, local={"settings": settings}))


def message(settings: Mapping[str, Any], to: str, subject: str, body: str, date: str = "") -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = settings["MAIL_SENDER"]
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = date or formatdate(localtime=True)  # when it was written, not when a retry sent it
    msg["Message-ID"] = make_msgid(domain="portal-zi")
    msg.set_content(body)
    return msg


@jobs.job("mail", _l("Surel"))
def deliver(to: str, subject: str, body: str, date: str = "", *,
            settings: Mapping[str, Any] | None = None) -> bool:
    """The job: one SMTP delivery. Raises on a refused or unreachable server (the queue retries)."""
    if settings is None:
        from flask import current_app

        settings = current_app.config
    server = settings.get("MAIL_SERVER")
    if not server:
        raise RuntimeError("MAIL_SERVER is not set")
    try:
        timeout = float(settings.get("MAIL_TIMEOUT", 10))
        with smtplib.SMTP(server, int(settings["MAIL_PORT"]), timeout=timeout) as smtp:
            if settings.get("MAIL_USE_TLS"):
                smtp.starttls()
            if settings.get("MAIL_USERNAME"):
                smtp.login(settings["MAIL_USERNAME"], settings["MAIL_PASSWORD"])
            smtp.send_message(message(settings, to, subject, body, date))
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("e-mail not sent (will be retried or kept as failed): %s", type(exc).__name__)
        raise
    return True
