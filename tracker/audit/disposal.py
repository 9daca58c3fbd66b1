"""The one path that removes change-log entries: gallring, where the plan allows it.

`remove_entries` runs inside the caller's write transaction (a gallring run, which then
appends its own entry naming the gaps). It lifts the append-only protection for its one DELETE
and puts it back before returning, all in that transaction: DDL is transactional on SQLite and
PostgreSQL alike, so a failure anywhere rolls back the removal and the triggers together, and
no other connection ever sees the table unprotected. The newest entry is never removed, so the
chain's end stays where it was and every gap has an entry after it to anchor it.
"""

from __future__ import annotations

from collections.abc import Collection

from piccolo.engine.postgres import PostgresEngine

from tracker.audit import chain
from tracker.audit.immutability import postgres_delete_guard, sqlite_delete_guard
from tracker.audit.tables import ChangeLogEntry
from tracker.db import fetch_rows, get_engine

TABLE = "change_log"
CHUNK = 500


class NotInTransaction(RuntimeError):
    """Change-log entries are removed only inside a gallring run's transaction."""


async def _log_from(first_id: int) -> list[tuple[int, str, str]]:
    """(id, prev_hash, entry_hash) from the last entry before `first_id` to the end."""
    before = await fetch_rows(f"SELECT MAX(id) AS id FROM {TABLE} WHERE id < {{}}", first_id)
    start = before[0]["id"] if before and before[0]["id"] is not None else first_id
    rows = await fetch_rows(
        f"SELECT id, prev_hash, entry_hash FROM {TABLE} WHERE id >= {{}} ORDER BY id", start
    )
    return [(int(row["id"]), row["prev_hash"], row["entry_hash"]) for row in rows]


async def remove_entries(ids: Collection[int], decision: str) -> list[chain.Gap]:
    """Remove the entries `ids` and return the gaps made (for the run's own entry to name)."""
    engine = get_engine()
    if engine.current_transaction.get() is None:
        raise NotInTransaction()
    if not ids:
        return []
    removed = {int(entry_id) for entry_id in ids}
    gaps = chain.gaps_of(await _log_from(min(removed)), removed, decision)
    if isinstance(engine, PostgresEngine):
        lift, restore = postgres_delete_guard(TABLE)
    else:
        lift, restore = sqlite_delete_guard(TABLE)
    for statement in lift:
        await engine.run_ddl(statement)
    ordered = sorted(removed)
    for start in range(0, len(ordered), CHUNK):
        await ChangeLogEntry.delete().where(ChangeLogEntry.id.is_in(ordered[start : start + CHUNK]))
    for statement in restore:
        await engine.run_ddl(statement)
    return gaps
