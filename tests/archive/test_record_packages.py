"""Delivery packages of a dialogue that is Återkopplad, an ended collaboration and a project
that is Införd, each checked as an e-archive would; unfinished records are not delivered."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tests import personas
from tests.archive.checks import assert_valid_package
from tests.collaborations.factories import make_collaboration
from tests.dialogues.factories import make_dialogue
from tests.factories import make_project
from tests.support import post_form, text_of
from tracker.accounts.permissions import Principal
from tracker.archive.record_contents import KINDS
from tracker.archive.tables import Delivery
from tracker.dialogues.rules import State
from tracker.phases.catalogue import PhaseCatalogue

Clients = Callable[[Principal], httpx.AsyncClient]


async def finished_records(catalogue: PhaseCatalogue) -> dict[str, int]:
    dialogue = await make_dialogue(state=State.FED_BACK)
    collaboration = await make_collaboration(status="ended")
    project = await make_project(catalogue, status="implemented")
    return {"dialoger": dialogue.id, "samverkan": collaboration.id, "projekt": project.id}


@pytest.mark.slow
async def test_each_finished_kind_delivers_a_valid_package(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue, tmp_path: Path
) -> None:
    records = await finished_records(catalogue)
    for slug, record_id in records.items():
        page = await client.get(f"/arkiv/{slug}/{record_id}")
        assert page.status_code == 200, slug
        assert "Posten har inte levererats till e-arkivet." in text_of(page.text)
        response = await post_form(client, f"/arkiv/{slug}/{record_id}/leverera", {})
        assert response.status_code == 200, slug
        assert response.headers["content-type"] == "application/zip"
        folder = tmp_path / slug
        folder.mkdir()
        root = assert_valid_package(response.content, folder)
        erms = (root / "metadata/descriptive/erms.xml").read_text()
        assert 'aggregationType="caseFile"' in erms
        if slug == "samverkan":  # the organisations are the counterparts
            assert 'agentType="counterpart"' in erms
        listed = text_of((await client.get(f"/arkiv/{slug}/{record_id}")).text)
        assert response.headers["x-package-sha256"] in listed
        shown = text_of((await client.get(f"/{slug}/{record_id}")).text)  # the record's page
        assert "Levererad till e-arkivet 1 gång" in shown
        assert response.headers["x-package-sha256"] in shown
    kinds = {row["record_type"] for row in await Delivery.select(Delivery.record_type)}
    assert kinds == set(KINDS)


async def test_unfinished_and_unknown_records_are_not_delivered(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    dialogue = await make_dialogue(state=State.HELD)
    collaboration = await make_collaboration(status="ongoing")
    project = await make_project(catalogue)
    for slug, record_id, word in (
        ("dialoger", dialogue.id, "återkopplade"),
        ("samverkan", collaboration.id, "avslutade"),
        ("projekt", project.id, "införda"),
    ):
        page = await client.get(f"/arkiv/{slug}/{record_id}")
        assert page.status_code == 409
        assert word in text_of(page.text)
        posted = await post_form(client, f"/arkiv/{slug}/{record_id}/leverera", {})
        assert posted.status_code == 409
    assert (await client.get("/arkiv/dialoger/999999")).status_code == 404
    assert (await client.get(f"/arkiv/okant/{dialogue.id}")).status_code == 404
    assert (await post_form(client, "/arkiv/projekt/999999/leverera", {})).status_code == 404
    assert await Delivery.count() == 0


async def test_the_record_pages_link_to_delivery_for_report_managers_only(
    client: httpx.AsyncClient, client_as: Clients, catalogue: PhaseCatalogue
) -> None:
    records = await finished_records(catalogue)
    pages = {"dialoger": "/dialoger/{}", "samverkan": "/samverkan/{}", "projekt": "/projekt/{}"}
    reader = client_as(await personas.lo())
    for slug, record_id in records.items():
        link = f'href="/arkiv/{slug}/{record_id}"'
        assert link in (await client.get(pages[slug].format(record_id))).text
        assert link not in (await reader.get(pages[slug].format(record_id))).text
        assert (await reader.get(f"/arkiv/{slug}/{record_id}")).status_code == 403
