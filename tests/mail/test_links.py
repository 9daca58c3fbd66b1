"""A new account gets an invitation with a one-time link; a forgotten password gets a reset
link. The link shows a form to choose a password, signs the person in once, then is used up."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from litestar import Litestar

from tests import personas
from tests.mail.smtp_server import SMTPServer
from tests.support import app_client, field_error, post_form, text_of
from tracker.clock import at, now
from tracker.mail import worker
from tracker.mail.settings import MailSettings
from tracker.mail.tables import OutboxMessage, SignInLink

NEW_PASSWORD = "granit-kanot-vinbar-17"


@pytest.fixture
async def visitor(app: Litestar, db: None) -> AsyncIterator[httpx.AsyncClient]:
    """The person who opens the link: a browser that is not signed in."""
    async with app_client(app) as http:
        yield http


async def _link_in_mail(smtp: SMTPServer, settings: MailSettings, address: str) -> str:
    await worker.run_once(settings)
    [message] = smtp.inbox.to(address)
    body = message.get_body(("plain",))
    assert body is not None
    found = re.search(
        r"https://spararen\.kommun\.example(/inloggningslank/\S+)", body.get_content()
    )
    assert found, body.get_content()
    return found.group(1)


async def _choose(visitor: httpx.AsyncClient, path: str, password: str) -> httpx.Response:
    await visitor.get(path)
    return await post_form(visitor, path, {"new_password": password, "repeat_password": password})


async def test_an_invited_person_chooses_a_password_through_the_link_once(
    client: httpx.AsyncClient,
    visitor: httpx.AsyncClient,
    smtp: SMTPServer,
    mail_settings: MailSettings,
) -> None:
    response = await post_form(
        client,
        "/admin/konton",
        {"name": "Nora Ny", "email": "nora@kommun.example", "role": "editor"},
    )
    assert response.status_code == 303
    path = await _link_in_mail(smtp, mail_settings, "nora@kommun.example")
    [message] = smtp.inbox.messages
    assert message["Subject"] == "Du har fått ett konto i Tjänstedesignspåraren"

    page = await visitor.get(path)
    assert page.status_code == 200
    assert "Välkommen, Nora Ny" in text_of(page.text)
    weak = await post_form(visitor, path, {"new_password": "kort", "repeat_password": "kort"})
    assert weak.status_code == 422
    assert field_error(weak.text, "new_password")

    chosen = await _choose(visitor, path, NEW_PASSWORD)
    assert (chosen.status_code, chosen.headers["location"]) == (303, "/")
    home = await visitor.get("/konto")
    assert home.status_code == 200 and "nora@kommun.example" in home.text

    # The link is used up: opened again it says so, and it sets no password.
    visitor.cookies.clear()
    again = await visitor.get(path)
    assert again.status_code == 410
    assert "Länken fungerar inte längre" in text_of(again.text)
    assert (await _choose(visitor, path, "annat-lösen-ord-99")).status_code == 410
    signed_in = await post_form(
        visitor, "/logga-in", {"email": "nora@kommun.example", "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 303


async def test_a_forgotten_password_is_reset_through_a_link_that_expires(
    visitor: httpx.AsyncClient, smtp: SMTPServer, mail_settings: MailSettings
) -> None:
    lo = await personas.lo()
    await visitor.get("/glomt-losenord")
    response = await post_form(visitor, "/glomt-losenord", {"email": " LO@kommun.example "})
    assert (response.status_code, response.headers["location"]) == (303, "/logga-in")
    path = await _link_in_mail(smtp, mail_settings, lo.email)
    assert smtp.inbox.messages[0]["Subject"] == "Välj ett nytt lösenord till Tjänstedesignspåraren"

    with at(now() + timedelta(minutes=61)):
        assert (await visitor.get(path)).status_code == 410
    assert (await _choose(visitor, path, NEW_PASSWORD)).status_code == 303
    link = await SignInLink.select().first()
    assert link is not None and link["used_at"] is not None and link["purpose"] == "reset"


async def test_an_unknown_address_gets_the_same_answer_and_no_mail(
    visitor: httpx.AsyncClient, smtp: SMTPServer, mail_settings: MailSettings
) -> None:
    await personas.make_account("Ina Inaktiv", "reader", active=False)
    await visitor.get("/glomt-losenord")
    for address in ("okand@kommun.example", "ina@kommun.example"):
        response = await post_form(visitor, "/glomt-losenord", {"email": address})
        assert response.status_code == 303
        page = await visitor.get("/logga-in")
        assert "Om adressen hör till ett aktivt konto har vi skickat en länk" in text_of(page.text)
    await worker.run_once(mail_settings)
    assert smtp.inbox.messages == []


async def test_an_empty_address_is_refused_beside_the_field(visitor: httpx.AsyncClient) -> None:
    await visitor.get("/glomt-losenord")
    response = await post_form(visitor, "/glomt-losenord", {"email": ""})
    assert response.status_code == 422
    assert field_error(response.text, "email") == "Skriv din e-postadress."


async def test_asking_again_and_again_sends_one_link_every_few_minutes(
    visitor: httpx.AsyncClient, smtp: SMTPServer, mail_settings: MailSettings
) -> None:
    lo = await personas.lo()
    await visitor.get("/glomt-losenord")
    for _ in range(3):
        await post_form(visitor, "/glomt-losenord", {"email": lo.email})
    with at(now() + timedelta(minutes=6)):
        await post_form(visitor, "/glomt-losenord", {"email": lo.email})
        await worker.run_once(mail_settings)
    assert len(smtp.inbox.to(lo.email)) == 2


async def test_once_sent_the_outbox_keeps_no_readable_copy_of_the_link(
    visitor: httpx.AsyncClient, smtp: SMTPServer, mail_settings: MailSettings
) -> None:
    lo = await personas.lo()
    await visitor.get("/glomt-losenord")
    await post_form(visitor, "/glomt-losenord", {"email": lo.email})
    path = await _link_in_mail(smtp, mail_settings, lo.email)
    row = await OutboxMessage.select().first()
    assert row is not None and row["status"] == "sent"
    assert path.rsplit("/", 1)[-1] not in str(row)


async def test_an_administrators_new_password_is_a_mailed_link_that_expires(
    client: httpx.AsyncClient,
    visitor: httpx.AsyncClient,
    smtp: SMTPServer,
    mail_settings: MailSettings,
) -> None:
    kim = await personas.kim()
    response = await post_form(client, f"/admin/konton/{kim.id}/nytt-losenord", {})
    assert response.status_code == 303
    shown = text_of((await client.get(response.headers["location"])).text)
    assert f"En länk för att välja nytt lösenord är skickad till {kim.email}" in shown
    assert "inloggningslank" not in shown  # mail is set up: the link is not on the screen

    path = await _link_in_mail(smtp, mail_settings, kim.email)
    [message] = smtp.inbox.to(kim.email)
    assert message["Subject"] == "Välj ett nytt lösenord till Tjänstedesignspåraren"
    body = message.get_body(("plain",))
    assert body is not None and "gäller i 24 timmar" in body.get_content()
    with at(now() + timedelta(hours=25)):
        assert (await visitor.get(path)).status_code == 410
    assert (await _choose(visitor, path, NEW_PASSWORD)).status_code == 303
    visitor.cookies.clear()
    assert (await _choose(visitor, path, "annat-lösen-ord-99")).status_code == 410


async def test_a_new_account_with_mail_says_the_invitation_is_sent_without_the_link(
    client: httpx.AsyncClient, smtp: SMTPServer, mail_settings: MailSettings
) -> None:
    response = await post_form(
        client,
        "/admin/konton",
        {"name": "Nora Ny", "email": "nora@kommun.example", "role": "editor"},
    )
    shown = text_of((await client.get(response.headers["location"])).text)
    assert "En länk för att välja lösenord är skickad till nora@kommun.example" in shown
    assert "gäller i 7 dagar" in shown and "inloggningslank" not in shown
    await _link_in_mail(smtp, mail_settings, "nora@kommun.example")
