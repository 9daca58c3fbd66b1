"""/projekt/tavla: one column per Innovationsguiden step, a card per project.

A card shows the title, department, days in the step and the open checklist items. Moving a
card is the project's own step-move form (posted to /projekt/{id}/steg; going back asks for
the reason), one per card that the user may edit, so the board works without JavaScript and
with the keyboard. Four queries whatever the number of projects (the projects and their
count, the moves into the current steps, the ticked checklist items, the user's memberships),
plus the departments for the filter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.response import Template
from piccolo.query.functions.aggregate import Max

from tracker.accounts.permissions import Principal
from tracker.accounts.tables import Membership
from tracker.clock import SWEDISH_TIME, today
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects import register as project_register
from tracker.projects.filters import SORTS, read_filters
from tracker.projects.tables import ChecklistMark, StepMove
from tracker.work.rules import open_checklist

BOARD_SIZE = 500  # at most this many cards; the page says when more match the filters


@dataclass(frozen=True, slots=True)
class Card:
    row: dict[str, Any]
    days_in_step: int
    open_items: list[str]
    may_move: bool


def days_since(moment: datetime | date | str | None, on: date) -> int:
    if moment is None:
        return 0
    if isinstance(moment, str):  # an aggregate's value, as SQLite returns it
        moment = datetime.fromisoformat(moment)
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    day = moment.astimezone(SWEDISH_TIME).date() if isinstance(moment, datetime) else moment
    return max(0, (on - day).days)


async def _entered(ids: list[int]) -> dict[tuple[int, str], datetime]:
    rows = await (
        StepMove.select(StepMove.project, StepMove.to_step, Max(StepMove.moved_at, alias="at"))
        .where(StepMove.project.is_in(ids))
        .group_by(StepMove.project, StepMove.to_step)
    )
    return {(row["project"], row["to_step"]): row["at"] for row in rows}


async def _ticked(ids: list[int]) -> dict[tuple[int, str], set[str]]:
    rows = await ChecklistMark.select(
        ChecklistMark.project, ChecklistMark.step, ChecklistMark.item_key
    ).where(ChecklistMark.project.is_in(ids) & ChecklistMark.done.eq(True))
    ticked: dict[tuple[int, str], set[str]] = {}
    for row in rows:
        ticked.setdefault((row["project"], row["step"]), set()).add(row["item_key"])
    return ticked


async def _editable(user: Principal, ids: list[int]) -> set[int]:
    if user.is_admin:
        return set(ids)
    if user.role != "editor":
        return set()
    rows = await Membership.select(Membership.record_id).where(
        (Membership.account == user.id)
        & (Membership.record_type == "project")
        & Membership.record_id.is_in(ids)
    )
    return {row["record_id"] for row in rows}


async def board_cards(
    rows: list[dict[str, Any]], user: Principal, catalogue: PhaseCatalogue
) -> dict[str, list[Card]]:
    columns: dict[str, list[Card]] = {phase.key: [] for phase in catalogue}
    ids = [row["id"] for row in rows]
    if not ids:
        return columns
    entered, ticked, editable = await _entered(ids), await _ticked(ids), await _editable(user, ids)
    on = today()
    for row in rows:
        step = row["current_step"]
        since = entered.get((row["id"], step)) or row.get("start_date")
        columns.setdefault(step, []).append(
            Card(
                row=row,
                days_in_step=days_since(since, on),
                open_items=open_checklist(
                    catalogue.get(step), ticked.get((row["id"], step), set())
                ),
                may_move=row["id"] in editable and row["archived_at"] is None,
            )
        )
    return columns


@get("/projekt/tavla", name="work:board")
async def board(
    request: Request, actor: NamedDependency[Principal], catalogue: NamedDependency[PhaseCatalogue]
) -> Template:
    params = dict(request.query_params)
    filters = read_filters(params, catalogue)
    page = await project_register.list_projects(filters, size=BOARD_SIZE)
    return Template(
        "work/board.html",
        context={
            "columns": await board_cards(page.rows, actor, catalogue),
            "page": page,
            "filters": filters,
            "departments": await project_register.departments(),
            "sorts": SORTS,
            "params": params,
        },
    )
