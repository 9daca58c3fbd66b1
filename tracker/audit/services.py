"""Record and read changes. Every service that changes a record calls `record_change`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from piccolo.columns.combination import WhereRaw

from tracker.accounts.permissions import Principal
from tracker.audit import chain
from tracker.audit.filters import SYSTEM, AuditFilters
from tracker.audit.tables import ChangeLogEntry
from tracker.clock import now
from tracker.db import distinct_values, is_postgres, write_transaction
from tracker.privacy import take_confirmations
from tracker.text import search_form
from tracker.web.pagination import PAGE_SIZE, Page


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
    at: datetime | None = None,
) -> None:
    """Append an entry to the change log, chained to the one before it (tracker.audit.chain):
    in the caller's write transaction, or in one of its own. `at`: the moment, when a record
    kept beside the log must carry the same one."""
    entry: dict[str, Any] = {
        "occurred_at": at or now(),
        "actor": actor.name,
        "actor_id": actor.id or None,
        "entity_type": entity_type,
        "entity_id": entity_id,
        "action": action,
        "summary": summary,
        # A name the user confirmed is no person's, and why (tracker.privacy).
        "changes": chain.changes_text(dict(changes or {}) | take_confirmations()),
    }
    async with write_transaction():
        await chain.lock_appends()
        previous = await chain.last_hash()
        await ChangeLogEntry.insert(
            ChangeLogEntry(
                **entry, prev_hash=previous, entry_hash=chain.entry_hash(previous, entry)
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


# --- the whole log, for administrators ------------------------------------------------------

# SQLite's LOWER folds only A–Z. The Swedish capitals (and a few more seen in Swedish text) are
# folded with REPLACE, so a search for "åter" finds "Återställde" on both databases.
# Other non-ASCII capitals match on SQLite only as typed; PostgreSQL's LOWER folds them all.
_FOLDED_CAPITALS = "ÅÄÖÉÜÆØ"


def _folded_summary(postgres: bool) -> str:
    sql = "LOWER(summary)"
    if not postgres:
        for capital in _FOLDED_CAPITALS:
            sql = f"REPLACE({sql}, '{capital}', '{capital.lower()}')"
    return sql


def _like_pattern(text: str) -> str:
    """A LIKE pattern that finds the text anywhere, with LIKE's own characters escaped."""
    escaped = search_form(text).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{' '.join(escaped.split())}%"


def _log_where(filters: AuditFilters) -> Any:
    condition: Any = ChangeLogEntry.id.is_not_null()
    if filters.actor == SYSTEM:
        condition &= ChangeLogEntry.actor_id.is_null()
    elif filters.actor_id is not None:
        condition &= ChangeLogEntry.actor_id == filters.actor_id
    if filters.entity_type:
        condition &= ChangeLogEntry.entity_type == filters.entity_type
    if filters.entity_id is not None:
        condition &= ChangeLogEntry.entity_id == filters.entity_id
    if filters.action:
        condition &= ChangeLogEntry.action == filters.action
    if (since := filters.since) is not None:
        condition &= ChangeLogEntry.occurred_at >= since
    if (before := filters.before) is not None:
        condition &= ChangeLogEntry.occurred_at < before
    if filters.q.strip():
        condition &= WhereRaw(
            f"{_folded_summary(is_postgres())} LIKE {{}} ESCAPE '\\'", _like_pattern(filters.q)
        )
    return condition


async def search_changes(filters: AuditFilters, size: int = PAGE_SIZE) -> Page:
    """One page of the log, newest first, with `changes` decoded: two queries."""
    where = _log_where(filters)
    total = await ChangeLogEntry.count().where(where)
    number = min(filters.page, max(1, -(-total // size)))
    rows = await (
        ChangeLogEntry.select()
        .where(where)
        .order_by(ChangeLogEntry.occurred_at, ascending=False)
        .order_by(ChangeLogEntry.id, ascending=False)
        .limit(size)
        .offset((number - 1) * size)
        .output(load_json=True)
    )
    return Page(rows=rows, number=number, size=size, total=total)


async def entity_types() -> list[str]:
    """Every kind of record that has entries in the log."""
    return sorted(await distinct_values("change_log", "entity_type"))
