from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-24T09:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Change log by time, for the administrators' log (newest first, date filters)"


class RawSQL(Table):
    pass


async def forwards() -> MigrationManager:
    # Raw steps run before schema steps in one migration, so this index has a file of its own.
    manager = MigrationManager(migration_id=ID, app_name="audit", description=DESCRIPTION)

    async def create_index() -> None:
        await RawSQL.raw(
            "CREATE INDEX IF NOT EXISTS change_log_occurred_idx ON change_log (occurred_at, id)"
        )

    async def drop_index() -> None:
        await RawSQL.raw("DROP INDEX IF EXISTS change_log_occurred_idx")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
