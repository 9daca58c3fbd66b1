"""A removed link of an insight is kept with when it was made and removed, so the report can
count the links that existed at a period's end; older databases get the removals their
change log tells."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tests.dialogues.factories import make_dialogue
from tests.factories import ACTOR, make_project
from tracker.db import fetch_rows
from tracker.insights import link_history, services
from tracker.insights.changes import services as changes
from tracker.insights.link_history import InsightLinkRemoval, removals_from_log
from tracker.phases.catalogue import PhaseCatalogue

from .factories import change_in, evidence_from, insight_on


async def _removals() -> list[dict[str, Any]]:
    rows = await fetch_rows(
        "SELECT insight, project, change, linked_by, unlinked_by FROM insight_link_removal "
        "ORDER BY id"
    )
    return [dict(row) for row in rows]


async def test_removing_a_use_or_a_changes_insight_keeps_the_removed_link(
    db: None, catalogue: PhaseCatalogue
) -> None:
    dialogue = await make_dialogue(state="held")
    project = await make_project(catalogue)
    insight = await insight_on([await evidence_from(dialogue.id)])
    change = await change_in(project.id)
    await services.use_in_project(insight, project.id, None, ACTOR)
    await changes.address_insight(change, insight, 2, ACTOR)

    assert await services.stop_using(insight, project.id, ACTOR)
    assert await changes.stop_addressing(change, insight, ACTOR)

    assert await _removals() == [
        {"insight": insight, "project": project.id, "change": None}
        | {"linked_by": ACTOR.name, "unlinked_by": ACTOR.name},
        {"insight": insight, "project": None, "change": change}
        | {"linked_by": ACTOR.name, "unlinked_by": ACTOR.name},
    ]
    kept = await InsightLinkRemoval.select().order_by(InsightLinkRemoval.id)
    assert all(row["linked_at"] <= row["unlinked_at"] for row in kept)


async def test_the_removals_are_filled_from_the_change_log_as_the_services_kept_them(
    db: None, catalogue: PhaseCatalogue
) -> None:
    dialogue = await make_dialogue(state="held")
    project = await make_project(catalogue)
    insight = await insight_on([await evidence_from(dialogue.id)])
    change = await change_in(project.id)
    await services.use_in_project(insight, project.id, None, ACTOR)
    await services.stop_using(insight, project.id, ACTOR)
    await services.use_in_project(insight, project.id, None, ACTOR)  # used again: not removed
    await changes.address_insight(change, insight, 3, ACTOR)
    await changes.stop_addressing(change, insight, ACTOR)
    kept = await _removals()
    await InsightLinkRemoval.delete(force=True)

    assert await link_history.fill_from_change_log() == 2
    assert await _removals() == kept
    assert await link_history.fill_from_change_log() == 0  # kept already: left alone


def test_a_removal_whose_making_the_log_does_not_show_dates_it_from_the_insight() -> None:
    created = datetime(2026, 1, 5, 9).isoformat()
    log = [
        {
            "action": "unlinked",
            "occurred_at": "2026-04-01T07:00:00+00:00",
            "actor": "Kim",
            "changes": '{"link": ["change:7-insight:3:2", null]}',
        }
    ]
    [removal] = removals_from_log(log, {3: created})
    assert (removal["insight"], removal["change"], removal["project"]) == (3, 7, None)
    assert (removal["linked_by"], removal["unlinked_by"]) == ("Systemet", "Kim")
    assert removal["linked_at"].isoformat().startswith("2026-01-05T09:00")
