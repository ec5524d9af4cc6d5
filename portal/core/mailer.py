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
    server = config["MAIL_SERVER"]
    if not server or not to:
        return False
    msg = EmailMessage()
    msg["From"] = config["MAIL_SENDER"]
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain="portal-zi")
    msg.set_content(body)
    try:
        with smtplib.SMTP(server, int(config["MAIL_PORT"]), timeout=10) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(msg)
        return True
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("e-mail to a reporter not sent: %s", type(exc).__name__)
        return False
