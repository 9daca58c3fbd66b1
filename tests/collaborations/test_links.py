"""A collaboration's links to projects and dialogues: refused when the record is archived,
and kept in the change logs of both records, as a dialogue's links to projects are."""

from __future__ import annotations

import httpx
import pytest

from tests.dialogues.factories import ACTOR as DIALOGUE_ACTOR
from tests.dialogues.factories import change_log as dialogue_change_log
from tests.dialogues.factories import make_dialogue
from tests.factories import ACTOR as PROJECT_ACTOR
from tests.factories import change_log as project_change_log
from tests.factories import make_project
from tests.support import field_error, post_form, text_of
from tracker.audit.tables import ChangeLogEntry
from tracker.collaborations import links as collaboration_links
from tracker.collaborations.tables import CollaborationDialogue, CollaborationProject
from tracker.dialogues import register as dialogue_register
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects import register as project_register
from tracker.projects.links import LINK_TARGET as PROJECT
from tracker.shared.links import LinkRefused, link_problem

from .factories import ACTOR, make_collaboration


def test_a_link_is_refused_to_no_record_and_to_an_archived_one() -> None:
    words = PROJECT.words
    assert link_problem(words, None) == "Välj ett projekt i listan."
    assert link_problem(words, {"title": "Gammalt", "archived_at": "2026-01-01"}) == (
        "Projektet är arkiverat och kan inte kopplas. Återställ det först."
    )
    assert link_problem(words, {"title": "Pågående", "archived_at": None}) is None


async def test_an_archived_project_is_not_linked_to_a_collaboration(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, title="Avslutat projekt")
    await project_register.set_archived(project, True, PROJECT_ACTOR)
    await make_project(catalogue, title="Pågående projekt")  # so the page has the form
    collaboration = await make_collaboration()

    form = await client.get(f"/samverkan/{collaboration.id}/projekt/ny")
    assert "Avslutat projekt" not in form.text
    response = await post_form(
        client, f"/samverkan/{collaboration.id}/projekt", {"project_id": str(project.id)}
    )

    assert response.status_code == 422
    assert field_error(response.text, "koppla-project_id") == (
        "Projektet är arkiverat och kan inte kopplas. Återställ det först."
    )
    assert await CollaborationProject.count() == 0
    with pytest.raises(LinkRefused):
        await collaboration_links.link_project(collaboration, project.id, ACTOR)
    assert [entry["action"] for entry in await project_change_log(project.id)] == [
        "created",
        "archived",
    ]


async def test_an_archived_dialogue_is_not_linked_to_a_collaboration(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(title="Avslutad dialog")
    await dialogue_register.set_archived(dialogue, True, DIALOGUE_ACTOR)
    await make_dialogue(title="Pågående dialog")
    collaboration = await make_collaboration()

    response = await post_form(
        client, f"/samverkan/{collaboration.id}/dialoger", {"dialogue_id": str(dialogue.id)}
    )

    assert response.status_code == 422
    assert field_error(response.text, "koppla-dialogue_id") == (
        "Dialogen är arkiverad och kan inte kopplas. Återställ den först."
    )
    assert await CollaborationDialogue.count() == 0


async def test_the_project_history_shows_a_link_made_on_the_collaboration_page(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, title="Trygg skolväg")
    collaboration = await make_collaboration(title="Läxhjälp på biblioteket")
    url = f"/samverkan/{collaboration.id}/projekt"

    assert (await post_form(client, url, {"project_id": str(project.id)})).status_code == 303
    assert (await post_form(client, f"{url}/{project.id}/ta-bort", {})).status_code == 303

    log = await project_change_log(project.id)
    assert [entry["action"] for entry in log][-2:] == ["linked", "unlinked"]
    assert [entry["summary"] for entry in log][-2:] == [
        "Kopplade till ”Läxhjälp på biblioteket”.",
        "Tog bort kopplingen till ”Läxhjälp på biblioteket”.",
    ]
    page = text_of((await client.get(f"/projekt/{project.id}")).text)
    assert "Kopplade till ”Läxhjälp på biblioteket”." in page
    assert "Tog bort kopplingen till ”Läxhjälp på biblioteket”." in page
    collaboration_log = await ChangeLogEntry.select(
        ChangeLogEntry.action, ChangeLogEntry.summary
    ).where(ChangeLogEntry.entity_type == "collaboration")
    assert [row["action"] for row in collaboration_log][-2:] == ["linked", "unlinked"]
    assert collaboration_log[-2]["summary"] == "Kopplade till ”Trygg skolväg”."


async def test_the_dialogue_history_shows_a_link_made_on_the_collaboration_page(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(title="Trygghet i centrum")
    collaboration = await make_collaboration(title="Läxhjälp på biblioteket")
    url = f"/samverkan/{collaboration.id}/dialoger"

    await post_form(client, url, {"dialogue_id": str(dialogue.id)})
    await post_form(client, f"{url}/{dialogue.id}/ta-bort", {})

    log = await dialogue_change_log(dialogue.id)
    assert [entry["action"] for entry in log] == ["created", "linked", "unlinked"]
    assert log[1]["changes"] == {
        "link": [None, f"collaboration:{collaboration.id}-dialogue:{dialogue.id}"]
    }
    page = text_of((await client.get(f"/dialoger/{dialogue.id}")).text)
    assert "Tog bort kopplingen till ”Läxhjälp på biblioteket”." in page


async def test_with_no_projects_or_dialogues_to_offer_the_page_says_so(
    client: httpx.AsyncClient,
) -> None:
    collaboration = await make_collaboration()

    url = f"/samverkan/{collaboration.id}"

    projects = text_of((await client.get(f"{url}/projekt/ny")).text)
    dialogues = text_of((await client.get(f"{url}/dialoger/ny")).text)
    assert "Det finns inga pågående projekt att koppla." in projects
    assert "Det finns inga dialoger att koppla." in dialogues
    assert 'name="project_id"' not in (await client.get(f"{url}/projekt/ny")).text
    response = await post_form(
        client, f"/samverkan/{collaboration.id}/projekt", {"project_id": "1"}
    )
    assert response.status_code == 422
    assert field_error(response.text, "koppla-project_id") == "Välj ett projekt i listan."
