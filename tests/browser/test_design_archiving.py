"""Editing a prototype and archiving and restoring a test, in a real browser: with the keyboard,
without JavaScript, and the new pages (also with an error shown) passing axe and keeping to
390 px."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.browser.axe import violations
from tests.design.effect_factories import make_change_with_effect
from tests.design.factories import make_design
from tests.factories import make_project
from tests.support import run_in_thread


def _made(catalogue: Any) -> tuple[int, dict[str, int]]:
    async def create() -> tuple[int, dict[str, int]]:
        project = await make_project(catalogue, title="Påminnelser")
        made = await make_design(project.id)
        made |= await make_change_with_effect(project.id)
        return int(project.id), made

    return run_in_thread(create())


def _press(page: Any, role: str, name: str) -> None:
    page.get_by_role(role, name=name).focus()
    page.keyboard.press("Enter")


def test_a_prototype_is_edited_and_a_test_archived_and_restored_with_the_keyboard(
    page: Any, catalogue: Any
) -> None:
    _, made = _made(catalogue)
    page.goto(f"/prototyper/{made['prototype_id']}")
    _press(page, "link", "Ändra prototypen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ändra prototypen")
    page.get_by_label("Namn", exact=True).focus()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    _press(page, "button", "Spara ändringar")
    expect(page.locator("#name-error")).to_contain_text("Skriv prototypens namn")
    assert violations(page) == []
    page.get_by_label("Namn", exact=True).focus()
    page.keyboard.type("Sms två veckor före")
    _press(page, "button", "Spara ändringar")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sms två veckor före")

    page.goto(f"/tester/{made['test_id']}")
    _press(page, "link", "Arkivera testet")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vill du arkivera testet")
    assert violations(page) == []
    _press(page, "button", "Arkivera testet")
    expect(page.get_by_text("Testet är arkiverat. Allt finns kvar.")).to_be_visible()
    expect(page.get_by_role("link", name="Ändra testet")).to_have_count(0)
    assert violations(page) == []
    _press(page, "button", "Återställ testet")
    expect(page.get_by_text("Testet är återställt.")).to_be_visible()
    expect(page.get_by_role("link", name="Ändra testet")).to_be_visible()


def test_editing_archiving_and_restoring_work_without_javascript(
    page_without_js: Any, catalogue: Any
) -> None:
    page = page_without_js
    project_id, made = _made(catalogue)
    page.goto(f"/projekt/{project_id}/prototyper/{made['prototype_id']}/redigera")
    page.get_by_label("Beskrivning").fill("Ett sms med länk till e-tjänsten.")
    page.get_by_role("button", name="Spara ändringar").click()
    expect(page.get_by_text("Ändringarna är sparade.")).to_be_visible()

    page.goto(f"/projekt/{project_id}/design")
    page.get_by_role("link", name="Arkivera hypotes 1").click()
    page.get_by_role("button", name="Arkivera hypotesen").click()
    expect(page.get_by_text("Hypotesen är arkiverad.")).to_be_visible()
    expect(page.locator("#arkiverat")).to_contain_text("Hypotes: Om vi skickar en påminnelse")
    page.locator("#arkiverat").get_by_role("button", name="Återställ").click()
    expect(page.get_by_text("Hypotesen är återställd.")).to_be_visible()
    expect(page.locator("#hypotheses-heading")).to_have_text("Hypoteser (1)")

    page.goto(f"/effekter/{made['effect_id']}")
    page.get_by_role("link", name="Arkivera effektmålet").click()
    page.get_by_role("button", name="Arkivera effektmålet").click()
    expect(page.get_by_role("button", name="Återställ effektmålet")).to_be_visible()


def test_the_new_design_pages_have_no_violations(page: Any, catalogue: Any) -> None:
    project_id, made = _made(catalogue)
    base = f"/projekt/{project_id}"
    paths = [
        f"{base}/prototyper/{made['prototype_id']}/redigera",
        f"{base}/hypoteser/{made['hypothesis_id']}/arkivera",
        f"{base}/prototyper/{made['prototype_id']}/arkivera",
        f"{base}/effekter/{made['effect_id']}/arkivera",
    ]
    for path in paths:
        page.goto(path)
        assert violations(page) == [], path
        page.set_viewport_size({"width": 390, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{base}/prototyper/{made['prototype_id']}/arkivera")
    page.get_by_role("button", name="Arkivera prototypen").click()
    assert violations(page) == []
    page.goto(f"{base}/design")
    assert violations(page) == []
