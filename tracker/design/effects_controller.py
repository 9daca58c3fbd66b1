"""A service change's promised effects: adding one, its page with the follow-ups, changing it
and recording a follow-up.

The change belongs to a project, so the project's members (and administrators) change its
effects: every form posts under /projekt/{project_id}/…, which the access guard checks, and an
effect or change that is not the project's is 404. Reading is for every signed-in user.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Template
from litestar.status_codes import HTTP_409_CONFLICT, HTTP_422_UNPROCESSABLE_ENTITY

from tracker.accounts import once
from tracker.accounts.guard import edit
from tracker.accounts.permissions import Principal
from tracker.design import effects
from tracker.design.effect_forms import (
    EffectInput,
    FollowUpInput,
    read_effect_form,
    read_follow_up_form,
)
from tracker.design.effect_labels import EFFECT_LABELS
from tracker.design.effect_page import (
    change_or_404,
    effect_edit_fields,
    effect_values,
    render_effect,
    render_effect_form,
)
from tracker.design.effect_views import Effect, effect_page
from tracker.web.forms import Fields
from tracker.web.http import form_data, see_other
from tracker.web.versions import Conflict, save_or_conflict

EDIT_PROJECT = edit("project", "project_id")
NEW_EFFECT = "/projekt/{project_id:int}/forandringar/{change_id:int}/effekter"
EFFECT_EDIT = "/projekt/{project_id:int}/effekter/{effect_id:int}/redigera"


def effect_url(effect_id: int) -> str:
    return f"/effekter/{effect_id}"


async def _effect_of_project(project_id: int, effect_id: int) -> Effect:
    effect = await effect_page(effect_id)
    if effect is None or effect.row["project"] != project_id:
        raise NotFoundException()
    return effect


@get("/effekter/{effect_id:int}", name="design:effect")
async def effect(request: Request, effect_id: FromPath[int]) -> Template:
    return await render_effect(request, effect_id)


@get(NEW_EFFECT + "/ny", name="design:new_effect", opt=EDIT_PROJECT)
async def new_effect(project_id: FromPath[int], change_id: FromPath[int]) -> Template:
    change = await change_or_404(project_id, change_id)
    return await render_effect_form(change, Fields({}))


@post(NEW_EFFECT, name="design:add_effect", opt=EDIT_PROJECT)
async def add_effect(
    request: Request,
    project_id: FromPath[int],
    change_id: FromPath[int],
    actor: NamedDependency[Principal],
) -> Response[Any]:
    change = await change_or_404(project_id, change_id)
    raw = await form_data(request)

    async def refuse(fields: Fields, status: int) -> Template:
        return await render_effect_form(change, fields, status=status)

    async def create(data: EffectInput) -> str:
        return effect_url(await effects.create_effect(change_id, data, actor))

    message = "Effektmålet är sparat."
    return await once.submit_once(
        request, actor, raw, read_effect_form(raw), refuse, create, message
    )


@get(EFFECT_EDIT, name="design:edit_effect", opt=EDIT_PROJECT)
async def edit_effect(project_id: FromPath[int], effect_id: FromPath[int]) -> Template:
    found = await _effect_of_project(project_id, effect_id)
    change = await change_or_404(project_id, found.row["change"])
    fields = await effect_edit_fields(found)
    return await render_effect_form(change, fields, effect=found)


@post(EFFECT_EDIT, name="design:update_effect", opt=EDIT_PROJECT)
async def update_effect(
    request: Request,
    project_id: FromPath[int],
    effect_id: FromPath[int],
    actor: NamedDependency[Principal],
) -> Response[Any]:
    found = await _effect_of_project(project_id, effect_id)
    change = await change_or_404(project_id, found.row["change"])
    raw = await form_data(request)
    data, fields = read_effect_form(raw)
    if data is None:
        return await render_effect_form(
            change, fields, effect=found, status=HTTP_422_UNPROCESSABLE_ENTITY
        )

    async def reload() -> tuple[dict[str, str], int]:
        current = await _effect_of_project(project_id, effect_id)
        return await effect_values(current), current.row["version"]

    saved = await save_or_conflict(
        raw,
        lambda version: effects.update_effect(found.row, data, actor, version),
        reload,
        EFFECT_LABELS,
    )
    if isinstance(saved, Conflict):
        return await render_effect_form(
            change, saved.fields, effect=found, status=HTTP_409_CONFLICT, conflict=saved
        )
    flash(request, "Ändringarna är sparade." if saved else "Inget ändrades.", category="success")
    return see_other(effect_url(effect_id))


@post(
    "/projekt/{project_id:int}/effekter/{effect_id:int}/uppfoljningar",
    name="design:add_follow_up",
    opt=EDIT_PROJECT,
)
async def add_follow_up(
    request: Request,
    project_id: FromPath[int],
    effect_id: FromPath[int],
    actor: NamedDependency[Principal],
) -> Response[Any]:
    found = await _effect_of_project(project_id, effect_id)
    raw = await form_data(request)

    async def refuse(fields: Fields, status: int) -> Template:
        return await render_effect(request, effect_id, status=status, follow_up_fields=fields)

    async def create(data: FollowUpInput) -> str:
        await effects.record_follow_up(effect_id, data, actor)
        return effect_url(effect_id) + "#uppfoljningar"

    read = read_follow_up_form(raw, found.row["baseline_on"])
    message = "Uppföljningen är sparad."
    return await once.submit_once(request, actor, raw, read, refuse, create, message)


ROUTES: list[Any] = [effect, new_effect, add_effect, edit_effect, update_effect, add_follow_up]
