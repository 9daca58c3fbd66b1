"""Searching in the browser: typing updates the results in place (htmx), the form works
without JavaScript, and the page has no WCAG 2.1 AA violations."""

from __future__ import annotations

from typing import Any

from tests.browser.axe import violations
from tests.dialogues.factories import make_dialogue
from tests.insights.search.test_search import evidence, insight, theme
from tests.support import run_in_thread


def _records() -> None:
    async def create() -> None:
        dialogue = await make_dialogue(title="Trygg skolväg")
        dark = await evidence("dialogue", dialogue.id, "Vägen till skolan är mörk på vintern")
        await evidence(
            "dialogue", dialogue.id, "Rektorn säger att budgeten inte räcker", internal=True
        )
        found = await insight("Föräldrar upplever skolvägen som otrygg", [dark])
        await theme("Trygghet", found)
        await evidence("dialogue", dialogue.id, "Parken behöver fler bänkar")

    run_in_thread(create())


def test_typing_a_search_updates_the_results_in_place(page: Any) -> None:
    _records()
    page.goto("/sok")
    assert violations(page) == []

    page.get_by_label("Sökord").fill("skola")  # finds "skolan" and "skolvägen"
    results = page.locator("#results")
    results.get_by_text("2 träffar").wait_for()

    assert "/sok?q=skola" in page.url  # the address follows, so it can be shared
    assert results.locator("mark").first.inner_text().lower().startswith("skol")
    assert results.get_by_role("link", name="Dialog: Trygg skolväg").count() == 1
    assert violations(page) == []

    page.get_by_label("Visa").select_option(label="Insikter")
    results.get_by_text("1 träff").wait_for()
    assert "Föräldrar upplever" in results.inner_text()

    page.get_by_label("Sökord").fill("simhall")
    results.get_by_text("Inga träffar för ”simhall”.").wait_for()
    assert violations(page) == []


def test_the_search_form_works_without_javascript(page_without_js: Any) -> None:
    _records()
    page = page_without_js
    page.goto("/sok")

    page.get_by_label("Sökord").fill("budgeten")
    page.get_by_role("button", name="Sök", exact=True).click()
    page.wait_for_url("**/sok?q=budgeten*")

    results = page.locator("#results")
    assert "1 träff" in results.inner_text()
    assert "Intern" in results.inner_text()
