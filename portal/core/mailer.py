"""Plain-text e-mail over SMTP (settings MAIL_*). Sending never loses a submission: call it after commit,
and a failure is logged and reported as False, not raised."""
from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

log = logging.getLogger("portal.mail")


def send_mail(config: dict, to: str, subject: str, body: str) -> bool:
    """Send one message; returns True when the SMTP server accepted it. No server configured -> False."""
    server = config.get("MAIL_SERVER")
    if not server or not to:
        return False
    msg = EmailMessage()
    msg["From"] = config.get("MAIL_SENDER", "noreply@localhost")
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain="portal-zi")
    msg.set_content(body)
    try:
        with smtplib.SMTP(server, int(config.get("MAIL_PORT", 25)), timeout=10) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
            smtp.send_message(msg)
        return True
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("e-mail to a reporter not sent: %s", type(exc).__name__)
        return False
