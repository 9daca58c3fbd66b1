"""A collaboration's page: its own parts, and the panels the areas above fill in (its evidence
and insights). Any handler that shows the page again with a form's errors renders it from here.
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template

from tracker.clock import today
from tracker.collaborations import organisations, register
from tracker.collaborations.rules import MUNICIPALITY
from tracker.collaborations.tables import Collaboration, Organisation
from tracker.shared.record_routes import members_context
from tracker.web.forms import Fields
from tracker.web.panels import panel_context

FORM_NAMES = ("contribution", "follow_up")


async def collaboration_or_404(collaboration_id: FromPath[int]) -> Collaboration:
    """The collaboration of the path's `collaboration_id`, 404 if there is none; the
    collaboration controller's handlers get it as the dependency `collaboration`."""
    collaboration = await register.get_collaboration(collaboration_id)
    if collaboration is None:
        raise NotFoundException()
    return collaboration


async def render_collaboration(
    request: Request[Any, Any, Any],
    collaboration: Collaboration,
    *,
    status: int = 200,
    **forms: Fields,
) -> Template:
    """The page, with the forms in `forms` (by their names, e.g. project_fields) shown again."""
    access = await members_context(
        request, register.ENTITY, collaboration.id, archived=collaboration.archived_at is not None
    )
    can_edit = access["can_edit"]
    records = await register.collaboration_records(collaboration)
    context: dict[str, Any] = access | {
        "collaboration": collaboration,
        "records": records,
        "today": today(),
        "municipality": MUNICIPALITY,
    }
    defaults = {"contribution": {"year": str(today().year), "party": MUNICIPALITY}}
    for name in FORM_NAMES:
        context[f"{name}_fields"] = forms.get(f"{name}_fields") or Fields(defaults.get(name, {}))
    context |= await panel_context(
        request, register.ENTITY, collaboration, can_edit=can_edit, forms=forms
    )
    return Template("collaborations/detail.html", context=context, status_code=status)


async def render_collaboration_by_id(
    request: Request[Any, Any, Any], collaboration_id: int, *, status: int = 200, **forms: Fields
) -> Template:
    collaboration = await collaboration_or_404(collaboration_id)
    return await render_collaboration(request, collaboration, status=status, **forms)


async def collaboration_found(collaboration_id: int) -> str | None:
    """ "" when the collaboration exists (a source of evidence at any time), None otherwise."""
    return "" if await register.get_collaboration(collaboration_id) is not None else None


async def organisation_or_404(organisation_id: FromPath[int]) -> Organisation:
    """The organisation of the path's `organisation_id`, 404 if there is none; the
    organisation controller's handlers get it as the dependency `organisation`."""
    organisation = await organisations.get_organisation(organisation_id)
    if organisation is None:
        raise NotFoundException()
    return organisation
