"""Project services: every read and change of projects, iterations, steps and checklists.

Plain async functions, callable from controllers, the seed loader and tests alike.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from piccolo.custom_types import Combinable
from piccolo.query.functions.aggregate import Count

from tracker.accounts.permissions import Principal, Role
from tracker.accounts.tables import Membership
from tracker.audit.services import changes_for, diff, record_change
from tracker.clock import now, swedish_day
from tracker.db import MAX_ID, distinct_values, update_versioned, write_transaction
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.filters import ProjectFilters
from tracker.projects.forms import IterationInput, MoveInput, ProjectInput
from tracker.projects.labels import FIELD_LABELS
from tracker.projects.rules import (
    DECISION_LABELS,
    STATUS_LABELS,
    status_after_decision,
    step_on,
)
from tracker.projects.status_history import HISTORY
from tracker.projects.tables import ChecklistMark, Iteration, Project, StepMove
from tracker.shared.status_history import dated, record_registration, status_changed
from tracker.text import like_term, search_form, swedish_sort_key
from tracker.web.pagination import PAGE_SIZE, Page

ENTITY = "project"

SORT_COLUMNS: dict[str, Any] = {
    "updated": Project.updated_at,
    "title": Project.title_sort,
    "start": Project.start_date,
    "end": Project.planned_end,
}


def _where(filters: ProjectFilters) -> Any:
    condition: Combinable = (
        Project.archived_at.is_not_null() if filters.archived else Project.archived_at.is_null()
    )
    if term := like_term(filters.q):
        condition &= Project.title_search.like(f"%{term}%")
    if filters.step:
        condition &= Project.current_step == filters.step
    if filters.status:
        condition &= Project.status == filters.status
    if filters.department:
        condition &= Project.department == filters.department
    return condition


LIST_COLUMNS = (
    Project.id,
    Project.title,
    Project.current_step,
    Project.status,
    Project.department,
    Project.lead,
    Project.start_date,
    Project.planned_end,
    Project.updated_at,
    Project.archived_at,
)


async def list_projects(filters: ProjectFilters, size: int = PAGE_SIZE) -> Page:
    where = _where(filters)
    total = await Project.count().where(where)
    last_page = max(1, -(-total // size))
    number = min(filters.page, last_page)
    column = SORT_COLUMNS[filters.sort]
    rows = await (
        Project.select(*LIST_COLUMNS)
        .where(where)
        .order_by(column, ascending=not filters.is_descending)
        .order_by(Project.id, ascending=False)
        .limit(size)
        .offset((number - 1) * size)
    )
    return Page(rows=rows, number=number, size=size, total=total)


async def departments() -> list[str]:
    return await distinct_values("project", "department")


async def count_by_step() -> dict[str, int]:
    rows = await (
        Project.select(Project.current_step, Count(alias="n"))
        .where(Project.archived_at.is_null())
        .group_by(Project.current_step)
    )
    return {row["current_step"]: row["n"] for row in rows}


async def recently_changed(limit: int = 5) -> list[dict[str, Any]]:
    return await (
        Project.select(*LIST_COLUMNS)
        .where(Project.archived_at.is_null())
        .order_by(Project.updated_at, ascending=False)
        .limit(limit)
    )


async def get_project(project_id: int) -> Project | None:
    if not 0 < project_id <= MAX_ID:
        return None
    return await Project.objects().get(Project.id == project_id)


def _logged(data: ProjectInput) -> dict[str, Any]:
    return {k: v for k, v in asdict(data).items() if k not in ("current_step", "status_on")}


def _project_values(data: ProjectInput) -> dict[str, Any]:
    values = asdict(data)
    values.pop("current_step")
    values.pop("status_on")
    values["title_search"] = search_form(data.title)
    values["title_sort"] = swedish_sort_key(data.title)
    return values


async def create_project(
    data: ProjectInput, catalogue: PhaseCatalogue, actor: Principal
) -> Project:
    stamp = now()
    step = data.current_step or catalogue.first.key
    project = Project(
        **_project_values(data), current_step=step, created_at=stamp, updated_at=stamp
    )
    async with write_transaction():
        await project.save()
        if actor.role == Role.EDITOR:
            # An editor who starts a project can go on editing it.
            await Membership.insert(
                Membership(
                    account=actor.id,
                    record_type=ENTITY,
                    record_id=project.id,
                    added_at=stamp,
                    added_by=actor.name,
                )
            )
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=project.id,
            action="created",
            summary=f"Skapade projektet i steget {catalogue.name_of(step)}.",
            changes=diff({}, {**_logged(data), "current_step": step}),
            at=stamp,
        )
        await record_registration(HISTORY, project, actor.name)
    return project


async def update_project(
    project: Project, data: ProjectInput, actor: Principal, version: int | None = None
) -> dict[str, list[Any]]:
    """Save the edit form; StaleVersion if the project was saved since `version` was read."""
    values = _project_values(data)
    derived = {key: values.pop(key) for key in ("title_search", "title_sort")}
    changes = diff({key: getattr(project, key) for key in values}, values)
    if not changes:
        return changes
    stamp, status_on = now(), data.status_on if "status" in changes else None
    async with write_transaction():
        await update_versioned(
            Project, project.id, version, {**values, **derived, "updated_at": stamp}
        )
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=project.id,
            action="updated",
            summary="Ändrade " + ", ".join(FIELD_LABELS.get(key, key) for key in changes) + ".",
            changes={**changes, **dated(status_on)},
            at=stamp,
        )
        if "status" in changes:
            change = (project.status, data.status)
            await status_changed(HISTORY, project.id, change, stamp, actor.name, status_on)
    return changes


async def set_archived(project: Project, archived: bool, actor: Principal) -> None:
    stamp = now()
    async with write_transaction():
        await Project.update(
            {Project.archived_at: stamp if archived else None, Project.updated_at: stamp}
        ).where(Project.id == project.id)
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=project.id,
            action="archived" if archived else "restored",
            summary="Arkiverade projektet." if archived else "Återställde projektet från arkivet.",
        )


async def _move(
    project_id: int,
    from_step: str,
    to_step: str,
    reason: str,
    actor: Principal,
    catalogue: PhaseCatalogue,
    moved_on: date | None = None,
) -> None:
    stamp = now()
    await StepMove.insert(
        StepMove(
            project=project_id,
            from_step=from_step,
            to_step=to_step,
            reason=reason,
            moved_at=stamp,
            moved_by=actor.name,
            moved_on=moved_on,
        )
    )
    await Project.update({Project.current_step: to_step, Project.updated_at: stamp}).where(
        Project.id == project_id
    )
    await record_change(
        actor=actor,
        entity_type=ENTITY,
        entity_id=project_id,
        action="step_moved",
        summary=f"Flyttade projektet från {catalogue.name_of(from_step)} till "
        f"{catalogue.name_of(to_step)}.",
        changes={
            "current_step": [from_step, to_step],
            **({"moved_on": [None, moved_on.isoformat()]} if moved_on else {}),
        },
    )


class StaleProjectError(RuntimeError):
    """The project changed step after the form was read: someone else moved it meanwhile."""


async def _ensure_step_unchanged(project: Project) -> None:
    """Inside a write transaction: refuse if another user moved the project meanwhile."""
    row = await Project.select(Project.current_step).where(Project.id == project.id).first()
    if row is None or row["current_step"] != project.current_step:
        raise StaleProjectError(project.id)


async def move_step(
    project: Project, data: MoveInput, catalogue: PhaseCatalogue, actor: Principal
) -> None:
    async with write_transaction():
        await _ensure_step_unchanged(project)
        await _move(
            project.id,
            project.current_step,
            data.to_step,
            data.reason,
            actor,
            catalogue,
            data.moved_on,
        )


async def log_iteration(
    project: Project, data: IterationInput, catalogue: PhaseCatalogue, actor: Principal
) -> None:
    """Store an iteration in the step the project was in when it started (a back-dated one
    in the step of that date, from the step history) and carry out its decision."""
    stamp = now()
    async with write_transaction():
        await _ensure_step_unchanged(project)
        moves = await (
            StepMove.select(StepMove.moved_at, StepMove.from_step)
            .where(StepMove.project == project.id)
            .order_by(StepMove.moved_at)
        )
        step = step_on(
            data.started_on,
            [(swedish_day(row["moved_at"]), row["from_step"]) for row in moves],
            project.current_step,
        )
        iteration = Iteration(
            project=project.id,
            step=step,
            started_on=data.started_on,
            ended_on=data.ended_on,
            methods=data.methods,
            summary=data.summary,
            learnings=data.learnings,
            decision=data.decision,
            created_at=stamp,
            created_by=actor.name,
        )
        await iteration.save()
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=project.id,
            action="iteration_logged",
            summary=f"Loggade en iteration i steget {catalogue.name_of(step)}: "
            f"{DECISION_LABELS[data.decision].lower()}.",
        )
        new_status = status_after_decision(data.decision, project.status)
        if new_status != project.status:
            # The status is on the edit form too: a form read before this is now stale.
            await update_versioned(Project, project.id, None, {Project.status: new_status})
            await record_change(
                actor=actor,
                entity_type=ENTITY,
                entity_id=project.id,
                action="updated",
                summary=f"Ändrade status till {STATUS_LABELS[new_status].lower()}.",
                changes={"status": [project.status, new_status]},
                at=stamp,
            )
            change = (project.status, new_status)
            await status_changed(HISTORY, project.id, change, stamp, actor.name)
        if data.to_step:
            await _move(
                project.id, project.current_step, data.to_step, data.reason, actor, catalogue
            )
        else:
            await Project.update({Project.updated_at: stamp}).where(Project.id == project.id)


async def save_checklist(
    project: Project,
    step: str,
    done_keys: set[str],
    catalogue: PhaseCatalogue,
    actor: Principal,
    only: Collection[str] | None = None,
) -> int:
    """Tick exactly `done_keys` in the step's checklist (of the items in `only`, when given:
    those the user changed); returns how many items changed."""
    phase = catalogue.get(step)
    if phase is None:
        raise LookupError(step)
    stamp = now()
    async with write_transaction():
        rows = await ChecklistMark.select().where(
            (ChecklistMark.project == project.id) & (ChecklistMark.step == step)
        )
        existing = {row["item_key"]: row for row in rows}
        changed = [
            item
            for item in phase.checklist
            if existing.get(item.key, {}).get("done", False) != (item.key in done_keys)
            and (only is None or item.key in only)
        ]
        new_marks = [
            ChecklistMark(
                project=project.id,
                step=step,
                item_key=item.key,
                done=True,
                updated_at=stamp,
                updated_by=actor.name,
            )
            for item in changed
            if item.key not in existing
        ]
        if new_marks:
            await ChecklistMark.insert(*new_marks)
        for done in (True, False):
            ids = [
                existing[item.key]["id"]
                for item in changed
                if item.key in existing and (item.key in done_keys) == done
            ]
            if ids:
                await ChecklistMark.update(
                    {
                        ChecklistMark.done: done,
                        ChecklistMark.updated_at: stamp,
                        ChecklistMark.updated_by: actor.name,
                    }
                ).where(ChecklistMark.id.is_in(ids))
        if not changed:
            return 0
        await Project.update({Project.updated_at: stamp}).where(Project.id == project.id)
        ticked = [item.text for item in changed if item.key in done_keys]
        unticked = [item.text for item in changed if item.key not in done_keys]
        parts = [
            f"bockade av {_quoted(ticked)}" if ticked else "",
            f"tog bort bocken för {_quoted(unticked)}" if unticked else "",
        ]
        await record_change(
            actor=actor,
            entity_type=ENTITY,
            entity_id=project.id,
            action="checklist",
            summary=f"Checklistan för {phase.name}: " + " och ".join(p for p in parts if p) + ".",
            changes={
                f"checklist:{step}:{item.key}": [item.key not in done_keys, item.key in done_keys]
                for item in changed
            },
        )
    return len(changed)


def _quoted(texts: list[str]) -> str:
    return ", ".join(f"”{text}”" for text in texts)


@dataclass(slots=True)
class ProjectHistory:
    """Everything the project page shows besides the project itself: four queries in all."""

    iterations: list[dict[str, Any]]
    moves: list[dict[str, Any]]
    checked: set[tuple[str, str]]
    changes: list[dict[str, Any]]
    timeline: list[dict[str, Any]] = field(default_factory=list)

    def done_in(self, step: str) -> set[str]:
        """The keys of the step's checklist items that are ticked."""
        return {item_key for mark_step, item_key in self.checked if mark_step == step}


async def project_history(project: Project) -> ProjectHistory:
    iterations = await (
        Iteration.select().where(Iteration.project == project.id).order_by(Iteration.id)
    )
    moves = await StepMove.select().where(StepMove.project == project.id).order_by(StepMove.id)
    marks = await ChecklistMark.select(ChecklistMark.step, ChecklistMark.item_key).where(
        (ChecklistMark.project == project.id) & ChecklistMark.done.eq(True)
    )
    changes = await changes_for(ENTITY, project.id)
    for number, iteration in enumerate(iterations, start=1):
        iteration["number"] = number
    timeline = sorted(
        [{"kind": "iteration", "at": row["created_at"], **row} for row in iterations]
        + [{"kind": "move", "at": row["moved_at"], **row} for row in moves]
        + [{"kind": "created", "at": project.created_at, "step": _first_step(project, moves)}],
        key=lambda entry: entry["at"],
        reverse=True,
    )
    return ProjectHistory(
        iterations=iterations,
        moves=moves,
        checked={(mark["step"], mark["item_key"]) for mark in marks},
        changes=changes,
        timeline=timeline,
    )


def _first_step(project: Project, moves: list[dict[str, Any]]) -> str:
    return moves[0]["from_step"] if moves else project.current_step
