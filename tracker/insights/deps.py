"""The insights area's record lookups as Litestar dependencies: a handler names the record it
works on (`dialogue`, `project`, `change`) and gets it, or the request ends with 404 before
the handler runs. The access guards run before them, as they did before the handler's own
lookup."""

from __future__ import annotations

from typing import Any

from litestar.di import Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from tracker.dialogues.page import dialogue_or_404
from tracker.dialogues.tables import Dialogue
from tracker.insights.tables import ServiceChange
from tracker.projects.page import project_or_404
from tracker.projects.tables import Project


async def provide_dialogue(dialogue_id: FromPath[int]) -> Dialogue:
    """The dialogue in the path."""
    return await dialogue_or_404(dialogue_id)


async def provide_project(project_id: FromPath[int]) -> Project:
    """The project in the path."""
    return await project_or_404(project_id)


async def provide_change_of_project(
    project_id: FromPath[int], change_id: FromPath[int]
) -> dict[str, Any]:
    """The change in the path, if it belongs to the project in the path."""
    change = (
        await ServiceChange.select(ServiceChange.id, ServiceChange.project, ServiceChange.status)
        .where((ServiceChange.id == change_id) & (ServiceChange.project == project_id))
        .first()
    )
    if change is None:
        raise NotFoundException()
    return change


DIALOGUE = {"dialogue": Provide(provide_dialogue)}
PROJECT = {"project": Provide(provide_project)}
CHANGE_OF_PROJECT = {"change": Provide(provide_change_of_project)}
