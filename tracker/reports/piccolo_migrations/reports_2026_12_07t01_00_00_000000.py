from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.postgres import PostgresEngine

from tracker.audit.immutability import guard_unique_keys
from tracker.db import get_engine

ID = "2026-12-07T01:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Refuse REPLACE INTO colliding on (report, number) with a frozen version (SQLite)"

KEY = "report_version_no_replace_report_number"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="reports", description=DESCRIPTION)

    async def install() -> None:
        await guard_unique_keys(
            "report_version", [("report", "number")], "status = 'frozen'", "frozen"
        )

    async def remove() -> None:
        engine = get_engine()
        if not isinstance(engine, PostgresEngine):
            await engine.run_ddl(f"DROP TRIGGER IF EXISTS {KEY}")

    manager.add_raw(install)
    manager.add_raw_backwards(remove)
    return manager
