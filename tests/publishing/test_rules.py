"""The rules both publications share (tracker.publishing.rules): the four-eyes rule names whom to
ask, only a text under review goes back, and a version's seal covers exactly its sealed fields."""

from __future__ import annotations

from datetime import date

from tracker.accounts.permissions import Principal, Role
from tracker.publishing.rules import (
    PageState,
    approve_problem,
    return_problem,
    version_digest,
)

KIM = Principal(7, "Kim Redaktör", "kim@kommun.example", Role.EDITOR)
FIELDS = ("project", "number", "title", "published_on")
VERSION = {
    "project": "3",
    "number": 2,
    "title": "Sms om bygglov",
    "published_on": date(2026, 3, 15),
}


def test_the_last_editor_is_told_whom_to_ask_and_someone_else_may_approve() -> None:
    ask = "Be en kollega som får redigera projektet."
    own = approve_problem(PageState.IN_REVIEW, KIM.id, KIM, ask_whom=ask)
    assert own is not None and own.endswith(ask)
    assert approve_problem(PageState.IN_REVIEW, 8, KIM, ask_whom=ask) is None
    assert approve_problem(PageState.DRAFT, 8, KIM, ask_whom=ask) is not None


def test_only_a_text_in_review_or_approved_goes_back_to_draft() -> None:
    assert return_problem(PageState.IN_REVIEW) is None
    assert return_problem(PageState.APPROVED) is None
    assert return_problem(PageState.DRAFT) is not None
    assert return_problem(None) is not None


def test_the_seal_covers_the_sealed_fields_only_whatever_their_order_or_type() -> None:
    sealed = version_digest(VERSION, FIELDS)
    assert len(sealed) == 64
    assert version_digest(VERSION | {"project": 3, "internal": "x"}, FIELDS) == sealed
    assert version_digest(dict(reversed(VERSION.items())), FIELDS) == sealed
    assert version_digest(VERSION | {"title": "Sms om bygglov."}, FIELDS) != sealed
    assert version_digest(VERSION | {"number": 3}, FIELDS) != sealed
