"""The pages every visitor meets: start page, the steps, 404, static files, page structure."""

import re

import httpx
import pytest

from tests.collaborations.factories import make_collaboration
from tests.dialogues.factories import make_dialogue
from tests.factories import ACTOR, make_project
from tests.insights.factories import change_in
from tests.support import text_of
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects import register as project_register
from tracker.projects import steps as project_steps


def _step_counts(html: str) -> dict[str, str]:
    """Each step on the start page with the count shown beside it."""
    found = re.findall(
        r'<span class="step-overview__name">(.*?)</span>\s*'
        r'<span class="step-overview__count">(.*?)</span>',
        html,
    )
    return dict(found)


def _recent(html: str) -> list[str]:
    return re.findall(r'<a class="card__title" href="/projekt/\d+">(.*?)</a>', html)


async def test_the_start_page_counts_projects_per_step_without_archived_ones(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    await make_project(catalogue, title="A", current_step="undersoka")
    await make_project(catalogue, title="B", current_step="undersoka", status="paused")
    await make_project(catalogue, title="C", current_step="forverkliga")
    archived = await make_project(catalogue, title="D", current_step="undersoka")
    await project_register.set_archived(archived, True, ACTOR)

    response = await client.get("/")

    assert response.status_code == 200
    assert _step_counts(response.text) == {
        "Ringa in": "0 projekt",
        "Undersöka": "2 projekt",
        "Fokusera": "0 projekt",
        "Ta fram idéer": "0 projekt",
        "Testa idéer": "0 projekt",
        "Förverkliga": "1 projekt",
    }
    assert 'href="/projekt?steg=undersoka"' in response.text


async def test_the_start_page_lists_recently_changed_projects(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    older = await make_project(catalogue, title="Äldre projekt", current_step="fokusera")
    await make_project(catalogue, title="Nyare projekt")
    archived = await make_project(catalogue, title="Arkiverat projekt")
    await project_register.set_archived(archived, True, ACTOR)

    response = await client.get("/")
    assert _recent(response.text) == ["Nyare projekt", "Äldre projekt"]
    assert "Fokusera · Pågående · Miljö- och stadsbyggnadsförvaltningen" in text_of(response.text)

    await project_steps.save_checklist(older, "fokusera", {"arbetet-granskat"}, catalogue, ACTOR)
    response = await client.get("/")
    assert _recent(response.text) == ["Äldre projekt", "Nyare projekt"]


async def test_the_start_page_shows_at_most_five_recent_projects(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    for number in range(1, 8):
        await make_project(catalogue, title=f"Projekt {number}")

    response = await client.get("/")

    assert _recent(response.text) == [f"Projekt {n}" for n in (7, 6, 5, 4, 3)]
    assert _step_counts(response.text)["Ringa in"] == "7 projekt"


async def test_the_start_page_on_an_empty_database(client: httpx.AsyncClient) -> None:
    response = await client.get("/")

    assert response.status_code == 200
    page = text_of(response.text)
    assert "Det finns inga projekt ännu." in page
    assert "Skapa det första projektet" in page
    assert set(_step_counts(response.text).values()) == {"0 projekt"}
    assert _recent(response.text) == []


async def test_the_steps_page_lists_all_six_steps(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    response = await client.get("/steg")

    assert response.status_code == 200
    headings = re.findall(r'<h2 id="phase-[^"]+">(.*?)</h2>', response.text)
    assert headings == [
        "Steg 1: Ringa in",
        "Steg 2: Undersöka",
        "Steg 3: Fokusera",
        "Steg 4: Ta fram idéer",
        "Steg 5: Testa idéer",
        "Steg 6: Förverkliga",
    ]
    page = text_of(response.text)
    for phase in catalogue:
        assert phase.aim in page


@pytest.mark.parametrize("path", ["/finns-inte", "/projekt/ny/extra", "/static/finns-inte.js"])
async def test_an_unknown_address_gives_the_swedish_not_found_page(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.get(path)

    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]
    page = text_of(response.text)
    assert "Sidan finns inte" in page
    assert "Felkod: 404" in page
    assert "Gå till projektlistan" in page
    assert "Traceback" not in response.text


async def test_htmx_is_served_from_the_app_itself(client: httpx.AsyncClient) -> None:
    response = await client.get("/static/vendor/htmx-2.0.11.min.js")

    assert response.status_code == 200
    assert "javascript" in response.headers["content-type"]
    assert "htmx" in response.text
    assert len(response.content) > 10_000
    home = await client.get("/")
    assert '<script src="/static/vendor/htmx-2.0.11.min.js" defer></script>' in home.text
    assert '<script src="/static/tracker.js" defer></script>' in home.text
    assert (await client.get("/static/tracker.js")).status_code == 200
    assert "://" not in re.search(r"<head>(.*?)</head>", home.text, re.S).group(1)  # no CDN


async def test_the_stylesheet_is_served(client: httpx.AsyncClient) -> None:
    response = await client.get("/static/tracker.css")

    assert response.status_code == 200
    assert "text/css" in response.headers["content-type"]


async def _every_page(client: httpx.AsyncClient, catalogue: PhaseCatalogue) -> list[str]:
    project = await make_project(catalogue)
    return [
        "/",
        "/steg",
        "/projekt",
        "/projekt?q=inget",
        "/projekt/ny",
        f"/projekt/{project.id}",
        f"/projekt/{project.id}/redigera",
        f"/projekt/{project.id}/arkivera",
    ]


async def test_every_page_is_swedish_with_a_skip_link_and_the_main_menu(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    for path in await _every_page(client, catalogue):
        response = await client.get(path)
        html = response.text
        assert '<html lang="sv">' in html, path
        assert '<a class="skip-link" href="#main">Hoppa till innehållet</a>' in html, path
        assert '<main id="main"' in html, path
        nav = re.search(r'<nav aria-label="Huvudmeny">(.*?)</nav>', html, flags=re.S)
        assert nav, path
        links = re.findall(r'<a href="([^"]+)"', nav.group(1))
        assert links == [
            "/",
            "/oversikt",
            "/projekt",
            "/dialoger",
            "/dialoger/aterkoppling",
            "/samverkan",
            "/insikter",
            "/forandringar",
            "/kedjan",
            "/rapporter",
            "/sok",
            "/steg",
            "/admin/konton",
        ], path
        assert len(re.findall(r"<h1>", html)) == 1, path
        assert re.search(r"<title>[^<]+ – Tjänstedesignspåraren</title>", html), path


async def test_the_menu_marks_the_current_section(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)

    for path, current in [
        ("/", "/"),
        ("/projekt", "/projekt"),
        (f"/projekt/{project.id}", "/projekt"),
        ("/steg", "/steg"),
        ("/oversikt", "/oversikt"),
    ]:
        html = (await client.get(path)).text
        assert re.findall(r'<a href="([^"]+)" aria-current="page">', html) == [current], path


def _menu(html: str) -> str:
    nav = re.search(r'<nav aria-label="Huvudmeny">(.*?)</nav>', html, flags=re.S)
    assert nav
    return nav.group(1)


def _menu_links(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)"', _menu(html))


def _current_in_menu(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)" aria-current="page">', _menu(html))


async def test_the_menu_marks_the_section_of_chain_and_change_pages(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    dialogue = await make_dialogue(state="held")
    change = await change_in(project.id)

    for path, current in [
        (f"/dialoger/{dialogue.id}/kedjan", "/dialoger"),
        ("/forandringar", "/forandringar"),
        (f"/forandringar/{change}", "/forandringar"),
        ("/insikter", "/insikter"),
        ("/kedjan", "/kedjan"),
    ]:
        response = await client.get(path)
        assert response.status_code == 200, path
        assert _current_in_menu(response.text) == [current], path


async def test_a_signed_out_visitor_sees_only_the_public_pages_and_sign_in(
    anonymous: httpx.AsyncClient,
) -> None:
    for path in ("/logga-in", "/glomt-losenord", "/finns-inte"):
        response = await anonymous.get(path)
        assert _menu_links(response.text) == ["/ni-sa-vi-gjorde", "/logga-in"], path
        assert "Logga ut" not in response.text, path
    assert _current_in_menu((await anonymous.get("/logga-in")).text) == ["/logga-in"]


async def test_a_form_opened_from_a_records_page_leads_back_to_it_and_keeps_its_section(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    """Every form page has one frame: the list, the record, the form; the menu keeps the
    record's part of the site."""
    project = await make_project(catalogue)
    dialogue = await make_dialogue(state="held")
    collaboration = await make_collaboration()
    records = [
        (f"/projekt/{project.id}", project.title, "/projekt", "Projekt"),
        (f"/dialoger/{dialogue.id}", dialogue.title, "/dialoger", "Dialoger"),
        (f"/samverkan/{collaboration.id}", collaboration.title, "/samverkan", "Samverkan"),
    ]
    forms = {
        "/projekt": ["iterationer/ny", "medlemmar/ny", "underlag/ny"],
        "/dialoger": ["tillfallen/ny", "medlemmar/ny", "projekt/ny", "underlag/ny"],
        "/samverkan": ["medlemmar/ny", "projekt/ny", "dialoger/ny", "underlag/ny"],
    }
    for url, title, list_url, list_name in records:
        for form in forms[list_url]:
            response = await client.get(f"{url}/{form}")
            assert response.status_code == 200, form
            crumbs = re.search(r'<nav class="breadcrumbs"[^>]*>(.*?)</nav>', response.text, re.S)
            assert crumbs, form
            assert re.findall(r'<a href="([^"]+)">([^<]*)</a>', crumbs.group(1)) == [
                (list_url, list_name),
                (url, title),
            ], form
            assert _current_in_menu(response.text) == [list_url], form
