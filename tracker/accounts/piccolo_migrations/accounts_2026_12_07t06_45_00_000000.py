from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.postgres import PostgresEngine
from piccolo.table import Table

from tracker.db import get_engine

ID = "2026-12-07T06:45:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "SAML response and assertion ids already used: a replayed response is refused"


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
            f"CREATE TABLE saml_seen_id (id {key}, digest VARCHAR(64) NOT NULL UNIQUE, "
            "expires_at TIMESTAMPTZ NOT NULL)"
        )
        await RawSQL.raw("CREATE INDEX saml_seen_id_expires_at ON saml_seen_id (expires_at)")

    async def drop() -> None:
        await RawSQL.raw("DROP TABLE saml_seen_id")

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
