"""A dialogue's dated state history: each move written with the move, dated back when the
user says so, and the same history filled from the change log for older databases."""

from tracker.clock import SWEDISH_TIME, today
from tracker.db import fetch_rows
from tracker.dialogues import governance, history, records
from tracker.dialogues.tables import DialogueStateEvent

from .factories import ACTOR, make_dialogue, session_input


async def _history(dialogue_id: int) -> list[tuple[object, ...]]:
    rows = await fetch_rows(
        "SELECT from_state, state, state_on, recorded_by FROM dialogue_state_event "
        "WHERE dialogue = {} ORDER BY id",
        dialogue_id,
    )
    return [
        (row["from_state"], row["state"], str(row["state_on"]), row["recorded_by"]) for row in rows
    ]


async def test_each_move_is_kept_with_the_date_it_took_effect(db: None) -> None:
    dialogue = await make_dialogue(state="decided")
    await records.add_session(dialogue, session_input(), ACTOR)
    began = dialogue.created_at.astimezone(SWEDISH_TIME).date()
    await governance.transition(dialogue, "held", {"state_on": began}, ACTOR)
    kept = await _history(dialogue.id)
    on = today().isoformat()
    assert kept[0] == (None, "idea", began.isoformat(), ACTOR.name)
    assert [row[:2] for row in kept[1:-1]] == [
        ("idea", "inquiry"),
        ("inquiry", "proposal"),
        ("proposal", "decided"),
    ]
    assert all(row[2] == on for row in kept[1:-1])
    assert kept[-1] == ("decided", "held", began.isoformat(), ACTOR.name)


async def test_the_history_is_filled_from_the_change_log_as_the_services_wrote_it(
    db: None,
) -> None:
    """What the migration (and importing a version 1 file) does: the same rows, dated back
    where the change log says so."""
    first = await make_dialogue(state="decided")
    await records.add_session(first, session_input(), ACTOR)
    began = first.created_at.astimezone(SWEDISH_TIME).date()
    await governance.transition(first, "held", {"state_on": began}, ACTOR)
    second = await make_dialogue()
    written = {d: await _history(d) for d in (first.id, second.id)}
    await DialogueStateEvent.delete(force=True)
    assert await history.fill_from_change_log() == sum(len(rows) for rows in written.values())
    assert {d: await _history(d) for d in (first.id, second.id)} == written
    assert await history.fill_from_change_log() == 0  # a dialogue with a history is left alone
