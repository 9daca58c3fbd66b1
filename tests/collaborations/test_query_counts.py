"""The registers, the follow-up list, the exports and the record pages send the same number
of SQL statements whatever the amount of data: no query per row."""

from __future__ import annotations

from datetime import date

import httpx

from tracker.collaborations import contributions, follow_ups
from tracker.collaborations.forms import ContributionInput, FollowUpInput
from tracker.db import QUERIES

from .factories import ACTOR, make_collaboration, make_organisation


async def _grow(count: int, offset: int) -> None:
    for n in range(offset, offset + count):
        organisation = await make_organisation(name=f"Förening {n}", org_number="")
        collaboration = await make_collaboration(
            [organisation.id, 1], title=f"Samverkan {n}", form="iop" if n % 2 else "samrad"
        )
        await contributions.add_contribution(
            collaboration, ContributionInput(1, 2026, n * 100, "Lokal"), ACTOR, "x"
        )
        await follow_ups.add_follow_up(
            collaboration, FollowUpInput(date(2026, 1, 1 + n % 28), f"Punkt {n}"), ACTOR
        )


async def _queries_for(client: httpx.AsyncClient, url: str) -> int:
    QUERIES.reset()
    response = await client.get(url)
    assert response.status_code == 200, url
    return QUERIES.count


async def test_pages_issue_a_bounded_number_of_queries(client: httpx.AsyncClient) -> None:
    await make_organisation()  # id 1, a party of every collaboration
    urls = [
        "/samverkan",
        "/samverkan?ar=2026&status=ongoing",
        "/samverkan/uppfoljning",
        "/samverkan/export.csv",
        "/samverkan/export.xlsx",
        "/organisationer",
        "/organisationer/export.csv",
        "/organisationer/1",
        "/samverkan/1",
    ]
    await _grow(3, 0)
    small = {url: await _queries_for(client, url) for url in urls}
    await _grow(30, 3)
    large = {url: await _queries_for(client, url) for url in urls}

    assert large == small
    assert small["/samverkan"] <= 6, small
    assert small["/samverkan/1"] <= 15, small  # incl. its evidence and insights
    assert small["/organisationer/1"] <= 8, small
