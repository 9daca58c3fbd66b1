"""The reminder pass: feedback due in 14 days and overdue (to the dialogue's members),
follow-ups and renewal dates (to the collaboration's members).

Each reminder has a key of its own in the outbox (record, date, stage, person), so it is
enqueued once however many workers run the pass and however often. The records are read
by SQL from the tables `tracker.kinds` names (the areas sit above this package).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tracker.clock import today
from tracker.db import fetch_rows
from tracker.kinds import COLLABORATION, DIALOGUE
from tracker.mail import recipients, rules
from tracker.mail.outbox import Mail, enqueue
from tracker.mail.settings import MailSettings
from tracker.promise import feedback_given_sql

HORIZON = timedelta(days=rules.REMINDER_DAYS_BEFORE)

FEEDBACK_SQL = (
    "SELECT id, title, feedback_due AS due FROM dialogue WHERE archived_at IS NULL "
    f"AND feedback_due IS NOT NULL AND feedback_due <= {{}} AND NOT {feedback_given_sql()}"
)
FOLLOW_UP_SQL = (
    "SELECT f.id, f.collaboration AS record_id, f.what, f.due_on AS due, c.title "
    "FROM collaboration_follow_up f JOIN collaboration c ON c.id = f.collaboration "
    "WHERE c.archived_at IS NULL AND f.done = {} AND f.due_on <= {}"
)
RENEWAL_SQL = (
    "SELECT id, title, renewal_date AS due FROM collaboration WHERE archived_at IS NULL "
    "AND status <> 'ended' AND renewal_date IS NOT NULL AND renewal_date >= {} "
    "AND renewal_date <= {}"
)


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


async def enqueue_due_reminders(settings: MailSettings) -> int:
    day = today()
    created = 0
    dialogues = await fetch_rows(FEEDBACK_SQL, day + HORIZON)
    dialogue_members = await recipients.members(DIALOGUE.key, [r["id"] for r in dialogues])
    for row in dialogues:
        created += await _remind(
            "feedback",
            row,
            DIALOGUE.url(row["id"]) or "/",
            dialogue_members.get(row["id"], []),
            day,
            settings,
        )
    follow_ups = await fetch_rows(FOLLOW_UP_SQL, False, day + HORIZON)
    renewals = await fetch_rows(RENEWAL_SQL, day, day + HORIZON)
    ids = [r["record_id"] for r in follow_ups] + [r["id"] for r in renewals]
    collaboration_members = await recipients.members(COLLABORATION.key, ids)
    for row in follow_ups:
        people = collaboration_members.get(row["record_id"], [])
        created += await _remind(
            "follow_up", row, COLLABORATION.url(row["record_id"]) or "/", people, day, settings
        )
    for row in renewals:
        people = collaboration_members.get(row["id"], [])
        created += await _remind(
            "renewal", row, COLLABORATION.url(row["id"]) or "/", people, day, settings
        )
    return created


SUBJECTS = {
    ("feedback", "soon"): "Återkopplingen för {title} ska ske {due}",
    ("feedback", "overdue"): "Återkopplingen för {title} är försenad (skulle ske {due})",
    ("follow_up", "soon"): "Uppföljning i {title} {due}: {what}",
    ("follow_up", "overdue"): "Uppföljningen i {title} är försenad (skulle ske {due}): {what}",
    ("renewal", "soon"): "Samverkan {title} ska förnyas senast {due}",
}
KINDS = {
    ("feedback", "soon"): "feedback_due",
    ("feedback", "overdue"): "feedback_overdue",
    ("follow_up", "soon"): "follow_up_due",
    ("follow_up", "overdue"): "follow_up_overdue",
    ("renewal", "soon"): "renewal_due",
}


async def _remind(
    what: str,
    row: dict[str, Any],
    link: str,
    people: list[recipients.Recipient],
    day: date,
    settings: MailSettings,
) -> int:
    due = _date(row["due"])
    stage = rules.reminder_stage(due, day)
    if stage is None or (what, stage) not in SUBJECTS or not people:
        return 0
    values = {"title": row["title"], "due": due.isoformat(), "what": row.get("what", "")}
    subject = SUBJECTS[(what, stage)].format(**values)
    mail = Mail(
        kind=KINDS[(what, stage)],
        subject=subject,
        summary=subject + ".",
        link=link,
        context={**values, "stage": stage, "what_kind": what},
        template="reminder",
    )
    key = f"{what}:{row['id']}:{due.isoformat()}:{stage}"
    return await enqueue(people, mail, dedupe_key=key, settings=settings)
