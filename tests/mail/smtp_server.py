"""A real SMTP server in the test process (aiosmtpd), which keeps what arrives."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from tests.servers import free_port
from tracker.mail.settings import MailSettings, load_mail_settings


class Inbox:
    """aiosmtpd's handler: every message accepted, parsed, in order of arrival."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


class SMTPServer:
    """Start, stop and start again on the same port (the mail server going down and back)."""

    def __init__(self) -> None:
        self.inbox = Inbox()
        self.port = free_port()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def environment(self) -> dict[str, str]:
        return {
            "TRACKER_SMTP_HOST": "127.0.0.1",
            "TRACKER_SMTP_PORT": str(self.port),
            "TRACKER_MAIL_FROM": "Tjänstedesignspåraren <noreply@kommun.example>",
            "TRACKER_BASE_URL": "https://spararen.kommun.example",
        }

    def settings(self) -> MailSettings:
        return load_mail_settings(self.environment())
