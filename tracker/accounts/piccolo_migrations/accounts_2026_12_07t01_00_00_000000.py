from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.postgres import PostgresEngine
from piccolo.table import Table

from tracker.db import get_engine

ID = "2026-12-07T01:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Spent one-time tokens: an import preview is confirmed once"


class RawSQL(Table):
    pass


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="accounts", description=DESCRIPTION)

    async def create() -> None:
        key = (
            "SERIAL PRIMARY KEY"
            if isinstance(get_engine(), PostgresEngine)
            else "INTEGER PRIMARY KEY AUTOINCREMENT"
        )
        await RawSQL.raw(
            f"CREATE TABLE spent_token (id {key}, digest VARCHAR(64) NOT NULL UNIQUE, "
            "account INTEGER NOT NULL, spent_at TIMESTAMPTZ NOT NULL)"
        )

    async def drop() -> None:
        await RawSQL.raw("DROP TABLE spent_token")

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
