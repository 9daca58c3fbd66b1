"""The digest pass: for each person who chose a daily or weekly digest and whose hour has come,
one message with every held message since the last digest, instead of a message for each."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tracker.clock import now
from tracker.db import write_transaction
from tracker.mail import recipients, rules
from tracker.mail.outbox import Mail, enqueue
from tracker.mail.settings import MailSettings
from tracker.mail.tables import DigestSetting, OutboxMessage


async def enqueue_due_digests(settings: MailSettings) -> int:
    moment = now()
    chosen = await DigestSetting.select().where(DigestSetting.frequency != "off")
    created = 0
    for setting in chosen:
        if rules.digest_due(
            setting["frequency"],
            setting["weekday"],
            setting["hour"],
            setting["last_sent_at"],
            moment,
        ):
            created += await _digest(setting, moment, settings)
    return created


async def _digest(setting: dict[str, Any], moment: datetime, settings: MailSettings) -> int:
    """Take this person's digest turn (one worker wins it) and gather the held messages."""
    account_id = setting["account_id"]
    async with write_transaction():
        last = DigestSetting.last_sent_at
        won = (
            await DigestSetting.update({last: moment}, use_auto_update=False)
            .where(
                (DigestSetting.id == setting["id"])
                & (
                    last.is_null()
                    if setting["last_sent_at"] is None
                    else last == setting["last_sent_at"]
                )
            )
            .returning(DigestSetting.id)
        )
        if not won:
            return 0
        held = await (
            OutboxMessage.select(OutboxMessage.id, OutboxMessage.summary, OutboxMessage.link)
            .where((OutboxMessage.account_id == account_id) & (OutboxMessage.status == "held"))
            .order_by(OutboxMessage.id)
        )
        person = await recipients.account(account_id)
        if not held or person is None:
            return 0
        await OutboxMessage.update({OutboxMessage.status: "digested"}).where(
            OutboxMessage.id.is_in([row["id"] for row in held])
        )
        period = "dagen" if setting["frequency"] == "daily" else "veckan"
        items = [
            {"summary": row["summary"], "link": settings.base_url + row["link"]} for row in held
        ]
        mail = Mail(
            kind="digest",
            subject=f"Sammanfattning: {len(held)} händelser i Tjänstedesignspåraren",
            summary="",
            link="/",
            context={"items": items, "period": period},
        )
        return await enqueue([person], mail, settings=settings)
