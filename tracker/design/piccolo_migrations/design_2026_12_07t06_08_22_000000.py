from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-07T06:08:22:000000"
VERSION = "1.38.0"
DESCRIPTION = "One link per change and test"


class RawSQL(Table):
    pass


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="design", description=DESCRIPTION)

    async def create_index() -> None:
        await RawSQL.raw(
            "CREATE UNIQUE INDEX IF NOT EXISTS change_test_uniq ON change_test (change, test)"
        )

    async def drop_index() -> None:
        await RawSQL.raw("DROP INDEX IF EXISTS change_test_uniq")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
