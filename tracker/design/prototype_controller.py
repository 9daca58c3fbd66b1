"""A prototype's page, its versions (with an uploaded image or a link) and the images.

An image is checked and re-encoded (`rules.clean_image`) before it is stored, kept under the
version's id (never a name the user gave) and served with its own media type and `nosniff`.
"""

from __future__ import annotations

import asyncio
from typing import Any

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Template
from litestar.status_codes import (
    HTTP_409_CONFLICT,
    HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    HTTP_422_UNPROCESSABLE_ENTITY,
)

from tracker.accounts import once
from tracker.accounts.guard import edit
from tracker.accounts.permissions import Principal
from tracker.design import services
from tracker.design.deps import prototype_or_404
from tracker.design.forms import read_prototype_form, read_version_form
from tracker.design.labels import PROTOTYPE_LABELS
from tracker.design.page import picture, render_prototype, render_prototype_form
from tracker.design.rules import MAX_IMAGE_BYTES, CleanImage, ImageRefused, clean_image
from tracker.web.forms import Fields
from tracker.web.http import edit_saved, form_data, form_value, see_other
from tracker.web.versions import Conflict, save_or_conflict, versioned

EDIT_PROJECT = edit("project", "project_id")
IMAGE_FIELD = "image"
# The image and the multipart envelope around it: a larger file gets the form's own message
# up to this size, Litestar's 413 beyond it.
VERSION_BODY_LIMIT = MAX_IMAGE_BYTES + 256 * 1024


@get("/prototyper/{prototype_id:int}", name="design:prototype")
async def prototype_page(request: Request, prototype_id: FromPath[int]) -> Template:
    return await render_prototype(request, prototype_id)


async def _read_upload(upload: Any) -> tuple[bytes | None, bool]:
    """The uploaded file's bytes (at most one more than allowed) and whether one was chosen."""
    if isinstance(upload, UploadFile) and upload.filename:
        return await upload.read(MAX_IMAGE_BYTES + 1), True
    return None, False


@post(
    "/projekt/{project_id:int}/prototyper/{prototype_id:int}/versioner",
    name="design:add_version",
    opt=EDIT_PROJECT,
    request_max_body_size=VERSION_BODY_LIMIT,
)
async def add_version(
    request: Request, prototype: NamedDependency[dict[str, Any]], actor: NamedDependency[Principal]
) -> Response[Any]:
    prototype_id = prototype["id"]
    form = await request.form()
    raw = {key: str(value) for key, value in form.items() if not isinstance(value, UploadFile)}
    if earlier := await once.earlier_result(actor, raw):
        return once.repeated(request, earlier)
    content, chosen = await _read_upload(form.get(IMAGE_FIELD))
    data, fields = read_version_form(raw, chosen, prototype["project_start"])
    image: CleanImage | None = None
    status = 422
    if content is not None:
        try:
            # In a thread: decoding a large image must not hold up every other request.
            image = await asyncio.to_thread(clean_image, content)
        except ImageRefused as refused:
            fields.error(IMAGE_FIELD, str(refused))
            if len(content) > MAX_IMAGE_BYTES:
                status = HTTP_413_REQUEST_ENTITY_TOO_LARGE
    if data is None or not fields.ok:
        return await render_prototype(request, prototype_id, status=status, version_fields=fields)

    async def create() -> str:
        await services.add_version(prototype_id, data, image, actor)
        return f"/prototyper/{prototype_id}#versioner"

    url = await once.create_once(actor, raw, create)
    flash(request, "Versionen är sparad.", category="success")
    return see_other(url)


PROTOTYPE_EDIT = "/projekt/{project_id:int}/prototyper/{prototype_id:int}/redigera"


def _values(prototype: dict[str, Any]) -> dict[str, str]:
    return {key: form_value(prototype[key]) for key in ("name", "description")}


@get(PROTOTYPE_EDIT, name="design:edit_prototype", opt=EDIT_PROJECT)
async def edit_prototype(prototype: NamedDependency[dict[str, Any]]) -> Template:
    fields = Fields(versioned(_values(prototype), prototype["version"]))
    return render_prototype_form(prototype, fields)


@post(PROTOTYPE_EDIT, name="design:update_prototype", opt=EDIT_PROJECT)
async def update_prototype(
    request: Request, prototype: NamedDependency[dict[str, Any]], actor: NamedDependency[Principal]
) -> Response[Any]:
    raw = await form_data(request)
    data, fields = read_prototype_form(raw)
    if data is None:
        return render_prototype_form(prototype, fields, status=HTTP_422_UNPROCESSABLE_ENTITY)

    async def reload() -> tuple[dict[str, str], int]:
        current = await prototype_or_404(prototype["project"], prototype["id"])
        return _values(current), current["version"]

    saved = await save_or_conflict(
        raw,
        lambda version: services.update_prototype(prototype, data, actor, version),
        reload,
        PROTOTYPE_LABELS,
    )
    if isinstance(saved, Conflict):
        return render_prototype_form(
            prototype, saved.fields, status=HTTP_409_CONFLICT, conflict=saved
        )
    return edit_saved(request, saved, f"/prototyper/{prototype['id']}")


@get("/prototypbilder/{version_id:int}", name="design:image")
async def prototype_image(version_id: FromPath[int]) -> Response[bytes]:
    """The image as the app stored it, never a file named by the user."""
    return await picture(version_id, "private, max-age=3600")


ROUTES: list[Any] = [
    prototype_page,
    add_version,
    edit_prototype,
    update_prototype,
    prototype_image,
]
