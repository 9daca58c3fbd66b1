"""The link and unlink routes of a record's page, made for each kind of link (as
`insights/capture.py` makes the capture routes): a dialogue's projects, a collaboration's
projects and dialogues.

The form posts the target's id and goes back to the page's section; a refusal is answered
beside the field: 422 for no such record or an archived one, 409 for one linked already.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar import Request, Response, post
from litestar.di import NamedDependency
from litestar.plugins.flash import flash

from tracker.accounts.guard import edit
from tracker.accounts.permissions import Principal
from tracker.shared.links import LinkKind, LinkRefused, link, unlink
from tracker.shared.record_routes import RecordPage, Render
from tracker.web.forms import Fields
from tracker.web.http import plain, record_id, see_other


@dataclass(frozen=True, slots=True)
class LinkPage:
    page: RecordPage  # the owner's page
    kind: LinkKind
    segment: str  # projekt: posts go to /dialoger/{id}/projekt
    anchor: str  # the page's section the links are listed in
    form: str  # the name the page's form has among the render's forms: link_fields
    render: Render

    @property
    def field(self) -> str:
        """The posted (and unlinked) target's id: project_id."""
        return f"{self.kind.target.entity_type}_id"


def link_routes(links: LinkPage) -> list[Any]:
    page, kind, field = links.page, links.kind, links.field
    access = edit(kind.owner, page.parameter)
    path = f"{page.path()}/{links.segment}"
    words = kind.target.words
    target = kind.target.entity_type

    @post(path, name=f"{page.area}:link_{target}", opt=access)
    async def link_target(request: Request, actor: NamedDependency[Principal]) -> Response[Any]:
        owner = await page.record(request)
        raw = plain(await request.form())
        try:
            linked = await link(kind, owner, record_id(raw.get(field, "")), actor)
        except LinkRefused as refused:
            fields = Fields(raw)
            fields.error(field, refused.message)
            return await links.render(request, owner, status=refused.status, **{links.form: fields})
        flash(request, words.linked if linked else words.already, category="success")
        return see_other(page.url(owner, links.anchor))

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

    return [link_target, unlink_target]
