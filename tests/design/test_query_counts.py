"""The design pages send the same number of SQL statements whatever the amount of data."""

from __future__ import annotations

import httpx

from tests.design.factories import make_design, make_hypothesis, make_test, make_version
from tests.factories import make_project
from tracker.db import QUERIES
from tracker.phases.catalogue import PhaseCatalogue


async def _queries_for(client: httpx.AsyncClient, url: str) -> int:
    QUERIES.reset()
    response = await client.get(url)
    assert response.status_code == 200, url
    return QUERIES.count


async def _more(project_id: int, made: dict[str, int], count: int) -> None:
    for _ in range(count):
        hypothesis = await make_hypothesis(project_id, [made["insight"]])
        version = await make_version(made["prototype_id"])
        await make_test(project_id, version, [hypothesis, made["hypothesis_id"]])


async def test_design_pages_issue_a_bounded_number_of_queries(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    made = await make_design(project.id)
    urls = [
        f"/projekt/{project.id}",
        f"/projekt/{project.id}/design",
        f"/prototyper/{made['prototype_id']}",
        f"/tester/{made['test_id']}",
        f"/projekt/{project.id}/tester/ny",
        f"/projekt/{project.id}/tester/{made['test_id']}/redigera",
        f"/projekt/{project.id}/hypoteser/{made['hypothesis_id']}/redigera",
    ]
    small = {url: await _queries_for(client, url) for url in urls}
    await _more(project.id, made, 12)
    large = {url: await _queries_for(client, url) for url in urls}
    assert large == small
    assert max(small.values()) <= 18, small
