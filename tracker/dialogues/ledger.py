"""The feedback ledger: dialogues with a promised feedback date, and when feedback was given."""

from __future__ import annotations

from datetime import date
from typing import Any

from piccolo.columns.combination import WhereRaw

from tracker.clock import today
from tracker.dialogues.filters import LedgerFilters
from tracker.dialogues.tables import Dialogue, DialogueFeedback
from tracker.promise import feedback_given_sql
from tracker.web.pagination import PAGE_SIZE, Page

LEDGER_COLUMNS = (
    Dialogue.id,
    Dialogue.title,
    Dialogue.board,
    Dialogue.state,
    Dialogue.level_promised,
    Dialogue.level_achieved,
    Dialogue.decided_on,
    Dialogue.feedback_due,
)


def _ledger_where(filters: LedgerFilters, on: date) -> Any:
    condition = Dialogue.archived_at.is_null() & Dialogue.feedback_due.is_not_null()
    if filters.board:
        condition &= Dialogue.board == filters.board
    if filters.level:
        condition &= Dialogue.level_promised == filters.level
    given = WhereRaw(feedback_given_sql())
    outstanding = WhereRaw(f"NOT {feedback_given_sql()}")
    if filters.status == "given":
        condition &= given
    elif filters.status == "overdue":
        condition &= outstanding & (Dialogue.feedback_due < on)
    elif filters.status == "due":
        condition &= outstanding & (Dialogue.feedback_due >= on)
    return condition


async def ledger(filters: LedgerFilters, on: date | None = None, size: int = PAGE_SIZE) -> Page:
    """Dialogues with a promised feedback date, by due date; three queries in all."""
    on = on or today()
    where = _ledger_where(filters, on)
    total = await Dialogue.count().where(where)
    number = min(filters.page, max(1, -(-total // size)))
    rows = await (
        Dialogue.select(*LEDGER_COLUMNS)
        .where(where)
        .order_by(Dialogue.feedback_due, ascending=not filters.descending)
        .order_by(Dialogue.id)
        .limit(size)
        .offset((number - 1) * size)
    )
    ids = [row["id"] for row in rows]
    given: list[dict[str, Any]] = []
    if ids:  # Piccolo refuses an empty IN list
        given = await DialogueFeedback.select(
            DialogueFeedback.dialogue, DialogueFeedback.audience, DialogueFeedback.given_on
        ).where(DialogueFeedback.dialogue.is_in(ids))
    first: dict[tuple[int, str], date] = {}
    for row in given:
        key = (row["dialogue"], row["audience"])
        first[key] = min(first.get(key, row["given_on"]), row["given_on"])
    for row in rows:
        row["residents_on"] = first.get((row["id"], "residents"))
        row["board_on"] = first.get((row["id"], "board"))
    return Page(rows=rows, number=number, size=size, total=total)
