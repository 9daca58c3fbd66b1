"""A published "Ni sa – vi gjorde" version never changes, so its public page is drawn once per
process (issue 19): a second visit draws nothing again, a browser that has the page gets 304
for its ETag, and publishing a new version gives the page a new ETag."""

from __future__ import annotations

import httpx
import pytest

from tests import personas
from tests.audit.tampering import behind_the_guards
from tests.dialogues.factories import make_dialogue
from tests.insights.factories import ask_review
from tests.insights.publication.test_publication import approved_page, page_text
from tracker.accounts.permissions import Principal
from tracker.insights.publication import services as publication
from tracker.insights.publication.public_page import PAGES


@pytest.fixture(autouse=True)
def nothing_drawn_yet() -> None:
    PAGES.clear()


async def _published() -> tuple[int, Principal, Principal]:
    robin, kim = await personas.robin(), await personas.kim()
    dialogue = await make_dialogue(actor=robin)
    await approved_page(dialogue.id, robin, kim)
    await publication.publish(dialogue.id, robin)
    return int(dialogue.id), robin, kim


async def _publish_again(dialogue_id: int, robin: Principal, kim: Principal, we_did: str) -> None:
    await publication.save_page(dialogue_id, page_text(we_did=we_did), robin)
    await ask_review(dialogue_id, robin)
    await publication.approve(dialogue_id, kim)
    await publication.publish(dialogue_id, kim)


async def test_a_second_visit_draws_nothing_again(anonymous: httpx.AsyncClient) -> None:
    dialogue_id, _, _ = await _published()

    first = await anonymous.get(f"/ni-sa-vi-gjorde/{dialogue_id}")
    second = await anonymous.get(f"/ni-sa-vi-gjorde/{dialogue_id}")

    assert first.status_code == second.status_code == 200
    assert PAGES.made == 1
    assert second.text == first.text
    assert "Ny belysning – införd 2026-03-15." in first.text
    assert first.headers["content-type"].startswith("text/html")
    assert first.headers["etag"] == second.headers["etag"]
    # Kept by the browser, asked for again each time; not by a shared cache (the first response
    # to a visitor carries the visitor's own CSRF cookie).
    assert first.headers["cache-control"] == "private, no-cache"
    assert "content-security-policy" in first.headers  # the security headers still come


async def test_the_browsers_copy_is_answered_with_304_and_another_with_the_page(
    anonymous: httpx.AsyncClient,
) -> None:
    dialogue_id, _, _ = await _published()
    page = await anonymous.get(f"/ni-sa-vi-gjorde/{dialogue_id}")
    etag = page.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"')  # strong

    PAGES.clear()
    same = await anonymous.get(f"/ni-sa-vi-gjorde/{dialogue_id}", headers={"if-none-match": etag})
    other = await anonymous.get(
        f"/ni-sa-vi-gjorde/{dialogue_id}", headers={"if-none-match": '"an-old-one"'}
    )

    assert same.status_code == 304
    assert same.content == b""
    assert same.headers["etag"] == etag
    assert PAGES.made == 1  # only for the request whose copy was not current
    assert other.status_code == 200
    assert other.text == page.text


async def test_a_new_version_gives_every_page_of_the_dialogue_a_new_etag(
    anonymous: httpx.AsyncClient,
) -> None:
    dialogue_id, robin, kim = await _published()
    latest_before = await anonymous.get(f"/ni-sa-vi-gjorde/{dialogue_id}")
    first_before = await anonymous.get(f"/ni-sa-vi-gjorde/{dialogue_id}/version/1")
    assert latest_before.headers["etag"] == first_before.headers["etag"]  # the same page

    await _publish_again(dialogue_id, robin, kim, "- Belysningen är klar.")
    latest = await anonymous.get(
        f"/ni-sa-vi-gjorde/{dialogue_id}", headers={"if-none-match": latest_before.headers["etag"]}
    )
    first = await anonymous.get(
        f"/ni-sa-vi-gjorde/{dialogue_id}/version/1",
        headers={"if-none-match": first_before.headers["etag"]},
    )

    assert latest.status_code == first.status_code == 200
    assert latest.headers["etag"] != latest_before.headers["etag"]
    assert first.headers["etag"] != first_before.headers["etag"]  # it now links to version 2
    assert "Belysningen är klar." in latest.text and "Version 2, publicerad" in latest.text
    assert "Det här är en äldre version" in first.text


async def test_a_version_changed_behind_the_guards_is_drawn_from_what_is_stored_now(
    anonymous: httpx.AsyncClient,
) -> None:
    dialogue_id, _, _ = await _published()
    before = await anonymous.get(f"/ni-sa-vi-gjorde/{dialogue_id}")

    await behind_the_guards(
        "UPDATE feedback_page_version SET we_did = '- Ändrad i efterhand' "
        f"WHERE dialogue = {dialogue_id}"
    )
    after = await anonymous.get(
        f"/ni-sa-vi-gjorde/{dialogue_id}", headers={"if-none-match": before.headers["etag"]}
    )

    assert after.status_code == 200
    assert after.headers["etag"] != before.headers["etag"]
    assert "Ändrad i efterhand" in after.text


async def test_an_unpublished_page_has_no_etag(anonymous: httpx.AsyncClient) -> None:
    dialogue = await make_dialogue()

    response = await anonymous.get(f"/ni-sa-vi-gjorde/{dialogue.id}")

    assert response.status_code == 404
    assert "etag" not in response.headers
    assert response.headers["cache-control"] == "no-store"
