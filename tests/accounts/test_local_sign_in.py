"""Local passwords switched off (TRACKER_LOCAL_SIGNIN=off): the sign-in page shows the
identity provider's button, and only the named break-glass administrators may use a password."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator

import httpx
import pytest

from tests import personas
from tests.support import app_client, post_form, text_of
from tracker.accounts import services
from tracker.accounts.session_start import PROVIDERS_KEY, ProviderButton
from tracker.app import create_app
from tracker.mail import links as mail_links
from tracker.mail.tables import SignInLink
from tracker.settings import get_settings, load_settings

BUTTON = ProviderButton("Logga in med kommunens konto", "/logga-in/oidc")


@pytest.fixture
async def browser(db: None) -> AsyncIterator[httpx.AsyncClient]:
    settings = dataclasses.replace(
        get_settings(), local_signin=False, break_glass=frozenset({"alva@kommun.example"})
    )
    app = create_app(settings, pool=False)
    app.state[PROVIDERS_KEY] = [BUTTON]
    async with app_client(app) as http:
        yield http


async def test_the_sign_in_page_shows_only_the_providers_button(
    browser: httpx.AsyncClient,
) -> None:
    page = await browser.get("/logga-in?nasta=/projekt")
    assert page.status_code == 200
    assert 'href="/logga-in/oidc?nasta=/projekt"' in page.text
    assert 'type="password"' not in page.text
    assert "glömt lösenordet" not in page.text
    assert "Reservinloggning för administratörer" in text_of(page.text)


async def test_a_break_glass_administrator_signs_in_with_a_password(
    browser: httpx.AsyncClient,
) -> None:
    alva = await personas.alva()
    page = await browser.get("/logga-in?reserv=ja")
    assert 'type="password"' in page.text
    assert "Bara utsedda reservadministratörer" in text_of(page.text)
    data = {"email": alva.email, "password": personas.PASSWORD}
    response = await post_form(browser, "/logga-in", data)
    assert response.status_code == 303
    assert (await browser.get("/konto")).status_code == 200


async def test_anyone_else_cannot_use_a_password_even_the_right_one(
    browser: httpx.AsyncClient,
) -> None:
    await personas.make_account("Lo Läsare", "reader", email="lo@kommun.example")
    await personas.make_account("Bo Admin", "admin", email="bo@kommun.example")
    await browser.get("/logga-in?reserv=ja")
    for email in ("lo@kommun.example", "bo@kommun.example"):
        response = await post_form(
            browser, "/logga-in", {"email": email, "password": personas.PASSWORD}
        )
        assert response.status_code == 401
        assert 'type="password"' in response.text  # the form again, with the message
    assert (await browser.get("/konto")).status_code == 303


def test_the_settings_read_local_sign_in_and_the_break_glass_list() -> None:
    settings = load_settings(
        {"TRACKER_LOCAL_SIGNIN": "off", "TRACKER_BREAK_GLASS": " Alva@Kommun.example, bo@x.se ,"}
    )
    assert not settings.local_signin
    assert settings.break_glass == frozenset({"alva@kommun.example", "bo@x.se"})
    assert load_settings({}).local_signin
    with pytest.raises(ValueError, match="TRACKER_LOCAL_SIGNIN ska vara on eller off"):
        load_settings({"TRACKER_LOCAL_SIGNIN": "nja"})


async def test_a_reset_link_goes_only_to_break_glass_administrators(
    browser: httpx.AsyncClient,
) -> None:
    alva = await personas.alva()
    await personas.make_account("Lo Läsare", "reader", email="lo@kommun.example")
    await browser.get("/glomt-losenord")
    for email in ("lo@kommun.example", alva.email):
        response = await post_form(browser, "/glomt-losenord", {"email": email})
        assert response.status_code == 303  # the same answer for both
    assert [row["account_id"] for row in await SignInLink.select()] == [alva.id]


async def test_a_link_made_before_passwords_were_switched_off_signs_no_one_in(
    browser: httpx.AsyncClient,
) -> None:
    lo = await personas.make_account("Lo Läsare", "reader", email="lo@kommun.example")
    path = await mail_links.send_reset(lo.id, await personas.alva())
    await browser.get(path)
    password = "granit-kanot-vinbar-17"
    response = await post_form(
        browser, path, {"new_password": password, "repeat_password": password}
    )
    assert response.status_code == 410
    assert (await browser.get("/konto")).status_code == 303
    assert not await services.password_matches(lo.id, password)


async def test_a_break_glass_administrator_who_chose_a_password_by_link_is_signed_in(
    browser: httpx.AsyncClient,
) -> None:
    alva = await personas.alva()
    path = await mail_links.send_reset(alva.id, alva)
    await browser.get(path)
    password = "granit-kanot-vinbar-17"
    response = await post_form(
        browser, path, {"new_password": password, "repeat_password": password}
    )
    assert response.status_code == 303
    # The session's own CSRF cookie was set with it: a change is accepted at once.
    changed = await post_form(
        browser,
        "/konto/losenord",
        {
            "current_password": password,
            "new_password": "fjäll-tärna-kaffe-88",
            "repeat_password": "fjäll-tärna-kaffe-88",
        },
    )
    assert changed.status_code == 303
