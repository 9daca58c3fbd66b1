from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-07T03:40:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "Fill each project's status history from the change log"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="projects", description=DESCRIPTION)

    async def fill() -> None:
        from tracker.projects.status_history import fill_from_change_log

        await fill_from_change_log()

    async def empty() -> None:
        from tracker.projects.tables import ProjectStatusEvent

        await ProjectStatusEvent.delete(force=True)

    manager.add_raw(fill)
    manager.add_raw_backwards(empty)
    return manager
