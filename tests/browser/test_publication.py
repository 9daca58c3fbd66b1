""" "Ni sa – vi gjorde" in a real browser: Robin drafts from the chain and sends it for review,
Alva approves and publishes, and a signed-out visitor reads the public page. Axe finds no
WCAG 2.1 A/AA violations on the staff page (also with errors) or on the public page."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests import personas
from tests.browser.axe import violations
from tests.browser.conftest import sign_in_with_form
from tests.insights.publication.test_publication import INTERNAL_NOTE, INTERNAL_QUOTE, build_chain
from tests.support import run_in_thread
from tracker.clock import today


def _sign_out(page: Any) -> None:
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(lambda url: "/logga-in" in url)


def test_draft_review_publish_and_read_signed_out(anonymous_page: Any, catalogue: Any) -> None:
    page = anonymous_page

    async def create() -> tuple[int, str, str]:
        robin = await personas.robin()
        alva = await personas.alva()
        chain = await build_chain(catalogue, actor=robin)
        return chain.dialogue_id, robin.email, alva.email

    dialogue_id, robin_email, alva_email = run_in_thread(create())
    staff_url = f"/dialoger/{dialogue_id}/ni-sa-vi-gjorde"

    sign_in_with_form(page, robin_email)
    page.goto(staff_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ni sa – vi gjorde")
    expect(page.get_by_label("Det här sa ni")).to_contain_text("Föräldrar känner sig otrygga")
    assert violations(page) == []

    # An empty heading is refused in place, with the rest of the text kept.
    page.get_by_label("Rubrik").fill("")
    page.get_by_label("Intern anteckning").fill(INTERNAL_NOTE)
    page.get_by_role("button", name="Spara utkastet").click()
    expect(page.locator(".error-summary")).to_contain_text("Skriv en rubrik.")
    expect(page.get_by_label("Intern anteckning")).to_have_value(INTERNAL_NOTE)
    assert violations(page) == []

    page.get_by_label("Rubrik").fill("Ni sa – vi gjorde: tryggare skolväg")
    page.get_by_role("button", name="Spara utkastet").click()
    expect(page.get_by_text("Utkastet är sparat.")).to_be_visible()
    # Asking no one is refused beside the field; then Robin asks Alva.
    page.get_by_role("button", name="Skicka för granskning").click()
    expect(page.locator("#reviewers-error")).to_contain_text("Välj minst en kollega")
    assert violations(page) == []
    page.get_by_label("Testanvändare").check()
    page.get_by_role("button", name="Skicka för granskning").click()
    expect(page.get_by_text("Sidan är skickad för granskning till Testanvändare.")).to_be_visible()
    expect(page.get_by_text("Ombedda att granska: Testanvändare.")).to_be_visible()
    # Robin wrote it, so Robin cannot approve it.
    expect(page.get_by_role("button", name="Godkänn texten")).to_have_count(0)
    assert violations(page) == []
    _sign_out(page)

    sign_in_with_form(page, alva_email)
    page.goto(staff_url)
    page.get_by_role("button", name="Godkänn texten").click()
    expect(page.get_by_text("Sidan är godkänd och kan publiceras.")).to_be_visible()
    page.get_by_role("button", name="Publicera").click()
    expect(page.get_by_text("Version 1 är publicerad.")).to_be_visible()
    assert violations(page) == []
    _sign_out(page)

    page.goto(f"/ni-sa-vi-gjorde/{dialogue_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ni sa – vi gjorde: tryggare skolväg")
    expect(page.get_by_text(f"Version 1, publicerad {today().isoformat()}")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Det här har vi inte gjort, och varför")
    ).to_be_visible()
    content = page.content()
    assert INTERNAL_NOTE not in content and INTERNAL_QUOTE not in content
    expect(page.get_by_role("button", name="Logga ut")).to_have_count(0)
    assert page.url.endswith(f"/ni-sa-vi-gjorde/{dialogue_id}")  # no sign-in needed
    assert violations(page) == []
