"""The project's page shows the project, its step and its history; each form that changes the
step (logging an iteration, Byt steg) opens on demand, on its own page (issue 14)."""

import re

import httpx
import pytest

from tests.factories import ACTOR, make_project
from tests.support import field_error, field_value, post_form, text_of
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects import register

FORMS = [
    ("/iterationer/ny", "Logga en iteration", "/iterationer", "logga"),
    ("/steg", "Byt steg", "/steg", "byt-steg"),
]


async def test_the_page_links_to_its_forms_instead_of_showing_them(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="undersoka")
    url = f"/projekt/{project.id}"

    page = (await client.get(url)).text

    for path, verb, action, _ in FORMS:
        assert f'action="{url}{action}"' not in page
        link = re.search(rf'<a class="button[^"]*" href="{url}{path}"[^>]*>(.*?)</a>', page)
        assert link and link.group(1) == verb
    assert 'id="it-summary"' not in page and 'id="move-to_step"' not in page
    assert not re.search(r'<(?:input|select|textarea)[^>]*id="(?:it|move)-', page)  # no fields
    # The history comes before the forms of other areas.
    assert page.index('id="historik"') < page.index('id="underlag"')


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
