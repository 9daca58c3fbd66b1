"""The governance process: moving a dialogue from state to state (tracker.dialogues.rules
says which moves are allowed) and ticking its phases' checklists. Every change is audited."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from piccolo.query.functions.aggregate import Count

from tracker.accounts.permissions import Principal
from tracker.audit.services import diff, record_change
from tracker.clock import SWEDISH_TIME, now, today
from tracker.db import write_transaction
from tracker.dialogues.catalogue import DialogueLists
from tracker.dialogues.history import record_state
from tracker.dialogues.register import ENTITY
from tracker.dialogues.rules import (
    STATE_LABELS,
    DialogueFacts,
    State,
    TransitionRefused,
    check_state_on,
    check_transition,
)
from tracker.dialogues.tables import (
    Dialogue,
    DialogueChecklistMark,
    DialogueFeedback,
    DialogueSession,
)


async def _facts(dialogue_id: int) -> DialogueFacts:
    row = (
        await Dialogue.select(Dialogue.state, Dialogue.level_promised)
        .where(Dialogue.id == dialogue_id)
        .first()
    )
    sessions = await DialogueSession.count().where(DialogueSession.dialogue == dialogue_id)
    feedback = await (
        DialogueFeedback.select(DialogueFeedback.audience, Count(alias="n"))
        .where(DialogueFeedback.dialogue == dialogue_id)
        .group_by(DialogueFeedback.audience)
    )
    counts = {f["audience"]: f["n"] for f in feedback}
    assert row is not None
    return DialogueFacts(
        row["state"],
        row["level_promised"],
        sessions,
        counts.get("residents", 0),
        counts.get("board", 0),
    )


TRANSITION_FIELDS: dict[str, tuple[str, ...]] = {
    State.PROPOSAL: ("needs_knowledge", "open_to_influence", "board_answered_on"),
    State.NO_DIALOGUE: ("needs_knowledge", "open_to_influence", "board_answered_on"),
    State.DECIDED: ("decided_on", "decision_reference", "feedback_due", "level_promised"),
    State.INFORMATION_MEETING: ("info_meeting_on", "why_decision", "why_no_dialogue"),
}

STALE_MESSAGE = (
    "Dialogen har just flyttats av någon annan. Ingenting sparades; kontrollera läget och "
    "försök igen."
)


async def transition(
    dialogue: Dialogue, target: str, values: dict[str, Any], actor: Principal
) -> None:
    """Move the dialogue to `target`, storing what the step records. Raises TransitionRefused,
    also when the dialogue has left the state `dialogue` was read in (someone else moved it)."""
    async with write_transaction():
        facts = await _facts(dialogue.id)
        if facts.state != dialogue.state:
            raise TransitionRefused(STALE_MESSAGE)
        check_transition(facts, target, values)
        state_on = values.get("state_on")
        check_state_on(state_on, dialogue.created_at.astimezone(SWEDISH_TIME).date(), today())
        dated = {"state_on": [None, state_on.isoformat()]} if state_on else {}
        stored = {name: values.get(name) for name in TRANSITION_FIELDS.get(target, ())}
        if target in (State.PROPOSAL, State.NO_DIALOGUE) and facts.state == State.INQUIRY:
            stored["board_answered_on"] = stored.get("board_answered_on") or today()
        else:
            stored = {
                k: v
                for k, v in stored.items()
                if k not in ("needs_knowledge", "open_to_influence", "board_answered_on")
            }
        if stored.get("level_promised") is None:
            stored.pop("level_promised", None)
        before = {name: getattr(dialogue, name) for name in stored}
        stamp = now()
        # Only from the state just checked: of two simultaneous moves, one wins, one is refused.
        moved = await (
            Dialogue.update(
                {**stored, "state": target, "updated_at": stamp, "version": Dialogue.version + 1}  # type: ignore[dict-item]  # Piccolo wants dict[Column | str, Any]
            )
            .where((Dialogue.id == dialogue.id) & (Dialogue.state == facts.state))
            .returning(Dialogue.id)
        )
        if not moved:
            raise TransitionRefused(STALE_MESSAGE)
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=dialogue.id,
            action="state_changed",
            summary=f"Flyttade dialogen från {STATE_LABELS[facts.state]} till {STATE_LABELS[target]}.",
            changes={"state": [facts.state, target], **dated, **diff(before, stored)},
            at=stamp,
        )
        await record_state(
            dialogue.id,
            facts.state,
            target,
            state_on=state_on,
            recorded_at=stamp,
            recorded_by=actor.name,
        )


async def save_checklist(
    dialogue: Dialogue,
    phase_key: str,
    done: set[str],
    lists: DialogueLists,
    actor: Principal,
    only: Collection[str] | None = None,
) -> int:
    """Tick exactly `done` in the phase's checklist (of the items in `only`, when given: those
    the user changed); returns how many items changed."""
    phase = next((p for p in lists.checklist if p.key == phase_key), None)
    if phase is None:
        raise LookupError(phase_key)
    stamp = now()
    async with write_transaction():
        rows = await DialogueChecklistMark.select().where(
            (DialogueChecklistMark.dialogue == dialogue.id)
            & (DialogueChecklistMark.phase == phase_key)
        )
        existing = {row["item_key"]: row for row in rows}
        changed = [
            item
            for item in phase.checklist
            if existing.get(item.key, {}).get("done", False) != (item.key in done)
            and (only is None or item.key in only)
        ]
        for item in changed:
            if item.key in existing:
                await DialogueChecklistMark.update(
                    {
                        DialogueChecklistMark.done: item.key in done,
                        DialogueChecklistMark.updated_at: stamp,
                        DialogueChecklistMark.updated_by: actor.name,
                    }
                ).where(DialogueChecklistMark.id == existing[item.key]["id"])
            else:
                await DialogueChecklistMark.insert(
                    DialogueChecklistMark(
                        dialogue=dialogue.id,
                        phase=phase_key,
                        item_key=item.key,
                        done=True,
                        updated_at=stamp,
                        updated_by=actor.name,
                    )
                )
        if changed:
            await record_change(
                actor=actor,
                entity_type=ENTITY,
                entity_id=dialogue.id,
                action="checklist",
                summary=f"Checklistan {phase.name.lower()}: "
                + "; ".join(("✓ " if item.key in done else "✗ ") + item.text for item in changed)
                + ".",
                changes={
                    f"checklist:{phase_key}:{item.key}": [item.key not in done, item.key in done]
                    for item in changed
                },
            )
    return len(changed)
