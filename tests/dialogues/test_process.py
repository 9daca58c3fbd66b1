"""The governance process over HTTP: each transition, what it records, and what is refused
(409 for a move the state forbids, 422 for missing or wrong input), with nothing changed."""

import asyncio
from datetime import date

import httpx
import pytest

from tests import personas
from tests.support import field_error, field_value, post_form, text_of
from tracker.dialogues import governance, records
from tracker.dialogues.rules import STATE_LABELS, TRANSITIONS, TransitionRefused
from tracker.dialogues.tables import Dialogue

from .factories import (
    ACTOR,
    ClientAs,
    actions,
    change_log,
    make_dialogue,
    session_input,
    stored_dialogue,
)

HTMX = {"HX-Request": "true"}


async def move(
    client: httpx.AsyncClient, dialogue: Dialogue, target: str, **values: str
) -> httpx.Response:
    form = {"seen_state": dialogue.state, "target": target, **values}
    return await post_form(client, f"/dialoger/{dialogue.id}/overgang", form)


def process_error(html: str) -> str:
    """The message shown at the top of the process panel."""
    section = html.split('id="process"')[1].split("</section>")[0]
    return text_of(section.split('class="error-summary" role="alert">')[1].split("</div>")[0])


async def test_starting_the_inquiry(client: httpx.AsyncClient) -> None:
    dialogue = await make_dialogue()
    page = await client.get(f"/dialoger/{dialogue.id}")
    assert "Starta utredningen" in page.text

    response = await move(client, dialogue, "inquiry")

    assert response.status_code == 303
    assert response.headers["location"] == f"/dialoger/{dialogue.id}#process"
    assert (await stored_dialogue(dialogue.id)).state == "inquiry"
    entry = (await change_log(dialogue.id))[-1]
    assert entry["action"] == "state_changed"
    assert entry["summary"] == "Flyttade dialogen från Idé till Utredning."
    assert entry["changes"] == {"state": ["idea", "inquiry"]}
    page = await client.get(f"/dialoger/{dialogue.id}")
    assert "Dialogen är nu i läget Utredning." in text_of(page.text)
    # The board's answers are registered on a page of their own, opened from the dialogue's.
    assert f'href="/dialoger/{dialogue.id}/overgang"' in page.text
    assert "Nämndens två frågor" not in page.text
    form_page = await client.get(f"/dialoger/{dialogue.id}/overgang")
    assert "Nämndens två frågor" in form_page.text


async def test_two_yes_from_the_board_leads_to_a_proposal(client: httpx.AsyncClient) -> None:
    dialogue = await make_dialogue(state="inquiry")

    response = await move(
        client,
        dialogue,
        "",
        needs_knowledge="ja",
        open_to_influence="ja",
        board_answered_on="2026-02-20",
    )

    assert response.status_code == 303
    stored = await stored_dialogue(dialogue.id)
    assert stored.state == "proposal"
    assert (stored.needs_knowledge, stored.open_to_influence) == (True, True)
    assert stored.board_answered_on == date(2026, 2, 20)
    entry = (await change_log(dialogue.id))[-1]
    assert entry["changes"] == {
        "state": ["inquiry", "proposal"],
        "needs_knowledge": [None, True],
        "open_to_influence": [None, True],
        "board_answered_on": [None, "2026-02-20"],
    }
    page = text_of((await client.get(f"/dialoger/{dialogue.id}")).text)
    assert "Behöver mer kunskap: ja. Påverkbar: ja." in page


@pytest.mark.parametrize(("needs", "open_"), [("ja", "nej"), ("nej", "ja"), ("nej", "nej")])
async def test_any_no_from_the_board_means_no_dialogue(
    client: httpx.AsyncClient, needs: str, open_: str
) -> None:
    dialogue = await make_dialogue(state="inquiry")

    # Whatever the form names as target, the two answers decide the way on.
    response = await move(
        client, dialogue, "proposal", needs_knowledge=needs, open_to_influence=open_
    )

    assert response.status_code == 303
    stored = await stored_dialogue(dialogue.id)
    assert stored.state == "no_dialogue"
    assert (stored.needs_knowledge, stored.open_to_influence) == (needs == "ja", open_ == "ja")
    assert stored.board_answered_on is not None  # today, when no date was given
    page = await client.get(f"/dialoger/{dialogue.id}")
    assert "Informationsmöte" in page.text
    assert "Registrera informationsmötet" in page.text


@pytest.mark.parametrize(
    ("answers", "missing"),
    [
        ({}, {"needs_knowledge", "open_to_influence"}),
        ({"needs_knowledge": "ja"}, {"open_to_influence"}),
        ({"needs_knowledge": "kanske", "open_to_influence": "ja"}, {"needs_knowledge"}),
    ],
)
async def test_the_board_must_answer_both_questions(
    client: httpx.AsyncClient, answers: dict[str, str], missing: set[str]
) -> None:
    dialogue = await make_dialogue(state="inquiry")
    logged = len(await change_log(dialogue.id))

    response = await move(client, dialogue, "", **answers)

    assert response.status_code == 422
    for field in missing:
        assert "Svara ja eller nej" in (field_error(response.text, f"tr-{field}") or "")
    if "needs_knowledge" not in missing:
        assert 'id="tr-needs_knowledge-ja" name="needs_knowledge" value="ja" checked' in (
            response.text
        )
    stored = await stored_dialogue(dialogue.id)
    assert stored.state == "inquiry" and stored.needs_knowledge is None
    assert len(await change_log(dialogue.id)) == logged


async def test_a_bad_answer_date_is_explained(client: httpx.AsyncClient) -> None:
    dialogue = await make_dialogue(state="inquiry")

    response = await move(
        client,
        dialogue,
        "",
        needs_knowledge="ja",
        open_to_influence="ja",
        board_answered_on="2026-13-01",
    )

    assert response.status_code == 422
    assert "ÅÅÅÅ-MM-DD" in (field_error(response.text, "tr-board_answered_on") or "")
    assert (await stored_dialogue(dialogue.id)).state == "inquiry"


async def test_the_information_meeting_records_date_and_both_explanations(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(state="no_dialogue")

    response = await move(
        client,
        dialogue,
        "information_meeting",
        info_meeting_on="2026-04-02",
        why_decision="Budgeten var redan beslutad av fullmäktige.",
        why_no_dialogue="Frågan gick inte att påverka.",
    )

    assert response.status_code == 303
    stored = await stored_dialogue(dialogue.id)
    assert stored.state == "information_meeting"
    assert stored.info_meeting_on == date(2026, 4, 2)
    assert stored.why_decision == "Budgeten var redan beslutad av fullmäktige."
    assert stored.why_no_dialogue == "Frågan gick inte att påverka."
    page = text_of((await client.get(f"/dialoger/{dialogue.id}")).text)
    assert "Varför beslutet? Budgeten var redan beslutad av fullmäktige." in page
    assert "Varför ingen dialog? Frågan gick inte att påverka." in page
    assert "Processen är avslutad." in page


async def test_the_information_meeting_needs_what_it_records(client: httpx.AsyncClient) -> None:
    dialogue = await make_dialogue(state="no_dialogue")

    response = await move(
        client,
        dialogue,
        "information_meeting",
        info_meeting_on="",
        why_decision="Ring 08-123 456 78 för frågor",
        why_no_dialogue="Frågan gick inte att påverka.",
    )
    assert response.status_code == 422
    assert "telefonnummer" in (field_error(response.text, "tr-why_decision") or "")
    assert field_value(response.text, "tr-why_no_dialogue") == "Frågan gick inte att påverka."

    response = await move(
        client,
        dialogue,
        "information_meeting",
        info_meeting_on="",
        why_decision="Budgeten var beslutad.",
        why_no_dialogue="Frågan gick inte att påverka.",
    )
    assert response.status_code == 422
    assert field_error(response.text, "tr-info_meeting_on") == "Skriv när informationsmötet hålls."
    assert field_value(response.text, "tr-why_decision") == "Budgeten var beslutad."
    assert (await stored_dialogue(dialogue.id)).state == "no_dialogue"


async def test_the_board_decides_with_date_reference_feedback_date_and_level(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(state="proposal")
    assert dialogue.level_promised is None

    response = await move(
        client,
        dialogue,
        "decided",
        decided_on="2026-03-10",
        decision_reference="KS 2026/0042 § 17",
        feedback_due="2026-06-30",
        level_promised="konsultation",
    )

    assert response.status_code == 303
    stored = await stored_dialogue(dialogue.id)
    assert stored.state == "decided"
    assert stored.decided_on == date(2026, 3, 10)
    assert stored.decision_reference == "KS 2026/0042 § 17"
    assert stored.feedback_due == date(2026, 6, 30)
    assert stored.level_promised == "konsultation"
    entry = (await change_log(dialogue.id))[-1]
    assert entry["changes"]["level_promised"] == [None, "konsultation"]
    assert entry["changes"]["feedback_due"] == [None, "2026-06-30"]


async def test_a_decision_keeps_the_level_already_promised(client: httpx.AsyncClient) -> None:
    dialogue = await make_dialogue(state="proposal", level_promised="inflytande")

    response = await move(
        client,
        dialogue,
        "decided",
        decided_on="2026-03-10",
        decision_reference="KS 2026/0042 § 17",
        feedback_due="2026-06-30",
        level_promised="",
    )

    assert response.status_code == 303
    assert (await stored_dialogue(dialogue.id)).level_promised == "inflytande"


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"decided_on": ""}, "decided_on", "Skriv datum för nämndens beslut."),
        ({"decision_reference": " "}, "decision_reference", "paragraf eller diarienummer"),
        ({"feedback_due": ""}, "feedback_due", "Skriv när återkopplingen ska ske."),
        ({"feedback_due": "2026-03-01"}, "feedback_due", "kan inte ske före beslutet"),
        ({"decided_on": "10 mars"}, "decided_on", "ÅÅÅÅ-MM-DD"),
        ({"level_promised": ""}, "level_promised", "Välj vilken nivå"),
        ({"level_promised": "högst"}, "level_promised", "Välj en nivå i listan."),
    ],
)
async def test_a_decision_with_a_mistake_is_explained_and_nothing_changes(
    client: httpx.AsyncClient, values: dict[str, str], field: str, message: str
) -> None:
    dialogue = await make_dialogue(state="proposal")
    logged = len(await change_log(dialogue.id))
    form = {
        "decided_on": "2026-03-10",
        "decision_reference": "KS 2026/0042 § 17",
        "feedback_due": "2026-06-30",
        "level_promised": "dialog",
        **values,
    }

    response = await move(client, dialogue, "decided", **form)

    assert response.status_code == 422
    assert message in (field_error(response.text, f"tr-{field}") or "")
    assert field_value(response.text, "tr-decision_reference") == form["decision_reference"]
    stored = await stored_dialogue(dialogue.id)
    assert (stored.state, stored.decided_on, stored.level_promised) == ("proposal", None, None)
    assert len(await change_log(dialogue.id)) == logged


async def test_the_board_may_say_no_to_a_proposed_dialogue(client: httpx.AsyncClient) -> None:
    dialogue = await make_dialogue(state="proposal")

    response = await move(client, dialogue, "no_dialogue")

    assert response.status_code == 303
    assert (await stored_dialogue(dialogue.id)).state == "no_dialogue"


async def test_held_needs_a_session_first(client: httpx.AsyncClient) -> None:
    dialogue = await make_dialogue(state="decided")

    refused = await move(client, dialogue, "held")

    assert refused.status_code == 409
    assert "Registrera minst ett dialogtillfälle" in process_error(refused.text)
    assert (await stored_dialogue(dialogue.id)).state == "decided"

    await records.add_session(dialogue, session_input(), ACTOR)
    response = await move(client, dialogue, "held")
    assert response.status_code == 303
    assert (await stored_dialogue(dialogue.id)).state == "held"


async def test_fed_back_needs_feedback_to_residents_and_to_the_board(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(state="held")

    refused = await move(client, dialogue, "fed_back")
    assert refused.status_code == 409
    assert "till invånarna och till nämnden är registrerad" in process_error(refused.text)

    to_residents = {
        "audience": "residents",
        "given_on": "2026-06-01",
        "channel": "web",
        "text": "Ni sa – vi gjorde.",
    }
    await post_form(client, f"/dialoger/{dialogue.id}/aterkoppling", to_residents)
    refused = await move(client, dialogue, "fed_back")
    assert refused.status_code == 409
    assert "återkoppling till nämnden är registrerad" in process_error(refused.text)
    assert (await stored_dialogue(dialogue.id)).state == "held"

    to_board = {"audience": "board", "given_on": "2026-06-10", "reference": "KS 2026/0042 § 40"}
    await post_form(client, f"/dialoger/{dialogue.id}/aterkoppling", to_board)
    response = await move(client, dialogue, "fed_back")
    assert response.status_code == 303
    assert (await stored_dialogue(dialogue.id)).state == "fed_back"
    page = text_of((await client.get(f"/dialoger/{dialogue.id}")).text)
    assert "Processen är avslutad." in page


ILLEGAL = [
    (source, target)
    for source in STATE_LABELS
    for target in (*STATE_LABELS, "okant")
    # Leaving Utredning, the board's two answers decide the target (tested above).
    if target not in TRANSITIONS[source] and source != "inquiry"
]


@pytest.mark.parametrize(("source", "target"), ILLEGAL)
async def test_an_illegal_transition_is_a_conflict_and_changes_nothing(
    client: httpx.AsyncClient, source: str, target: str
) -> None:
    dialogue = await make_dialogue(state=source)
    logged = len(await change_log(dialogue.id))

    response = await move(
        client,
        dialogue,
        target,
        decided_on="2026-03-10",
        decision_reference="KS 1",
        feedback_due="2026-06-30",
        info_meeting_on="2026-04-01",
        why_decision="Därför.",
        why_no_dialogue="Därför.",
    )

    assert response.status_code == 409
    message = process_error(response.text)
    if target in STATE_LABELS:
        assert message == (
            f"En dialog i läget {STATE_LABELS[source]} kan inte gå till {STATE_LABELS[target]}."
        )
    else:
        assert message == "Det tillståndet finns inte."
    stored = await stored_dialogue(dialogue.id)
    assert stored.state == source
    assert (stored.decision_reference, stored.why_decision) == (
        dialogue.decision_reference,
        dialogue.why_decision,
    )
    assert len(await change_log(dialogue.id)) == logged


async def test_a_move_from_a_state_that_has_changed_since_is_refused(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(state="idea")
    seen = dialogue.state
    await governance.transition(dialogue, "inquiry", {}, ACTOR)  # someone else was quicker

    response = await post_form(
        client, f"/dialoger/{dialogue.id}/overgang", {"seen_state": seen, "target": "inquiry"}
    )

    assert response.status_code == 409
    assert "flyttats av någon annan" in process_error(response.text)
    assert (await actions(dialogue.id)).count("state_changed") == 1


async def test_an_htmx_move_gets_the_page_back_after_the_redirect(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(state="decided")

    response = await post_form(
        client,
        f"/dialoger/{dialogue.id}/overgang",
        {"seen_state": "decided", "target": "held"},
        headers=HTMX,
    )

    assert response.status_code == 409
    assert 'id="main"' in response.text


async def test_only_members_and_administrators_may_move_a_dialogue(client_as: ClientAs) -> None:
    dialogue = await make_dialogue()
    for persona in (personas.lo, personas.kim):
        http = client_as(await persona())
        response = await move(http, dialogue, "inquiry")
        assert response.status_code == 403
        page = await http.get(f"/dialoger/{dialogue.id}")
        assert "Starta utredningen" not in page.text
    assert (await stored_dialogue(dialogue.id)).state == "idea"


# --- Delaktighetstrappan: the level achieved, judged after the dialogue -------------------------


async def test_the_achieved_level_is_recorded_after_the_dialogue_and_compared(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(state="held", level_promised="dialog")

    response = await post_form(
        client,
        f"/dialoger/{dialogue.id}/niva",
        {"level_achieved": "konsultation", "read_version": str(dialogue.version)},
    )

    assert response.status_code == 303
    assert response.headers["location"] == f"/dialoger/{dialogue.id}#niva"
    assert (await stored_dialogue(dialogue.id)).level_achieved == "konsultation"
    entry = (await change_log(dialogue.id))[-1]
    assert entry["changes"] == {"level_achieved": [None, "konsultation"]}
    page = text_of((await client.get(f"/dialoger/{dialogue.id}")).text)
    assert "Utlovad nivå Dialog – invånarna får resonera." in page
    assert "Uppnådd nivå Konsultation – invånarna fick tycka Lägre än utlovat" in page

    posted = {"level_achieved": "inflytande", "read_version": str(dialogue.version + 1)}
    await post_form(client, f"/dialoger/{dialogue.id}/niva", posted)
    page = text_of((await client.get(f"/dialoger/{dialogue.id}")).text)
    assert "Uppnådd nivå Inflytande – invånarna fick påverka" in page
    assert "Lägre än utlovat" not in page


async def test_an_unknown_achieved_level_is_refused(client: httpx.AsyncClient) -> None:
    dialogue = await make_dialogue(state="fed_back")

    response = await post_form(client, f"/dialoger/{dialogue.id}/niva", {"level_achieved": "max"})

    assert response.status_code == 422
    assert field_error(response.text, "level_achieved") == "Välj en nivå i listan."
    assert (await stored_dialogue(dialogue.id)).level_achieved is None


@pytest.mark.parametrize("state", ["idea", "proposal", "decided", "information_meeting"])
async def test_the_achieved_level_cannot_be_recorded_before_the_dialogue_is_held(
    client: httpx.AsyncClient, state: str
) -> None:
    dialogue = await make_dialogue(state=state)

    response = await post_form(
        client, f"/dialoger/{dialogue.id}/niva", {"level_achieved": "dialog"}
    )

    assert response.status_code == 409
    assert "Uppnådd nivå registreras när dialogen är genomförd." in text_of(response.text)
    assert (await stored_dialogue(dialogue.id)).level_achieved is None


async def test_the_service_refuses_a_dialogue_read_before_another_move(db: None) -> None:
    dialogue = await make_dialogue(state="idea")
    stale_copy = await stored_dialogue(dialogue.id)
    await governance.transition(dialogue, "inquiry", {}, ACTOR)

    with pytest.raises(TransitionRefused, match="flyttats av någon annan"):
        await governance.transition(
            stale_copy, "inquiry", {}, ACTOR
        )  # read in Idé, now in Utredning

    assert (await actions(dialogue.id)).count("state_changed") == 1


async def test_of_two_simultaneous_moves_one_wins(db: None) -> None:
    dialogue = await make_dialogue(state="inquiry")
    answers = {"needs_knowledge": True, "board_answered_on": date(2026, 2, 20)}

    results = await asyncio.gather(
        governance.transition(dialogue, "proposal", answers | {"open_to_influence": True}, ACTOR),
        governance.transition(
            dialogue, "no_dialogue", answers | {"open_to_influence": False}, ACTOR
        ),
        return_exceptions=True,
    )

    refused = [r for r in results if isinstance(r, TransitionRefused)]
    assert len(refused) == 1 and results.count(None) == 1
    stored = await stored_dialogue(dialogue.id)
    assert stored.state == ("proposal" if results[0] is None else "no_dialogue")
    assert stored.open_to_influence is (results[0] is None)
    assert (await actions(dialogue.id)).count("state_changed") == 2  # Utredning, then one more


@pytest.mark.parametrize(
    ("source", "target"), [("idea", "decided"), ("held", "information_meeting")]
)
async def test_an_illegal_transition_is_a_conflict_even_with_bad_input(
    client: httpx.AsyncClient, source: str, target: str
) -> None:
    dialogue = await make_dialogue(state=source)

    response = await move(
        client, dialogue, target, decided_on="i morgon", why_decision="ring 070-123 45 67"
    )

    assert response.status_code == 409
    assert "kan inte gå till" in process_error(response.text)
    assert (await stored_dialogue(dialogue.id)).state == source


async def test_a_move_can_be_dated_back_but_not_ahead_or_before_the_dialogue_began(
    client: httpx.AsyncClient,
) -> None:
    from tracker.clock import today

    dialogue = await make_dialogue(state="decided")
    await records.add_session(dialogue, session_input(), ACTOR)
    ahead = date.fromordinal(today().toordinal() + 1).isoformat()

    refused = await move(client, dialogue, "held", state_on=ahead)
    assert refused.status_code == 422
    assert "kan inte ligga i framtiden" in (field_error(refused.text, "tr-state_on") or "")
    assert field_value(refused.text, "tr-state_on") == ahead
    refused = await move(client, dialogue, "held", state_on="2000-01-01")
    assert refused.status_code == 422
    assert "då dialogen registrerades" in (field_error(refused.text, "tr-state_on") or "")
    assert (await stored_dialogue(dialogue.id)).state == "decided"

    on = today().isoformat()
    assert (await move(client, dialogue, "held", state_on=on)).status_code == 303
    logged = (await change_log(dialogue.id))[-1]
    assert logged["changes"]["state"] == ["decided", "held"]
    assert logged["changes"]["state_on"] == [None, on]
