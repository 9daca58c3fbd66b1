"""Linking dialogues to service-design projects, visible from both sides and kept in both
change logs."""

import httpx
import pytest

from tests import personas
from tests.factories import ACTOR as PROJECT_ACTOR
from tests.factories import change_log as project_change_log
from tests.factories import make_project
from tests.support import field_error, post_form, text_of
from tracker.dialogues import links, register
from tracker.dialogues.tables import ProjectDialogue
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects import register as project_register

from .factories import ACTOR, ClientAs, actions, change_log, make_dialogue


def section(html: str, section_id: str) -> str:
    return text_of(html.split(f'id="{section_id}"')[1].split("</section>")[0])


async def test_a_linked_project_shows_on_the_dialogue_and_the_dialogue_on_the_project(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, title="Trygg stadskärna", current_step="undersoka")
    other = await make_project(catalogue, title="Annat projekt")
    dialogue = await make_dialogue(
        state="held", title="Trygghet i centrum", level_promised="dialog"
    )
    await register.set_level_achieved(dialogue, "konsultation", ACTOR)

    form = await client.get(f"/dialoger/{dialogue.id}/projekt/ny")
    assert f'<option value="{project.id}">Trygg stadskärna</option>' in form.text
    response = await post_form(
        client, f"/dialoger/{dialogue.id}/projekt", {"project_id": project.id}
    )

    assert response.status_code == 303
    assert response.headers["location"] == f"/dialoger/{dialogue.id}#projekt"
    assert await ProjectDialogue.count() == 1
    dialogue_page = await client.get(f"/dialoger/{dialogue.id}")
    assert "Trygg stadskärna (Undersöka)" in section(dialogue_page.text, "projekt")
    assert f'href="/projekt/{project.id}"' in dialogue_page.text
    assert "Projektet är kopplat." in text_of(dialogue_page.text)

    project_page = await client.get(f"/projekt/{project.id}")
    assert (
        "Trygghet i centrum Medborgardialog · Genomförd · utlovad nivå: Dialog · uppnådd: Konsultation"
        in section(project_page.text, "dialoger")
    )
    assert f'href="/dialoger/{dialogue.id}"' in project_page.text
    other_page = await client.get(f"/projekt/{other.id}")
    assert "Inga dialoger kopplade." in section(other_page.text, "dialoger")

    # Both change logs say who linked what.
    assert (await change_log(dialogue.id))[-1]["summary"] == "Kopplade till ”Trygg stadskärna”."
    assert (await project_change_log(project.id))[-1]["summary"] == (
        "Kopplade till ”Trygghet i centrum”."
    )


async def test_a_project_lists_every_dialogue_linked_to_it(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    for title, level in (("Öppen dialog", "inflytande"), ("Brukarenkät", None)):
        dialogue = await make_dialogue(title=title, level_promised=level, kind="user")
        await links.link_project(dialogue, project.id, ACTOR)

    page = await client.get(f"/projekt/{project.id}")

    text = section(page.text, "dialoger")
    assert "Brukarenkät Brukardialog · Idé · utlovad nivå: inte vald" in text
    assert "Öppen dialog Brukardialog · Idé · utlovad nivå: Inflytande" in text
    assert text.index("Brukarenkät") < text.index("Öppen dialog")


async def test_linking_twice_keeps_one_link(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    dialogue = await make_dialogue()
    url = f"/dialoger/{dialogue.id}/projekt"
    await post_form(client, url, {"project_id": project.id})

    again = await post_form(client, url, {"project_id": project.id})

    assert again.status_code == 409
    assert await ProjectDialogue.count() == 1
    assert (await actions(dialogue.id)).count("linked") == 1
    message = "Det finns redan en koppling till projektet."
    assert field_error(again.text, "koppla-project_id") == message


@pytest.mark.parametrize("project_id", ["", "abc", "999", "0", "-4", str(2**31), "9" * 30, "1.5"])
async def test_an_unknown_project_is_explained(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue, project_id: str
) -> None:
    await make_project(catalogue)
    dialogue = await make_dialogue()

    response = await post_form(
        client, f"/dialoger/{dialogue.id}/projekt", {"project_id": project_id}
    )

    assert response.status_code == 422
    assert field_error(response.text, "koppla-project_id") == "Välj ett projekt i listan."
    assert await ProjectDialogue.count() == 0


async def test_an_archived_project_is_neither_offered_nor_linked(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, title="Avslutat projekt")
    await project_register.set_archived(project, True, PROJECT_ACTOR)
    dialogue = await make_dialogue()

    form = await client.get(f"/dialoger/{dialogue.id}/projekt/ny")
    assert "Avslutat projekt" not in form.text
    response = await post_form(
        client, f"/dialoger/{dialogue.id}/projekt", {"project_id": project.id}
    )

    assert response.status_code == 422
    assert await ProjectDialogue.count() == 0


async def test_unlinking_removes_the_link_and_both_logs_keep_it(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, title="Trygg stadskärna")
    dialogue = await make_dialogue(title="Trygghet i centrum")
    await links.link_project(dialogue, project.id, ACTOR)

    response = await post_form(client, f"/dialoger/{dialogue.id}/projekt/{project.id}/ta-bort", {})

    assert response.status_code == 303
    assert await ProjectDialogue.count() == 0
    assert (await actions(dialogue.id))[-2:] == ["linked", "unlinked"]
    assert (await project_change_log(project.id))[-1]["summary"] == (
        "Tog bort kopplingen till ”Trygghet i centrum”."
    )
    assert "Inga projekt kopplade ännu." in section(
        (await client.get(f"/dialoger/{dialogue.id}")).text, "projekt"
    )
    assert "Inga dialoger kopplade." in section(
        (await client.get(f"/projekt/{project.id}")).text, "dialoger"
    )


# An id beyond the database's integers names no record at all: 404 (issue 13).
@pytest.mark.parametrize(
    ("project_id", "status"), [("999", 303), (str(2**31), 404), (str(2**62), 404)]
)
async def test_unlinking_a_project_that_is_not_linked_changes_nothing(
    client: httpx.AsyncClient, project_id: str, status: int
) -> None:
    dialogue = await make_dialogue()

    response = await post_form(client, f"/dialoger/{dialogue.id}/projekt/{project_id}/ta-bort", {})

    assert response.status_code == status
    assert await actions(dialogue.id) == ["created"]
    page = await client.get(f"/dialoger/{dialogue.id}")
    assert ("Projektet var inte kopplat." in text_of(page.text)) == (status == 303)


async def test_only_members_of_the_dialogue_and_administrators_may_link(
    client_as: ClientAs, catalogue: PhaseCatalogue
) -> None:
    robin = await personas.robin()
    project = await make_project(catalogue, actor=robin)  # a link needs both records' rights
    dialogue = await make_dialogue(actor=robin)  # Robin registered it and so is a member
    kim = client_as(await personas.kim())
    lo = client_as(await personas.lo())
    url = f"/dialoger/{dialogue.id}/projekt"

    for http in (kim, lo):
        assert (await post_form(http, url, {"project_id": project.id})).status_code == 403
    assert await ProjectDialogue.count() == 0

    response = await post_form(client_as(robin), url, {"project_id": project.id})
    assert response.status_code == 303
    assert await ProjectDialogue.count() == 1


async def test_with_no_projects_to_offer_a_posted_link_is_still_explained(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue()

    form = await client.get(f"/dialoger/{dialogue.id}/projekt/ny")
    assert "Det finns inga pågående projekt att koppla." in text_of(form.text)
    response = await post_form(client, f"/dialoger/{dialogue.id}/projekt", {"project_id": "1"})

    assert response.status_code == 422
    assert field_error(response.text, "koppla-project_id") == "Välj ett projekt i listan."


async def test_with_many_projects_the_dialogue_page_offers_a_name_search(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.web import choices

    monkeypatch.setattr(choices, "LIMIT", 2)
    for title in ("Anpassad skolskjuts", "Bättre bibliotek", "Cykelvägar i Mörby"):
        await make_project(catalogue, title=title)
    dialogue = await make_dialogue(title="Skoldialogen")

    url = f"/dialoger/{dialogue.id}/projekt/ny"
    page = await client.get(url)
    assert "Visar 2 av 3. Sök på namnet för att hitta fler." in text_of(page.text)
    assert 'name="sok"' in page.text
    assert ">Cykelvägar i Mörby</option>" not in page.text

    found = await client.get(url, params={"sok": "MÖRBY"})
    assert ">Cykelvägar i Mörby</option>" in found.text
    assert ">Anpassad skolskjuts</option>" not in found.text
    assert 'value="MÖRBY"' in found.text

    nothing = await client.get(url, params={"sok": "zzz"})
    assert "Inget hittades för ”zzz”." in text_of(nothing.text)
