"""The project's page shows the project, its step and its history; the form that changes the
step opens on demand, on its own page (issue 14). There is one way to change step, logging an
iteration; Byt steg is offered only to repair a step the steps file no longer has."""

import re

import httpx
import pytest

from tests.factories import ACTOR, make_project
from tests.support import field_error, field_value, post_form, text_of
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects import register
from tracker.projects.tables import Project

FORMS = [
    ("/iterationer/ny", "Logga en iteration", "/iterationer", "logga"),
    ("/steg", "Byt steg", "/steg", "byt-steg"),
]
GONE_STEP = "steg-som-inte-finns"  # a step the steps file no longer has


async def _in_a_step_that_is_gone(project: Project) -> None:
    await Project.update({Project.current_step: GONE_STEP}).where(Project.id == project.id)


def _opens(page: str, url: str, path: str) -> str | None:
    """The text of the page's button that opens the form at `path`, None if it has none."""
    link = re.search(rf'<a class="button[^"]*" href="{url}{path}"[^>]*>(.*?)</a>', page)
    return link.group(1) if link else None


async def test_the_page_links_to_the_iteration_form_as_the_one_way_to_change_step(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="undersoka")
    url = f"/projekt/{project.id}"

    page = (await client.get(url)).text

    assert _opens(page, url, "/iterationer/ny") == "Logga en iteration"
    assert "går vidare eller tillbaka" in text_of(page)
    # No second way to change step: neither Byt steg's button nor its form.
    assert f'href="{url}/steg"' not in page and 'id="byt-steg"' not in page
    for _, _, action, _ in FORMS:
        assert f'action="{url}{action}"' not in page
    assert not re.search(r'<(?:input|select|textarea)[^>]*id="(?:it|move)-', page)  # no fields
    # The history comes before the forms of other areas.
    assert page.index('id="historik"') < page.index('id="underlag"')


async def test_a_step_the_steps_file_no_longer_has_is_repaired_with_byt_steg(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="undersoka")
    await _in_a_step_that_is_gone(project)
    url = f"/projekt/{project.id}"

    page = (await client.get(url)).text

    assert "Välj ett steg nedan." in text_of(page)
    assert _opens(page, url, "/steg") == "Byt steg"
    assert page.index('id="byt-steg"') < page.index('id="historik"')

    moved = await post_form(client, f"{url}/steg", {"to_step": "fokusera", "reason": ""})
    assert moved.status_code == 303
    page = (await client.get(url)).text
    assert "Projektet är nu i steget Fokusera." in text_of(page)
    assert f'href="{url}/steg"' not in page  # repaired: the iteration is the way again


async def test_an_iteration_cannot_move_a_project_from_a_step_that_is_gone(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="undersoka")
    await _in_a_step_that_is_gone(project)
    url = f"/projekt/{project.id}"
    form = {"started_on": "2026-02-01", "summary": "Intervjuer.", "decision": "forward"}

    refused = await post_form(client, f"{url}/iterationer", form)

    assert refused.status_code == 422
    assert "inte längre finns" in (field_error(refused.text, "it-decision") or "")


@pytest.mark.parametrize(("path", "verb", "action", "section"), FORMS)
async def test_each_form_has_its_own_page_that_works_without_javascript(
    client: httpx.AsyncClient,
    catalogue: PhaseCatalogue,
    path: str,
    verb: str,
    action: str,
    section: str,
) -> None:
    project = await make_project(catalogue, current_step="undersoka")
    url = f"/projekt/{project.id}"

    response = await client.get(f"{url}{path}")

    assert response.status_code == 200
    assert "<h1 id=" in response.text and f">{verb}</h1>" in response.text
    assert f'<form method="post" action="{url}{action}"' in response.text
    assert f'<a href="{url}">{project.title}</a>' in response.text  # the way back
    assert "steg 2 av 6: Undersöka" in text_of(response.text)


@pytest.mark.parametrize(("path", "verb", "action", "section"), FORMS)
async def test_htmx_gets_only_the_forms_section_to_show_in_place(
    client: httpx.AsyncClient,
    catalogue: PhaseCatalogue,
    path: str,
    verb: str,
    action: str,
    section: str,
) -> None:
    project = await make_project(catalogue)
    if path == "/steg":
        await _in_a_step_that_is_gone(project)  # the only time the page offers it
    url = f"/projekt/{project.id}"
    detail = (await client.get(url)).text
    assert f'hx-get="{url}{path}" hx-target="#{section}"' in detail

    response = await client.get(
        f"{url}{path}", headers={"HX-Request": "true", "HX-Target": section}
    )

    assert response.text.lstrip().startswith(f'<section class="panel" id="{section}"')
    assert f'hx-post="{url}{action}"' in response.text
    assert "<h1" not in response.text and f">{verb}</h2>" in response.text


async def test_a_refused_form_comes_back_on_its_own_page_and_a_save_goes_to_the_project(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="fokusera")
    url = f"/projekt/{project.id}"

    refused = await post_form(client, f"{url}/steg", {"to_step": "undersoka", "reason": ""})
    assert refused.status_code == 422
    assert field_error(refused.text, "move-reason")
    assert '<h1 id="move-heading">Byt steg</h1>' in refused.text
    assert '<option value="undersoka" selected>' in refused.text

    moved = await post_form(
        client, f"{url}/steg", {"to_step": "undersoka", "reason": "Vi behöver veta mer."}
    )
    assert moved.status_code == 303
    assert moved.headers["location"] == url
    page = await client.get(url)
    assert "Projektet är nu i steget Undersöka." in text_of(page.text)
    assert field_value(page.text, "move-reason") is None


async def test_an_archived_project_shows_no_forms_and_refuses_them(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    await register.set_archived(project, True, ACTOR)
    url = f"/projekt/{project.id}"

    page = (await client.get(url)).text

    for path, *_ in FORMS:
        assert f'href="{url}{path}"' not in page
        refused = await client.get(f"{url}{path}")
        assert refused.status_code == 409
        assert "Projektet är arkiverat" in text_of(refused.text)
