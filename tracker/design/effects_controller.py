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
from litestar.params import FromPath
from litestar.response import Template
from litestar.status_codes import HTTP_409_CONFLICT, HTTP_422_UNPROCESSABLE_ENTITY

from tracker.accounts import once
from tracker.accounts.guard import edit
from tracker.accounts.permissions import Principal
from tracker.design import effects
from tracker.design.deps import change_or_404, effect_or_404
from tracker.design.effect_forms import (
    EffectInput,
    FollowUpInput,
    read_effect_form,
    read_follow_up_form,
)
from tracker.design.effect_labels import EFFECT_LABELS
from tracker.design.effect_page import (
    effect_edit_fields,
    effect_values,
    render_effect,
    render_effect_form,
)
from tracker.design.effect_views import Effect
from tracker.web.forms import Fields
from tracker.web.http import edit_saved, form_data
from tracker.web.versions import Conflict, save_or_conflict

EDIT_PROJECT = edit("project", "project_id")
NEW_EFFECT = "/projekt/{project_id:int}/forandringar/{change_id:int}/effekter"
EFFECT_EDIT = "/projekt/{project_id:int}/effekter/{effect_id:int}/redigera"


def effect_url(effect_id: int) -> str:
    return f"/effekter/{effect_id}"


@get("/effekter/{effect_id:int}", name="design:effect")
async def effect_page(request: Request, effect_id: FromPath[int]) -> Template:
    return await render_effect(request, effect_id)


@get(NEW_EFFECT + "/ny", name="design:new_effect", opt=EDIT_PROJECT)
async def new_effect(change: NamedDependency[dict[str, Any]]) -> Template:
    return await render_effect_form(change, Fields({}))


@post(NEW_EFFECT, name="design:add_effect", opt=EDIT_PROJECT)
async def add_effect(
    request: Request, change: NamedDependency[dict[str, Any]], actor: NamedDependency[Principal]
) -> Response[Any]:
    raw = await form_data(request)

    async def refuse(fields: Fields, status: int) -> Template:
        return await render_effect_form(change, fields, status=status)

    async def create(data: EffectInput) -> str:
        return effect_url(await effects.create_effect(change["id"], data, actor))

    message = "Effektmålet är sparat."
    return await once.submit_once(
        request, actor, raw, read_effect_form(raw), refuse, create, message
    )


@get(EFFECT_EDIT, name="design:edit_effect", opt=EDIT_PROJECT)
async def edit_effect(effect: NamedDependency[Effect]) -> Template:
    change = await change_or_404(effect.row["project"], effect.row["change"])
    fields = await effect_edit_fields(effect)
    return await render_effect_form(change, fields, effect=effect)


@post(EFFECT_EDIT, name="design:update_effect", opt=EDIT_PROJECT)
async def update_effect(
    request: Request, effect: NamedDependency[Effect], actor: NamedDependency[Principal]
) -> Response[Any]:
    change = await change_or_404(effect.row["project"], effect.row["change"])
    raw = await form_data(request)
    data, fields = read_effect_form(raw)
    if data is None:
        return await render_effect_form(
            change, fields, effect=effect, status=HTTP_422_UNPROCESSABLE_ENTITY
        )

    async def reload() -> tuple[dict[str, str], int]:
        current = await effect_or_404(effect.row["project"], effect.row["id"])
        return await effect_values(current), current.row["version"]

    saved = await save_or_conflict(
        raw,
        lambda version: effects.update_effect(effect.row, data, actor, version),
        reload,
        EFFECT_LABELS,
    )
    if isinstance(saved, Conflict):
        return await render_effect_form(
            change, saved.fields, effect=effect, status=HTTP_409_CONFLICT, conflict=saved
        )
    return edit_saved(request, saved, effect_url(effect.row["id"]))


@post(
    "/projekt/{project_id:int}/effekter/{effect_id:int}/uppfoljningar",
    name="design:add_follow_up",
    opt=EDIT_PROJECT,
)
async def add_follow_up(
    request: Request, effect: NamedDependency[Effect], actor: NamedDependency[Principal]
) -> Response[Any]:
    effect_id = effect.row["id"]
    raw = await form_data(request)

    async def refuse(fields: Fields, status: int) -> Template:
        return await render_effect(request, effect_id, status=status, follow_up_fields=fields)

    async def create(data: FollowUpInput) -> str:
        await effects.record_follow_up(effect_id, data, actor)
        return effect_url(effect_id) + "#uppfoljningar"

    read = read_follow_up_form(raw, effect.row["baseline_on"])
    message = "Uppföljningen är sparad."
    return await once.submit_once(request, actor, raw, read, refuse, create, message)


ROUTES: list[Any] = [effect_page, new_effect, add_effect, edit_effect, update_effect, add_follow_up]
