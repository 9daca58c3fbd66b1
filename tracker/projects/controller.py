"""The project pages: list, create, view, edit, archive, iterations, steps and checklist."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Template
from litestar.status_codes import HTTP_422_UNPROCESSABLE_ENTITY

from tracker.accounts import services as accounts
from tracker.accounts.guard import CREATE, current_user, edit
from tracker.accounts.permissions import Access, Principal, allowed
from tracker.clock import today
from tracker.collaborations.services import collaborations_of_project
from tracker.dialogues.services import dialogues_of_project
from tracker.insights.capture import SourceKind, capture_context, capture_routes
from tracker.insights.rules import RESEARCH_STEPS
from tracker.insights.views import picker, project_chain
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects import services
from tracker.projects.filters import SORTS, read_filters
from tracker.projects.forms import (
    read_iteration_form,
    read_move_form,
    read_project_form,
)
from tracker.projects.tables import Project
from tracker.shared.record_routes import (
    ArchivePage,
    MemberPage,
    RecordPage,
    archive_routes,
    member_routes,
)
from tracker.web.forms import Fields
from tracker.web.http import form_data, form_value, see_other


async def _project_or_404(project_id: FromPath[int]) -> Project:
    project = await services.get_project(project_id)
    if project is None:
        raise NotFoundException()
    return project


def project_url(project_id: FromPath[int]) -> str:
    return f"/projekt/{project_id}"


EDIT = edit("project", "project_id")


class ProjectController(Controller):
    path = "/projekt"

    @get("/", name="projects:list")
    async def list_projects(
        self, request: Request, catalogue: NamedDependency[PhaseCatalogue]
    ) -> Template:
        params = dict(request.query_params)
        filters = read_filters(params, catalogue)
        page = await services.list_projects(filters)
        departments = await services.departments()
        return Template(
            "projects/list.html",
            context={
                "page": page,
                "filters": filters,
                "params": {k: v for k, v in params.items() if k != "sida"},
                "departments": departments,
                "sorts": SORTS,
            },
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
        data, fields = read_project_form(await form_data(request), catalogue, creating=True)
        if data is None:
            return Template(
                "projects/form.html",
                context={"fields": fields, "project": None},
                status_code=HTTP_422_UNPROCESSABLE_ENTITY,
            )
        project = await services.create_project(data, catalogue, actor)
        flash(request, "Projektet är skapat.", category="success")
        return see_other(project_url(project.id))

    @get("/{project_id:int}", name="projects:detail")
    async def project_page(self, request: Request, project_id: FromPath[int]) -> Template:
        project = await _project_or_404(project_id)
        return await _render_project(request, project)

    @get("/{project_id:int}/redigera", name="projects:edit", opt=EDIT)
    async def edit_project(self, project_id: FromPath[int]) -> Template:
        project = await _project_or_404(project_id)
        fields = Fields({key: form_value(getattr(project, key)) for key in services.FIELD_LABELS})
        return Template("projects/form.html", context={"fields": fields, "project": project})

    @post("/{project_id:int}/redigera", name="projects:update", opt=EDIT)
    async def update_project(
        self,
        request: Request,
        project_id: FromPath[int],
        catalogue: NamedDependency[PhaseCatalogue],
        actor: NamedDependency[Principal],
    ) -> Response[Any]:
        project = await _project_or_404(project_id)
        data, fields = read_project_form(await form_data(request), catalogue, creating=False)
        if data is None:
            return Template(
                "projects/form.html",
                context={"fields": fields, "project": project},
                status_code=HTTP_422_UNPROCESSABLE_ENTITY,
            )
        changes = await services.update_project(project, data, actor)
        flash(
            request,
            "Ändringarna är sparade." if changes else "Inget ändrades.",
            category="success",
        )
        return see_other(project_url(project.id))

    @post("/{project_id:int}/iterationer", name="projects:log_iteration", opt=EDIT)
    async def log_iteration(
        self,
        request: Request,
        project_id: FromPath[int],
        catalogue: NamedDependency[PhaseCatalogue],
        actor: NamedDependency[Principal],
    ) -> Response[Any]:
        project = await _project_or_404(project_id)
        raw = await form_data(request)
        data, fields = read_iteration_form(raw, catalogue, project.current_step)
        if _seen_step_differs(raw, project):
            return await _stale(request, project.id, iteration_fields=fields)
        if data is None:
            return await _render_project(request, project, iteration_fields=fields, status=422)
        try:
            await services.log_iteration(project, data, catalogue, actor)
        except services.StaleProjectError:
            return await _stale(request, project.id, iteration_fields=fields)
        message = "Iterationen är sparad."
        if data.to_step:
            message += f" Projektet är nu i steget {catalogue.name_of(data.to_step)}."
        flash(request, message, category="success")
        return see_other(project_url(project.id) + "#historik")

    @post("/{project_id:int}/steg", name="projects:move", opt=EDIT)
    async def move_step(
        self,
        request: Request,
        project_id: FromPath[int],
        catalogue: NamedDependency[PhaseCatalogue],
        actor: NamedDependency[Principal],
    ) -> Response[Any]:
        project = await _project_or_404(project_id)
        raw = await form_data(request)
        data, fields = read_move_form(raw, catalogue, project.current_step)
        if _seen_step_differs(raw, project):
            return await _stale(request, project.id, move_fields=fields)
        if data is None:
            return await _render_project(request, project, move_fields=fields, status=422)
        try:
            await services.move_step(project, data, catalogue, actor)
        except services.StaleProjectError:
            return await _stale(request, project.id, move_fields=fields)
        flash(
            request,
            f"Projektet är nu i steget {catalogue.name_of(data.to_step)}.",
            category="success",
        )
        return see_other(project_url(project.id))

    @post("/{project_id:int}/checklista", name="projects:checklist", opt=EDIT)
    async def save_checklist(
        self,
        request: Request,
        project_id: FromPath[int],
        catalogue: NamedDependency[PhaseCatalogue],
        actor: NamedDependency[Principal],
    ) -> Response[Any]:
        project = await _project_or_404(project_id)
        form = await request.form()
        step = str(form.get("step", ""))
        if step not in catalogue:
            raise NotFoundException()
        done = {str(value) for value in form.getall("done")} if "done" in form else set()
        changed = await services.save_checklist(project, step, done, catalogue, actor)
        flash(
            request,
            "Checklistan är sparad." if changed else "Checklistan var redan sparad.",
            category="success",
        )
        return see_other(project_url(project.id) + "#checklista")


STALE_MESSAGE = (
    "Någon annan har just flyttat projektet till ett annat steg. Ingenting sparades. "
    "Kontrollera steget nedan och försök igen – det du skrev finns kvar."
)


def _seen_step_differs(raw: dict[str, str], project: Project) -> bool:
    """The form names the step the user saw; if the project has moved since, it is stale."""
    seen = raw.get("seen_step")
    return seen is not None and seen != project.current_step


async def _stale(request: Request, project_id: int, **forms: Fields) -> Template:
    """409: the project moved while the user filled in the form; show it as it is now."""
    project = await _project_or_404(project_id)
    for fields in forms.values():
        fields.error("form", STALE_MESSAGE)
    return await _render_project(request, project, status=409, **forms)


async def _render_project(
    request: Request,
    project: Project,
    *,
    iteration_fields: Fields | None = None,
    move_fields: Fields | None = None,
    member_fields: Fields | None = None,
    status: int = 200,
    **chain_forms: Fields,
) -> Template:
    user = current_user(request)
    member = (
        user is not None
        and not user.is_admin
        and await accounts.is_member(user, services.ENTITY, project.id)
    )
    can_edit = allowed(user, Access.EDIT, is_member=member)
    history = await services.project_history(project)
    context: dict[str, Any] = {
        "project": project,
        "history": history,
        "can_edit": can_edit,
        "members": await accounts.members_of(services.ENTITY, project.id),
        "dialogues": await dialogues_of_project(project.id),
        "collaborations": await collaborations_of_project(project.id),
        "editors": await accounts.editors() if can_edit else [],
        "member_fields": member_fields or Fields({}),
        "iteration_fields": iteration_fields or Fields({"decision": "continue"}),
        "move_fields": move_fields or Fields({}),
        "chain": (chain := await project_chain(project.id)),
        "use_picker": await picker(
            request.query_params.get("sok_insikt", ""), [row["id"] for row in chain.insights]
        )
        if can_edit
        else None,
        "research_step": project.current_step in RESEARCH_STEPS,
        "use_fields": chain_forms.get("use_fields") or Fields({}),
        "change_fields": chain_forms.get("change_fields")
        or Fields({"status_on": today().isoformat()}),
    }
    context |= await capture_context(
        services.ENTITY,
        project.id,
        chain_forms | {"just_saved": request.query_params.get("sparat", "")},
    )
    return Template("projects/detail.html", context=context, status_code=status)


async def render_project_by_id(
    request: Request, project_id: int, *, status: int = 200, **forms: Fields
) -> Template:
    return await _render_project(request, await _project_or_404(project_id), status=status, **forms)


async def _locate(project_id: int) -> str | None:
    project = await services.get_project(project_id)
    return None if project is None else project.current_step


CHAIN_ROUTES = capture_routes(
    SourceKind(services.ENTITY, "/projekt", "project_id", render_project_by_id, _locate)
)

PAGE = RecordPage(services.ENTITY, "projects", "/projekt", "project_id", _project_or_404)
RECORD_ROUTES = [
    *member_routes(MemberPage(PAGE, _render_project, lambda project: f"projektet {project.title}")),
    *archive_routes(
        ArchivePage(
            PAGE,
            EDIT,
            "projects/archive.html",
            services.set_archived,
            archived="Projektet är arkiverat. Det syns inte längre i listan men finns kvar.",
            restored="Projektet är återställt från arkivet.",
        )
    ),
]
