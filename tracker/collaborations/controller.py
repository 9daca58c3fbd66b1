"""The civil-society pages: the organisation register, the collaboration register (samverkan),
contributions, follow-ups, links to projects and dialogues, the follow-up list and exports."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template

from tracker.accounts import once
from tracker.accounts.guard import CREATE, edit
from tracker.accounts.permissions import Principal
from tracker.clock import today
from tracker.collaborations import contributions, exports, follow_ups, labels
from tracker.collaborations import organisations as collaboration_organisations
from tracker.collaborations import register as collaboration_register
from tracker.collaborations.catalogue import CollaborationLists
from tracker.collaborations.filters import read_collaboration_filters
from tracker.collaborations.forms import (
    CollaborationInput,
    ContributionInput,
    FollowUpInput,
    chosen_ids,
    read_collaboration_form,
    read_contribution_form,
    read_follow_up_form,
    stored_collaboration,
)
from tracker.collaborations.links import DIALOGUES, PROJECTS
from tracker.collaborations.page import (
    collaboration_or_404,
    organisation_or_404,
    render_collaboration,
)
from tracker.collaborations.tables import Collaboration
from tracker.shared.link_routes import LinkPage, link_routes
from tracker.shared.record_routes import (
    ArchivePage,
    MemberPage,
    RecordPage,
    archive_routes,
    member_routes,
)
from tracker.shared.registration import unique_or_refused
from tracker.web.forms import Fields
from tracker.web.http import edit_saved, plain, see_other
from tracker.web.pagination import register_page
from tracker.web.tabular import send_table
from tracker.web.versions import Conflict, save_or_conflict, versioned

EDIT = edit(collaboration_register.ENTITY, "collaboration_id")


def collaboration_url(collaboration_id: int, anchor: str = "") -> str:
    return f"/samverkan/{collaboration_id}" + (f"#{anchor}" if anchor else "")


# --- collaborations --------------------------------------------------------------------------


class CollaborationController(Controller):
    path = "/samverkan"
    # The record of the path's id, for the handlers that ask for it by name; 404 if unknown.
    dependencies = MappingProxyType({"collaboration": Provide(collaboration_or_404)})

    @get("/", name="collaborations:list")
    async def register(
        self, request: Request, collaboration_lists: NamedDependency[CollaborationLists]
    ) -> Template:
        params = dict(request.query_params)
        filters = read_collaboration_filters(params, collaboration_lists)
        return register_page(
            "collaborations/list.html",
            params,
            await collaboration_register.list_collaborations(filters),
            filters,
            departments=await collaboration_register.departments(),
        )

    @get(["/export.csv", "/export.xlsx"], name="collaborations:export")
    async def export(
        self, request: Request, collaboration_lists: NamedDependency[CollaborationLists]
    ) -> Response[bytes]:
        filters = read_collaboration_filters(dict(request.query_params), collaboration_lists)
        page = await collaboration_register.list_collaborations(filters, size=None)
        rows = exports.collaboration_rows(page.rows, collaboration_lists)
        return send_table(request, "samverkan", "Samverkan", exports.COLLABORATION_COLUMNS, rows)

    @get("/uppfoljning", name="collaborations:agenda")
    async def agenda(self, request: Request) -> Template:
        include_ended = request.query_params.get("avslutade") == "ja"
        return Template(
            "collaborations/agenda.html",
            context={
                "items": await follow_ups.agenda(today(), include_ended=include_ended),
                "include_ended": include_ended,
                "today": today(),
            },
        )

    @get("/ny", name="collaborations:new", opt=CREATE)
    async def new_collaboration(self, request: Request) -> Template:
        chosen = request.query_params.get("organisation", "")
        return Template(
            "collaborations/form.html",
            context={
                "fields": Fields({"status": "planned"}),
                "collaboration": None,
                "chosen": [chosen] if chosen else [],
                "organisations": await collaboration_organisations.organisation_choices(),
            },
        )

    @post("/", name="collaborations:create", opt=CREATE)
    async def create_collaboration(
        self,
        request: Request,
        collaboration_lists: NamedDependency[CollaborationLists],
        actor: NamedDependency[Principal],
    ) -> Response[Any]:
        form = await request.form()
        raw = plain(form)
        chosen = (
            [str(v) for v in form.getall("organisation_ids")] if "organisation_ids" in form else []
        )
        organisations = await collaboration_organisations.organisation_choices()

        def refuse(fields: Fields, status: int) -> Template:
            return Template(
                "collaborations/form.html",
                context={
                    "fields": fields,
                    "collaboration": None,
                    "chosen": chosen,
                    "organisations": organisations,
                },
                status_code=status,
            )

        async def create(data: CollaborationInput) -> str:
            return collaboration_url(
                (await collaboration_register.create_collaboration(data, actor)).id
            )

        read = await unique_or_refused(
            read_collaboration_form(
                raw, chosen, collaboration_lists, {row["id"] for row in organisations}
            ),
            Collaboration,
            "samverkan",
        )
        return await once.submit_once(
            request, actor, raw, read, refuse, create, "Samverkan är registrerad."
        )

    @get("/{collaboration_id:int}", name="collaborations:detail")
    async def collaboration_page(
        self, request: Request, collaboration: NamedDependency[Collaboration]
    ) -> Template:
        return await render_collaboration(request, collaboration)

    @get("/{collaboration_id:int}/redigera", name="collaborations:edit", opt=EDIT)
    async def edit_collaboration(self, collaboration: NamedDependency[Collaboration]) -> Template:
        ids = await collaboration_register.organisation_ids_of(collaboration.id)
        values = stored_collaboration(collaboration, ids)
        return await self._form(collaboration, Fields(versioned(values, collaboration.version)))

    async def _form(
        self,
        collaboration: Collaboration,
        fields: Fields,
        conflict: Conflict | None = None,
        status: int = 200,
        organisations: list[dict[str, Any]] | None = None,
    ) -> Template:
        return Template(
            "collaborations/form.html",
            context={
                "fields": fields,
                "collaboration": collaboration,
                "chosen": chosen_ids(fields.raw),
                "organisations": organisations or await self._choices(collaboration.id),
                "conflict": conflict,
            },
            status_code=status,
        )

    @staticmethod
    async def _choices(collaboration_id: int) -> list[dict[str, Any]]:
        """Active organisations, and archived ones that are already parties."""
        active = await collaboration_organisations.organisation_choices()
        records = await collaboration_register.collaboration_records_organisations(collaboration_id)
        known = {row["id"] for row in active}
        return active + [row for row in records if row["id"] not in known]

    @post("/{collaboration_id:int}/redigera", name="collaborations:update", opt=EDIT)
    async def update_collaboration(
        self,
        request: Request,
        collaboration: NamedDependency[Collaboration],
        collaboration_lists: NamedDependency[CollaborationLists],
        actor: NamedDependency[Principal],
    ) -> Response[Any]:
        form = await request.form()
        chosen = (
            [str(v) for v in form.getall("organisation_ids")] if "organisation_ids" in form else []
        )
        raw = plain(form) | {"organisation_ids": "\n".join(sorted(chosen))}
        organisations = await self._choices(collaboration.id)
        data, fields = await unique_or_refused(
            read_collaboration_form(
                raw, chosen, collaboration_lists, {row["id"] for row in organisations}
            ),
            Collaboration,
            "samverkan",
            collaboration.id,
        )
        if data is None:
            return await self._form(collaboration, fields, None, 422, organisations)

        async def reload() -> tuple[dict[str, str], int]:
            current = await collaboration_or_404(collaboration.id)
            ids = await collaboration_register.organisation_ids_of(current.id)
            return stored_collaboration(current, ids), current.version

        saved = await save_or_conflict(
            raw,
            lambda version: collaboration_register.update_collaboration(
                collaboration, data, actor, version
            ),
            reload,
            labels.FIELD_LABELS | {"organisation_ids": "organisationer"},
        )
        if isinstance(saved, Conflict):
            return await self._form(collaboration, saved.fields, saved, 409, organisations)
        return edit_saved(request, saved, collaboration_url(collaboration.id))

    @post("/{collaboration_id:int}/insatser", name="collaborations:add_contribution", opt=EDIT)
    async def add_contribution(
        self,
        request: Request,
        collaboration: NamedDependency[Collaboration],
        actor: NamedDependency[Principal],
    ) -> Response[Any]:
        raw = plain(await request.form())
        parties = await collaboration_register.collaboration_records_organisations(collaboration.id)
        names = {row["id"]: row["name"] for row in parties}

        async def add(data: ContributionInput) -> str:
            party = names[data.organisation_id] if data.organisation_id else "kommunen"
            await contributions.add_contribution(collaboration, data, actor, party)
            return collaboration_url(collaboration.id, "insatser")

        async def refuse(fields: Fields, status: int) -> Template:
            return await render_collaboration(
                request, collaboration, contribution_fields=fields, status=status
            )

        read = read_contribution_form(raw, set(names))
        return await once.submit_once(request, actor, raw, read, refuse, add, "Insatsen är sparad.")

    @post("/{collaboration_id:int}/uppfoljningar", name="collaborations:add_follow_up", opt=EDIT)
    async def add_follow_up(
        self,
        request: Request,
        collaboration: NamedDependency[Collaboration],
        actor: NamedDependency[Principal],
    ) -> Response[Any]:
        raw = plain(await request.form())

        async def add(data: FollowUpInput) -> str:
            await follow_ups.add_follow_up(collaboration, data, actor)
            return collaboration_url(collaboration.id, "uppfoljningar")

        async def refuse(fields: Fields, status: int) -> Template:
            return await render_collaboration(
                request, collaboration, follow_up_fields=fields, status=status
            )

        read = read_follow_up_form(raw)
        return await once.submit_once(
            request, actor, raw, read, refuse, add, "Uppföljningen är sparad."
        )

    @post(
        "/{collaboration_id:int}/uppfoljningar/{follow_up_id:int}/klar",
        name="collaborations:follow_up_done",
        opt=EDIT,
    )
    async def follow_up_done(
        self,
        request: Request,
        collaboration: NamedDependency[Collaboration],
        follow_up_id: FromPath[int],
        actor: NamedDependency[Principal],
    ) -> Redirect:
        try:
            changed = await follow_ups.mark_follow_up_done(collaboration, follow_up_id, actor)
        except LookupError as missing:
            raise NotFoundException() from missing
        flash(
            request,
            "Uppföljningen är markerad som gjord." if changed else "Uppföljningen var redan gjord.",
            category="success",
        )
        return see_other(collaboration_url(collaboration.id, "uppfoljningar"))


PAGE = RecordPage(
    collaboration_register.ENTITY,
    "collaborations",
    "/samverkan",
    "collaboration_id",
    collaboration_or_404,
)
ORGANISATION_PAGE = RecordPage(
    collaboration_organisations.ORGANISATION,
    "organisations",
    "/organisationer",
    "organisation_id",
    organisation_or_404,
)
RECORD_ROUTES = [
    *link_routes(LinkPage(PAGE, PROJECTS, "projekt", "kopplingar")),
    *link_routes(
        LinkPage(
            PAGE,
            DIALOGUES,
            "dialoger",
            "kopplingar",
            hint="Till exempel när organisationen var kanalen som återkopplingen nådde "
            "invånarna genom.",
        )
    ),
    *member_routes(MemberPage(PAGE, lambda record: f"samverkan {record.title}")),
    *archive_routes(
        ArchivePage(
            PAGE,
            EDIT,
            "collaborations/archive.html",
            collaboration_register.set_archived,
            archived="Samverkan är arkiverad. Den syns inte längre i registret men finns kvar.",
            restored="Samverkan är återställd från arkivet.",
        )
    ),
    *archive_routes(
        ArchivePage(
            ORGANISATION_PAGE,
            CREATE,
            "collaborations/archive.html",
            collaboration_organisations.set_organisation_archived,
            archived="Organisationen är arkiverad. Allt finns kvar.",
            restored="Organisationen är återställd från arkivet.",
        )
    ),
]
