from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.postgres import PostgresEngine
from piccolo.table import Table

from tracker.db import get_engine

ID = "2026-12-07T06:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Accounts tied to an identity provider's subject (OpenID Connect, SAML)"


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
            f"CREATE TABLE provider_link (id {key}, "
            "account INTEGER NOT NULL REFERENCES account (id) ON DELETE RESTRICT, "
            "protocol VARCHAR(10) NOT NULL, issuer VARCHAR(500) NOT NULL, "
            "subject VARCHAR(255) NOT NULL, created_at TIMESTAMPTZ NOT NULL, "
            "last_sign_in_at TIMESTAMPTZ NOT NULL)"
        )
        await RawSQL.raw("CREATE INDEX provider_link_account ON provider_link (account)")
        await RawSQL.raw(
            "CREATE UNIQUE INDEX provider_link_subject ON provider_link (protocol, issuer, subject)"
        )

    async def drop() -> None:
        await RawSQL.raw("DROP TABLE provider_link")

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
