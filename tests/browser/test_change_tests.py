"""The tests a service change rests on, in a real browser: linking one with the keyboard, the
form without JavaScript, and the form (also with its error) passing axe and keeping to 390 px."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.browser.axe import violations
from tests.design.factories import make_design
from tests.factories import make_project
from tests.insights.factories import change_in
from tests.support import run_in_thread


def _made(catalogue: Any) -> tuple[int, int, int]:
    async def create() -> tuple[int, int, int]:
        project = await make_project(catalogue, title="Påminnelser")
        made = await make_design(project.id)
        return int(project.id), await change_in(project.id, "Sms-påminnelser"), made["test_id"]

    return run_in_thread(create())


def test_a_test_is_linked_to_a_change_with_the_keyboard(page: Any, catalogue: Any) -> None:
    _, change, test = _made(catalogue)
    page.goto(f"/forandringar/{change}")
    page.get_by_role("link", name="Koppla ett test").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Koppla ett test")
    page.get_by_role("button", name="Koppla testet").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#test_id-error")).to_contain_text("Välj ett test i listan")
    assert violations(page) == []
    page.get_by_label("Test", exact=True).focus()
    page.keyboard.press("ArrowDown")
    page.get_by_role("button", name="Koppla testet").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Förändringen stöds nu av testet.")).to_be_visible()
    expect(page.locator("#tester")).to_contain_text("Pappersprototyp i rollspel")
    page.get_by_role("link", name="Pappersprototyp i rollspel").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#forandringar")).to_contain_text("Sms-påminnelser")
    assert page.url.endswith(f"/tester/{test}")


def test_linking_and_unlinking_work_without_javascript(
    page_without_js: Any, catalogue: Any
) -> None:
    page = page_without_js
    project, change, _ = _made(catalogue)
    page.goto(f"/projekt/{project}/forandringar/{change}/tester/ny")
    page.get_by_label("Test", exact=True).select_option(index=1)
    page.get_by_role("button", name="Koppla testet").click()
    expect(page.get_by_text("Förändringen stöds nu av testet.")).to_be_visible()
    page.get_by_role(
        "button", name="Ta bort kopplingen till testet Pappersprototyp i rollspel"
    ).click()
    expect(page.get_by_text("Kopplingen till testet är borttagen.")).to_be_visible()
    expect(page.locator("#tester")).to_contain_text("Inget test är kopplat")


def test_the_change_test_pages_have_no_violations(page: Any, catalogue: Any) -> None:
    project, change, _ = _made(catalogue)
    for path in (
        f"/projekt/{project}/forandringar/{change}/tester/ny",
        f"/projekt/{project}/forandringar/{change}/tester/ny?alla=1",
        f"/forandringar/{change}",
    ):
        page.goto(path)
        assert violations(page) == [], path
        page.set_viewport_size({"width": 390, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        page.set_viewport_size({"width": 1280, "height": 800})
