"""Create forms carry a one-time key: the same post sent again (a retry after an error, a
double click) goes to what the first one created and creates nothing more."""

import httpx

from tests.collaborations.factories import (
    collaboration_form,
    make_collaboration,
    make_organisation,
)
from tests.collaborations.factories import organisation_form as organisation_values
from tests.dialogues.factories import dialogue_form, make_dialogue
from tests.factories import make_project, project_form
from tests.reports.factories import report_form
from tests.support import form_of, post_form
from tracker.accounts.tables import Account
from tracker.collaborations.tables import Collaboration, FollowUp, Organisation
from tracker.dialogues.tables import Dialogue
from tracker.insights.tables import Evidence, ServiceChange
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.tables import Iteration, Project
from tracker.reports.tables import Report


async def _twice(
    client: httpx.AsyncClient, page: str, action: str, values: object
) -> tuple[httpx.Response, httpx.Response]:
    form = form_of((await client.get(page)).text, action)
    assert form.get("once"), "the form carries a one-time key"
    items = list(values.items()) if isinstance(values, dict) else list(values)  # type: ignore[attr-defined]
    data = [*items, ("once", form["once"])]
    return await post_form(client, action, data), await post_form(client, action, data)


def _same_result(first: httpx.Response, second: httpx.Response) -> None:
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]


async def test_a_repeated_project_post_creates_one_project(client: httpx.AsyncClient) -> None:
    _same_result(*await _twice(client, "/projekt/ny", "/projekt", project_form()))
    assert await Project.count() == 1


async def test_a_repeated_iteration_post_logs_one_iteration(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="undersoka")
    values = {
        "seen_step": "undersoka",
        "started_on": "2026-02-01",
        "summary": "Tolv intervjuer",
        "decision": "forward",
        "confirm_open_items": "1",
    }
    page = f"/projekt/{project.id}/iterationer/ny"  # the form, on its own page
    action = f"/projekt/{project.id}/iterationer"
    _same_result(*await _twice(client, page, action, values))
    assert await Iteration.count() == 1


async def test_a_repeated_dialogue_post_creates_one_dialogue(client: httpx.AsyncClient) -> None:
    _same_result(*await _twice(client, "/dialoger/ny", "/dialoger", dialogue_form()))
    assert await Dialogue.count() == 1


async def test_repeated_civil_society_posts_create_one_record(client: httpx.AsyncClient) -> None:
    _same_result(
        *await _twice(client, "/organisationer/ny", "/organisationer", organisation_values())
    )
    assert await Organisation.count() == 1
    organisation = await make_organisation(name="Röda korset", org_number="")
    values = collaboration_form([organisation.id])
    _same_result(*await _twice(client, "/samverkan/ny", "/samverkan", values))
    assert await Collaboration.count() == 1


async def test_a_new_form_is_a_new_key(client: httpx.AsyncClient) -> None:
    first = form_of((await client.get("/projekt/ny")).text, "/projekt")["once"]
    second = form_of((await client.get("/projekt/ny")).text, "/projekt")["once"]
    assert first != second
    for key in (first, second):
        assert (
            await post_form(client, "/projekt", {**project_form(), "once": key})
        ).status_code == 303
    assert await Project.count() == 2


async def test_repeated_posts_of_parts_create_each_once(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    change = {"title": "Öppna lokalerna på kvällen", "description": "", "status_on": "2026-02-01"}
    page = f"/projekt/{project.id}"
    _same_result(*await _twice(client, page, f"{page}/forandringar", change))
    assert await ServiceChange.count() == 1

    collaboration = await make_collaboration()
    page = f"/samverkan/{collaboration.id}"
    follow_up = {"due_on": "2026-06-01", "what": "Halvårsuppföljning"}
    _same_result(*await _twice(client, page, f"{page}/uppfoljningar", follow_up))
    assert await FollowUp.count() == 1

    _same_result(*await _twice(client, "/rapporter/ny", "/rapporter", report_form()))
    assert await Report.count() == 1


async def test_repeated_evidence_and_account_posts_create_each_once(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue()
    page = f"/dialoger/{dialogue.id}"
    evidence = {"text": "Gångvägen vid skolan är mörk", "speaker_category": "förälder"}
    form = f"{page}/underlag/ny"  # the form's own page (issue 14)
    _same_result(*await _twice(client, form, f"{page}/underlag", evidence))
    assert await Evidence.count() == 1

    account = {"name": "Sam Nyström", "email": "sam@kommun.example", "role": "reader"}
    _same_result(*await _twice(client, "/admin/konton/ny", "/admin/konton", account))
    assert await Account.count().where(Account.email == "sam@kommun.example") == 1
