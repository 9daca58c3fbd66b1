"""Two people on the same project: a form filled in before someone else moved it saves nothing."""

import httpx

from tests.factories import ACTOR, iteration_input, make_project
from tests.support import post_form, text_of
from tracker.accounts.permissions import system_actor
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects import register, steps
from tracker.projects.forms import MoveInput
from tracker.projects.tables import Iteration, Project, StepMove


async def test_a_move_from_an_outdated_page_is_refused_and_kept(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="undersoka")
    # Someone else moves the project on while this user's page still shows Undersöka.
    await steps.move_step(project, MoveInput("fokusera", ""), catalogue, system_actor("Kollega"))

    response = await post_form(
        client,
        f"/projekt/{project.id}/iterationer",
        {
            "seen_step": "undersoka",
            "started_on": "2026-02-01",
            "summary": "Tolv intervjuer",
            "decision": "forward",
        },
    )

    assert response.status_code == 409
    assert "Någon annan har just flyttat projektet" in text_of(response.text)
    assert "Tolv intervjuer" in response.text  # what the user typed is still there
    stored = await Project.objects().get(Project.id == project.id)
    assert stored is not None and stored.current_step == "fokusera"
    assert await Iteration.count() == 0

    response = await post_form(
        client,
        f"/projekt/{project.id}/steg",
        {"seen_step": "undersoka", "to_step": "ringa-in", "reason": "x"},
    )
    assert response.status_code == 409
    assert await StepMove.count() == 1


async def test_the_service_refuses_a_project_read_before_another_move(
    db: None, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="undersoka")
    stale_copy = await register.get_project(project.id)
    assert stale_copy is not None
    await steps.move_step(project, MoveInput("fokusera", ""), catalogue, system_actor("Kollega"))

    try:
        await steps.log_iteration(
            stale_copy, iteration_input(decision="forward", to_step="fokusera"), catalogue, ACTOR
        )
    except steps.StaleProjectError:
        pass
    else:
        raise AssertionError("an iteration on a stale project was saved")
    assert await Iteration.count() == 0
