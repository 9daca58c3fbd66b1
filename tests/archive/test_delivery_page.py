"""Delivering a frozen report version from its page: who may, what the page lists, and that
each delivery is recorded with the package's own checksum."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tests import personas
from tests.archive.checks import assert_valid_package
from tests.reports.factories import ACTOR, lists, make_report
from tests.support import post_form, text_of
from tracker.accounts.permissions import Principal
from tracker.archive.tables import Delivery
from tracker.audit.tables import ChangeLogEntry
from tracker.reports import freezing

Clients = Callable[[Principal], httpx.AsyncClient]


async def frozen() -> int:
    report = await make_report()
    await freezing.freeze(report, 1, lists(), ACTOR)
    return int(report.id)


@pytest.mark.slow
async def test_an_administrator_delivers_and_the_delivery_is_listed(
    client: httpx.AsyncClient, tmp_path: Path
) -> None:
    report_id = await frozen()
    version_page = await client.get(f"/rapporter/{report_id}/versioner/1")
    assert f'href="/arkiv/rapporter/{report_id}/versioner/1"' in version_page.text

    page = await client.get(f"/arkiv/rapporter/{report_id}/versioner/1")
    assert page.status_code == 200
    assert "Versionen har inte levererats till e-arkivet." in text_of(page.text)
    assert f'action="/arkiv/rapporter/{report_id}/versioner/1/leverera"' in page.text

    response = await post_form(client, f"/arkiv/rapporter/{report_id}/versioner/1/leverera", {})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    assert 'filename="KS-2024-0123-version-1.zip"' in response.headers["content-disposition"]
    digest = hashlib.sha256(response.content).hexdigest()
    assert response.headers["x-package-sha256"] == digest
    assert_valid_package(response.content, tmp_path)

    rows = await Delivery.select().where(Delivery.record_id == report_id)
    assert [(row["version"], row["package_sha256"], row["channel"]) for row in rows] == [
        (1, digest, "web")
    ]
    logged = await ChangeLogEntry.select(ChangeLogEntry.action, ChangeLogEntry.summary).where(
        (ChangeLogEntry.entity_type == "report") & (ChangeLogEntry.action == "delivered_to_archive")
    )
    assert len(logged) == 1 and digest in logged[0]["summary"]

    listed = text_of((await client.get(f"/arkiv/rapporter/{report_id}/versioner/1")).text)
    assert digest in listed
    assert "Testanvändare" in listed


async def test_who_may_deliver(client_as: Clients) -> None:
    report_id = await frozen()
    path = f"/arkiv/rapporter/{report_id}/versioner/1"
    for persona in (personas.kim, personas.lo):
        http = client_as(await persona())
        assert (await http.get(path)).status_code == 403
        assert (await post_form(http, f"{path}/leverera", {})).status_code == 403
        link = (await http.get(f"/rapporter/{report_id}/versioner/1")).text
        assert f'href="{path}"' not in link
    manager = client_as(await personas.rut())
    assert (await manager.get(path)).status_code == 200
    assert await Delivery.count() == 0


async def test_unknown_ids_and_drafts(client: httpx.AsyncClient) -> None:
    draft = await make_report()
    assert (await client.get("/arkiv/rapporter/999999/versioner/1")).status_code == 404
    assert (await client.get(f"/arkiv/rapporter/{draft.id}/versioner/9")).status_code == 404
    missing = await post_form(client, "/arkiv/rapporter/999999/versioner/1/leverera", {})
    assert missing.status_code == 404
    page = await client.get(f"/arkiv/rapporter/{draft.id}/versioner/1")
    assert page.status_code == 409
    posted = await post_form(client, f"/arkiv/rapporter/{draft.id}/versioner/1/leverera", {})
    assert posted.status_code == 409
    assert "Bara fastställda versioner" in text_of(posted.text)
    assert await Delivery.count() == 0
