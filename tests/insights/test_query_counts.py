"""The chain's pages issue the same number of queries for a short chain and a deep one."""

from __future__ import annotations

import httpx

from tests.collaborations.factories import make_collaboration
from tests.dialogues.factories import make_dialogue
from tests.factories import ACTOR, make_project
from tracker.db import QUERIES
from tracker.insights import services
from tracker.insights.changes import services as change_services
from tracker.phases.catalogue import PhaseCatalogue

from .factories import change_in, evidence_from, insight_on


async def _queries_for(client: httpx.AsyncClient, url: str) -> int:
    QUERIES.reset()
    response = await client.get(url)
    assert response.status_code == 200, url
    return QUERIES.count


async def _deepen(
    dialogue_id: int, collaboration_id: int, project_id: int, change_id: int, n: int
) -> None:
    """n more insights from the dialogue and the collaboration, each used and built on."""
    for i in range(n):
        evidence = [
            await evidence_from(dialogue_id, f"Citat {i}"),
            await evidence_from(collaboration_id, f"Iakttagelse {i}", source_type="collaboration"),
        ]
        insight = await insight_on(evidence, f"Insikt nummer {i}", themes=[f"Tema {i % 3}"])
        await services.use_in_project(insight, project_id, None, ACTOR)
        await change_services.address_insight(change_id, insight, 1 + i % 3, ACTOR)


async def test_chain_pages_issue_a_bounded_number_of_queries(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    dialogue = await make_dialogue(state="held", level_promised="inflytande")
    collaboration = await make_collaboration()
    project = await make_project(catalogue, current_step="undersoka")
    change = await change_in(project.id)
    await _deepen(dialogue.id, collaboration.id, project.id, change, 1)
    urls = [
        f"/dialoger/{dialogue.id}/kedjan",
        f"/samverkan/{collaboration.id}/kedjan",
        f"/dialoger/{dialogue.id}",
        f"/projekt/{project.id}",
        f"/forandringar/{change}",
        "/insikter/1",
        "/insikter",
        "/insikter?q=insikt&tema=1",
        "/teman",
        "/kedjan",
    ]
    small = {url: await _queries_for(client, url) for url in urls}

    await _deepen(dialogue.id, collaboration.id, project.id, change, 40)
    large = {url: await _queries_for(client, url) for url in urls}

    assert large == small
    # The signed-in user, the source, its trail (four steps), the evidence–insight pairs and
    # the feedback sent.
    assert small[f"/dialoger/{dialogue.id}/kedjan"] <= 8, small
    # the change, its insights and project, effects, the picker (the project's insights first)
    assert small[f"/forandringar/{change}"] <= 13, small  # with its tests and effects
    assert small["/insikter/1"] <= 8, small  # with the projects it may be put to use in
    assert small["/insikter"] <= 5, small
