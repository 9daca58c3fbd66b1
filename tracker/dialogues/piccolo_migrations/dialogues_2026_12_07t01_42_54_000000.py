from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-07T01:42:54:000000"
VERSION = "1.38.0"
DESCRIPTION = "Fill each dialogue's state history from the change log"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="dialogues", description=DESCRIPTION)

    async def fill() -> None:
        from tracker.dialogues.history import fill_from_change_log

        await fill_from_change_log()

    async def empty() -> None:
        from tracker.dialogues.tables import DialogueStateEvent

        await DialogueStateEvent.delete(force=True)

    manager.add_raw(fill)
    manager.add_raw_backwards(empty)
    return manager
