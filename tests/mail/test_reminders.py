"""Reminders: feedback due in 14 days and overdue (to the dialogue's members), follow-ups and
renewal dates (to the collaboration's members), each enqueued once."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tests import personas
from tests.collaborations.factories import make_collaboration
from tests.dialogues.factories import make_dialogue
from tests.mail.smtp_server import SMTPServer
from tracker.clock import at
from tracker.collaborations import follow_ups as collaboration_follow_ups
from tracker.collaborations.forms import FollowUpInput
from tracker.dialogues.rules import State
from tracker.mail import worker
from tracker.mail.settings import MailSettings


def _day(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 8, tzinfo=UTC)


async def test_feedback_due_in_14_days_then_overdue_each_mailed_once_to_the_members(
    db: None, smtp: SMTPServer, mail_settings: MailSettings
) -> None:
    robin = await personas.robin()
    await personas.kim()  # not a member: gets nothing
    dialogue = await make_dialogue(
        state=State.DECIDED, actor=robin, title="Lekplatsen", feedback_due=date(2026, 6, 30)
    )

    with at(_day(date(2026, 6, 15))):  # 15 days before: too early
        assert await worker.run_once(mail_settings) == 0
    for day in (16, 20, 30):  # from 14 days before until the day: one reminder
        with at(_day(date(2026, 6, day))):
            await worker.run_once(mail_settings)
    [soon] = smtp.inbox.messages
    assert soon["To"] == robin.email
    assert soon["Subject"] == "Återkopplingen för Lekplatsen ska ske 2026-06-30"
    text = soon.get_body(("plain",))
    assert text is not None
    assert f"https://spararen.kommun.example/dialoger/{dialogue.id}" in text.get_content()

    for day in (1, 2):  # after the day: one more, saying it is late
        with at(_day(date(2026, 7, day))):
            await worker.run_once(mail_settings)
    assert [m["Subject"] for m in smtp.inbox.messages][1:] == [
        "Återkopplingen för Lekplatsen är försenad (skulle ske 2026-06-30)"
    ]


async def test_a_dialogue_that_has_given_its_feedback_is_not_reminded(
    db: None, smtp: SMTPServer, mail_settings: MailSettings
) -> None:
    robin = await personas.robin()
    await make_dialogue(state=State.FED_BACK, actor=robin, feedback_due=date(2026, 6, 30))
    with at(_day(date(2026, 7, 5))):
        await worker.run_once(mail_settings)
    assert smtp.inbox.messages == []


async def test_follow_ups_and_renewal_dates_are_mailed_to_the_collaborations_members(
    db: None, smtp: SMTPServer, mail_settings: MailSettings
) -> None:
    robin = await personas.robin()
    collaboration = await make_collaboration(
        actor=robin, title="Trygghet i centrum", renewal_date=date(2026, 9, 1)
    )
    await collaboration_follow_ups.add_follow_up(
        collaboration, FollowUpInput(date(2026, 8, 25), "Halvårsavstämning"), robin
    )
    with at(_day(date(2026, 8, 20))):
        await worker.run_once(mail_settings)
        await worker.run_once(mail_settings)
    subjects = sorted(m["Subject"] for m in smtp.inbox.to(robin.email))
    assert subjects == [
        "Samverkan Trygghet i centrum ska förnyas senast 2026-09-01",
        "Uppföljning i Trygghet i centrum 2026-08-25: Halvårsavstämning",
    ]
    link = f"https://spararen.kommun.example/samverkan/{collaboration.id}"
    assert all(link in (m.get_body(("plain",)) or m).get_content() for m in smtp.inbox.messages)
