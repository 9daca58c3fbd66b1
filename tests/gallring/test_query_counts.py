"""The gallring pages issue the same number of queries for little and much to list."""

from __future__ import annotations

import httpx

from tests.gallring.factories import failed_sign_in, years_ago
from tracker.accounts.permissions import system_actor
from tracker.clock import today
from tracker.db import QUERIES
from tracker.gallring import services
from tracker.gallring.plan import plan


async def _counts(client: httpx.AsyncClient, urls: list[str]) -> list[int]:
    counts = []
    for url in urls:
        QUERIES.reset()
        response = await client.get(url)
        assert response.status_code == 200, url
        counts.append(QUERIES.count)
    return counts


async def _round(n: int) -> int:
    for _ in range(n):
        await failed_sign_in(years_ago(3))
    run_id = await services.run(plan(), today(), system_actor("Test"))
    for _ in range(n):
        await failed_sign_in(years_ago(2))
        await services.set_hold("dialogue", 1, "Skäl", system_actor("Test"))
    return run_id


async def test_pages_issue_a_bounded_number_of_queries(client: httpx.AsyncClient) -> None:
    run_id = await _round(1)
    urls = ["/admin/gallring", "/admin/gallring/bekrafta", f"/admin/gallring/korningar/{run_id}"]
    few = await _counts(client, urls)
    more = await _round(12)
    many = await _counts(client, [*urls[:2], f"/admin/gallring/korningar/{more}"])
    assert many == few
