"""After an htmx save the user stays where they were: the saved section stays on the screen,
about where it was, instead of the page jumping to its end (scroll anchoring following the
swapped-out content) or to its top."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import open_in_place
from tests.dialogues.factories import make_dialogue
from tests.factories import make_project
from tests.support import run_in_thread


def _top(page: Any, selector: str) -> float:
    return float(page.locator(selector).evaluate("e => e.getBoundingClientRect().top"))


def _stays(page: Any, selector: str, save: Any, done: str) -> None:
    page.locator(selector).scroll_into_view_if_needed()
    page.evaluate(f"document.querySelector('{selector}').scrollIntoView({{block: 'center'}})")
    before = _top(page, selector)
    page.evaluate("window.__samePage = true")
    save()
    expect(page.get_by_text(done).first).to_be_attached()
    page.wait_for_timeout(300)
    assert page.evaluate("window.__samePage") is True  # htmx updated in place
    after = _top(page, selector)
    height = page.evaluate("innerHeight")
    bottom = page.locator(selector).evaluate("e => e.getBoundingClientRect().bottom")
    assert after < height and bottom > 0, (selector, before, after)  # still on the screen
    assert abs(after - before) < 200, (selector, before, after)  # and about where it was


def test_saving_on_a_dialogue_page_keeps_the_section_in_view(page: Any) -> None:
    dialogue_id = run_in_thread(_held_dialogue())
    page.set_viewport_size({"width": 1024, "height": 700})
    page.goto(f"/dialoger/{dialogue_id}")
    results = "#resultat"
    open_in_place(page.get_by_role("link", name="Sammanfatta resultatet"))  # opens in place
    page.get_by_label("Sammanfattning av resultatet").fill("Belysning var det viktigaste.")
    _stays(
        page,
        results,
        lambda: page.get_by_role("button", name="Spara resultatet").click(),
        "Resultatet är sparat",
    )


def test_saving_evidence_keeps_the_capture_section_in_view(page: Any) -> None:
    dialogue_id = run_in_thread(_held_dialogue())
    page.set_viewport_size({"width": 1024, "height": 700})
    page.goto(f"/dialoger/{dialogue_id}")
    open_in_place(page.get_by_role("link", name="Lägg till underlag"))  # opens in place
    page.get_by_label("Citat eller iakttagelse").fill("Det är mörkt vid busshållplatsen.")
    page.get_by_label("Vem sa det (kategori)").fill("förälder, 30–44 år")
    _stays(
        page,
        "#underlag",
        lambda: page.get_by_role("button", name="Spara underlaget").click(),
        "Det är mörkt vid busshållplatsen.",
    )


def test_saving_on_a_project_page_keeps_the_section_in_view(page: Any, catalogue: Any) -> None:
    project_id = run_in_thread(_project(catalogue))
    page.set_viewport_size({"width": 1024, "height": 700})
    page.goto(f"/projekt/{project_id}")
    page.evaluate("window.__samePage = true")
    open_in_place(page.get_by_role("link", name="Logga en iteration"))  # opens the form in place
    page.get_by_label("Startdatum").fill("2026-03-16")
    page.get_by_label("Vad gjorde ni?").fill("Intervjuer med föräldrar.")
    page.get_by_label("Gå tillbaka till ett tidigare steg").check()
    page.get_by_label("Om ni går tillbaka: till vilket steg?").select_option(label="Ringa in")
    page.get_by_label("Om ni går tillbaka: varför?").fill("Vi behöver ringa in målgruppen bättre.")
    page.get_by_role("button", name="Spara iterationen").click()
    # The form closes; its section, with the confirmation in it, is on the screen.
    confirmation = page.locator("#logga .flash-list")
    expect(confirmation).to_contain_text("Projektet är nu i steget Ringa in.")
    expect(confirmation).to_be_focused()
    expect(confirmation).to_be_in_viewport()
    assert page.evaluate("window.__samePage") is True


async def _held_dialogue() -> int:
    return int((await make_dialogue(state="held")).id)


async def _project(catalogue: Any) -> int:
    return int((await make_project(catalogue, current_step="undersoka")).id)


def test_after_a_save_focus_goes_to_the_confirmation_beside_the_form(page: Any) -> None:
    dialogue_id = run_in_thread(_held_dialogue())
    page.set_viewport_size({"width": 1024, "height": 700})
    page.goto(f"/dialoger/{dialogue_id}")
    page.get_by_role("link", name="Sammanfatta resultatet").click()  # opens in place
    expect(page.get_by_label("Sammanfattning av resultatet")).to_be_focused()
    page.get_by_label("Sammanfattning av resultatet").fill("Belysning var det viktigaste.")
    page.get_by_role("button", name="Spara resultatet").click()
    # The form closes; the confirmation is in its section, where the user is.
    confirmation = page.locator("#resultat .flash-list")
    expect(confirmation).to_contain_text("Resultatet är sparat")
    expect(confirmation).to_be_focused()
    assert confirmation.get_attribute("role") == "status"  # announced where it is
    expect(page.locator("#main > .flash-list")).to_have_count(0)  # not at the top of the page
    expect(page.locator("#resultat")).to_contain_text("Belysning var det viktigaste.")
    top = confirmation.evaluate("e => e.getBoundingClientRect().top")
    assert 0 <= top < page.evaluate("innerHeight")


def test_after_a_refused_save_focus_goes_to_the_error_summary(page: Any) -> None:
    dialogue_id = run_in_thread(_held_dialogue())
    page.goto(f"/dialoger/{dialogue_id}")
    open_in_place(page.get_by_role("link", name="Lägg till underlag"))  # opens in place
    page.get_by_label("Citat eller iakttagelse").fill("Ring mig på 070-123 45 67.")
    page.get_by_label("Vem sa det (kategori)").fill("förälder, 30–44 år")
    page.get_by_role("button", name="Spara underlaget").click()
    summary = page.locator("#underlag .error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert page.evaluate("document.activeElement !== document.body")
