"""Who may use which route: every route of the app, asked of every persona, from one table.

The routes are read from the router, so a new route is tested the moment it exists: until it
has a line in ACCESS saying who it is meant for, `test_every_route_has_an_intended_access`
fails, and so does the route's own access test.

The personas (tests/personas.py): an anonymous visitor; Lo, a reader; Robin, an editor who is
a member of the project under test; Kim, an editor who is not; Alva, an administrator.
Denied means: an anonymous page visit goes to the sign-in page and comes back after, an
anonymous form post gets 401, a signed-in user gets 403. Allowed means anything that is not
401/403 and not a server error (a page, a redirect after saving, 404, 409, 422 …).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from litestar import Litestar
from litestar.handlers import BaseRouteHandler
from litestar.routes import HTTPRoute

from tests import personas
from tests.api.access import API_PREFIXES
from tests.route_areas import AREAS, area_ids
from tests.support import made_once, post_form, text_of
from tracker.accounts.permissions import Principal
from tracker.app import create_app
from tracker.audit.services import changes_for

# (method, path template) -> who the route is meant for: each area keeps its lines in its own
# test folder (tests/<area>/access.py; tests/route_areas.py lists them).
ACCESS: dict[tuple[str, str], str] = {}
for _area in AREAS:
    ACCESS.update(_area.ACCESS)

PERSONAS = ("anonymous", "lo", "kim", "robin", "alva")
ALLOWED: dict[str, set[str]] = {
    "public": set(PERSONAS),
    "read": {"lo", "kim", "robin", "alva"},
    "create": {"kim", "robin", "alva"},
    "edit": {"robin", "alva"},
    "report": {"alva"},  # rapportansvarig (Alva is one) and administrators
    "admin": {"alva"},
}

# The account in a path is a spare reader's, but for removing a member it is Robin's.
MEMBER_REMOVAL = "/medlemmar/{account_id}/ta-bort"


def _handler(entry: Any) -> BaseRouteHandler:
    return entry[0] if isinstance(entry, tuple) else entry


def _is_static_files(handler: BaseRouteHandler) -> bool:
    return getattr(handler.fn, "__module__", "").startswith("litestar.static_files")


def app_routes(app: Litestar) -> list[tuple[str, str]]:
    """(method, path template) of every route, without HEAD/OPTIONS and the static files."""
    found: set[tuple[str, str]] = set()
    for route in app.routes:
        if not isinstance(route, HTTPRoute):  # a websocket or mounted app: decide about it
            found.add((type(route).__name__, route.path_format))
            continue
        for method, entry in route.route_handler_map.items():
            if method in ("HEAD", "OPTIONS") or _is_static_files(_handler(entry)):
                continue
            found.add((str(method), route.path_format))
    return sorted(found, key=lambda pair: (pair[1], pair[0]))


ROUTES = app_routes(create_app(pool=False))


def test_every_route_has_an_intended_access(app: Litestar) -> None:
    routes = app_routes(app)
    assert routes == ROUTES
    missing = [f"{method} {path}" for method, path in routes if (method, path) not in ACCESS]
    stale = [f"{method} {path}" for method, path in ACCESS if (method, path) not in routes]
    assert not missing, f"Routes without an intended access in ACCESS: {missing}"
    assert not stale, f"ACCESS names routes the app no longer has: {stale}"
    assert set(ACCESS.values()) <= set(ALLOWED)


def form_for(method_path: tuple[str, str], persona: str, people: dict[str, Principal]) -> dict:
    """A form that an allowed user could send; denial must not depend on it."""
    _, path = method_path
    if path == "/logga-in":
        who = people["lo"] if persona == "anonymous" else people[persona]
        return {"email": who.email, "password": personas.PASSWORD, "nasta": "/"}
    if path.endswith("/checklista"):
        return {"step": "ringa-in", "done": "utmaning-formulerad"}
    return {}


def denial_problem(persona: str, method: str, path: str, response: httpx.Response) -> str | None:
    if persona == "anonymous":
        if method == "GET" and not path.startswith(API_PREFIXES):
            wanted = "/logga-in?" + urlencode({"nasta": path})
            if response.status_code != 303 or response.headers.get("location") != wanted:
                return f"wanted 303 to {wanted}, got {response.status_code} {response.headers.get('location')}"
            return None
        if response.status_code != 401:
            return f"wanted 401, got {response.status_code}"
        return None
    if response.status_code != 403:
        return f"wanted 403, got {response.status_code}"
    if "Du har inte behörighet" not in text_of(response.text):
        return "the 403 page does not explain it in Swedish"
    return None


def allowed_problem(response: httpx.Response) -> str | None:
    if response.status_code in (401, 403) or response.status_code >= 500:
        return f"wanted access, got {response.status_code}"
    return None


async def _records() -> tuple[dict[str, Principal], dict[str, int]]:
    """The personas, and the records of every area whose ids fill the paths."""
    people = {
        "alva": await personas.alva(),
        "robin": await personas.robin(),
        "kim": await personas.kim(),
        "lo": await personas.lo(),
    }
    return people, await area_ids(people["robin"], {})


def _filled(template: str, ids: dict[str, int]) -> str:
    try:
        return template.format(**ids)
    except KeyError as missing:
        pytest.fail(f"{template}: no value for the path parameter {missing} – add one here")


async def _setting(template: str) -> tuple[dict[str, Principal], str]:
    """The personas, and the route's path filled with the ids of records made for it alone."""
    people, ids = await _records()
    if template.endswith(MEMBER_REMOVAL):
        ids["account_id"] = people["robin"].id
    return people, _filled(template, ids)


async def _request(
    http: httpx.AsyncClient,
    route: tuple[str, str],
    path: str,
    persona: str,
    people: dict[str, Principal],
) -> httpx.Response:
    method, _ = route
    if method == "GET":
        return await http.get(path)
    await http.get("/logga-in")  # the CSRF cookie, as a browser has it
    return await post_form(http, path, form_for(route, persona, people))


def _access_of(route: tuple[str, str]) -> str:
    if route not in ACCESS:
        pytest.fail(f"{route[0]} {route[1]} is not in ACCESS: say who the route is meant for")
    return ACCESS[route]


async def _problems(
    app: Litestar, route: tuple[str, str], path: str, people: dict[str, Principal]
) -> list[str]:
    """What each persona got that it should not have, from a client of its own."""
    access = _access_of(route)
    problems = []
    # The anonymous visitor first, Alva last: her changes harm no one.
    for persona in PERSONAS:
        async with personas.client_for(app, people.get(persona)) as http:
            response = await _request(http, route, path, persona, people)
        if persona in ALLOWED[access]:
            problem = allowed_problem(response)
        else:
            problem = denial_problem(persona, route[0], path, response)
        if problem:
            problems.append(f"{persona}: {problem}")
    return [f"{route[0]} {path} ({access}): " + "; ".join(problems)] if problems else []


PAGES = [route for route in ROUTES if route[0] == "GET"]
CHANGES = [route for route in ROUTES if route[0] != "GET"]


@pytest.mark.parametrize("route", PAGES, ids=[f"{m} {p}" for m, p in PAGES])
async def test_each_persona_gets_exactly_the_intended_access_to_a_page(
    route: tuple[str, str], app: Litestar, database_pool: None
) -> None:
    # A page changes nothing, so every page a worker asks about reads the same records: made
    # anew for each, they took 0.16 s a route on SQLite and 0.35 s on PostgreSQL.
    people, ids = await made_once("route table", _records)
    assert not await _problems(app, route, _filled(route[1], ids), people)


@pytest.mark.parametrize("route", CHANGES, ids=[f"{m} {p}" for m, p in CHANGES])
async def test_each_persona_gets_exactly_the_intended_access_to_a_change(
    route: tuple[str, str], app: Litestar, db: None
) -> None:
    """Each route that changes data is asked about on records made for it alone."""
    people, path = await _setting(route[1])
    assert not await _problems(app, route, path, people)


async def test_static_files_are_public(
    anonymous: httpx.AsyncClient, client_as: Callable[[Principal], httpx.AsyncClient]
) -> None:
    lo = client_as(await personas.lo())
    for http in (anonymous, lo):
        response = await http.get("/static/tracker.css")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/css")
    missing = await anonymous.get("/static/finns-inte.css")
    assert missing.status_code == 404


async def test_an_anonymous_htmx_request_is_sent_to_the_sign_in_page(
    anonymous: httpx.AsyncClient,
) -> None:
    response = await anonymous.get("/projekt", headers={"hx-request": "true"})

    assert response.status_code == 401
    assert response.headers["hx-redirect"] == "/logga-in"


async def test_the_sign_in_redirect_keeps_the_query(anonymous: httpx.AsyncClient) -> None:
    response = await anonymous.get("/projekt", params={"q": "bygglov", "steg": "fokusera"})

    assert response.status_code == 303
    assert response.headers["location"] == "/logga-in?" + urlencode(
        {"nasta": "/projekt?q=bygglov&steg=fokusera"}
    )


# --- records of more than one team ----------------------------------------------------------
# The route table asks about the record's own team; these ask about the other side of a link:
# Robin edits his own record, and the record he links to is Kim's team's.

CROSS_TEAM_LINKS = [
    ("/dialoger/{dialogue_id}/projekt", "project_id", "projektet"),
    ("/samverkan/{collaboration_id}/projekt", "project_id", "projektet"),
    ("/samverkan/{collaboration_id}/dialoger", "dialogue_id", "dialogen"),
]


@pytest.mark.parametrize(("template", "field", "word"), CROSS_TEAM_LINKS)
async def test_a_link_to_another_teams_record_is_refused(
    template: str,
    field: str,
    word: str,
    client_as: Callable[[Principal], httpx.AsyncClient],
    catalogue: Any,
) -> None:
    from tests.dialogues.factories import make_dialogue
    from tests.factories import make_project

    people, path = await _setting(template)
    kim = people["kim"]
    theirs = {
        "project_id": (await make_project(catalogue, actor=kim, title="Kims projekt")).id,
        "dialogue_id": (await make_dialogue(actor=kim, title="Kims dialog")).id,
    }
    robin = client_as(people["robin"])
    await robin.get("/logga-in")

    response = await post_form(robin, path, {field: str(theirs[field])})

    assert response.status_code == 422
    assert f"Du är inte medlem i {word}" in text_of(response.text)
    entity_type = field.removesuffix("_id")
    logged = await changes_for(entity_type, theirs[field])
    assert "linked" not in [entry["action"] for entry in logged]  # nor shown on Kim's record


async def test_an_administrator_links_records_of_different_teams(
    client: httpx.AsyncClient, catalogue: Any
) -> None:
    from tests.dialogues.factories import make_dialogue
    from tests.factories import make_project

    kim = await personas.kim()
    project = await make_project(catalogue, actor=kim, title="Kims projekt")
    dialogue = await make_dialogue(title="Annan dialog")
    await client.get("/logga-in")

    response = await post_form(
        client, f"/dialoger/{dialogue.id}/projekt", {"project_id": str(project.id)}
    )

    assert response.status_code == 303
