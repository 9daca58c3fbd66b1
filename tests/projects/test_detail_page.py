"""A project's page: the steps, the current step's guidance, the facts, the history, 404s."""

import re
from html import unescape

import httpx
import pytest

from tests.factories import ACTOR, CONFIRMED, make_project
from tests.support import post_form, text_of
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects import register


def _steps(html: str) -> list[tuple[str, bool]]:
    """Each step in the step indicator: its name and whether it is marked as the current one."""
    found = re.findall(
        r'<li class="stepper__step[^"]*"( aria-current="step")?>.*?'
        r'<span class="stepper__name">(.*?)</span>',
        html,
        flags=re.S,
    )
    return [(unescape(name), bool(current)) for current, name in found]


def _section(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}".*?</section>', html, flags=re.S)
    assert match, f"no section {element_id}"
    return match.group(0)


def _timeline_titles(html: str) -> list[str]:
    return [
        text_of(title)
        for title in re.findall(r'<h3 class="timeline__title">(.*?)</h3>', html, flags=re.S)
    ]


async def test_the_page_shows_the_project_and_marks_its_step_as_current(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(
        catalogue, title="Trygg start i hemtjänsten", current_step="fokusera"
    )

    response = await client.get(f"/projekt/{project.id}")

    assert response.status_code == 200
    assert "<h1>Trygg start i hemtjänsten</h1>" in response.text
    steps = _steps(response.text)
    assert [name for name, _ in steps] == [phase.name for phase in catalogue]
    assert [name for name, current in steps if current] == ["Fokusera"]
    assert response.text.count('aria-current="step"') == 1
    page = text_of(response.text)
    assert "Fokusera (nuvarande steg)" in page
    assert "Undersöka (tidigare steg)" in page
    assert "Testa idéer (kommande steg)" in page


async def test_the_current_steps_aim_checklist_and_methods_come_from_the_step_files(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="undersoka")
    phase = catalogue.get("undersoka")
    assert phase is not None
    other = catalogue.get("forverkliga")
    assert other is not None

    response = await client.get(f"/projekt/{project.id}")

    page = text_of(response.text)
    assert f"Steg 2 av {len(catalogue)}: {phase.name}" in page
    assert phase.aim in page
    for text in [*phase.activities, *phase.methods, *phase.done_questions]:
        assert text in page
    checklist = text_of(_section(response.text, "checklista"))
    for item in phase.checklist:
        assert item.text in checklist
    assert f"0 av {len(phase.checklist)} klara" in checklist
    # Another step's guidance is not mixed in.
    assert other.aim not in page
    assert other.checklist[0].text not in page


async def test_the_facts_about_the_project_are_shown(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    undated = await make_project(catalogue, title="Utan slutdatum", planned_end=None)

    response = await client.get(f"/projekt/{project.id}")

    match = re.search(r'id="about-heading">Om projektet</h2>(.*?)</dl>', response.text, re.S)
    assert match
    facts = text_of(match.group(1))
    assert facts == (
        "Utmaning Många ansökningar kommer in ofullständiga. "
        "Målgrupp Villaägare som vill bygga om "
        "Förvaltning Miljö- och stadsbyggnadsförvaltningen "
        "Nämnd Bygg- och miljönämnden "
        "Projektledare Verksamhetsutvecklare "
        "Startdatum 2026-01-12 "
        "Planerat slut 2026-12-31 "
        "Iterationer 0"
    )
    without_end = await client.get(f"/projekt/{undated.id}")
    assert "Planerat slut Inte bestämt" in text_of(without_end.text)


async def test_an_unknown_project_gives_the_swedish_not_found_page(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)

    response = await client.get(f"/projekt/{project.id + 1}")

    assert response.status_code == 404
    assert "Sidan finns inte" in text_of(response.text)
    assert '<html lang="sv">' in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/projekt/0",
        "/projekt/-1",
        "/projekt/abc",
        "/projekt/99999999999",
        "/projekt/2147483648",
        "/projekt/1.5",
        "/projekt/%C3%85",
        "/projekt/0/redigera",
        "/projekt/-1/arkivera",
        "/projekt/99999999999/redigera",
    ],
)
async def test_odd_project_addresses_are_not_found_never_an_error(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue, path: str
) -> None:
    await make_project(catalogue)

    response = await client.get(path)

    assert response.status_code == 404
    assert "Sidan finns inte" in text_of(response.text)


async def test_the_timeline_lists_iterations_moves_and_creation_newest_first(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="ringa-in")
    url = f"/projekt/{project.id}"
    iteration = {
        "started_on": "2026-02-01",
        "ended_on": "2026-02-14",
        "summary": "Workshop med handläggarna.",
        "methods": "1 workshop",
        "learnings": "Utmaningen var för bred.",
        "decision": "continue",
    }
    assert (await post_form(client, f"{url}/iterationer", iteration)).status_code == 303
    moved = await post_form(
        client, f"{url}/steg", {"to_step": "undersoka", "reason": "", **CONFIRMED}
    )
    assert moved.status_code == 303
    back = await post_form(
        client, f"{url}/steg", {"to_step": "ringa-in", "reason": "Vi behöver smalna av."}
    )
    assert back.status_code == 303

    response = await client.get(url)

    assert _timeline_titles(_section(response.text, "historik")) == [
        "Tillbaka från Undersöka till Ringa in",
        "Vidare från Ringa in till Undersöka",
        "Iteration 1 i Ringa in",
        "Projektet startade i Ringa in",
    ]
    history = text_of(_section(response.text, "historik"))
    assert "Skäl: Vi behöver smalna av." in history
    assert "Workshop med handläggarna." in history
    assert "Utmaningen var för bred." in history
    assert "Fortsätt i samma steg" in history
    assert "2026-02-01 – 2026-02-14" in history
    assert f"loggad av {ACTOR.name}" in history


async def test_a_new_project_has_only_its_start_in_the_timeline(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="fokusera")

    response = await client.get(f"/projekt/{project.id}")

    assert _timeline_titles(response.text) == ["Projektet startade i Fokusera"]


async def test_an_archived_project_says_so_and_offers_to_restore_it(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    await register.set_archived(project, True, ACTOR)

    response = await client.get(f"/projekt/{project.id}")

    assert response.status_code == 200
    page = text_of(response.text)
    assert "Projektet är arkiverat" in page
    assert f'action="/projekt/{project.id}/aterstall"' in response.text
    assert "Återställ projektet" in page
    assert f'href="/projekt/{project.id}/arkivera"' not in response.text


async def test_a_project_in_use_shows_no_archive_notice(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)

    response = await client.get(f"/projekt/{project.id}")

    assert "Projektet är arkiverat" not in text_of(response.text)
    assert "/aterstall" not in response.text
    assert f'href="/projekt/{project.id}/arkivera"' in response.text
