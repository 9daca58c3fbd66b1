"""Every unsafe request needs the CSRF token: as the `_csrf_token` field of a plain form, or in
the `x-csrftoken` header as htmx sends it. Without it nothing changes and the page says why."""

from __future__ import annotations

import html
import json
import re

import httpx
from litestar import Litestar

from tests import personas
from tests.factories import change_log, make_project, stored_project
from tests.support import CSRF_COOKIE, app_client, post_form, text_of
from tracker.accounts.tables import Account
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.tables import Project


def edit_form(project: Project, **changes: str) -> dict[str, str]:
    values = {
        "read_version": str(project.version),
        "title": project.title,
        "challenge": project.challenge,
        "target_group": project.target_group,
        "department": project.department,
        "board": project.board,
        "lead": project.lead,
        "start_date": project.start_date.isoformat(),
        "planned_end": project.planned_end.isoformat() if project.planned_end else "",
        "status": project.status,
    }
    values.update(changes)
    return values


NEW_ACCOUNT = {
    "name": "Nora Ny",
    "email": "nora@kommun.example",
    "role": "editor",
    "password": "granit-kanot-vinbar-17",
}
CHECKLIST = {"step": "ringa-in", "done": "utmaning-formulerad"}


def assert_refused_in_swedish(response: httpx.Response) -> None:
    assert response.status_code == 403
    text = text_of(response.text)
    assert "Det gick inte att spara" in text
    assert "säkerhetsnyckel" in text
    assert "Ladda om sidan och försök igen" in text


async def checklist_progress(client: httpx.AsyncClient, project_id: int) -> str:
    page = await client.get(f"/projekt/{project_id}")
    match = re.search(r'id="checklist-progress">(.*?)</p>', page.text)
    assert match
    return match.group(1)


async def page_token(client: httpx.AsyncClient, url: str) -> str:
    """The token a page gives htmx: `hx-headers` on <body>."""
    page = await client.get(url)
    match = re.search(r"<body hx-headers='([^']*)'", page.text)
    assert match, "the page has no hx-headers with the CSRF token"
    return json.loads(html.unescape(match.group(1)))["x-csrftoken"]


async def sign_in_by_form(client: httpx.AsyncClient, email: str) -> None:
    """Sign in through the form, so the session cookie is the one the app set."""
    await client.get("/logga-in")
    response = await post_form(client, "/logga-in", {"email": email, "password": personas.PASSWORD})
    assert response.status_code == 303


# --- without the token -------------------------------------------------------------------


async def test_a_project_edit_without_the_token_is_refused_and_changes_nothing(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    await client.get("/")  # the browser has the cookie, the attacker's form has no token

    response = await client.post(
        f"/projekt/{project.id}/redigera", data=edit_form(project, title="Kapad titel")
    )

    assert_refused_in_swedish(response)
    assert (await stored_project(project.id)).title == project.title
    assert [entry["action"] for entry in await change_log(project.id)] == ["created"]


async def test_the_checklist_without_the_token_is_refused_and_changes_nothing(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    await client.get("/")

    plain = await client.post(f"/projekt/{project.id}/checklista", data=CHECKLIST)
    htmx = await client.post(
        f"/projekt/{project.id}/checklista", data=CHECKLIST, headers={"hx-request": "true"}
    )

    assert_refused_in_swedish(plain)
    assert_refused_in_swedish(htmx)
    assert await checklist_progress(client, project.id) == "0 av 6 klara"
    assert [entry["action"] for entry in await change_log(project.id)] == ["created"]


async def test_signing_out_without_the_token_leaves_you_signed_in(
    anonymous: httpx.AsyncClient,
) -> None:
    lo = await personas.lo()
    await sign_in_by_form(anonymous, lo.email)

    response = await anonymous.post("/logga-ut")

    assert_refused_in_swedish(response)
    still = await anonymous.get("/konto")
    assert still.status_code == 200
    assert lo.email in still.text


async def test_creating_an_account_without_the_token_is_refused(
    client: httpx.AsyncClient,
) -> None:
    await client.get("/")
    before = await Account.count()

    response = await client.post("/admin/konton", data=NEW_ACCOUNT)

    assert_refused_in_swedish(response)
    assert await Account.count() == before
    assert not await Account.exists().where(Account.email == NEW_ACCOUNT["email"])


async def test_a_post_without_any_csrf_cookie_is_refused(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    await client.get("/")
    token = client.cookies[CSRF_COOKIE]
    client.cookies.delete(CSRF_COOKIE)

    response = await client.post(f"/projekt/{project.id}/arkivera", data={"_csrf_token": token})

    assert_refused_in_swedish(response)
    assert (await stored_project(project.id)).archived_at is None


async def test_signing_in_needs_the_token_too(anonymous: httpx.AsyncClient) -> None:
    lo = await personas.lo()
    await anonymous.get("/logga-in")

    response = await anonymous.post(
        "/logga-in", data={"email": lo.email, "password": personas.PASSWORD}
    )

    assert_refused_in_swedish(response)
    assert (await anonymous.get("/konto")).status_code == 303  # not signed in


# --- a wrong token -----------------------------------------------------------------------


async def test_a_wrong_token_in_the_form_is_refused(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    await client.get("/")
    token = client.cookies[CSRF_COOKIE]
    tampered = token[:-1] + ("0" if token[-1] != "0" else "1")

    for wrong in ("fel", "0" * len(token), tampered):
        response = await client.post(
            f"/projekt/{project.id}/redigera",
            data={**edit_form(project, title="Kapad titel"), "_csrf_token": wrong},
        )
        assert_refused_in_swedish(response)
    assert (await stored_project(project.id)).title == project.title


async def test_another_browsers_valid_token_is_refused(
    client: httpx.AsyncClient, app: Litestar, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    await client.get("/")
    async with app_client(app) as attacker:
        await attacker.get("/logga-in")
        their_token = attacker.cookies[CSRF_COOKIE]
    assert their_token != client.cookies[CSRF_COOKIE]

    in_form = await client.post(
        f"/projekt/{project.id}/checklista", data={**CHECKLIST, "_csrf_token": their_token}
    )
    in_header = await client.post(
        f"/projekt/{project.id}/checklista",
        data=CHECKLIST,
        headers={"x-csrftoken": their_token, "hx-request": "true"},
    )

    assert_refused_in_swedish(in_form)
    assert_refused_in_swedish(in_header)
    assert await checklist_progress(client, project.id) == "0 av 6 klara"


async def test_a_wrong_token_in_the_header_is_refused(client: httpx.AsyncClient) -> None:
    await client.get("/")
    before = await Account.count()

    response = await client.post(
        "/admin/konton", data=NEW_ACCOUNT, headers={"x-csrftoken": "fel", "hx-request": "true"}
    )

    assert_refused_in_swedish(response)
    assert await Account.count() == before


# --- the token in the header, as htmx sends it ---------------------------------------------


async def test_the_checklist_works_with_the_token_in_the_htmx_header(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    token = await page_token(client, f"/projekt/{project.id}")

    response = await client.post(
        f"/projekt/{project.id}/checklista",
        data=CHECKLIST,
        headers={"x-csrftoken": token, "hx-request": "true"},
    )

    assert response.status_code == 303
    assert await checklist_progress(client, project.id) == "1 av 6 klara"


async def test_a_project_edit_works_with_the_token_in_the_header(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    await client.get("/")

    response = await client.post(
        f"/projekt/{project.id}/redigera",
        data=edit_form(project, title="Ny titel via htmx"),
        headers={"x-csrftoken": client.cookies[CSRF_COOKIE]},
    )

    assert response.status_code == 303
    assert (await stored_project(project.id)).title == "Ny titel via htmx"


async def test_signing_out_and_creating_accounts_work_with_the_token(
    anonymous: httpx.AsyncClient,
) -> None:
    alva = await personas.alva()
    await sign_in_by_form(anonymous, alva.email)
    token = await page_token(anonymous, "/admin/konton/ny")

    created = await anonymous.post(
        "/admin/konton", data=NEW_ACCOUNT, headers={"x-csrftoken": token}
    )
    assert created.status_code == 303
    assert await Account.exists().where(Account.email == NEW_ACCOUNT["email"])

    token = await page_token(anonymous, "/konto")
    signed_out = await anonymous.post("/logga-ut", headers={"x-csrftoken": token})
    assert signed_out.status_code == 303
    assert (await anonymous.get("/konto")).status_code == 303


async def test_every_form_on_a_page_carries_the_token(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    await personas.robin()

    for url in (f"/projekt/{project.id}", "/admin/konton/ny", "/konto", "/projekt/ny"):
        page = await client.get(url)
        forms = re.findall(r'<form[^>]*method="post"[^>]*>(.*?)</form>', page.text, flags=re.S)
        assert forms, url
        for form in forms:
            assert 'name="_csrf_token"' in form, f"a form on {url} has no CSRF token"


# --- the token is bound to the session ------------------------------------------------------


async def test_a_planted_cookie_and_token_pair_is_refused(
    client: httpx.AsyncClient, app: Litestar, catalogue: PhaseCatalogue
) -> None:
    """An attacker fetches a valid pair of their own and plants it in a signed-in browser:
    Litestar's check alone accepts it (the token matches the cookie); the session does not."""
    project = await make_project(catalogue)
    async with app_client(app) as attacker:
        await attacker.get("/logga-in")
        planted = attacker.cookies[CSRF_COOKIE]
    client.cookies.set(CSRF_COOKIE, planted, domain="testserver.local")

    response = await client.post(
        f"/projekt/{project.id}/checklista", data={**CHECKLIST, "_csrf_token": planted}
    )

    assert_refused_in_swedish(response)


async def test_signing_in_replaces_a_cookie_planted_before(anonymous: httpx.AsyncClient) -> None:
    lo = await personas.lo()
    await anonymous.get("/logga-in")
    before = anonymous.cookies[CSRF_COOKIE]

    response = await post_form(
        anonymous, "/logga-in", {"email": lo.email, "password": personas.PASSWORD}
    )

    assert response.status_code == 303
    assert anonymous.cookies[CSRF_COOKIE] != before
    changed = await post_form(anonymous, "/konto/losenord", {})
    assert changed.status_code not in (401, 403)
