"""The worker as operators run it: in the server process, and alone as `tracker worker`."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from dataclasses import replace

from tests.mail.smtp_server import SMTPServer
from tracker.mail import outbox
from tracker.mail.outbox import Mail, Recipient
from tracker.mail.settings import MailSettings
from tracker.mail.tables import OutboxMessage
from tracker.mail.worker import InProcessWorker

MAIL = Mail(
    kind="report_frozen",
    subject="Rapporten Årsrapport är fastställd (version 1)",
    summary="Fastställd.",
    link="/rapporter/1",
    context={"title": "Årsrapport", "number": 1, "actor": "Alva Admin"},
)
ANNA = Recipient(None, "anna@kommun.example", "Anna Andersson")


async def test_the_server_process_sends_mail_while_it_runs(
    db: None, smtp: SMTPServer, mail_settings: MailSettings
) -> None:
    worker = InProcessWorker(replace(mail_settings, poll_seconds=0.05))
    await worker.start()
    try:
        await outbox.enqueue([ANNA], MAIL)
        for _ in range(200):
            if smtp.inbox.messages:
                break
            await asyncio.sleep(0.05)
    finally:
        await worker.close()
    assert [m["To"] for m in smtp.inbox.messages] == [ANNA.email]


async def test_no_worker_runs_in_the_server_without_a_mail_server(
    mail_settings: MailSettings,
) -> None:
    worker = InProcessWorker(replace(mail_settings, host=""))
    await worker.start()
    assert worker.task is None
    await worker.close()


async def test_tracker_worker_once_sends_the_outbox(
    db: None, smtp: SMTPServer, mail_settings: MailSettings
) -> None:
    await outbox.enqueue([ANNA], MAIL)
    result = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "tracker.cli", "worker", "--once"],
        env={**os.environ, **smtp.environment()},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "1 meddelanden skickade." in result.stdout
    assert [m["To"] for m in smtp.inbox.messages] == [ANNA.email]
    row = await OutboxMessage.select(OutboxMessage.status).first()
    assert row == {"status": "sent"}


def test_tracker_worker_refuses_to_start_without_a_mail_server() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_SMTP_")}
    result = subprocess.run(
        [sys.executable, "-m", "tracker.cli", "worker", "--once"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "TRACKER_SMTP_HOST är inte satt" in result.stderr
