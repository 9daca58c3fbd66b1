"""Rule 1 for statuses and links (issue 20): a project's and a collaboration's status, a
project's use of an insight and a change's insight are read as they stood at 24:00 Swedish
time on the period's last day, whenever the report is drafted. Records changed after the
period, on its first and last day and on the day after."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.reports import crafted
from tests.reports.crafted import END, START, swedish
from tests.reports.factories import lists
from tracker.collaborations.party_history import CollaborationPartyEvent
from tracker.collaborations.status_history import HISTORY as COLLABORATIONS
from tracker.collaborations.tables import Collaboration, CollaborationOrganisation
from tracker.insights.link_history import keep_removed
from tracker.insights.tables import ChangeInsight, Evidence, InsightEvidence, InsightUse
from tracker.projects.status_history import HISTORY as PROJECTS
from tracker.projects.tables import Project
from tracker.reports import figures
from tracker.shared.status_history import StatusHistory, record_status

REGISTERED = swedish(2025, 12, 1, 9)


async def _figures() -> dict[str, dict]:
    return (await figures.compute(START, END, lists())).figures


def _ids(found: dict[str, dict], key: str) -> list[int]:
    return found[key]["ids"] if key in found else []


async def _changed(
    history: StatusHistory,
    record: int,
    statuses: tuple[str, str],
    at: datetime,
    on: date | None = None,
) -> None:
    """A change of status recorded at `at`, dated back to `on` when given, as the services
    write it (the record's own column holds the status now)."""
    await record_status(
        history, record, statuses[0], statuses[1], status_on=on, recorded_at=at, recorded_by="T"
    )
    table: type[Project] | type[Collaboration] = Project if history is PROJECTS else Collaboration
    await table.update({table.status: statuses[1]}).where(table.id == record)


async def _project(name: str) -> int:
    project = await crafted.project(name, date(2025, 12, 1), "undersoka")
    await record_status(
        PROJECTS, project, None, "ongoing", status_on=None, recorded_at=REGISTERED, recorded_by="T"
    )
    return project


async def _collaboration(name: str) -> int:
    collaboration = await crafted.collaboration(name, "iop", date(2025, 12, 1), None, [])
    await record_status(
        COLLABORATIONS,
        collaboration,
        None,
        "ongoing",
        status_on=None,
        recorded_at=REGISTERED,
        recorded_by="T",
    )
    return collaboration


async def test_a_project_is_counted_in_the_status_it_had_at_the_periods_end(db: None) -> None:
    """Closed on 2026-12-01 (recorded then): counted as ongoing, as a report drafted on 1 April
    counted it; dated back to the last day it counts as closed, to the day after not."""
    later = await _project("Avslutat efter perioden")
    first = await _project("Avslutat första dagen")
    last = await _project("Avslutat sista dagen")
    after = await _project("Avslutat dagen efter")
    before = await _figures()
    december = swedish(2026, 12, 1, 9)
    await _changed(PROJECTS, later, ("ongoing", "closed"), december)
    await _changed(PROJECTS, first, ("ongoing", "closed"), december, date(2026, 1, 1))
    await _changed(PROJECTS, last, ("ongoing", "paused"), december, date(2026, 3, 31))
    await _changed(PROJECTS, after, ("ongoing", "closed"), december, date(2026, 4, 1))

    found = await _figures()

    assert _ids(found, "projects.status.ongoing") == sorted([later, after])
    assert _ids(found, "projects.status.closed") == [first]
    assert _ids(found, "projects.status.paused") == [last]
    assert _ids(before, "projects.status.ongoing") == sorted([later, first, last, after])
    total = sum(found[f"projects.status.{s}"]["value"] for s in PROJECT_STATUSES)
    assert total == found["projects.active"]["value"]


PROJECT_STATUSES = ("ongoing", "paused", "closed", "implemented")


async def test_a_status_recorded_on_the_last_evening_counts_and_one_after_midnight_not(
    db: None,
) -> None:
    late, early = await _project("Sent"), await _project("Tidigt")
    await _changed(PROJECTS, late, ("ongoing", "implemented"), swedish(2026, 3, 31, 23, 30))
    await _changed(PROJECTS, early, ("ongoing", "implemented"), swedish(2026, 4, 1, 0, 30))

    found = await _figures()

    assert _ids(found, "projects.status.implemented") == [late]
    assert early in _ids(found, "projects.status.ongoing")


async def test_a_project_with_no_history_is_counted_in_its_status_now(db: None) -> None:
    bare = await crafted.project("Utan historik", date(2026, 1, 1), "undersoka")
    await Project.update({Project.status: "paused"}).where(Project.id == bare)
    assert _ids(await _figures(), "projects.status.paused") == [bare]


async def test_a_collaboration_is_counted_in_the_status_it_had_at_the_periods_end(
    db: None,
) -> None:
    later = await _collaboration("Avslutad efter perioden")
    first = await _collaboration("Avslutad första dagen")
    last = await _collaboration("Avslutad sista dagen")
    after = await _collaboration("Avslutad dagen efter")
    december = swedish(2026, 12, 1, 9)
    await _changed(COLLABORATIONS, later, ("ongoing", "ended"), december)
    await _changed(COLLABORATIONS, first, ("ongoing", "ended"), december, date(2026, 1, 1))
    await _changed(COLLABORATIONS, last, ("ongoing", "ended"), december, date(2026, 3, 31))
    await _changed(COLLABORATIONS, after, ("ongoing", "ended"), december, date(2026, 4, 1))

    found = await _figures()

    assert _ids(found, "collaborations.status.ongoing") == sorted([later, after])
    assert _ids(found, "collaborations.status.ended") == sorted([first, last])
    assert found["collaborations.status.planned"]["value"] == 0
    assert "Samverkan per status vid periodens slut" in str(
        (await figures.compute(START, END, lists())).tables["collaborations"]
    )


# --- links ------------------------------------------------------------------------------------


async def _used(insight: int, project: int, made: datetime, removed: datetime | None) -> None:
    """A project's use of an insight, made at `made` and removed at `removed`, as the services
    remove it (the removal kept, the row deleted)."""
    row = InsightUse(insight=insight, project=project, linked_at=made, linked_by="Test")
    await row.save()
    if removed is not None:
        await keep_removed(InsightUse, int(row.id), removed, "Test")
        await InsightUse.delete().where(InsightUse.id == row.id)


@pytest.mark.parametrize(
    ("removed", "used_at_end"),
    [
        (None, True),
        (swedish(2026, 12, 1, 9), True),  # removed after the end: still counts
        (swedish(2026, 4, 1, 0, 0), True),  # removed at midnight after the last day
        (swedish(2026, 3, 31, 23, 59), False),  # removed on the last evening
        (swedish(2026, 1, 1, 8), False),  # removed on the first day
    ],
)
async def test_a_use_of_an_insight_counts_if_it_existed_at_the_periods_end(
    db: None, removed: datetime | None, used_at_end: bool
) -> None:
    project = await _project("Använder insikten")
    insight = await crafted.insight("Formulerad i perioden", swedish(2026, 1, 1, 7))
    await _used(insight, project, swedish(2026, 1, 1, 7, 30), removed)

    found = await _figures()

    assert (insight not in found["gaps.unused"]["ids"]) is used_at_end


async def test_a_use_made_on_the_last_day_counts_and_one_made_the_day_after_not(
    db: None,
) -> None:
    project = await _project("Använder insikter")
    last = await crafted.insight("Använd sista dagen", swedish(2026, 2, 1, 9))
    after = await crafted.insight("Använd dagen efter", swedish(2026, 2, 1, 9))
    await _used(last, project, swedish(2026, 3, 31, 23, 0), swedish(2026, 5, 1, 9))
    await _used(after, project, swedish(2026, 4, 1, 8, 0), None)

    assert (await _figures())["gaps.unused"]["ids"] == [after]


async def _backed_change(project: int, removed: datetime | None) -> int:
    """A change existing at the end, built on an insight with evidence from a dialogue; the
    change's link to the insight removed at `removed`."""
    dialogue = await crafted.dialogue("Dialogen", state="held", decided_on=date(2025, 12, 1))
    insight = await crafted.insight("Belysning behövs", swedish(2025, 12, 2, 9))
    evidence = Evidence(
        text="Det är mörkt.",
        source_type="dialogue",
        source_id=dialogue,
        speaker_category="förälder",
        internal=False,
        created_at=swedish(2025, 12, 2, 9),
        created_by="Test",
    )
    await evidence.save()
    await InsightEvidence.insert(
        InsightEvidence(
            insight=insight, evidence=evidence.id, linked_at=swedish(2025, 12, 2), linked_by="T"
        )
    )
    change = await crafted.change(project, "Ny belysning", [("idea", date(2026, 1, 15))])
    row = ChangeInsight(
        change=change, insight=insight, strength=3, linked_at=swedish(2026, 1, 15), linked_by="T"
    )
    await row.save()
    if removed is not None:
        await keep_removed(ChangeInsight, int(row.id), removed, "Test")
        await ChangeInsight.delete().where(ChangeInsight.id == row.id)
    return change


async def test_a_changes_insight_removed_after_the_end_still_backs_it(db: None) -> None:
    project = await _project("Förändrar")
    kept = await _backed_change(project, swedish(2026, 4, 1, 9))
    gone = await _backed_change(project, swedish(2026, 3, 31, 9))

    found = await _figures()

    assert found["gaps.unbacked"]["ids"] == [gone]
    assert kept not in found["gaps.unbacked"]["ids"]


# --- a collaboration's parties ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("events", "party_at_end"),
    [
        ((), True),  # a party from before the events were kept
        ((("left", swedish(2026, 12, 1, 9)),), True),  # left after the end: still counts
        ((("left", swedish(2026, 4, 1, 0, 0)),), True),  # left at midnight after the last day
        ((("left", swedish(2026, 3, 31, 23, 0)),), False),  # left on the last evening
        ((("joined", swedish(2026, 4, 1, 8)),), False),  # joined the day after
        ((("joined", swedish(2026, 3, 31, 8)),), True),  # joined on the last day
        ((("joined", swedish(2026, 1, 1, 8)), ("left", swedish(2026, 1, 1, 9))), False),
    ],
)
async def test_an_organisation_counts_if_it_was_a_party_at_the_periods_end(
    db: None, events: tuple[tuple[str, datetime], ...], party_at_end: bool
) -> None:
    organisation = await crafted.organisation("Föreningen", idea_based=True)
    collaboration = await _collaboration("Samverkan")
    if not events or events[-1][0] == "joined":
        await CollaborationOrganisation.insert(
            CollaborationOrganisation(collaboration=collaboration, organisation=organisation)
        )
    for change, at in events:
        await CollaborationPartyEvent.insert(
            CollaborationPartyEvent(
                collaboration=collaboration,
                organisation=organisation,
                change=change,
                at=at,
                recorded_by="T",
            )
        )

    found = await _figures()

    expected = [organisation] if party_at_end else []
    assert found["collaborations.organisations"]["ids"] == expected
    assert found["collaborations.idea_based"]["ids"] == expected


def test_a_version_frozen_before_the_status_figures_existed_is_not_changed_for_their_lack() -> None:
    from tracker.reports.rules import changed_figures

    figure = {"label": "Projekt med status pågående vid periodens slut", "value": 3, "ids": [1]}
    older = {"projects.active": {"label": "Projekt", "value": 3, "ids": [1]}}
    current = {**older, "projects.status.ongoing": figure}
    assert changed_figures(older, current) == []
    frozen = {**older, "projects.status.ongoing": {**figure, "value": 2, "ids": [2]}}
    assert [row["key"] for row in changed_figures(frozen, current)] == ["projects.status.ongoing"]
