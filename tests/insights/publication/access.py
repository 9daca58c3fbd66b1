"""Who may use the "Ni sa – vi gjorde" routes (read by tests/test_route_access.py via
tests/route_areas.py). The public pages are open to everyone, signed in or not."""

from __future__ import annotations

from tests.insights.factories import ask_review
from tracker.accounts.permissions import Principal, system_actor
from tracker.insights.publication import services as publication
from tracker.insights.publication.rules import PageText

STAFF = "/dialoger/{dialogue_id}/ni-sa-vi-gjorde"

ACCESS: dict[tuple[str, str], str] = {
    ("GET", STAFF): "read",
    ("GET", STAFF + "/forhandsvisning"): "read",
    ("GET", STAFF + "/qr.svg"): "read",
    ("POST", STAFF): "edit",
    ("POST", STAFF + "/granskning"): "edit",
    ("POST", STAFF + "/godkann"): "edit",
    ("POST", STAFF + "/tillbaka"): "edit",
    ("POST", STAFF + "/publicera"): "edit",
    ("GET", "/ni-sa-vi-gjorde/{dialogue_id}"): "public",
    ("GET", "/ni-sa-vi-gjorde/kommunlogga"): "public",
    ("GET", "/ni-sa-vi-gjorde/{dialogue_id}/version/{version_number}"): "public",
}


async def path_ids(robin: Principal, ids: dict[str, int]) -> dict[str, int]:
    """Robin's dialogue gets a published version 1 (approved by someone else, as the rule says)."""
    dialogue_id = ids["dialogue_id"]
    text = PageText(
        title="Ni sa – vi gjorde: trygghet i centrum",
        intro="",
        you_said="- Gångvägen är mörk.",
        we_did="- Ny belysning – införd 2026-03-15.",
        not_done="",
    )
    await publication.save_page(dialogue_id, text, robin)
    await ask_review(dialogue_id, robin)
    await publication.approve(dialogue_id, system_actor("Granskare"))
    number = await publication.publish(dialogue_id, robin)
    return {"version_number": number}
