"""Capturing evidence and insights on a dialogue's, a collaboration's and a project's page."""

from __future__ import annotations

import httpx

from tests.collaborations.factories import make_collaboration
from tests.dialogues.factories import make_dialogue
from tests.factories import make_project
from tests.support import field_error, field_value, post_form, text_of
from tracker.audit.tables import ChangeLogEntry
from tracker.insights.tables import Evidence, Insight, InsightEvidence, Theme
from tracker.phases.catalogue import PhaseCatalogue

from .factories import evidence_from


async def test_several_pieces_of_evidence_are_added_in_a_row(client: httpx.AsyncClient) -> None:
    dialogue = await make_dialogue(state="held")
    url = f"/dialoger/{dialogue.id}/underlag"

    first = await post_form(
        client,
        url,
        {"text": "Det är mörkt vid busshållplatsen.", "speaker_category": "ung, 13–19 år"},
    )
    second = await post_form(
        client,
        url,
        {"text": "Vi går omvägar på kvällen.", "speaker_category": "förälder", "internal": "ja"},
        headers={"hx-request": "true"},
    )

    assert first.status_code == 303
    assert first.headers["location"] == f"/dialoger/{dialogue.id}?sparat=underlag#underlag"
    assert second.status_code == 303
    page = await client.get(f"/dialoger/{dialogue.id}?sparat=underlag")
    text = text_of(page.text)
    assert "Underlag (2)" in text
    assert "Det är mörkt vid busshållplatsen. ung, 13–19 år" in text
    assert "Vi går omvägar på kvällen. förälder · Intern" in text
    assert 'id="ev-text" name="text" rows="3" required autofocus' in page.text  # ready for the next
    rows = await Evidence.select(Evidence.source_type, Evidence.internal).order_by(Evidence.id)
    assert rows == [
        {"source_type": "dialogue", "internal": False},
        {"source_type": "dialogue", "internal": True},
    ]
    logged = await ChangeLogEntry.count().where(ChangeLogEntry.action == "evidence_added")
    assert logged == 2


HTMX_SECTION = {"hx-request": "true", "hx-target": "underlag"}


async def test_an_htmx_save_brings_its_confirmation_beside_the_saved_form(
    client: httpx.AsyncClient,
) -> None:
    """htmx swaps only the section: the confirmation comes in it, a live region right before
    the form that was saved (tracker.js focuses it), and is not shown again on the next page."""
    dialogue = await make_dialogue(state="held")
    saved = await post_form(
        client,
        f"/dialoger/{dialogue.id}/underlag",
        {"text": "Det är mörkt vid busshållplatsen.", "speaker_category": "ung, 13–19 år"},
        headers={"hx-request": "true"},
    )
    # The browser follows the redirect with the request's htmx headers.
    section = await client.get(saved.headers["location"], headers=HTMX_SECTION)

    assert section.text.lstrip().startswith('<section class="panel" id="underlag"')
    status = (
        '<div class="flash-list flash-list--here" role="status" tabindex="-1">'
        '<p class="flash flash--success">Underlaget är sparat. Skriv nästa, eller formulera en'
        " insikt.</p></div>"
    )
    assert status in section.text
    after = section.text.split(status, 1)[1].lstrip()
    assert after.startswith(f'<form method="post" action="/dialoger/{dialogue.id}/underlag"')
    assert "autofocus" not in section.text  # focus goes to the confirmation, not a field
    page = await client.get(f"/dialoger/{dialogue.id}")
    assert "Underlaget är sparat" not in page.text

    evidence = await Evidence.select(Evidence.id).first()
    assert evidence is not None
    saved = await post_form(
        client,
        f"/dialoger/{dialogue.id}/insikter/ny",
        [("statement", "Mörker gör hållplatsen otrygg"), ("evidence", str(evidence["id"]))],
        headers={"hx-request": "true"},
    )
    section = await client.get(saved.headers["location"], headers=HTMX_SECTION)
    status = (
        '<div class="flash-list flash-list--here" role="status" tabindex="-1">'
        '<p class="flash flash--success">Insikten är sparad.</p></div>'
    )
    after = section.text.split(status, 1)[1].lstrip()
    assert after.startswith(f'<form method="post" action="/dialoger/{dialogue.id}/insikter/ny"')
    assert "Underlaget är sparat" not in section.text


async def test_without_javascript_the_confirmation_stays_at_the_top_of_the_page(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(state="held")
    saved = await post_form(
        client,
        f"/dialoger/{dialogue.id}/underlag",
        {"text": "Det är mörkt vid busshållplatsen.", "speaker_category": "ung, 13–19 år"},
    )
    page = await client.get(saved.headers["location"])

    main = page.text.split('<main id="main"', 1)[1]
    top = main.split('class="flash-list" role="status">', 1)[1]
    assert text_of(top).startswith("Underlaget är sparat.")
    assert "flash-list--here" not in page.text
    assert 'id="ev-text" name="text" rows="3" required autofocus' in page.text


async def test_evidence_with_a_name_or_without_a_speaker_category_is_refused(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(state="held")

    response = await post_form(
        client,
        f"/dialoger/{dialogue.id}/underlag",
        {"text": "Anna Svensson (anna@example.se) sa att bussen är sen.", "speaker_category": ""},
    )

    assert response.status_code == 422
    assert field_error(response.text, "ev-text")
    assert "kategori" in field_error(response.text, "ev-speaker_category")
    assert field_value(response.text, "ev-text") == (
        "Anna Svensson (anna@example.se) sa att bussen är sen."
    )
    assert await Evidence.count() == 0


async def test_an_insight_is_drawn_from_chosen_evidence_with_themes(
    client: httpx.AsyncClient,
) -> None:
    collaboration = await make_collaboration()
    first = await evidence_from(
        collaboration.id, "Lokalerna är låsta på helger", source_type="collaboration"
    )
    await evidence_from(collaboration.id, "Ledarna saknar nycklar", source_type="collaboration")

    response = await post_form(
        client,
        f"/samverkan/{collaboration.id}/insikter/ny",
        [
            ("statement", "Föreningar kommer inte in i lokalerna när de behöver"),
            ("target_group", "Föreningar"),
            ("themes", "Lokaler, tillgänglighet, lokaler"),
            ("evidence", str(first)),
        ],
    )

    assert response.status_code == 303
    insight = await Insight.objects().first()
    assert insight is not None and insight.target_group == "Föreningar"
    links = await InsightEvidence.select(InsightEvidence.evidence)
    assert [row["evidence"] for row in links] == [first]
    assert sorted(row["name"] for row in await Theme.select(Theme.name)) == [
        "Lokaler",
        "tillgänglighet",
    ]
    page = text_of((await client.get(f"/samverkan/{collaboration.id}")).text)
    assert "Insikter (1) Föreningar kommer inte in i lokalerna när de behöver" in page


async def test_an_insight_needs_evidence_from_this_source(client: httpx.AsyncClient) -> None:
    dialogue = await make_dialogue(state="held")
    other = await make_dialogue(state="held", title="En annan dialog")
    await evidence_from(dialogue.id)
    elsewhere = await evidence_from(other.id)

    for evidence in ([], [("evidence", str(elsewhere))], [("evidence", "x")]):
        response = await post_form(
            client,
            f"/dialoger/{dialogue.id}/insikter/ny",
            [("statement", "Mörker gör skolvägen otrygg"), *evidence],
        )
        assert response.status_code == 422
        assert "minst ett underlag" in text_of(response.text)
        assert field_value(response.text, "in-statement") == "Mörker gör skolvägen otrygg"
    assert await Insight.count() == 0


async def test_a_project_records_its_own_research_only_in_its_research_steps(
    client: httpx.AsyncClient, catalogue: PhaseCatalogue
) -> None:
    researching = await make_project(catalogue, current_step="undersoka")
    deciding = await make_project(catalogue, title="Fokus", current_step="fokusera")
    form = {"text": "Besökarna hittade inte entrén.", "speaker_category": "besökare"}

    accepted = await post_form(client, f"/projekt/{researching.id}/underlag", form)
    refused = await post_form(client, f"/projekt/{deciding.id}/underlag", form)

    assert accepted.status_code == 303
    assert refused.status_code == 409
    assert "registreras i stegen Undersöka eller Testa idéer" in text_of(refused.text)
    assert await Evidence.count() == 1
    page = text_of((await client.get(f"/projekt/{deciding.id}")).text)
    assert "registreras i stegen Undersöka och Testa idéer" in page


async def test_capture_on_an_unknown_source_is_404(client: httpx.AsyncClient) -> None:
    form = {"text": "x", "speaker_category": "y"}
    for url in ("/dialoger/999/underlag", "/samverkan/999/insikter/ny", "/projekt/999/underlag"):
        assert (await post_form(client, url, form)).status_code == 404


async def test_evidence_is_archived_not_deleted(client: httpx.AsyncClient) -> None:
    dialogue = await make_dialogue(state="held")
    other = await make_dialogue(state="held", title="En annan dialog")
    evidence = await evidence_from(dialogue.id, "Skrevs in av misstag")

    wrong_source = await post_form(client, f"/dialoger/{other.id}/underlag/{evidence}/arkivera", {})
    assert wrong_source.status_code == 404
    archived = await post_form(client, f"/dialoger/{dialogue.id}/underlag/{evidence}/arkivera", {})

    assert archived.status_code == 303
    assert await Evidence.count() == 1  # kept
    html = (await client.get(f"/dialoger/{dialogue.id}")).text
    capture = text_of(html[html.index('id="underlag"') :].split("</section>")[0])
    assert "Underlag (0)" in capture and "Skrevs in av misstag" not in capture
    assert await ChangeLogEntry.count().where(ChangeLogEntry.action == "archived") == 2
