"""Service changes (tjänsteförändringar) and a project's use of insights.

Changes belong to a project, so the project's members (and administrators) change them: every
form posts under /projekt/{project_id}/…, which the access guard checks. The change's own page,
/forandringar/{change_id}, is for every signed-in user.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Template

from tracker.accounts import memberships as accounts
from tracker.accounts import once
from tracker.accounts.guard import current_user, edit
from tracker.accounts.permissions import Principal
from tracker.audit.services import changes_for
from tracker.db import StaleVersion
from tracker.insights import services
from tracker.insights.changes import services as changes
from tracker.insights.changes.forms import ChangeInput, read_change_form, read_strength_form
from tracker.insights.changes.views import change_detail, changes_by_status, list_changes
from tracker.insights.deps import CHANGE_OF_PROJECT, PROJECT
from tracker.insights.rules import CHANGE_STATUS_LABELS, NEXT_STATUSES, ChainRefused
from tracker.insights.tables import Insight
from tracker.insights.views import project_first_picker
from tracker.kinds import PROJECT as PROJECT_KIND
from tracker.kinds import SERVICE_CHANGE
from tracker.projects.page import render_project
from tracker.projects.tables import Project
from tracker.shared.archived import is_archived
from tracker.web.forms import Fields
from tracker.web.http import form_data, record_id, see_other
from tracker.web.pagination import page_number
from tracker.web.panels import panel_context
from tracker.web.versions import MISSING_MESSAGE, VERSION, read_version

EDIT_PROJECT = edit("project", "project_id")


async def _insight_exists(insight_id: FromPath[int]) -> bool:
    return await Insight.exists().where((Insight.id == insight_id) & Insight.archived_at.is_null())


# --- a project's insights and changes -----------------------------------------------------------


@post(
    "/projekt/{project_id:int}/insikter",
    name="projects:use_insight",
    opt=EDIT_PROJECT,
    dependencies=PROJECT,
)
async def use_insight(
    request: Request, project: NamedDependency[Project], actor: NamedDependency[Principal]
) -> Response[Any]:
    raw = await form_data(request)
    fields = Fields(raw)
    insight_id = record_id(raw.get("insight_id", ""))
    if insight_id is None or not await _insight_exists(insight_id):
        fields.error("insight_id", "Välj en insikt i listan.")
        return await render_project(request, project, status=422, use_fields=fields)
    used = await services.use_in_project(insight_id, project.id, None, actor)
    flash(
        request,
        "Insikten används nu i projektet." if used else "Projektet använder redan insikten.",
        "success",
    )
    return see_other(f"/projekt/{project.id}#insikter")


@post(
    "/projekt/{project_id:int}/insikter/{insight_id:int}/ta-bort",
    name="projects:stop_using_insight",
    opt=EDIT_PROJECT,
)
async def stop_using_insight(
    request: Request,
    project_id: FromPath[int],
    insight_id: FromPath[int],
    actor: NamedDependency[Principal],
) -> Response[Any]:
    if not await services.stop_using(insight_id, project_id, actor):
        raise NotFoundException()
    flash(request, "Projektet använder inte längre insikten. Ändringen finns i loggen.", "success")
    return see_other(f"/projekt/{project_id}#insikter")


@post(
    "/projekt/{project_id:int}/forandringar",
    name="projects:add_change",
    opt=EDIT_PROJECT,
    dependencies=PROJECT,
)
async def add_change(
    request: Request, project: NamedDependency[Project], actor: NamedDependency[Principal]
) -> Response[Any]:
    raw = await form_data(request)

    from_insight = record_id(raw.get("insight_id", ""))
    if from_insight is not None and not await _insight_exists(from_insight):
        from_insight = None  # archived meanwhile: the change is made without the link

    async def create(data: ChangeInput) -> str:
        change_id = await changes.create_change(
            project_id=project.id,
            title=data.title,
            description=data.description,
            status_on=data.status_on,
            actor=actor,
        )
        if from_insight is not None:  # proposed from the insight's page: built on it
            await services.use_in_project(from_insight, project.id, None, actor)
            await changes.address_insight(change_id, from_insight, 2, actor)
        return f"/forandringar/{change_id}"

    async def refuse(fields: Fields, status: int) -> Template:
        return await render_project(request, project, status=status, change_fields=fields)

    message = "Förändringen är sparad som idé. Koppla de insikter den bygger på."
    return await once.submit_once(
        request, actor, raw, read_change_form(raw), refuse, create, message
    )


@get("/forandringar", name="changes:list")
async def change_list(request: Request) -> Template:
    params = dict(request.query_params)
    status = params.get("status", "")
    if status not in CHANGE_STATUS_LABELS:
        status = ""
    return Template(
        "insights/changes.html",
        context={
            "page": await list_changes(status, page_number(params.get("sida"))),
            "status": status,
            "counts": await changes_by_status(),
            "params": {"status": status} if status else {},
        },
    )


# --- a change's page -------------------------------------------------------------------------


@get("/forandringar/{change_id:int}", name="changes:detail")
async def change_page(request: Request, change_id: FromPath[int]) -> Template:
    return await _render_change(request, change_id)


async def _render_change(
    request: Request, change_id: FromPath[int], *, status: int = 200, **forms: Fields
) -> Template:
    detail = await change_detail(change_id)
    if detail is None:
        raise NotFoundException()
    project_id = detail.change["project"]
    user = current_user(request)
    # Changed through its project's routes: not while the project is archived.
    can_edit = await accounts.may_edit(user, "project", project_id) and not await is_archived(
        PROJECT_KIND, project_id
    )
    current = detail.change["status"]
    context: dict[str, Any] = {
        "detail": detail,
        "change": detail.change,
        "can_edit": can_edit,
        "next_statuses": NEXT_STATUSES.get(current, ()),
        "history": await changes_for(changes.CHANGE, change_id),
        "status_fields": forms.get("status_fields") or Fields({}),
        "address_fields": forms.get("address_fields") or Fields({"strength": "2"}),
        "address_picker": await project_first_picker(
            request.query_params.get("sok_insikt", ""),
            [row["id"] for row in detail.insights],
            project_id,
        )
        if can_edit
        else None,
    }
    context |= await panel_context(
        request, SERVICE_CHANGE.key, detail.change, can_edit=can_edit, forms=forms
    )
    return Template("insights/change.html", context=context, status_code=status)


STATUS_CHANGED = (
    "Någon annan har just ändrat statusen. Ingenting sparades. Kontrollera statusen ovan och "
    "spara igen om din ändring fortfarande gäller – det du skrev finns kvar."
)


@post(
    "/projekt/{project_id:int}/forandringar/{change_id:int}/status",
    name="changes:status",
    opt=EDIT_PROJECT,
    dependencies=CHANGE_OF_PROJECT,
)
async def change_status(
    request: Request,
    change: NamedDependency[dict[str, Any]],
    actor: NamedDependency[Principal],
) -> Response[Any]:
    change_id = change["id"]
    raw = await form_data(request)
    fields = Fields(raw)
    on = fields.date(
        "status_on", missing="Skriv datumet för den nya statusen.", label="Datumet", happened=True
    )
    reason = fields.free_text("reason", max_length=2000)
    version = read_version(raw)
    if version is None:
        fields.error("form", MISSING_MESSAGE)
        return await _render_change(request, change_id, status=409, status_fields=fields)
    if fields.ok:
        try:
            await changes.set_change_status(
                change_id, raw.get("status", ""), on, reason, actor, version
            )
        except ChainRefused as refused:
            fields.error(refused.field or "status", refused.message)
        except StaleVersion:
            detail = await change_detail(change_id)
            fields.raw[VERSION] = str(detail.change["version"] if detail else "")
            fields.error("form", STATUS_CHANGED)
            return await _render_change(request, change_id, status=409, status_fields=fields)
    if not fields.ok:
        return await _render_change(request, change_id, status=422, status_fields=fields)
    flash(request, "Statusen är ändrad.", "success")
    return see_other(f"/forandringar/{change_id}")


@post(
    "/projekt/{project_id:int}/forandringar/{change_id:int}/insikter",
    name="changes:address_insight",
    opt=EDIT_PROJECT,
    dependencies=CHANGE_OF_PROJECT,
)
async def address_insight(
    request: Request,
    change: NamedDependency[dict[str, Any]],
    actor: NamedDependency[Principal],
) -> Response[Any]:
    change_id = change["id"]
    chosen, fields = read_strength_form(await form_data(request))
    if chosen is not None and not await _insight_exists(chosen[0]):
        fields.error("insight_id", "Välj en insikt i listan.")
        chosen = None
    if chosen is None:
        return await _render_change(request, change_id, status=422, address_fields=fields)
    linked = await changes.address_insight(change_id, chosen[0], chosen[1], actor)
    flash(
        request,
        "Förändringen bygger nu på insikten."
        if linked
        else "Förändringen bygger redan på insikten.",
        "success",
    )
    return see_other(f"/forandringar/{change_id}#insikter")


@post(
    "/projekt/{project_id:int}/forandringar/{change_id:int}/insikter/{insight_id:int}/ta-bort",
    name="changes:stop_addressing",
    opt=EDIT_PROJECT,
    dependencies=CHANGE_OF_PROJECT,
)
async def stop_addressing(
    request: Request,
    change: NamedDependency[dict[str, Any]],
    insight_id: FromPath[int],
    actor: NamedDependency[Principal],
) -> Response[Any]:
    change_id = change["id"]
    if not await changes.stop_addressing(change_id, insight_id, actor):
        raise NotFoundException()
    flash(request, "Kopplingen är borttagen. Den finns kvar i loggen.", "success")
    return see_other(f"/forandringar/{change_id}#insikter")


ROUTES: list[Any] = [
    use_insight,
    stop_using_insight,
    add_change,
    change_list,
    change_page,
    change_status,
    address_insight,
    stop_addressing,
]
