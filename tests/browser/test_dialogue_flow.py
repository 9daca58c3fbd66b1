"""A dialogue walked from Idé to Återkopplad in a real browser, and the feedback ledger."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import open_in_place
from tests.dialogues.factories import make_dialogue
from tests.support import run_in_thread


def _state(page: Any) -> Any:
    return page.locator('.process-path [aria-current="step"]')


def test_a_dialogue_from_idea_to_fed_back_and_the_ledger(page: Any) -> None:
    page.goto("/dialoger/ny")
    page.get_by_label("Titel").fill("Trygghet i centrum")
    page.get_by_label("Frågeställning").fill("Vad skulle göra centrum tryggare på kvällarna?")
    page.get_by_label("Medborgardialog", exact=True).check()
    page.get_by_label("Ansvarig nämnd").fill("Kommunstyrelsen")
    page.get_by_label("Ansvarig förvaltning").fill("Kommunledningskontoret")
    page.get_by_label("Förtroendevald").check()
    page.get_by_label("Syfte").fill("Underlag till beslut om trygghetsåtgärder.")
    page.get_by_label("Målgrupper").fill("Unga 13–19 år och äldre över 65 år")
    page.get_by_label("Utlovad nivå på delaktighetstrappan").select_option("dialog")
    page.get_by_label("Cafémetoden").check()
    page.get_by_role("button", name="Registrera dialogen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trygghet i centrum")
    expect(_state(page)).to_contain_text("Idé")
    page.evaluate("window.__samePage = true")

    page.get_by_role("button", name="Starta utredningen").click()
    expect(_state(page)).to_contain_text("Utredning")

    process = page.locator("#process")
    open_in_place(process.get_by_role("link", name="Registrera nämndens svar"))  # opens in place
    process.get_by_role("group", name="Behöver de förtroendevalda").get_by_label("Ja").check()
    process.get_by_role("group", name="Är frågan påverkbar?").get_by_label("Ja").check()
    page.get_by_role("button", name="Registrera nämndens svar").click()
    expect(_state(page)).to_contain_text("Förslag")

    open_in_place(process.get_by_role("link", name="Registrera beslutet"))
    page.get_by_label("Beslutsdatum").fill("2026-03-02")
    page.get_by_label("Paragraf eller diarienummer").fill("KS 2026/0040 § 21")
    page.get_by_label("Återkoppling ska ges senast").fill("2026-06-30")
    page.get_by_role("button", name="Registrera beslutet").click()
    expect(_state(page)).to_contain_text("Beslutad")

    # Marking it held before any session is refused in place, with a clear message.
    page.get_by_role("button", name="Markera som genomförd").click()
    expect(page.locator("#process .error-summary")).to_contain_text("minst ett dialogtillfälle")

    sessions = page.locator("#tillfallen")
    sessions.get_by_role("link", name="Registrera ett tillfälle").click()  # opens in place
    expect(sessions.get_by_label("Datum")).to_be_focused()
    sessions.get_by_label("Datum").fill("2026-04-14")
    sessions.get_by_label("Antal deltagare").fill("41")
    sessions.get_by_label("Plats eller kanal").fill("Torget")
    sessions.get_by_label("Metod").fill("Cafémetoden")
    sessions.get_by_label("Per åldersgrupp").fill("13–19 år: 15\n65 år och äldre: 11")
    page.get_by_role("button", name="Spara tillfället").click()
    expect(sessions.get_by_text("Totalt 41 deltagare vid 1 tillfälle")).to_be_visible()

    page.get_by_role("button", name="Markera som genomförd").click()
    expect(_state(page)).to_contain_text("Genomförd")

    feedback = page.locator("#aterkoppling")
    open_in_place(feedback.get_by_role("link", name="Registrera återkoppling"))
    feedback.get_by_role("radio", name="Invånarna").check()
    feedback.get_by_label("Datum").fill("2026-05-20")
    feedback.get_by_label("Kanal (för återkoppling till invånarna)").select_option("web")
    feedback.get_by_label("Texten som skickades").fill(
        "Ni sa: mörka gångvägar. Vi gjorde: ny belysning."
    )
    page.get_by_role("button", name="Spara återkopplingen").click()
    expect(feedback.get_by_text("Ni sa: mörka gångvägar.")).to_be_visible()
    confirmation = feedback.locator(".flash-list")  # beside what was saved, and focused
    expect(confirmation).to_contain_text("Återkopplingen är sparad.")
    expect(confirmation).to_be_focused()

    # Not yet: the board has not been told.
    page.get_by_role("button", name="Markera som återkopplad").click()
    expect(page.locator("#process .error-summary")).to_contain_text("nämnden")

    open_in_place(feedback.get_by_role("link", name="Registrera återkoppling"))
    feedback.get_by_role("radio", name="Nämnden").check()
    feedback.get_by_label("Datum").fill("2026-05-25")
    feedback.get_by_label("Paragraf eller diarienummer (för återkoppling till nämnden)").fill(
        "KS 2026/0040 § 35"
    )
    page.get_by_role("button", name="Spara återkopplingen").click()
    # The board's feedback must be saved (and shown) before the last step.
    expect(feedback.get_by_text("KS 2026/0040 § 35")).to_be_visible()
    page.get_by_role("button", name="Markera som återkopplad").click()
    expect(_state(page)).to_contain_text("Återkopplad")
    assert page.evaluate("window.__samePage") is True

    page.goto("/dialoger/aterkoppling")
    row = page.get_by_role("row", name="Trygghet i centrum")
    expect(row).to_contain_text("Återkopplad")
    expect(row).to_contain_text("2026-06-30")
    expect(row).to_contain_text("2026-05-20")


def test_a_form_that_opens_on_demand_works_without_javascript(page_without_js: Any) -> None:
    page = page_without_js
    dialogue_id = run_in_thread(_held_dialogue())
    page.goto(f"/dialoger/{dialogue_id}")
    page.get_by_role("link", name="Lägg till dokument").click()
    expect(page).to_have_url(re.compile(r"/dokument/ny$"))
    page.get_by_label("Dokumentets titel").fill("Minnesanteckningar från torget")
    page.get_by_role("button", name="Lägg till dokument").click()
    expect(page.locator("#d-document_date-error")).to_be_visible()  # beside the field
    expect(page.get_by_label("Dokumentets titel")).to_have_value("Minnesanteckningar från torget")
    page.get_by_label("Datum").fill("2026-04-14")
    page.get_by_role("button", name="Lägg till dokument").click()
    expect(page).to_have_url(re.compile(rf"/dialoger/{dialogue_id}#resultat$"))
    expect(page.get_by_text("Dokumentet är tillagt.")).to_be_visible()
    expect(page.locator("#resultat")).to_contain_text("Minnesanteckningar från torget")


def test_the_level_and_results_change_on_their_own_pages_without_javascript(
    page_without_js: Any,
) -> None:
    page = page_without_js
    dialogue_id = run_in_thread(_held_dialogue())
    page.goto(f"/dialoger/{dialogue_id}")
    expect(page.locator("#niva")).to_contain_text("Uppnådd nivå Inte registrerad")
    page.get_by_role("link", name="Registrera uppnådd nivå").click()
    expect(page).to_have_url(re.compile(r"/niva$"))
    page.get_by_label("Uppnådd nivå efter dialogen").select_option("konsultation")
    page.get_by_role("button", name="Spara uppnådd nivå").click()
    expect(page).to_have_url(re.compile(rf"/dialoger/{dialogue_id}#niva$"))
    expect(page.get_by_text("Uppnådd nivå är sparad.")).to_be_visible()
    expect(page.locator("#niva")).to_contain_text("Konsultation – invånarna fick tycka")

    page.get_by_role("link", name="Sammanfatta resultatet").click()
    page.get_by_label("Sammanfattning av resultatet").fill("Kalle, 19800101-1234, vill ha bänkar.")
    page.get_by_role("button", name="Spara resultatet").click()
    expect(page.locator("#r-results_summary-error")).to_be_visible()  # on the form's page
    expect(page.get_by_role("heading", level=1)).to_have_text("Sammanfatta resultatet")
    page.get_by_label("Sammanfattning av resultatet").fill("Fler vill ha bänkar.")
    page.get_by_role("button", name="Spara resultatet").click()
    expect(page).to_have_url(re.compile(rf"/dialoger/{dialogue_id}#resultat$"))
    expect(page.locator("#resultat")).to_contain_text("Fler vill ha bänkar.")
    expect(page.get_by_role("link", name="Ändra resultatet")).to_be_visible()


async def _held_dialogue() -> int:
    return int((await make_dialogue(state="held")).id)
