"""Delivery over SMTP to the municipality's mail server (aiosmtplib)."""

from __future__ import annotations

from email.message import EmailMessage

import aiosmtplib

from tracker.mail.settings import MailSettings

# What a server that is down, refuses or times out raises: the message is tried again later.
DELIVERY_ERRORS = (aiosmtplib.SMTPException, OSError, TimeoutError)


async def deliver(settings: MailSettings, message: EmailMessage) -> None:
    await aiosmtplib.send(
        message,
        hostname=settings.host,
        port=settings.port,
        use_tls=settings.tls,
        start_tls=settings.starttls,
        username=settings.user or None,
        password=settings.password or None,
        timeout=60,
    )
