"""A newcomer's first session: create a project, log an iteration, go back a step, read the history."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests import personas
from tests.browser.conftest import open_in_place
from tests.support import run_in_thread


def _create_project(page: Any, title: str = "Enklare ansökan om färdtjänst") -> None:
    page.goto("/projekt/ny")
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Utmaning").fill("Många sökande vet inte vilka intyg som behövs.")
    page.get_by_label("Målgrupp").fill("Äldre och personer med funktionsnedsättning")
    page.get_by_label("Ansvarig förvaltning").fill("Socialförvaltningen")
    page.get_by_label("Ansvarig nämnd").fill("Socialnämnden")
    page.get_by_label("Projektledare").fill("Verksamhetsutvecklare")
    page.get_by_label("Startdatum").fill("2026-03-15")
    page.get_by_role("button", name="Skapa projekt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def _current_step(page: Any) -> Any:
    return page.locator('.stepper [aria-current="step"] .stepper__name')


def test_create_log_iteration_and_go_back_with_a_reason(page: Any) -> None:
    _create_project(page)
    expect(page.get_by_text("Projektet är skapat.")).to_be_visible()
    expect(_current_step(page)).to_have_text("Ringa in")
    page.evaluate("window.__samePage = true")  # survives only if htmx updates in place

    # The form opens on demand, in place, with the keyboard in its first field.
    expect(page.get_by_label("Vad gjorde ni?")).to_have_count(0)
    page.get_by_role("link", name="Logga en iteration").click()
    expect(page.get_by_label("Startdatum")).to_be_focused()
    page.get_by_label("Startdatum").fill("2026-03-16")
    page.get_by_label("Vad gjorde ni?").fill("Workshop med handläggare och en aktörskarta.")
    page.get_by_label("Metoder").fill("1 workshop, aktörskarta")
    page.get_by_label("Gå vidare till nästa steg").check()
    page.get_by_role("button", name="Spara iterationen").click()
    # Nothing is ticked in the checklist: the page asks first, naming the open items.
    question = page.locator("#iteration-confirm")
    expect(question).to_contain_text("6 av 6 punkter i checklistan för Ringa in är inte klara")
    expect(question).to_be_in_viewport()
    page.get_by_role("button", name="Gå vidare ändå").click()

    history = page.locator("#historik")
    expect(history.get_by_role("heading", name="Iteration 1 i Ringa in")).to_be_visible()
    expect(_current_step(page)).to_have_text("Undersöka")
    confirmation = page.locator("#logga .flash-list")
    expect(confirmation).to_contain_text("Projektet är nu i steget Undersöka.")
    expect(confirmation).to_be_focused()
    expect(page.get_by_label("Vad gjorde ni?")).to_have_count(0)  # the form is closed again
    assert page.evaluate("window.__samePage") is True
    expect(page).to_have_url(re.compile(r"/projekt/\d+$"))

    # Going back, to a step of their choice, is an iteration's decision too: without a
    # reason it is refused in place, with the message beside the field.
    expect(page.get_by_role("link", name="Byt steg")).to_have_count(0)  # the one way
    open_in_place(page.get_by_role("link", name="Logga en iteration"))
    page.get_by_label("Startdatum").fill("2026-03-30")
    page.get_by_label("Vad gjorde ni?").fill("Intervjuer med fem sökande.")
    page.get_by_label("Gå tillbaka till ett tidigare steg").check()
    page.get_by_label("Om ni går tillbaka: till vilket steg?").select_option(label="Ringa in")
    page.get_by_role("button", name="Spara iterationen").click()
    expect(page.locator("#it-reason-error")).to_contain_text("Skriv varför projektet går tillbaka")
    expect(_current_step(page)).to_have_text("Undersöka")

    page.get_by_label("Om ni går tillbaka: varför?").fill(
        "Utmaningen var för bred för att undersöka."
    )
    page.get_by_role("button", name="Spara iterationen").click()
    expect(
        history.get_by_role("heading", name="Tillbaka från Undersöka till Ringa in")
    ).to_be_visible()
    expect(history.get_by_text("Utmaningen var för bred för att undersöka.")).to_be_visible()
    expect(_current_step(page)).to_have_text("Ringa in")
    assert page.evaluate("window.__samePage") is True

    # The history survives a reload: it is stored, not only shown.
    page.reload()
    expect(history.locator(".timeline__item")).to_have_count(5)


def test_checklist_ticks_with_the_keyboard_and_updates_in_place(page: Any) -> None:
    _create_project(page)
    first = page.locator("#checklista input[type=checkbox]").first
    first.focus()
    page.keyboard.press("Space")
    expect(page.locator("#checklist-progress")).to_have_text("1 av 6 klara")
    page.reload()
    expect(page.locator("#checklista input[type=checkbox]").first).to_be_checked()


def test_everything_works_without_javascript(page_without_js: Any) -> None:
    page = page_without_js
    _create_project(page, "Biblioteket som mötesplats för unga")
    page.get_by_role("link", name="Logga en iteration").click()
    expect(page).to_have_url(re.compile(r"/iterationer/ny$"))
    page.get_by_label("Startdatum").fill("2026-03-20")
    page.get_by_label("Vad gjorde ni?").fill("Intervjuer med unga på fritidsgården.")
    page.get_by_label("Gå vidare till nästa steg").check()
    page.get_by_role("button", name="Spara iterationen").click()
    page.get_by_role("button", name="Gå vidare ändå").click()
    expect(_current_step(page)).to_have_text("Undersöka")

    page.locator("#checklista input[type=checkbox]").first.check()
    page.get_by_role("button", name="Spara checklistan").click()
    expect(page.locator("#checklist-progress")).to_have_text("1 av 6 klara")

    page.get_by_role("link", name="Logga en iteration").click()
    page.get_by_label("Startdatum").fill("2026-03-27")
    page.get_by_label("Vad gjorde ni?").fill("Observationer på biblioteket.")
    page.get_by_label("Gå tillbaka till ett tidigare steg").check()
    page.get_by_label("Om ni går tillbaka: till vilket steg?").select_option(label="Ringa in")
    page.get_by_label("Om ni går tillbaka: varför?").fill("Vi behöver ringa in målgruppen bättre.")
    page.get_by_role("button", name="Spara iterationen").click()
    expect(_current_step(page)).to_have_text("Ringa in")
    expect(page.get_by_text("Vi behöver ringa in målgruppen bättre.")).to_be_visible()


def test_the_back_button_returns_to_the_filtered_list(page: Any) -> None:
    _create_project(page, "Tryggare skolväg")
    _create_project(page, "Digital anmälan till förskola")
    page.goto("/projekt")
    page.get_by_label("Sök på titel").fill("skolväg")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"q=skolv"))
    page.get_by_role("link", name="Tryggare skolväg").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tryggare skolväg")
    page.go_back()
    expect(page.get_by_label("Sök på titel")).to_have_value("skolväg")
    expect(page.locator("#results tbody tr")).to_have_count(1)


def test_a_member_is_added_in_place(page: Any) -> None:
    kim = run_in_thread(personas.kim())
    _create_project(page, "Tryggare skolväg")
    page.evaluate("window.__samePage = true")
    members = page.locator("#medlemmar")
    expect(members.get_by_label("Redaktör")).to_have_count(0)  # the form is not on the page

    members.get_by_role("link", name="Lägg till medlem").click()  # opens in place
    expect(members.get_by_label("Redaktör")).to_be_focused()
    members.get_by_label("Redaktör").select_option(label=f"{kim.name} ({kim.email})")
    members.get_by_role("button", name="Lägg till medlem").click()
    expect(members.locator(".flash-list")).to_contain_text("Medlemmen är tillagd.")
    expect(members.locator(".member-list")).to_contain_text(kim.name)
    assert page.evaluate("window.__samePage") is True
