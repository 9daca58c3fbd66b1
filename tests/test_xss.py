"""Whatever users type is shown as text, never run as HTML; and every response carries the
security headers (a CSP without inline scripts, nosniff, a referrer policy, no framing)."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote

import httpx
import pytest
from markupsafe import escape

from tests import personas
from tests.factories import make_project
from tests.support import post_form
from tracker.accounts.permissions import Principal
from tracker.accounts.tables import Account
from tracker.phases.catalogue import PhaseCatalogue

PAYLOADS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']
RAW_PIECES = ["<script>alert", "</script>alert", "<img src=x", '"><img']
PROJECT_TEXT_FIELDS = ("title", "challenge", "target_group", "lead")
# Picked from the managed lists: typed text there is refused, and shown again escaped.
LISTED_FIELDS = ("department", "board")
GOOD_PASSWORD = "granit-kanot-vinbar-17"


def tagged(payload: str, field: str) -> str:
    """The payload with the field's name after it, so each field can be found on the page."""
    return f"{payload} {field}"


def shown_escaped(payload: str) -> str:
    return str(escape(payload))


def assert_never_raw(page: httpx.Response, what: str) -> None:
    assert page.status_code < 500, what
    for piece in RAW_PIECES:
        assert piece not in page.text, f"{what} contains the raw {piece!r}"


def assert_shown_escaped(page: httpx.Response, texts: list[str], what: str) -> None:
    assert_never_raw(page, what)
    for text in texts:
        assert shown_escaped(text) in page.text, f"{what} does not show {text!r} escaped"


def project_form(payload: str, **changes: str) -> dict[str, str]:
    values = {field: tagged(payload, field) for field in PROJECT_TEXT_FIELDS}
    values.update(
        department="Socialförvaltningen",
        board="Socialnämnden",
        start_date="2026-03-15",
        planned_end="2026-12-31",
        status="ongoing",
        current_step="testa-ideer",
    )
    values.update(changes)
    return values


@pytest.mark.parametrize("payload", PAYLOADS, ids=["script", "attribute"])
async def test_typed_text_is_always_escaped(
    payload: str, client: httpx.AsyncClient, client_as: Callable[[Principal], httpx.AsyncClient]
) -> None:
    created = await post_form(client, "/projekt", project_form(payload))
    assert created.status_code == 303, created.text
    project_url = created.headers["location"]
    project_id = int(project_url.rsplit("/", 1)[1])

    moved = await post_form(
        client,
        f"{project_url}/steg",
        {"to_step": "fokusera", "reason": tagged(payload, "flytt"), "seen_step": "testa-ideer"},
    )
    assert moved.status_code == 303, moved.text
    iteration = {
        "started_on": "2026-04-01",
        "ended_on": "2026-04-14",
        "summary": tagged(payload, "gjorde"),
        "methods": tagged(payload, "metoder"),
        "learnings": tagged(payload, "lärdomar"),
        "decision": "back",
        "back_to": "ringa-in",
        "reason": tagged(payload, "tillbaka"),
        "seen_step": "fokusera",
    }
    logged = await post_form(client, f"{project_url}/iterationer", iteration)
    assert logged.status_code == 303, logged.text

    name = tagged(payload, "namn")
    account = await post_form(
        client,
        "/admin/konton",
        {"name": name, "email": "nora@kommun.example", "role": "editor", "password": GOOD_PASSWORD},
    )
    assert account.status_code == 303, account.text
    account_url = account.headers["location"]
    assert_shown_escaped(await client.get(account_url), [name], "the account page with its flash")
    account_id = int(account_url.rsplit("/", 1)[1])
    member = await post_form(client, f"{project_url}/medlemmar", {"account_id": str(account_id)})
    assert member.status_code == 303

    project_texts = [tagged(payload, field) for field in PROJECT_TEXT_FIELDS]
    timeline = [tagged(payload, f) for f in ("flytt", "gjorde", "metoder", "lärdomar", "tillbaka")]
    list_texts = [tagged(payload, "title")]
    pages = {
        "/": list_texts,
        "/projekt": list_texts,
        f"/projekt?q={quote(payload)}": [payload, tagged(payload, "title")],
        project_url: [*project_texts, *timeline, name],
        f"{project_url}/redigera": project_texts,
        f"{project_url}/arkivera": [tagged(payload, "title")],
        "/admin/konton": [name],
        account_url: [name],
        "/admin/logg": [],
    }
    for url, texts in pages.items():
        assert_shown_escaped(await client.get(url), texts, url)

    # The person with that name, signed in, sees it in the header and on their own page.
    nora = client_as(
        Principal(id=account_id, name=name, email="nora@kommun.example", role="editor")
    )
    for url in ("/konto", project_url):
        assert_shown_escaped(await nora.get(url), [name], f"{url} for the person")
    assert project_id > 0


@pytest.mark.parametrize("payload", PAYLOADS, ids=["script", "attribute"])
async def test_forms_shown_again_with_errors_escape_what_was_typed(
    payload: str, client: httpx.AsyncClient, anonymous: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue, current_step="fokusera")
    url = f"/projekt/{project.id}"
    editable = {field: tagged(payload, field) for field in PROJECT_TEXT_FIELDS + LISTED_FIELDS}
    cases = {
        "create project": (
            "/projekt",
            project_form(payload, start_date="fel", **{f: editable[f] for f in LISTED_FIELDS}),
            list(editable.values()),
        ),
        "edit project": (
            f"{url}/redigera",
            {**editable, "start_date": "2026-13-01", "status": "ongoing"},
            list(editable.values()),
        ),
        "iteration": (
            f"{url}/iterationer",
            {
                "started_on": "",
                "summary": tagged(payload, "gjorde"),
                "methods": tagged(payload, "metoder"),
                "learnings": tagged(payload, "lärdomar"),
                "decision": "back",
                "back_to": "ringa-in",
                "reason": tagged(payload, "tillbaka"),
                "seen_step": "fokusera",
            },
            [tagged(payload, f) for f in ("gjorde", "metoder", "lärdomar", "tillbaka")],
        ),
        "move": (
            f"{url}/steg",
            {"to_step": "finns-inte", "reason": tagged(payload, "flytt"), "seen_step": "fokusera"},
            [tagged(payload, "flytt")],
        ),
        "member": (f"{url}/medlemmar", {"account_id": payload}, []),
        "create account": (
            "/admin/konton",
            {"name": tagged(payload, "namn"), "email": "fel", "role": "editor"},
            [tagged(payload, "namn")],
        ),
    }
    for what, (target, form, texts) in cases.items():
        response = await post_form(client, target, form)
        assert response.status_code == 422, what
        assert_shown_escaped(response, texts, f"the {what} form shown again")

    alva = await Account.select(Account.id).where(Account.email == "alva@kommun.example").first()
    assert alva is not None
    edit_account = await post_form(
        client,
        f"/admin/konton/{alva['id']}",
        {"name": tagged(payload, "namn"), "email": "fel", "role": "admin"},
    )
    assert edit_account.status_code == 422
    assert_shown_escaped(edit_account, [tagged(payload, "namn")], "the account form shown again")

    await anonymous.get("/logga-in")
    sign_in = await post_form(
        anonymous, "/logga-in", {"email": payload, "password": "x", "nasta": payload}
    )
    assert sign_in.status_code == 401
    assert_shown_escaped(sign_in, [payload], "the sign-in form shown again")


# --- security headers --------------------------------------------------------------------


def assert_security_headers(response: httpx.Response, what: str) -> None:
    csp = response.headers.get("content-security-policy", "")
    directives = {part.strip().split(" ", 1)[0]: part.strip() for part in csp.split(";")}
    assert directives.get("script-src") == "script-src 'self'", f"{what}: {csp!r}"
    assert directives.get("frame-ancestors") == "frame-ancestors 'none'", f"{what}: {csp!r}"
    assert "unsafe-inline" not in csp, what
    assert "unsafe-eval" not in csp, what
    assert response.headers.get("x-content-type-options") == "nosniff", what
    assert response.headers.get("referrer-policy") in {
        "no-referrer",
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
    }, what


async def test_every_kind_of_response_has_the_security_headers(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    await client.get("/")
    responses = {
        "a page": await client.get(f"/projekt/{project.id}"),
        "a 404 page": await client.get(f"/projekt/{project.id + 1}"),
        "a static file": await client.get("/static/tracker.css"),
        "a redirect after saving": await post_form(client, f"/projekt/{project.id}/arkivera", {}),
        "a 422 form": await post_form(client, "/projekt", {}),
    }
    assert responses["a page"].status_code == 200
    assert responses["a 404 page"].status_code == 404
    assert responses["a static file"].status_code == 200
    for what, response in responses.items():
        assert_security_headers(response, what)


async def test_anonymous_responses_have_the_security_headers(
    anonymous: httpx.AsyncClient,
) -> None:
    for what, response in {
        "the sign-in page": await anonymous.get("/logga-in"),
        "a static file": await anonymous.get("/static/tracker.css"),
    }.items():
        assert response.status_code < 400, what
        assert_security_headers(response, what)


async def test_pages_have_no_inline_scripts_or_event_handlers(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    project = await make_project(catalogue)
    await personas.robin()
    for url in (
        "/",
        "/projekt",
        f"/projekt/{project.id}",
        f"/projekt/{project.id}/redigera",
        "/projekt/ny",
        "/steg",
        "/konto",
        "/admin/konton",
        "/admin/konton/ny",
        "/logga-in",
    ):
        page = await client.get(url)
        assert page.status_code == 200, url
        scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page.text, flags=re.S)
        assert scripts, url
        for attributes, body in scripts:
            assert re.search(r'\bsrc="/static/', attributes), f"{url}: script from elsewhere"
            assert not body.strip(), f"{url} has an inline script"
        assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", page.text), f"{url} has an on…="
        assert "javascript:" not in page.text.lower(), url


@pytest.mark.parametrize(
    "case", ["unknown address", "wrong method", "CSRF refusal", "redirect to sign in"]
)
async def test_responses_made_outside_the_routes_have_the_security_headers(
    case: str, anonymous: httpx.AsyncClient, client_as: Callable[[Principal], httpx.AsyncClient]
) -> None:
    alva = client_as(await personas.alva())
    await alva.get("/")
    if case == "unknown address":
        response = await alva.get("/finns-inte")
        assert response.status_code == 404
    elif case == "wrong method":
        response = await alva.delete(
            "/projekt/1", headers={"x-csrftoken": alva.cookies["tracker-csrf"]}
        )
        assert response.status_code == 405
    elif case == "CSRF refusal":
        response = await alva.post("/logga-ut")
        assert response.status_code == 403
    else:
        response = await anonymous.get("/projekt")
        assert response.status_code == 303

    assert_security_headers(response, case)
