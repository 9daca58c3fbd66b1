"""Typing a theme offers the existing names (issue 15): the field's datalist fills as the user
types, and the field still takes any text."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.dialogues.factories import make_dialogue
from tests.insights.factories import evidence_from, insight_on
from tests.support import run_in_thread


async def _insight() -> int:
    dialogue = await make_dialogue(state="held")
    await insight_on([await evidence_from(dialogue.id)], themes=["Hemtjänst", "Trygghet"])
    return await insight_on(
        [await evidence_from(dialogue.id, "Det är mörkt vid hållplatsen")], "Mörkt på kvällen"
    )


def test_typing_a_theme_offers_the_existing_names(page: Any) -> None:
    insight_id = run_in_thread(_insight())
    page.goto(f"/insikter/{insight_id}")
    field = page.get_by_label("Teman")
    field.click()
    field.press_sequentially("trygghet, he")
    options = page.locator("#theme-suggestions option")
    expect(options).to_have_count(1)
    assert options.first.get_attribute("value") == "trygghet, Hemtjänst"
    # Free text is still taken: a new name is saved as typed.
    field.fill("trygghet, Belysning")
    page.get_by_role("button", name="Spara insikten").click()
    expect(page.locator(".tag-list")).to_contain_text("Belysning")
