"""A test's observations as evidence, in a real browser: captured and turned into an insight
with the keyboard, the forms without JavaScript, and the test's page (also with an error shown)
passing axe and keeping to 390 px."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.browser.axe import violations
from tests.design.factories import make_design
from tests.factories import make_project
from tests.support import run_in_thread


def _made(catalogue: Any) -> tuple[int, int]:
    async def create() -> tuple[int, int]:
        project = await make_project(catalogue, title="Påminnelser")
        return int(project.id), (await make_design(project.id))["test_id"]

    return run_in_thread(create())


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


def _focused_after_save(page: Any, label: str) -> None:
    """After a save the keyboard is on the confirmation beside the form (once htmx has
    settled), and Tab leads into the form's first field, ready for the next one; wait for
    each, as a keyboard user would, before moving on."""
    expect(page.locator("#underlag .flash-list")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label(label, exact=True)).to_be_focused()


def test_an_observation_becomes_evidence_and_an_insight_with_the_keyboard(
    page: Any, catalogue: Any
) -> None:
    _, test = _made(catalogue)
    page.goto(f"/tester/{test}")
    _open(page, "Lägg till underlag", "Citat eller iakttagelse")
    _type_into(page, "Citat eller iakttagelse", "Anna Svensson hittade inte knappen.")
    _submit(page, "Spara underlaget")
    expect(page.locator("#ev-text-error")).to_be_visible()
    assert violations(page) == []
    page.get_by_label("Citat eller iakttagelse", exact=True).fill("")
    _type_into(page, "Citat eller iakttagelse", "Två av sex letade efter knappen.")
    _submit(page, "Spara underlaget")
    expect(page.locator("#underlag")).to_contain_text("Två av sex letade efter knappen.")
    _focused_after_save(page, "Citat eller iakttagelse")
    _open(page, "Formulera en insikt", "Insikt")
    _type_into(page, "Insikt", "Knappen syns inte på mobilen")
    page.get_by_label("Två av sex letade efter knappen.", exact=False).focus()
    page.keyboard.press("Space")
    _submit(page, "Spara insikten")
    expect(page.locator("#underlag")).to_contain_text("Insikter (1)")
    _focused_after_save(page, "Insikt")
    page.get_by_role("link", name="Knappen syns inte på mobilen").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Pappersprototyp i rollspel").first).to_be_visible()
    assert violations(page) == []


def test_capturing_on_a_test_works_without_javascript(page_without_js: Any, catalogue: Any) -> None:
    page = page_without_js
    _, test = _made(catalogue)
    page.goto(f"/tester/{test}")
    page.get_by_role("link", name="Lägg till underlag").click()  # the form's own page
    expect(page.get_by_role("heading", level=1)).to_have_text("Lägg till underlag")
    expect(page.get_by_label("Vem sa det (kategori)")).to_have_value(
        re.compile(r"^deltagare i testet")
    )
    page.get_by_label("Citat eller iakttagelse").fill("Fyra förstod sms:et direkt.")
    page.get_by_role("button", name="Spara underlaget").click()
    expect(page.get_by_text("Underlaget är sparat.")).to_be_visible()  # back on the test's page
    expect(page.get_by_label("Citat eller iakttagelse")).to_be_empty()  # open for the next
    page.get_by_role("link", name="Formulera en insikt").click()
    page.get_by_label("Insikt", exact=True).fill("Sms:et är tydligt")
    page.get_by_role("button", name="Spara insikten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Formulera en insikt")
    expect(page.locator("#in-evidence-error")).to_be_visible()
    expect(page.get_by_label("Insikt", exact=True)).to_have_value("Sms:et är tydligt")
    page.get_by_label("Fyra förstod sms:et direkt.", exact=False).check()
    page.get_by_role("button", name="Spara insikten").click()
    expect(page.get_by_text("Insikten är sparad.")).to_be_visible()


def test_the_tests_page_with_its_capture_section_has_no_violations(
    page: Any, catalogue: Any
) -> None:
    _, test = _made(catalogue)
    page.goto(f"/tester/{test}")
    assert violations(page) == []
    page.get_by_role("link", name="Lägg till underlag").click()  # open in place
    expect(page.get_by_label("Citat eller iakttagelse", exact=True)).to_be_focused()
    assert violations(page) == []
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/kedjan")
    expect(page.locator("#tester-utan-insikter")).to_contain_text("Pappersprototyp i rollspel")
    assert violations(page) == []
