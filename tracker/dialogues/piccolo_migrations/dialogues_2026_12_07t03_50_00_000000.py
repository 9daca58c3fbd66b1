from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-07T03:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Förvaltning and nämnd as the managed lists spell them (lists/organisation.toml)"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="dialogues", description=DESCRIPTION)

    async def map_values() -> None:
        from tracker.accounts.permissions import system_actor
        from tracker.projects.list_values import map_to_lists

        await map_to_lists("dialogue", "dialogue", system_actor("Uppgradering"))

    manager.add_raw(map_values)
    return manager
