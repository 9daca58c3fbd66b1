from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.mail.smtp_server import SMTPServer
from tracker.mail.settings import MailSettings


@pytest.fixture
def smtp() -> Iterator[SMTPServer]:
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mail_settings(smtp: SMTPServer, monkeypatch: pytest.MonkeyPatch) -> MailSettings:
    """The environment points at the test's SMTP server, as an operator would set it."""
    for name, value in smtp.environment().items():
        monkeypatch.setenv(name, value)
    return smtp.settings()
