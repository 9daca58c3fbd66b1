from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

from tracker.audit.immutability import install_append_only, remove_append_only

ID = "2026-11-23T19:16:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Published Ni sa – vi gjorde versions: one number per dialogue, append-only"


class RawSQL(Table):
    pass


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="insights", description=DESCRIPTION)

    async def install() -> None:
        await RawSQL.raw(
            "CREATE UNIQUE INDEX IF NOT EXISTS feedback_page_version_number_uniq "
            "ON feedback_page_version (dialogue, number)"
        )
        await install_append_only("feedback_page_version")

    async def remove() -> None:
        await remove_append_only("feedback_page_version")
        await RawSQL.raw("DROP INDEX IF EXISTS feedback_page_version_number_uniq")

    manager.add_raw(install)
    manager.add_raw_backwards(remove)
    return manager
