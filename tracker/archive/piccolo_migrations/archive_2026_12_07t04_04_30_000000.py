from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-07T04:04:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "Deliveries by record: the record's page lists them"


class RawSQL(Table):
    pass


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="archive", description=DESCRIPTION)

    async def create_index() -> None:
        await RawSQL.raw(
            "CREATE INDEX archive_delivery_record_idx "
            "ON archive_delivery (record_type, record_id, delivered_at)"
        )

    async def drop_index() -> None:
        await RawSQL.raw("DROP INDEX archive_delivery_record_idx")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
