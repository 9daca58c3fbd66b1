"""A dialogue's records: its sessions, feedback and documents, and everything its page lists
of its own. Every change is audited."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from tracker.accounts.permissions import Principal
from tracker.audit.services import changes_for, record_change
from tracker.clock import now
from tracker.db import write_transaction
from tracker.dialogues.forms import FeedbackInput, SessionInput
from tracker.dialogues.links import projects_of
from tracker.dialogues.register import ENTITY
from tracker.dialogues.tables import (
    Dialogue,
    DialogueChecklistMark,
    DialogueDocument,
    DialogueFeedback,
    DialogueSession,
)


async def add_session(dialogue: Dialogue, data: SessionInput, actor: Principal) -> None:
    async with write_transaction():
        await DialogueSession.insert(
            DialogueSession(
                dialogue=dialogue.id,
                held_on=data.held_on,
                place=data.place,
                method=data.method,
                participants=data.participants,
                breakdown=data.breakdown,
                created_at=now(),
                created_by=actor.name,
            )
        )
        await Dialogue.update({Dialogue.updated_at: now()}).where(Dialogue.id == dialogue.id)
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=dialogue.id,
            action="session_added",
            summary=f"Registrerade ett dialogtillfälle {data.held_on.isoformat()} ({data.method}, "
            f"{data.participants} deltagare).",
        )


async def write_feedback(
    dialogue: Dialogue, data: FeedbackInput, actor: Principal, change_ids: list[int]
) -> int:
    """Write a piece of feedback and its log entry, in the caller's write transaction; the
    changes it reported (`change_ids`, to residents only) are linked by the caller, whose area
    they belong to. The feedback's id."""
    feedback = DialogueFeedback(
        dialogue=dialogue.id,
        audience=data.audience,
        given_on=data.given_on,
        channel=data.channel,
        text=data.text,
        reference=data.reference,
        created_at=now(),
        created_by=actor.name,
    )
    await feedback.save()
    await Dialogue.update({Dialogue.updated_at: now()}).where(Dialogue.id == dialogue.id)
    to_whom = "invånarna" if data.audience == "residents" else "nämnden"
    reported = f" som berättar om {len(change_ids)} " + (
        "förändring." if len(change_ids) == 1 else "förändringar."
    )
    await record_change(
        actor=actor,
        entity_type=ENTITY,
        entity_id=dialogue.id,
        action="feedback_added",
        summary=f"Registrerade återkoppling till {to_whom} {data.given_on.isoformat()}"
        + (reported if change_ids else "."),
        changes={"changes_named": [None, change_ids]} if change_ids else None,
    )
    return int(feedback.id)


async def add_document(dialogue: Dialogue, values: dict[str, Any], actor: Principal) -> None:
    async with write_transaction():
        await DialogueDocument.insert(
            DialogueDocument(
                dialogue=dialogue.id, **values, created_at=now(), created_by=actor.name
            )
        )
        await Dialogue.update({Dialogue.updated_at: now()}).where(Dialogue.id == dialogue.id)
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=dialogue.id,
            action="document_added",
            summary=f"Lade till dokumentet ”{values['title']}”.",
        )


@dataclass(slots=True)
class DialogueRecords:
    sessions: list[dict[str, Any]]
    feedback: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    checked: set[tuple[str, str]]
    projects: list[dict[str, Any]]
    changes: list[dict[str, Any]]

    @property
    def participants(self) -> int:
        return sum(row["participants"] for row in self.sessions)

    def feedback_to(self, audience: str) -> list[dict[str, Any]]:
        return [row for row in self.feedback if row["audience"] == audience]

    def done_in(self, phase: str) -> set[str]:
        return {key for mark_phase, key in self.checked if mark_phase == phase}


async def dialogue_records(dialogue: Dialogue) -> DialogueRecords:
    """Everything the dialogue page lists of its own: five queries whatever the amounts (the
    partners who carried its feedback are the collaborations' panel)."""
    sessions = (
        await DialogueSession.select()
        .where(DialogueSession.dialogue == dialogue.id)
        .order_by(DialogueSession.held_on)
    )
    feedback = (
        await DialogueFeedback.select()
        .where(DialogueFeedback.dialogue == dialogue.id)
        .order_by(DialogueFeedback.given_on)
    )
    documents = (
        await DialogueDocument.select()
        .where(DialogueDocument.dialogue == dialogue.id)
        .order_by(DialogueDocument.document_date)
    )
    marks = await DialogueChecklistMark.select(
        DialogueChecklistMark.phase, DialogueChecklistMark.item_key
    ).where((DialogueChecklistMark.dialogue == dialogue.id) & DialogueChecklistMark.done.eq(True))
    for row in sessions:
        if isinstance(row["breakdown"], str):
            row["breakdown"] = json.loads(row["breakdown"])
    return DialogueRecords(
        sessions=sessions,
        feedback=feedback,
        documents=documents,
        checked={(m["phase"], m["item_key"]) for m in marks},
        projects=await projects_of(dialogue.id),
        changes=await changes_for(ENTITY, dialogue.id),
    )


async def first_session_on(dialogue_id: int) -> date | None:
    """When the dialogue's first session was held (None before any): feedback comes after."""
    row = await (
        DialogueSession.select(DialogueSession.held_on)
        .where(DialogueSession.dialogue == dialogue_id)
        .order_by(DialogueSession.held_on)
        .first()
    )
    return row["held_on"] if row else None
