"""Changing a project's facts, archiving it and restoring it; nothing is ever deleted."""

import re
from datetime import date

import httpx

from tests.factories import change_log, make_project, stored_project
from tests.support import field_error, field_value, post_form, text_of
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.tables import Project
from tracker.settings import get_settings


def edit_form(project: Project, **changes: str) -> dict[str, str]:
    """The edit form as the page fills it in, with some fields changed by the user."""
    values = {
        "read_version": str(project.version),
        "title": project.title,
        "challenge": project.challenge,
        "target_group": project.target_group,
        "department": project.department,
        "board": project.board,
        "lead": project.lead,
        "start_date": project.start_date.isoformat(),
        "planned_end": project.planned_end.isoformat() if project.planned_end else "",
        "status": project.status,
    }
    values.update(changes)
    return values


def _list_titles(html: str) -> list[str]:
    return re.findall(r'<td><a href="/projekt/\d+">(.*?)</a></td>', html)


async def test_the_edit_form_shows_the_stored_values(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(
        catalogue,
        title="Trygg start i hemtjänsten",
        challenge="Oklart vem man ringer & när",
        status="paused",
        planned_end=date(2027, 2, 26),
    )

    response = await client.get(f"/projekt/{project.id}/redigera")

    assert response.status_code == 200
    assert "<h1>Ändra projektet</h1>" in response.text
    assert f'action="/projekt/{project.id}/redigera"' in response.text
    assert field_value(response.text, "title") == "Trygg start i hemtjänsten"
    assert field_value(response.text, "challenge") == "Oklart vem man ringer & när"
    assert field_value(response.text, "target_group") == "Villaägare som vill bygga om"
    assert field_value(response.text, "department") == "Miljö- och stadsbyggnadsförvaltningen"
    assert field_value(response.text, "board") == "Bygg- och miljönämnden"
    assert field_value(response.text, "lead") == "Verksamhetsutvecklare"
    assert field_value(response.text, "start_date") == "2026-01-12"
    assert field_value(response.text, "planned_end") == "2027-02-26"
    assert '<option value="paused" selected>Pausad</option>' in response.text
    assert 'name="current_step"' not in response.text  # steps change through the step rules


async def test_editing_an_unknown_project_is_not_found(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)

    shown = await client.get(f"/projekt/{project.id + 1}/redigera")
    posted = await post_form(client, f"/projekt/{project.id + 1}/redigera", edit_form(project))

    assert shown.status_code == 404
    assert posted.status_code == 404
    assert await change_log(project.id + 1) == []


async def test_changes_are_saved_and_logged_field_by_field(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    form = edit_form(
        project,
        title="Enklare ansökan om bygglov för altaner",
        planned_end="2027-03-31",
        status="paused",
    )

    response = await post_form(client, f"/projekt/{project.id}/redigera", form)

    assert response.status_code == 303
    assert response.headers["location"] == f"/projekt/{project.id}"
    after = await stored_project(project.id)
    assert after.title == "Enklare ansökan om bygglov för altaner"
    assert after.planned_end == date(2027, 3, 31)
    assert after.status == "paused"
    assert after.challenge == project.challenge
    assert after.current_step == project.current_step
    log = await change_log(project.id)
    assert [entry["action"] for entry in log] == ["created", "updated"]
    assert log[-1]["actor"] == "Testanvändare"
    assert log[-1]["changes"] == {
        "title": ["Enklare ansökan om bygglov", "Enklare ansökan om bygglov för altaner"],
        "planned_end": ["2026-12-31", "2027-03-31"],
        "status": ["ongoing", "paused"],
    }

    page = await client.get(f"/projekt/{project.id}")
    assert "Ändringarna är sparade." in text_of(page.text)
    assert "<h1>Enklare ansökan om bygglov för altaner</h1>" in page.text
    # The new title is searchable at once.
    found = await client.get("/projekt", params={"q": "ALTANER"})
    assert _list_titles(found.text) == ["Enklare ansökan om bygglov för altaner"]


async def test_removing_the_planned_end_is_a_change(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)

    response = await post_form(
        client, f"/projekt/{project.id}/redigera", edit_form(project, planned_end="")
    )

    assert response.status_code == 303
    assert (await stored_project(project.id)).planned_end is None
    assert (await change_log(project.id))[-1]["changes"] == {"planned_end": ["2026-12-31", None]}


async def test_saving_without_changes_says_so_and_logs_nothing(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, planned_end=None)
    before = await stored_project(project.id)

    # Surrounding spaces are not a change either.
    form = edit_form(project, title=f"  {project.title} ")
    response = await post_form(client, f"/projekt/{project.id}/redigera", form)

    assert response.status_code == 303
    page = await client.get(response.headers["location"])
    assert "Inget ändrades." in text_of(page.text)
    assert "Ändringarna är sparade." not in text_of(page.text)
    assert [entry["action"] for entry in await change_log(project.id)] == ["created"]
    assert (await stored_project(project.id)).updated_at == before.updated_at


async def test_bad_input_is_explained_kept_and_nothing_changes(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    form = edit_form(
        project,
        title="",
        department="Socialförvaltningen",
        start_date="2026-13-01",
        challenge="Ny <utmaning> & mer",
        status="klar",
    )

    response = await post_form(client, f"/projekt/{project.id}/redigera", form)

    assert response.status_code == 422
    assert field_error(response.text, "title") == "Skriv projektets titel."
    assert "Datumet finns inte" in (field_error(response.text, "start_date") or "")
    assert field_error(response.text, "status") == "Välj en status i listan."
    assert field_value(response.text, "department") == "Socialförvaltningen"
    assert field_value(response.text, "start_date") == "2026-13-01"
    assert field_value(response.text, "challenge") == "Ny <utmaning> & mer"
    assert f'action="/projekt/{project.id}/redigera"' in response.text
    after = await stored_project(project.id)
    assert after.title == project.title
    assert after.department == project.department
    assert after.challenge == project.challenge
    assert [entry["action"] for entry in await change_log(project.id)] == ["created"]


async def test_planned_end_before_start_is_refused_when_editing(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)

    response = await post_form(
        client, f"/projekt/{project.id}/redigera", edit_form(project, planned_end="2025-12-31")
    )

    assert response.status_code == 422
    assert (
        field_error(response.text, "planned_end") == "Planerat slut kan inte vara före startdatum."
    )
    assert (await stored_project(project.id)).planned_end == date(2026, 12, 31)


async def test_the_edit_form_cannot_move_the_project_to_another_step(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="fokusera")

    response = await post_form(
        client,
        f"/projekt/{project.id}/redigera",
        edit_form(project, current_step="ringa-in", lead="Utvecklingsledare"),
    )

    assert response.status_code == 303
    after = await stored_project(project.id)
    assert after.current_step == "fokusera"
    assert after.lead == "Utvecklingsledare"


async def test_archiving_asks_first_and_the_question_changes_nothing(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, title="Trygg start i hemtjänsten")

    response = await client.get(f"/projekt/{project.id}/arkivera")

    assert response.status_code == 200
    assert "Vill du arkivera ”Trygg start i hemtjänsten”?" in text_of(response.text)
    assert "Ingenting raderas" in text_of(response.text)
    assert re.search(rf'<form method="post" action="/projekt/{project.id}/arkivera"', response.text)
    assert f'href="/projekt/{project.id}">Avbryt</a>' in response.text
    assert (await stored_project(project.id)).archived_at is None
    assert [entry["action"] for entry in await change_log(project.id)] == ["created"]


async def test_archiving_hides_the_project_but_keeps_it(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, title="Trygg start i hemtjänsten")
    await make_project(catalogue, title="Biblioteket som mötesplats")

    response = await post_form(client, f"/projekt/{project.id}/arkivera", {})

    assert response.status_code == 303
    assert response.headers["location"] == f"/projekt/{project.id}"
    assert (await stored_project(project.id)).archived_at is not None
    assert [entry["action"] for entry in await change_log(project.id)] == ["created", "archived"]

    page = await client.get(f"/projekt/{project.id}")
    assert page.status_code == 200
    assert "Projektet är arkiverat. Det syns inte längre i listan men finns kvar." in text_of(
        page.text
    )
    assert "Projektet är arkiverat sedan" in text_of(page.text)
    listed = await client.get("/projekt")
    assert _list_titles(listed.text) == ["Biblioteket som mötesplats"]
    home = await client.get("/")
    assert "Trygg start i hemtjänsten" not in home.text
    assert await Project.count() == 2


async def test_archiving_twice_records_it_once(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    await post_form(client, f"/projekt/{project.id}/arkivera", {})
    first_stamp = (await stored_project(project.id)).archived_at

    again = await post_form(client, f"/projekt/{project.id}/arkivera", {})

    assert again.status_code == 303
    assert (await stored_project(project.id)).archived_at == first_stamp
    assert [entry["action"] for entry in await change_log(project.id)] == ["created", "archived"]


async def test_restoring_brings_the_project_back(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, title="Trygg start i hemtjänsten")
    await post_form(client, f"/projekt/{project.id}/arkivera", {})

    response = await post_form(client, f"/projekt/{project.id}/aterstall", {})

    assert response.status_code == 303
    assert response.headers["location"] == f"/projekt/{project.id}"
    assert (await stored_project(project.id)).archived_at is None
    assert [entry["action"] for entry in await change_log(project.id)] == [
        "created",
        "archived",
        "restored",
    ]
    page = await client.get(f"/projekt/{project.id}")
    assert "Projektet är återställt från arkivet." in text_of(page.text)
    assert "Projektet är arkiverat sedan" not in text_of(page.text)
    listed = await client.get("/projekt")
    assert _list_titles(listed.text) == ["Trygg start i hemtjänsten"]
    assert await Project.count() == 1


async def test_archive_and_restore_of_an_unknown_project_are_not_found(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    missing = project.id + 1

    for response in (
        await client.get(f"/projekt/{missing}/arkivera"),
        await post_form(client, f"/projekt/{missing}/arkivera", {}),
        await post_form(client, f"/projekt/{missing}/aterstall", {}),
    ):
        assert response.status_code == 404
    assert (await stored_project(project.id)).archived_at is None


async def test_archiving_needs_the_security_token(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)

    response = await client.post(f"/projekt/{project.id}/arkivera")

    assert response.status_code == 403
    assert (await stored_project(project.id)).archived_at is None


async def test_projects_can_not_be_deleted_over_http(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    await client.get("/")
    token = client.cookies["tracker-csrf"]

    response = await client.delete(f"/projekt/{project.id}", headers={"x-csrftoken": token})

    assert response.status_code == 405
    assert "Det går inte att göra så här" in text_of(response.text)
    assert await Project.count() == 1


ON_POSTGRES = get_settings().is_postgres


async def test_a_title_of_the_longest_allowed_length_can_always_be_saved(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    title = "Gatans trafikmiljö " + "ß" * 181
    assert len(title) == 200

    response = await post_form(
        client, f"/projekt/{project.id}/redigera", edit_form(project, title=title)
    )

    assert response.status_code == 303
    assert (await stored_project(project.id)).title == title


async def test_a_nul_character_in_a_field_never_breaks_the_form(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)

    response = await post_form(
        client, f"/projekt/{project.id}/redigera", edit_form(project, challenge="Kopierat\x00text")
    )

    assert response.status_code in (303, 422)
