"""Every API list and detail sends the same number of SQL statements for 1 record or 30."""

from __future__ import annotations

import httpx

from tests.api.chain import make_chain
from tracker.db import QUERIES
from tracker.phases.catalogue import PhaseCatalogue

PATHS = (
    "/api/v1/projects?limit=500",
    "/api/v1/dialogues?limit=500",
    "/api/v1/organisations?limit=500",
    "/api/v1/collaborations?limit=500",
    "/api/v1/insights?limit=500",
    "/api/v1/service-changes?limit=500",
)


async def _counts(client: httpx.AsyncClient, paths: list[str]) -> dict[str, int]:
    counts = {}
    for path in paths:
        QUERIES.reset()
        response = await client.get(path)
        assert response.status_code == 200, path
        counts[path] = QUERIES.count
    return counts


def _details(first: object) -> list[str]:
    return [
        f"/api/v1/projects/{first.project_id}",  # type: ignore[attr-defined]
        f"/api/v1/dialogues/{first.dialogue_id}",  # type: ignore[attr-defined]
        f"/api/v1/insights/{first.insight_id}",  # type: ignore[attr-defined]
        f"/api/v1/service-changes/{first.change_id}",  # type: ignore[attr-defined]
        f"/api/v1/collaborations/{first.collaboration_id}",  # type: ignore[attr-defined]
    ]


async def test_api_pages_issue_a_bounded_number_of_queries(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    first = await make_chain(catalogue)
    paths = [*PATHS, *_details(first)]
    small = await _counts(client, paths)

    for n in range(12):
        await make_chain(catalogue, suffix=f" {n}")
    large = await _counts(client, paths)

    assert (await client.get("/api/v1/insights")).json()["total"] == 13
    assert large == small
    assert max(small.values()) <= 8
