from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

from tracker.reports.immutability import install_frozen_guard, remove_frozen_guard

ID = "2026-11-23T19:16:38:000000"
VERSION = "1.38.0"
DESCRIPTION = "One row per report version number; the database refuses edits of frozen versions"


class RawSQL(Table):
    pass


async def forwards() -> MigrationManager:
    # Raw steps run before schema steps in one migration, so these have a file of their own.
    manager = MigrationManager(migration_id=ID, app_name="reports", description=DESCRIPTION)

    async def install() -> None:
        await RawSQL.raw(
            "CREATE UNIQUE INDEX IF NOT EXISTS report_version_number_uniq "
            "ON report_version (report, number)"
        )
        await install_frozen_guard()

    async def remove() -> None:
        await remove_frozen_guard()
        await RawSQL.raw("DROP INDEX IF EXISTS report_version_number_uniq")

    manager.add_raw(install)
    manager.add_raw_backwards(remove)
    return manager
