"""The data version: a counter the database itself moves on every committed change, and
caches of derived pages keyed by it (issue 19).

Triggers on every table of the app keep the counter, so no write path can forget it: the
app's services, imports, the command line and a test's factories alike. On PostgreSQL a
deferred constraint trigger bumps it once per transaction, at commit, after the transaction
holds all its other locks (so two writers never wait for each other in opposite orders); on
SQLite, where one writer runs at a time, each changed row bumps it.

`cached(key, compute)` keeps, per process, the last value computed for a key with the data
version it was computed at. The version is read before the data, so a value is never older
than the version it is filed under: a change committed in between only makes the next read
miss. Several app nodes each keep their own cache, all keyed by the one counter.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

from piccolo.conf.apps import Finder
from piccolo.engine.postgres import PostgresEngine

from tracker.db import fetch_rows, get_engine
from tracker.keyed_locks import KeyedLocks

T = TypeVar("T")

TABLE = "data_version"
TRIGGER = "data_version_bump"
CACHE_SIZE = 256  # derived values kept per process; the least recently used go first

_POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE {TABLE} SET n = n + 1, tx = txid_current()
    WHERE id = 1 AND tx IS DISTINCT FROM txid_current();
    RETURN NULL;
END
$$
"""


def app_tables() -> list[str]:
    return sorted(table._meta.tablename for table in Finder().get_table_classes())


async def install() -> None:
    """Create the counter and a trigger on every table that lacks one (idempotent; run by
    `tracker migrate` after the migrations, so a table added later is covered too)."""
    engine = get_engine()
    tables = app_tables()
    if isinstance(engine, PostgresEngine):
        await engine.run_ddl(
            f"CREATE TABLE IF NOT EXISTS {TABLE} (id integer PRIMARY KEY, n bigint NOT NULL, "
            "tx bigint)"
        )
        await engine.run_ddl(f"INSERT INTO {TABLE} (id, n) VALUES (1, 0) ON CONFLICT DO NOTHING")
        await engine.run_ddl(_POSTGRES_FUNCTION)
        present = {
            row["table_name"]
            for row in await fetch_rows(
                "SELECT c.relname AS table_name FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = {}",
                TRIGGER,
            )
        }
        for table in tables:
            if table not in present:
                await engine.run_ddl(
                    f'CREATE CONSTRAINT TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
                    f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {TRIGGER}()"
                )
        return
    await engine.run_ddl(
        f"CREATE TABLE IF NOT EXISTS {TABLE} (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)"
    )
    await engine.run_ddl(f"INSERT OR IGNORE INTO {TABLE} (id, n) VALUES (1, 0)")
    for table in tables:
        for operation in ("INSERT", "UPDATE", "DELETE"):
            await engine.run_ddl(
                f"CREATE TRIGGER IF NOT EXISTS {TRIGGER}_{table}_{operation.lower()} "
                f'AFTER {operation} ON "{table}" '
                f"BEGIN UPDATE {TABLE} SET n = n + 1 WHERE id = 1; END"
            )


async def current() -> int | None:
    """The data version now; None where the counter is missing (a database not migrated by
    `tracker migrate`): then nothing is cached."""
    try:
        rows = await fetch_rows(f"SELECT n FROM {TABLE} WHERE id = 1")
    except Exception:
        return None
    return int(rows[0]["n"]) if rows else None


_cache: OrderedDict[Hashable, tuple[int, Any]] = OrderedDict()
_computing = KeyedLocks()


async def cached(key: Hashable, compute: Callable[[], Awaitable[T]]) -> T:
    """The value of `compute()` for `key`, computed again only when the data has changed.

    Requests that miss the same key at once wait for the one computing it rather than each
    computing it too (16 connections opening a report draft together computed its figures 16
    times over, and answered after seconds)."""
    if get_engine().current_transaction.get() is not None:
        return await compute()  # inside a transaction: it must see its own writes
    version = await current()
    if version is None:
        return await compute()
    hit = _cache.get(key)
    if hit is not None and hit[0] == version:
        _cache.move_to_end(key)
        value: T = hit[1]
        return value
    async with _computing.hold(key):
        hit = _cache.get(key)
        if hit is not None and hit[0] >= version:  # computed while this request waited
            _cache.move_to_end(key)
            waited: T = hit[1]
            return waited
        value = await compute()
        _cache[key] = (version, value)
        _cache.move_to_end(key)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
        return value
