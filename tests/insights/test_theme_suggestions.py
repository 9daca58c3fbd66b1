"""While a theme is typed, existing theme names are offered (issue 15): the rule that picks
them, the endpoint that answers the field, and who may ask it."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx

from tests import personas
from tests.dialogues.factories import make_dialogue
from tracker.accounts.permissions import Principal
from tracker.insights.themes import SUGGESTION_LIMIT, suggest_themes

from .factories import evidence_from, insight_on

NAMES = ["Skolväg", "Trygghet", "Hemtjänst", "Trafiksäkerhet", "Äldreomsorg", "Otrygg miljö"]


def test_names_that_start_with_the_typed_text_come_first_regardless_of_case() -> None:
    assert suggest_themes("TR", NAMES) == ["Trafiksäkerhet", "Trygghet", "Otrygg miljö"]
    assert suggest_themes("HEMTJÄ", NAMES) == ["Hemtjänst"]
    assert suggest_themes("ä", NAMES) == ["Äldreomsorg", "Hemtjänst", "Skolväg", "Trafiksäkerhet"]


def test_only_the_last_name_of_the_field_is_completed_and_typed_names_are_not_offered() -> None:
    offered = suggest_themes("trygghet, skol", NAMES)
    assert offered == ["trygghet, Skolväg"]  # the field as typed, its last name completed
    assert "trygghet, Trygghet" not in suggest_themes("trygghet, ", NAMES)
    assert suggest_themes("trygghet,  ", NAMES)[0] == "trygghet, Hemtjänst"


def test_the_list_is_bounded_and_a_name_matching_no_theme_offers_nothing() -> None:
    many = [f"Tema {number:02}" for number in range(30)]
    assert len(suggest_themes("tema", many)) == SUGGESTION_LIMIT
    assert suggest_themes("", many) == many[:SUGGESTION_LIMIT]
    assert suggest_themes("cykel", NAMES) == []


def _options(html: str) -> list[str]:
    return re.findall(r'<option value="([^"]*)">', html)


async def test_the_endpoint_answers_the_field_with_stored_names(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(state="held")
    await insight_on([await evidence_from(dialogue.id)], themes=["Hemtjänst", "Trygghet"])

    response = await client.get("/teman/forslag", params={"q": "hem"})

    assert response.status_code == 200
    assert '<datalist id="theme-suggestions">' in response.text
    assert _options(response.text) == ["Hemtjänst"]
    # htmx sends the field under its own name and fills the datalist it names.
    fragment = await client.get(
        "/teman/forslag",
        params={"themes": "hemtjänst, t"},
        headers={"HX-Request": "true", "HX-Target": "theme-suggestions"},
    )
    assert "<datalist" not in fragment.text
    assert _options(fragment.text) == ["hemtjänst, Trygghet"]


async def test_the_insight_form_offers_the_suggestions_and_still_takes_free_text(
    client: httpx.AsyncClient,
) -> None:
    dialogue = await make_dialogue(state="held")
    insight = await insight_on([await evidence_from(dialogue.id)], themes=["Hemtjänst"])

    page = await client.get(f"/insikter/{insight}")

    field = re.search(r'<input[^>]*id="in-themes"[^>]*>', page.text)
    assert field and 'list="theme-suggestions"' in field.group(0)
    assert 'hx-get="/teman/forslag"' in page.text
    assert "required" not in field.group(0) and "pattern" not in field.group(0)


async def test_only_signed_in_staff_may_ask(
    anonymous: httpx.AsyncClient, client_as: Callable[[Principal], httpx.AsyncClient]
) -> None:
    refused = await anonymous.get("/teman/forslag", params={"q": "a"})
    assert refused.status_code in (302, 303, 401)
    reader = client_as(await personas.lo())
    assert (await reader.get("/teman/forslag", params={"q": "a"})).status_code == 200
