from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-23T16:33:52:000000"
VERSION = "1.38.0"
DESCRIPTION = "Membership indexes: one membership per person and record"


class RawSQL(Table):
    pass


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="accounts", description=DESCRIPTION)

    async def create_indexes() -> None:
        await RawSQL.raw(
            "CREATE UNIQUE INDEX membership_uniq ON membership (account, record_type, record_id)"
        )
        await RawSQL.raw(
            "CREATE INDEX membership_record_idx ON membership (record_type, record_id)"
        )

    async def drop_indexes() -> None:
        await RawSQL.raw("DROP INDEX membership_uniq")
        await RawSQL.raw("DROP INDEX membership_record_idx")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
