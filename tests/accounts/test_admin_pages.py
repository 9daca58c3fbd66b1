"""The administrators' account pages: list, create, edit, deactivate, reset password.
Accounts are never deleted."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest
from litestar import Litestar

from tests import personas
from tests.support import app_client, field_error, field_value, post_form, text_of, version_of
from tracker.accounts.permissions import Principal
from tracker.accounts.tables import Account
from tracker.audit.tables import ChangeLogEntry
from tracker.mail.tables import OutboxMessage

GOOD_PASSWORD = "granit-kanot-vinbar-17"
FAILED = "Fel e-postadress eller lösenord. Kontrollera och försök igen."


def new_account(**changes: str) -> dict[str, str]:
    values = {
        "name": "Nora Ny",
        "email": "nora@kommun.example",
        "role": "editor",
        "password": GOOD_PASSWORD,
    }
    values.update(changes)
    return values


@pytest.fixture
async def browser(app: Litestar, db: None) -> AsyncIterator[httpx.AsyncClient]:
    """A second browser, not signed in, to try the accounts' passwords."""
    async with app_client(app) as http:
        yield http


async def try_sign_in(browser: httpx.AsyncClient, email: str, password: str) -> int:
    browser.cookies.clear()
    await browser.get("/logga-in")
    response = await post_form(browser, "/logga-in", {"email": email, "password": password})
    return response.status_code


async def account_row(email: str) -> dict:
    row = await Account.select().where(Account.email == email).first()
    assert row is not None
    return row


async def account_actions(account_id: int) -> list[str]:
    rows = await (
        ChangeLogEntry.select(ChangeLogEntry.action)
        .where((ChangeLogEntry.entity_type == "account") & (ChangeLogEntry.entity_id == account_id))
        .order_by(ChangeLogEntry.id)
    )
    return [row["action"] for row in rows]


def flash_text(html: str) -> str:
    match = re.search(r'<div class="flash-list" role="status">(.*?)</div>', html, flags=re.S)
    return text_of(match.group(1)) if match else ""


# --- the list --------------------------------------------------------------------------------


async def test_the_list_shows_every_account_active_first(
    client: httpx.AsyncClient,
) -> None:
    await personas.lo()
    await personas.rut()
    await personas.make_account("Ada Inaktiv", "editor", active=False)

    response = await client.get("/admin/konton")

    assert response.status_code == 200
    names = re.findall(r'<td><a href="/admin/konton/\d+">(.*?)</a></td>', response.text)
    assert names == ["Lo Läsare", "Rut Rapportansvarig", "Testanvändare", "Ada Inaktiv"]
    text = text_of(response.text)
    assert "lo@kommun.example Läsare Aktivt Aldrig" in text
    assert "Läsare, rapportansvarig" in text
    assert "Administratör" in text
    assert "Ada Inaktiv ada@kommun.example Redaktör Inaktiverat" in text
    assert 'href="/admin/konton/ny"' in response.text


async def test_only_administrators_see_the_administration_link(
    client: httpx.AsyncClient, client_as
) -> None:
    lo = client_as(await personas.lo())

    assert 'href="/admin/konton"' in (await client.get("/")).text
    assert 'href="/admin/konton"' not in (await lo.get("/")).text


# --- creating ----------------------------------------------------------------------------------


async def test_the_new_account_form(client: httpx.AsyncClient) -> None:
    response = await client.get("/admin/konton/ny")

    assert response.status_code == 200
    assert "<h1>Skapa konto</h1>" in response.text
    assert '<option value="editor" selected>Redaktör</option>' in response.text
    for field in ("name", "email", "role", "report_manager", "password"):
        assert f'id="{field}"' in response.text


async def test_an_account_is_created_with_a_chosen_password(
    client: httpx.AsyncClient, browser: httpx.AsyncClient
) -> None:
    response = await post_form(
        client,
        "/admin/konton",
        new_account(email=" Nora@Kommun.Example ", report_manager="ja", name=" Nora Ny "),
    )

    assert response.status_code == 303
    row = await account_row("nora@kommun.example")
    assert response.headers["location"] == f"/admin/konton/{row['id']}"
    assert (row["name"], row["role"], row["report_manager"], row["active"]) == (
        "Nora Ny",
        "editor",
        True,
        True,
    )
    assert row["password_hash"].startswith("$argon2")
    assert GOOD_PASSWORD not in row["password_hash"]
    page = await client.get(response.headers["location"])
    assert flash_text(page.text) == "Kontot för Nora Ny är skapat."
    assert await account_actions(row["id"]) == ["created"]
    assert await try_sign_in(browser, "nora@kommun.example", GOOD_PASSWORD) == 303


async def test_without_a_password_an_invitation_is_mailed_and_no_password_shown(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_SMTP_HOST", "smtp.kommun.example")  # mail is set up
    response = await post_form(client, "/admin/konton", new_account(password=""))

    assert response.status_code == 303
    page = await client.get(response.headers["location"])
    flash = flash_text(page.text)
    assert (
        "En länk för att välja lösenord är skickad till nora@kommun.example. "
        "Den fungerar en gång och gäller i 7 dagar." in flash
    )
    assert "lösenord:" not in flash.lower() and "inloggningslank" not in flash
    [invitation] = await OutboxMessage.select(OutboxMessage.to_address, OutboxMessage.kind)
    assert invitation == {"to_address": "nora@kommun.example", "kind": "invitation"}


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("sommar2024", "Lösenordet måste ha minst 12 tecken (nu 10)."),
        ("lösenord12345", "Lösenordet finns bland de vanligaste lösenorden. Välj ett annat."),
        ("password1234", "Lösenordet finns bland de vanligaste lösenorden. Välj ett annat."),
        ("nora-kommun-2026", None),  # the e-mail's name in it, or too easy: refused either way
    ],
)
async def test_a_weak_password_is_refused_beside_the_field(
    password: str, message: str | None, client: httpx.AsyncClient
) -> None:
    before = await Account.count()

    response = await post_form(
        client, "/admin/konton", new_account(password=password, role="reader")
    )

    assert response.status_code == 422
    shown = field_error(response.text, "password")
    assert shown
    if message:
        assert shown == message
    assert field_value(response.text, "name") == "Nora Ny"
    assert field_value(response.text, "email") == "nora@kommun.example"
    assert '<option value="reader" selected>Läsare</option>' in response.text
    assert password not in response.text  # the password is never sent back
    assert await Account.count() == before


async def test_a_taken_e_mail_is_refused(client: httpx.AsyncClient) -> None:
    await personas.lo()
    before = await Account.count()

    response = await post_form(client, "/admin/konton", new_account(email="LO@kommun.example"))

    assert response.status_code == 422
    assert (
        field_error(response.text, "email") == "Det finns redan ett konto med den e-postadressen."
    )
    assert field_value(response.text, "name") == "Nora Ny"
    assert await Account.count() == before


async def test_missing_or_wrong_fields_are_explained(client: httpx.AsyncClient) -> None:
    before = await Account.count()

    response = await post_form(
        client, "/admin/konton", {"name": "", "email": "nora.kommun.example", "role": "chef"}
    )

    assert response.status_code == 422
    assert field_error(response.text, "name") == "Skriv personens namn."
    assert field_error(response.text, "email") == "Skriv en e-postadress som namn@kommun.se."
    assert field_error(response.text, "role") == "Välj en roll."
    assert "Rätta felen nedan" in text_of(response.text)
    assert await Account.count() == before


# --- editing -----------------------------------------------------------------------------------


async def test_the_edit_form_shows_the_account(client: httpx.AsyncClient) -> None:
    rut = await personas.rut()

    response = await client.get(f"/admin/konton/{rut.id}")

    assert response.status_code == 200
    assert "<h1>Konto: Rut Rapportansvarig</h1>" in response.text
    assert field_value(response.text, "name") == "Rut Rapportansvarig"
    assert field_value(response.text, "email") == "rut@kommun.example"
    assert '<option value="reader" selected>Läsare</option>' in response.text
    assert re.search(r'id="report_manager"[^>]*checked', response.text)
    assert 'id="password"' not in response.text  # passwords are reset, not typed in here
    assert "Konton raderas aldrig." in text_of(response.text)


async def test_an_unknown_account_is_not_found(client: httpx.AsyncClient) -> None:
    for response in (
        await client.get("/admin/konton/9999"),
        await post_form(client, "/admin/konton/9999", new_account()),
        await post_form(client, "/admin/konton/9999/inaktivera", {}),
        await post_form(client, "/admin/konton/9999/aktivera", {}),
        await post_form(client, "/admin/konton/9999/nytt-losenord", {}),
    ):
        assert response.status_code == 404
        assert "Sidan finns inte" in text_of(response.text)


async def test_the_role_and_report_right_can_be_changed(client: httpx.AsyncClient) -> None:
    lo = await personas.lo()

    response = await post_form(
        client,
        f"/admin/konton/{lo.id}",
        {
            **await version_of(client, f"/admin/konton/{lo.id}"),
            "name": "Lo Läsare",
            "email": lo.email,
            "role": "editor",
            "report_manager": "ja",
        },
    )

    assert response.status_code == 303
    assert response.headers["location"] == f"/admin/konton/{lo.id}"
    row = await account_row(lo.email)
    assert (row["role"], row["report_manager"]) == ("editor", True)
    page = await client.get(f"/admin/konton/{lo.id}")
    assert flash_text(page.text) == "Ändringarna är sparade."
    assert '<option value="editor" selected>Redaktör</option>' in page.text
    entry = await (
        ChangeLogEntry.select()
        .where(ChangeLogEntry.entity_id == lo.id)
        .order_by(ChangeLogEntry.id)
        .output(load_json=True)
    )
    assert entry[-1]["action"] == "updated"
    assert entry[-1]["changes"] == {"role": ["reader", "editor"], "report_manager": [False, True]}

    unchanged = await post_form(
        client,
        f"/admin/konton/{lo.id}",
        {
            **await version_of(client, f"/admin/konton/{lo.id}"),
            "name": "Lo Läsare",
            "email": lo.email,
            "role": "editor",
            "report_manager": "ja",
        },
    )
    assert unchanged.status_code == 303
    assert flash_text((await client.get(f"/admin/konton/{lo.id}")).text) == "Inget ändrades."
    assert await account_actions(lo.id) == ["updated"]


async def test_an_e_mail_another_account_has_is_refused(client: httpx.AsyncClient) -> None:
    lo = await personas.lo()
    kim = await personas.kim()

    response = await post_form(
        client, f"/admin/konton/{kim.id}", {"name": kim.name, "email": lo.email, "role": "editor"}
    )

    assert response.status_code == 422
    assert (
        field_error(response.text, "email") == "Det finns redan ett konto med den e-postadressen."
    )
    assert (await account_row(kim.email))["email"] == kim.email


async def test_an_administrator_cannot_remove_their_own_admin_role(
    client: httpx.AsyncClient, admin_user: Principal
) -> None:
    response = await post_form(
        client,
        f"/admin/konton/{admin_user.id}",
        {"name": admin_user.name, "email": admin_user.email, "role": "editor"},
    )

    assert response.status_code == 422
    assert field_error(response.text, "role") == "Du kan inte ta bort din egen administratörsroll."
    assert (await account_row(admin_user.email))["role"] == "admin"
    assert (await client.get("/admin/konton")).status_code == 200


async def test_another_administrator_can_change_an_administrators_role(
    client: httpx.AsyncClient, client_as
) -> None:
    other = await personas.make_account("Bo Admin", "admin")

    response = await post_form(
        client,
        f"/admin/konton/{other.id}",
        {
            **await version_of(client, f"/admin/konton/{other.id}"),
            "name": other.name,
            "email": other.email,
            "role": "reader",
        },
    )

    assert response.status_code == 303
    assert (await account_row(other.email))["role"] == "reader"


# --- deactivating, activating, resetting -------------------------------------------------------


async def test_an_administrator_cannot_deactivate_themselves(
    client: httpx.AsyncClient, admin_user: Principal
) -> None:
    response = await post_form(client, f"/admin/konton/{admin_user.id}/inaktivera", {})

    assert response.status_code == 409
    assert "Du kan inte inaktivera ditt eget konto." in text_of(response.text)
    assert (await account_row(admin_user.email))["active"] is True
    assert (await client.get("/admin/konton")).status_code == 200


async def test_deactivating_and_activating_an_account(
    client: httpx.AsyncClient, browser: httpx.AsyncClient
) -> None:
    lo = await personas.lo()
    before = await Account.count()

    response = await post_form(client, f"/admin/konton/{lo.id}/inaktivera", {})

    assert response.status_code == 303
    assert response.headers["location"] == f"/admin/konton/{lo.id}"
    page = await client.get(response.headers["location"])
    assert flash_text(page.text) == "Kontot för Lo Läsare är inaktiverat. Det kan inte logga in."
    assert "Kontot är inaktiverat och kan inte logga in." in text_of(page.text)
    assert "Aktivera kontot" in page.text
    assert (await account_row(lo.email))["active"] is False
    assert "Lo Läsare lo@kommun.example Läsare Inaktiverat" in text_of(
        (await client.get("/admin/konton")).text
    )
    assert await try_sign_in(browser, lo.email, personas.PASSWORD) == 401
    # Twice is harmless and logged once.
    again = await post_form(client, f"/admin/konton/{lo.id}/inaktivera", {})
    assert again.status_code == 303
    await client.get(again.headers["location"])

    activated = await post_form(client, f"/admin/konton/{lo.id}/aktivera", {})

    assert activated.status_code == 303
    page = await client.get(f"/admin/konton/{lo.id}")
    assert flash_text(page.text) == "Kontot för Lo Läsare är aktivt igen."
    assert (await account_row(lo.email))["active"] is True
    assert await try_sign_in(browser, lo.email, personas.PASSWORD) == 303
    assert await account_actions(lo.id) == [
        "deactivated",
        "sign_in_failed",
        "activated",
        "signed_in",
    ]
    assert await Account.count() == before


async def test_a_new_password_is_a_one_time_link_never_a_password_on_screen(
    client: httpx.AsyncClient, browser: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TRACKER_SMTP_HOST", raising=False)  # no mail server: the link is shown
    kim = await personas.kim()
    page = await client.get(f"/admin/konton/{kim.id}")
    assert "Skicka länk för nytt lösenord" in page.text and "tillfälligt" not in page.text

    response = await post_form(client, f"/admin/konton/{kim.id}/nytt-losenord", {})

    assert response.status_code == 303
    shown = flash_text((await client.get(response.headers["location"])).text)
    assert "lösenord:" not in shown.lower() and "tillfälligt" not in shown
    assert "gäller i 24 timmar, fungerar en gång" in shown, shown
    link = re.search(r"https?://[^/\s]+(/inloggningslank/[\w-]+)", shown)
    assert link, shown
    # The old password no longer works; the link sets the new one, once.
    assert await try_sign_in(browser, kim.email, personas.PASSWORD) == 401
    browser.cookies.clear()
    await browser.get(link.group(1))
    chosen = await post_form(
        browser,
        link.group(1),
        {"new_password": "granit-kanot-vinbar-17", "repeat_password": "granit-kanot-vinbar-17"},
    )
    assert chosen.status_code == 303
    browser.cookies.clear()
    assert (await browser.get(link.group(1))).status_code == 410
    assert await try_sign_in(browser, kim.email, "granit-kanot-vinbar-17") == 303
    assert await account_actions(kim.id) == [
        "password_reset",  # by the administrator
        "sign_in_failed",
        "password_reset",  # through the link, by the person
        "signed_in",
    ]


async def test_a_new_account_without_mail_shows_its_invitation_link_not_a_password(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TRACKER_SMTP_HOST", raising=False)
    response = await post_form(
        client,
        "/admin/konton",
        {"name": "Nora Ny", "email": "nora@kommun.example", "role": "editor"},
    )
    assert response.status_code == 303
    shown = flash_text((await client.get(response.headers["location"])).text)
    assert "Kontot för Nora Ny är skapat." in shown
    assert re.search(r"/inloggningslank/[\w-]+ – den gäller i 7 dagar", shown), shown


async def test_an_inactive_account_gets_no_link(client: httpx.AsyncClient) -> None:
    lo = await personas.make_account("Lo Borta", "reader", active=False)

    response = await post_form(client, f"/admin/konton/{lo.id}/nytt-losenord", {})

    assert response.status_code == 409
    assert "Aktivera det innan du skickar en länk" in text_of(response.text)


async def test_accounts_are_never_deleted(client: httpx.AsyncClient) -> None:
    lo = await personas.lo()
    await client.get("/")
    token = client.cookies["tracker-csrf"]
    before = await Account.count()

    deleted = await client.delete(f"/admin/konton/{lo.id}", headers={"x-csrftoken": token})
    await post_form(client, f"/admin/konton/{lo.id}/inaktivera", {})

    assert deleted.status_code == 405
    assert await Account.count() == before
    assert await Account.exists().where(Account.id == lo.id)
    assert "radera" not in (await client.get(f"/admin/konton/{lo.id}")).text.replace(
        "raderas aldrig", ""
    )
