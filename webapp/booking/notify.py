"""E-mail confirmation through the configured SMTP server, with the calendar file attached."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from typing import Any

log = logging.getLogger(__name__)


def send_confirmation(
    config: Any, to: str, subject: str, body: str, ics: bytes, reference: str
) -> bool:
    """Send the confirmation; a mail failure is logged and never undoes the booking."""
    host = config.get("SMTP_HOST")
    if not host:
        log.info("No SMTP_HOST set: confirmation for %s not e-mailed", reference)
        return False
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    message.add_attachment(ics, maintype="text", subtype="calendar", filename=f"{reference}.ics")
    try:
        with smtplib.SMTP(host, int(config.get("SMTP_PORT", 25)), timeout=10) as smtp:
            if config.get("SMTP_STARTTLS"):
                smtp.starttls()
            if config.get("SMTP_USER"):
                smtp.login(config["SMTP_USER"], config["SMTP_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as err:
        log.error("Confirmation e-mail for %s failed: %s", reference, type(err).__name__)
        return False
    return True
