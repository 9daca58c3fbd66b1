"""Your own account: who you are, and changing your password."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from litestar import Litestar

from tests import personas
from tests.support import app_client, field_error, post_form, text_of
from tracker.accounts.permissions import Principal
from tracker.accounts.tables import Account
from tracker.audit.tables import ChangeLogEntry

NEW_PASSWORD = "granit-kanot-vinbar-17"


@pytest.fixture
async def browser(app: Litestar, db: None) -> AsyncIterator[Callable[[], httpx.AsyncClient]]:
    opened: list[httpx.AsyncClient] = []

    def make() -> httpx.AsyncClient:
        http = app_client(app)
        opened.append(http)
        return http

    yield make
    for http in opened:
        await http.aclose()


async def sign_in(client: httpx.AsyncClient, email: str, password: str) -> int:
    await client.get("/logga-in")
    response = await post_form(client, "/logga-in", {"email": email, "password": password})
    return response.status_code


def change(current: str, new: str, repeat: str | None = None) -> dict[str, str]:
    return {
        "current_password": current,
        "new_password": new,
        "repeat_password": new if repeat is None else repeat,
    }


async def password_hash(account_id: int) -> str:
    row = await Account.select(Account.password_hash).where(Account.id == account_id).first()
    assert row is not None
    return row["password_hash"]


async def test_my_account_shows_who_i_am(
    client_as: Callable[[Principal], httpx.AsyncClient],
) -> None:
    lo = client_as(await personas.lo())
    rut = client_as(await personas.rut())

    page = await lo.get("/konto")

    assert page.status_code == 200
    assert "<h1>Mitt konto</h1>" in page.text
    text = text_of(page.text)
    assert "Namn Lo Läsare" in text
    assert "E-postadress lo@kommun.example" in text
    assert "Roll Läsare" in text
    assert "rapportansvarig" not in text.split("Roll", 1)[1]
    assert 'id="current_password"' in page.text
    assert 'action="/konto/losenord"' in page.text
    assert "Roll Läsare, rapportansvarig" in text_of((await rut.get("/konto")).text)


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        (
            change("fel-nuvarande-losenord", NEW_PASSWORD),
            "current_password",
            "Det nuvarande lösenordet stämmer inte.",
        ),
        (
            change(personas.PASSWORD, NEW_PASSWORD, "granit-kanot-vinbar-18"),
            "repeat_password",
            "Lösenorden är inte lika. Skriv samma lösenord två gånger.",
        ),
        (
            change(personas.PASSWORD, "sommar2024"),
            "new_password",
            "Lösenordet måste ha minst 12 tecken (nu 10).",
        ),
        (
            change(personas.PASSWORD, "lösenord12345"),
            "new_password",
            "Lösenordet finns bland de vanligaste lösenorden. Välj ett annat.",
        ),
        (
            change(personas.PASSWORD, "kim.berg-ekorre-2026"),
            "new_password",
            "Lösenordet får inte innehålla din e-postadress.",
        ),
    ],
    ids=["wrong-current", "mismatch", "too-short", "common", "e-mail-in-it"],
)
async def test_a_refused_password_change_is_explained_and_changes_nothing(
    form: dict[str, str],
    field: str,
    message: str,
    client_as: Callable[[Principal], httpx.AsyncClient],
) -> None:
    kim = await personas.make_account("Kim Berg", "editor", email="kim.berg@kommun.example")
    http = client_as(kim)
    before = await password_hash(kim.id)

    response = await post_form(http, "/konto/losenord", form)

    assert response.status_code == 422
    assert field_error(response.text, field) == message
    for value in form.values():
        assert f'value="{value}"' not in response.text  # passwords are never sent back
    assert await password_hash(kim.id) == before
    assert (await http.get("/konto")).status_code == 200


async def test_changing_the_password(
    anonymous: httpx.AsyncClient, browser: Callable[[], httpx.AsyncClient]
) -> None:
    lo = await personas.lo()
    phone = browser()
    assert await sign_in(anonymous, lo.email, personas.PASSWORD) == 303
    assert await sign_in(phone, lo.email, personas.PASSWORD) == 303

    response = await post_form(
        anonymous, "/konto/losenord", change(personas.PASSWORD, NEW_PASSWORD)
    )

    assert response.status_code == 303
    assert response.headers["location"] == "/konto"
    page = await anonymous.get("/konto")
    assert page.status_code == 200  # this session carries on
    assert "Lösenordet är bytt. Du är utloggad på andra enheter." in text_of(page.text)
    assert (await anonymous.get("/projekt")).status_code == 200
    # The other device is signed out.
    signed_out = await phone.get("/konto")
    assert signed_out.status_code == 303
    # The old password stops working, the new one works.
    assert await sign_in(browser(), lo.email, personas.PASSWORD) == 401
    assert await sign_in(browser(), lo.email, NEW_PASSWORD) == 303
    actions = await ChangeLogEntry.select(ChangeLogEntry.action).where(
        (ChangeLogEntry.entity_type == "account") & (ChangeLogEntry.entity_id == lo.id)
    )
    assert "password_changed" in [a["action"] for a in actions]


async def test_the_old_password_is_checked_not_just_the_session(
    client_as: Callable[[Principal], httpx.AsyncClient],
) -> None:
    lo = await personas.lo()
    http = client_as(lo)
    before = await password_hash(lo.id)

    response = await post_form(http, "/konto/losenord", change("", NEW_PASSWORD))

    assert response.status_code == 422
    assert (
        field_error(response.text, "current_password") == "Det nuvarande lösenordet stämmer inte."
    )
    assert await password_hash(lo.id) == before
