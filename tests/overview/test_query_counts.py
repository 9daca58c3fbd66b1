"""The overview issues the same number of queries for one chain and for many."""

from __future__ import annotations

import httpx

from tests.collaborations.factories import make_collaboration
from tracker.db import QUERIES
from tracker.phases.catalogue import PhaseCatalogue

from .chain import make_chain

URLS = [
    "/oversikt?fran=2026-01-01&till=2026-12-31",
    "/oversikt?fran=2026-01-01&till=2026-12-31&namnd=Kommunstyrelsen&tema=1",
    "/oversikt/poster?mangd=dialogues&fran=2026-01-01&till=2026-12-31",
    "/oversikt/poster?mangd=evidence&fran=2026-01-01&till=2026-12-31",
    "/oversikt/poster?figur=dialogues.held&fran=2026-04-01&till=2026-06-30",
]


async def _queries_for(client: httpx.AsyncClient, url: str) -> int:
    QUERIES.reset()
    response = await client.get(url)
    assert response.status_code == 200, url
    return QUERIES.count


async def test_the_overview_issues_a_bounded_number_of_queries(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    await make_chain(catalogue, n=0)
    await make_collaboration()
    small = {url: await _queries_for(client, url) for url in URLS}

    for n in range(1, 16):
        await make_chain(catalogue, theme=f"Tema {n % 3}", n=n)
        await make_collaboration(title=f"Samverkan {n}")
    large = {url: await _queries_for(client, url) for url in URLS}

    assert large == small
    # The flow is one statement and the records behind a band one more; the strands are the
    # report's figures for each of the eight quarters.
    assert small[URLS[2]] <= 5, small
    # 157 today, after a change: 8 × the report's 18 and its data version, then 5
    assert small[URLS[0]] <= 8 * 19 + 5, small
    # Unchanged data: the figures are read from the cache (the data version, the lists).
    assert await _queries_for(client, URLS[0]) <= 5
