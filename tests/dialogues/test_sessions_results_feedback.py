"""Sessions with aggregate participation only, results and documents, and feedback to residents
and to the board: what is stored and shown, and how bad input is explained."""

import re
from datetime import date

import httpx
import pytest

from tests import personas
from tests.factories import ACTOR
from tests.support import field_error, field_value, post_form, text_of
from tracker.dialogues.tables import DialogueDocument, DialogueFeedback, DialogueSession
from tracker.insights.feedback import add_feedback

from .factories import (
    ClientAs,
    actions,
    change_log,
    feedback_input,
    make_dialogue,
    stored_dialogue,
)


def session_form(**overrides: str) -> dict[str, str]:
    values = {
        "held_on": "2026-04-20",
        "place": "Biblioteket i centrum",
        "method": "Cafémetoden",
        "participants": "31",
        "breakdown_age": "13–19 år: 12\n20–64 år: 15",
        "breakdown_area": "Centrum: 20\nEnebyberg: 9",
        "breakdown_group": "",
    }
    values.update(overrides)
    return values


def section(html: str, section_id: str) -> str:
    return text_of(html.split(f'id="{section_id}"')[1].split("</section>")[0])


async def test_a_session_is_stored_as_numbers_and_shown_with_its_breakdowns(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(state="decided")

    response = await post_form(client, f"/dialoger/{dialogue.id}/tillfallen", session_form())

    assert response.status_code == 303
    assert response.headers["location"] == f"/dialoger/{dialogue.id}#tillfallen"
    rows = await DialogueSession.select().output(load_json=True)
    assert len(rows) == 1
    row = rows[0]
    assert row["held_on"] == date(2026, 4, 20)
    assert (row["place"], row["method"], row["participants"]) == (
        "Biblioteket i centrum",
        "Cafémetoden",
        31,
    )
    assert row["breakdown"] == {
        "age": {"13–19 år": 12, "20–64 år": 15},
        "area": {"Centrum": 20, "Enebyberg": 9},
    }
    assert row["created_by"] == "Testanvändare"
    entry = (await change_log(dialogue.id))[-1]
    assert entry["action"] == "session_added"
    assert (
        entry["summary"]
        == "Registrerade ett dialogtillfälle 2026-04-20 (Cafémetoden, 31 deltagare)."
    )

    await post_form(
        client,
        f"/dialoger/{dialogue.id}/tillfallen",
        session_form(
            held_on="2026-05-02", participants="1 200", breakdown_age="", breakdown_area=""
        ),
    )
    page = await client.get(f"/dialoger/{dialogue.id}")
    text = section(page.text, "tillfallen")
    assert "Totalt 1 231 deltagare vid 2 tillfällen" in text
    assert "2026-04-20 Biblioteket i centrum Cafémetoden 31 Ålder: 13–19 år 12, 20–64 år 15" in text
    assert "Område: Centrum 20, Enebyberg 9" in text
    assert "Dialogtillfället är sparat." in text_of(page.text)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("held_on", "", "Skriv när tillfället hölls."),
        ("held_on", "2026-04-31", "Datumet finns inte"),
        ("participants", "", "Skriv hur många som deltog."),
        ("participants", "-5", "Skriv ett heltal mellan 0 och 1 000 000."),
        ("participants", "2,5", "heltal"),
        ("participants", "9" * 30, "heltal"),
        ("method", "", "Skriv vilken metod som användes."),
        ("place", "Hos Anna, anna@example.se", "e-postadress"),
        ("breakdown_age", "unga vuxna", "Rad 1 ska se ut som ”13–19 år: 12”"),
        ("breakdown_age", "Anna Svensson, 34 år", "”Anna Svensson” ser ut som ett namn"),
        ("breakdown_area", "Centrum: 40", "Summan (40) är större än antalet deltagare (31)."),
        ("breakdown_group", "Ring 070-123 45 67: 1", "telefonnummer"),
    ],
)
async def test_a_session_with_a_mistake_is_explained_and_kept(
    client: httpx.AsyncClient, field: str, value: str, message: str
) -> None:
    dialogue = await make_dialogue(state="decided")

    response = await post_form(
        client, f"/dialoger/{dialogue.id}/tillfallen", session_form(**{field: value})
    )

    assert response.status_code == 422
    assert message in (field_error(response.text, f"s-{field}") or "")
    assert field_value(response.text, f"s-{field}") == value
    assert field_value(response.text, "s-method") == ("" if field == "method" else "Cafémetoden")
    assert await DialogueSession.count() == 0
    assert "session_added" not in await actions(dialogue.id)


async def test_the_session_form_never_asks_for_names(client: httpx.AsyncClient) -> None:
    dialogue = await make_dialogue(state="decided")

    page = await client.get(f"/dialoger/{dialogue.id}/tillfallen/ny")

    text = section(page.text, "nytt-tillfalle")
    assert "Bara antal – aldrig namn." in text
    form = page.text.split(f'action="/dialoger/{dialogue.id}/tillfallen"')[1].split("</form>")[0]
    fields = set(re.findall(r'name="([^"]+)"', form))
    assert fields == {
        "_csrf_token",
        "once",  # the form's one-time key
        "held_on",
        "participants",
        "place",
        "method",
        "breakdown_age",
        "breakdown_area",
        "breakdown_group",
    }


async def test_results_are_saved_and_refuse_personal_data(client: httpx.AsyncClient) -> None:
    dialogue = await make_dialogue(state="held")

    refused = await post_form(
        client,
        f"/dialoger/{dialogue.id}/resultat",
        {"results_summary": "Kalle, 19800101-1234, vill ha fler bänkar."},
    )
    assert refused.status_code == 422
    assert "personnummer" in (field_error(refused.text, "r-results_summary") or "")
    assert field_value(refused.text, "r-results_summary") == (
        "Kalle, 19800101-1234, vill ha fler bänkar."
    )
    assert (await stored_dialogue(dialogue.id)).results_summary == ""

    response = await post_form(
        client,
        f"/dialoger/{dialogue.id}/resultat",
        {
            "results_summary": "Många vill ha bättre belysning.\nUnga saknar mötesplatser.",
            "read_version": str(dialogue.version),
        },
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/dialoger/{dialogue.id}#resultat"
    stored = await stored_dialogue(dialogue.id)
    assert stored.results_summary == "Många vill ha bättre belysning.\nUnga saknar mötesplatser."
    assert (await change_log(dialogue.id))[-1]["changes"] == {
        "results_summary": ["", "Många vill ha bättre belysning.\nUnga saknar mötesplatser."]
    }
    page = await client.get(f"/dialoger/{dialogue.id}")
    assert "Många vill ha bättre belysning." in section(page.text, "resultat")
    form = await client.get(f"/dialoger/{dialogue.id}/resultat")
    assert field_value(form.text, "r-results_summary") == stored.results_summary

    unchanged = await post_form(
        client,
        f"/dialoger/{dialogue.id}/resultat",
        {"results_summary": stored.results_summary, "read_version": str(stored.version)},
    )
    assert unchanged.status_code == 303
    assert (await actions(dialogue.id)).count("updated") == 1


async def test_too_long_results_are_refused(client: httpx.AsyncClient) -> None:
    dialogue = await make_dialogue(state="held")

    response = await post_form(
        client, f"/dialoger/{dialogue.id}/resultat", {"results_summary": "x" * 10001}
    )

    assert response.status_code == 422
    assert "högst 10000 tecken" in (field_error(response.text, "r-results_summary") or "")


async def test_a_document_is_added_with_title_date_and_link(client: httpx.AsyncClient) -> None:
    dialogue = await make_dialogue(state="held")

    response = await post_form(
        client,
        f"/dialoger/{dialogue.id}/dokument",
        {
            "title": "Sammanställning av svaren",
            "document_date": "2026-05-02",
            "link": "https://diariet.kommun.example/ks-2026-42?id=7&del=2",
        },
    )

    assert response.status_code == 303
    row = await DialogueDocument.select().first()
    assert row is not None
    assert (row["title"], row["document_date"]) == ("Sammanställning av svaren", date(2026, 5, 2))
    assert (await change_log(dialogue.id))[-1]["summary"] == (
        "Lade till dokumentet ”Sammanställning av svaren”."
    )
    page = await client.get(f"/dialoger/{dialogue.id}")
    assert (
        '<a href="https://diariet.kommun.example/ks-2026-42?id=7&amp;del=2" '
        'rel="noopener noreferrer">Sammanställning av svaren</a> (2026-05-02)'
    ) in page.text

    without_link = await post_form(
        client,
        f"/dialoger/{dialogue.id}/dokument",
        {"title": "Protokoll", "document_date": "2026-05-03", "link": ""},
    )
    assert without_link.status_code == 303
    assert "Protokoll (2026-05-03)" in section(
        (await client.get(f"/dialoger/{dialogue.id}")).text, "resultat"
    )


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"link": "javascript:alert(1)"}, "link", "börjar med https://"),
        ({"link": "data:text/html,<b>x</b>"}, "link", "börjar med https://"),
        ({"link": "diariet.kommun.example"}, "link", "börjar med https://"),
        ({"title": ""}, "title", "Skriv dokumentets titel."),
        ({"document_date": ""}, "document_date", "Skriv dokumentets datum."),
    ],
)
async def test_a_bad_document_is_explained_and_nothing_is_added(
    client: httpx.AsyncClient, values: dict[str, str], field: str, message: str
) -> None:
    dialogue = await make_dialogue(state="held")
    form = {
        "title": "Rapport",
        "document_date": "2026-05-02",
        "link": "https://a.example",
        **values,
    }

    response = await post_form(client, f"/dialoger/{dialogue.id}/dokument", form)

    assert response.status_code == 422
    assert message in (field_error(response.text, f"d-{field}") or "")
    assert field_value(response.text, f"d-{field}") == form[field]
    assert await DialogueDocument.count() == 0
    assert 'href="javascript:' not in response.text


async def test_feedback_to_residents_and_to_the_board_is_shown_apart(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(state="held")

    residents = await post_form(
        client,
        f"/dialoger/{dialogue.id}/aterkoppling",
        {
            "audience": "residents",
            "given_on": "2026-06-01",
            "channel": "letter",
            "text": "Ni sa att belysningen är viktig.\nNu byggs den ut.",
            "reference": "ignoreras",
        },
    )
    board = await post_form(
        client,
        f"/dialoger/{dialogue.id}/aterkoppling",
        {
            "audience": "board",
            "given_on": "2026-06-10",
            "reference": "KS 2026/0042 § 40",
            "channel": "web",
        },
    )

    assert residents.status_code == board.status_code == 303
    assert residents.headers["location"] == f"/dialoger/{dialogue.id}#aterkoppling"
    rows = await DialogueFeedback.select().order_by(DialogueFeedback.id)
    assert [(r["audience"], r["channel"], r["reference"]) for r in rows] == [
        ("residents", "letter", ""),
        ("board", "", "KS 2026/0042 § 40"),
    ]
    assert (await actions(dialogue.id))[-2:] == ["feedback_added", "feedback_added"]
    assert (await change_log(dialogue.id))[-1]["summary"] == (
        "Registrerade återkoppling till nämnden 2026-06-10."
    )
    text = section((await client.get(f"/dialoger/{dialogue.id}")).text, "aterkoppling")
    assert "Till invånarna 2026-06-01 · Brev Ni sa att belysningen är viktig. Nu byggs den ut." in (
        text
    )
    assert "Till nämnden 2026-06-10 · KS 2026/0042 § 40" in text


@pytest.mark.parametrize(
    ("values", "errors"),
    [
        ({}, {"audience", "given_on"}),
        ({"audience": "residents", "given_on": "2026-06-01"}, {"channel", "text"}),
        (
            {"audience": "residents", "given_on": "2026-06-01", "channel": "sms", "text": "Hej"},
            {"channel"},
        ),
        (
            {
                "audience": "residents",
                "given_on": "2026-06-01",
                "channel": "web",
                "text": "Tack Anna (anna@example.se)!",
            },
            {"text"},
        ),
        ({"audience": "board", "given_on": "2026-06-01"}, {"reference"}),
        ({"audience": "board", "given_on": "1 juni", "reference": "KS 1"}, {"given_on"}),
    ],
)
async def test_bad_feedback_is_explained_and_nothing_is_stored(
    client: httpx.AsyncClient, values: dict[str, str], errors: set[str]
) -> None:
    dialogue = await make_dialogue(state="held")

    response = await post_form(client, f"/dialoger/{dialogue.id}/aterkoppling", values)

    assert response.status_code == 422
    for field in errors:
        assert field_error(response.text, f"f-{field}"), field
    if "text" in values:
        assert field_value(response.text, "f-text") == values["text"]
    assert await DialogueFeedback.count() == 0


@pytest.mark.parametrize(
    ("suffix", "form"),
    [
        ("/tillfallen", session_form()),
        ("/resultat", {"results_summary": "Text"}),
        ("/dokument", {"title": "Rapport", "document_date": "2026-05-02", "link": ""}),
        ("/aterkoppling", {"audience": "board", "given_on": "2026-06-01", "reference": "KS 1"}),
        ("/niva", {"level_achieved": "dialog"}),
    ],
)
async def test_readers_and_editors_who_are_not_members_may_not_record(
    client_as: ClientAs, suffix: str, form: dict[str, str]
) -> None:
    dialogue = await make_dialogue(state="held")
    logged = len(await change_log(dialogue.id))
    for persona in (personas.lo, personas.kim):
        http = client_as(await persona())
        response = await post_form(http, f"/dialoger/{dialogue.id}{suffix}", form)
        assert response.status_code == 403
    assert len(await change_log(dialogue.id)) == logged


@pytest.mark.parametrize(
    "state", ["idea", "inquiry", "proposal", "no_dialogue", "information_meeting"]
)
async def test_sessions_and_feedback_wait_for_the_boards_decision(
    client: httpx.AsyncClient, state: str
) -> None:
    dialogue = await make_dialogue(state=state)
    page = await client.get(f"/dialoger/{dialogue.id}")
    assert f'action="/dialoger/{dialogue.id}/tillfallen"' not in page.text
    assert f'action="/dialoger/{dialogue.id}/aterkoppling"' not in page.text
    assert "Dialogtillfällen registreras när nämnden har beslutat" in text_of(page.text)

    session = await post_form(client, f"/dialoger/{dialogue.id}/tillfallen", session_form())
    feedback = await post_form(
        client,
        f"/dialoger/{dialogue.id}/aterkoppling",
        {"audience": "board", "given_on": "2026-06-01", "reference": "KS 1"},
    )

    assert session.status_code == feedback.status_code == 409
    assert "Dialogtillfällen registreras när nämnden har beslutat att dialogen ska genomföras." in (
        section(session.text, "nytt-tillfalle")
    )
    assert "Återkoppling registreras när nämnden har beslutat" in section(
        feedback.text, "ny-aterkoppling"
    )
    assert await DialogueSession.count() == 0
    assert await DialogueFeedback.count() == 0


@pytest.mark.parametrize("state", ["decided", "held", "fed_back"])
async def test_sessions_and_feedback_once_the_board_has_decided(
    client: httpx.AsyncClient, state: str
) -> None:
    dialogue = await make_dialogue(state=state)
    sessions, feedback = await DialogueSession.count(), await DialogueFeedback.count()

    session = await post_form(client, f"/dialoger/{dialogue.id}/tillfallen", session_form())
    given = await post_form(
        client,
        f"/dialoger/{dialogue.id}/aterkoppling",
        {"audience": "board", "given_on": "2026-06-01", "reference": "KS 1"},
    )

    assert session.status_code == given.status_code == 303
    assert await DialogueSession.count() == sessions + 1
    assert await DialogueFeedback.count() == feedback + 1


async def test_a_civil_society_partner_is_recorded_as_the_channel(
    client: httpx.AsyncClient,
) -> None:
    from tests.collaborations.factories import make_collaboration
    from tracker.collaborations.links import link_dialogue

    dialogue = await make_dialogue(state="held")
    collaboration = await make_collaboration(title="Dialogforum med föräldraföreningarna")
    await link_dialogue(collaboration, dialogue.id, ACTOR)
    page = await client.get(f"/dialoger/{dialogue.id}/aterkoppling/ny")
    assert "Dialogforum med föräldraföreningarna" in section(page.text, "ny-aterkoppling")

    response = await post_form(
        client,
        f"/dialoger/{dialogue.id}/aterkoppling",
        {
            "audience": "residents",
            "given_on": "2026-06-01",
            "channel": "partner",
            "partner": str(collaboration.id),
            "text": "Föreningarna berättade på sina möten vad som blev av förslagen.",
        },
    )

    assert response.status_code == 303
    text = section((await client.get(f"/dialoger/{dialogue.id}")).text, "aterkoppling")
    assert "2026-06-01 · Via en civilsamhällespartner: Dialogforum med föräldraföreningarna" in text
    collaboration_page = text_of((await client.get(f"/samverkan/{collaboration.id}")).text)
    assert "förde återkopplingen till invånarna 2026-06-01" in collaboration_page


async def test_a_partner_channel_needs_a_linked_collaboration_chosen(
    client: httpx.AsyncClient,
) -> None:
    from tests.collaborations.factories import make_collaboration
    from tracker.collaborations.links import link_dialogue

    dialogue = await make_dialogue(state="held")
    form = {
        "audience": "residents",
        "given_on": "2026-06-01",
        "channel": "partner",
        "text": "Föreningarna berättade.",
    }

    unlinked = await post_form(client, f"/dialoger/{dialogue.id}/aterkoppling", form)
    assert unlinked.status_code == 422
    assert "inte kopplad till någon samverkan" in field_error(unlinked.text, "f-channel")

    linked = await make_collaboration(title="Referensgrupp")
    other = await make_collaboration(title="Annan samverkan")
    await link_dialogue(linked, dialogue.id, ACTOR)
    for partner in ("", str(other.id), "x"):
        response = await post_form(
            client, f"/dialoger/{dialogue.id}/aterkoppling", form | {"partner": partner}
        )
        assert response.status_code == 422
        assert "Välj vilken samverkan" in field_error(response.text, "f-partner")
        assert field_value(response.text, "f-text") == "Föreningarna berättade."
    assert await DialogueFeedback.count() == 0


async def test_with_both_feedbacks_registered_the_move_to_aterkopplad_is_offered_beside_them(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(state="held", feedback_due=date(2026, 8, 1))
    await add_feedback(dialogue, feedback_input("residents"), ACTOR)
    before = (await client.get(f"/dialoger/{dialogue.id}")).text
    assert 'id="klar-att-aterkopplas"' not in before  # the board is not told yet
    await add_feedback(dialogue, feedback_input("board"), ACTOR)

    page = (await client.get(f"/dialoger/{dialogue.id}")).text
    section = page.split('id="aterkoppling"')[1]
    assert 'id="klar-att-aterkopplas"' in section
    moved = await post_form(
        client,
        f"/dialoger/{dialogue.id}/overgang",
        {"seen_state": "held", "target": "fed_back"},
    )
    assert moved.status_code == 303
    assert (await stored_dialogue(dialogue.id)).state == "fed_back"
