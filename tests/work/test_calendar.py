"""The calendar feed: made, copied and revoked on Mitt konto, read by calendar clients."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

import httpx
from icalendar import Calendar

from tests import personas
from tests.collaborations.factories import make_collaboration
from tests.dialogues.factories import make_dialogue
from tracker.accounts.permissions import Principal
from tracker.clock import today
from tracker.collaborations import follow_ups as collaboration_follow_ups
from tracker.collaborations.forms import FollowUpInput
from tracker.db import QUERIES
from tracker.dialogues.rules import State
from tracker.work.calendar import token_hash
from tracker.work.tables import CalendarFeed

Client = Callable[[Principal], httpx.AsyncClient]


async def _new_address(http: httpx.AsyncClient) -> str:
    page = await http.get("/konto/kalender")
    csrf = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
    assert csrf is not None
    response = await http.post("/konto/kalender", data={"_csrf_token": csrf.group(1)})
    assert response.status_code == 200
    found = re.search(r'value="(http://testserver/kalender/[^"]+\.ics)"', response.text)
    assert found is not None, response.text
    return found.group(1)


async def _revoke(http: httpx.AsyncClient) -> httpx.Response:
    page = await http.get("/konto/kalender")
    csrf = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
    assert csrf is not None
    return await http.post("/konto/kalender/aterkalla", data={"_csrf_token": csrf.group(1)})


async def test_the_feed_holds_my_dates_as_all_day_events_with_stable_uids(
    client_as: Client, anonymous: httpx.AsyncClient
) -> None:
    robin = await personas.robin()
    on = today()
    dialogue = await make_dialogue(
        title="Trygg park", state=State.DECIDED, feedback_due=on + timedelta(days=10), actor=robin
    )
    collaboration = await make_collaboration(
        title="Läxhjälp", renewal_date=date(2027, 11, 1), actor=robin
    )
    await collaboration_follow_ups.add_follow_up(
        collaboration, FollowUpInput(on + timedelta(days=5), "Halvårsavstämning"), robin
    )
    await make_dialogue(title="Kims dialog", state=State.DECIDED, feedback_due=on)  # not Robin's
    address = await _new_address(client_as(robin))

    first = await anonymous.get(address)
    second = await anonymous.get(address)

    assert first.status_code == 200
    assert first.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(first.content)
    assert calendar["X-WR-TIMEZONE"] == "Europe/Stockholm"
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    feedback = events["Återkoppling: Återkoppling till invånarna – Trygg park"]
    assert feedback.decoded("DTSTART") == on + timedelta(days=10)  # a date: all day
    assert (
        feedback["DTSTART"].params.get("VALUE") == "DATE"
        or "T" not in feedback["DTSTART"].to_ical().decode()
    )
    assert "DTSTAMP" in feedback
    assert str(feedback["URL"]) == f"http://testserver/dialoger/{dialogue.id}#aterkoppling"
    assert "Förnyelse: Förnyelse av överenskommelsen – Läxhjälp" in events
    assert "Uppföljning: Halvårsavstämning – Läxhjälp" in events
    assert not any("Kims dialog" in summary for summary in events)
    again = {
        str(e["SUMMARY"]): str(e["UID"]) for e in Calendar.from_ical(second.content).walk("VEVENT")
    }
    assert again == {summary: str(e["UID"]) for summary, e in events.items()}
    assert len(set(again.values())) == len(again)


async def test_only_a_hash_of_the_token_is_stored(client_as: Client) -> None:
    robin = await personas.robin()
    address = await _new_address(client_as(robin))
    token = address.rsplit("/", 1)[1].removesuffix(".ics")

    rows = await CalendarFeed.select(CalendarFeed.token_hash)

    assert [row["token_hash"] for row in rows] == [token_hash(token)]
    assert token not in rows[0]["token_hash"]


async def test_a_revoked_or_replaced_address_stops_working(
    client_as: Client, anonymous: httpx.AsyncClient
) -> None:
    robin = client_as(await personas.robin())
    old = await _new_address(robin)
    new = await _new_address(robin)

    assert (await anonymous.get(old)).status_code == 404
    assert (await anonymous.get(new)).status_code == 200

    response = await _revoke(robin)
    assert response.status_code == 303
    assert (await anonymous.get(new)).status_code == 404
    page = await robin.get("/konto/kalender")
    assert "Du har ingen kalenderadress." in page.text


async def test_unknown_addresses_are_not_found(anonymous: httpx.AsyncClient) -> None:
    assert (await anonymous.get("/kalender/" + "x" * 43 + ".ics")).status_code == 404
    assert (await anonymous.get("/kalender/kort.ics")).status_code == 404
    assert (await anonymous.get("/kalender/" + "x" * 43)).status_code == 404


async def test_mitt_konto_links_to_the_calendar(client: httpx.AsyncClient) -> None:
    assert 'href="/konto/kalender"' in (await client.get("/konto")).text


async def test_the_feed_issues_a_bounded_number_of_queries(
    client_as: Client, anonymous: httpx.AsyncClient
) -> None:
    robin = await personas.robin()
    address = await _new_address(client_as(robin))

    async def grow(offset: int, count: int) -> None:
        for n in range(offset, offset + count):
            await make_dialogue(
                title=f"Dialog {n}",
                state=State.DECIDED,
                feedback_due=date(2026, 5, 1 + n % 20),
                actor=robin,
            )

    async def count() -> int:
        QUERIES.reset()
        assert (await anonymous.get(address)).status_code == 200
        return QUERIES.count

    await grow(0, 2)
    small = await count()
    await grow(2, 6)
    assert await count() == small
