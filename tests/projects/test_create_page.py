"""Creating a project: the form, saving it, and what happens with bad input."""

import httpx

from tests.factories import project_form
from tests.support import field_error, field_value, post_form, text_of
from tracker.audit.tables import ChangeLogEntry
from tracker.projects.tables import Project


async def test_the_form_offers_every_field_with_a_label(client: httpx.AsyncClient) -> None:
    response = await client.get("/projekt/ny")
    assert response.status_code == 200
    for field_id in (
        "title",
        "challenge",
        "target_group",
        "department",
        "board",
        "lead",
        "start_date",
        "planned_end",
        "status",
        "current_step",
    ):
        assert f'<label class="label" for="{field_id}">' in response.text
    assert "Skapa projekt" in text_of(response.text)


async def test_a_valid_project_is_saved_and_shown(client: httpx.AsyncClient) -> None:
    response = await post_form(client, "/projekt", project_form())
    assert response.status_code == 303
    project = await Project.objects().first()
    assert project is not None
    assert response.headers["location"] == f"/projekt/{project.id}"
    assert project.title == "Biblioteket som mötesplats för unga"
    assert project.current_step == "ringa-in"

    page = await client.get(response.headers["location"])
    assert "Projektet är skapat." in page.text
    assert "Biblioteket som mötesplats för unga" in page.text
    log = await ChangeLogEntry.select().where(ChangeLogEntry.entity_id == project.id)
    assert [entry["action"] for entry in log] == ["created"]
    assert log[0]["actor"] == "Testanvändare"


async def test_missing_and_malformed_input_is_explained_and_kept(client: httpx.AsyncClient) -> None:
    form = project_form(
        title="",
        start_date="2026-02-30",
        planned_end="2025-01-01",
        challenge="Svårt att <hitta> rätt",
    )
    response = await post_form(client, "/projekt", form)

    assert response.status_code == 422
    assert field_error(response.text, "title") == "Skriv projektets titel."
    assert "Datumet finns inte" in (field_error(response.text, "start_date") or "")
    assert field_value(response.text, "challenge") == "Svårt att <hitta> rätt"
    assert field_value(response.text, "department") == "Kultur- och fritidsförvaltningen"
    assert await Project.count() == 0


async def test_planned_end_before_start_is_refused(client: httpx.AsyncClient) -> None:
    response = await post_form(client, "/projekt", project_form(planned_end="2026-01-01"))
    assert response.status_code == 422
    assert (
        field_error(response.text, "planned_end") == "Planerat slut kan inte vara före startdatum."
    )


async def test_an_unknown_step_or_status_is_refused(client: httpx.AsyncClient) -> None:
    response = await post_form(
        client, "/projekt", project_form(current_step="hemligt", status="klar")
    )
    assert response.status_code == 422
    assert field_error(response.text, "current_step") == "Välj ett steg i listan."
    assert field_error(response.text, "status") == "Välj en status i listan."


async def test_a_post_without_the_security_token_changes_nothing(client: httpx.AsyncClient) -> None:
    response = await client.post("/projekt", data=project_form())
    assert response.status_code == 403
    assert "Ladda om sidan" in response.text
    assert await Project.count() == 0
