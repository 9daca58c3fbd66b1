"""Public pages for residents: the index of "Ni sa – vi gjorde" pages and their Atom feeds."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Template

from tracker.accounts.guard import ADMIN, PUBLIC
from tracker.accounts.permissions import Principal
from tracker.db import MAX_ID
from tracker.municipality import Municipality
from tracker.residents import accessibility, index
from tracker.web.forms import Fields
from tracker.web.http import plain, see_other

ATOM = "application/atom+xml; charset=utf-8"
INDEX = "/ni-sa-vi-gjorde"
FEED_SIZE = 50  # the newest pages in the index's feed; each dialogue's feed has all versions


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _version_url(base: str, row: dict[str, object]) -> str:
    return f"{base}{INDEX}/{row['dialogue_id']}/version/{row['number']}"


@get(INDEX, name="residents:index", opt=PUBLIC)
async def published_index(request: Request) -> Template:
    filters = index.read_filters(request.query_params)
    return Template(
        "residents/index.html",
        context={"published": await index.published_index(filters), "filters": filters},
    )


@get(f"{INDEX}/atom.xml", name="residents:index_feed", opt=PUBLIC)
async def index_feed(
    request: Request, municipality: NamedDependency[Municipality]
) -> Response[bytes]:
    base = _base(request)
    pages = (await index.published_index(index.IndexFilters())).pages[:FEED_SIZE]
    body = index.atom_feed(
        title=f"Ni sa – vi gjorde – {municipality.name}",
        link=f"{base}{INDEX}",
        feed_url=f"{base}{INDEX}/atom.xml",
        subtitle="Vad invånarna sa i kommunens dialoger, och vad kommunen gjorde.",
        entries=[row | {"url": _version_url(base, row)} for row in pages],
    )
    return Response(body, media_type=ATOM)


@get(f"{INDEX}/{{dialogue_id:int}}/atom.xml", name="residents:dialogue_feed", opt=PUBLIC)
async def dialogue_feed(
    request: Request, dialogue_id: FromPath[int], municipality: NamedDependency[Municipality]
) -> Response[bytes]:
    versions = await index.dialogue_versions(dialogue_id) if 0 < dialogue_id <= MAX_ID else []
    if not versions:
        raise NotFoundException()
    base = _base(request)
    body = index.atom_feed(
        title=f"{versions[0]['title']} – {municipality.name}",
        link=f"{base}{INDEX}/{dialogue_id}",
        feed_url=f"{base}{INDEX}/{dialogue_id}/atom.xml",
        subtitle="Varje ny version av sidan om vad dialogen ledde till.",
        entries=[row | {"url": _version_url(base, row)} for row in versions],
    )
    return Response(body, media_type=ATOM)


ROUTES: list[Any] = [published_index, index_feed, dialogue_feed]


# --- the accessibility statement -------------------------------------------------------------

STATEMENT = "/tillganglighet"


@get(STATEMENT, name="residents:accessibility", opt=PUBLIC)
async def accessibility_page() -> Template:
    statement, row = await accessibility.current()
    return Template(
        "residents/accessibility.html",
        context={
            "statement": statement,
            "row": row,
            "compliance": accessibility.COMPLIANCE,
            "digg_reporting": accessibility.DIGG_REPORTING,
        },
    )


def _form(fields: Fields, status: int = 200) -> Template:
    return Template(
        "residents/accessibility_form.html",
        context={"fields": fields, "compliance": accessibility.COMPLIANCE},
        status_code=status,
    )


@get(f"{STATEMENT}/redigera", name="residents:accessibility_edit", opt=ADMIN)
async def accessibility_edit() -> Template:
    statement, _ = await accessibility.current()
    return _form(accessibility.fields_of(statement))


@post(f"{STATEMENT}/redigera", name="residents:accessibility_save", opt=ADMIN)
async def accessibility_save(
    request: Request, actor: NamedDependency[Principal]
) -> Response[Any] | Template:
    statement, fields = accessibility.read_form(plain(await request.form()))
    if statement is None:
        return _form(fields, 422)
    await accessibility.save(statement, actor)
    flash(request, "Tillgänglighetsredogörelsen är sparad.", category="success")
    return see_other(STATEMENT)


ROUTES += [accessibility_page, accessibility_edit, accessibility_save]
