from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-07T00:50:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "One-time keys: each key once per account"


class RawSQL(Table):
    pass


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="accounts", description=DESCRIPTION)

    async def create_index() -> None:
        await RawSQL.raw("CREATE UNIQUE INDEX once_key_uniq ON once_key (account, key)")

    async def drop_index() -> None:
        await RawSQL.raw("DROP INDEX once_key_uniq")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
