"""The axe-core scan every browser test uses: WCAG 2.1 A and AA, after htmx has settled."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    # Only the violations in full: the passes' every element would be sent back too.
    "resultTypes": ["violations"],
}
# While htmx waits for an answer the form is dimmed (.htmx-request in tracker.css), which axe
# would report as too little contrast: scan the page as the user reads it, after the swap.
_HTMX_BUSY = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"


def violations(page: Any) -> list[str]:
    """Each WCAG 2.1 AA violation on the page, with how many elements and the first of them."""
    page.wait_for_function(_HTMX_BUSY)
    results = Axe().run(page, options=WCAG_21_AA)
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} st, t.ex. "
        f"{violation['nodes'][0]['target']})"
        for violation in results.response["violations"]
    ]
