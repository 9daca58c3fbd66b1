"""A test's observations feed the chain like any other source: evidence captured on the test's
page (under the same de-identification rules as a dialogue's) and insights drawn from it, with
the capture routes every source has (tracker/insights/capture.py).

A test belongs to a project, so its routes are under its place in the project's page
(/projekt/{project_id}/tester/{test_id}/underlag) and for the project's members; a test that is
not the project's is 404, and while it (or its project) is archived the archived guard refuses.
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.response import Template

from tracker.accounts.guard import edit
from tracker.design import views
from tracker.design.deps import design_test_or_404
from tracker.design.page import blank_evidence, render_test
from tracker.insights.capture import SourceKind, capture_routes
from tracker.kinds import DESIGN_TEST


async def _locate(test_id: int, project_id: int) -> str | None:
    """ "" for a live test of the project (a test takes evidence in any step), None otherwise."""
    test = await views.test_of(project_id, test_id)
    return "" if test is not None and test["archived_at"] is None else None


async def _render(
    request: Request[Any, Any, Any], test_id: int, *, status: int = 200, **forms: Any
) -> Template:
    """The test's page with the forms as posted; 404 unless it is the project's in the path."""
    await design_test_or_404(int(request.path_params["project_id"]), test_id)
    return await render_test(request, test_id, status=status, **forms)


async def _blank_evidence(request: Request[Any, Any, Any]) -> dict[str, str]:
    params = request.path_params
    test = await views.test_of(int(params["project_id"]), int(params["test_id"]))
    return blank_evidence(test) if test is not None else {}


TEST_SOURCE = SourceKind(
    DESIGN_TEST.key,
    "/projekt/{project_id:int}/tester",
    "test_id",
    _render,
    _locate,
    owner="project_id",
    access=edit("project", "project_id"),
    blank_evidence=_blank_evidence,
)
ROUTES: list[Any] = capture_routes(TEST_SOURCE)
