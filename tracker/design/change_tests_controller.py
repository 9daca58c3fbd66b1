"""The tests a service change rests on: the form that picks one (the change's project's tests
first, the other projects' when asked), linking and unlinking.

The change belongs to a project, so its members (and administrators) link tests: the forms post
under /projekt/{project_id}/…, which the access guard checks (and the archived guard, while the
project is archived); a change that is not the project's is 404.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Template
from litestar.status_codes import HTTP_409_CONFLICT, HTTP_422_UNPROCESSABLE_ENTITY

from tracker.accounts.guard import edit
from tracker.accounts.permissions import Principal
from tracker.design import change_tests
from tracker.design.change_tests import FIELD, TestArchived, TestRefused, read_test_choice
from tracker.web.forms import Fields
from tracker.web.http import form_data, record_id, see_other

EDIT_PROJECT = edit("project", "project_id")
CHANGE_TESTS = "/projekt/{project_id:int}/forandringar/{change_id:int}/tester"
EVERYWHERE = "alla"  # the query parameter (and hidden field) that offers every project's tests


def _everywhere(value: str | None) -> bool:
    return value == "1"


async def _render_form(
    change: dict[str, Any], fields: Fields, *, everywhere: bool, status: int = 200
) -> Template:
    choices = await change_tests.test_choices(
        change["project"], change["id"], everywhere=everywhere
    )
    context = {
        "change": change,
        "fields": fields,
        "everywhere": everywhere,
        "choices": choices,
        "linked": await change_tests.tests_of_change(change["id"]),
    }
    return Template("design/change_test_form.html", context=context, status_code=status)


@get(CHANGE_TESTS + "/ny", name="design:new_change_test", opt=EDIT_PROJECT)
async def new_change_test(request: Request, change: NamedDependency[dict[str, Any]]) -> Template:
    everywhere = _everywhere(request.query_params.get(EVERYWHERE))
    return await _render_form(change, Fields({}), everywhere=everywhere)


@post(CHANGE_TESTS, name="design:link_change_test", opt=EDIT_PROJECT)
async def link_change_test(
    request: Request, change: NamedDependency[dict[str, Any]], actor: NamedDependency[Principal]
) -> Response[Any]:
    change_id = change["id"]
    raw = await form_data(request)
    everywhere = _everywhere(raw.get(EVERYWHERE))
    offered = await change_tests.test_choices(change["project"], change_id, everywhere=True)
    chosen, fields = read_test_choice(raw, [row["id"] for row in offered])
    status = HTTP_422_UNPROCESSABLE_ENTITY
    if chosen is None and (asked := record_id(raw.get(FIELD, ""))) is not None:
        chosen = asked  # not offered: linked already, archived or unknown – the rule says which
        fields.errors.pop(FIELD, None)
    if chosen is not None:
        try:
            linked = await change_tests.link_test(change_id, chosen, actor)
        except TestRefused as refused:
            fields.error(FIELD, str(refused))
            if isinstance(refused, TestArchived):
                status = HTTP_409_CONFLICT
        else:
            message = "Förändringen stöds nu av testet." if linked else "Testet var redan kopplat."
            flash(request, message, category="success")
            return see_other(f"/forandringar/{change_id}#tester")
    return await _render_form(change, fields, everywhere=everywhere, status=status)


@post(CHANGE_TESTS + "/{test_id:int}/ta-bort", name="design:unlink_change_test", opt=EDIT_PROJECT)
async def unlink_change_test(
    request: Request,
    change: NamedDependency[dict[str, Any]],
    test_id: FromPath[int],
    actor: NamedDependency[Principal],
) -> Response[Any]:
    if not await change_tests.unlink_test(change["id"], test_id, actor):
        raise NotFoundException()
    flash(request, "Kopplingen till testet är borttagen. Den finns kvar i loggen.", "success")
    return see_other(f"/forandringar/{change['id']}#tester")


ROUTES: list[Any] = [new_change_test, link_change_test, unlink_change_test]
