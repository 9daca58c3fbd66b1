"""The dialogue register: what it shows, the overview per level, filters, search and pages."""

import re
from datetime import UTC, date, datetime
from html import unescape

import httpx
import pytest

from tests import personas
from tests.support import text_of
from tracker.clock import at
from tracker.dialogues import register

from .factories import ACTOR, ClientAs, make_dialogue


def _titles(html: str) -> list[str]:
    """The dialogue titles in the register, in the order shown."""
    return [unescape(t) for t in re.findall(r'<td><a href="/dialoger/\d+">(.*?)</a></td>', html)]


def _rows(html: str) -> list[str]:
    body = re.search(r"<tbody>(.*?)</tbody>", html, flags=re.S)
    return (
        [text_of(row) for row in re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)] if body else []
    )


def _result_count(html: str) -> str:
    match = re.search(r'<p class="result-count"[^>]*>(.*?)</p>', html, flags=re.S)
    assert match, "the page has no result count"
    return text_of(match.group(1))


def _ladder(html: str) -> str:
    match = re.search(r'<ol class="step-overview ladder">(.*?)</ol>', html, flags=re.S)
    assert match, "the page has no overview per level"
    return text_of(match.group(1))


def _link(html: str, rel: str) -> str | None:
    match = re.search(rf'<a rel="{rel}" href="([^"]*)"', html)
    return unescape(match.group(1)) if match else None


async def test_the_register_shows_each_dialogue_with_kind_state_board_and_levels(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(
        state="held", title="Trygghet i centrum", board="Kommunstyrelsen", feedback_due=None
    )
    await register.set_level_achieved(dialogue, "konsultation", ACTOR)
    await make_dialogue(title="Äldres måltider", kind="user", board="Vård- och omsorgsnämnden")

    response = await client.get("/dialoger")

    assert response.status_code == 200
    assert "<h1>Dialoger</h1>" in response.text
    assert _result_count(response.text) == "2 dialoger"
    assert _rows(response.text) == [
        "Äldres måltider Brukardialog Idé Vård- och omsorgsnämnden Inte vald – –",
        "Trygghet i centrum Medborgardialog Genomförd Kommunstyrelsen Dialog Konsultation "
        "2026-06-30",
    ]
    assert f'href="/dialoger/{dialogue.id}"' in response.text
    assert 'href="/dialoger/ny"' in response.text  # an administrator may register


async def test_an_empty_register_invites_to_register_the_first_dialogue(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/dialoger")

    assert response.status_code == 200
    assert _result_count(response.text) == "Inga dialoger hittades."
    assert "Det finns inga dialoger ännu. Registrera den första dialogen" in text_of(response.text)


async def test_a_reader_sees_the_register_but_no_way_to_register(client_as: ClientAs) -> None:
    await make_dialogue(title="Trygghet i centrum")
    reader = client_as(await personas.lo())

    response = await reader.get("/dialoger")

    assert response.status_code == 200
    assert _titles(response.text) == ["Trygghet i centrum"]
    assert 'href="/dialoger/ny"' not in response.text


async def test_the_overview_counts_dialogues_per_promised_level(client: httpx.AsyncClient) -> None:
    await make_dialogue(title="A", level_promised="dialog")
    await make_dialogue(title="B", level_promised="dialog")
    await make_dialogue(title="C", level_promised="medbeslutande")
    await make_dialogue(title="D")
    archived = await make_dialogue(title="E", level_promised="information")
    await register.set_archived(archived, True, ACTOR)

    response = await client.get("/dialoger")

    assert _ladder(response.text) == (
        "Invånarna får veta Information 0 dialoger "
        "Invånarna får tycka Konsultation 0 dialoger "
        "Invånarna får resonera Dialog 2 dialoger "
        "Invånarna får påverka Inflytande 0 dialoger "
        "Invånarna får bestämma Medbeslutande 1 dialog"
    )
    assert '<a href="/dialoger?niva=dialog">' in response.text
    assert "1 dialog har ännu ingen utlovad nivå." in text_of(response.text)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "decided"}, ["Beslutad"]),
        ({"status": "inquiry"}, ["Utredning"]),
        ({"typ": "user"}, ["Brukar"]),
        ({"typ": "citizen"}, ["Beslutad", "Utredning"]),
        ({"niva": "konsultation"}, ["Brukar"]),
        ({"namnd": "Socialnämnden"}, ["Utredning"]),
        ({"status": "decided", "typ": "user"}, []),
        ({"q": "BRUK"}, ["Brukar"]),
    ],
)
async def test_filters_and_search(
    client: httpx.AsyncClient, params: dict[str, str], expected: list[str]
) -> None:
    await make_dialogue(state="decided", title="Beslutad", level_promised="dialog")
    await make_dialogue(state="inquiry", title="Utredning", board="Socialnämnden")
    await make_dialogue(title="Brukar", kind="user", level_promised="konsultation")

    response = await client.get("/dialoger", params={"sortera": "title", **params})

    assert response.status_code == 200
    assert _titles(response.text) == expected
    if not expected:
        assert "Inga dialoger matchar filtret. Visa alla dialoger" in text_of(response.text)


async def test_the_board_filter_offers_the_boards_in_use(client: httpx.AsyncClient) -> None:
    await make_dialogue(board="Socialnämnden")
    await make_dialogue(board="Kommunstyrelsen")
    await make_dialogue(board="Kommunstyrelsen")

    response = await client.get("/dialoger", params={"namnd": "Socialnämnden"})

    select = re.search(r'<select class="input" id="namnd".*?</select>', response.text, re.S)
    assert select is not None
    assert re.findall(r"<option[^>]*>(.*?)</option>", select.group(0)) == [
        "Alla",
        "Kommunstyrelsen",
        "Socialnämnden",
    ]
    assert "<option selected>Socialnämnden</option>" in select.group(0)


async def test_filter_by_the_year_the_dialogue_was_registered(client: httpx.AsyncClient) -> None:
    with at(datetime(2025, 12, 31, 22, 30, tzinfo=UTC)):  # 23.30 in Sweden: still 2025
        await make_dialogue(title="Från 2025")
    with at(datetime(2025, 12, 31, 23, 30, tzinfo=UTC)):  # 00.30 in Sweden: 2026
        await make_dialogue(title="Från 2026")

    for year, expected in (("2025", ["Från 2025"]), ("2026", ["Från 2026"]), ("2024", [])):
        response = await client.get("/dialoger", params={"ar": year})
        assert _titles(response.text) == expected, year
    response = await client.get("/dialoger", params={"ar": "förra året"})
    assert response.status_code == 200
    assert sorted(_titles(response.text)) == ["Från 2025", "Från 2026"]


# A control character is refused before the search (tests/test_hostile_input.py).
@pytest.mark.parametrize("typed", ["%", "_", "\\", "'; DROP TABLE dialogue; --", "ö\\"])
async def test_odd_search_text_never_causes_an_error(client: httpx.AsyncClient, typed: str) -> None:
    await make_dialogue(title="50% fler svar")

    response = await client.get("/dialoger", params={"q": typed})

    assert response.status_code == 200


async def test_search_ignores_case_also_for_swedish_letters(client: httpx.AsyncClient) -> None:
    await make_dialogue(title="Återkoppling till ÄLDRE")
    await make_dialogue(title="Alla ska med")

    for typed in ("återkoppling", "äldre", "Å", "  ÅTERKOPPLING   TILL "):
        response = await client.get("/dialoger", params={"q": typed})
        assert _titles(response.text) == ["Återkoppling till ÄLDRE"], typed


async def test_typed_text_is_shown_as_text_never_as_markup(client: httpx.AsyncClient) -> None:
    await make_dialogue(title="<b>Fet</b> dialog", board="<i>Nämnd</i>")

    response = await client.get("/dialoger", params={"q": "<script>alert(1)</script>"})

    assert "<script>alert(1)" not in response.text
    listed = await client.get("/dialoger")
    assert "<b>Fet</b>" not in listed.text and "<i>Nämnd</i>" not in listed.text
    assert "&lt;b&gt;Fet&lt;/b&gt; dialog" in listed.text


async def test_archived_dialogues_are_hidden_unless_asked_for(client: httpx.AsyncClient) -> None:
    await make_dialogue(title="Pågående")
    archived = await make_dialogue(title="Gammal")
    await register.set_archived(archived, True, ACTOR)

    assert _titles((await client.get("/dialoger")).text) == ["Pågående"]
    only_archived = await client.get("/dialoger", params={"arkiverade": "ja"})
    assert "<h1>Arkiverade dialoger</h1>" in only_archived.text
    assert _titles(only_archived.text) == ["Gammal"]


async def test_sorting_by_title_follows_the_swedish_alphabet(client: httpx.AsyncClient) -> None:
    for title in ("Öppna förskolan", "äldreboende", "Zon", "Åby", "ayla"):
        await make_dialogue(title=title)

    response = await client.get("/dialoger", params={"sortera": "title"})

    assert _titles(response.text) == ["ayla", "Zon", "Åby", "äldreboende", "Öppna förskolan"]


async def test_default_order_is_most_recently_changed_first(client: httpx.AsyncClient) -> None:
    first = await make_dialogue(title="Först")
    await make_dialogue(title="Sedan")
    await register.set_results(first, "Ändrad sist.", ACTOR)

    response = await client.get("/dialoger")

    assert _titles(response.text) == ["Först", "Sedan"]


async def test_sorting_by_feedback_date(client: httpx.AsyncClient) -> None:
    await make_dialogue(state="decided", title="Senare", feedback_due=date(2026, 9, 1))
    await make_dialogue(state="decided", title="Tidigare", feedback_due=date(2026, 5, 1))

    response = await client.get("/dialoger", params={"sortera": "due", "status": "decided"})

    assert _titles(response.text) == ["Tidigare", "Senare"]


async def test_thirty_dialogues_make_two_pages_and_page_links_keep_the_filters(
    client: httpx.AsyncClient,
) -> None:
    for number in range(30):
        await make_dialogue(title=f"Dialog {number:02d}", kind="user")
    await make_dialogue(title="Medborgardialogen", kind="citizen")

    first = await client.get("/dialoger", params={"typ": "user", "sortera": "title"})

    assert _result_count(first.text) == "30 dialoger – sida 1 av 2"
    assert _titles(first.text) == [f"Dialog {n:02d}" for n in range(25)]
    assert _link(first.text, "prev") is None
    next_link = _link(first.text, "next")
    assert next_link == "?typ=user&sortera=title&sida=2"

    second = await client.get("/dialoger" + next_link)
    assert _titles(second.text) == [f"Dialog {n:02d}" for n in range(25, 30)]
    assert _link(second.text, "prev") == "?typ=user&sortera=title&sida=1"
    assert _link(second.text, "next") is None

    past_the_end = await client.get("/dialoger", params={"typ": "user", "sida": "99"})
    assert "sida 2 av 2" in _result_count(past_the_end.text)
    for odd in ("0", "-1", "två", "9" * 40):
        assert (await client.get("/dialoger", params={"sida": odd})).status_code == 200


async def test_an_htmx_filter_request_gets_the_page_with_the_results(
    client: httpx.AsyncClient,
) -> None:
    await make_dialogue(title="Trygghet", kind="user")

    response = await client.get("/dialoger", params={"typ": "user"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert '<div id="results">' in response.text
    assert _titles(response.text) == ["Trygghet"]


async def test_an_anonymous_visitor_is_sent_to_sign_in(anonymous: httpx.AsyncClient) -> None:
    response = await anonymous.get("/dialoger")

    assert response.status_code in (302, 303)
    assert response.headers["location"].startswith("/logga-in")
