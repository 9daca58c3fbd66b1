"""The project pages: list, create, view, edit, archive, iterations, steps and checklist."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Template
from litestar.status_codes import HTTP_409_CONFLICT, HTTP_422_UNPROCESSABLE_ENTITY

from tracker.accounts import once
from tracker.accounts.guard import CREATE, edit
from tracker.accounts.permissions import Principal
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects import labels, register, steps
from tracker.projects.filters import SORTS, read_filters
from tracker.projects.forms import (
    IterationInput,
    MoveInput,
    edit_fields,
    read_iteration_form,
    read_move_form,
    read_project_form,
    stored_values,
)
from tracker.projects.page import project_or_404, render_form_page, render_project
from tracker.projects.rules import STATUS_LABELS
from tracker.projects.step_change import open_items_before_move
from tracker.projects.tables import Project
from tracker.shared.record_routes import (
    ArchivePage,
    MemberPage,
    RecordPage,
    archive_routes,
    member_routes,
)
from tracker.web.forms import Fields
from tracker.web.http import back_to_page, checklist_wanted, edit_saved, form_data, see_other
from tracker.web.pagination import register_page
from tracker.web.versions import Conflict, save_or_conflict


def project_url(project_id: FromPath[int]) -> str:
    return f"/projekt/{project_id}"


EDIT = edit("project", "project_id")


class ProjectController(Controller):
    path = "/projekt"
    # The record of the path's id, for the handlers that ask for it by name; 404 if unknown.
    dependencies = MappingProxyType({"project": Provide(project_or_404)})

    @get("/", name="projects:list")
    async def list_projects(
        self, request: Request, catalogue: NamedDependency[PhaseCatalogue]
    ) -> Template:
        params = dict(request.query_params)
        filters = read_filters(params, catalogue)
        page = await register.list_projects(filters)
        departments = await register.departments()
        return register_page(
            "projects/list.html", params, page, filters, departments=departments, sorts=SORTS
        )

    @get("/ny", name="projects:new", opt=CREATE)
    async def new_project(self, catalogue: NamedDependency[PhaseCatalogue]) -> Template:
        fields = Fields({"status": "ongoing", "current_step": catalogue.first.key})
        return Template("projects/form.html", context={"fields": fields, "project": None})

    @post("/", name="projects:create", opt=CREATE)
    async def create_project(
        self,
        request: Request,
        catalogue: NamedDependency[PhaseCatalogue],
        actor: NamedDependency[Principal],
    ) -> Response[Any]:
        raw = await form_data(request)
        if earlier := await once.earlier_result(actor, raw):
            return once.repeated(request, earlier)
        data, fields = read_project_form(raw, catalogue, creating=True)
        if data is None:
            return Template(
                "projects/form.html",
                context={"fields": fields, "project": None},
                status_code=HTTP_422_UNPROCESSABLE_ENTITY,
            )

        async def create() -> str:
            return project_url((await register.create_project(data, catalogue, actor)).id)

        url = await once.create_once(actor, raw, create)
        flash(request, "Projektet är skapat.", category="success")
        return see_other(url)

    @get("/{project_id:int}", name="projects:detail")
    async def project_page(self, request: Request, project: NamedDependency[Project]) -> Template:
        return await render_project(request, project)

    @get("/{project_id:int}/redigera", name="projects:edit", opt=EDIT)
    async def edit_project(self, project: NamedDependency[Project]) -> Template:
        return Template(
            "projects/form.html", context={"fields": edit_fields(project), "project": project}
        )

    @post("/{project_id:int}/redigera", name="projects:update", opt=EDIT)
    async def update_project(
        self,
        request: Request,
        project: NamedDependency[Project],
        catalogue: NamedDependency[PhaseCatalogue],
        actor: NamedDependency[Principal],
    ) -> Response[Any]:
        raw = await form_data(request)
        data, fields = read_project_form(raw, catalogue, creating=False)
        if data is None:
            return Template(
                "projects/form.html",
                context={"fields": fields, "project": project},
                status_code=HTTP_422_UNPROCESSABLE_ENTITY,
            )

        async def reload() -> tuple[dict[str, str], int]:
            current = await project_or_404(project.id)
            return stored_values(current), current.version

        saved = await save_or_conflict(
            raw,
            lambda version: register.update_project(project, data, actor, version),
            reload,
            labels.FIELD_LABELS,
            {"status": STATUS_LABELS},
        )
        if isinstance(saved, Conflict):
            return Template(
                "projects/form.html",
                context={"fields": saved.fields, "project": project, "conflict": saved},
                status_code=HTTP_409_CONFLICT,
            )
        return edit_saved(request, saved, project_url(project.id))

    @get("/{project_id:int}/iterationer/ny", name="projects:iteration_form", opt=EDIT)
    async def iteration_form(self, project: NamedDependency[Project]) -> Template:
        return render_form_page(project, "iteration")

    @post("/{project_id:int}/iterationer", name="projects:log_iteration", opt=EDIT)
    async def log_iteration(
        self,
        request: Request,
        project: NamedDependency[Project],
        catalogue: NamedDependency[PhaseCatalogue],
        actor: NamedDependency[Principal],
    ) -> Response[Any]:
        raw = await form_data(request)
        if earlier := await once.earlier_result(actor, raw):
            return once.repeated(request, earlier)
        data, fields = read_iteration_form(raw, catalogue, project.current_step, project.start_date)
        if refused := await _refused(raw, project, catalogue, "iteration", fields, data):
            return refused
        assert data is not None  # a refused form was answered above

        async def log() -> str:
            await steps.log_iteration(project, data, catalogue, actor)
            return project_url(project.id) + "#historik"

        try:
            await once.create_once(actor, raw, log)
        except steps.StaleProjectError:
            return await _stale(project.id, "iteration", fields)
        message = "Iterationen är sparad."
        if data.to_step:
            message += f" Projektet är nu i steget {catalogue.name_of(data.to_step)}."
        flash(request, message, category="success")
        return back_to_page(request, project_url(project.id) + "#historik", near="logga")

    @get("/{project_id:int}/steg", name="projects:move_form", opt=EDIT)
    async def move_form(self, project: NamedDependency[Project]) -> Template:
        return render_form_page(project, "move")

    @post("/{project_id:int}/steg", name="projects:move", opt=EDIT)
    async def move_step(
        self,
        request: Request,
        project: NamedDependency[Project],
        catalogue: NamedDependency[PhaseCatalogue],
        actor: NamedDependency[Principal],
    ) -> Response[Any]:
        raw = await form_data(request)
        data, fields = read_move_form(raw, catalogue, project.current_step, project.start_date)
        if refused := await _refused(raw, project, catalogue, "move", fields, data):
            return refused
        assert data is not None  # a refused form was answered above
        try:
            await steps.move_step(project, data, catalogue, actor)
        except steps.StaleProjectError:
            return await _stale(project.id, "move", fields)
        flash(
            request,
            f"Projektet är nu i steget {catalogue.name_of(data.to_step)}.",
            category="success",
        )
        return back_to_page(request, project_url(project.id), near="byt-steg")

    @post("/{project_id:int}/checklista", name="projects:checklist", opt=EDIT)
    async def save_checklist(
        self,
        request: Request,
        project: NamedDependency[Project],
        catalogue: NamedDependency[PhaseCatalogue],
        actor: NamedDependency[Principal],
    ) -> Response[Any]:
        form = await request.form()
        step = str(form.get("step", ""))
        if step not in catalogue:
            raise NotFoundException()
        phase = catalogue.get(step)
        wanted = checklist_wanted(form, [item.key for item in phase.checklist] if phase else [])
        done = {key for key, ticked in wanted.items() if ticked}
        changed = await steps.save_checklist(
            project, step, done, catalogue, actor, only=wanted.keys()
        )
        flash(
            request,
            "Checklistan är sparad." if changed else "Checklistan var redan sparad.",
            category="success",
        )
        return see_other(project_url(project.id) + "#checklista")


STALE_MESSAGE = (
    "Någon annan har just flyttat projektet till ett annat steg. Ingenting sparades. "
    "Kontrollera steget ovan och försök igen – det du skrev finns kvar."
)


async def _refused(
    raw: dict[str, str],
    project: Project,
    catalogue: PhaseCatalogue,
    form: str,
    fields: Fields,
    data: IterationInput | MoveInput | None,
) -> Template | None:
    """The form's page again when its step change may not go ahead yet: the project moved
    since the form was read (409), the form was refused (`data` None: 422 with `fields`'
    messages), or items of the steps it leaves are still open and the user has not confirmed
    moving past them."""
    if _seen_step_differs(raw, project):
        return await _stale(project.id, form, fields)
    if data is None:
        return render_form_page(project, form, fields, status=422)
    if data.to_step and (
        items := await open_items_before_move(
            catalogue, project.id, project.current_step, data.to_step, raw
        )
    ):
        return _confirm(project, form, items, fields)
    return None


def _seen_step_differs(raw: dict[str, str], project: Project) -> bool:
    """The form names the step the user saw; if the project has moved since, it is stale."""
    seen = raw.get("seen_step")
    return seen is not None and seen != project.current_step


async def _stale(project_id: int, form: str, fields: Fields) -> Template:
    """409: the project moved while the user filled in the form; show the form again, as
    typed, with the project as it is now."""
    project = await project_or_404(project_id)
    fields.error("form", STALE_MESSAGE)
    return render_form_page(project, form, fields, status=409)


def _confirm(project: Project, form: str, items: list[str], fields: Fields) -> Template:
    """The form's page again as typed, asking to confirm the move past open items; htmx
    keeps the question in view."""
    page = render_form_page(project, form, fields)
    page.context |= {"confirm_form": form, "confirm_items": items}
    page.headers["HX-Reswap"] = f"outerHTML show:#{form}-confirm:top"
    return page


PAGE = RecordPage(register.ENTITY, "projects", "/projekt", "project_id", project_or_404)
RECORD_ROUTES = [
    *member_routes(MemberPage(PAGE, lambda project: f"projektet {project.title}")),
    *archive_routes(
        ArchivePage(
            PAGE,
            EDIT,
            "projects/archive.html",
            register.set_archived,
            archived="Projektet är arkiverat. Det syns inte längre i listan men finns kvar.",
            restored="Projektet är återställt från arkivet.",
        )
    ),
]
