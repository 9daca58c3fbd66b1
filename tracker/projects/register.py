"""The register of projects: listing, creating, editing and archiving projects.

Plain async functions, callable from controllers, the seed loader and tests alike; every
change is audited."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from piccolo.custom_types import Combinable
from piccolo.query.functions.aggregate import Count

from tracker.accounts.memberships import join_creator
from tracker.accounts.permissions import Principal
from tracker.audit.services import diff, record_change
from tracker.clock import now
from tracker.db import MAX_ID, distinct_values, update_versioned, write_transaction
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.filters import ProjectFilters
from tracker.projects.forms import ProjectInput
from tracker.projects.labels import FIELD_LABELS
from tracker.projects.status_history import HISTORY
from tracker.projects.tables import Project
from tracker.shared import archive
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
        await join_creator(actor, ENTITY, project.id, stamp)
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
    await archive.set_archived(
        Project,
        ENTITY,
        project.id,
        archived,
        actor,
        ("Arkiverade projektet.", "Återställde projektet från arkivet."),
    )
