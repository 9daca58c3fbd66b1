"""Saves of the same unique value at the same moment: one is stored, the others are told in
Swedish that it already exists (409) – never a server error."""

import asyncio
from collections.abc import Callable

import httpx

from tests import personas
from tests.collaborations.factories import organisation_form
from tests.dialogues.factories import make_dialogue
from tests.factories import make_project
from tests.support import post_form, text_of
from tracker.accounts.permissions import Principal
from tracker.accounts.tables import Membership
from tracker.collaborations.tables import Organisation
from tracker.dialogues.tables import ProjectDialogue
from tracker.phases.catalogue import PhaseCatalogue

ClientAs = Callable[[Principal], httpx.AsyncClient]
TIMES = 12


async def _same_post(
    client_as: ClientAs, user: Principal, url: str, data: dict[str, str]
) -> list[httpx.Response]:
    browsers = [client_as(user) for _ in range(TIMES)]
    for browser in browsers:
        await browser.get("/")  # the CSRF cookie
    return await asyncio.gather(*(post_form(browser, url, data) for browser in browsers))


def _answers(responses: list[httpx.Response]) -> set[int]:
    for response in responses:
        if response.status_code == 409:
            assert "Det finns redan" in text_of(response.text)
    return {response.status_code for response in responses}


async def test_the_same_organisation_registered_at_once_is_stored_once(
    client_as: ClientAs, admin_user: Principal
) -> None:
    responses = await _same_post(
        client_as, admin_user, "/organisationer", organisation_form(name="Samma förening")
    )

    assert _answers(responses) <= {303, 409, 422}
    assert await Organisation.count().where(Organisation.name == "Samma förening") == 1


async def test_the_same_member_added_at_once_is_stored_once(
    client_as: ClientAs, admin_user: Principal, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    editor = await personas.robin()

    responses = await _same_post(
        client_as,
        admin_user,
        f"/projekt/{project.id}/medlemmar",
        {"account_id": str(editor.id)},
    )

    assert _answers(responses) <= {303, 409}
    assert await Membership.count().where(Membership.account == editor.id) == 1


async def test_the_same_link_made_at_once_is_stored_once(
    client_as: ClientAs, admin_user: Principal, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    dialogue = await make_dialogue()

    responses = await _same_post(
        client_as, admin_user, f"/dialoger/{dialogue.id}/projekt", {"project_id": str(project.id)}
    )

    assert _answers(responses) <= {303, 409}
    assert await ProjectDialogue.count() == 1
