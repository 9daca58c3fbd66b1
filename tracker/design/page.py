"""Rendering the design pages, with any form shown again with its errors."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.exceptions import NotFoundException
from litestar.response import Template

from tracker.accounts import memberships as accounts
from tracker.accounts.guard import current_user
from tracker.audit.services import changes_for
from tracker.design import views
from tracker.design.change_tests import changes_of_test
from tracker.design.forms import INSIGHTS, result_field
from tracker.design.rules import EXTENSIONS, MAX_IMAGE_BYTES, default_test_step
from tracker.insights.capture import capture_context
from tracker.kinds import DESIGN_TEST, PROJECT, PROTOTYPE
from tracker.phases.catalogue import PhaseCatalogue
from tracker.projects.tables import Project
from tracker.web.forms import Fields
from tracker.web.http import form_value
from tracker.web.versions import versioned

MAX_IMAGE_MB = MAX_IMAGE_BYTES // 1024 // 1024


async def _can_edit(request: Request[Any, Any, Any], project_id: int) -> bool:
    """Members and administrators, while the project is not archived (an archived project is
    read-only: tracker/shared/archived.py refuses the posts, so no form is offered)."""
    if not await accounts.may_edit(current_user(request), PROJECT.key, project_id):
        return False
    live = (Project.id == project_id) & Project.archived_at.is_null()
    return bool(await Project.exists().where(live))


async def editing(
    request: Request[Any, Any, Any], project_id: int, archived_at: Any
) -> dict[str, bool]:
    """Whether the page offers its forms (never for an archived record) or its restoring."""
    may = await _can_edit(request, project_id)
    return {"can_edit": may and archived_at is None, "can_restore": may and archived_at is not None}


async def render_overview(
    request: Request[Any, Any, Any], project: Project, *, status: int = 200, **forms: Fields
) -> Template:
    """The project's design page: hypotheses, prototypes and tests, and the forms to add them."""
    can_edit = await _can_edit(request, project.id)
    context: dict[str, Any] = {
        "project": project,
        "can_edit": can_edit,
        "overview": await views.design_overview(project.id),
        "archived": await views.archived_of(project.id),
        "insights": await views.project_insights(project.id) if can_edit else [],
        "hypothesis_fields": forms.get("hypothesis_fields") or Fields({}),
        "prototype_fields": forms.get("prototype_fields") or Fields({}),
    }
    return Template("design/overview.html", context=context, status_code=status)


def hypothesis_values(hypothesis: dict[str, Any], insight_ids: list[int]) -> dict[str, str]:
    """The hypothesis edit form's fields as stored now."""
    values = {key: form_value(hypothesis[key]) for key in ("if_we", "outcome", "because")}
    return values | {INSIGHTS: ",".join(str(value) for value in insight_ids)}


async def render_hypothesis_form(
    project: Project,
    hypothesis: dict[str, Any],
    fields: Fields,
    *,
    status: int = 200,
    conflict: Any = None,
) -> Template:
    context = {
        "project": project,
        "hypothesis": hypothesis,
        "fields": fields,
        "insights": await views.project_insights(project.id),
        "ticked": set(fields.raw.get(INSIGHTS, "").split(",")),
        "conflict": conflict,
    }
    return Template("design/hypothesis_form.html", context=context, status_code=status)


async def render_prototype(
    request: Request[Any, Any, Any], prototype_id: int, *, status: int = 200, **forms: Fields
) -> Template:
    prototype = await views.prototype_page(prototype_id)
    if prototype is None:
        raise NotFoundException()
    context: dict[str, Any] = {
        "prototype": prototype,
        **await editing(request, prototype["project"], prototype["archived_at"]),
        "version_fields": forms.get("version_fields") or Fields({}),
        "history": await changes_for(PROTOTYPE.key, prototype_id),
        "max_image_mb": MAX_IMAGE_MB,
    }
    return Template("design/prototype.html", context=context, status_code=status)


def render_prototype_form(
    prototype: dict[str, Any], fields: Fields, *, status: int = 200, conflict: Any = None
) -> Template:
    context = {"prototype": prototype, "fields": fields, "conflict": conflict}
    return Template("design/prototype_form.html", context=context, status_code=status)


def test_values(test: dict[str, Any], results: dict[int, str]) -> dict[str, str]:
    """The test edit form's fields as stored now."""
    keys = ("step", "prototype_version", "method", "tested_on", "target_group", "participants")
    values = {key: form_value(test[key]) for key in (*keys, "observations", "decision")}
    return values | {result_field(key): value for key, value in results.items()}


def test_edit_fields(test: dict[str, Any], results: dict[int, str]) -> Fields:
    return Fields(versioned(test_values(test, results), test["version"]))


async def render_test_form(
    project: Project,
    catalogue: PhaseCatalogue,
    fields: Fields | None = None,
    *,
    test: dict[str, Any] | None = None,
    status: int = 200,
    conflict: Any = None,
) -> Template:
    """The form for a new test, or for changing `test`."""
    test_id = test["id"] if test else 0
    versions = await views.versions_of_project(project.id, test_id)
    if fields is None:
        step = default_test_step(catalogue, project.current_step)
        newest = versions[-1]["id"] if len(versions) == 1 else ""
        fields = Fields({"step": step, "prototype_version": str(newest)})
    context = {
        "project": project,
        "test": test,
        "fields": fields,
        "steps": [(key, catalogue.name_of(key)) for key in catalogue.test_steps],
        "versions": [
            (str(v["id"]), f"{v['prototype_name']}, version {v['number']}") for v in versions
        ],
        "hypotheses": await views.hypotheses_of(project.id, test_id),
        "conflict": conflict,
    }
    return Template("design/test_form.html", context=context, status_code=status)


def test_base(test: dict[str, Any]) -> str:
    """Where the test's forms post: under its place in its project's page."""
    return f"/projekt/{test['project']}/tester/{test['id']}"


def blank_evidence(test: dict[str, Any]) -> dict[str, str]:
    """A new observation from the test is by its participants, to begin with."""
    return {"speaker_category": f"deltagare i testet, {test['target_group']}"[:200]}


async def render_test(
    request: Request[Any, Any, Any], test_id: int, *, status: int = 200, **forms: Any
) -> Template:
    """The test's page, with its observations captured as evidence like any source's."""
    test = await views.test_page(test_id)
    if test is None:
        raise NotFoundException()
    forms.setdefault("evidence_fields", Fields(blank_evidence(test)))
    forms["just_saved"] = request.query_params.get("sparat", "")
    context = {
        **await capture_context(DESIGN_TEST.key, test_id, forms, base=test_base(test)),
        "test": test,
        **await editing(request, test["project"], test["archived_at"]),
        "history": await changes_for(DESIGN_TEST.key, test_id),
        "changes": await changes_of_test(test_id),
    }
    return Template("design/test.html", context=context, status_code=status)


async def picture(version_id: int, cache_control: str) -> Response[bytes]:
    """A prototype version's picture as the app stored it (never a file named by the user),
    named after the version; 404 if there is none."""
    found = await views.image(version_id)
    if found is None:
        raise NotFoundException()
    content, media_type = found
    name = f"prototypversion-{version_id}.{EXTENSIONS.get(media_type, 'bin')}"
    return Response(
        content,
        media_type=media_type,
        headers={
            "X-Content-Type-Options": "nosniff",
            "Content-Disposition": f'inline; filename="{name}"',
            "Cache-Control": cache_control,
        },
    )
