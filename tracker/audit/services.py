"""Record and read changes. Every service that changes a record calls `record_change`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from tracker.accounts.permissions import Principal
from tracker.audit.tables import ChangeLogEntry
from tracker.clock import now


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The fields whose values differ, as {field: [before, after]} in JSON-friendly form."""
    return {
        key: [_plain(before.get(key)), _plain(after[key])]
        for key in after
        if before.get(key) != after[key]
    }


async def record_change(
    *,
    actor: Principal,
    entity_type: str,
    entity_id: int,
    action: str,
    summary: str,
    changes: Mapping[str, list[Any]] | None = None,
) -> None:
    await ChangeLogEntry.insert(
        ChangeLogEntry(
            occurred_at=now(),
            actor=actor.name,
            actor_id=actor.id or None,
            entity_type=entity_type,
            entity_id=entity_id,
            action=action,
            summary=summary,
            changes=dict(changes or {}),
        )
    )


async def changes_for(entity_type: str, entity_id: int, limit: int = 50) -> list[dict[str, Any]]:
    return await (
        ChangeLogEntry.select()
        .where(
            (ChangeLogEntry.entity_type == entity_type) & (ChangeLogEntry.entity_id == entity_id)
        )
        .order_by(ChangeLogEntry.id, ascending=False)
        .limit(limit)
    )
