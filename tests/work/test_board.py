"""/projekt/tavla: a column per step, a card per project, a move form per card one may edit."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime

import httpx

from tests import personas
from tests.factories import make_project
from tests.support import post_form
from tracker.accounts.permissions import Principal
from tracker.clock import at
from tracker.db import QUERIES
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects import steps as project_steps
from tracker.projects.forms import MoveInput

Client = Callable[[Principal], httpx.AsyncClient]


def _column(html: str, key: str) -> str:
    return html.split(f'id="column-{key}"', 1)[1].split("</section>", 1)[0]


async def test_each_step_has_a_column_with_its_projects(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    await make_project(catalogue, title="Busslinjen", current_step="undersoka")
    await make_project(catalogue, title="Altanerna", current_step="forverkliga")

    response = await client.get("/projekt/tavla")

    assert response.status_code == 200
    headings = re.findall(
        r'<h2 id="column-[^"]+" class="board__heading">(.*?) <span', response.text
    )
    assert headings == [f"{n}. {phase.name}" for n, phase in enumerate(catalogue, 1)]
    assert "Busslinjen" in _column(response.text, "undersoka")
    assert "Altanerna" in _column(response.text, "forverkliga")
    assert "Busslinjen" not in _column(response.text, "forverkliga")


async def test_a_card_shows_days_in_the_step_and_open_checklist_items(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue, admin_user: Principal
) -> None:
    actor = admin_user
    project = await make_project(catalogue, title="Busslinjen")
    with at(datetime(2026, 1, 10, 12, tzinfo=UTC)):
        await project_steps.move_step(project, MoveInput("undersoka", ""), catalogue, actor)
    step = catalogue.get("undersoka")
    assert step is not None
    await project_steps.save_checklist(
        project, "undersoka", {step.checklist[0].key}, catalogue, actor
    )
    with at(datetime(2026, 1, 20, 12, tzinfo=UTC)):
        response = await client.get("/projekt/tavla")

    card = _column(response.text, "undersoka")
    assert "10 dagar i steget" in card
    assert f"{len(step.checklist) - 1} punkter kvar på checklistan" in card


async def test_the_move_form_goes_back_only_with_a_reason(
    client_as: Client, catalogue: PhaseCatalogue
) -> None:
    robin = await personas.robin()
    project = await make_project(
        catalogue, title="Busslinjen", current_step="fokusera", actor=robin
    )
    http = client_as(robin)
    board = await http.get("/projekt/tavla")
    assert f'action="/projekt/{project.id}/steg"' in board.text

    refused = await post_form(
        http,
        f"/projekt/{project.id}/steg",
        {"to_step": "ringa-in", "reason": "", "seen_step": "fokusera"},
    )
    moved = await post_form(
        http,
        f"/projekt/{project.id}/steg",
        {"to_step": "ringa-in", "reason": "Utmaningen var för bred.", "seen_step": "fokusera"},
    )

    assert refused.status_code == 422
    assert moved.status_code == 303
    assert "Busslinjen" in _column((await http.get("/projekt/tavla")).text, "ringa-in")


async def test_only_those_who_may_edit_get_a_move_form(
    client_as: Client, catalogue: PhaseCatalogue
) -> None:
    robin = await personas.robin()
    project = await make_project(catalogue, title="Busslinjen", actor=robin)
    kim, lo = client_as(await personas.kim()), client_as(await personas.lo())
    for http in (kim, lo):
        page = await http.get("/projekt/tavla")
        assert "Busslinjen" in page.text
        assert f'action="/projekt/{project.id}/steg"' not in page.text


async def test_the_board_keeps_the_lists_filters(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    await make_project(catalogue, title="Busslinjen")
    await make_project(catalogue, title="Altanerna")
    page = await client.get("/projekt/tavla?q=buss")
    assert "Busslinjen" in page.text and "Altanerna" not in page.text


async def test_the_board_issues_a_bounded_number_of_queries(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    async def count() -> int:
        QUERIES.reset()
        assert (await client.get("/projekt/tavla")).status_code == 200
        return QUERIES.count

    for n in range(2):
        await make_project(catalogue, title=f"Projekt {n}", current_step="undersoka")
    small = await count()
    for n in range(2, 12):
        await make_project(catalogue, title=f"Projekt {n}", current_step="fokusera")
    assert await count() == small
    assert small <= 8
