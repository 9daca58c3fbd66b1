"""Feedback on a dialogue as a link in the chain: the piece of feedback (the dialogue's), the
partner who gave it with the municipality (the collaboration's) and the service changes it
told residents about (the chain's), written together in one transaction.

It lives here, above dialogues and collaborations, because it writes all three areas' tables.
"""

from __future__ import annotations

from tracker.accounts.permissions import Principal
from tracker.clock import now
from tracker.collaborations.tables import FeedbackPartner
from tracker.db import write_transaction
from tracker.dialogues import records as dialogues
from tracker.dialogues.forms import FeedbackInput
from tracker.dialogues.tables import Dialogue
from tracker.insights.tables import FeedbackChange


async def add_feedback(
    dialogue: Dialogue, data: FeedbackInput, actor: Principal, change_ids: list[int] | None = None
) -> None:
    """Record feedback; to residents it may name the service changes it reported."""
    reported = list(change_ids or []) if data.audience == "residents" else []
    async with write_transaction():
        feedback_id = await dialogues.write_feedback(dialogue, data, actor, reported)
        if data.partner is not None:
            await FeedbackPartner.insert(
                FeedbackPartner(feedback=feedback_id, collaboration=data.partner)
            )
        if reported:
            await FeedbackChange.insert(
                *[
                    FeedbackChange(
                        feedback=feedback_id, change=change, linked_at=now(), linked_by=actor.name
                    )
                    for change in reported
                ]
            )
