from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-07T03:40:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "Fill each collaboration's status history and parties' events from the change log"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="collaborations", description=DESCRIPTION)

    async def fill() -> None:
        from tracker.collaborations import party_history, status_history

        await status_history.fill_from_change_log()
        await party_history.fill_from_change_log()

    async def empty() -> None:
        from tracker.collaborations.party_history import CollaborationPartyEvent
        from tracker.collaborations.tables import CollaborationStatusEvent

        await CollaborationStatusEvent.delete(force=True)
        await CollaborationPartyEvent.delete(force=True)

    manager.add_raw(fill)
    manager.add_raw_backwards(empty)
    return manager
