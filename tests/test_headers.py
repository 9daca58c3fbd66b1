"""Headers every response carries: nothing signed-in is stored by a browser or a proxy,
HSTS over HTTPS, and a CSV says its character set once."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import httpx
from litestar import Litestar

from tests import personas
from tests.dialogues.factories import make_dialogue
from tests.reports.factories import ACTOR, lists, make_report, report_input
from tests.support import app_client
from tracker.accounts.permissions import Principal
from tracker.app import create_app
from tracker.reports import freezing, services
from tracker.settings import get_settings


async def test_signed_in_pages_and_exports_are_never_stored(client: httpx.AsyncClient) -> None:
    await make_dialogue()
    for path in ("/", "/dialoger", "/dialoger/1", "/dialoger/export.csv", "/api/v1/dialogues"):
        response = await client.get(path)
        assert response.status_code == 200, path
        assert response.headers["cache-control"] == "no-store", path
    for path in ("/logga-in", "/finns-inte"):
        assert (await client.get(path)).headers["cache-control"] == "no-store", path


async def test_static_files_may_be_cached(client: httpx.AsyncClient) -> None:
    response = await client.get("/static/tracker.css")

    assert response.headers.get("cache-control") != "no-store"


async def test_the_csv_content_type_states_its_charset_once(client: httpx.AsyncClient) -> None:
    for path in ("/dialoger/export.csv", "/organisationer/export.csv", "/samverkan/export.csv"):
        response = await client.get(path)
        assert response.headers["content-type"] == "text/csv; charset=utf-8", path


async def test_no_hsts_over_plain_http(anonymous: httpx.AsyncClient) -> None:
    response = await anonymous.get("/logga-in")

    assert "strict-transport-security" not in response.headers


async def test_hsts_when_served_over_https(db: None) -> None:
    settings = dataclasses.replace(get_settings(), secure_cookies=True)
    app: Litestar = create_app(settings, pool=False)
    async with app_client(app, "https://testserver") as http:
        response = await http.get("/logga-in")

    assert response.headers["strict-transport-security"].startswith("max-age=31536000")


async def test_the_printable_frozen_page_takes_its_title_from_the_snapshot(
    client: httpx.AsyncClient,
) -> None:
    report = await make_report(title="Återrapportering av uppdrag")
    await freezing.freeze(report, 1, lists(), ACTOR)
    number = await freezing.new_version(report, ACTOR)
    draft = await services.get_version(report.id, number)
    assert draft is not None
    await services.update_draft(
        report,
        number,
        report_input(title="Ny rubrik i utkastet"),
        services.narrative_of(draft),
        ACTOR,
    )

    page = await client.get(f"/rapporter/{report.id}/versioner/1/utskrift")

    assert "<title>Återrapportering av uppdrag – version 1 – utskrift</title>" in page.text
    assert "Ny rubrik i utkastet" not in page.text


async def test_a_readers_page_is_not_stored_either(
    client_as: Callable[[Principal], httpx.AsyncClient],
) -> None:
    lo = client_as(await personas.lo())

    response = await lo.get("/projekt")

    assert response.headers["cache-control"] == "no-store"
