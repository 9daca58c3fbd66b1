"""The routes every kind of record has on its page, made for each kind: adding and removing
members, and archiving (after a confirmation page) and restoring.

Members are editors who may change the record. The member form opens on demand from the
record's page (issue 14): "Lägg till medlem" links to its own page, `…/medlemmar/ny`, which
htmx loads in place. It posts an account id, which is checked with `record_id` like every
posted id; a wrong one comes back on the form's page, beside the field.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.plugins.flash import flash
from litestar.response import Template

from tracker.accounts import memberships as account_memberships
from tracker.accounts.guard import current_user, edit
from tracker.accounts.permissions import Principal
from tracker.shared.archived import ARCHIVE_ACTION
from tracker.shared.form_page import form_page
from tracker.web.forms import Fields
from tracker.web.http import back_to_page, plain, record_id, see_other

# The record by id (and its owner's id, see RecordPage), NotFoundException (404) when there is
# none.
Load = Callable[..., Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class RecordPage:
    """A kind of record and where its routes are. A record that belongs to another (a test to
    its project) has its routes under the owner's page: `prefix` names the owner's path
    parameter (/projekt/{project_id:int}/tester), `owner` is that parameter, `load` is given
    both ids (and answers 404 unless the record is the owner's), and `page` says where the
    record's own page is."""

    entity_type: str  # project: the record type of memberships and of the change log
    area: str  # the route names' prefix: projects
    prefix: str  # /projekt
    parameter: str  # project_id
    load: Load
    owner: str | None = None  # project_id: the path parameter of the record it belongs to
    page: Callable[[Any], str] | None = None  # its own page, when not prefix/id

    def path(self) -> str:
        return f"{self.prefix}/{{{self.parameter}:int}}"

    def url(self, record: Any, anchor: str = "") -> str:
        page = self.page(record) if self.page else f"{self.prefix}/{record.id}"
        return page + (f"#{anchor}" if anchor else "")

    async def record(self, request: Request) -> Any:
        ids = [int(request.path_params[self.parameter])]
        if self.owner is not None:
            ids.append(int(request.path_params[self.owner]))
        return await self.load(*ids)


# --- members ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MemberPage:
    page: RecordPage
    label: Callable[[Any], str]  # how the change log names the record: "projektet Trygg skola"


def record_form_page(
    page: RecordPage, record: Any, template: str, context: dict[str, Any], *, status: int = 200
) -> Template:
    """A form that opens on demand from a record's page, on a page of its own
    (tracker/shared/form_page.py); an htmx request gets only the form's block."""
    url = page.url(record)
    frame = {"record": record, "record_url": url}
    return form_page(template, page.entity_type, record.title, url, frame | context, status=status)


async def _member_form(
    request: Request, members: MemberPage, record: Any, fields: Fields, *, status: int = 200
) -> Template:
    """The member form's page: the editors who are not members yet, to choose from."""
    page = members.page
    access = await members_context(request, page.entity_type, record.id)
    context = {
        "editors": access["editors"],
        "member_fields": fields,
        "record_name": members.label(record),
    }
    return record_form_page(page, record, "_member_form.html", context, status=status)


async def members_context(
    request: Request[Any, Any, Any], entity_type: str, record_id: int, *, archived: bool = False
) -> dict[str, Any]:
    """What a record's page and its members section need: whether the signed-in user may edit
    the record (never while it is archived: then `can_restore` says whether they may restore
    it), its members, and (for those who may edit) the editors who are not members yet."""
    may_edit = await account_memberships.may_edit(current_user(request), entity_type, record_id)
    members = await account_memberships.members_of(entity_type, record_id)
    can_edit = may_edit and not archived
    editors = await account_memberships.editors() if can_edit else []
    return {
        "can_edit": can_edit,
        "can_restore": may_edit and archived,
        "members": members,
        "editors": account_memberships.not_yet_members(editors, members),
    }


def member_routes(members: MemberPage) -> list[Any]:
    page = members.page
    access = edit(page.entity_type, page.parameter)

    @get(f"{page.path()}/medlemmar/ny", name=f"{page.area}:member_form", opt=access)
    async def member_form(request: Request) -> Template:
        return await _member_form(request, members, await page.record(request), Fields({}))

    @post(f"{page.path()}/medlemmar", name=f"{page.area}:add_member", opt=access)
    async def add_member(request: Request, actor: NamedDependency[Principal]) -> Response[Any]:
        record = await page.record(request)
        raw = plain(await request.form())
        try:
            account_id = record_id(raw.get("account_id", ""))
            if account_id is None:
                raise LookupError(raw.get("account_id"))
            added = await account_memberships.add_member(
                page.entity_type, record.id, account_id, actor, label=members.label(record)
            )
        except LookupError:
            fields = Fields(raw)
            fields.error("account_id", "Välj en redaktör i listan.")
            return await _member_form(request, members, record, fields, status=422)
        flash(
            request,
            "Medlemmen är tillagd." if added else "Personen var redan medlem.",
            category="success",
        )
        return back_to_page(request, page.url(record, "medlemmar"), near="medlemmar")

    @post(
        f"{page.path()}/medlemmar/{{account_id:int}}/ta-bort",
        name=f"{page.area}:remove_member",
        opt=access,
    )
    async def remove_member(request: Request, actor: NamedDependency[Principal]) -> Response[Any]:
        record = await page.record(request)
        account_id = record_id(str(request.path_params["account_id"]))
        removed = account_id is not None and await account_memberships.remove_member(
            page.entity_type, record.id, account_id, actor, label=members.label(record)
        )
        flash(
            request,
            "Medlemmen är borttagen." if removed else "Personen var inte medlem.",
            category="success",
        )
        return see_other(page.url(record, "medlemmar"))

    return [member_form, add_member, remove_member]


# --- archiving and restoring -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArchivePage:
    page: RecordPage
    access: dict[str, Any]  # the opt of the three routes
    confirm: str  # the page asking "Vill du arkivera …?", given the record, its type (kind) and
    # the addresses to post to (action) and to go back to (back)
    set_archived: Callable[[Any, bool, Principal], Awaitable[None]]
    archived: str  # "Projektet är arkiverat. …"
    restored: str  # "Projektet är återställt från arkivet."


def archive_routes(archive: ArchivePage) -> list[Any]:
    page = archive.page
    path = page.path()
    access = {**archive.access, ARCHIVE_ACTION: True}  # passes the archived guard

    @get(f"{path}/arkivera", name=f"{page.area}:confirm_archive", opt=access)
    async def confirm_archive(request: Request) -> Template:
        record = await page.record(request)
        context = {
            "record": record,
            "kind": page.entity_type,
            "action": request.url.path,
            "back": page.url(record),
        }
        return Template(archive.confirm, context=context)

    @post(f"{path}/arkivera", name=f"{page.area}:archive", opt=access)
    async def archive_record(request: Request, actor: NamedDependency[Principal]) -> Response[Any]:
        record = await page.record(request)
        if record.archived_at is None:
            await archive.set_archived(record, True, actor)
        flash(request, archive.archived, category="success")
        return see_other(page.url(record))

    @post(f"{path}/aterstall", name=f"{page.area}:restore", opt=access)
    async def restore(request: Request, actor: NamedDependency[Principal]) -> Response[Any]:
        record = await page.record(request)
        if record.archived_at is not None:
            await archive.set_archived(record, False, actor)
        flash(request, archive.restored, category="success")
        return see_other(page.url(record))

    return [confirm_archive, archive_record, restore]
