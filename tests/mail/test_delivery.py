"""The outbox and the worker against a real SMTP server: what arrives, retries while the server
is down, and no message sent twice by two workers on one database."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

from tests.mail.smtp_server import SMTPServer
from tracker.clock import at, now
from tracker.db import write_transaction
from tracker.mail import outbox, worker
from tracker.mail.outbox import Mail, Recipient
from tracker.mail.settings import MailSettings
from tracker.mail.tables import OutboxMessage

ANNA = Recipient(None, "anna@kommun.example", "Anna Andersson")


def _mail(number: int = 1) -> Mail:
    return Mail(
        kind="report_frozen",
        subject=f"Rapporten Årsrapport {number} är fastställd (version 1)",
        summary="Fastställd.",
        link=f"/rapporter/{number}",
        context={"title": f"Årsrapport {number}", "number": 1, "actor": "Alva Admin"},
    )


async def _statuses() -> list[str]:
    rows = await OutboxMessage.select(OutboxMessage.status).order_by(OutboxMessage.id)
    return [row["status"] for row in rows]


async def test_a_message_arrives_in_swedish_as_text_and_html_with_its_links(
    db: None, smtp: SMTPServer, mail_settings: MailSettings
) -> None:
    await outbox.enqueue([ANNA], _mail(7))
    assert await worker.run_once(mail_settings) == 1

    [message] = smtp.inbox.messages
    assert message["To"] == "anna@kommun.example"
    assert message["From"] == "Tjänstedesignspåraren <noreply@kommun.example>"
    assert message["Subject"] == "Rapporten Årsrapport 7 är fastställd (version 1)"
    assert message["Message-ID"] and message["Auto-Submitted"] == "auto-generated"
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    plain, rich = text.get_content(), html.get_content()
    assert "Hej Anna Andersson!" in plain
    assert "Alva Admin har fastställt version 1 av rapporten Årsrapport 7" in plain
    assert "https://spararen.kommun.example/rapporter/7" in plain
    assert "https://spararen.kommun.example/konto#e-post" in plain
    assert 'href="https://spararen.kommun.example/rapporter/7"' in rich
    assert 'href="https://spararen.kommun.example/konto#e-post"' in rich
    assert '<html lang="sv">' in rich
    assert await _statuses() == ["sent"]
    # Sent is sent: another round sends nothing again.
    assert await worker.run_once(mail_settings) == 0
    assert len(smtp.inbox.messages) == 1


async def test_html_in_a_title_is_escaped_in_the_html_part(
    db: None, smtp: SMTPServer, mail_settings: MailSettings
) -> None:
    mail = _mail()
    await outbox.enqueue([ANNA], replace(mail, context={**mail.context, "title": "<b>Fet</b>"}))
    await worker.run_once(mail_settings)
    html = smtp.inbox.messages[0].get_body(("html",))
    assert html is not None
    assert "&lt;b&gt;Fet&lt;/b&gt;" in html.get_content()


async def test_a_message_written_in_a_transaction_that_fails_is_never_sent(
    db: None, smtp: SMTPServer, mail_settings: MailSettings
) -> None:
    try:
        async with write_transaction():
            await outbox.enqueue([ANNA], _mail())
            raise RuntimeError("the change failed")
    except RuntimeError:
        pass
    assert await worker.run_once(mail_settings) == 0
    assert smtp.inbox.messages == [] and await _statuses() == []


async def test_while_the_server_is_down_the_message_waits_and_is_sent_when_it_is_back(
    db: None, smtp: SMTPServer, mail_settings: MailSettings
) -> None:
    await outbox.enqueue([ANNA], _mail())
    smtp.stop()
    assert await worker.run_once(mail_settings) == 0
    row = await OutboxMessage.select().first()
    assert row is not None
    assert (row["status"], row["attempts"]) == ("pending", 1)
    assert "Connect" in row["last_error"] or "refused" in row["last_error"].lower()
    retry_at = row["next_attempt_at"]
    assert retry_at > now()

    smtp.start()
    # Before the backoff has passed, the worker does not try again.
    assert await worker.run_once(mail_settings) == 0
    assert smtp.inbox.messages == []
    with at(retry_at + timedelta(seconds=1)):
        assert await worker.run_once(mail_settings) == 1
    [message] = smtp.inbox.messages
    assert message["To"] == "anna@kommun.example"
    row = await OutboxMessage.select().first()
    assert row is not None and (row["status"], row["attempts"]) == ("sent", 2)


async def test_the_wait_grows_after_each_failure_and_the_worker_gives_up_at_last(
    db: None, smtp: SMTPServer, mail_settings: MailSettings
) -> None:
    await outbox.enqueue([ANNA], _mail())
    smtp.stop()
    waits = []
    moment = now()
    for _ in range(12):
        with at(moment):
            await worker.run_once(mail_settings)
        row = await OutboxMessage.select().first()
        assert row is not None
        waits.append(row["next_attempt_at"] - moment)
        moment = row["next_attempt_at"] + timedelta(seconds=1)
    assert waits[0] < waits[1] < waits[2]
    assert row["status"] == "failed" and row["attempts"] == 12


async def test_two_workers_on_one_database_send_each_message_once(
    db: None, smtp: SMTPServer, mail_settings: MailSettings
) -> None:
    people = [Recipient(None, f"person{n}@kommun.example", f"Person {n}") for n in range(30)]
    await outbox.enqueue(people, _mail())
    sent = await asyncio.gather(*(worker.send_due(mail_settings) for _ in range(3)))
    while await worker.send_due(mail_settings):
        pass
    assert sum(sent) <= 30
    addresses = [m["To"] for m in smtp.inbox.messages]
    assert sorted(addresses) == sorted(p.email for p in people)
    assert await _statuses() == ["sent"] * 30


async def test_a_claim_left_by_a_worker_that_died_is_taken_up_after_its_lease(
    db: None, smtp: SMTPServer, mail_settings: MailSettings
) -> None:
    await outbox.enqueue([ANNA], _mail())
    [claimed] = await outbox.claim()  # a worker claims it and dies before sending
    assert await worker.run_once(mail_settings) == 0  # another does not take it meanwhile
    with at(now() + timedelta(minutes=6)):
        assert await worker.run_once(mail_settings) == 1
    assert [m["To"] for m in smtp.inbox.messages] == [ANNA.email]
    assert claimed["id"] == (await OutboxMessage.select(OutboxMessage.id).first() or {})["id"]
