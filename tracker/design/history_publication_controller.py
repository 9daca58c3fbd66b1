"""Publishing a project's design history (issue 18), in the review-and-publish way of "Ni sa –
vi gjorde".

Staff: /projekt/{id}/designhistorik/publicering (every signed-in user reads it; the project's
members and administrators save, ask for review, approve, publish and unpublish). Public:
/designhistorik/{id} (the latest published version), /designhistorik/{id}/version/{n} and the
pictures of a published snapshot, open to everyone while the history is published.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template

from tracker.accounts import memberships as accounts
from tracker.accounts.guard import PUBLIC, READ, current_user, edit
from tracker.accounts.permissions import Principal
from tracker.db import MAX_ID
from tracker.design import history_publication as rules
from tracker.design import history_publication_services as publication
from tracker.design.page import picture
from tracker.municipality import Municipality
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.tables import Project
from tracker.publishing import answers
from tracker.publishing.public import drawn_once
from tracker.publishing.rules import STATE_LABELS
from tracker.web.forms import Fields
from tracker.web.http import edit_saved, plain
from tracker.web.immutable import (
    PRIVATE,
    Once,
)

STAFF = "/projekt/{project_id:int}/designhistorik/publicering"
PUBLIC_PATH = "/designhistorik/{project_id:int}"
EDIT = edit(rules.ENTITY, "project_id")
PAGES: Once[str] = Once(size=64)  # public pages drawn in this process, by digest
TEMPLATE = "design/history_public.html"


def staff_url(project_id: int) -> str:
    return f"/projekt/{project_id}/designhistorik/publicering"


async def _render(
    request: Request,
    project: Project,
    catalogue: PhaseCatalogue,
    *,
    fields: Fields | None = None,
    review: Fields | None = None,
    problem: str = "",
    status: int = 200,
) -> Template:
    user = current_user(request)
    draft = await publication.get(project.id)
    state = draft["state"] if draft else None
    can_edit = project.archived_at is None and await accounts.may_edit(
        user, rules.ENTITY, project.id
    )
    if fields is None:
        fields = Fields({k: draft[k] if draft else "" for k in rules.FIELD_KEYS})
    reviewing = state in ("in_review", "approved")
    if reviewing and draft is not None:
        shown = rules.history_of(draft["snapshot"])
    else:
        shown = (
            await publication.current_snapshot(project, draft["intro"] if draft else "", catalogue)
        )[1]
    edited_by = draft["edited_by_id"] if draft else None
    return Template(
        "design/history_publication.html",
        context={
            "project": project,
            "draft": draft,
            "state": state,
            "state_label": STATE_LABELS.get(state or "", "Inte publicerad"),
            "fields": fields,
            "review": review or Fields({}),
            "problem": problem,
            "can_edit": can_edit,
            "shown": shown,
            "reviewing": reviewing,
            "seen": publication.stamp_of(draft),
            "asked": await publication.asked(draft) if reviewing else [],
            "candidates": await publication.candidates(project.id, user, edited_by)
            if can_edit and user is not None and not reviewing
            else [],
            "approve_problem": rules.approve_history_problem(state, edited_by, user)
            if user is not None
            else None,
            "versions": await publication.versions(project.id),
        },
        status_code=status,
    )


@get(STAFF, name="design:history_publication", opt=READ)
async def staff_page(
    request: Request, project: NamedDependency[Project], catalogue: NamedDependency[PhaseCatalogue]
) -> Template:
    return await _render(request, project, catalogue)


@post(STAFF, name="design:history_publication_save", opt=EDIT, status_code=303)
async def save(
    request: Request,
    project: NamedDependency[Project],
    catalogue: NamedDependency[PhaseCatalogue],
    actor: NamedDependency[Principal],
) -> Response[Any]:
    values, fields = rules.read_form(plain(await request.form()))
    if values is None:
        return await _render(request, project, catalogue, fields=fields, status=422)
    changed = await publication.save(project.id, values, actor)
    return edit_saved(request, changed, staff_url(project.id), "Utkastet är sparat.")


@post(STAFF + "/granskning", name="design:history_review", opt=EDIT, status_code=303)
async def request_review(
    request: Request,
    project: NamedDependency[Project],
    catalogue: NamedDependency[PhaseCatalogue],
    actor: NamedDependency[Principal],
) -> Response[Any]:
    asked = answers.chosen(await request.form())

    async def step() -> str:
        snapshot = await publication.snapshot_now(project, catalogue)
        names = await publication.request_review(project.id, snapshot, actor, reviewer_ids=asked)
        return ", ".join(names)

    done = "Designhistoriken är skickad för granskning till {result}."
    return await _answer(request, project, catalogue, step, done, asked)


async def _answer(
    request: Request,
    project: Project,
    catalogue: PhaseCatalogue,
    step: Callable[[], Awaitable[Any]],
    done: str,
    asked: list[str] | None = None,
) -> Response[Any]:
    render = partial(_render, request, project, catalogue)
    return await answers.answer(request, step, render, done, staff_url(project.id), asked)


async def _seen(request: Request) -> str:
    return plain(await request.form()).get("seen", "")


@post(STAFF + "/godkann", name="design:history_approve", opt=EDIT, status_code=303)
async def approve(
    request: Request,
    project: NamedDependency[Project],
    catalogue: NamedDependency[PhaseCatalogue],
    actor: NamedDependency[Principal],
) -> Response[Any]:
    step = partial(publication.approve, project.id, actor, await _seen(request))
    done = "Designhistoriken är godkänd och kan publiceras."
    return await _answer(request, project, catalogue, step, done)


@post(STAFF + "/tillbaka", name="design:history_return", opt=EDIT, status_code=303)
async def send_back(
    request: Request,
    project: NamedDependency[Project],
    catalogue: NamedDependency[PhaseCatalogue],
    actor: NamedDependency[Principal],
) -> Response[Any]:
    reason, problem = answers.read_reason(plain(await request.form()))
    if problem:
        return await _render(request, project, catalogue, problem=problem, status=422)
    step = partial(publication.send_back, project.id, reason, actor)
    done = "Designhistoriken är tillbaka som utkast."
    return await _answer(request, project, catalogue, step, done)


@post(STAFF + "/publicera", name="design:history_publish", opt=EDIT, status_code=303)
async def publish(
    request: Request,
    project: NamedDependency[Project],
    catalogue: NamedDependency[PhaseCatalogue],
    actor: NamedDependency[Principal],
) -> Response[Any]:
    seen = await _seen(request)

    async def step() -> int:
        current = await publication.snapshot_now(project, catalogue)
        return await publication.publish(project.id, project.title, current, actor, seen)

    done = "Version {result} är publicerad. Den publicerade historiken ändras aldrig."
    return await _answer(request, project, catalogue, step, done)


@post(STAFF + "/avpublicera", name="design:history_unpublish", opt=EDIT, status_code=303)
async def unpublish(
    request: Request,
    project: NamedDependency[Project],
    catalogue: NamedDependency[PhaseCatalogue],
    actor: NamedDependency[Principal],
) -> Response[Any]:
    step = partial(publication.unpublish, project.id, actor)
    done = "Designhistoriken är inte längre publik. De publicerade versionerna finns kvar."
    return await _answer(request, project, catalogue, step, done)


# --- the public page ------------------------------------------------------------------------


async def _public(
    request: Request, municipality: Municipality, project_id: int, number: int | None
) -> Response[Any]:
    if not 0 < project_id <= MAX_ID or (number is not None and not 0 < number <= MAX_ID):
        raise NotFoundException()
    shown = await publication.public_version(project_id, number)
    if shown is None:
        raise NotFoundException()
    versions = await publication.versions(project_id)

    def context() -> dict[str, Any]:
        return {
            "version": shown,
            "history": rules.history_of(shown["snapshot"]),
            "sources": {
                picture: f"/designhistorik/{project_id}/bilder/{picture}"
                for picture in rules.picture_ids(shown["snapshot"])
            },
            "intro": rules.intro_of(shown["snapshot"]),
            "versions": versions,
            "project_id": project_id,
        }

    seal = rules.version_digest(shown)
    return await drawn_once(request, PAGES, seal, versions, municipality, TEMPLATE, context)


@get(PUBLIC_PATH, name="design:public_history", opt=PUBLIC)
async def public_history(
    request: Request, project_id: FromPath[int], municipality: NamedDependency[Municipality]
) -> Response[Any]:
    return await _public(request, municipality, project_id, None)


@get(
    PUBLIC_PATH + "/version/{version_number:int}",
    name="design:public_history_version",
    opt=PUBLIC,
)
async def public_history_version(
    request: Request,
    project_id: FromPath[int],
    version_number: FromPath[int],
    municipality: NamedDependency[Municipality],
) -> Response[Any]:
    return await _public(request, municipality, project_id, version_number)


@get(PUBLIC_PATH + "/bilder/{version_id:int}", name="design:public_history_image", opt=PUBLIC)
async def public_picture(project_id: FromPath[int], version_id: FromPath[int]) -> Response[bytes]:
    """A prototype picture, only while it belongs to a published snapshot on the public page."""
    if not (0 < project_id <= MAX_ID and 0 < version_id <= MAX_ID):
        raise NotFoundException()
    if not await publication.picture_is_public(project_id, version_id):
        raise NotFoundException()
    return await picture(version_id, PRIVATE)  # never kept after the history is unpublished


ROUTES: list[Any] = [
    staff_page,
    save,
    request_review,
    approve,
    send_back,
    publish,
    unpublish,
    public_history,
    public_history_version,
    public_picture,
]
