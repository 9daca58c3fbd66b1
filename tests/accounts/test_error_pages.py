"""An error page shows the menu of whoever is signed in, also where no route ran (an address
that does not exist, a method a route does not take, a public page's unknown record)."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx
import pytest

from tests import personas
from tests.support import text_of
from tracker.accounts.permissions import Principal

ERRORS = [
    ("GET", "/finns-inte", 404),  # no route at all
    ("GET", "/kalender/finns-inte.ics", 404),  # a public route, an unknown address
    ("GET", "/static/finns-inte.css", 404),  # the static files
    ("PUT", "/projekt", 405),  # a method no route takes
]
SIGNED_IN_ONLY = [("GET", "/projekt/999999", 404)]  # a route, an unknown record
SIGNED_OUT_MENU = ["Ni sa – vi gjorde", "Logga in"]


def menu(html: str) -> list[str]:
    found = re.search(r'<nav aria-label="Huvudmeny">(.*?)</nav>', html, flags=re.S)
    assert found, "the page has no main menu"
    return [text_of(link) for link in re.findall(r"<a [^>]*>(.*?)</a>", found.group(1))]


@pytest.mark.parametrize(("method", "path", "status"), ERRORS + SIGNED_IN_ONLY)
async def test_an_error_page_shows_the_signed_in_users_menu(
    client_as: Callable[[Principal], httpx.AsyncClient], method: str, path: str, status: int
) -> None:
    lo = client_as(await personas.lo())

    response = await lo.request(method, path)

    assert response.status_code == status
    shown = menu(response.text)
    assert shown[:4] == ["Start", "Översikt", "Projekt", "Dialoger"]
    assert "Logga in" not in shown
    assert "Administration" not in shown  # Lo reads; she does not administer
    page = text_of(response.text)
    assert "Lo Läsare" in page
    assert "Logga ut" in page


@pytest.mark.parametrize(("method", "path", "status"), ERRORS)
async def test_an_error_page_shows_a_signed_out_visitor_only_the_public_menu(
    anonymous: httpx.AsyncClient, method: str, path: str, status: int
) -> None:
    response = await anonymous.request(method, path)

    assert response.status_code == status
    assert menu(response.text) == SIGNED_OUT_MENU
    assert "Logga ut" not in text_of(response.text)


async def test_an_expired_session_gets_the_signed_out_menu_on_a_not_found_page(
    client_as: Callable[[Principal], httpx.AsyncClient],
) -> None:
    user = await personas.lo()
    lo = client_as(user)
    personas.sign_in(lo, user, session_version=2)  # a session the account no longer has

    response = await lo.get("/finns-inte")

    assert response.status_code == 404
    assert menu(response.text) == SIGNED_OUT_MENU


async def test_signing_out_from_a_not_found_page_works(
    client_as: Callable[[Principal], httpx.AsyncClient],
) -> None:
    lo = client_as(await personas.lo())
    page = await lo.get("/finns-inte")

    form = re.search(r'action="/logga-ut">.*?name="_csrf_token" value="([^"]+)"', page.text, re.S)
    assert form, "the page has no sign-out button"

    response = await lo.post("/logga-ut", data={"_csrf_token": form.group(1)})

    assert response.status_code == 303
    assert response.headers["location"] == "/logga-in?utloggad=ja"
