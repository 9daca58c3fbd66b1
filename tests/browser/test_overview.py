"""The leadership overview in a browser: no axe violations, no sideways scroll at 390 px, the
filter form works without JavaScript and a band of the flow leads to its records."""

from __future__ import annotations

from typing import Any

from tests.browser.axe import violations
from tests.dialogues.factories import make_dialogue
from tests.overview.chain import make_chain
from tests.support import run_in_thread


def test_the_overview_is_accessible_and_its_flow_leads_to_the_records(
    page: Any, catalogue: Any
) -> None:
    async def create() -> None:
        await make_chain(catalogue)
        await make_dialogue(state="held", title="Dialog utan insikter")

    run_in_thread(create())
    page.goto("/oversikt?fran=2026-01-01&till=2026-12-31")
    assert page.locator("h1").inner_text() == "Översikt för ledningen"
    assert violations(page) == []

    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 800})

    page.fill("#fran", "2026-02-30")
    page.click("button:has-text('Visa flödet')")
    assert page.locator("#fran-error").is_visible()
    assert page.locator("#fran").input_value() == "2026-02-30"
    assert violations(page) == []

    page.fill("#fran", "2026-01-01")
    page.click("button:has-text('Visa flödet')")
    page.locator("svg a[href*='mangd=feedback']").first.click()
    page.wait_for_url("**/oversikt/poster?mangd=feedback*")
    assert "Dialog om skolvägen 0" in page.locator("main").inner_text()
    assert violations(page) == []
