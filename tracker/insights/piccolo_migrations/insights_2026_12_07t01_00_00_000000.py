from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.postgres import PostgresEngine

from tracker.audit.immutability import guard_unique_keys
from tracker.db import get_engine

ID = "2026-12-07T01:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = (
    "Refuse REPLACE INTO colliding on (dialogue, number) with a published version (SQLite)"
)

KEY = "feedback_page_version_no_replace_dialogue_number"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="insights", description=DESCRIPTION)

    async def install() -> None:
        await guard_unique_keys("feedback_page_version", [("dialogue", "number")])

    async def remove() -> None:
        engine = get_engine()
        if not isinstance(engine, PostgresEngine):
            await engine.run_ddl(f"DROP TRIGGER IF EXISTS {KEY}")

    manager.add_raw(install)
    manager.add_raw_backwards(remove)
    return manager
