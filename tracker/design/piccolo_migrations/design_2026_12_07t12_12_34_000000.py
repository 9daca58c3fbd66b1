from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

from tracker.audit.immutability import install_append_only, remove_append_only

ID = "2026-12-07T12:12:34:000000"
VERSION = "1.38.0"
DESCRIPTION = "Published design history versions: one number per project, append-only"


class RawSQL(Table):
    pass


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="design", description=DESCRIPTION)

    async def install() -> None:
        await RawSQL.raw(
            "CREATE UNIQUE INDEX IF NOT EXISTS history_publication_version_number_uniq "
            "ON history_publication_version (project, number)"
        )
        await install_append_only("history_publication_version")

    async def remove() -> None:
        await remove_append_only("history_publication_version")
        await RawSQL.raw("DROP INDEX IF EXISTS history_publication_version_number_uniq")

    manager.add_raw(install)
    manager.add_raw_backwards(remove)
    return manager
