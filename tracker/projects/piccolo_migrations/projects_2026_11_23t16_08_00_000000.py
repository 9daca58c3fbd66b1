from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-23T16:08:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Composite indexes: one checklist mark per item, change log by record"


class RawSQL(Table):
    pass


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="projects", description=DESCRIPTION)

    async def create_indexes() -> None:
        await RawSQL.raw(
            "CREATE UNIQUE INDEX IF NOT EXISTS checklist_mark_item_uniq "
            "ON checklist_mark (project, step, item_key)"
        )
        await RawSQL.raw(
            "CREATE INDEX IF NOT EXISTS change_log_record_idx ON change_log (entity_type, entity_id, id)"
        )

    async def drop_indexes() -> None:
        await RawSQL.raw("DROP INDEX IF EXISTS checklist_mark_item_uniq")
        await RawSQL.raw("DROP INDEX IF EXISTS change_log_record_idx")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
