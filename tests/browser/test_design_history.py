"""A project's design history in a real browser: reached with the keyboard from the project's
page, its newest entry and its print view too, without JavaScript, and axe finds nothing."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.browser.axe import violations
from tests.design.test_history_pages import INTERNAL_NOTE, _project_with_history
from tests.support import run_in_thread


def _project(catalogue: Any) -> tuple[int, dict[str, int]]:
    return run_in_thread(_project_with_history(catalogue))


def test_the_history_and_its_print_view_with_the_keyboard(page: Any, catalogue: Any) -> None:
    project_id, made = _project(catalogue)
    page.goto(f"/projekt/{project_id}")
    page.get_by_role("link", name="Läs projektets designhistorik").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Designhistorik")
    expect(page.get_by_role("img", name="Ett sms på en mobilskärm")).to_have_count(2)
    expect(page.get_by_text(INTERNAL_NOTE)).to_be_visible()
    assert violations(page) == []

    page.get_by_role("link", name="Gå till den senaste händelsen").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/designhistorik#test-{made['test_id']}")
    expect(page.locator(f"#test-{made['test_id']}")).to_contain_text("Pappersprototyp i rollspel")

    page.get_by_role("link", name="Visa utskriftsversion").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enklare ansökan om bygglov")
    expect(page.get_by_text("1 internt underlag utelämnade", exact=False)).to_be_visible()
    expect(page.get_by_text(INTERNAL_NOTE)).to_have_count(0)
    assert violations(page) == []
    page.get_by_role("link", name="Tillbaka till designhistoriken").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Designhistorik")


def test_the_history_without_javascript(page_without_js: Any, catalogue: Any) -> None:
    project_id, made = _project(catalogue)
    page_without_js.goto(f"/projekt/{project_id}/designhistorik")
    expect(
        page_without_js.get_by_text("Byte av steg: från Ringa in till Undersöka")
    ).to_be_visible()
    page_without_js.get_by_role("link", name="Gå till den senaste händelsen").click()
    expect(page_without_js.locator(f"#test-{made['test_id']}")).to_be_in_viewport()


def test_the_history_fits_a_phone(page: Any, catalogue: Any) -> None:
    project_id, _made = _project(catalogue)
    page.set_viewport_size({"width": 390, "height": 844})
    for url in (
        f"/projekt/{project_id}/designhistorik",
        f"/projekt/{project_id}/designhistorik/utskrift",
    ):
        page.goto(url)
        wide = page.evaluate(
            "document.documentElement.scrollWidth > document.documentElement.clientWidth"
        )
        assert not wide, url
        assert violations(page) == []
