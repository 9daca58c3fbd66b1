"""After a save in "Underlag och insikter" on a dialogue's page (each form opened on demand, in
place; htmx swaps only that section): the form stays open, the confirmation stands beside it,
is a live region and takes the focus, Tab leads on into the form, axe finds nothing and the
console stays clean (issue 14)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.browser.axe import violations
from tests.browser.conftest import listen_for_errors, unexpected
from tests.dialogues.factories import make_dialogue
from tests.support import run_in_thread


async def _held_dialogue() -> int:
    return int((await make_dialogue(state="held")).id)


def _type_into(page: Any, label: str, text: str) -> None:
    page.get_by_label(label, exact=True).focus()
    page.keyboard.type(text)


def _open(page: Any, name: str, first_field: str) -> None:
    """A form opens on demand, in place, with the keyboard; focus goes to its first field."""
    page.get_by_role("link", name=name).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label(first_field, exact=True)).to_be_focused()


def _submit(page: Any, name: str) -> None:
    page.get_by_role("button", name=name).focus()
    page.keyboard.press("Enter")


def _confirmed_before(page: Any, message: str, form_action: str) -> None:
    """The confirmation is focused, announced (role="status") and right before the saved form."""
    confirmation = page.locator("#underlag .flash-list")
    expect(confirmation).to_have_count(1)
    expect(confirmation).to_contain_text(message)
    expect(confirmation).to_be_focused()
    assert confirmation.get_attribute("role") == "status"
    follows = confirmation.evaluate("e => e.nextElementSibling.getAttribute('action')")
    assert follows == form_action
    top = confirmation.evaluate("e => e.getBoundingClientRect().top")
    assert 0 <= top < page.evaluate("innerHeight")  # where the user is, not out of view


def test_a_save_in_the_capture_section_is_confirmed_beside_the_form(page: Any) -> None:
    errors = listen_for_errors(page)
    dialogue_id = run_in_thread(_held_dialogue())
    page.goto(f"/dialoger/{dialogue_id}")
    page.evaluate("window.__samePage = true")
    base = f"/dialoger/{dialogue_id}"

    _open(page, "Lägg till underlag", "Citat eller iakttagelse")
    _type_into(page, "Citat eller iakttagelse", "Det är mörkt vid busshållplatsen.")
    _type_into(page, "Vem sa det (kategori)", "ung, 13–19 år")
    _submit(page, "Spara underlaget")
    expect(page.locator("#underlag")).to_contain_text("Underlag (1)")
    _confirmed_before(page, "Underlaget är sparat.", f"{base}/underlag")
    assert page.evaluate("window.__samePage") is True  # htmx swapped the section in place
    expect(page.locator("#main > .flash-list")).to_have_count(0)  # not also at the top
    assert violations(page) == []
    page.keyboard.press("Tab")  # on into the form, for the next piece of evidence
    expect(page.get_by_label("Citat eller iakttagelse", exact=True)).to_be_focused()

    _open(page, "Formulera en insikt", "Insikt")
    _type_into(page, "Insikt", "Mörker gör hållplatsen otrygg")
    page.get_by_label("Det är mörkt vid busshållplatsen.", exact=False).focus()
    page.keyboard.press("Space")
    _submit(page, "Spara insikten")
    expect(page.locator("#underlag")).to_contain_text("Insikter (1)")
    _confirmed_before(page, "Insikten är sparad.", f"{base}/insikter/ny")
    expect(page.locator("#underlag")).not_to_contain_text("Underlaget är sparat.")
    assert violations(page) == []

    page.reload()  # the confirmations were shown once, and are not shown again
    expect(page.locator(".flash-list")).to_have_count(0)
    assert unexpected(errors) == []
