"""The design area's record lookups as Litestar dependencies: a handler names the record it
works on (`project`, `hypothesis`, `prototype`, `test`, `change`, `effect`) and gets it, or the
request ends with 404 before the handler runs, also for another project's record than the
path's. The access guards run before them. `DEPENDENCIES` is on the area's router
(tracker/design/routes.py); a handler that reads a record again after a conflict calls the
function itself."""

from __future__ import annotations

from typing import Any, TypeVar

from litestar.di import Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from tracker.db import MAX_ID
from tracker.design import views
from tracker.design.effect_views import Effect, effect_page
from tracker.insights.tables import ServiceChange
from tracker.projects.page import project_or_404

T = TypeVar("T")


def _found(record: T | None) -> T:
    if record is None:
        raise NotFoundException()
    return record


async def hypothesis_or_404(
    project_id: FromPath[int], hypothesis_id: FromPath[int]
) -> dict[str, Any]:
    """The project's live hypothesis (`hypothesis`)."""
    return _found(await views.hypothesis_of(project_id, hypothesis_id))


async def prototype_or_404(
    project_id: FromPath[int], prototype_id: FromPath[int]
) -> dict[str, Any]:
    """The project's prototype (`prototype`), with its versions."""
    return _found(await views.prototype_of(project_id, prototype_id))


async def design_test_or_404(project_id: FromPath[int], test_id: FromPath[int]) -> dict[str, Any]:
    """The project's test (`test`), with its results."""
    return _found(await views.test_of(project_id, test_id))


async def change_or_404(project_id: FromPath[int], change_id: FromPath[int]) -> dict[str, Any]:
    """The change (id, title, project), if it is the project's and not archived (`change`)."""
    change = None
    if 0 < change_id <= MAX_ID:
        change = (
            await ServiceChange.select(ServiceChange.id, ServiceChange.title, ServiceChange.project)
            .where(
                (ServiceChange.id == change_id)
                & (ServiceChange.project == project_id)
                & ServiceChange.archived_at.is_null()
            )
            .first()
        )
    return _found(change)


async def effect_or_404(project_id: FromPath[int], effect_id: FromPath[int]) -> Effect:
    """The effect with its follow-ups (`effect`), if its change is the project's."""
    effect = await effect_page(effect_id)
    if effect is None or effect.row["project"] != project_id:
        raise NotFoundException()
    return effect


# Every design route has these: a handler names the ones it needs.
DEPENDENCIES = {
    "project": Provide(project_or_404),
    "hypothesis": Provide(hypothesis_or_404),
    "prototype": Provide(prototype_or_404),
    "test": Provide(design_test_or_404),
    "change": Provide(change_or_404),
    "effect": Provide(effect_or_404),
}
