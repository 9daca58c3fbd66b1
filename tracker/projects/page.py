"""A project's page: its own parts, and the panels the areas above fill in (its dialogues,
collaborations, insights and service changes). Any handler that shows the page again with a
form's errors renders it from here."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template

from tracker.kinds import PROJECT
from tracker.projects import register, steps
from tracker.projects.tables import Project
from tracker.shared.form_page import form_page
from tracker.shared.record_routes import members_context
from tracker.web.forms import Fields
from tracker.web.panels import panel_context


async def project_or_404(project_id: FromPath[int]) -> Project:
    """The project of the path's `project_id`, 404 if there is none; the project
    controller's handlers get it as the dependency `project`."""
    project = await register.get_project(project_id)
    if project is None:
        raise NotFoundException()
    return project


async def render_project(
    request: Request[Any, Any, Any], project: Project, *, status: int = 200, **forms: Fields
) -> Template:
    """The page, with the forms in `forms` (by their names, e.g. move_fields) shown again."""
    access = await members_context(
        request, register.ENTITY, project.id, archived=project.archived_at is not None
    )
    can_edit = access["can_edit"]
    history = await steps.project_history(project)
    context: dict[str, Any] = access | {
        "project": project,
        "history": history,
    }
    context |= await panel_context(
        request, register.ENTITY, project, can_edit=can_edit, forms=forms
    )
    return Template("projects/detail.html", context=context, status_code=status)


# The forms that open on demand from the project's page, each on its own page: the template
# and the name its fields have in the template.
FORM_PAGES = {
    "iteration": ("projects/iteration.html", "iteration_fields"),
    "move": ("projects/move.html", "move_fields"),
}


def blank_form(which: str) -> Fields:
    """A form as it first opens."""
    return Fields({"decision": "continue"} if which == "iteration" else {})


def render_form_page(
    project: Project, which: str, fields: Fields | None = None, *, status: int = 200
) -> Template:
    """The page of one of the project's forms (`FORM_PAGES`), empty or as typed with its
    errors; an htmx request gets only its section, to show in place on the project's page."""
    template, name = FORM_PAGES[which]
    context = {"project": project, name: blank_form(which) if fields is None else fields}
    url = PROJECT.url(project.id) or ""
    return form_page(template, PROJECT.key, project.title, url, context, status=status)


async def render_project_by_id(
    request: Request[Any, Any, Any], project_id: int, *, status: int = 200, **forms: Fields
) -> Template:
    return await render_project(request, await project_or_404(project_id), status=status, **forms)


async def current_step_of(project_id: int) -> str | None:
    """The project's step (where evidence from its own research may be added), None if none."""
    project = await register.get_project(project_id)
    return None if project is None else project.current_step
