"""A project's design page, and its hypotheses and prototypes.

Everything belongs to a project, so the project's members (and administrators) change it:
every form posts under /projekt/{project_id}/…, which the access guard checks. Reading is for
every signed-in user.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.response import Template
from litestar.status_codes import HTTP_409_CONFLICT, HTTP_422_UNPROCESSABLE_ENTITY

from tracker.accounts import once
from tracker.accounts.guard import edit
from tracker.accounts.permissions import Principal
from tracker.design import services, views
from tracker.design.deps import hypothesis_or_404
from tracker.design.forms import (
    INSIGHTS,
    HypothesisInput,
    PrototypeInput,
    read_hypothesis_form,
    read_prototype_form,
)
from tracker.design.labels import HYPOTHESIS_LABELS
from tracker.design.page import hypothesis_values, render_hypothesis_form, render_overview
from tracker.projects.tables import Project
from tracker.web.forms import Fields
from tracker.web.http import edit_saved, form_data
from tracker.web.versions import Conflict, save_or_conflict, versioned

EDIT_PROJECT = edit("project", "project_id")


def design_url(project_id: int) -> str:
    return f"/projekt/{project_id}/design"


async def _ticked(request: Request) -> list[str]:
    form = await request.form()
    return [str(value) for value in form.getall("insight")] if "insight" in form else []


@get("/projekt/{project_id:int}/design", name="design:overview")
async def overview(request: Request, project: NamedDependency[Project]) -> Template:
    return await render_overview(request, project)


@post("/projekt/{project_id:int}/hypoteser", name="design:add_hypothesis", opt=EDIT_PROJECT)
async def add_hypothesis(
    request: Request, project: NamedDependency[Project], actor: NamedDependency[Principal]
) -> Response[Any]:
    raw = await form_data(request)
    offered = [row["id"] for row in await views.project_insights(project.id)]

    async def refuse(fields: Fields, status: int) -> Template:
        return await render_overview(request, project, status=status, hypothesis_fields=fields)

    async def create(data: HypothesisInput) -> str:
        await services.create_hypothesis(project.id, data, actor)
        return design_url(project.id) + "#hypoteser"

    read = read_hypothesis_form(raw, await _ticked(request), offered)
    return await once.submit_once(request, actor, raw, read, refuse, create, "Hypotesen är sparad.")


HYPOTHESIS_EDIT = "/projekt/{project_id:int}/hypoteser/{hypothesis_id:int}/redigera"


@get(HYPOTHESIS_EDIT, name="design:edit_hypothesis", opt=EDIT_PROJECT)
async def edit_hypothesis(
    project: NamedDependency[Project], hypothesis: NamedDependency[dict[str, Any]]
) -> Template:
    values = hypothesis_values(hypothesis, await services.insight_ids_of(hypothesis["id"]))
    fields = Fields(versioned(values, hypothesis["version"]))
    return await render_hypothesis_form(project, hypothesis, fields)


@post(HYPOTHESIS_EDIT, name="design:update_hypothesis", opt=EDIT_PROJECT)
async def update_hypothesis(
    request: Request,
    project: NamedDependency[Project],
    hypothesis: NamedDependency[dict[str, Any]],
    actor: NamedDependency[Principal],
) -> Response[Any]:
    raw = await form_data(request)
    offered = [row["id"] for row in await views.project_insights(project.id)]
    data, fields = read_hypothesis_form(raw, await _ticked(request), offered)
    if data is None:
        return await render_hypothesis_form(
            project, hypothesis, fields, status=HTTP_422_UNPROCESSABLE_ENTITY
        )

    async def reload() -> tuple[dict[str, str], int]:
        current = await hypothesis_or_404(project.id, hypothesis["id"])
        ids = await services.insight_ids_of(hypothesis["id"])
        return hypothesis_values(current, ids), current["version"]

    saved = await save_or_conflict(
        {**raw, INSIGHTS: fields.raw[INSIGHTS]},
        lambda version: services.update_hypothesis(hypothesis, data, actor, version),
        reload,
        HYPOTHESIS_LABELS,
    )
    if isinstance(saved, Conflict):
        return await render_hypothesis_form(
            project, hypothesis, saved.fields, status=HTTP_409_CONFLICT, conflict=saved
        )
    return edit_saved(request, saved, design_url(project.id) + "#hypoteser")


@post("/projekt/{project_id:int}/prototyper", name="design:add_prototype", opt=EDIT_PROJECT)
async def add_prototype(
    request: Request, project: NamedDependency[Project], actor: NamedDependency[Principal]
) -> Response[Any]:
    raw = await form_data(request)

    async def refuse(fields: Fields, status: int) -> Template:
        return await render_overview(request, project, status=status, prototype_fields=fields)

    async def create(data: PrototypeInput) -> str:
        return f"/prototyper/{await services.create_prototype(project.id, data, actor)}"

    message = "Prototypen är sparad. Lägg till dess första version."
    return await once.submit_once(
        request, actor, raw, read_prototype_form(raw), refuse, create, message
    )


ROUTES: list[Any] = [
    overview,
    add_hypothesis,
    edit_hypothesis,
    update_hypothesis,
    add_prototype,
]
