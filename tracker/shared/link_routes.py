"""The link and unlink routes of a record's page, made for each kind of link (as
`insights/capture.py` makes the capture routes): a dialogue's projects, a collaboration's
projects and dialogues.

The link form opens on demand (issue 14): the owner's page has a button ("Koppla ett
projekt") that links to the form's own page, `…/projekt/ny`, which htmx loads in place of the
button (the block `koppla-projekt`, templates/_link_form.html). The form posts the target's id
and goes back to the page's section; a refusal comes back on the form's page, beside the
field: 422 for no such record or an archived one, 409 for one linked already.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.plugins.flash import flash
from litestar.response import Template

from tracker.accounts.guard import edit
from tracker.accounts.permissions import Principal
from tracker.shared.links import LinkKind, LinkRefused, link, linkable_choices, unlink
from tracker.shared.record_routes import RecordPage, record_form_page
from tracker.web.forms import Fields
from tracker.web.http import back_to_page, plain, record_id, see_other


@dataclass(frozen=True, slots=True)
class LinkPage:
    page: RecordPage  # the owner's page
    kind: LinkKind
    segment: str  # projekt: posts go to /dialoger/{id}/projekt
    anchor: str  # the page's section the links are listed in
    hint: str = ""  # what the form's field says under its label, if anything

    @property
    def field(self) -> str:
        """The posted (and unlinked) target's id: project_id."""
        return f"{self.kind.target.entity_type}_id"

    @property
    def block(self) -> str:
        """The id of the element the form is loaded in place of, on the owner's page:
        koppla-projekt (a block of templates/_link_form.html)."""
        return f"koppla-{self.segment}"


async def _link_form(
    request: Request, links: LinkPage, owner: Any, fields: Fields, *, status: int = 200
) -> Template:
    """The link form's page: the records that can be linked, found by name (`sok`)."""
    term = request.query_params.get("sok", "")
    context = {
        "links": links,
        "words": links.kind.target.words,
        "choices": await linkable_choices(links.kind, owner.id, term),
        "link_fields": fields,
    }
    return record_form_page(links.page, owner, "_link_form.html", context, status=status)


def link_routes(links: LinkPage) -> list[Any]:
    page, kind, field = links.page, links.kind, links.field
    access = edit(kind.owner, page.parameter)
    path = f"{page.path()}/{links.segment}"
    words = kind.target.words
    target = kind.target.entity_type

    @get(f"{path}/ny", name=f"{page.area}:link_{target}_form", opt=access)
    async def link_form(request: Request) -> Template:
        return await _link_form(request, links, await page.record(request), Fields({}))

    @post(path, name=f"{page.area}:link_{target}", opt=access)
    async def link_target(request: Request, actor: NamedDependency[Principal]) -> Response[Any]:
        owner = await page.record(request)
        raw = plain(await request.form())
        try:
            linked = await link(kind, owner, record_id(raw.get(field, "")), actor)
        except LinkRefused as refused:
            fields = Fields(raw)
            fields.error(field, refused.message)
            return await _link_form(request, links, owner, fields, status=refused.status)
        flash(request, words.linked if linked else words.already, category="success")
        return back_to_page(request, page.url(owner, links.anchor), near=links.anchor)

    @post(f"{path}/{{{field}:int}}/ta-bort", name=f"{page.area}:unlink_{target}", opt=access)
    async def unlink_target(request: Request, actor: NamedDependency[Principal]) -> Response[Any]:
        owner = await page.record(request)
        removed = await unlink(kind, owner, int(request.path_params[field]), actor)
        flash(
            request,
            "Kopplingen är borttagen." if removed else words.not_linked,
            category="success",
        )
        return see_other(page.url(owner, links.anchor))

    return [link_form, link_target, unlink_target]
