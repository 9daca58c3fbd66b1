"""Publishing a project's design history in a real browser (issue 18): Alva sends it for
review from the project's page with the keyboard, Gun approves and publishes it from the
project's page, and a signed-out visitor reads it with its pictures and without internal
evidence. Axe finds nothing; without JavaScript the forms work too."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.browser.axe import violations
from tests.browser.conftest import sign_in_with_form
from tests.design.history_publication_factories import make_reviewer
from tests.design.test_history_pages import INTERNAL_NOTE, PUBLIC_QUOTE, _project_with_history
from tests.support import run_in_thread


def _project(catalogue: Any) -> tuple[int, str]:
    async def create() -> tuple[int, str]:
        project_id, _ = await _project_with_history(catalogue)
        return project_id, (await make_reviewer()).email

    return run_in_thread(create())


def _press(page: Any, role: str, name: str) -> None:
    page.get_by_role(role, name=name).focus()
    page.keyboard.press("Enter")


def test_review_and_publish_with_the_keyboard_and_read_signed_out(
    page: Any, catalogue: Any
) -> None:
    project_id, reviewer_email = _project(catalogue)
    page.goto(f"/projekt/{project_id}")
    expect(page.locator("#designhistorik-publicering")).to_contain_text("Inte publicerad")
    _press(page, "link", "Skicka för granskning")
    expect(page.get_by_role("heading", level=1)).to_have_text("Publicera designhistoriken")
    expect(page.get_by_text(PUBLIC_QUOTE)).to_be_visible()
    expect(page.get_by_text(INTERNAL_NOTE)).to_have_count(0)
    assert violations(page) == []

    # Asking no one is refused beside the field (and the page stays accessible).
    _press(page, "button", "Skicka för granskning")
    expect(page.locator("#reviewers-error")).to_contain_text("Välj minst en kollega")
    assert violations(page) == []
    page.get_by_label("Gun Granskare").focus()
    page.keyboard.press("Space")
    _press(page, "button", "Skicka för granskning")
    expect(page.get_by_text("Designhistoriken är skickad för granskning till Gun")).to_be_visible()
    expect(page.get_by_text("Ombedda att granska: Gun Granskare.")).to_be_visible()
    expect(page.get_by_role("button", name="Godkänn historiken")).to_have_count(0)
    assert violations(page) == []
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(lambda url: "/logga-in" in url)

    sign_in_with_form(page, reviewer_email)
    page.goto(f"/projekt/{project_id}")
    expect(page.locator("#designhistorik-publicering")).to_contain_text("Väntar på granskning")
    assert violations(page) == []
    _press(page, "button", "Godkänn historiken")
    expect(page.get_by_text("Designhistoriken är godkänd och kan publiceras.")).to_be_visible()
    _press(page, "button", "Publicera")
    expect(page.get_by_text("Version 1 är publicerad.")).to_be_visible()
    assert violations(page) == []
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(lambda url: "/logga-in" in url)

    page.goto(f"/designhistorik/{project_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enklare ansökan om bygglov")
    expect(page.get_by_role("img", name="Ett sms på en mobilskärm")).to_have_count(2)
    assert page.evaluate(
        "[...document.images].every(image => image.complete && image.naturalWidth > 0)"
    )
    expect(page.get_by_text(PUBLIC_QUOTE)).to_be_visible()
    assert INTERNAL_NOTE not in page.content()
    assert violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    assert not page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def test_the_forms_work_without_javascript(page_without_js: Any, catalogue: Any) -> None:
    page = page_without_js
    project_id, _ = _project(catalogue)
    page.goto(f"/projekt/{project_id}/designhistorik/publicering")
    page.get_by_role("textbox", name="Inledning").fill("Så tog vi fram sms:et.")
    page.get_by_role("button", name="Spara utkastet").click()
    expect(page.get_by_text("Utkastet är sparat.")).to_be_visible()
    page.get_by_role("button", name="Skicka för granskning").click()
    expect(page.locator("#reviewers-error")).to_contain_text("Välj minst en kollega")
    page.get_by_label("Gun Granskare").check()
    page.get_by_role("button", name="Skicka för granskning").click()
    expect(page.get_by_text("Ombedda att granska: Gun Granskare.")).to_be_visible()
    expect(page.locator("#publication-state")).to_have_text("Väntar på granskning")
