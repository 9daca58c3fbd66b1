"""An archived record is read-only: its page offers only restoring, and every change to it,
through any route under its page, is refused with 409 and a Swedish message.

The routes are read from the app (like tests/test_route_access.py), so a new edit route on a
record's page is asked about the moment it exists.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx
import pytest
from litestar import Litestar

from tests import personas
from tests.route_areas import area_ids
from tests.support import made_once, post_form, text_of
from tests.test_route_access import ACCESS, MEMBER_REMOVAL, ROUTES
from tracker.accounts.permissions import Principal
from tracker.audit.tables import ChangeLogEntry

# The record page each kind's routes live under, its path parameter and its change-log type.
RECORDS = {
    "/projekt/{project_id}": ("project_id", "project"),
    "/dialoger/{dialogue_id}": ("dialogue_id", "dialogue"),
    "/samverkan/{collaboration_id}": ("collaboration_id", "collaboration"),
    "/organisationer/{organisation_id}": ("organisation_id", "organisation"),
    # A project's records, whose routes are under their place in the project's page.
    "/projekt/{project_id}/hypoteser/{hypothesis_id}": ("hypothesis_id", "hypothesis"),
    "/projekt/{project_id}/prototyper/{prototype_id}": ("prototype_id", "prototype"),
    "/projekt/{project_id}/tester/{test_id}": ("test_id", "design_test"),
    "/projekt/{project_id}/effekter/{effect_id}": ("effect_id", "service_effect"),
}
READING = {"public", "read", "report"}


def _record_of(path: str) -> str | None:
    """The record page the path is under: the nearest (a test's, not its project's)."""
    pages = [page for page in RECORDS if path.startswith(page + "/")]
    return max(pages, key=len, default=None)


def _changes() -> list[tuple[str, str]]:
    """Every route under a record's page that changes it or opens a form to change it, but
    archiving and restoring (the restore is the one action an archived record offers)."""
    found = []
    for method, path in ROUTES:
        page = _record_of(path)
        if page is None or path in (f"{page}/arkivera", f"{page}/aterstall"):
            continue
        if method != "GET" or ACCESS.get((method, path)) not in READING:
            found.append((method, path))
    return found


# One record's routes one after the other, so they can share the record (see below).
CHANGES = sorted(_changes(), key=lambda route: (_record_of(route[1]) or "", route))


def test_the_refusal_is_asked_of_every_kind_and_of_many_routes() -> None:
    kinds = {_record_of(path) for _, path in CHANGES}
    assert kinds == set(RECORDS)
    assert len(CHANGES) > 50
    assert ("POST", "/projekt/{project_id}/iterationer") in CHANGES
    assert ("POST", "/projekt/{project_id}/steg") in CHANGES
    assert ("GET", "/projekt/{project_id}/redigera") in CHANGES


async def _log_size(entity_type: str, entity_id: int) -> int:
    return await ChangeLogEntry.count().where(
        (ChangeLogEntry.entity_type == entity_type) & (ChangeLogEntry.entity_id == entity_id)
    )


PEOPLE: dict[str, Principal] = {}


async def _archived(app: Litestar, page: str) -> tuple[dict[str, int], Principal, Principal]:
    """Every area's records, the one whose page is `page` archived by Alva through its page;
    the ids, Robin (its member) and Alva."""
    robin, alva = await personas.robin(), await personas.alva()
    ids = await area_ids(robin, {})
    async with personas.client_for(app, alva) as http:
        archived = await post_form(http, page.format(**ids) + "/arkivera", {})
    assert archived.status_code == 303
    return ids, robin, alva


def _located(
    template: str, page: str, ids: dict[str, int], robin: Principal
) -> tuple[str, str, int]:
    """The route's path, and the change-log type and id of the record whose page it is under
    (the account in a member's removal is Robin's)."""
    if template.endswith(MEMBER_REMOVAL):
        ids = ids | {"account_id": robin.id}
    parameter, entity_type = RECORDS[page]
    return template.format(**ids), entity_type, ids[parameter]


async def _archived_setting(
    template: str,
    client_as: Callable[[Principal], httpx.AsyncClient],
    app: Litestar,
    record: str | None = None,
) -> tuple[httpx.AsyncClient, str, str, int]:
    """Alva's client, the route's path, and the record it is on, archived through its page
    (Robin, its member, and Alva are left in PEOPLE)."""
    page = record or _record_of(template)
    assert page is not None
    ids, robin, alva = await _archived(app, page)
    PEOPLE.update(robin=robin, alva=alva)
    return client_as(alva), *_located(template, page, ids, robin)


@pytest.mark.slow
@pytest.mark.parametrize("route", CHANGES, ids=[f"{m} {p}" for m, p in CHANGES])
async def test_every_change_to_an_archived_record_is_refused(
    route: tuple[str, str], app: Litestar, database_pool: None
) -> None:
    method, template = route
    page = _record_of(template)
    assert page is not None
    # A refused change changes nothing (asserted below), so the routes of one kind of record
    # that a worker asks about share one archived record, made again only after another test
    # has emptied the tables.
    ids, robin, alva = await made_once(f"archived {page}", lambda: _archived(app, page))
    path, entity_type, entity_id = _located(template, page, ids, robin)
    logged = await _log_size(entity_type, entity_id)

    async with personas.client_for(app, alva) as http:
        if method == "GET":
            response = await http.get(path)
        else:
            form = {"step": "ringa-in", "done": "utmaning-formulerad"}
            response = await post_form(http, path, form if path.endswith("/checklista") else {})

    assert response.status_code == 409, f"{method} {path}: {response.status_code}"
    text = text_of(response.text)
    assert re.search(r"är arkiverad|är arkiverat", text)
    assert "Återställ den från arkivet först" in text
    assert await _log_size(entity_type, entity_id) == logged


async def test_a_member_is_refused_too_and_a_stranger_still_gets_403(
    client_as: Callable[[Principal], httpx.AsyncClient], app: Litestar
) -> None:
    _, path, _, _ = await _archived_setting("/projekt/{project_id}/iterationer", client_as, app)

    member = await post_form(client_as(PEOPLE["robin"]), path, {})
    stranger = await post_form(client_as(await personas.kim()), path, {})

    assert member.status_code == 409
    assert "Projektet är arkiverat" in text_of(member.text)
    assert stranger.status_code == 403


async def test_a_restored_record_can_be_changed_again(
    client_as: Callable[[Principal], httpx.AsyncClient], app: Litestar
) -> None:
    http, path, _, project_id = await _archived_setting(
        "/projekt/{project_id}/redigera", client_as, app
    )

    restored = await post_form(http, f"/projekt/{project_id}/aterstall", {})
    form = await http.get(path)

    assert restored.status_code == 303
    assert form.status_code == 200


# --- the archived record's page ---------------------------------------------------------------

RESTORE_BUTTONS = {
    "/projekt/{project_id}": "Återställ projektet",
    "/dialoger/{dialogue_id}": "Återställ dialogen",
    "/samverkan/{collaboration_id}": "Återställ samverkan",
    "/organisationer/{organisation_id}": "Återställ organisationen",
    "/projekt/{project_id}/prototyper/{prototype_id}": "Återställ prototypen",
    "/projekt/{project_id}/tester/{test_id}": "Återställ testet",
    "/projekt/{project_id}/effekter/{effect_id}": "Återställ effektmålet",
}
# A project's record with a page of its own: where that page is (a hypothesis has none: it is
# restored from the project's design page, tests/design/test_archiving.py).
OWN_PAGES = {
    "/projekt/{project_id}/prototyper/{prototype_id}": "/prototyper/{}",
    "/projekt/{project_id}/tester/{test_id}": "/tester/{}",
    "/projekt/{project_id}/effekter/{effect_id}": "/effekter/{}",
}


def _posted_forms(html: str) -> set[str]:
    """Where the page's forms post to (the sign-out form of the menu aside)."""
    actions = set()
    for form in re.findall(r"<form\b[^>]*>", html):
        if re.search(r'method="post"', form, flags=re.I):
            action = re.search(r'action="([^"]*)"', form)
            actions.add(action.group(1) if action else "")
    return {action for action in actions if action != "/logga-ut"}


@pytest.mark.parametrize("page", list(RESTORE_BUTTONS))
async def test_an_archived_page_offers_only_restoring(
    page: str, client_as: Callable[[Principal], httpx.AsyncClient], app: Litestar
) -> None:
    http, url, _, record_id = await _archived_setting(page + "/", client_as, app)
    url = url.rstrip("/")

    response = await http.get(OWN_PAGES[page].format(record_id) if page in OWN_PAGES else url)

    assert response.status_code == 200
    assert _posted_forms(response.text) == {f"{url}/aterstall"}
    assert RESTORE_BUTTONS[page] in response.text
    assert f'href="{url}/redigera"' not in response.text
    assert f'href="{url}/arkivera"' not in response.text


async def test_a_member_may_restore_and_a_reader_may_not(
    client_as: Callable[[Principal], httpx.AsyncClient], app: Litestar
) -> None:
    _, url, _, _ = await _archived_setting("/projekt/{project_id}/", client_as, app)
    url = url.rstrip("/")

    robin = await client_as(PEOPLE["robin"]).get(url)
    lo = await client_as(await personas.lo()).get(url)

    assert _posted_forms(robin.text) == {f"{url}/aterstall"}
    assert _posted_forms(lo.text) == set()
    assert "Projektet är arkiverat" in text_of(lo.text)


# Pages of their own that change an archived record through its routes.
RELATED_PAGES = [
    ("/forandringar/{change_id}", "/projekt/{project_id}"),
    ("/dialoger/{dialogue_id}/ni-sa-vi-gjorde", "/dialoger/{dialogue_id}"),
]


@pytest.mark.parametrize(("template", "record"), RELATED_PAGES)
async def test_a_page_that_changes_an_archived_record_shows_no_forms(
    template: str,
    record: str,
    client_as: Callable[[Principal], httpx.AsyncClient],
    app: Litestar,
) -> None:
    http, url, _, _ = await _archived_setting(template, client_as, app, record)

    response = await http.get(url)

    assert response.status_code == 200
    assert _posted_forms(response.text) == set()
