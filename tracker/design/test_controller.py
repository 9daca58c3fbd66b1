"""Tests of prototypes and hypotheses: registering one, its page, and changing it."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Template
from litestar.status_codes import HTTP_409_CONFLICT, HTTP_422_UNPROCESSABLE_ENTITY

from tracker.accounts import once
from tracker.accounts.guard import edit
from tracker.accounts.permissions import Principal
from tracker.design import services, views
from tracker.design.deps import design_test_or_404
from tracker.design.forms import TestInput, read_test_form
from tracker.design.labels import TEST_LABELS
from tracker.design.page import render_test, render_test_form, test_edit_fields, test_values
from tracker.design.rules import DECISION_LABELS
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.tables import Project
from tracker.web.forms import Fields
from tracker.web.http import edit_saved, form_data
from tracker.web.versions import Conflict, save_or_conflict

EDIT_PROJECT = edit("project", "project_id")
TEST_EDIT = "/projekt/{project_id:int}/tester/{test_id:int}/redigera"


async def _read(
    raw: dict[str, str], project: Project, catalogue: PhaseCatalogue, test_id: int = 0
) -> tuple[TestInput | None, Fields]:
    """The form as posted, offered what it showed (for a test's edit form, also its archived
    prototype version and hypotheses)."""
    versions = await views.versions_of_project(project.id, test_id)
    hypotheses = await views.hypotheses_of(project.id, test_id)
    return read_test_form(
        raw,
        steps=catalogue.test_steps,
        versions=[row["id"] for row in versions],
        hypotheses=[row["id"] for row in hypotheses],
        project_start=project.start_date,
    )


@get("/projekt/{project_id:int}/tester/ny", name="design:new_test", opt=EDIT_PROJECT)
async def new_test(
    project: NamedDependency[Project], catalogue: NamedDependency[PhaseCatalogue]
) -> Template:
    return await render_test_form(project, catalogue)


@post("/projekt/{project_id:int}/tester", name="design:add_test", opt=EDIT_PROJECT)
async def add_test(
    request: Request,
    project: NamedDependency[Project],
    catalogue: NamedDependency[PhaseCatalogue],
    actor: NamedDependency[Principal],
) -> Response[Any]:
    raw = await form_data(request)

    async def refuse(fields: Fields, status: int) -> Template:
        return await render_test_form(project, catalogue, fields, status=status)

    async def create(data: TestInput) -> str:
        return f"/tester/{await services.create_test(project.id, data, actor)}"

    read = await _read(raw, project, catalogue)
    return await once.submit_once(request, actor, raw, read, refuse, create, "Testet är sparat.")


@get("/tester/{test_id:int}", name="design:test")
async def test_page(request: Request, test_id: FromPath[int]) -> Template:
    return await render_test(request, test_id)


def _results(test: dict[str, Any]) -> dict[int, str]:
    return {row["id"]: row["result"] for row in test["results"]}


@get(TEST_EDIT, name="design:edit_test", opt=EDIT_PROJECT)
async def edit_test(
    project: NamedDependency[Project],
    test: NamedDependency[dict[str, Any]],
    catalogue: NamedDependency[PhaseCatalogue],
) -> Template:
    return await render_test_form(
        project, catalogue, test_edit_fields(test, _results(test)), test=test
    )


@post(TEST_EDIT, name="design:update_test", opt=EDIT_PROJECT)
async def update_test(
    request: Request,
    project: NamedDependency[Project],
    test: NamedDependency[dict[str, Any]],
    catalogue: NamedDependency[PhaseCatalogue],
    actor: NamedDependency[Principal],
) -> Response[Any]:
    raw = await form_data(request)
    data, fields = await _read(raw, project, catalogue, test["id"])
    if data is None:
        return await render_test_form(
            project, catalogue, fields, test=test, status=HTTP_422_UNPROCESSABLE_ENTITY
        )

    async def reload() -> tuple[dict[str, str], int]:
        current = await design_test_or_404(project.id, test["id"])
        return test_values(current, _results(current)), current["version"]

    saved = await save_or_conflict(
        raw,
        lambda version: services.update_test(test, data, actor, version),
        reload,
        TEST_LABELS,
        {"decision": DECISION_LABELS},
    )
    if isinstance(saved, Conflict):
        return await render_test_form(
            project, catalogue, saved.fields, test=test, status=HTTP_409_CONFLICT, conflict=saved
        )
    return edit_saved(request, saved, f"/tester/{test['id']}")


ROUTES: list[Any] = [new_test, add_test, test_page, edit_test, update_test]
