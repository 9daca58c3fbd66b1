"""Who was a party to a collaboration, when: the parties (collaboration_organisation) are
replaced by the edit form, so each organisation joining or leaving is kept here
(collaboration_party_event: which, when, by whom). The report counts an organisation that was
a party at the end of its period (`parties`): its last event before that moment is a joining,
or its first event after is a leaving, or it has no events and is a party now (a party from
before this table, whose joining the change log did not tell by a name still in use).

Older databases get the events their change log tells: it logged the parties' names at the
registration and at every change of parties (`organisations`: [before, after]); a name is
matched to the organisation that has it now, so a party renamed since is left to the rule
above.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from piccolo.columns import ForeignKey, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from tracker.collaborations.tables import Collaboration, Organisation
from tracker.db import fetch_rows
from tracker.shared.status_history import logged_changes, logged_moment

JOINED, LEFT = "joined", "left"
CHUNK = 150  # rows per INSERT, well within SQLite's limit on placeholders


class CollaborationPartyEvent(Table, tablename="collaboration_party_event"):
    """An organisation joined (`joined`) or left (`left`) a collaboration at `at`."""

    id: Serial

    collaboration = ForeignKey(Collaboration, index=True, on_delete=OnDelete.restrict)
    organisation = ForeignKey(Organisation, index=True, on_delete=OnDelete.restrict)
    change = Varchar(length=10)  # joined | left
    at = Timestamptz()
    recorded_by = Varchar(length=200)


async def record_parties(
    collaboration_id: int,
    joined: Collection[int],
    left: Collection[int],
    at: datetime,
    by: str,
) -> None:
    """The organisations that joined and left the collaboration at `at`."""
    events = [(org, JOINED) for org in joined] + [(org, LEFT) for org in left]
    if events:
        await CollaborationPartyEvent.insert(
            *[
                CollaborationPartyEvent(
                    collaboration=collaboration_id,
                    organisation=org,
                    change=change,
                    at=at,
                    recorded_by=by,
                )
                for org, change in events
            ]
        )


def parties(until: str) -> str:
    """The (collaboration, organisation) pairs that were parties at `until` (an SQL moment),
    to read in place of collaboration_organisation."""
    same = (
        "FROM collaboration_party_event pe WHERE pe.collaboration = x.collaboration "
        "AND pe.organisation = x.organisation"
    )
    state = (
        f"COALESCE((SELECT pe.change {same} AND pe.at < {until} "
        "ORDER BY pe.at DESC, pe.id DESC LIMIT 1), "
        f"(SELECT CASE WHEN pe.change = '{LEFT}' THEN '{JOINED}' ELSE '{LEFT}' END {same} "
        f"AND pe.at >= {until} ORDER BY pe.at, pe.id LIMIT 1), '{JOINED}')"
    )
    return (
        "(SELECT x.collaboration AS collaboration, x.organisation AS organisation FROM "
        "(SELECT collaboration, organisation FROM collaboration_organisation UNION "
        "SELECT collaboration, organisation FROM collaboration_party_event) x "
        f"WHERE {state} = '{JOINED}')"
    )


def events_from_log(log: list[dict[str, Any]], ids: dict[str, int]) -> list[dict[str, Any]]:
    """The joinings and leavings the change log tells (its rows oldest first), by the
    organisations' names now (`ids`: name → id); a name no organisation has now is skipped."""
    events: list[dict[str, Any]] = []
    for row in log:
        pair = logged_changes(row["changes"]).get("organisations")
        if not (isinstance(pair, list) and len(pair) == 2):
            continue
        before, after = set(pair[0] or []), set(pair[1] or [])
        for names, change in ((after - before, JOINED), (before - after, LEFT)):
            events.extend(
                {
                    "collaboration": int(row["entity_id"]),
                    "organisation": ids[name],
                    "change": change,
                    "at": logged_moment(row["occurred_at"]),
                    "recorded_by": row["actor"],
                }
                for name in sorted(names)
                if name in ids
            )
    return events


async def fill_from_change_log() -> int:
    """Keep every joining and leaving the change log tells, when none is kept yet."""
    if await CollaborationPartyEvent.exists():
        return 0
    log = await fetch_rows(
        "SELECT entity_id, occurred_at, actor, changes FROM change_log "
        "WHERE entity_type = 'collaboration' AND action IN ('created', 'updated') "
        "AND entity_id IN (SELECT id FROM collaboration) ORDER BY occurred_at, id"
    )
    names = await fetch_rows("SELECT id, name FROM organisation")
    events = events_from_log(log, {row["name"]: int(row["id"]) for row in names})
    for start in range(0, len(events), CHUNK):
        chunk = events[start : start + CHUNK]
        await CollaborationPartyEvent.insert(*[CollaborationPartyEvent(**row) for row in chunk])
    return len(events)
