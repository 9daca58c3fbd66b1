"""An administrator's *Skicka länk för nytt lösenord* in a real browser, without a mail server:
the confirmation shows a one-time link marked as expiring, never a password; it wraps at
390 px and axe finds no WCAG 2.1 A/AA violations."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests import personas
from tests.browser.axe import violations
from tests.support import run_in_thread


def test_a_new_password_shows_an_expiring_link_not_a_password(page: Any) -> None:
    kim = run_in_thread(personas.kim())
    page.goto(f"/admin/konton/{kim.id}")
    assert violations(page) == []

    page.get_by_role("button", name="Skicka länk för nytt lösenord").click()
    flash = page.locator(".flash")
    expect(flash).to_contain_text("/inloggningslank/")
    expect(flash).to_contain_text("gäller i 24 timmar, fungerar en gång")
    assert "tillfälligt" not in flash.inner_text()
    assert violations(page) == []
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
