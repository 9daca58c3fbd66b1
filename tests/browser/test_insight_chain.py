"""Capturing evidence and insights in a real browser, and following the chain from a dialogue
to a service change and back; every chain page passes axe."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.browser.axe import violations
from tests.dialogues.factories import make_dialogue
from tests.factories import make_project
from tests.insights.factories import evidence_from, insight_on
from tests.support import run_in_thread


def test_capture_then_follow_the_chain_both_ways(page: Any, catalogue: Any) -> None:
    async def create() -> tuple[int, int]:
        dialogue = await make_dialogue(
            state="held", level_promised="inflytande", title="Trygg skolväg"
        )
        project = await make_project(catalogue, title="Skolvägen", current_step="undersoka")
        return int(dialogue.id), int(project.id)

    dialogue_id, project_id = run_in_thread(create())

    # Several pieces of evidence in a row, without reloading the page (htmx swaps the section).
    page.goto(f"/dialoger/{dialogue_id}")
    page.evaluate("window.__samePage = true")
    capture = page.locator("#underlag")
    capture.get_by_role("link", name="Lägg till underlag").click()  # opens in place
    expect(page.get_by_label("Citat eller iakttagelse")).to_be_focused()
    capture.get_by_role("button", name="Spara underlaget").click()
    expect(page.locator("#ev-text-error")).to_contain_text("Skriv citatet")
    for text, who in (
        ("Det är mörkt vid busshållplatsen på morgonen.", "ung, 13–15 år"),
        ("Jag kör barnen för att vägen känns otrygg.", "förälder, 30–44 år"),
    ):
        page.get_by_label("Citat eller iakttagelse").fill(text)
        page.get_by_label("Vem sa det (kategori)").fill(who)
        page.get_by_role("button", name="Spara underlaget").click()
        expect(page.locator("#underlag")).to_contain_text(text)
    expect(page.locator("#evidence-heading")).to_have_text("Underlag (2)")
    confirmation = page.locator("#underlag .flash-list")  # announced beside the form
    expect(confirmation).to_contain_text("Underlaget är sparat.")
    expect(confirmation).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Citat eller iakttagelse")).to_be_focused()  # ready for the next
    assert page.evaluate("window.__samePage") is True
    assert violations(page) == []

    capture.get_by_role("link", name="Formulera en insikt").click()
    expect(page.get_by_label("Insikt", exact=True)).to_be_focused()
    page.get_by_label("Insikt", exact=True).fill(
        "Barn och föräldrar känner sig otrygga på skolvägen"
    )
    page.get_by_label("Teman").fill("Trygghet, skolväg")
    page.get_by_label("Det är mörkt vid busshållplatsen").check()
    page.get_by_label("Jag kör barnen").check()
    page.get_by_role("button", name="Spara insikten").click()
    expect(page.locator("#insights-heading")).to_have_text("Insikter (1)")
    assert page.evaluate("window.__samePage") is True

    # The project picks the insight with the keyboard-operable picker: "skolvägen" finds it.
    page.goto(f"/projekt/{project_id}")
    page.get_by_label("Sök bland insikterna").fill("skolvägen")
    page.get_by_label("Sök bland insikterna").press("Enter")
    option = page.get_by_label("Barn och föräldrar känner sig otrygga på skolvägen")
    option.focus()
    page.keyboard.press("Space")
    expect(option).to_be_checked()
    page.get_by_role("button", name="Använd insikten").click()
    expect(page.locator("#insikter")).to_contain_text("Insikter som projektet använder (1)")
    assert violations(page) == []

    page.get_by_label("Vad ändras i tjänsten?").fill("Belysning längs skolvägen")
    page.get_by_label("Datum för idén").fill("2026-04-01")
    page.get_by_role("button", name="Föreslå förändringen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Belysning längs skolvägen")
    page.locator("#address-options").get_by_label("Barn och föräldrar känner sig").check()
    page.get_by_label("Hur starkt motiverade insikten förändringen?").select_option("3")
    page.get_by_role("button", name="Koppla insikten").click()
    expect(page.locator("#insikter")).to_contain_text("Avgörande för beslutet")
    # Back from the change to the dialogue and its level on Delaktighetstrappan.
    expect(page.locator("#underlag")).to_contain_text("Utlovad nivå: Inflytande")
    page.get_by_label("Ny status").select_option("testing")
    page.locator("#st-status_on").fill("2026-05-01")
    page.get_by_role("button", name="Ändra status").click()
    expect(page.locator(".page-heading__meta")).to_contain_text("Testas sedan 2026-05-01")
    assert violations(page) == []

    # Forward from the dialogue: insight → project → change.
    page.locator("#underlag").get_by_role("link", name="Trygg skolväg").first.click()
    page.get_by_role("link", name="Följ kedjan från dialogen").click()
    trail = page.locator(".trail")
    expect(trail).to_contain_text("Skolvägen")
    expect(trail).to_contain_text("Belysning längs skolvägen")
    expect(trail).to_contain_text("inte återkopplad än")
    assert violations(page) == []


def test_the_chain_pages_have_no_violations(page: Any, catalogue: Any) -> None:
    async def create() -> tuple[int, int]:
        dialogue = await make_dialogue(state="held")
        evidence = await evidence_from(dialogue.id)
        return int(dialogue.id), await insight_on([evidence], themes=["Trygghet"])

    dialogue_id, insight_id = run_in_thread(create())
    for path in (
        "/insikter",
        "/insikter?q=inget",
        "/forandringar",
        f"/insikter/{insight_id}",
        "/teman",
        f"/dialoger/{dialogue_id}/kedjan",
    ):
        page.goto(path)
        assert violations(page) == [], path
    # The capture form showing errors.
    page.goto(f"/dialoger/{dialogue_id}")
    assert violations(page) == []  # the dialogue's page, its forms closed
    page.get_by_role("link", name="Lägg till underlag").click()
    page.get_by_role("button", name="Spara underlaget").click()
    page.wait_for_selector("#underlag .error-summary")
    assert violations(page) == []
    page.goto("/teman")
    page.locator("summary").first.click()
    page.locator("#name-1").fill("")  # an empty name is refused
    page.get_by_role("button", name="Byt namn").click()
    page.wait_for_selector(".error-message")
    assert violations(page) == []
