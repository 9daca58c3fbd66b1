"""Capturing evidence and insights from a source's own page: a dialogue, a collaboration, or a
project doing its own user research. One set of handlers, made for each kind of source (the
sources' areas are below this one, so their pages are made here, not there).

The forms open on demand, each on a page of its own (tracker/insights/capture_pages.py). They
post plainly and redirect back to the source's section, where the saved form stays open for the
next (with htmx, only that section is swapped, so several pieces of evidence can be added in a
row without reloading the page). A refused post shows the form's page again; with htmx, the
section with the form open and its errors.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.flash import flash

from tracker.accounts import once
from tracker.accounts.guard import edit
from tracker.accounts.permissions import Principal
from tracker.collaborations.page import collaboration_found, render_collaboration_by_id
from tracker.dialogues.page import dialogue_found, render_dialogue_by_id
from tracker.insights import services
from tracker.insights.capture_pages import NO_EVIDENCE, render_capture_form
from tracker.insights.forms import read_evidence_form, read_insight_form
from tracker.insights.rules import ChainRefused, check_source
from tracker.insights.views import Capture, capture
from tracker.kinds import COLLABORATION, DIALOGUE, KINDS, PROJECT
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.page import current_step_of, render_project_by_id
from tracker.web.forms import Fields
from tracker.web.fragments import fragment_name
from tracker.web.http import plain, see_other

# Re-renders the source's page (404 when it does not exist) with forms holding errors.
Render = Callable[..., Awaitable[Response[Any]]]
# The source's research step for a project, "" for other sources, None when it does not exist
# (given the source's id, and its owner's for a source that belongs to another).
Locate = Callable[..., Awaitable[str | None]]


@dataclass(frozen=True, slots=True)
class SourceKind:
    """A kind of source and where its capture routes are. A source that belongs to another (a
    test to its project) has them under its place in the owner's page: `prefix` names the
    owner's path parameter (/projekt/{project_id:int}/tester), `owner` is that parameter,
    `access` is the owner's (its members add evidence), and `locate` is given both ids (None
    unless the source is the owner's). Areas above this one make their sources' routes with
    `capture_routes`."""

    source_type: str  # dialogue | collaboration | project | design_test
    prefix: str  # /dialoger
    parameter: str  # dialogue_id
    render: Render
    locate: Locate
    owner: str | None = None  # project_id: the path parameter of the record it belongs to
    access: dict[str, Any] | None = None  # the routes' opt, when not the source's own members
    # What a new piece of evidence starts with (a test's: its participants), given the request.
    blank_evidence: Callable[[Request], Awaitable[dict[str, str]]] | None = None

    def source_id(self, request: Request) -> int:
        return int(request.path_params[self.parameter])

    def base(self, request: Request) -> str:
        """Where the source's capture routes are, for this request's source."""
        prefix = self.prefix
        if self.owner is not None:
            prefix = prefix.replace(f"{{{self.owner}:int}}", str(request.path_params[self.owner]))
        return f"{prefix}/{self.source_id(request)}"

    def page(self, request: Request) -> str:
        """The source's own page, where the forms' posts lead back to."""
        own = KINDS[self.source_type].url(self.source_id(request)) if self.owner else None
        return own or self.base(request)

    async def find(self, request: Request) -> str | None:
        if self.owner is None:
            return await self.locate(self.source_id(request))
        return await self.locate(self.source_id(request), int(request.path_params[self.owner]))


def chain_forms(forms: dict[str, Any]) -> dict[str, Fields]:
    return {
        "evidence_fields": forms.get("evidence_fields") or Fields({}),
        "insight_fields": forms.get("insight_fields") or Fields({}),
    }


async def capture_context(
    source_type: str, source_id: int, forms: dict[str, Any], base: str = ""
) -> dict[str, Any]:
    """What a source page needs for its section "Underlag och insikter" (`base`: where its
    forms post, when not under the source's own page)."""
    found: Capture = await capture(source_type, source_id, base)
    return {"capture": found, "just_saved": forms.get("just_saved", "")} | chain_forms(forms)


FORM_FIELDS = {"underlag": "evidence_fields", "insikt": "insight_fields"}


async def _form_page(
    kind: SourceKind,
    request: Request,
    which: str,
    catalogue: PhaseCatalogue,
    fields: Fields | None = None,
    *,
    status: int = 200,
) -> Response[Any]:
    """The page of the section's form `which` (underlag or insikt), 404 for an unknown source;
    what keeps the form from being used now is shown instead of it."""
    step = await kind.find(request)
    if step is None:
        raise NotFoundException()
    found = await capture(kind.source_type, kind.source_id(request), kind.base(request))
    refused = ""
    if which == "underlag":
        try:
            check_source(kind.source_type, step or None, catalogue)
        except ChainRefused as closed:
            refused = closed.message
        if fields is None and kind.blank_evidence is not None:
            fields = Fields(await kind.blank_evidence(request))
    elif not found.evidence:
        refused = NO_EVIDENCE
    return await render_capture_form(found, which, fields, refused=refused, status=status)


async def _refuse(
    kind: SourceKind,
    request: Request,
    which: str,
    catalogue: PhaseCatalogue,
    fields: Fields,
    status: int,
) -> Response[Any]:
    """A refused post: with htmx, the section with the form open and its errors, in place;
    without, the form's own page again, as typed."""
    if fragment_name(request) == "underlag":
        forms = {FORM_FIELDS[which]: fields}
        return await kind.render(request, kind.source_id(request), status=status, **forms)
    return await _form_page(kind, request, which, catalogue, fields, status=status)


async def _add_evidence(
    kind: SourceKind, request: Request, actor: Principal, catalogue: PhaseCatalogue
) -> Response[Any]:
    """A piece of evidence from the source's page (refused while a project is in a step where
    it may not be added)."""
    source_id = kind.source_id(request)
    step = await kind.find(request)
    raw = plain(await request.form())
    if step is not None and (earlier := await once.earlier_result(actor, raw)):
        return once.repeated(request, earlier)
    data, fields = read_evidence_form(raw)
    if step is None:
        return await kind.render(request, source_id)  # 404
    try:
        check_source(kind.source_type, step or None, catalogue)
    except ChainRefused as refused:
        fields.error("text", refused.message)
        return await _refuse(kind, request, "underlag", catalogue, fields, 409)
    if data is None:
        return await _refuse(kind, request, "underlag", catalogue, fields, 422)

    base = kind.page(request)

    async def add() -> str:
        await services.add_evidence(
            source_type=kind.source_type,
            source_id=source_id,
            text=data.text,
            speaker_category=data.speaker_category,
            internal=data.internal,
            actor=actor,
        )
        return f"{base}?sparat=underlag#underlag"

    url = await once.create_once(actor, raw, add)
    flash(request, "Underlaget är sparat. Skriv nästa, eller formulera en insikt.", "success")
    return see_other(url)


async def _add_insight(
    kind: SourceKind, request: Request, actor: Principal, catalogue: PhaseCatalogue
) -> Response[Any]:
    """An insight drawn from evidence the source's section offered."""
    source_id = kind.source_id(request)
    if await kind.find(request) is None:
        return await kind.render(request, source_id)  # 404
    base = kind.page(request)
    form = await request.form()
    raw = plain(form)
    if earlier := await once.earlier_result(actor, raw):
        return once.repeated(request, earlier)
    offered = [row["id"] for row in (await capture(kind.source_type, source_id)).evidence]
    data, fields = read_insight_form(raw, form.getall("evidence", []), offered)
    fields.raw["evidence"] = ",".join(form.getall("evidence", []))
    if data is None:
        return await _refuse(kind, request, "insikt", catalogue, fields, 422)

    async def create() -> str:
        await services.create_insight(
            statement=data.statement,
            target_group=data.target_group,
            evidence_ids=data.evidence_ids,
            themes=data.themes,
            actor=actor,
        )
        return f"{base}?sparat=insikt#underlag"

    url = await once.create_once(actor, raw, create)
    flash(request, "Insikten är sparad.", "success")
    return see_other(url)


def capture_routes(kind: SourceKind) -> list[Any]:
    access = kind.access or edit(kind.source_type, kind.parameter)
    path = f"{kind.prefix}/{{{kind.parameter}:int}}"

    @get(f"{path}/underlag/ny", name=f"{kind.source_type}:evidence_form", opt=access)
    async def evidence_form(
        request: Request, catalogue: NamedDependency[PhaseCatalogue]
    ) -> Response[Any]:
        return await _form_page(kind, request, "underlag", catalogue)

    @get(f"{path}/insikter/ny", name=f"{kind.source_type}:insight_form", opt=access)
    async def insight_form(
        request: Request, catalogue: NamedDependency[PhaseCatalogue]
    ) -> Response[Any]:
        return await _form_page(kind, request, "insikt", catalogue)

    @post(f"{path}/underlag", name=f"{kind.source_type}:add_evidence", opt=access)
    async def add_evidence(
        request: Request,
        actor: NamedDependency[Principal],
        catalogue: NamedDependency[PhaseCatalogue],
    ) -> Response[Any]:
        return await _add_evidence(kind, request, actor, catalogue)

    @post(f"{path}/insikter/ny", name=f"{kind.source_type}:add_insight", opt=access)
    async def add_insight(
        request: Request,
        actor: NamedDependency[Principal],
        catalogue: NamedDependency[PhaseCatalogue],
    ) -> Response[Any]:
        return await _add_insight(kind, request, actor, catalogue)

    @post(
        f"{path}/underlag/{{evidence_id:int}}/arkivera",
        name=f"{kind.source_type}:archive_evidence",
        opt=access,
    )
    async def archive_evidence(
        request: Request, evidence_id: FromPath[int], actor: NamedDependency[Principal]
    ) -> Response[Any]:
        source_id = kind.source_id(request)
        if await kind.find(request) is None:
            raise NotFoundException()
        if not await services.archive_evidence(evidence_id, kind.source_type, source_id, actor):
            raise NotFoundException()
        flash(request, "Underlaget är arkiverat. Det finns kvar i loggen.", "success")
        return see_other(f"{kind.page(request)}#underlag")

    return [evidence_form, insight_form, add_evidence, add_insight, archive_evidence]


# The three kinds of source, each with its page (shown again when a form has errors).
SOURCES = (
    SourceKind(DIALOGUE.key, "/dialoger", "dialogue_id", render_dialogue_by_id, dialogue_found),
    SourceKind(
        COLLABORATION.key,
        "/samverkan",
        "collaboration_id",
        render_collaboration_by_id,
        collaboration_found,
    ),
    SourceKind(PROJECT.key, "/projekt", "project_id", render_project_by_id, current_step_of),
)
ROUTES: list[Any] = [route for kind in SOURCES for route in capture_routes(kind)]
