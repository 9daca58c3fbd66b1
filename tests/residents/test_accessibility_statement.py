"""The accessibility statement: public, following DIGG's template, kept by administrators."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from tests import personas
from tests.support import field_error, field_value, post_form, text_of
from tracker.accounts.permissions import Principal
from tracker.audit.tables import ChangeLogEntry
from tracker.db import QUERIES
from tracker.residents.accessibility import DIGG_REPORTING

FORM = {
    "compliance": "partial",
    "inaccessible": "Diagrammen saknar textalternativ i PDF-filerna.",
    "assessment": "Automatisk granskning med axe och manuell granskning med skärmläsare.",
    "last_automated_check": "2026-11-30",
    "last_manual_review": "2026-10-15",
    "report_problem": "Mejla kommunens växel.",
}


async def test_the_statement_is_public_and_follows_diggs_template(
    anonymous: httpx.AsyncClient,
) -> None:
    response = await anonymous.get("/tillganglighet")

    assert response.status_code == 200
    text = text_of(response.text)
    assert "Den här webbtjänsten är delvis förenlig" in text
    assert "Innehåll som inte är tillgängligt" in text
    assert "Hur vi testat webbtjänsten" in text
    assert "Senaste automatiska granskning (axe)" in text
    assert f'href="{DIGG_REPORTING}"' in response.text


async def test_an_administrator_updates_it_and_the_change_is_logged(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient
) -> None:
    response = await post_form(client, "/tillganglighet/redigera", FORM)

    assert response.status_code == 303
    page = text_of((await anonymous.get("/tillganglighet")).text)
    assert "Diagrammen saknar textalternativ i PDF-filerna." in page
    assert "2026-11-30" in page and "2026-10-15" in page
    entries = await ChangeLogEntry.select().where(
        ChangeLogEntry.entity_type == "accessibility_statement"
    )
    assert len(entries) == 1

    await post_form(client, "/tillganglighet/redigera", FORM | {"compliance": "full"})
    page = text_of((await anonymous.get("/tillganglighet")).text)
    assert "Den här webbtjänsten är helt förenlig" in page
    assert "Diagrammen saknar" not in page


async def test_bad_input_is_kept_with_a_message_beside_the_field(client: httpx.AsyncClient) -> None:
    response = await post_form(
        client,
        "/tillganglighet/redigera",
        FORM | {"compliance": "kanske", "last_automated_check": "2026-13-01", "assessment": ""},
    )

    assert response.status_code == 422
    assert field_error(response.text, "compliance") == "Välj hur väl tjänsten följer kraven."
    assert field_error(response.text, "last_automated_check")
    assert field_value(response.text, "last_automated_check") == "2026-13-01"
    assert field_error(response.text, "assessment")


async def test_only_administrators_edit_it(
    client_as: Callable[[Principal], httpx.AsyncClient],
) -> None:
    robin = client_as(await personas.robin())
    assert (await robin.get("/tillganglighet/redigera")).status_code == 403


async def test_the_statement_issues_a_bounded_number_of_queries(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient
) -> None:
    QUERIES.reset()
    await anonymous.get("/tillganglighet")
    before = QUERIES.count
    for n in range(3):
        await post_form(client, "/tillganglighet/redigera", FORM | {"assessment": f"Runda {n}"})
    QUERIES.reset()
    await anonymous.get("/tillganglighet")
    assert QUERIES.count == before <= 2
