"""The chain from a dialogue to a service change and back, and the gap views, on crafted data."""

from datetime import date

import pytest

from tests.dialogues.factories import make_dialogue
from tests.factories import ACTOR, make_project
from tracker.audit.tables import ChangeLogEntry
from tracker.insights import gaps, services, trails
from tracker.insights.changes import services as change_services
from tracker.insights.rules import ChainRefused
from tracker.phases.catalogue import PhaseCatalogue


async def _evidence(dialogue_id: int, text: str = "Gångvägen vid skolan är mörk") -> int:
    return await services.add_evidence(
        source_type="dialogue",
        source_id=dialogue_id,
        text=text,
        speaker_category="förälder, 30–44 år",
        internal=False,
        actor=ACTOR,
    )


async def test_a_change_is_traced_to_its_dialogue_and_back(
    db: None, catalogue: PhaseCatalogue
) -> None:
    dialogue = await make_dialogue(state="held", level_promised="inflytande")
    project = await make_project(catalogue, current_step="undersoka")
    evidence = await _evidence(dialogue.id)
    insight = await services.create_insight(
        statement="Föräldrar känner sig otrygga på vägen till skolan",
        target_group="Föräldrar",
        evidence_ids=[evidence],
        actor=ACTOR,
    )
    await services.use_in_project(insight, project.id, None, ACTOR)
    change = await change_services.create_change(
        project_id=project.id,
        title="Ny belysning längs skolvägen",
        description="",
        status_on=date(2026, 4, 1),
        actor=ACTOR,
    )
    await change_services.address_insight(change, insight, 3, ACTOR)

    forward = await trails.trail_from_source("dialogue", dialogue.id)
    assert [row["id"] for row in forward.evidence] == [evidence]
    assert [row["id"] for row in forward.insights] == [insight]
    assert [row["id"] for row in forward.projects] == [project.id]
    assert [(row["id"], row["strength"]) for row in forward.changes] == [(change, 3)]

    back = await trails.trail_to_change(change)
    assert [row["id"] for row in back.insights] == [insight]
    assert [row["id"] for row in back.evidence] == [evidence]
    assert [row["id"] for row in back.sources] == [dialogue.id]


async def test_an_insight_is_reused_across_two_projects(
    db: None, catalogue: PhaseCatalogue
) -> None:
    dialogue = await make_dialogue(state="held")
    first = await make_project(catalogue, title="Skolvägen")
    second = await make_project(catalogue, title="Trygg fritid")
    insight = await services.create_insight(
        statement="Mörker gör vägar otrygga",
        target_group="Unga",
        evidence_ids=[await _evidence(dialogue.id)],
        actor=ACTOR,
    )
    assert await services.use_in_project(insight, first.id, None, ACTOR)
    assert await services.use_in_project(insight, second.id, None, ACTOR)
    assert not await services.use_in_project(insight, second.id, None, ACTOR)  # once per project

    trail = await trails.trail_from_source("dialogue", dialogue.id)
    assert sorted(row["id"] for row in trail.projects) == sorted([first.id, second.id])


async def test_removing_a_link_is_recorded(db: None, catalogue: PhaseCatalogue) -> None:
    dialogue = await make_dialogue(state="held")
    project = await make_project(catalogue)
    insight = await services.create_insight(
        statement="Behov av kvällsöppet",
        target_group="Unga",
        evidence_ids=[await _evidence(dialogue.id)],
        actor=ACTOR,
    )
    await services.use_in_project(insight, project.id, None, ACTOR)
    assert await services.stop_using(insight, project.id, ACTOR)

    log = (
        await ChangeLogEntry.select(ChangeLogEntry.action, ChangeLogEntry.entity_type)
        .where(ChangeLogEntry.action.is_in(["linked", "unlinked"]))
        .order_by(ChangeLogEntry.id)
    )
    assert [(row["entity_type"], row["action"]) for row in log] == [
        ("insight", "linked"),
        ("project", "linked"),
        ("insight", "unlinked"),
        ("project", "unlinked"),
    ]
    assert (await trails.trail_from_source("dialogue", dialogue.id)).projects == []


async def test_an_insight_needs_evidence(db: None) -> None:
    with pytest.raises(ChainRefused):
        await services.create_insight(statement="x", target_group="y", evidence_ids=[], actor=ACTOR)
    with pytest.raises(ChainRefused):
        await services.create_insight(
            statement="x", target_group="y", evidence_ids=[999], actor=ACTOR
        )


async def test_gap_views_list_exactly_the_broken_links(db: None, catalogue: PhaseCatalogue) -> None:
    project = await make_project(catalogue)
    silent = await make_dialogue(state="held", title="Hörd men inte antecknad")
    promised = await make_dialogue(
        state="held", title="Utlovat inflytande", level_promised="inflytande"
    )
    kept = await make_dialogue(state="held", title="Hållet löfte", level_promised="medbeslutande")
    await make_dialogue(state="decided", title="Inte genomförd än")

    unused = await services.create_insight(
        statement="Oanvänd insikt",
        target_group="Alla",
        evidence_ids=[await _evidence(promised.id)],
        actor=ACTOR,
    )
    used = await services.create_insight(
        statement="Använd insikt",
        target_group="Alla",
        evidence_ids=[await _evidence(kept.id)],
        actor=ACTOR,
    )
    await services.use_in_project(used, project.id, None, ACTOR)
    backed = await change_services.create_change(
        project_id=project.id,
        title="Med underlag",
        description="",
        status_on=date(2026, 5, 1),
        actor=ACTOR,
    )
    await change_services.address_insight(backed, used, 2, ACTOR)
    bare = await change_services.create_change(
        project_id=project.id,
        title="Utan underlag",
        description="",
        status_on=date(2026, 5, 1),
        actor=ACTOR,
    )

    assert [row["id"] for row in await gaps.dialogues_without_insights()] == [silent.id]
    assert [row["id"] for row in await gaps.insights_never_used()] == [unused]
    assert [row["id"] for row in await gaps.changes_without_evidence()] == [bare]
    assert [row["id"] for row in await gaps.broken_promises()] == [promised.id]


async def test_a_change_status_has_a_date_and_a_history(
    db: None, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    change = await change_services.create_change(
        project_id=project.id,
        title="Digital ansökan",
        description="",
        status_on=date(2026, 1, 10),
        actor=ACTOR,
    )
    await change_services.set_change_status(change, "testing", date(2026, 2, 1), "", ACTOR)
    with pytest.raises(ChainRefused):
        await change_services.set_change_status(change, "implemented", date(2026, 3, 1), "", ACTOR)
    with pytest.raises(ChainRefused):
        await change_services.set_change_status(change, "decided", date(2026, 1, 1), "", ACTOR)
    await change_services.set_change_status(
        change, "closed", date(2026, 3, 1), "För dyrt just nu", ACTOR
    )
    from tracker.insights.tables import ChangeStatusEvent, ServiceChange

    events = (
        await ChangeStatusEvent.select(ChangeStatusEvent.status)
        .where(ChangeStatusEvent.change == change)
        .order_by(ChangeStatusEvent.id)
    )
    assert [row["status"] for row in events] == ["idea", "testing", "closed"]
    stored = await ServiceChange.select().where(ServiceChange.id == change).first()
    assert stored is not None and stored["closed_reason"] == "För dyrt just nu"
