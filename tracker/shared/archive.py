"""Archive and restore an official record: it is never deleted, only marked archived (or no
longer archived), in one write with its line in the change log."""

from __future__ import annotations

from piccolo.table import Table

from tracker.accounts.permissions import Principal
from tracker.audit.services import record_change
from tracker.clock import now
from tracker.db import write_transaction


async def set_archived(
    table: type[Table],
    entity_type: str,
    record_id: int,
    archived: bool,
    actor: Principal,
    summaries: tuple[str, str],
) -> None:
    """Mark the record archived (`archived`) or restored; `summaries` are the change log's
    words for archiving and for restoring."""
    stamp = now()
    archived_at = table._meta.get_column_by_name("archived_at")
    updated_at = table._meta.get_column_by_name("updated_at")
    async with write_transaction():
        await table.update({archived_at: stamp if archived else None, updated_at: stamp}).where(
            table._meta.primary_key == record_id
        )
        await record_change(
            actor=actor,
            entity_type=entity_type,
            entity_id=record_id,
            action="archived" if archived else "restored",
            summary=summaries[0] if archived else summaries[1],
        )
