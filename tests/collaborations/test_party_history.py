"""Who was a party to a collaboration, when: each organisation joining or leaving is kept with
the moment and who recorded it, and older databases get the events their change log tells."""

from __future__ import annotations

from typing import Any

from tracker.collaborations import party_history, register
from tracker.collaborations.party_history import CollaborationPartyEvent, events_from_log
from tracker.db import fetch_rows

from .factories import ACTOR, collaboration_input, make_collaboration, make_organisation


async def _events() -> list[tuple[Any, ...]]:
    rows = await fetch_rows(
        "SELECT collaboration, organisation, change, recorded_by FROM collaboration_party_event "
        "ORDER BY id"
    )
    return [tuple(row.values()) for row in rows]


async def test_joining_and_leaving_are_kept(db: None) -> None:
    first = await make_organisation()
    second = await make_organisation(name="Röda korset", org_number="")
    collaboration = await make_collaboration([first.id])

    await register.update_collaboration(collaboration, collaboration_input([second.id]), ACTOR)

    assert await _events() == [
        (collaboration.id, first.id, "joined", ACTOR.name),
        (collaboration.id, second.id, "joined", ACTOR.name),
        (collaboration.id, first.id, "left", ACTOR.name),
    ]


async def test_the_events_are_filled_from_the_change_log_as_the_services_kept_them(
    db: None,
) -> None:
    first = await make_organisation()
    second = await make_organisation(name="Röda korset", org_number="")
    collaboration = await make_collaboration([first.id, second.id])
    await register.update_collaboration(collaboration, collaboration_input([second.id]), ACTOR)
    kept = await _events()
    await CollaborationPartyEvent.delete(force=True)

    assert await party_history.fill_from_change_log() == len(kept) == 3
    assert sorted(await _events()) == sorted(kept)
    assert await party_history.fill_from_change_log() == 0  # kept already: left alone


def test_a_name_no_organisation_has_now_is_skipped() -> None:
    log = [
        {
            "entity_id": 4,
            "occurred_at": "2026-04-01T07:00:00+00:00",
            "actor": "Kim",
            "changes": '{"organisations": [["Gamla namnet", "Läslust"], ["Läslust"]]}',
        },
        {
            "entity_id": 4,
            "occurred_at": "2026-05-01T07:00:00+00:00",
            "actor": "Kim",
            "changes": '{"organisations": [["Läslust"], []]}',
        },
    ]
    events = events_from_log(log, {"Läslust": 9})
    assert [(e["organisation"], e["change"], e["at"].month) for e in events] == [(9, "left", 5)]
