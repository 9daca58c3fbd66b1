"""The colleagues asked to review a text: who may be asked and the requester's choice (rules,
tested without HTTP), and who may be asked on a record (one query each for members and
accounts).

Who may review is who may approve: administrators, and editors who are members of the record
(the dialogue, the project) – never the person asking, nor the last editor of the text (four
eyes).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tracker.accounts.memberships import members_of
from tracker.accounts.permissions import Principal, Role
from tracker.accounts.tables import Account
from tracker.mail.outbox import Recipient
from tracker.web.http import record_id

FIELD = "reviewers"
NO_ONE_CHOSEN = "Välj minst en kollega som ska granska texten."
NOT_A_CANDIDATE = "Välj bland kollegorna i listan. Någon du valde kan inte granska texten."
# The record whose members may review, as the refusal names it.
RECORD_NOUNS = {"dialogue": "dialogen", "project": "projektet"}


def no_candidates(entity: str) -> str:
    """The message when nobody may be asked to review a text of a record of `entity`."""
    return (
        "Det finns ingen kollega som kan granska texten. Be en administratör lägga till en "
        f"redaktör som medlem i {RECORD_NOUNS.get(entity, 'posten')}."
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
    posted: Iterable[str], candidates: list[dict[str, Any]], entity: str = "dialogue"
) -> tuple[list[dict[str, Any]], str | None]:
    """The chosen candidates, or the message to show next to the field (`entity`: the kind
    of record the text belongs to)."""
    if not candidates:
        return [], no_candidates(entity)
    by_id = {row["id"]: row for row in candidates}
    ids = [record_id(value) for value in posted if value.strip()]
    if not ids:
        return [], NO_ONE_CHOSEN
    if any(found not in by_id for found in ids):
        return [], NOT_A_CANDIDATE
    return [by_id[found] for found in dict.fromkeys(ids) if found is not None], None


async def candidates(
    entity: str, owner_id: int, requester: Principal, last_editor_id: int | None
) -> list[dict[str, Any]]:
    """The colleagues who may be asked to review a text of the record, by name (two
    queries)."""
    members = {row["account_id"] for row in await members_of(entity, owner_id)}
    rows = await (
        Account.select(Account.id, Account.name, Account.email, Account.role)
        .where(Account.active.eq(True) & Account.role.is_in([Role.ADMIN, Role.EDITOR]))
        .order_by(Account.name)
    )
    return [row for row in rows if may_review(row, members, requester.id, last_editor_id)]


def recipients(chosen: list[dict[str, Any]]) -> list[Recipient]:
    """The chosen reviewers, to mail."""
    return [Recipient(row["id"], row["email"], row["name"]) for row in chosen]
