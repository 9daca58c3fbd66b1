"""Files of format version 1 predate the dated state histories, and files written before a
history's table existed lack it: after their rows are in, each record without a history gets
the one its imported change log tells, as the migration does for an older database (a record
whose history the file holds is left alone)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from tracker.collaborations import party_history
from tracker.collaborations import status_history as collaboration_statuses
from tracker.dialogues import history as dialogue_history
from tracker.insights import link_history
from tracker.projects import status_history as project_statuses


async def derive_histories() -> dict[str, int]:
    """Fill every history from the change log; the rows written per table."""
    return {
        "dialogue_state_event": await dialogue_history.fill_from_change_log(),
        "project_status_event": await project_statuses.fill_from_change_log(),
        "collaboration_status_event": await collaboration_statuses.fill_from_change_log(),
        "insight_link_removal": await link_history.fill_from_change_log(),
        "collaboration_party_event": await party_history.fill_from_change_log(),
    }


def after_import(document: Any) -> Callable[[], Awaitable[dict[str, int]]] | None:
    """What to do after inserting the rows of `document`: derive the histories it lacks."""
    return derive_histories if isinstance(document, dict) else None
