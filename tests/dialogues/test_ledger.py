"""The feedback ledger /dialoger/aterkoppling: due, overdue (with days overdue) and given,
sorted by the date feedback is due, filtered by board, level and status."""

import re
from datetime import UTC, date, datetime
from html import unescape

import httpx
import pytest

from tests import personas
from tests.support import text_of
from tracker.clock import at
from tracker.dialogues import register
from tracker.dialogues.rules import ledger_status
from tracker.dialogues.tables import Dialogue
from tracker.insights.feedback import add_feedback

from .factories import ACTOR, ClientAs, feedback_input, make_dialogue

TODAY = datetime(2026, 7, 10, 10, 0, tzinfo=UTC)


def rows(html: str) -> list[str]:
    body = re.search(r"<tbody>(.*?)</tbody>", html, flags=re.S)
    return (
        [text_of(row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.S)]
        if (body)
        else []
    )


def titles(html: str) -> list[str]:
    return [unescape(t) for t in re.findall(r'<td><a href="/dialoger/\d+">(.*?)</a></td>', html)]


async def ledger(client: httpx.AsyncClient, **params: str) -> httpx.Response:
    with at(TODAY):
        response = await client.get("/dialoger/aterkoppling", params=params)
    assert response.status_code == 200
    return response


@pytest.fixture
async def dialogues() -> None:
    await make_dialogue(state="decided", title="Tio dagar sen", feedback_due=date(2026, 6, 30))
    await make_dialogue(
        state="held",
        title="En dag sen",
        feedback_due=date(2026, 7, 9),
        board="Socialnämnden",
        level_promised="konsultation",
    )
    await make_dialogue(state="decided", title="Väntar", feedback_due=date(2026, 8, 15))
    await make_dialogue(state="held", title="I dag", feedback_due=date(2026, 7, 10))
    await make_dialogue(state="fed_back", title="Klar", feedback_due=date(2026, 6, 1))
    await make_dialogue(state="proposal", title="Utan datum")
    await make_dialogue(state="information_meeting", title="Ingen dialog")
    archived = await make_dialogue(
        state="decided", title="Arkiverad", feedback_due=date(2026, 5, 1)
    )
    await register.set_archived(archived, True, ACTOR)


async def test_the_ledger_lists_promised_feedback_by_due_date(
    client: httpx.AsyncClient, dialogues: None
) -> None:
    response = await ledger(client)

    assert "<h1>Återkoppling till invånarna</h1>" in response.text
    assert rows(response.text) == [
        "Klar Kommunstyrelsen Dialog 2026-06-01 Återkopplad 2026-06-01 2026-06-01",
        "Tio dagar sen Kommunstyrelsen Dialog 2026-06-30 Försenad skulle ha getts för 10 dagar sedan – –",
        "En dag sen Socialnämnden Konsultation 2026-07-09 Försenad skulle ha getts för 1 dag sedan – –",
        "I dag Kommunstyrelsen Dialog 2026-07-10 Väntar – –",
        "Väntar Kommunstyrelsen Dialog 2026-08-15 Väntar – –",
    ]
    assert "5 dialoger" in text_of(response.text)
    assert 'class="ledger-row ledger-row--overdue"' in response.text


async def test_latest_first_when_asked(client: httpx.AsyncClient, dialogues: None) -> None:
    response = await ledger(client, ordning="fallande")

    assert titles(response.text) == ["Väntar", "I dag", "En dag sen", "Tio dagar sen", "Klar"]
    assert '<option value="fallande" selected>' in response.text


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "overdue"}, ["Tio dagar sen", "En dag sen"]),
        ({"status": "due"}, ["I dag", "Väntar"]),
        ({"status": "given"}, ["Klar"]),
        ({"namnd": "Socialnämnden"}, ["En dag sen"]),
        ({"niva": "konsultation"}, ["En dag sen"]),
        ({"niva": "dialog", "status": "overdue"}, ["Tio dagar sen"]),
        ({"namnd": "Okänd nämnd"}, []),
        (
            {"niva": "påhittad", "status": "konstig"},
            ["Klar", "Tio dagar sen", "En dag sen", "I dag", "Väntar"],
        ),
    ],
)
async def test_filters(
    client: httpx.AsyncClient, dialogues: None, params: dict[str, str], expected: list[str]
) -> None:
    response = await ledger(client, **params)

    assert titles(response.text) == expected
    if not expected:
        assert "Inga dialoger har ett datum för återkoppling som matchar filtret." in text_of(
            response.text
        )


async def test_feedback_given_shows_the_first_date_to_each_audience(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(state="held", feedback_due=date(2026, 8, 1))
    await add_feedback(dialogue, feedback_input("residents", given_on=date(2026, 7, 5)), ACTOR)
    await add_feedback(dialogue, feedback_input("residents", given_on=date(2026, 7, 1)), ACTOR)

    response = await ledger(client)

    # Feedback to the residents is registered: the promise is kept (issue 15).
    assert rows(response.text) == [
        "Trygghet i centrum Kommunstyrelsen Dialog 2026-08-01 Återkopplad 2026-07-01 –"
    ]


async def test_the_dialogue_page_shows_how_late_the_feedback_is(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(state="held", feedback_due=date(2026, 6, 30))

    with at(TODAY):
        page = await client.get(f"/dialoger/{dialogue.id}")

    assert (
        "Återkoppling ska ges senast 2026-06-30 . Försenad skulle ha getts för 10 dagar sedan"
        in text_of(page.text)
    )


async def test_an_empty_ledger_says_so(client: httpx.AsyncClient) -> None:
    response = await ledger(client)

    assert "Inga dialoger hittades." in text_of(response.text)


async def test_the_ledger_has_pages(client: httpx.AsyncClient) -> None:
    for day in range(1, 28):
        await make_dialogue(state="decided", title=f"D{day:02d}", feedback_due=date(2026, 8, day))

    first = await ledger(client, status="due")
    assert titles(first.text) == [f"D{day:02d}" for day in range(1, 26)]
    assert "27 dialoger – sida 1 av 2" in text_of(first.text)
    assert '<a rel="next" href="?status=due&amp;sida=2">' in first.text
    second = await ledger(client, status="due", sida="2")
    assert titles(second.text) == ["D26", "D27"]


async def test_every_signed_in_user_may_read_the_ledger(
    client_as: ClientAs, anonymous: httpx.AsyncClient
) -> None:
    await make_dialogue(state="decided", title="Väntar", feedback_due=date(2026, 8, 15))
    reader = client_as(await personas.lo())

    assert titles((await ledger(reader)).text) == ["Väntar"]
    response = await anonymous.get("/dialoger/aterkoppling")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/logga-in")


async def test_feedback_to_the_residents_keeps_the_promise_before_the_dialogue_is_marked(
    client: httpx.AsyncClient, dialogues: None
) -> None:
    late = await Dialogue.objects().get(Dialogue.title == "Tio dagar sen")
    assert late is not None
    await add_feedback(late, feedback_input("residents", given_on=date(2026, 7, 5)), ACTOR)

    everything = rows((await ledger(client)).text)
    assert "Tio dagar sen Kommunstyrelsen Dialog 2026-06-30 Återkopplad 2026-07-05 –" in everything
    assert titles((await ledger(client, status="overdue")).text) == ["En dag sen"]
    assert titles((await ledger(client, status="given")).text) == ["Klar", "Tio dagar sen"]


def test_the_ledger_status_counts_feedback_to_the_residents_as_given() -> None:
    due, today = date(2026, 6, 30), date(2026, 7, 10)
    assert ledger_status("held", due, today) == "overdue"
    assert ledger_status("held", due, today, residents_on=date(2026, 7, 5)) == "given"
    assert ledger_status("fed_back", due, today) == "given"
    assert ledger_status("held", None, today) is None
