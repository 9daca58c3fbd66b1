"""A digest per person: chosen on Mitt konto (off, daily or weekly, day and hour); it gathers
the messages that would have gone one by one, and sends them together at the chosen time."""

from __future__ import annotations

from datetime import datetime

import httpx

from tests import personas
from tests.mail.smtp_server import SMTPServer
from tests.reports.factories import lists, make_report
from tests.support import field_value, post_form, text_of
from tracker.clock import SWEDISH_TIME, at
from tracker.mail import worker
from tracker.mail.settings import MailSettings
from tracker.mail.tables import OutboxMessage
from tracker.reports import freezing


def _sweden(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=SWEDISH_TIME)  # 2026-12-07 is a Monday


async def _choose(client: httpx.AsyncClient, frequency: str, weekday: str, hour: str) -> None:
    await client.get("/konto")
    response = await post_form(
        client, "/konto/e-post", {"frequency": frequency, "weekday": weekday, "hour": hour}
    )
    assert (response.status_code, response.headers["location"]) == (303, "/konto#e-post")


async def _freeze_two_reports() -> None:
    alva = await personas.alva()
    for title in ("Rapport A", "Rapport B"):
        await freezing.freeze(await make_report(title=title), 1, lists(), alva)


async def test_a_daily_digest_replaces_single_messages_and_comes_at_the_chosen_hour(
    client_as, db: None, smtp: SMTPServer, mail_settings: MailSettings
) -> None:
    rut = await personas.rut()
    with at(_sweden(7, 9)):
        await _choose(client_as(rut), "daily", "0", "7")
        await _freeze_two_reports()
        await worker.run_once(mail_settings)
    assert smtp.inbox.messages == []  # held for the digest

    with at(_sweden(8, 6, 59)):
        await worker.run_once(mail_settings)
    assert smtp.inbox.messages == []
    with at(_sweden(8, 7, 1)):
        await worker.run_once(mail_settings)
        await worker.run_once(mail_settings)
    [digest] = smtp.inbox.messages
    assert digest["To"] == rut.email
    assert digest["Subject"] == "Sammanfattning: 2 händelser i Tjänstedesignspåraren"
    body = digest.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    assert "fastställde version 1 av rapporten Rapport A" in text
    assert "fastställde version 1 av rapporten Rapport B" in text
    assert "https://spararen.kommun.example/rapporter/" in text
    statuses = await OutboxMessage.select(OutboxMessage.status).order_by(OutboxMessage.id)
    assert [row["status"] for row in statuses] == ["digested", "digested", "sent"]

    # The next day at the hour: nothing held, so no empty digest.
    with at(_sweden(9, 7, 30)):
        await worker.run_once(mail_settings)
    assert len(smtp.inbox.messages) == 1


async def test_a_weekly_digest_waits_for_the_chosen_weekday(
    client_as, db: None, smtp: SMTPServer, mail_settings: MailSettings
) -> None:
    rut = await personas.rut()
    with at(_sweden(7, 17)):  # Monday
        await _choose(client_as(rut), "weekly", "2", "16")  # Wednesdays at 16
        await _freeze_two_reports()
    for day, hour in ((8, 16), (9, 15)):  # Tuesday at 16, Wednesday before 16
        with at(_sweden(day, hour, 30)):
            await worker.run_once(mail_settings)
    assert smtp.inbox.messages == []
    with at(_sweden(9, 16, 5)):
        await worker.run_once(mail_settings)
    assert [m["To"] for m in smtp.inbox.messages] == [rut.email]


async def test_turning_the_digest_off_sends_what_waited_for_it(
    client_as, db: None, smtp: SMTPServer, mail_settings: MailSettings
) -> None:
    rut = await personas.rut()
    http = client_as(rut)
    await _choose(http, "weekly", "2", "16")
    await _freeze_two_reports()
    await worker.run_once(mail_settings)
    assert smtp.inbox.messages == []
    await _choose(http, "off", "2", "16")
    await worker.run_once(mail_settings)
    assert sorted(m["Subject"] for m in smtp.inbox.to(rut.email)) == [
        "Rapporten Rapport A är fastställd (version 1)",
        "Rapporten Rapport B är fastställd (version 1)",
    ]


async def test_an_invitation_is_never_held_for_a_digest(
    client: httpx.AsyncClient, client_as, smtp: SMTPServer, mail_settings: MailSettings
) -> None:
    response = await post_form(
        client,
        "/admin/konton",
        {"name": "Nora Ny", "email": "nora@kommun.example", "role": "reader"},
    )
    assert response.status_code == 303
    await worker.run_once(mail_settings)
    assert [m["To"] for m in smtp.inbox.messages] == ["nora@kommun.example"]


async def test_mitt_konto_shows_the_choice_and_refuses_a_bad_one_beside_the_field(
    client_as, db: None
) -> None:
    lo = await personas.lo()
    http = client_as(lo)
    page = await http.get("/konto")
    assert "Hur vill du få e-post?" in text_of(page.text)
    assert 'id="mail-frequency-off" name="frequency" value="off" checked' in page.text
    await _choose(http, "weekly", "4", "8")
    page = await http.get("/konto")
    assert 'value="weekly" checked' in page.text
    assert field_value(page.text, "mail-hour") in (None, "8")
    assert '<option value="4" selected>fredag</option>' in page.text

    response = await post_form(
        http, "/konto/e-post", {"frequency": "ibland", "weekday": "9", "hour": "25"}
    )
    assert response.status_code == 422
    text = text_of(response.text)
    assert "Välj hur ofta du vill få e-post." in text and "Välj klockslag." in text
