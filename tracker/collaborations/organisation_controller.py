"""The organisation register: list, exports, create, view and edit (shared records)."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.response import Template

from tracker.accounts import once
from tracker.accounts.guard import CREATE
from tracker.accounts.permissions import Principal
from tracker.collaborations import exports, labels, organisations
from tracker.collaborations.catalogue import CollaborationLists
from tracker.collaborations.filters import read_organisation_filters
from tracker.collaborations.forms import (
    OrganisationInput,
    read_organisation_form,
    stored_organisation,
)
from tracker.collaborations.page import organisation_or_404
from tracker.collaborations.tables import Organisation
from tracker.web.forms import Fields
from tracker.web.http import edit_saved, plain
from tracker.web.pagination import register_page
from tracker.web.tabular import send_table
from tracker.web.versions import Conflict, save_or_conflict, versioned

# --- organisations ---------------------------------------------------------------------------


class OrganisationController(Controller):
    path = "/organisationer"
    # The record of the path's id, for the handlers that ask for it by name; 404 if unknown.
    dependencies = MappingProxyType({"organisation": Provide(organisation_or_404)})

    @get("/", name="organisations:list")
    async def register(
        self, request: Request, collaboration_lists: NamedDependency[CollaborationLists]
    ) -> Template:
        params = dict(request.query_params)
        filters = read_organisation_filters(params, collaboration_lists)
        return register_page(
            "collaborations/organisations.html",
            params,
            await organisations.list_organisations(filters),
            filters,
        )

    @get(["/export.csv", "/export.xlsx"], name="organisations:export")
    async def export(
        self, request: Request, collaboration_lists: NamedDependency[CollaborationLists]
    ) -> Response[bytes]:
        filters = read_organisation_filters(dict(request.query_params), collaboration_lists)
        page = await organisations.list_organisations(filters, size=None)
        rows = exports.organisation_rows(page.rows, collaboration_lists)
        return send_table(
            request, "organisationer", "Organisationer", exports.ORGANISATION_COLUMNS, rows
        )

    @get("/ny", name="organisations:new", opt=CREATE)
    async def new_organisation(self) -> Template:
        return Template(
            "collaborations/organisation_form.html",
            context={"fields": Fields({}), "organisation": None},
        )

    @post("/", name="organisations:create", opt=CREATE)
    async def create_organisation(
        self,
        request: Request,
        collaboration_lists: NamedDependency[CollaborationLists],
        actor: NamedDependency[Principal],
    ) -> Response[Any]:
        raw = plain(await request.form())
        data, fields = read_organisation_form(raw, collaboration_lists)
        if data is not None:
            for name, problem in (await organisations.duplicate_problems(data)).items():
                fields.error(name, problem)

        def refuse(fields: Fields, status: int) -> Template:
            return Template(
                "collaborations/organisation_form.html",
                context={"fields": fields, "organisation": None},
                status_code=status,
            )

        async def create(data: OrganisationInput) -> str:
            return f"/organisationer/{(await organisations.create_organisation(data, actor)).id}"

        read = (data if fields.ok else None, fields)
        return await once.submit_once(
            request, actor, raw, read, refuse, create, "Organisationen är registrerad."
        )

    @get("/{organisation_id:int}", name="organisations:detail")
    async def organisation_page(self, organisation: NamedDependency[Organisation]) -> Template:
        return Template(
            "collaborations/organisation.html",
            context={
                "organisation": organisation,
                "history": await organisations.organisation_history(organisation),
            },
        )

    @get("/{organisation_id:int}/redigera", name="organisations:edit", opt=CREATE)
    async def edit_organisation(self, organisation: NamedDependency[Organisation]) -> Template:
        fields = Fields(versioned(stored_organisation(organisation), organisation.version))
        return _organisation_form(organisation, fields)

    @post("/{organisation_id:int}/redigera", name="organisations:update", opt=CREATE)
    async def update_organisation(
        self,
        request: Request,
        organisation: NamedDependency[Organisation],
        collaboration_lists: NamedDependency[CollaborationLists],
        actor: NamedDependency[Principal],
    ) -> Response[Any]:
        raw = plain(await request.form())
        data, fields = read_organisation_form(
            raw, collaboration_lists, stored_contact=organisation.contact
        )
        if data is not None:
            problems = await organisations.duplicate_problems(data, except_id=organisation.id)
            for name, problem in problems.items():
                fields.error(name, problem)
        if data is None or not fields.ok:
            return _organisation_form(organisation, fields, status=422)

        async def reload() -> tuple[dict[str, str], int]:
            current = await organisation_or_404(organisation.id)
            return stored_organisation(current), current.version

        saved = await save_or_conflict(
            raw,
            lambda version: organisations.update_organisation(organisation, data, actor, version),
            reload,
            labels.ORGANISATION_LABELS,
        )
        if isinstance(saved, Conflict):
            return _organisation_form(organisation, saved.fields, saved, status=409)
        return edit_saved(request, saved, f"/organisationer/{organisation.id}")


def _organisation_form(
    organisation: Organisation, fields: Fields, conflict: Conflict | None = None, status: int = 200
) -> Template:
    return Template(
        "collaborations/organisation_form.html",
        context={"fields": fields, "organisation": organisation, "conflict": conflict},
        status_code=status,
    )
