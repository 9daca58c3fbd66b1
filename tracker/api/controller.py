"""The read-only JSON API under /api/v1 (documented in docs/api.md and at /schema).

Every list is paginated with `limit` (1–500, default 50) and `offset`, answers with the total,
and filters on a few fields; every record has a detail endpoint. Signed-in users only (the
app's session cookie), GET only.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, TypeVar

from litestar import Router, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, QueryParameter

from tracker.accounts.guard import READ
from tracker.api import paging, queries
from tracker.api import schemas as s
from tracker.api.exports import ROUTES as EXPORT_ROUTES
from tracker.api.imports import ROUTES as IMPORT_ROUTES
from tracker.api.responses import ERRORS, EXCEPTION_HANDLERS, NOT_FOUND
from tracker.collaborations.catalogue import CollaborationLists
from tracker.collaborations.tables import Collaboration, Organisation
from tracker.db import MAX_ID
from tracker.dialogues.catalogue import DialogueLists
from tracker.dialogues.tables import Dialogue
from tracker.insights.tables import Insight, ServiceChange
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.tables import Project

MAX_LIMIT = 500
DEFAULT_LIMIT = 50
T = TypeVar("T")

Limit = Annotated[
    int, QueryParameter(ge=1, le=MAX_LIMIT, description=f"Rader per sida, högst {MAX_LIMIT}.")
]
Offset = Annotated[
    int, QueryParameter(ge=0, le=MAX_ID, description="Hur många rader som hoppas över.")
]
Since = Annotated[
    datetime | None,
    QueryParameter(description="Bara poster ändrade från och med denna tidpunkt (ISO 8601)."),
]
Archived = Annotated[
    bool | None,
    QueryParameter(description="true: bara arkiverade, false: bara aktiva, utelämnad: alla."),
]
Text = Annotated[str | None, QueryParameter(max_length=200)]
Id = Annotated[int | None, QueryParameter(ge=1, le=MAX_ID)]


@dataclass(frozen=True, slots=True)
class Listing:
    """What every list takes: its page (`limit` rows from `offset`) and the two filters every
    register has, on the time of the last change and on being archived."""

    limit: int
    offset: int
    updated_since: datetime | None
    archived: bool | None


Page = TypeVar("Page")
# A register's read (tracker.api.queries): its items for conditions and a window, and the total.
Read = Callable[[list[Any], paging.Window], Awaitable[tuple[list[T], int]]]


async def _page(
    page: Callable[..., Page],
    read: Read[Any],
    table: Any,
    listing: Listing,
    *conditions: Any,
) -> Page:
    """One page of a register: its own filters' `conditions` and the common ones on `table`."""
    items, total = await read(
        [
            *conditions,
            paging.updated_since(table.updated_at, listing.updated_since),
            paging.archived_condition(table.archived_at, listing.archived),
        ],
        paging.Window(limit=listing.limit, offset=listing.offset),
    )
    return page(items=items, total=total, limit=listing.limit, offset=listing.offset)


async def _by_id(
    read: Read[T],
    id_column: Any,
    record_id: int,
    what: str,
) -> T:
    """The one record of a detail endpoint; 404 naming `what` for an unknown id."""
    if 0 < record_id <= MAX_ID:
        items, _ = await read([id_column == record_id], paging.ONE)
        if items:
            return items[0]
    raise NotFoundException(detail=f"{what} finns inte.")


# --- projects ------------------------------------------------------------------------------


@get("/projects", name="api:projects", responses=ERRORS)
async def list_projects(
    catalogue: NamedDependency[PhaseCatalogue],
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
    status: Text = None,
    step: Text = None,
    department: Text = None,
    updated_since: Since = None,
    archived: Archived = None,
) -> s.ProjectPage:
    """Projects with their current step in Innovationsguiden, status and number of iterations."""
    return await _page(
        s.ProjectPage,
        lambda c, w: queries.projects(c, w, catalogue),
        Project,
        Listing(limit, offset, updated_since, archived),
        paging.equal(Project.status, status),
        paging.equal(Project.current_step, step),
        paging.equal(Project.department, department),
    )


@get("/projects/{project_id:int}", name="api:project", responses=NOT_FOUND)
async def project_detail(
    project_id: FromPath[int], catalogue: NamedDependency[PhaseCatalogue]
) -> s.ProjectOut:
    """One project."""
    return await _by_id(
        lambda c, w: queries.projects(c, w, catalogue), Project.id, project_id, "Projektet"
    )


# --- dialogues -----------------------------------------------------------------------------


@get("/dialogues", name="api:dialogues", responses=ERRORS)
async def list_dialogues(
    dialogue_lists: NamedDependency[DialogueLists],
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
    dialogue_state: Annotated[
        str | None, QueryParameter(name="state", max_length=200, description="Till exempel held.")
    ] = None,
    kind: Text = None,
    level_promised: Text = None,
    board: Text = None,
    updated_since: Since = None,
    archived: Archived = None,
) -> s.DialoguePage:
    """Dialogues with their state in the governance process, the levels on Delaktighetstrappan
    promised and achieved, and feedback due and given."""
    return await _page(
        s.DialoguePage,
        lambda c, w: queries.dialogues(c, w, dialogue_lists),
        Dialogue,
        Listing(limit, offset, updated_since, archived),
        paging.equal(Dialogue.state, dialogue_state),
        paging.equal(Dialogue.kind, kind),
        paging.equal(Dialogue.level_promised, level_promised),
        paging.equal(Dialogue.board, board),
    )


@get("/dialogues/{dialogue_id:int}", name="api:dialogue", responses=NOT_FOUND)
async def dialogue_detail(
    dialogue_id: FromPath[int], dialogue_lists: NamedDependency[DialogueLists]
) -> s.DialogueOut:
    """One dialogue."""
    return await _by_id(
        lambda c, w: queries.dialogues(c, w, dialogue_lists), Dialogue.id, dialogue_id, "Dialogen"
    )


# --- organisations -------------------------------------------------------------------------


@get("/organisations", name="api:organisations", responses=ERRORS)
async def list_organisations(
    collaboration_lists: NamedDependency[CollaborationLists],
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
    kind: Text = None,
    idea_based: FromQuery[bool | None] = None,
    updated_since: Since = None,
    archived: Archived = None,
) -> s.OrganisationPage:
    """Civil-society organisations, in Swedish alphabetical order."""
    return await _page(
        s.OrganisationPage,
        lambda c, w: queries.organisations(c, w, collaboration_lists),
        Organisation,
        Listing(limit, offset, updated_since, archived),
        paging.equal(Organisation.kind, kind),
        None if idea_based is None else Organisation.idea_based.eq(idea_based),
    )


@get("/organisations/{organisation_id:int}", name="api:organisation", responses=NOT_FOUND)
async def organisation_detail(
    organisation_id: FromPath[int], collaboration_lists: NamedDependency[CollaborationLists]
) -> s.OrganisationOut:
    """One organisation."""
    return await _by_id(
        lambda c, w: queries.organisations(c, w, collaboration_lists),
        Organisation.id,
        organisation_id,
        "Organisationen",
    )


# --- collaborations ------------------------------------------------------------------------


@get("/collaborations", name="api:collaborations", responses=ERRORS)
async def list_collaborations(
    collaboration_lists: NamedDependency[CollaborationLists],
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
    status: Text = None,
    form: Text = None,
    department: Text = None,
    organisation_id: Id = None,
    updated_since: Since = None,
    archived: Archived = None,
) -> s.CollaborationPage:
    """Collaborations with civil society, with their organisations, projects and dialogues."""
    return await _page(
        s.CollaborationPage,
        lambda c, w: queries.collaborations(c, w, collaboration_lists),
        Collaboration,
        Listing(limit, offset, updated_since, archived),
        paging.equal(Collaboration.status, status),
        paging.equal(Collaboration.form, form),
        paging.equal(Collaboration.department, department),
        queries.organisation_condition(organisation_id),
    )


@get("/collaborations/{collaboration_id:int}", name="api:collaboration", responses=NOT_FOUND)
async def collaboration_detail(
    collaboration_id: FromPath[int], collaboration_lists: NamedDependency[CollaborationLists]
) -> s.CollaborationOut:
    """One collaboration."""
    return await _by_id(
        lambda c, w: queries.collaborations(c, w, collaboration_lists),
        Collaboration.id,
        collaboration_id,
        "Samverkan",
    )


# --- insights ------------------------------------------------------------------------------


@get("/insights", name="api:insights", responses=ERRORS)
async def list_insights(
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
    theme_id: Id = None,
    target_group: Text = None,
    updated_since: Since = None,
    archived: Archived = None,
) -> s.InsightPage:
    """Insights with their themes, how much evidence backs them (internal notes not counted),
    the projects that use them and the service changes that address them."""
    return await _page(
        s.InsightPage,
        queries.insights,
        Insight,
        Listing(limit, offset, updated_since, archived),
        queries.theme_condition(theme_id),
        paging.equal(Insight.target_group, target_group),
    )


@get("/insights/{insight_id:int}", name="api:insight", responses=NOT_FOUND)
async def insight_detail(insight_id: FromPath[int]) -> s.InsightDetailOut:
    """One insight and its de-identified evidence (evidence marked internal is left out)."""
    insight = await _by_id(queries.insights, Insight.id, insight_id, "Insikten")
    return s.InsightDetailOut(
        insight=insight, evidence=await queries.shared_evidence_of(insight.id)
    )


# --- service changes -----------------------------------------------------------------------


@get("/service-changes", name="api:service-changes", responses=ERRORS)
async def list_service_changes(
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
    status: Text = None,
    project_id: Id = None,
    updated_since: Since = None,
    archived: Archived = None,
) -> s.ServiceChangePage:
    """Service changes (tjänsteförändringar) with their status and its date, the project they
    belong to and the insights they address."""
    return await _page(
        s.ServiceChangePage,
        queries.service_changes,
        ServiceChange,
        Listing(limit, offset, updated_since, archived),
        paging.equal(ServiceChange.status, status),
        paging.equal(ServiceChange.project, project_id),
    )


@get("/service-changes/{change_id:int}", name="api:service-change", responses=NOT_FOUND)
async def service_change_detail(change_id: FromPath[int]) -> s.ServiceChangeOut:
    """One service change."""
    return await _by_id(queries.service_changes, ServiceChange.id, change_id, "Förändringen")


API_ROUTER = Router(
    path="/api/v1",
    route_handlers=[
        list_projects,
        project_detail,
        list_dialogues,
        dialogue_detail,
        list_organisations,
        organisation_detail,
        list_collaborations,
        collaboration_detail,
        list_insights,
        insight_detail,
        list_service_changes,
        service_change_detail,
    ],
    opt=READ,
    exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
    tags=["API v1"],
)

ROUTES: list[Any] = [API_ROUTER, *EXPORT_ROUTES, *IMPORT_ROUTES]
