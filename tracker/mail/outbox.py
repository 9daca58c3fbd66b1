"""The outbox: messages written in the caller's transaction, claimed and marked by the worker."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tracker.clock import now
from tracker.db import is_postgres, write_transaction
from tracker.mail import rules
from tracker.mail.compose import render
from tracker.mail.settings import MailSettings, load_mail_settings
from tracker.mail.tables import DigestSetting, OutboxMessage

SIGN_IN_KINDS = {"invitation", "password_reset"}


@dataclass(frozen=True, slots=True)
class Recipient:
    account_id: int | None
    email: str
    name: str


@dataclass(frozen=True, slots=True)
class Mail:
    kind: str  # also the template's name under templates/mail/
    subject: str
    summary: str  # the line a digest shows
    link: str  # the record's path, e.g. /rapporter/3
    context: dict[str, Any]
    template: str = ""  # under templates/mail/; the kind's name when empty


async def enqueue(
    recipients: list[Recipient],
    mail: Mail,
    *,
    dedupe_key: str | None = None,
    settings: MailSettings | None = None,
) -> int:
    """Write one message per recipient to the outbox, in the caller's transaction.

    With `dedupe_key`, a recipient gets the message once however often it is enqueued. A
    person who chose a digest gets a digestible message held for it. Returns how many were new.
    """
    settings = settings or load_mail_settings()
    if not recipients:
        return 0
    if dedupe_key:  # a reminder already enqueued is not rendered again
        sent = await _existing_keys([f"{dedupe_key}:{r.email}" for r in recipients])
        recipients = [r for r in recipients if f"{dedupe_key}:{r.email}" not in sent]
        if not recipients:
            return 0
    digesting = await _digesting({r.account_id for r in recipients if r.account_id})
    created = 0
    stamp = now()
    for recipient in recipients:
        rendered = render(
            mail.template or mail.kind,
            mail.subject,
            {**mail.context, "name": recipient.name, "link": mail.link},
            settings,
        )
        held = mail.kind in rules.DIGESTIBLE and recipient.account_id in digesting
        key = f"{dedupe_key}:{recipient.email}" if dedupe_key else None
        query = OutboxMessage.insert(
            OutboxMessage(
                kind=mail.kind,
                dedupe_key=key,
                account_id=recipient.account_id,
                to_address=recipient.email,
                subject=rendered.subject,
                body_text=rendered.text,
                body_html=rendered.html,
                summary=mail.summary,
                link=mail.link,
                status="held" if held else "pending",
                attempts=0,
                next_attempt_at=stamp,
                last_error="",
                created_at=stamp,
            )
        )
        if key:
            query = query.on_conflict(target=OutboxMessage.dedupe_key, action="DO NOTHING")
        result = await query.returning(OutboxMessage.id)
        created += len(result)
    return created


async def _existing_keys(keys: list[str]) -> set[str]:
    rows = await OutboxMessage.select(OutboxMessage.dedupe_key).where(
        OutboxMessage.dedupe_key.is_in(keys)
    )
    return {row["dedupe_key"] for row in rows}


async def _digesting(account_ids: set[int | None]) -> set[int | None]:
    if not account_ids:
        return set()
    rows = await DigestSetting.select(DigestSetting.account_id).where(
        DigestSetting.account_id.is_in(list(account_ids)) & (DigestSetting.frequency != "off")
    )
    return {row["account_id"] for row in rows}


async def claim(limit: int = 20) -> list[dict[str, Any]]:
    """Claim messages to send: due pending ones and ones whose worker's lease ran out.

    On PostgreSQL the rows are locked FOR UPDATE SKIP LOCKED, so two workers never claim the
    same row; on SQLite the immediate write transaction lets one worker in at a time.
    """
    stamp = now()
    async with write_transaction():
        query = (
            OutboxMessage.select(
                OutboxMessage.id,
                OutboxMessage.to_address,
                OutboxMessage.subject,
                OutboxMessage.body_text,
                OutboxMessage.body_html,
                OutboxMessage.attempts,
            )
            .where(
                ((OutboxMessage.status == "pending") & (OutboxMessage.next_attempt_at <= stamp))
                | ((OutboxMessage.status == "sending") & (OutboxMessage.claimed_until < stamp))
            )
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
        if is_postgres():
            query = query.lock_rows("UPDATE", skip_locked=True)
        rows = await query
        if rows:
            await OutboxMessage.update(
                {
                    OutboxMessage.status: "sending",
                    OutboxMessage.claimed_until: stamp + rules.LEASE,
                    OutboxMessage.attempts: OutboxMessage.attempts + 1,
                }
            ).where(OutboxMessage.id.is_in([row["id"] for row in rows]))
    return [{**row, "attempts": row["attempts"] + 1} for row in rows]


async def mark_sent(message_id: int) -> None:
    await OutboxMessage.update(
        {OutboxMessage.status: "sent", OutboxMessage.sent_at: now(), OutboxMessage.last_error: ""}
    ).where((OutboxMessage.id == message_id) & (OutboxMessage.status == "sending"))
    # A sign-in link is a key: once delivered, the database keeps no readable copy of it.
    await OutboxMessage.update(
        {OutboxMessage.body_text: "", OutboxMessage.body_html: "", OutboxMessage.link: ""}
    ).where((OutboxMessage.id == message_id) & OutboxMessage.kind.is_in(list(SIGN_IN_KINDS)))


async def mark_failed(message_id: int, attempts: int, error: str) -> None:
    """Try again after the backoff, or give up after MAX_ATTEMPTS (status failed)."""
    await OutboxMessage.update(
        {
            OutboxMessage.status: "failed" if rules.gives_up(attempts) else "pending",
            OutboxMessage.next_attempt_at: now() + rules.backoff(attempts),
            OutboxMessage.claimed_until: None,
            OutboxMessage.last_error: error[:2000],
        }
    ).where((OutboxMessage.id == message_id) & (OutboxMessage.status == "sending"))
