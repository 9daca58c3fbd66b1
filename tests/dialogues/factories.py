"""Build dialogues for tests through the real services, walked to any state of the process."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import httpx

from tracker.accounts.permissions import Principal, system_actor
from tracker.audit.tables import ChangeLogEntry
from tracker.dialogues import governance, records, register
from tracker.dialogues.forms import DialogueInput, FeedbackInput, SessionInput
from tracker.dialogues.rules import State
from tracker.dialogues.tables import Dialogue
from tracker.insights.feedback import add_feedback

ACTOR = system_actor("Testanvändare")
ClientAs = Callable[[Principal], httpx.AsyncClient]  # the `client_as` fixture

# The way from Idé to each state, one transition at a time.
PATHS: dict[str, tuple[str, ...]] = {
    State.IDEA: (),
    State.INQUIRY: (State.INQUIRY,),
    State.PROPOSAL: (State.INQUIRY, State.PROPOSAL),
    State.DECIDED: (State.INQUIRY, State.PROPOSAL, State.DECIDED),
    State.HELD: (State.INQUIRY, State.PROPOSAL, State.DECIDED, State.HELD),
    State.FED_BACK: (State.INQUIRY, State.PROPOSAL, State.DECIDED, State.HELD, State.FED_BACK),
    State.NO_DIALOGUE: (State.INQUIRY, State.NO_DIALOGUE),
    State.INFORMATION_MEETING: (State.INQUIRY, State.NO_DIALOGUE, State.INFORMATION_MEETING),
}


def dialogue_input(**overrides: Any) -> DialogueInput:
    values: dict[str, Any] = {
        "title": "Trygghet i centrum",
        "question": "Vad gör att du känner dig trygg i centrum på kvällen?",
        "kind": "citizen",
        "board": "Kommunstyrelsen",
        "department": "Kommunledningskontoret",
        "idea_source": "politician",
        "purpose": "Ge nämnden underlag inför beslut om belysning och vakter.",
        "target_groups": "Unga 13–19 år och äldre som går hem på kvällen",
        "related_decision": "Handlingsplan för trygghet 2027",
        "decision_planned_on": date(2026, 9, 1),
        "level_promised": None,
        "methods": [],
    }
    values.update(overrides)
    return DialogueInput(**values)


def dialogue_form(**overrides: str) -> dict[str, str]:
    """What a user types into the registration form."""
    values = {
        "title": "Ny lekplats i Enebyberg",
        "question": "Hur vill barn och föräldrar använda den nya lekplatsen?",
        "kind": "citizen",
        "board": "Tekniska nämnden",
        "department": "Miljö- och stadsbyggnadsförvaltningen",
        "idea_source": "resident",
        "purpose": "Underlag till utformningen av lekplatsen.",
        "target_groups": "Barn 3–12 år och deras föräldrar",
        "related_decision": "Investeringsbeslut för lekplatsen",
        "decision_planned_on": "2026-10-15",
        "level_promised": "dialog",
        "other_methods": "",
    }
    values.update(overrides)
    return values


DECISION = {
    "decided_on": date(2026, 3, 10),
    "decision_reference": "KS 2026/0042 § 17",
    "feedback_due": date(2026, 6, 30),
}
INFORMATION_MEETING = {
    "info_meeting_on": date(2026, 4, 2),
    "why_decision": "Budgeten var redan beslutad av fullmäktige.",
    "why_no_dialogue": "Frågan gick inte att påverka.",
}


def session_input(**overrides: Any) -> SessionInput:
    values: dict[str, Any] = {
        "held_on": date(2026, 4, 20),
        "place": "Biblioteket",
        "method": "Cafémetoden",
        "participants": 24,
        "breakdown": {"age": {"13–19 år": 10, "20–64 år": 14}},
    }
    values.update(overrides)
    return SessionInput(**values)


def feedback_input(audience: str = "residents", **overrides: Any) -> FeedbackInput:
    values: dict[str, Any] = {
        "audience": audience,
        "given_on": date(2026, 6, 1),
        "channel": "web" if audience == "residents" else "",
        "text": "Ni sa att belysningen är viktig – nu byggs den ut."
        if audience == "residents"
        else "",
        "reference": "" if audience == "residents" else "KS 2026/0042 § 40",
    }
    values.update(overrides)
    return FeedbackInput(**values)


async def make_dialogue(
    *,
    state: str = State.IDEA,
    actor: Principal = ACTOR,
    feedback_due: date | None = None,
    **overrides: Any,
) -> Dialogue:
    """A dialogue walked through the real process to `state`, recording what each step needs."""
    if state in (State.DECIDED, State.HELD, State.FED_BACK):
        overrides.setdefault("level_promised", "dialog")
    dialogue = await register.create_dialogue(dialogue_input(**overrides), actor)
    for target in PATHS[state]:
        values: dict[str, Any] = {}
        if target in (State.PROPOSAL, State.NO_DIALOGUE):
            values = {
                "needs_knowledge": True,
                "open_to_influence": target == State.PROPOSAL,
                "board_answered_on": date(2026, 2, 20),
            }
        elif target == State.DECIDED:
            values = DECISION | ({"feedback_due": feedback_due} if feedback_due else {})
        elif target == State.INFORMATION_MEETING:
            values = INFORMATION_MEETING
        elif target == State.HELD:
            await records.add_session(dialogue, session_input(), actor)
        elif target == State.FED_BACK:
            await add_feedback(dialogue, feedback_input("residents"), actor)
            await add_feedback(dialogue, feedback_input("board"), actor)
        await governance.transition(dialogue, target, values, actor)
        dialogue = await stored_dialogue(dialogue.id)
    return await stored_dialogue(dialogue.id)


async def stored_dialogue(dialogue_id: int) -> Dialogue:
    """The dialogue as it is in the database now."""
    dialogue = await Dialogue.objects().get(Dialogue.id == dialogue_id)
    assert dialogue is not None
    return dialogue


async def change_log(dialogue_id: int) -> list[dict[str, Any]]:
    """The dialogue's change-log entries, oldest first, with `changes` decoded."""
    return await (
        ChangeLogEntry.select()
        .where(
            (ChangeLogEntry.entity_type == register.ENTITY)
            & (ChangeLogEntry.entity_id == dialogue_id)
        )
        .order_by(ChangeLogEntry.id)
        .output(load_json=True)
    )


async def actions(dialogue_id: int) -> list[str]:
    return [entry["action"] for entry in await change_log(dialogue_id)]
