from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from tracker.audit.immutability import install_append_only

ID = "2026-11-24T09:00:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "Refuse REPLACE INTO on the change log (SQLite)"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="audit", description=DESCRIPTION)

    async def reinstall() -> None:
        # Installing again adds the triggers a database does not have yet.
        await install_append_only("change_log")

    manager.add_raw(reinstall)
    return manager
