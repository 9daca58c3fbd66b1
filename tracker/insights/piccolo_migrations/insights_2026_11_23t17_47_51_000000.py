from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-23T17:47:51:000000"
VERSION = "1.38.0"
DESCRIPTION = "One link per pair in the insight chain's link tables"

LINKS = {
    "insight_evidence": ("insight", "evidence"),
    "insight_theme": ("insight", "theme"),
    "insight_use": ("insight", "project"),
    "change_insight": ("change", "insight"),
    "feedback_change": ("feedback", "change"),
}


class RawSQL(Table):
    pass


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="insights", description=DESCRIPTION)

    async def create_indexes() -> None:
        for table, (first, second) in LINKS.items():
            await RawSQL.raw(
                f"CREATE UNIQUE INDEX IF NOT EXISTS {table}_uniq ON {table} ({first}, {second})"
            )

    async def drop_indexes() -> None:
        for table in LINKS:
            await RawSQL.raw(f"DROP INDEX IF EXISTS {table}_uniq")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
