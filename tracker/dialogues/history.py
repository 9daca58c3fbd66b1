"""A dialogue's dated state history (dialogue_state_event): each move with the date it took
effect, who recorded it and when. Written by the services in the move's own transaction;
filled from the change log for databases and export files from before the history existed
(the migration, and `tracker import` of format version 1)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from tracker.clock import SWEDISH_TIME
from tracker.db import fetch_rows
from tracker.dialogues.tables import DialogueStateEvent
from tracker.shared.status_history import logged_changes as _changes
from tracker.shared.status_history import logged_moment as _moment

ENTITY = "dialogue"
CHUNK = 400


async def record_state(
    dialogue_id: int,
    from_state: str | None,
    state: str,
    *,
    state_on: date | None,
    recorded_at: datetime,
    recorded_by: str,
) -> None:
    """One move, effective on `state_on` (checked by the caller) or else the day it was recorded."""
    await DialogueStateEvent.insert(
        DialogueStateEvent(
            dialogue=dialogue_id,
            from_state=from_state,
            state=state,
            state_on=state_on or recorded_at.astimezone(SWEDISH_TIME).date(),
            recorded_at=recorded_at,
            recorded_by=recorded_by,
        )
    )


def events_from_log(
    dialogues: list[dict[str, Any]], log: list[dict[str, Any]]
) -> list[tuple[Any, ...]]:
    """The history the change log tells, per dialogue: its registration in the state its first
    logged move started from (else its state now), then each logged move of `state`, effective
    on its `state_on` when it was dated back, else on the day it was recorded. Rows of
    (dialogue, from_state, state, state_on, recorded_at, recorded_by)."""
    moves: dict[int, list[dict[str, Any]]] = {}
    created_by: dict[int, str] = {}
    for row in log:
        changes = _changes(row["changes"])
        if row["action"] == "created":
            created_by.setdefault(int(row["entity_id"]), row["actor"])
        pair = changes.get("state")
        if isinstance(pair, list) and len(pair) == 2:
            dated = changes.get("state_on")
            on = dated[1] if isinstance(dated, list) and len(dated) == 2 else None
            moves.setdefault(int(row["entity_id"]), []).append(
                {"pair": pair, "on": on, "at": _moment(row["occurred_at"]), "by": row["actor"]}
            )
    rows: list[tuple[Any, ...]] = []
    for dialogue in dialogues:
        key = int(dialogue["id"])
        created = _moment(dialogue["created_at"])
        own = moves.get(key, [])
        first = own[0]["pair"][0] if own else dialogue["state"]
        rows.append(
            (
                key,
                None,
                first,
                created.astimezone(SWEDISH_TIME).date(),
                created,
                created_by.get(key, "Systemet"),
            )
        )
        for move in own:
            on = date.fromisoformat(move["on"]) if move["on"] else None
            at = move["at"]
            rows.append(
                (
                    key,
                    move["pair"][0],
                    move["pair"][1],
                    on or at.astimezone(SWEDISH_TIME).date(),
                    at,
                    move["by"],
                )
            )
    return rows


async def fill_from_change_log() -> int:
    """Give every dialogue without a history the one its change log tells; the rows written."""
    dialogues = await fetch_rows(
        "SELECT id, state, created_at FROM dialogue WHERE id NOT IN "
        "(SELECT dialogue FROM dialogue_state_event) ORDER BY id"
    )
    if not dialogues:
        return 0
    log = await fetch_rows(
        "SELECT entity_id, occurred_at, actor, action, changes FROM change_log "
        f"WHERE entity_type = '{ENTITY}' AND action IN ('created', 'state_changed') "
        "ORDER BY occurred_at, id"
    )
    rows = events_from_log(dialogues, log)
    columns = "dialogue, from_state, state, state_on, recorded_at, recorded_by"
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        marks = ", ".join("({}, {}, {}, {}, {}, {})" for _ in chunk)
        await DialogueStateEvent.raw(
            f"INSERT INTO dialogue_state_event ({columns}) VALUES {marks}",
            *[value for row in chunk for value in row],
        )
    return len(rows)
