"""The messages that changes cause, enqueued inside the change's own transaction."""

from __future__ import annotations

from tracker.accounts.permissions import Principal
from tracker.db import fetch_rows
from tracker.kinds import DIALOGUE, REPORT
from tracker.mail import recipients
from tracker.mail.outbox import Mail, enqueue


async def report_frozen(report_id: int, title: str, number: int, actor: Principal) -> int:
    """To the report managers (not the one who froze it)."""
    link = REPORT.url(report_id) or "/"
    mail = Mail(
        kind="report_frozen",
        subject=f"Rapporten {title} är fastställd (version {number})",
        summary=f"{actor.name} fastställde version {number} av rapporten {title}.",
        link=link,
        context={"title": title, "number": number, "actor": actor.name},
    )
    return await enqueue(recipients.without(await recipients.report_managers(), actor.id), mail)


async def review_requested(
    dialogue_id: int, actor: Principal, chosen: list[recipients.Recipient]
) -> int:
    """To the reviewers the person who asked chose (never to that person)."""
    rows = await fetch_rows(DIALOGUE.titles_sql() + " WHERE id = {}", dialogue_id)
    title = rows[0]["title"] if rows else ""
    link = f"{DIALOGUE.url(dialogue_id)}/ni-sa-vi-gjorde"
    return await _review(f"Ni sa – vi gjorde för {title}", title, link, actor, chosen)


async def history_review_requested(
    project_id: int, title: str, actor: Principal, chosen: list[recipients.Recipient]
) -> int:
    """A project's design history to review: to the chosen reviewers (never the asker)."""
    link = f"/projekt/{project_id}/designhistorik/publicering"
    return await _review(f"designhistoriken för {title}", title, link, actor, chosen)


async def _review(
    what: str, title: str, link: str, actor: Principal, chosen: list[recipients.Recipient]
) -> int:
    mail = Mail(
        kind="review_requested",
        subject=f"Granska {what}",
        summary=f"{actor.name} vill att {what} granskas.",
        link=link,
        context={"title": title, "actor": actor.name},
    )
    return await enqueue(recipients.without(chosen, actor.id), mail)
