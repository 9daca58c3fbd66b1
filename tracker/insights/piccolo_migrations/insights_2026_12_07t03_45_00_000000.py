from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-07T03:45:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Theme names unique regardless of case: merge the duplicates, then a unique index"

INDEX = "theme_name_sort_unique"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="insights", description=DESCRIPTION)

    async def merge_and_index() -> None:
        from tracker.accounts.permissions import system_actor
        from tracker.db import get_engine
        from tracker.insights.themes import merge_case_duplicates

        # Each merge is logged like one an administrator makes on the themes page.
        await merge_case_duplicates(system_actor("Uppgradering"))
        await get_engine().run_ddl(f"CREATE UNIQUE INDEX {INDEX} ON theme (name_sort)")

    async def drop_index() -> None:
        from tracker.db import get_engine

        await get_engine().run_ddl(f"DROP INDEX IF EXISTS {INDEX}")

    manager.add_raw(merge_and_index)
    manager.add_raw_backwards(drop_index)
    return manager
