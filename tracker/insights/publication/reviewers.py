"""The colleagues asked to review a "Ni sa – vi gjorde" draft: who may be asked, the
requester's choice (a rule, tested without HTTP) and the open requests.

Who may review is who may approve: administrators, and editors who are members of the
dialogue – never the person asking, nor the last editor of the text (four eyes).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from tracker.accounts.memberships import members_of
from tracker.accounts.permissions import Principal, Role
from tracker.accounts.tables import Account
from tracker.dialogues import register as dialogues
from tracker.insights.publication.tables import FeedbackPageReviewer
from tracker.web.http import record_id

FIELD = "reviewers"
NO_ONE_CHOSEN = "Välj minst en kollega som ska granska texten."
NOT_A_CANDIDATE = "Välj bland kollegorna i listan. Någon du valde kan inte granska texten."
NO_CANDIDATES = (
    "Det finns ingen kollega som kan granska texten. Be en administratör lägga till en "
    "redaktör som medlem i dialogen."
)


def may_review(
    candidate: dict[str, Any], members: set[int], requester_id: int, last_editor_id: int | None
) -> bool:
    """Whether an active account may be asked: it may approve, and it is not the requester
    or the text's last editor."""
    if candidate["id"] in (requester_id, last_editor_id):
        return False
    return candidate["role"] == Role.ADMIN or (
        candidate["role"] == Role.EDITOR and candidate["id"] in members
    )


def chosen_reviewers(
    posted: Iterable[str], candidates: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], str | None]:
    """The chosen candidates, or the message to show next to the field."""
    if not candidates:
        return [], NO_CANDIDATES
    by_id = {row["id"]: row for row in candidates}
    ids = [record_id(value) for value in posted if value.strip()]
    if not ids:
        return [], NO_ONE_CHOSEN
    if any(found not in by_id for found in ids):
        return [], NOT_A_CANDIDATE
    return [by_id[found] for found in dict.fromkeys(ids) if found is not None], None


async def candidates(
    dialogue_id: int, requester: Principal, last_editor_id: int | None
) -> list[dict[str, Any]]:
    """The colleagues who may be asked to review, by name (two queries)."""
    members = {row["account_id"] for row in await members_of(dialogues.ENTITY, dialogue_id)}
    rows = await (
        Account.select(Account.id, Account.name, Account.email, Account.role)
        .where(Account.active.eq(True) & Account.role.is_in([Role.ADMIN, Role.EDITOR]))
        .order_by(Account.name)
    )
    return [row for row in rows if may_review(row, members, requester.id, last_editor_id)]


async def ask(
    page_id: int, chosen: list[dict[str, Any]], actor: Principal, stamp: datetime
) -> None:
    for row in chosen:
        await FeedbackPageReviewer.insert(
            FeedbackPageReviewer(
                page=page_id,
                account_id=row["id"],
                name=row["name"],
                requested_at=stamp,
                requested_by=actor.name,
            )
        )


async def close(page_id: int, stamp: datetime) -> None:
    """The request is over (the text went back to draft); the rows are kept as history."""
    await FeedbackPageReviewer.update({FeedbackPageReviewer.closed_at: stamp}).where(
        (FeedbackPageReviewer.page == page_id) & FeedbackPageReviewer.closed_at.is_null()
    )


async def asked(page_id: int | None) -> list[dict[str, Any]]:
    """The colleagues asked in the open request, by name."""
    if page_id is None:
        return []
    return await (
        FeedbackPageReviewer.select(FeedbackPageReviewer.account_id, FeedbackPageReviewer.name)
        .where((FeedbackPageReviewer.page == page_id) & FeedbackPageReviewer.closed_at.is_null())
        .order_by(FeedbackPageReviewer.name)
    )
