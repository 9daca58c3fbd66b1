"""A project's dated status history: each change of status kept with the date it took effect,
who recorded it and when; dated back with "Status gäller från" (never ahead, never before the
project started); the same history filled from the change log for older databases."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import httpx

from tests.factories import ACTOR, iteration_input, make_project, project_input, stored_project
from tests.projects.test_edit_and_archive import edit_form
from tests.support import field_error, field_value, post_form
from tracker.clock import SWEDISH_TIME, today
from tracker.db import fetch_rows
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects import register, status_history, steps
from tracker.projects.tables import ProjectStatusEvent
from tracker.shared.status_history import began_on, check_status_on, status_on_problem


async def _history(project_id: int) -> list[tuple[object, ...]]:
    rows = await fetch_rows(
        "SELECT from_status, status, status_on, recorded_by FROM project_status_event "
        "WHERE project = {} ORDER BY id",
        project_id,
    )
    return [
        (row["from_status"], row["status"], str(row["status_on"]), row["recorded_by"])
        for row in rows
    ]


def test_a_change_of_status_may_be_dated_back_but_not_ahead_nor_before_the_start() -> None:
    start, now_day = date(2026, 1, 12), date(2026, 6, 1)
    assert status_on_problem(None, start, now_day, "projektet") == ""
    assert status_on_problem(start, start, now_day, "projektet") == ""
    assert status_on_problem(now_day, start, now_day, "projektet") == ""
    assert status_on_problem(date(2026, 6, 2), start, now_day, "projektet") == (
        "Datumet kan inte ligga i framtiden (i dag är det 2026-06-01)."
    )
    assert status_on_problem(date(2026, 1, 11), start, now_day, "projektet") == (
        "Datumet kan inte ligga före 2026-01-12, då projektet började."
    )


def test_the_history_begins_on_the_start_or_the_registration_whichever_is_earlier() -> None:
    registered = datetime(2026, 3, 1, 0, 30, tzinfo=SWEDISH_TIME)  # 2026-02-28 23:30 UTC
    assert began_on(date(2026, 1, 12), registered) == date(2026, 1, 12)
    assert began_on(date(2026, 9, 1), registered) == date(2026, 3, 1)
    assert check_status_on(
        status_history.HISTORY, date(2026, 2, 1), date(2026, 9, 1), registered, date(2026, 6, 1)
    ) == ("Datumet kan inte ligga före 2026-03-01, då projektet började.")


async def test_each_change_of_status_is_kept_with_the_date_it_took_effect(
    db: None, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    registered = project.created_at.astimezone(SWEDISH_TIME).date()
    back = date(2026, 2, 1)
    await register.update_project(project, project_input(status="paused", status_on=back), ACTOR)
    paused = await stored_project(project.id)
    await register.update_project(paused, project_input(status="ongoing"), ACTOR)
    ongoing = await stored_project(project.id)
    await steps.log_iteration(ongoing, iteration_input(decision="stop"), catalogue, ACTOR)

    on = today().isoformat()
    assert await _history(project.id) == [
        (None, "ongoing", min(date(2026, 1, 12), registered).isoformat(), ACTOR.name),
        ("ongoing", "paused", "2026-02-01", ACTOR.name),
        ("paused", "ongoing", on, ACTOR.name),
        ("ongoing", "closed", on, ACTOR.name),
    ]


async def test_a_date_without_a_change_of_status_writes_no_history(
    db: None, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    await register.update_project(
        project, project_input(title="Ny titel", status_on=date(2026, 2, 1)), ACTOR
    )
    assert len(await _history(project.id)) == 1


async def test_the_history_is_filled_from_the_change_log_as_the_services_wrote_it(
    db: None, catalogue: PhaseCatalogue
) -> None:
    """What the migration (and importing a file without the history) does."""
    first = await make_project(catalogue)
    await register.update_project(
        first, project_input(status="paused", status_on=date(2026, 3, 31)), ACTOR
    )
    paused = await stored_project(first.id)
    await steps.log_iteration(paused, iteration_input(decision="stop"), catalogue, ACTOR)
    second = await make_project(catalogue, title="Ett annat projekt")
    written = {p: await _history(p) for p in (first.id, second.id)}
    await ProjectStatusEvent.delete(force=True)

    assert await status_history.fill_from_change_log() == 4
    assert {p: await _history(p) for p in (first.id, second.id)} == written
    assert await status_history.fill_from_change_log() == 0  # a project with one is left alone


async def test_the_edit_form_dates_a_change_of_status_back(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    url = f"/projekt/{project.id}/redigera"
    assert field_value((await client.get(url)).text, "status_on") == ""

    response = await post_form(
        client, url, edit_form(project, status="closed", status_on="2026-03-31")
    )

    assert response.status_code == 303
    assert (await _history(project.id))[-1][:3] == ("ongoing", "closed", "2026-03-31")


async def test_a_date_ahead_or_before_the_start_is_refused_beside_the_field(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    url = f"/projekt/{project.id}/redigera"
    ahead = (today() + timedelta(days=1)).isoformat()

    refused = await post_form(client, url, edit_form(project, status="closed", status_on=ahead))
    early = await post_form(
        client, url, edit_form(project, status="closed", status_on="2026-01-11")
    )

    assert refused.status_code == early.status_code == 422
    assert field_error(refused.text, "status_on") == (
        f"Datumet kan inte ligga i framtiden (i dag är det {today().isoformat()})."
    )
    assert field_value(refused.text, "status_on") == ahead
    assert field_error(early.text, "status_on") == (
        "Datumet kan inte ligga före 2026-01-12, då projektet började."
    )
    assert (await stored_project(project.id)).status == "ongoing"
    assert len(await _history(project.id)) == 1
