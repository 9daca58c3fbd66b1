"""Impossible dates refused on the forms, with the rule and the date; a back-dated iteration
filed under the step the project was in then."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from tests.collaborations.factories import make_collaboration
from tests.dialogues.factories import make_dialogue
from tests.factories import ACTOR, make_project
from tests.support import field_error, field_value, post_form
from tracker.clock import at
from tracker.collaborations.tables import Contribution
from tracker.dialogues.tables import DialogueFeedback, DialogueSession
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects import register as project_register
from tracker.projects import steps as project_steps
from tracker.projects.forms import MoveInput
from tracker.projects.tables import Iteration


def iteration_form(started_on: str) -> dict[str, str]:
    return {
        "started_on": started_on,
        "summary": "Intervjuade tolv sökande.",
        "decision": "continue",
    }


@pytest.mark.parametrize(
    ("started_on", "message"),
    [
        ("1900-01-01", "Startdatum 1900-01-01 är före 2000-01-01"),
        ("2099-01-01", "Startdatum 2099-01-01 ligger i framtiden"),
        ("2025-06-01", "Startdatum 2025-06-01 är före projektets startdatum (2026-01-12)"),
    ],
)
async def test_an_impossible_iteration_date_is_refused(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue, started_on: str, message: str
) -> None:
    project = await make_project(catalogue)

    response = await post_form(
        client, f"/projekt/{project.id}/iterationer", iteration_form(started_on)
    )

    assert response.status_code == 422
    assert message in (field_error(response.text, "it-started_on") or "")
    assert field_value(response.text, "it-started_on") == started_on
    assert await Iteration.count() == 0


async def test_a_back_dated_iteration_is_filed_under_the_step_of_its_date(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="ringa-in")
    with at(datetime(2026, 3, 1, 10, tzinfo=UTC)):
        await project_steps.move_step(project, MoveInput("undersoka", ""), catalogue, ACTOR)
    project = await project_register.get_project(project.id) or project

    response = await post_form(
        client, f"/projekt/{project.id}/iterationer", iteration_form("2026-02-02")
    )

    assert response.status_code == 303
    rows = await Iteration.select(Iteration.step)
    assert rows == [{"step": "ringa-in"}]


async def test_a_session_held_in_the_future_is_refused(client: httpx.AsyncClient) -> None:
    dialogue = await make_dialogue(state="decided")
    form = {"held_on": "2099-11-20", "place": "Biblioteket", "method": "Cafémetoden"}

    response = await post_form(
        client, f"/dialoger/{dialogue.id}/tillfallen", form | {"participants": "12"}
    )

    assert response.status_code == 422
    assert "2099-11-20 ligger i framtiden" in (field_error(response.text, "s-held_on") or "")
    assert await DialogueSession.count() == 0


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (
            {"audience": "board", "given_on": "2099-05-01", "reference": "KS 2026/1 § 4"},
            "2099-05-01 ligger i framtiden",
        ),
        (
            {
                "audience": "residents",
                "given_on": "2026-01-05",
                "channel": "letter",
                "text": "Ni sa",
            },
            "2026-01-05 är före dialogens första tillfälle (2026-04-20)",
        ),
    ],
)
async def test_impossible_feedback_dates_are_refused(
    client: httpx.AsyncClient, form: dict[str, str], message: str
) -> None:
    dialogue = await make_dialogue(state="decided")
    session = {"held_on": "2026-04-20", "place": "Biblioteket", "method": "Cafémetoden"}
    held = await post_form(
        client, f"/dialoger/{dialogue.id}/tillfallen", session | {"participants": "9"}
    )
    assert held.status_code == 303

    response = await post_form(client, f"/dialoger/{dialogue.id}/aterkoppling", form)

    assert response.status_code == 422
    assert message in (field_error(response.text, "f-given_on") or "")
    assert await DialogueFeedback.count() == 0


@pytest.mark.parametrize("year", ["1850", "3000"])
async def test_a_contribution_year_gets_one_message_whatever_the_mistake(
    client: httpx.AsyncClient, year: str
) -> None:
    collaboration = await make_collaboration()

    response = await post_form(
        client,
        f"/samverkan/{collaboration.id}/insatser",
        {"party": "kommunen", "year": year, "amount": "100"},
    )

    assert response.status_code == 422
    assert (field_error(response.text, "c-year") or "").startswith(
        "Skriv ett årtal mellan 2000 och"
    )
    assert await Contribution.count() == 0
