"""A collaboration's follow-ups, and the agenda of follow-ups and renewals across all
collaborations. Every change is audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from piccolo.custom_types import Combinable

from tracker.accounts.permissions import Principal
from tracker.audit.services import record_change
from tracker.clock import now
from tracker.collaborations.forms import FollowUpInput
from tracker.collaborations.register import ENTITY
from tracker.collaborations.rules import is_overdue
from tracker.collaborations.tables import Collaboration, FollowUp
from tracker.db import MAX_ID, write_transaction


async def add_follow_up(
    collaboration: Collaboration, data: FollowUpInput, actor: Principal
) -> None:
    async with write_transaction():
        await FollowUp.insert(
            FollowUp(
                collaboration=collaboration.id,
                due_on=data.due_on,
                what=data.what,
                done=False,
                created_at=now(),
                created_by=actor.name,
            )
        )
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=collaboration.id,
            action="follow_up_added",
            summary=f"Lade till uppföljningen ”{data.what}” {data.due_on.isoformat()}.",
        )


async def mark_follow_up_done(
    collaboration: Collaboration, follow_up_id: int, actor: Principal
) -> bool:
    """Mark a follow-up as done. LookupError if it is not this collaboration's."""
    if not 0 < follow_up_id <= MAX_ID:
        raise LookupError(follow_up_id)
    async with write_transaction():
        row = (
            await FollowUp.select()
            .where((FollowUp.id == follow_up_id) & (FollowUp.collaboration == collaboration.id))
            .first()
        )
        if row is None:
            raise LookupError(follow_up_id)
        if row["done"]:
            return False
        await FollowUp.update({FollowUp.done: True}).where(FollowUp.id == follow_up_id)
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=collaboration.id,
            action="follow_up_done",
            summary=f"Markerade uppföljningen ”{row['what']}” som gjord.",
            changes={"follow_up": [row["due_on"].isoformat(), "gjord"]},
        )
    return True


async def agenda(today: date, *, include_ended: bool = False) -> list[dict[str, Any]]:
    """Follow-ups not yet done and renewal dates, sorted by date; two queries."""
    active: Combinable = Collaboration.archived_at.is_null()
    if not include_ended:
        active &= Collaboration.status != "ended"
    follow_ups = await FollowUp.select(
        FollowUp.id,
        FollowUp.due_on,
        FollowUp.what,
        FollowUp.collaboration.id.as_alias("collaboration_id"),
        FollowUp.collaboration.title.as_alias("title"),
        FollowUp.collaboration.department.as_alias("department"),
    ).where(
        FollowUp.done.eq(False)
        & FollowUp.collaboration.archived_at.is_null()
        & (
            FollowUp.collaboration.status != "ended"
            if not include_ended
            else FollowUp.collaboration.id.is_not_null()
        )
    )
    renewals = await Collaboration.select(
        Collaboration.id, Collaboration.title, Collaboration.department, Collaboration.renewal_date
    ).where(active & Collaboration.renewal_date.is_not_null())
    items = [
        {
            "kind": "follow_up",
            "date": row["due_on"],
            "what": row["what"],
            "collaboration_id": row["collaboration_id"],
            "title": row["title"],
            "department": row["department"],
            "overdue": is_overdue(row["due_on"], today),
        }
        for row in follow_ups
    ] + [
        {
            "kind": "renewal",
            "date": row["renewal_date"],
            "what": "Förnyelse av överenskommelsen",
            "collaboration_id": row["id"],
            "title": row["title"],
            "department": row["department"],
            "overdue": is_overdue(row["renewal_date"], today),
        }
        for row in renewals
    ]
    return sorted(items, key=lambda item: (item["date"], item["title"]))
