"""Mitt arbete, the project board and the residents' pages in a browser: no axe violations,
and a card moves with the keyboard alone."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from playwright.sync_api import expect

from tests.browser.axe import violations
from tests.dialogues.factories import make_dialogue
from tests.factories import make_project
from tests.support import run_in_thread
from tracker.accounts.services import principal_of
from tracker.accounts.tables import Account, Membership
from tracker.clock import now, today
from tracker.dialogues.rules import State


def test_my_work_and_the_board_are_accessible_and_cards_move_by_keyboard(
    page: Any, catalogue: Any
) -> None:
    async def create() -> int:
        row = await Account.select().where(Account.email == "alva@kommun.example").first()
        assert row is not None
        alva = principal_of(row)
        project = await make_project(
            catalogue, title="Busslinjen", current_step="undersoka", actor=alva
        )
        dialogue = await make_dialogue(
            title="Trygg park",
            state=State.DECIDED,
            feedback_due=today() - timedelta(days=2),
            actor=alva,
        )
        for kind, record in (("project", project.id), ("dialogue", dialogue.id)):
            # Administrators are not made members by creating; Mitt arbete is by membership.
            await Membership.insert(
                Membership(
                    account=alva.id,
                    record_type=kind,
                    record_id=record,
                    added_at=now(),
                    added_by=alva.name,
                )
            )
        return int(project.id)

    project_id = run_in_thread(create())
    page.goto("/")
    waiting = page.locator(".work-list").inner_text()
    assert "Trygg park" in waiting and "Busslinjen" in waiting, waiting
    assert violations(page) == []

    page.goto("/projekt/tavla")
    assert violations(page) == []
    summary = page.locator(f"#kort-{project_id} summary")
    summary.focus()
    page.keyboard.press("Enter")  # opens the card's move form
    page.keyboard.press("Tab")  # to "Flytta till"
    assert page.evaluate("document.activeElement.id") == f"to-{project_id}"
    page.locator(f"#to-{project_id}").select_option("fokusera")
    assert violations(page) == []
    page.locator(f"#kort-{project_id} button[type=submit]").focus()
    page.keyboard.press("Enter")
    # Open checklist items: the project page asks first, as Byt steg does.
    page.get_by_role("button", name="Gå vidare ändå").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Projektet är nu i steget Fokusera.")).to_be_visible()
    page.goto("/projekt/tavla")
    assert page.locator("#column-fokusera").locator("xpath=..").get_by_text("Busslinjen").count()
    page.set_viewport_size({"width": 390, "height": 800})
    # The columns scroll inside the board; the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 800})

    for path in (
        "/konto/kalender",
        "/ni-sa-vi-gjorde",
        "/tillganglighet",
        "/tillganglighet/redigera",
    ):
        page.goto(path)
        assert violations(page) == [], path
