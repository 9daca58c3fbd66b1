"""Hypotheses, prototype versions with images and tests in a real browser: with the keyboard,
without JavaScript, and every design page (also with errors shown) passes axe."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.browser.axe import violations
from tests.design.factories import make_design, make_insight, png_bytes
from tests.factories import make_project
from tests.support import run_in_thread


def _project_with_an_insight(catalogue: Any) -> int:
    async def create() -> int:
        project = await make_project(catalogue, title="Påminnelser", current_step="testa-ideer")
        await make_insight(project.id)
        return int(project.id)

    return run_in_thread(create())


def _type_into(page: Any, label: str, text: str) -> None:
    page.get_by_label(label, exact=True).focus()
    page.keyboard.type(text)


def test_a_hypothesis_a_prototype_version_and_a_test_with_the_keyboard(
    page: Any, catalogue: Any
) -> None:
    project_id = _project_with_an_insight(catalogue)
    page.goto(f"/projekt/{project_id}")
    page.get_by_role("link", name="Visa hypoteser, prototyper och tester").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hypoteser, prototyper och tester")

    # A hypothesis without an insight is refused beside the field, what was typed kept.
    _type_into(page, "Om vi …", "skickar en påminnelse")
    _type_into(page, "så kommer …", "fler ansökningar vara kompletta")
    _type_into(page, "eftersom …", "många glömmer sista dagen")
    page.get_by_role("button", name="Spara hypotesen").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#hyp-insights-error")).to_contain_text("Välj minst en")
    expect(page.get_by_label("Om vi …", exact=True)).to_have_value("skickar en påminnelse")
    assert violations(page) == []
    page.get_by_label("Sökande glömmer sista dagen").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Spara hypotesen").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#hypoteser")).to_contain_text(
        "Om vi skickar en påminnelse, så kommer fler ansökningar vara kompletta"
    )

    _type_into(page, "Namn", "Påminnelse via sms")
    page.get_by_role("button", name="Spara prototypen").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Påminnelse via sms")

    # An image without alt text is refused; with it the version is saved and shown.
    _type_into(page, "Vad är nytt i versionen?", "Första skissen")
    page.get_by_label("Datum", exact=True).fill("2026-02-10")  # a date field takes no typing
    image = {"name": "skiss.png", "mimeType": "image/png", "buffer": png_bytes()}
    page.get_by_label("Bild (en skärmbild eller ett foto)").set_input_files(image)
    page.get_by_role("button", name="Spara versionen").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#ver-image_alt-error")).to_contain_text("Beskriv vad bilden visar")
    assert violations(page) == []
    page.get_by_label("Bild (en skärmbild eller ett foto)").set_input_files(image)
    _type_into(page, "Alternativtext till bilden", "Ett sms på en mobilskärm")
    page.get_by_role("button", name="Spara versionen").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("img", name="Ett sms på en mobilskärm")).to_be_visible()
    assert violations(page) == []

    page.goto(f"/projekt/{project_id}/tester/ny")
    page.get_by_label("Prototypversion som testades").select_option(
        label="Påminnelse via sms, version 1"
    )
    _type_into(page, "Metod", "Rollspel")
    page.get_by_label("Datum", exact=True).fill("2026-02-20")
    _type_into(page, "Med vilka?", "sökande i villa")
    _type_into(page, "Antal deltagare", "5")
    _type_into(page, "Vad såg och hörde ni?", "Tre av fem hittade länken.")
    page.get_by_label("Hypotes 1: Om vi skickar").select_option("supported")
    page.get_by_label("Testa igen").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Spara testet").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rollspel")
    expect(page.get_by_role("cell", name="Stödd")).to_be_visible()
    assert violations(page) == []


def _made(catalogue: Any) -> tuple[int, dict[str, int]]:
    async def create() -> tuple[int, dict[str, int]]:
        project = await make_project(catalogue, title="Sms-påminnelser")
        return int(project.id), await make_design(project.id)

    return run_in_thread(create())


def test_everything_works_without_javascript(page_without_js: Any, catalogue: Any) -> None:
    page = page_without_js
    project_id, made = _made(catalogue)
    page.goto(f"/projekt/{project_id}")
    expect(page.get_by_role("img", name="Ett sms på en mobilskärm")).to_be_visible()
    page.goto(f"/projekt/{project_id}/tester/ny")
    page.get_by_role("button", name="Spara testet").click()
    expect(page.locator("#method-error")).to_contain_text("Skriv hur ni testade")
    page.goto(f"/projekt/{project_id}/hypoteser/{made['hypothesis_id']}/redigera")
    page.get_by_label("eftersom …").fill("de flesta glömmer")
    page.get_by_role("button", name="Spara ändringar").click()
    expect(page.get_by_text("Ändringarna är sparade.")).to_be_visible()
    expect(page.locator("#hypoteser")).to_contain_text("eftersom de flesta glömmer")


def test_the_design_pages_have_no_violations(page: Any, catalogue: Any) -> None:
    project_id, made = _made(catalogue)
    for path in (
        f"/projekt/{project_id}",
        f"/projekt/{project_id}/design",
        f"/prototyper/{made['prototype_id']}",
        f"/tester/{made['test_id']}",
        f"/projekt/{project_id}/tester/ny",
        f"/projekt/{project_id}/tester/{made['test_id']}/redigera",
        f"/projekt/{project_id}/hypoteser/{made['hypothesis_id']}/redigera",
    ):
        page.goto(path)
        assert violations(page) == [], path
        page.set_viewport_size({"width": 390, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"/projekt/{project_id}/tester/ny")
    page.get_by_role("button", name="Spara testet").click()
    expect(page.locator("#method-error")).to_contain_text("Skriv hur ni testade")
    assert violations(page) == []
