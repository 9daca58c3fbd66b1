from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.postgres import PostgresEngine
from piccolo.querystring import QueryString
from piccolo.table import Table

from tracker.audit.chain import GENESIS, entries_from, entry_hash
from tracker.audit.immutability import install_append_only
from tracker.db import get_engine

ID = "2026-12-07T01:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "The change log as a hash chain: every entry's SHA-256 covers the previous one's"


class RawSQL(Table):
    pass


async def _hash_existing() -> None:
    """Chain the entries already there, in id order, with the append-only guard lifted for
    this one transaction only."""
    engine = get_engine()
    postgres = isinstance(engine, PostgresEngine)
    async with engine.transaction():
        if postgres:
            await RawSQL.raw("ALTER TABLE change_log DISABLE TRIGGER change_log_append_only")
        else:
            await RawSQL.raw("DROP TRIGGER IF EXISTS change_log_no_update")
        previous, after = GENESIS, 0
        while rows := await entries_from(after):
            for row in rows:
                digest = entry_hash(previous, row)
                await engine.run_querystring(
                    QueryString(
                        "UPDATE change_log SET prev_hash = {}, entry_hash = {} WHERE id = {}",
                        previous,
                        digest,
                        row["id"],
                    )
                )
                previous, after = digest, int(row["id"])
        if postgres:
            await RawSQL.raw("ALTER TABLE change_log ENABLE TRIGGER change_log_append_only")
    if not postgres:
        await install_append_only("change_log")


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="audit", description=DESCRIPTION)

    async def install() -> None:
        for column in ("prev_hash", "entry_hash"):
            await RawSQL.raw(
                f"ALTER TABLE change_log ADD COLUMN {column} VARCHAR(64) NOT NULL DEFAULT ''"
            )
        await _hash_existing()

    manager.add_raw(install)
    return manager
