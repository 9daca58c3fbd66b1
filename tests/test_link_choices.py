"""The link forms of a record's page (a dialogue's projects, a collaboration's projects and
dialogues) open on demand, on a page of their own that htmx loads in place (issue 14), and
offer only records that can be linked: not archived ones, not those already linked. A post
naming one of those is refused with a message beside the field, on the form's page."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable

import httpx
import pytest

from tests.collaborations.factories import make_collaboration, make_organisation
from tests.dialogues.factories import ACTOR as DIALOGUE_ACTOR
from tests.dialogues.factories import make_dialogue
from tests.factories import ACTOR as PROJECT_ACTOR
from tests.factories import make_project
from tests.support import field_error, form_of, post_form
from tracker.audit.tables import ChangeLogEntry
from tracker.dialogues import register as dialogue_register
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects import register as project_register

# (the owner's page, the link form's action, the posted field, the field's id on the page,
#  a target to link, one already linked, one archived)
Case = tuple[str, str, str, str, int, int, int]


async def _projects(catalogue: PhaseCatalogue) -> tuple[int, int, int]:
    free = await make_project(catalogue, title="Fritt projekt")
    linked = await make_project(catalogue, title="Kopplat projekt")
    archived = await make_project(catalogue, title="Arkiverat projekt")
    await project_register.set_archived(archived, True, PROJECT_ACTOR)
    return free.id, linked.id, archived.id


async def _dialogues() -> tuple[int, int, int]:
    free = await make_dialogue(title="Fri dialog")
    linked = await make_dialogue(title="Kopplad dialog")
    archived = await make_dialogue(title="Arkiverad dialog")
    await dialogue_register.set_archived(archived, True, DIALOGUE_ACTOR)
    return free.id, linked.id, archived.id


async def _dialogue_projects(client: httpx.AsyncClient, catalogue: PhaseCatalogue) -> Case:
    dialogue = await make_dialogue(title="Ägaren")
    free, linked, archived = await _projects(catalogue)
    page = f"/dialoger/{dialogue.id}"
    return page, f"{page}/projekt", "project_id", "koppla-project_id", free, linked, archived


async def _collaboration_projects(client: httpx.AsyncClient, catalogue: PhaseCatalogue) -> Case:
    collaboration = await make_collaboration([(await make_organisation()).id])
    free, linked, archived = await _projects(catalogue)
    page = f"/samverkan/{collaboration.id}"
    return page, f"{page}/projekt", "project_id", "koppla-project_id", free, linked, archived


async def _collaboration_dialogues(client: httpx.AsyncClient, catalogue: PhaseCatalogue) -> Case:
    collaboration = await make_collaboration([(await make_organisation()).id])
    free, linked, archived = await _dialogues()
    page = f"/samverkan/{collaboration.id}"
    return page, f"{page}/dialoger", "dialogue_id", "koppla-dialogue_id", free, linked, archived


CASES: dict[str, Callable[[httpx.AsyncClient, PhaseCatalogue], Awaitable[Case]]] = {
    "dialogue → project": _dialogue_projects,
    "collaboration → project": _collaboration_projects,
    "collaboration → dialogue": _collaboration_dialogues,
}


async def _offered(client: httpx.AsyncClient, action: str) -> set[str]:
    html = (await client.get(f"{action}/ny")).text
    start = html.index(f'action="{action}"')
    form = html[start : html.index("</form>", start)]
    return {
        value
        for value in form.split('<option value="')[1:]
        for value in [value[: value.index('"')]]
        if value
    }


@pytest.mark.parametrize("case", CASES)
async def test_only_linkable_records_are_offered(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue, case: str
) -> None:
    _, action, field, _, free, linked, archived = await CASES[case](client, catalogue)
    assert (await post_form(client, action, {field: str(linked)})).status_code == 303

    offered = await _offered(client, action)

    assert str(free) in offered
    assert str(linked) not in offered, "an already linked record is not offered again"
    assert str(archived) not in offered, "an archived record is not offered"
    assert form_of((await client.get(f"{action}/ny")).text, action)


@pytest.mark.parametrize("case", CASES)
async def test_the_page_has_a_button_that_opens_the_form_on_its_own_page_or_in_place(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue, case: str
) -> None:
    page, action, field, _, free, *_ = await CASES[case](client, catalogue)
    segment = action.rsplit("/", 1)[1]
    verb = {"projekt": "Koppla ett projekt", "dialoger": "Koppla en dialog"}[segment]

    html = (await client.get(page)).text
    link = re.search(rf'<a class="button[^"]*" href="{action}/ny"[^>]*>(.*?)</a>', html)
    assert link and link.group(1) == verb
    assert f'hx-get="{action}/ny" hx-target="#koppla-{segment}"' in link.group(0)
    assert f'action="{action}"' not in html and f'name="{field}"' not in html

    own = await client.get(f"{action}/ny")
    assert own.status_code == 200 and f"<h1>{verb}</h1>" in own.text
    assert f'<a href="{page}">' in own.text  # the way back
    fragment = await client.get(
        f"{action}/ny", headers={"HX-Request": "true", "HX-Target": f"koppla-{segment}"}
    )
    assert fragment.text.lstrip().startswith(f'<div class="panel" id="koppla-{segment}"')
    assert "<h1" not in fragment.text and f'hx-post="{action}"' in fragment.text

    # From the form opened in place, htmx is told to load the record's page.
    saved = await post_form(client, action, {field: str(free)}, headers={"HX-Request": "true"})
    assert saved.status_code == 200
    assert json.loads(saved.headers["hx-location"])["path"] == page


@pytest.mark.parametrize("case", CASES)
async def test_a_record_that_cannot_be_linked_is_refused_beside_the_field(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue, case: str
) -> None:
    _, action, field, field_id, free, linked, archived = await CASES[case](client, catalogue)
    assert (await post_form(client, action, {field: str(linked)})).status_code == 303
    entries = await ChangeLogEntry.count()

    again = await post_form(client, action, {field: str(linked)})
    gone = await post_form(client, action, {field: str(archived)})

    assert again.status_code == 409
    assert "redan" in (field_error(again.text, field_id) or "")
    assert gone.status_code == 422
    assert "arkiver" in (field_error(gone.text, field_id) or "")
    assert await ChangeLogEntry.count() == entries, "nothing is recorded"
    assert (await post_form(client, action, {field: str(free)})).status_code == 303


async def test_an_archived_owner_offers_no_link_form_and_refuses_it(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(title="Arkiverad ägare")
    await dialogue_register.set_archived(dialogue, True, DIALOGUE_ACTOR)
    page = f"/dialoger/{dialogue.id}"

    assert f'href="{page}/projekt/ny"' not in (await client.get(page)).text
    assert (await client.get(f"{page}/projekt/ny")).status_code == 409
