"""Registering a dialogue, changing its facts, archiving and restoring it; nothing is deleted."""

import re
from datetime import date

import httpx
import pytest

from tests import personas
from tests.support import field_error, field_value, post_form, text_of
from tracker.accounts.memberships import is_member
from tracker.dialogues import register
from tracker.dialogues.tables import Dialogue

from .factories import (
    ACTOR,
    ClientAs,
    actions,
    change_log,
    dialogue_form,
    make_dialogue,
    stored_dialogue,
)


def edit_form(dialogue: Dialogue, **changes: str) -> dict[str, str]:
    """The edit form as the page fills it in, with some fields changed by the user."""
    values = {
        "read_version": str(dialogue.version),
        "title": dialogue.title,
        "question": dialogue.question,
        "kind": dialogue.kind,
        "board": dialogue.board,
        "department": dialogue.department,
        "idea_source": dialogue.idea_source,
        "purpose": dialogue.purpose,
        "target_groups": dialogue.target_groups,
        "related_decision": dialogue.related_decision,
        "decision_planned_on": (
            dialogue.decision_planned_on.isoformat() if dialogue.decision_planned_on else ""
        ),
        "level_promised": dialogue.level_promised or "",
        "other_methods": "",
    }
    values.update(changes)
    return values


async def test_the_form_offers_every_field_with_a_label(client: httpx.AsyncClient) -> None:
    response = await client.get("/dialoger/ny")

    assert response.status_code == 200
    assert "<h1>Registrera dialog</h1>" in response.text
    for field_id, label in [
        ("title", "Titel"),
        ("question", "Frågeställning"),
        ("board", "Ansvarig nämnd"),
        ("department", "Ansvarig förvaltning"),
        ("purpose", "Syfte"),
        ("target_groups", "Målgrupper"),
        ("related_decision", "Beslut som dialogen ska ge underlag till"),
        ("decision_planned_on", "Planerat datum för beslutet"),
        ("level_promised", "Utlovad nivå på delaktighetstrappan"),
        ("other_methods", "Andra metoder"),
    ]:
        assert re.search(rf'<label class="label" for="{field_id}">{label}', response.text), label
    assert 'id="kind-citizen" name="kind" value="citizen" checked' in response.text
    assert "Brukardialog" in response.text
    assert 'id="idea_source-politician"' in response.text
    # Methods are suggested per level of the ladder.
    assert 'name="methods" value="Enkät"' in response.text
    assert 'name="methods" value="Medborgarbudget"' in response.text
    assert "Skriv inte namn, telefonnummer" in response.text


async def test_a_valid_dialogue_is_registered_as_an_idea(client: httpx.AsyncClient) -> None:
    form = list(dialogue_form(other_methods="Promenad med kartor").items())
    form += [("methods", "Open space"), ("methods", "Cafémetoden")]

    response = await post_form(client, "/dialoger", form)

    assert response.status_code == 303
    stored = await Dialogue.objects().first()
    assert stored is not None
    assert response.headers["location"] == f"/dialoger/{stored.id}"
    assert stored.title == "Ny lekplats i Enebyberg"
    assert stored.question == "Hur vill barn och föräldrar använda den nya lekplatsen?"
    assert (stored.kind, stored.idea_source, stored.state) == ("citizen", "resident", "idea")
    assert stored.board == "Tekniska nämnden"
    assert stored.department == "Miljö- och stadsbyggnadsförvaltningen"
    assert stored.purpose == "Underlag till utformningen av lekplatsen."
    assert stored.target_groups == "Barn 3–12 år och deras föräldrar"
    assert stored.related_decision == "Investeringsbeslut för lekplatsen"
    assert stored.decision_planned_on == date(2026, 10, 15)
    assert stored.level_promised == "dialog"
    assert register.methods_of(stored) == ["Open space", "Cafémetoden", "Promenad med kartor"]
    entries = await change_log(stored.id)
    assert [e["action"] for e in entries] == ["created"]
    assert entries[0]["actor"] == "Testanvändare"

    page = await client.get(response.headers["location"])
    text = text_of(page.text)
    assert "Dialogen är registrerad som idé." in text
    assert "Open space, Cafémetoden, Promenad med kartor" in text
    assert "Dialog – invånarna får resonera." in text


async def test_missing_and_malformed_input_is_explained_and_kept(client: httpx.AsyncClient) -> None:
    form = dialogue_form(
        title="",
        question="",
        kind="folkomröstning",
        decision_planned_on="15 oktober",
        level_promised="allt",
        purpose="Ring Anna på 070-123 45 67",
    )

    response = await post_form(client, "/dialoger", [*form.items(), ("methods", "Enkät")])

    assert response.status_code == 422
    assert field_error(response.text, "title") == "Skriv dialogens titel."
    assert field_error(response.text, "question") == "Skriv frågeställningen."
    assert "brukardialog" in (field_error(response.text, "kind") or "")
    assert "ÅÅÅÅ-MM-DD" in (field_error(response.text, "decision_planned_on") or "")
    assert field_error(response.text, "level_promised") == "Välj en nivå i listan."
    assert "telefonnummer" in (field_error(response.text, "purpose") or "")
    assert field_value(response.text, "decision_planned_on") == "15 oktober"
    assert field_value(response.text, "purpose") == "Ring Anna på 070-123 45 67"
    assert field_value(response.text, "board") == "Tekniska nämnden"
    assert 'name="methods" value="Enkät" checked' in response.text
    assert "Rätta felen nedan" in response.text
    assert await Dialogue.count() == 0


async def test_a_post_without_the_security_token_changes_nothing(client: httpx.AsyncClient) -> None:
    response = await client.post("/dialoger", data=dialogue_form())

    assert response.status_code == 403
    assert await Dialogue.count() == 0


async def test_an_editor_who_registers_becomes_a_member_and_may_edit(client_as: ClientAs) -> None:
    robin = await personas.robin()
    http = client_as(robin)

    response = await post_form(http, "/dialoger", dialogue_form())

    assert response.status_code == 303
    stored = await Dialogue.objects().first()
    assert stored is not None
    assert await is_member(robin, register.ENTITY, stored.id)
    page = await http.get(f"/dialoger/{stored.id}")
    assert "Robin Redaktör" in text_of(page.text)
    assert f'href="/dialoger/{stored.id}/redigera"' in page.text
    assert (await http.get(f"/dialoger/{stored.id}/redigera")).status_code == 200


async def test_a_reader_may_not_register_or_edit(client_as: ClientAs) -> None:
    dialogue = await make_dialogue()
    reader = client_as(await personas.lo())

    assert (await reader.get("/dialoger/ny")).status_code == 403
    assert (await post_form(reader, "/dialoger", dialogue_form())).status_code == 403
    assert (await reader.get(f"/dialoger/{dialogue.id}/redigera")).status_code == 403
    edited = await post_form(
        reader, f"/dialoger/{dialogue.id}/redigera", edit_form(dialogue, title="Nytt")
    )
    assert edited.status_code == 403
    assert (await stored_dialogue(dialogue.id)).title == dialogue.title
    page = await reader.get(f"/dialoger/{dialogue.id}")
    assert page.status_code == 200
    assert f'href="/dialoger/{dialogue.id}/redigera"' not in page.text
    assert "<form" not in page.text.split('id="process"')[1].split("</section>")[0]


async def test_an_editor_who_is_not_a_member_may_not_edit(client_as: ClientAs) -> None:
    dialogue = await make_dialogue()
    kim = client_as(await personas.kim())

    response = await post_form(
        kim, f"/dialoger/{dialogue.id}/redigera", edit_form(dialogue, title="Nytt")
    )

    assert response.status_code == 403
    assert (await stored_dialogue(dialogue.id)).title == dialogue.title


async def test_the_edit_form_shows_the_stored_values(client: httpx.AsyncClient) -> None:
    dialogue = await make_dialogue(
        title="Trygghet & belysning",
        level_promised="konsultation",
        methods=["Enkät", "Trygghetsvandring"],
    )

    response = await client.get(f"/dialoger/{dialogue.id}/redigera")

    assert response.status_code == 200
    assert "<h1>Ändra dialogen</h1>" in response.text
    assert f'action="/dialoger/{dialogue.id}/redigera"' in response.text
    assert field_value(response.text, "title") == "Trygghet & belysning"
    assert field_value(response.text, "board") == "Kommunstyrelsen"
    assert field_value(response.text, "decision_planned_on") == "2026-09-01"
    assert field_value(response.text, "purpose") == dialogue.purpose
    assert '<option value="konsultation" selected>' in response.text
    assert 'name="methods" value="Enkät" checked' in response.text
    assert field_value(response.text, "other_methods") == "Trygghetsvandring"


async def test_a_change_is_saved_and_logged_with_before_and_after(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue()

    response = await post_form(
        client,
        f"/dialoger/{dialogue.id}/redigera",
        [
            *edit_form(dialogue, title="Trygghet i hela kommunen", kind="user").items(),
            ("methods", "Enkät"),
        ],
    )

    assert response.status_code == 303
    assert response.headers["location"] == f"/dialoger/{dialogue.id}"
    stored = await stored_dialogue(dialogue.id)
    assert (stored.title, stored.kind) == ("Trygghet i hela kommunen", "user")
    assert register.methods_of(stored) == ["Enkät"]
    entry = (await change_log(dialogue.id))[-1]
    assert entry["action"] == "updated"
    assert entry["changes"] == {
        "title": ["Trygghet i centrum", "Trygghet i hela kommunen"],
        "kind": ["citizen", "user"],
        "methods": [[], ["Enkät"]],
    }
    assert entry["summary"] == "Ändrade titel, typ, metoder."
    page = await client.get(f"/dialoger/{dialogue.id}")
    assert "Ändringarna är sparade." in text_of(page.text)
    # The register finds it by its new title.
    assert "Trygghet i hela kommunen" in (await client.get("/dialoger?q=hela")).text


async def test_saving_without_changes_logs_nothing(client: httpx.AsyncClient) -> None:
    dialogue = await make_dialogue()

    response = await post_form(client, f"/dialoger/{dialogue.id}/redigera", edit_form(dialogue))

    assert response.status_code == 303
    assert await actions(dialogue.id) == ["created"]
    assert "Inget ändrades." in text_of((await client.get(f"/dialoger/{dialogue.id}")).text)


async def test_a_bad_change_is_explained_and_nothing_is_saved(client: httpx.AsyncClient) -> None:
    dialogue = await make_dialogue()

    response = await post_form(
        client,
        f"/dialoger/{dialogue.id}/redigera",
        edit_form(dialogue, title="Nytt", board="", target_groups="Mejla ola@example.se"),
    )

    assert response.status_code == 422
    assert field_error(response.text, "board") == "Skriv vilken nämnd som är avsändare."
    assert "e-postadress" in (field_error(response.text, "target_groups") or "")
    assert field_value(response.text, "title") == "Nytt"
    assert (await stored_dialogue(dialogue.id)).title == "Trygghet i centrum"
    assert await actions(dialogue.id) == ["created"]


@pytest.mark.parametrize("state", ["idea", "inquiry", "proposal"])
async def test_the_promised_level_may_change_before_the_decision(
    client: httpx.AsyncClient, state: str
) -> None:
    dialogue = await make_dialogue(state=state, level_promised="dialog")

    response = await post_form(
        client,
        f"/dialoger/{dialogue.id}/redigera",
        edit_form(dialogue, level_promised="inflytande"),
    )

    assert response.status_code == 303
    assert (await stored_dialogue(dialogue.id)).level_promised == "inflytande"


@pytest.mark.parametrize("state", ["decided", "held", "fed_back"])
async def test_the_promised_level_is_fixed_after_the_decision(
    client: httpx.AsyncClient, state: str
) -> None:
    dialogue = await make_dialogue(state=state, level_promised="dialog")

    form = await client.get(f"/dialoger/{dialogue.id}/redigera")
    assert "den utlovade nivån ligger fast" in text_of(form.text)
    assert '<input type="hidden" name="level_promised" value="dialog">' in form.text

    for changed in ("information", ""):
        response = await post_form(
            client,
            f"/dialoger/{dialogue.id}/redigera",
            edit_form(dialogue, title="Nytt namn", level_promised=changed),
        )
        assert response.status_code == 422
        assert "kan inte ändras i efterhand" in (field_error(response.text, "level_promised") or "")
    stored = await stored_dialogue(dialogue.id)
    assert (stored.level_promised, stored.title) == ("dialog", "Trygghet i centrum")

    unchanged_level = await post_form(
        client, f"/dialoger/{dialogue.id}/redigera", edit_form(dialogue, title="Nytt namn")
    )
    assert unchanged_level.status_code == 303
    assert (await stored_dialogue(dialogue.id)).title == "Nytt namn"


@pytest.mark.parametrize("dialogue_id", ["999", "0", "-1", str(2**31), str(2**70)])
@pytest.mark.parametrize("suffix", ["", "/redigera", "/arkivera"])
async def test_an_unknown_dialogue_is_not_found(
    client: httpx.AsyncClient, dialogue_id: str, suffix: str
) -> None:
    response = await client.get(f"/dialoger/{dialogue_id}{suffix}")

    assert response.status_code == 404
    assert "Sidan finns inte" in text_of(response.text)


@pytest.mark.parametrize(
    "suffix",
    [
        "/redigera",
        "/overgang",
        "/niva",
        "/tillfallen",
        "/resultat",
        "/dokument",
        "/aterkoppling",
        "/checklista",
        "/projekt",
        "/projekt/1/ta-bort",
        "/medlemmar",
        "/medlemmar/1/ta-bort",
        "/arkivera",
        "/aterstall",
    ],
)
async def test_a_form_posted_to_an_unknown_dialogue_is_not_found(
    client: httpx.AsyncClient, suffix: str
) -> None:
    response = await post_form(client, f"/dialoger/{2**31}{suffix}", {"title": "x"})

    assert response.status_code == 404
    assert await Dialogue.count() == 0


async def test_archiving_asks_first_then_hides_but_keeps_everything(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(state="held", title="Gammal dialog")

    confirm = await client.get(f"/dialoger/{dialogue.id}/arkivera")
    assert confirm.status_code == 200
    assert "Vill du arkivera ”Gammal dialog”?" in text_of(confirm.text)
    assert "Ingenting raderas" in text_of(confirm.text)

    response = await post_form(client, f"/dialoger/{dialogue.id}/arkivera", {})
    assert response.status_code == 303
    stored = await stored_dialogue(dialogue.id)
    assert stored.archived_at is not None and stored.state == "held"
    assert "Gammal dialog" not in (await client.get("/dialoger")).text
    page = await client.get(f"/dialoger/{dialogue.id}")
    assert page.status_code == 200
    assert "Dialogen är arkiverad" in text_of(page.text)
    assert "Totalt 24 deltagare vid 1 tillfälle" in text_of(page.text)

    again = await post_form(client, f"/dialoger/{dialogue.id}/arkivera", {})
    assert again.status_code == 303
    assert (await actions(dialogue.id)).count("archived") == 1

    restored = await post_form(client, f"/dialoger/{dialogue.id}/aterstall", {})
    assert restored.status_code == 303
    assert (await stored_dialogue(dialogue.id)).archived_at is None
    assert "Gammal dialog" in (await client.get("/dialoger")).text
    assert (await actions(dialogue.id))[-2:] == ["archived", "restored"]
    assert await Dialogue.count() == 1


async def test_the_change_log_on_the_page_says_who_did_what(client: httpx.AsyncClient) -> None:
    dialogue = await make_dialogue(state="inquiry")
    await register.set_results(dialogue, "Sammanfattning.", ACTOR)

    page = await client.get(f"/dialoger/{dialogue.id}")

    text = text_of(page.text)
    assert "Ändringslogg (3)" in text
    assert "Testanvändare Ändrade resultat." in text
    assert "Testanvändare Flyttade dialogen från Idé till Utredning." in text
    assert "Testanvändare Registrerade dialogen som idé." in text
