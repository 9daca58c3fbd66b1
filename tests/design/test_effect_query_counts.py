"""The change's page (with its effects) and the effect pages send the same number of SQL
statements whatever the number of effects and follow-ups."""

from __future__ import annotations

from datetime import date, timedelta

import httpx

from tests.design.effect_factories import follow_up, make_change_with_effect, make_effect
from tests.factories import make_project
from tracker.db import QUERIES
from tracker.phases.catalogue import PhaseCatalogue


async def _queries_for(client: httpx.AsyncClient, url: str) -> int:
    QUERIES.reset()
    response = await client.get(url)
    assert response.status_code == 200, url
    return QUERIES.count


async def test_effect_pages_issue_a_bounded_number_of_queries(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    made = await make_change_with_effect(project.id)
    effect = made["effect_id"]
    urls = [
        f"/forandringar/{made['change_id']}",
        f"/effekter/{effect}",
        f"/projekt/{project.id}/effekter/{effect}/redigera",
        f"/projekt/{project.id}/forandringar/{made['change_id']}/effekter/ny",
        "/",
    ]
    small = {url: await _queries_for(client, url) for url in urls}
    for i in range(8):
        other = await make_effect(made["change_id"], indicator=f"Indikator {i}")
        await follow_up(other, 65.0 + i)
        await follow_up(effect, 70.0 + i, date(2026, 5, 1) + timedelta(days=i))
    large = {url: await _queries_for(client, url) for url in urls}
    assert large == small
    assert small[f"/forandringar/{made['change_id']}"] <= 13, small  # with the picker and tests
    assert small[f"/effekter/{effect}"] <= 6, small
