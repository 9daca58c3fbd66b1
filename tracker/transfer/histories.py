"""Files of format version 1 predate the dated state histories: after their rows are in, each
history is derived from the imported change log, as the migration does for an older database."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from tracker.dialogues import history as dialogue_history


async def derive_histories() -> dict[str, int]:
    """Fill every history from the change log; the rows written per table."""
    return {"dialogue_state_event": await dialogue_history.fill_from_change_log()}


def after_import(document: Any) -> Callable[[], Awaitable[dict[str, int]]] | None:
    """What to do after inserting the rows of `document`: derive the histories for version 1."""
    version = document.get("version") if isinstance(document, dict) else None
    return derive_histories if version == 1 else None
