"""Requesting a review names the colleagues asked: who may be asked (a rule), a request with
no one chosen is refused beside the field, and the page shows who was asked."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from tests import personas
from tests.dialogues.factories import make_dialogue
from tests.insights.publication.test_publication import page_text
from tests.insights.publication.test_publication_pages import reviewers_of, seen_of, staff
from tests.support import field_error, post_form, text_of, version_of
from tracker.accounts.memberships import add_member
from tracker.accounts.permissions import Principal
from tracker.insights.publication import services as publication
from tracker.publishing import reviewers
from tracker.publishing.rules import ReviewersRefused

ClientAs = Callable[[Principal], httpx.AsyncClient]

ADMIN = {"id": 1, "role": "admin"}
MEMBER = {"id": 2, "role": "editor"}
OUTSIDER = {"id": 3, "role": "editor"}
READER = {"id": 4, "role": "reader"}


def test_who_may_be_asked_is_who_may_approve_but_not_the_asker_or_last_editor() -> None:
    members = {2, 4}
    assert reviewers.may_review(ADMIN, members, requester_id=9, last_editor_id=9)
    assert reviewers.may_review(MEMBER, members, requester_id=9, last_editor_id=9)
    assert not reviewers.may_review(OUTSIDER, members, requester_id=9, last_editor_id=9)
    assert not reviewers.may_review(READER, members, requester_id=9, last_editor_id=9)
    assert not reviewers.may_review(ADMIN, members, requester_id=1, last_editor_id=9)
    assert not reviewers.may_review(MEMBER, members, requester_id=9, last_editor_id=2)


def test_the_choice_needs_someone_and_only_those_offered() -> None:
    offered = [ADMIN, MEMBER]
    assert reviewers.chosen_reviewers([], offered) == ([], reviewers.NO_ONE_CHOSEN)
    assert reviewers.chosen_reviewers([" "], offered) == ([], reviewers.NO_ONE_CHOSEN)
    assert reviewers.chosen_reviewers(["3"], offered) == ([], reviewers.NOT_A_CANDIDATE)
    assert reviewers.chosen_reviewers(["x"], offered) == ([], reviewers.NOT_A_CANDIDATE)
    refused = reviewers.chosen_reviewers(["1"], [])
    assert refused == ([], reviewers.no_candidates("dialogue"))
    assert refused[1] is not None and refused[1].endswith("medlem i dialogen.")
    _, history = reviewers.chosen_reviewers(["1"], [], "project")
    assert history is not None and history.endswith("medlem i projektet.")
    assert reviewers.chosen_reviewers(["2", "1", "2"], offered) == ([MEMBER, ADMIN], None)


async def test_a_request_without_a_reviewer_is_refused_and_nothing_changes(db: None) -> None:
    robin, kim = await personas.robin(), await personas.kim()
    dialogue = await make_dialogue(actor=robin)
    await add_member("dialogue", dialogue.id, kim.id, robin, label="dialogen")
    await publication.save_page(dialogue.id, page_text(), robin)

    with pytest.raises(ReviewersRefused, match="Välj minst en kollega"):
        await publication.request_review(dialogue.id, robin, reviewer_ids=[])
    page = await publication.get_page(dialogue.id)
    assert page is not None and page["state"] == "draft"

    names = await publication.request_review(dialogue.id, robin, reviewer_ids=[str(kim.id)])
    assert names == [kim.name]
    page = await publication.get_page(dialogue.id)
    assert page is not None
    assert [row["name"] for row in await publication.PAGE.asked(page["id"])] == [kim.name]

    await publication.send_back(dialogue.id, "", robin)  # the request is over, kept as history
    assert await publication.PAGE.asked(page["id"]) == []


async def test_the_page_offers_colleagues_refuses_no_choice_and_shows_who_was_asked(
    client_as: ClientAs,
) -> None:
    robin, kim, alva = await personas.robin(), await personas.kim(), await personas.alva()
    await personas.make_account("Sam Utanför", "editor")  # not a member: not offered
    await personas.lo()  # a reader: not offered
    dialogue = await make_dialogue(actor=robin)
    await add_member("dialogue", dialogue.id, kim.id, robin, label="dialogen")
    await add_member("dialogue", dialogue.id, robin.id, robin, label="dialogen")
    http = client_as(robin)
    text = {"title": "Rubrik", "you_said": "Sa", "we_did": "Gjorde"}
    saved = await post_form(
        http, staff(dialogue.id), text | await version_of(http, staff(dialogue.id))
    )
    assert saved.status_code == 303
    page = await http.get(staff(dialogue.id))
    assert sorted(reviewers_of(page.text)) == sorted([str(kim.id), str(alva.id)])
    assert "Sam Utanför" not in page.text and "Vem ska granska texten?" in page.text

    refused = await post_form(http, staff(dialogue.id, "granskning"), {"seen": seen_of(page.text)})
    assert refused.status_code == 422
    assert field_error(refused.text, "reviewers") == "Välj minst en kollega som ska granska texten."

    sent = await post_form(
        http,
        staff(dialogue.id, "granskning"),
        {"seen": seen_of(page.text), "reviewers": [str(kim.id)]},
    )
    assert sent.status_code == 303
    page = await http.get(staff(dialogue.id))
    assert "Ombedda att granska: Kim" in text_of(page.text)
    assert "Sidan är skickad för granskning till Kim" in text_of(page.text)
