"""The delivery pages, and a finished record's page with its deliveries, issue the same number
of queries for one delivery as for many."""

from __future__ import annotations

import httpx

from tests.dialogues.factories import make_dialogue
from tests.reports.factories import ACTOR, lists, make_report
from tracker.archive.tables import Delivery
from tracker.clock import now
from tracker.db import QUERIES
from tracker.dialogues.rules import State
from tracker.reports import freezing


async def _deliveries(record_type: str, record_id: int, version: int, count: int) -> None:
    stamp = now()
    await Delivery.insert(
        *[
            Delivery(
                record_type=record_type,
                record_id=record_id,
                version=version,
                package_id=f"uuid-{n}",
                file_name="paket.zip",
                size=1000,
                package_sha256="0" * 64,
                delivered_at=stamp,
                delivered_by="Test",
                channel="web",
            )
            for n in range(count)
        ]
    )


async def _queries_for(client: httpx.AsyncClient, url: str) -> int:
    QUERIES.reset()
    response = await client.get(url)
    assert response.status_code == 200, url
    return QUERIES.count


async def test_pages_issue_a_bounded_number_of_queries(client: httpx.AsyncClient) -> None:
    report = await make_report()
    await freezing.freeze(report, 1, lists(), ACTOR)
    dialogue = await make_dialogue(state=State.FED_BACK)
    urls = [
        f"/arkiv/rapporter/{report.id}/versioner/1",
        f"/arkiv/dialoger/{dialogue.id}",
        f"/dialoger/{dialogue.id}",
    ]
    await _deliveries("report", report.id, 1, 1)
    await _deliveries("dialogue", dialogue.id, 0, 1)
    small = {url: await _queries_for(client, url) for url in urls}
    await _deliveries("report", report.id, 1, 60)
    await _deliveries("dialogue", dialogue.id, 0, 60)
    large = {url: await _queries_for(client, url) for url in urls}
    assert large == small
    # The user, the report, the version, its deliveries.
    assert small[urls[0]] <= 4, small
    # The user, the dialogue and its three kinds of parts, its deliveries.
    assert small[urls[1]] <= 6, small
