"""Signing in and out in a real browser, and an htmx edit that carries the CSRF token."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests import personas
from tests.browser.conftest import sign_in_with_form
from tests.factories import make_project
from tests.support import run_in_thread


def test_a_visitor_signs_in_and_comes_back_to_the_page_they_asked_for(
    anonymous_page: Any, catalogue: Any
) -> None:
    page = anonymous_page
    user = run_in_thread(personas.robin())
    project = run_in_thread(make_project(catalogue, actor=user))

    page.goto(f"/projekt/{project.id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")

    page.get_by_label("E-postadress").fill(user.email)
    page.get_by_label("Lösenord").fill("fel-lösenord-igen")
    page.get_by_role("button", name="Logga in").click()
    expect(page.locator("#email-error")).to_contain_text("Fel e-postadress eller lösenord")
    expect(page.get_by_label("E-postadress")).to_have_value(user.email)

    page.get_by_label("Lösenord").fill(personas.PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(project.title)
    expect(page.get_by_text("Välkommen, Robin Redaktör!")).to_be_visible()

    # An htmx edit: the checklist saves in place, with the CSRF token in a header.
    page.evaluate("window.__samePage = true")
    requests: list[dict[str, str]] = []
    page.on(
        "request",
        lambda request: requests.append(request.headers) if request.method == "POST" else None,
    )
    page.locator("#checklista input[type=checkbox]").first.check()
    expect(page.locator("#checklist-progress")).to_have_text("1 av 6 klara")
    assert page.evaluate("window.__samePage") is True
    assert requests and requests[0].get("hx-request") == "true"
    assert requests[0].get("x-csrftoken")

    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_text("Du är utloggad.")).to_be_visible()
    page.goto(f"/projekt/{project.id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")


def test_a_reader_sees_no_edit_controls(anonymous_page: Any, catalogue: Any) -> None:
    page = anonymous_page
    reader = run_in_thread(personas.lo())
    project = run_in_thread(make_project(catalogue))
    sign_in_with_form(page, reader.email)

    page.goto(f"/projekt/{project.id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(project.title)
    expect(page.get_by_role("button", name="Spara iterationen")).to_have_count(0)
    expect(page.get_by_role("link", name="Logga en iteration")).to_have_count(0)
    expect(page.get_by_role("link", name="Byt steg")).to_have_count(0)
    expect(page.get_by_role("link", name="Ändra projektet")).to_have_count(0)
    page.goto("/projekt")
    expect(page.get_by_role("link", name="Skapa projekt")).to_have_count(0)
