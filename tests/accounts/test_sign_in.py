"""Signing in and out: the form, wrong credentials, the brute-force lockout, the session
cookie, where the user goes after, and when a session stops working."""

from __future__ import annotations

import asyncio
import dataclasses
import re
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from urllib.parse import urlencode

import httpx
import pytest
from litestar import Litestar

from tests import personas
from tests.support import app_client, field_error, field_value, post_form, text_of, version_of
from tracker import clock
from tracker.accounts import throttle
from tracker.accounts.permissions import Principal
from tracker.accounts.sessions import SESSION_COOKIE
from tracker.accounts.tables import Account, SignInAttempt
from tracker.app import create_app
from tracker.audit.tables import ChangeLogEntry
from tracker.settings import get_settings

FAILED = "Fel e-postadress eller lösenord. Kontrollera och försök igen."
LOCKED = "För många misslyckade inloggningar. Vänta 15 minuter och försök igen"


async def sign_in(
    client: httpx.AsyncClient,
    email: str,
    password: str = personas.PASSWORD,
    nasta: str | None = None,
) -> httpx.Response:
    """Fill in the sign-in form as a person would."""
    await client.get("/logga-in")
    data = {"email": email, "password": password}
    if nasta is not None:
        data["nasta"] = nasta
    return await post_form(client, "/logga-in", data)


def session_set_cookie(response: httpx.Response) -> str:
    cookies = [c for c in response.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE)]
    assert len(cookies) == 1, cookies
    return cookies[0]


async def is_signed_in(client: httpx.AsyncClient) -> bool:
    response = await client.get("/konto")
    if response.status_code == 303:
        assert response.headers["location"] == "/logga-in?" + urlencode({"nasta": "/konto"})
        return False
    assert response.status_code == 200
    return True


@pytest.fixture
async def browser(app: Litestar, db: None) -> AsyncIterator[Callable[[], httpx.AsyncClient]]:
    """Another browser, not signed in: `browser()`."""
    opened: list[httpx.AsyncClient] = []

    def make() -> httpx.AsyncClient:
        http = app_client(app)
        opened.append(http)
        return http

    yield make
    for http in opened:
        await http.aclose()


# --- the page ------------------------------------------------------------------------------


async def test_the_sign_in_page(anonymous: httpx.AsyncClient) -> None:
    response = await anonymous.get("/logga-in", params={"nasta": "/projekt/3"})

    assert response.status_code == 200
    assert "<h1>Logga in</h1>" in response.text
    assert re.search(r'<form method="post" action="/logga-in"', response.text)
    assert 'name="_csrf_token"' in response.text
    assert re.search(r'id="email"[^>]*autocomplete="username"', response.text)
    assert re.search(
        r'type="password" id="password"[^>]*autocomplete="current-password"', response.text
    )
    assert '<input type="hidden" name="nasta" value="/projekt/3">' in response.text
    assert "Har du glömt lösenordet?" in text_of(response.text)


async def test_the_sign_in_page_never_keeps_a_foreign_target(anonymous: httpx.AsyncClient) -> None:
    response = await anonymous.get("/logga-in", params={"nasta": "https://evil.example/"})

    assert '<input type="hidden" name="nasta" value="/">' in response.text
    assert "evil.example" not in response.text


async def test_a_page_visit_comes_back_after_signing_in(anonymous: httpx.AsyncClient) -> None:
    lo = await personas.lo()

    visit = await anonymous.get("/projekt", params={"q": "bygglov"})
    assert visit.status_code == 303
    form_page = await anonymous.get(visit.headers["location"])
    assert field_value(form_page.text, "nasta") is None  # hidden, not a visible field
    assert 'name="nasta" value="/projekt?q=bygglov"' in form_page.text

    response = await sign_in(anonymous, lo.email, nasta="/projekt?q=bygglov")

    assert response.status_code == 303
    assert response.headers["location"] == "/projekt?q=bygglov"


# --- right and wrong credentials -------------------------------------------------------------


async def test_the_right_credentials_sign_in(anonymous: httpx.AsyncClient) -> None:
    lo = await personas.lo()

    response = await sign_in(anonymous, lo.email, nasta="/projekt/12")

    assert response.status_code == 303
    assert response.headers["location"] == "/projekt/12"
    page = await anonymous.get("/konto")
    assert page.status_code == 200
    assert "Välkommen, Lo Läsare!" in text_of(page.text)
    assert "Lo Läsare (läsare)" in text_of(page.text)
    row = await Account.select(Account.last_sign_in_at).where(Account.id == lo.id).first()
    assert row is not None and row["last_sign_in_at"] is not None
    actions = await ChangeLogEntry.select(ChangeLogEntry.action).where(
        (ChangeLogEntry.entity_type == "account") & (ChangeLogEntry.entity_id == lo.id)
    )
    assert [a["action"] for a in actions] == ["signed_in"]


async def test_the_e_mail_is_not_case_sensitive(anonymous: httpx.AsyncClient) -> None:
    await personas.lo()

    response = await sign_in(anonymous, "  LO@Kommun.Example ")

    assert response.status_code == 303
    assert response.headers["location"] == "/"
    assert await is_signed_in(anonymous)


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "http:evil.example",
        "javascript:alert(1)",
        "/\t/evil.example",
        "",
    ],
)
async def test_only_a_local_path_is_a_target_after_signing_in(
    target: str, anonymous: httpx.AsyncClient
) -> None:
    lo = await personas.lo()

    response = await sign_in(anonymous, lo.email, nasta=target)

    assert response.status_code == 303
    assert response.headers["location"] == "/"


async def test_a_wrong_password_is_refused_with_a_clear_message(
    anonymous: httpx.AsyncClient,
) -> None:
    lo = await personas.lo()

    response = await sign_in(anonymous, lo.email, password="fel-losenord-helt-och-hallet")

    assert response.status_code == 401
    assert field_error(response.text, "email") == FAILED
    assert field_value(response.text, "email") == lo.email
    assert 'value="fel-losenord' not in response.text  # the password is never sent back
    assert not await is_signed_in(anonymous)
    actions = await ChangeLogEntry.select(ChangeLogEntry.action).where(
        ChangeLogEntry.entity_id == lo.id
    )
    assert [a["action"] for a in actions] == ["sign_in_failed"]


async def test_an_unknown_e_mail_gets_the_same_message(anonymous: httpx.AsyncClient) -> None:
    await personas.lo()

    response = await sign_in(anonymous, "ingen@kommun.example")

    assert response.status_code == 401
    assert field_error(response.text, "email") == FAILED
    assert field_value(response.text, "email") == "ingen@kommun.example"
    assert not await is_signed_in(anonymous)


async def test_an_inactive_account_gets_the_same_message(anonymous: httpx.AsyncClient) -> None:
    await personas.make_account("Ida Inaktiv", "editor", active=False)

    response = await sign_in(anonymous, "ida@kommun.example")

    assert response.status_code == 401
    assert field_error(response.text, "email") == FAILED
    assert not await is_signed_in(anonymous)


async def test_empty_fields_are_refused(anonymous: httpx.AsyncClient) -> None:
    await anonymous.get("/logga-in")

    response = await post_form(anonymous, "/logga-in", {})

    assert response.status_code == 401
    assert field_error(response.text, "email") == FAILED


# --- brute force -----------------------------------------------------------------------------


async def test_five_failures_lock_the_e_mail_for_fifteen_minutes(
    anonymous: httpx.AsyncClient, browser: Callable[[], httpx.AsyncClient]
) -> None:
    lo = await personas.lo()
    kim = await personas.kim()
    for attempt in range(5):
        failed = await sign_in(anonymous, lo.email, password=f"fel-gissning-nummer-{attempt}")
        assert failed.status_code == 401, attempt

    locked = await sign_in(anonymous, lo.email)

    assert locked.status_code == 429
    message = field_error(locked.text, "email") or ""
    assert message.startswith(LOCKED)
    assert "be en administratör att återställa ditt lösenord" in message
    assert field_value(locked.text, "email") == lo.email
    assert not await is_signed_in(anonymous)
    # Another browser is locked out too: the lock is on the e-mail, in any letter case.
    other = browser()
    assert (await sign_in(other, lo.email.upper())).status_code == 429
    # Other accounts are not affected, even from the same browser.
    assert (await sign_in(anonymous, kim.email)).status_code == 303
    # After 15 minutes the right password works again.
    with clock.at(clock.now() + timedelta(minutes=16)):
        later = await sign_in(other, lo.email)
    assert later.status_code == 303
    assert await is_signed_in(other)


async def test_failures_older_than_fifteen_minutes_do_not_count(
    anonymous: httpx.AsyncClient,
) -> None:
    lo = await personas.lo()
    with clock.at(clock.now() - timedelta(minutes=16)):
        for attempt in range(5):
            await sign_in(anonymous, lo.email, password=f"fel-gissning-nummer-{attempt}")
    for attempt in range(4):
        await sign_in(anonymous, lo.email, password=f"ny-fel-gissning-{attempt}")

    response = await sign_in(anonymous, lo.email)

    assert response.status_code == 303


async def test_many_failures_from_one_client_slow_it_down_but_never_lock_it_out(
    anonymous: httpx.AsyncClient,
) -> None:
    """Behind a proxy a whole town hall shares one address: guessing from it is slowed down
    with a rising delay, never locked for 15 minutes."""
    kim = await personas.kim()
    start = clock.now()
    with clock.at(start):  # all at one moment, however slow the machine
        for number in range(12):
            await sign_in(anonymous, f"gissning{number}@kommun.example", password="fel-fel-fel")
        waiting = await sign_in(anonymous, kim.email)

    assert waiting.status_code == 429
    assert (field_error(waiting.text, "email") or "").startswith(
        "För många misslyckade inloggningar från din adress. Vänta"
    )
    assert 1 <= int(waiting.headers["retry-after"]) <= 60
    # Ten failures were checked; from then on each attempt waits a delay first.
    assert await SignInAttempt.count().where(SignInAttempt.succeeded.eq(False)) == 10
    with clock.at(start + timedelta(seconds=61)):
        response = await sign_in(anonymous, kim.email)
    assert response.status_code == 303


async def test_the_delay_for_a_client_rises_and_stops_at_a_minute() -> None:
    assert [throttle.client_delay(n) for n in (0, 9, 10, 11, 12, 15, 30)] == [0, 0, 1, 2, 4, 32, 60]


async def test_parallel_wrong_passwords_cannot_race_past_the_lock(
    anonymous: httpx.AsyncClient, browser: Callable[[], httpx.AsyncClient]
) -> None:
    """30 sign-ins at once, one of them with the right password: at most five wrong ones are
    checked. (Which request reaches the lock first is up to the scheduler: the right one may
    be checked before the address locks, and is then rightly accepted.)"""
    lo = await personas.lo()
    clients = [browser() for _ in range(30)]
    for http in clients:
        await http.get("/logga-in")

    async def attempt(number: int, http: httpx.AsyncClient) -> httpx.Response:
        password = personas.PASSWORD if number == 14 else f"fel-{number}"
        return await post_form(http, "/logga-in", {"email": lo.email, "password": password})

    responses = await asyncio.gather(*(attempt(n, h) for n, h in enumerate(clients)))

    failed = await SignInAttempt.count().where(
        (SignInAttempt.email == lo.email) & SignInAttempt.succeeded.eq(False)
    )
    accepted = sum(r.status_code == 303 for r in responses)
    assert failed <= 5
    assert sum(r.status_code == 401 for r in responses) <= 5
    assert accepted <= 1
    assert sum(r.status_code == 429 for r in responses) >= 25 - accepted


# --- the session cookie ---------------------------------------------------------------------


async def test_the_session_cookie_is_http_only_and_same_site_lax(
    anonymous: httpx.AsyncClient,
) -> None:
    lo = await personas.lo()

    response = await sign_in(anonymous, lo.email)

    cookie = session_set_cookie(response)
    attributes = [part.strip().lower() for part in cookie.split(";")[1:]]
    assert "httponly" in attributes
    assert "samesite=lax" in attributes
    assert "secure" not in attributes  # served over plain HTTP in development
    assert "path=/" in attributes
    max_age = [a for a in attributes if a.startswith("max-age=")]
    assert max_age == [f"max-age={8 * 3600}"]


async def test_the_session_cookie_is_secure_when_configured(db: None) -> None:
    lo = await personas.lo()
    app = create_app(dataclasses.replace(get_settings(), secure_cookies=True), pool=False)
    async with app_client(app, "https://testserver") as http:
        await http.get("/logga-in")
        token = http.cookies["__Host-tracker-csrf"]
        response = await http.post(
            "/logga-in",
            data={"email": lo.email, "password": personas.PASSWORD, "_csrf_token": token},
        )

    assert response.status_code == 303
    # Over HTTPS both cookies have the __Host- prefix: no other host may set them.
    cookies = {c.split("=", 1)[0]: c for c in response.headers.get_list("set-cookie")}
    assert set(cookies) >= {"__Host-tracker-session", "__Host-tracker-csrf"}
    for cookie in cookies.values():
        attributes = [part.strip().lower() for part in cookie.split(";")[1:]]
        assert "secure" in attributes
        assert "httponly" in attributes
        assert "samesite=lax" in attributes
        assert "path=/" in attributes and not any(a.startswith("domain") for a in attributes)


async def test_signing_in_again_replaces_the_session(anonymous: httpx.AsyncClient) -> None:
    lo = await personas.lo()
    kim = await personas.kim()
    await sign_in(anonymous, lo.email)

    await sign_in(anonymous, kim.email)

    page = await anonymous.get("/konto")
    assert kim.email in page.text
    assert lo.email not in page.text


# --- signing out and session end ------------------------------------------------------------


async def test_signing_out_ends_the_session(anonymous: httpx.AsyncClient) -> None:
    lo = await personas.lo()
    await sign_in(anonymous, lo.email)
    assert await is_signed_in(anonymous)

    response = await post_form(anonymous, "/logga-ut", {})

    assert response.status_code == 303
    assert response.headers["location"] == "/logga-in?utloggad=ja"
    assert SESSION_COOKIE not in anonymous.cookies
    page = await anonymous.get(response.headers["location"])
    assert "Du är utloggad." in text_of(page.text)
    assert not await is_signed_in(anonymous)
    visit = await anonymous.get("/projekt")
    assert visit.status_code == 303
    assert visit.headers["location"].startswith("/logga-in?nasta=")
    actions = await ChangeLogEntry.select(ChangeLogEntry.action).where(
        ChangeLogEntry.entity_id == lo.id
    )
    assert [a["action"] for a in actions] == ["signed_in", "signed_out"]


async def test_a_copy_of_the_session_cookie_stops_working_after_signing_out(
    anonymous: httpx.AsyncClient, browser: Callable[[], httpx.AsyncClient]
) -> None:
    lo = await personas.lo()
    await sign_in(anonymous, lo.email)
    stolen = anonymous.cookies[SESSION_COOKIE]
    await post_form(anonymous, "/logga-ut", {})

    thief = browser()
    thief.cookies.set(SESSION_COOKIE, stolen, domain="testserver.local")

    assert not await is_signed_in(thief)


@pytest.mark.parametrize(
    ("age", "still_valid"),
    [(timedelta(hours=7, minutes=59), True), (timedelta(hours=8, minutes=1), False)],
    ids=["7h59m", "8h01m"],
)
async def test_a_session_lasts_eight_hours(
    age: timedelta, still_valid: bool, anonymous: httpx.AsyncClient
) -> None:
    lo = await personas.lo()
    with clock.at(clock.now() - age):
        response = await sign_in(anonymous, lo.email)
        assert response.status_code == 303
        assert await is_signed_in(anonymous)

    assert await is_signed_in(anonymous) is still_valid


async def test_a_crafted_old_session_is_refused(
    client_as: Callable[[Principal], httpx.AsyncClient],
) -> None:
    lo = await personas.lo()
    with clock.at(clock.now() - timedelta(hours=9)):
        old = client_as(lo)  # the cookie records when the session began

    assert not await is_signed_in(old)


@pytest.mark.parametrize(
    ("action", "form"),
    [
        ("inaktivera", {}),
        ("nytt-losenord", {}),
        ("", {"name": "Lo Läsare", "email": "lo@kommun.example", "role": "editor"}),
        ("", {"name": "Lo Läsare", "email": "lo.ny@kommun.example", "role": "reader"}),
    ],
    ids=["deactivated", "password-reset", "role-changed", "e-mail-changed"],
)
async def test_an_administrators_change_signs_the_account_out_everywhere(
    action: str,
    form: dict[str, str],
    anonymous: httpx.AsyncClient,
    browser: Callable[[], httpx.AsyncClient],
    client_as: Callable[[Principal], httpx.AsyncClient],
) -> None:
    lo = await personas.lo()
    alva = client_as(await personas.alva())
    phone = browser()
    await sign_in(anonymous, lo.email)
    await sign_in(phone, lo.email)

    url = f"/admin/konton/{lo.id}" + (f"/{action}" if action else "")
    response = await post_form(alva, url, form | ({} if action else await version_of(alva, url)))

    assert response.status_code == 303
    assert not await is_signed_in(anonymous)
    assert not await is_signed_in(phone)


async def test_a_name_change_does_not_sign_the_account_out(
    anonymous: httpx.AsyncClient, client_as: Callable[[Principal], httpx.AsyncClient]
) -> None:
    lo = await personas.lo()
    alva = client_as(await personas.alva())
    await sign_in(anonymous, lo.email)

    response = await post_form(
        alva,
        f"/admin/konton/{lo.id}",
        {
            **await version_of(alva, f"/admin/konton/{lo.id}"),
            "name": "Lo Lund",
            "email": lo.email,
            "role": "reader",
        },
    )

    assert response.status_code == 303
    page = await anonymous.get("/konto")
    assert page.status_code == 200
    assert "Lo Lund" in text_of(page.text)
